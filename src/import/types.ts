/**
 * What the importer reads out of a published page, before it is written as Markdown: one
 * `ImportedBriefing` per press conference. Turns keep the label exactly as written and their
 * paragraphs' text as published (trimmed); nothing is normalised.
 */
import type { Role, SectionKind } from '../model/model.ts';
import type { BriefingFrontmatter } from '../model/frontmatter.ts';
import type { Line } from './lines.ts';

export interface ImportedTurn {
  /** 1-based line of the turn's label (or first paragraph) in the input. */
  line: number;
  role: Role;
  /** The label exactly as written (`記者 :`, `Ｑ：（共同通信）`, `【NHK　五十嵐記者】`), or null for unlabelled text. */
  label: string | null;
  /**
   * What stood between the label and the first paragraph in the source: `"\n"` when the label was
   * alone on its line, else the exact white space after it on the same line (often `""`).
   */
  labelSep: string;
  speaker?: string;
  name?: string;
  outlet?: string;
  position?: string;
  /** The statement: its paragraphs, label removed, text as published. */
  paragraphs: string[];
  /** The input lines the turn was read from, its label's line included (for the accounting). */
  sources: Line[];
}

export interface ImportedTopic {
  heading: string | null;
  line: number;
  /** The input line of the heading; absent when there is none. */
  source?: Line;
  turns: ImportedTurn[];
}

export interface ImportedSection {
  heading: string | null;
  kind: SectionKind;
  line: number;
  /** The input line of the heading; absent when the importer opened the section itself (`質疑応答`, `発表事項`). */
  source?: Line;
  topics: ImportedTopic[];
}

export interface ImportedBriefing {
  /** Whose page it is, as recognised from its features (`news`, `mod`, `mofa`), or `generic`. */
  layout: string;
  /** 1-based line where this conference starts in the input (for messages). */
  line: number;
  frontmatter: BriefingFrontmatter;
  lead: string[];
  sections: ImportedSection[];
  /** ASCII file-name stem without the date, e.g. `daijin-rinji`. */
  slug: string;
  /** What the reader inferred rather than read, for the author to check (printed as `file:line: note: …`). */
  notes?: { line: number; text: string }[];
}
