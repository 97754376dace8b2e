/**
 * Render a transcript body through the real transcript processor (the one the build uses) and give
 * tests a DOM-like view of the turns.
 */
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { select, selectAll } from 'hast-util-select';
import { toText } from 'hast-util-to-text';
import type { BriefingFrontmatter } from '../../src/model/frontmatter.ts';
import { principalSpeaker } from '../../src/model/frontmatter.ts';
import { tocOf } from '../../src/model/model.ts';
import { createTranscriptProcessor, runTranscript } from '../../src/markdown/processor.ts';
import { transcriptHtml } from '../../src/render/speaker-links.ts';

export interface RenderedTurn {
  id: string;
  role: string;
  speaker: string;
  /** Who the speaker rules say speaks (`data-person`, `data-position`), or null. */
  person: string | null;
  position: string | null;
  replyTo: string | null;
  header: string;
  paragraphs: string[];
}

export function turnsOf(tree: Root | Element): RenderedTurn[] {
  return selectAll('article.turn', tree).map((el) => ({
    id: String(el.properties['id']),
    role: String(el.properties['dataRole']),
    speaker: String(el.properties['dataSpeaker']),
    person: el.properties['dataPerson'] ? String(el.properties['dataPerson']) : null,
    position: el.properties['dataPosition'] ? String(el.properties['dataPosition']) : null,
    replyTo: el.properties['dataReplyTo'] ? String(el.properties['dataReplyTo']) : null,
    header: toText(select('header', el)!),
    paragraphs: selectAll(':scope > p', el).map((p) => toText(p)),
  }));
}

const processor = createTranscriptProcessor();

/** Run a transcript body through the archive's processor (as src/archive/parse.ts does, without the frontmatter checks). */
export async function render(body: string, frontmatter: Partial<BriefingFrontmatter> = { title: 't', date: '2025-01-01' }) {
  const run = await runTranscript(processor, body, principalSpeaker(frontmatter), frontmatter.speakers ?? []);
  const html = transcriptHtml(run.tree);
  const tree = fromHtml(html, { fragment: true });
  return { html, tree, turns: turnsOf(tree), toc: tocOf(run.body), problems: run.problems, body: run.body };
}
