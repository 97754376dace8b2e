/**
 * src/model/ — the model and its vocabularies, under every stage. Takes only era dates and the search
 * normaliser (src/japanese/); gives the types of a briefing (this module), the one table of each
 * vocabulary (roles, positions, kinds and section kinds: vocabulary.ts; speaker labels: labels.ts;
 * names: names.ts), who speaks each turn by the speaker rules (identity.ts), the frontmatter schema,
 * content problems, safe URL schemes and the site's routes. No Node imports: the browser uses it too.
 *
 * The transcript model: what a briefing is once its Markdown has been read.
 *
 * Everything downstream — the page, the search index, the importer's round-trip
 * tests, the benchmark's truth sets — works on these types, so they name the
 * domain (briefing, section, topic, turn, statement) and nothing about HTML.
 */

import type { Identity } from './identity.ts';
import type { Role, SectionKind, StatementRole } from './vocabulary.ts';

export type { Role, SectionKind, StatementRole } from './vocabulary.ts';

/** One speaker's uninterrupted contribution: a label and the paragraphs after it. */
export interface Turn {
  /** Stable fragment id (`t1`, `t2`, … in document order). */
  id: string;
  role: Role;
  /** The speaker as shown: the label as written, with name/outlet when the label gives one. */
  speaker: string;
  /** The label text exactly as it appeared, or null for an implicit (unlabelled) turn. */
  label: string | null;
  /** News outlet, when the label names one (`Ｑ：（朝日新聞）`, `【NHK 五十嵐記者】`). */
  outlet?: string;
  /** Personal name, when the label names one (`【上川大臣】` → 上川, `【NHK 五十嵐記者】` → 五十嵐). */
  name?: string;
  /** Position, when the label names one (`大臣`, `海上幕僚長`, `統幕長`). */
  position?: string;
  /**
   * Who speaks, as a person and a position in full, by the speaker rules (src/model/identity.ts);
   * absent when nobody is known (reporters, moderators, a label the rules cannot attribute).
   */
  identity?: Identity;
  /** The statement: its paragraphs' plain text, in order, label removed. */
  paragraphs: string[];
  /** For an official's turn that answers a reporter: the id of that question turn. */
  replyTo?: string;
  /** 1-based line of the turn's first paragraph in the source file. */
  line: number;
}

export interface Topic {
  /** Fragment id of the topic (`topic-1`, …), or null for turns before any `###` heading. */
  id: string | null;
  heading: string | null;
  turns: Turn[];
}

export interface Section {
  /** Fragment id (`section-1`, …), or null for content before the first `##` heading. */
  id: string | null;
  heading: string | null;
  kind: SectionKind;
  topics: Topic[];
}

/** Lead paragraphs (before the first heading) are kept apart from turns. */
export interface TranscriptBody {
  lead: string[];
  sections: Section[];
}

/**
 * What a statement's speaker label says, as data: the label as written and the words it carries
 * beyond its role (`Ｑ：（朝日新聞）` → outlet 朝日新聞; `【上川外務大臣】` → name 上川, position
 * 外務大臣). Nothing here is resolved against the frontmatter: who the speaker is, as a person, is the
 * speaker rules' (src/model/identity.ts): `person` and `position`, fields of their own beside this one.
 */
export interface SpeakerLabel {
  /** The label exactly as it appeared (`Ｑ：（朝日新聞）`, `記者 :`). */
  text: string;
  outlet?: string;
  name?: string;
  position?: string;
}

/**
 * The unit of search: one turn, flattened with everything a result needs to show.
 * `text` is the paragraphs joined with "\n".
 */
export interface Statement {
  /** Briefing slug (content path without extension, e.g. `2025/2025-09-08-nakatani-seoul`). */
  briefing: string;
  /** Turn id, the URL fragment. */
  turn: string;
  /** 0-based position of the turn in its briefing. */
  order: number;
  title: string;
  /** ISO date, YYYY-MM-DD. */
  date: string;
  kind?: string;
  /** `lead` marks the briefing's lead paragraphs (turn id `lead`), searchable but nobody's statement. */
  role: StatementRole;
  /** The speaker as on the page (`data-speaker`): the label's words, or the principal's name. */
  speaker: string;
  /** The label, as data; null for the lead and for the principal's unlabelled statements. */
  label: SpeakerLabel | null;
  /** Who speaks, by the speaker rules: the person's name (中谷 元), or null when nobody is known (reporters, the lead…). */
  person: string | null;
  /** Their position in full (防衛大臣, 統合幕僚長), or null. */
  position: string | null;
  topic: string | null;
  section: string | null;
  text: string;
}

/** The table of contents of a briefing page: its sections and topics, with their turns and questions. */
export interface TranscriptToc {
  turns: number;
  questions: number;
  sections: Array<{
    id: string | null;
    heading: string | null;
    kind: SectionKind;
    topics: Array<{ id: string | null; heading: string | null; turns: number; questions: number }>;
  }>;
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
