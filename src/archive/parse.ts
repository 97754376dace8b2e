/**
 * One transcript file → one parsed briefing: bytes checked, frontmatter validated, body run once
 * through the transcript processor (src/markdown/processor.ts) into the model and the page's tree.
 * Everything downstream — the content check, the page, the search index, the exports — reads this
 * result; nothing parses a transcript a second time.
 *
 * A file with mistakes gives its problems instead, every one of them, each at its line.
 */
import type { Root as HastRoot } from 'hast';
import { principalSpeaker, type BriefingFrontmatter } from '../model/frontmatter.ts';
import { tocOf, type SpeakerLabel, type Statement, type TranscriptBody, type TranscriptToc, type Turn } from '../model/model.ts';
import { sortedProblems, type Problem } from '../model/problems.ts';
import { createTranscriptProcessor, runTranscript, type TranscriptMarkdownOptions } from '../markdown/processor.ts';
import type { MediaReference } from '../markdown/remark-safe-urls.ts';
import { readFrontmatter } from './frontmatter.ts';
import { characterProblems, decodeSource } from './source.ts';

/** What a transcript is once read: independent of where the file is, so it can be cached by content. */
export interface ParsedTranscript {
  frontmatter: BriefingFrontmatter;
  body: TranscriptBody;
  toc: TranscriptToc;
  /** Images next to the transcript that the page shows. */
  media: MediaReference[];
}

/** What a parse gives: the transcript, and its page's tree (sanitised: the README's HTML contract). */
export interface ParsedPage extends ParsedTranscript {
  tree: HastRoot;
}

export type ParseOutcome = { ok: true; transcript: ParsedPage } | { ok: false; problems: Problem[] };

/** One processor per set of options, per thread. */
const processors = new Map<string, ReturnType<typeof createTranscriptProcessor>>();
function processorFor(options: TranscriptMarkdownOptions) {
  const key = JSON.stringify(options);
  let p = processors.get(key);
  if (!p) processors.set(key, (p = createTranscriptProcessor(options)));
  return p;
}

export async function parseTranscriptBytes(bytes: Uint8Array, markdown: TranscriptMarkdownOptions = {}): Promise<ParseOutcome> {
  const decoded = decodeSource(bytes);
  if (decoded.text === null) return { ok: false, problems: decoded.problems };
  return parseTranscriptText(decoded.text, markdown);
}

export async function parseTranscriptText(text: string, markdown: TranscriptMarkdownOptions = {}): Promise<ParseOutcome> {
  // Markdown keeps a line's own ending in its text; one ending everywhere keeps `\r` out of statements.
  const source = text.replace(/\r\n?/gu, '\n');
  const characters = characterProblems(source);
  if (characters.length > 0) return { ok: false, problems: characters };
  const read = readFrontmatter(source);
  // The body is read even when the frontmatter is wrong, so that every mistake is reported at once.
  const run = await runTranscript(processorFor(markdown), read.body, principalSpeaker(read.frontmatter ?? {}), read.frontmatter?.speakers ?? []);
  const toc = tocOf(run.body);
  const problems = [...read.problems, ...run.problems];
  if (toc.turns === 0 && run.problems.length === 0) {
    const firstLine = read.body.split('\n').findIndex((l) => l.trim() !== '');
    problems.push({
      // The first line of the body, or the file's last line when it has no body.
      line: firstLine >= 0 ? firstLine + 1 : source.trimEnd().split('\n').length,
      rule: 'transcript:no-turns',
      reason:
        'the transcript has no turns: every statement goes under a `## ` section heading (e.g. `## 記者との質疑応答`), opened by a speaker label (`記者 :`, `大臣 :`, `Ｑ：`…) or spoken by the principal speaker of the frontmatter',
    });
  }
  if (problems.length > 0 || read.frontmatter === null) return { ok: false, problems: sortedProblems(problems) };
  return { ok: true, transcript: { frontmatter: read.frontmatter, body: run.body, toc, media: run.media, tree: run.tree } };
}

/** What a turn's label says, as data. */
function labelOf(turn: Turn): SpeakerLabel | null {
  if (turn.label === null) return null;
  return { text: turn.label, ...(turn.outlet ? { outlet: turn.outlet } : {}), ...(turn.name ? { name: turn.name } : {}), ...(turn.position ? { position: turn.position } : {}) };
}

/** The search units of a briefing: the lead (if any), then every turn, in document order. */
export function statementsOf(slug: string, t: Pick<ParsedTranscript, 'frontmatter' | 'body'>): Statement[] {
  const fm = t.frontmatter;
  const common = { briefing: slug, title: fm.title, date: fm.date, ...(fm.kind ? { kind: fm.kind } : {}) };
  const out: Statement[] = [];
  if (t.body.lead.length > 0) {
    out.push({ ...common, turn: 'lead', order: 0, role: 'lead', speaker: '', label: null, person: null, position: null, topic: null, section: null, text: t.body.lead.join('\n') });
  }
  for (const s of t.body.sections) {
    for (const topic of s.topics) {
      for (const turn of topic.turns) {
        out.push({
          ...common,
          turn: turn.id,
          order: out.length,
          role: turn.role,
          speaker: turn.speaker,
          label: labelOf(turn),
          person: turn.identity?.person ?? null,
          position: turn.identity?.position ?? null,
          topic: topic.heading,
          section: s.heading,
          text: turn.paragraphs.join('\n'),
        });
      }
    }
  }
  return out;
}
