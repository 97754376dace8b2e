/**
 * remark plugin, last in the list: hands what the transcript plugins found to whoever rendered the
 * file. Astro's Markdown renderer returns only HTML and `metadata.frontmatter`, so the result goes
 * where Astro documents remark plugins pass data to pages: `file.data.astro.frontmatter.transcript`.
 *
 * The result: the model (`TranscriptBody`), a table of contents, the relative images to publish, and
 * every problem the plugins reported as a vfile message of source `transcript`, located.
 */
import type { Root } from 'mdast';
import type { Plugin } from 'unified';
import type { VFile } from 'vfile';
import type { Section, TranscriptBody } from '../model/model.ts';
import type { Problem } from '../model/problems.ts';
import type { MediaReference } from './remark-safe-urls.ts';

/** The table of contents of a briefing page. */
export interface TranscriptToc {
  turns: number;
  questions: number;
  sections: Array<{
    id: string | null;
    heading: string | null;
    kind: Section['kind'];
    topics: Array<{ id: string | null; heading: string | null; turns: number; questions: number }>;
  }>;
}

export interface TranscriptResult {
  body: TranscriptBody;
  toc: TranscriptToc;
  media: MediaReference[];
  problems: Problem[];
}

export function tocOf(body: TranscriptBody): TranscriptToc {
  const toc: TranscriptToc = { turns: 0, questions: 0, sections: [] };
  for (const s of body.sections) {
    const topics = s.topics.map((t) => {
      const questions = t.turns.filter((x) => x.role === 'reporter').length;
      toc.turns += t.turns.length;
      toc.questions += questions;
      return { id: t.id, heading: t.heading, turns: t.turns.length, questions };
    });
    toc.sections.push({ id: s.id, heading: s.heading, kind: s.kind, topics });
  }
  return toc;
}

export const remarkTranscriptResult: Plugin<[], Root> = function () {
  return (_tree: Root, file: VFile) => {
    const body = file.data.transcript ?? { lead: [], sections: [] };
    const problems: Problem[] = file.messages
      .filter((m) => m.source === 'transcript')
      // A column says more than the line only past the first one.
      .map((m) => ({ line: m.line ?? 1, ...(m.column && m.column > 1 ? { column: m.column } : {}), rule: `transcript:${m.ruleId ?? 'problem'}`, reason: m.reason }));
    const result: TranscriptResult = { body, toc: tocOf(body), media: file.data.transcriptMedia ?? [], problems };
    const astro = (file.data['astro'] ??= {}) as { frontmatter?: Record<string, unknown> };
    (astro.frontmatter ??= {})['transcript'] = result;
  };
};
