/**
 * Render a transcript body through the real Markdown processor (the one the build uses) and give
 * tests a DOM-like view of the turns.
 */
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { select, selectAll } from 'hast-util-select';
import { toText } from 'hast-util-to-text';
import type { BriefingFrontmatter } from '../../src/model/frontmatter.ts';
import { renderTranscript } from '../../src/markdown/processor.ts';

export interface RenderedTurn {
  id: string;
  role: string;
  speaker: string;
  replyTo: string | null;
  header: string;
  paragraphs: string[];
}

export function turnsOf(tree: Root | Element): RenderedTurn[] {
  return selectAll('article.turn', tree).map((el) => ({
    id: String(el.properties['id']),
    role: String(el.properties['dataRole']),
    speaker: String(el.properties['dataSpeaker']),
    replyTo: el.properties['dataReplyTo'] ? String(el.properties['dataReplyTo']) : null,
    header: toText(select('header', el)!),
    paragraphs: selectAll(':scope > p', el).map((p) => toText(p)),
  }));
}

export async function render(body: string, frontmatter: Partial<BriefingFrontmatter> = { title: 't', date: '2025-01-01' }) {
  const { html, result } = await renderTranscript(body, frontmatter);
  const tree = fromHtml(html, { fragment: true });
  return { html, tree, turns: turnsOf(tree), toc: result.toc, problems: result.problems, body: result.body };
}
