/**
 * The body of a transcript — sections, topics and turns — read line by line. Layouts say which
 * lines are section headings and whether topic lines and indented continuation lines occur; turn
 * labels are recognised only by `matchLabel` (src/transcript/labels.ts), the one label table.
 *
 * - A label starts a turn; text after it on the same line is its first paragraph, and when the
 *   label stands alone the next line is.
 * - Every other non-blank line is a paragraph of the current turn (blank lines do not matter), or,
 *   with `joinIndented`, a line indented with U+3000 continues the current paragraph of a labelled turn.
 * - With `topics`, a short line without 。 that is followed by a reporter's label (or, among
 *   announcements, by any label) is a topic heading.
 * - Text before any label is an unlabelled turn (an announcement read by the principal official);
 *   outside any section it opens one (`announcementHeading`), as the site reads such text as the lead.
 * - A reporter's turn outside a Q&A section opens a `質疑応答` section.
 */
import { matchLabel, unknownLabelHint, type LabelMatch } from '../transcript/labels.ts';
import type { SectionKind } from '../transcript/model.ts';
import { ImportError } from './errors.ts';
import { nextNonBlank, type Line } from './lines.ts';
import type { ImportedSection, ImportedTopic, ImportedTurn } from './types.ts';

export interface SectionHeading {
  heading: string;
  kind: SectionKind;
}

export interface BodyOptions {
  /** A section heading (`大臣からの発表事項`, `2 質疑応答`, `冒頭発言`) or null. */
  sectionHeading(line: Line): SectionHeading | null;
  /** Whether unlabelled short lines before a label can be topic headings. */
  topics: boolean;
  /** Whether U+3000-indented lines continue the current paragraph of a labelled turn. */
  joinIndented: boolean;
  /**
   * The heading of the announcement section opened for unlabelled text that comes before any
   * section heading (`発表事項`, `冒頭発言`): without one the site would read that text as the lead.
   */
  announcementHeading: string;
}

/** The heading of a Q&A section the importer opens itself when the page has none. */
export const QA_HEADING = '質疑応答';

/** Could this line be a topic heading (before looking at what follows it)? */
export function topicShaped(line: Line): boolean {
  const t = line.norm;
  if (t.length === 0 || t.length > 80) return false;
  if (line.text.includes('。')) return false;
  return !/[、,，.．!?！？:：;；]$/u.test(t);
}

function labelOf(m: LabelMatch | null): Extract<LabelMatch, { kind: 'label' }> | null {
  return m && m.kind === 'label' ? m : null;
}

function turnFromLabel(m: Extract<LabelMatch, { kind: 'label' }>, line: Line): ImportedTurn {
  const { label, rest } = m;
  const restStart = line.text.length - rest.length;
  const labelSep = rest === '' ? '\n' : line.text.slice(label.raw.length, restStart);
  return {
    line: line.no,
    role: label.role,
    label: label.raw,
    labelSep,
    speaker: label.speaker,
    ...(label.name ? { name: label.name } : {}),
    ...(label.outlet ? { outlet: label.outlet } : {}),
    ...(label.position ? { position: label.position } : {}),
    paragraphs: rest === '' ? [] : [rest],
  };
}

export function parseBody(lines: readonly Line[], opts: BodyOptions): ImportedSection[] {
  const sections: ImportedSection[] = [];
  const st: {
    section: ImportedSection | null;
    topic: ImportedTopic | null;
    turn: ImportedTurn | null;
    /** The current turn's label stood alone on its line: the next line is its first paragraph. */
    pendingFirst: boolean;
  } = { section: null, topic: null, turn: null, pendingFirst: false };

  const openSection = (heading: string | null, kind: SectionKind, line: number): ImportedSection => {
    const section: ImportedSection = { heading, kind, line, topics: [] };
    sections.push(section);
    Object.assign(st, { section, topic: null, turn: null, pendingFirst: false });
    return section;
  };
  const openTopic = (heading: string | null, line: number): ImportedTopic => {
    const section = st.section ?? openSection(null, 'other', line);
    const topic: ImportedTopic = { heading, line, turns: [] };
    section.topics.push(topic);
    Object.assign(st, { topic, turn: null, pendingFirst: false });
    return topic;
  };
  const addTurn = (turn: ImportedTurn, pendingFirst: boolean): void => {
    (st.topic ?? openTopic(null, turn.line)).turns.push(turn);
    st.turn = turn;
    st.pendingFirst = pendingFirst;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.text === '') continue;

    const heading = opts.sectionHeading(line);
    if (heading) {
      openSection(heading.heading, heading.kind, line.no);
      continue;
    }

    const match = matchLabel(line.text);
    const label = labelOf(match);
    if (label) {
      if (label.label.role === 'reporter' && st.section?.kind !== 'qa') openSection(QA_HEADING, 'qa', line.no);
      addTurn(turnFromLabel(label, line), label.rest === '');
      continue;
    }

    const turn = st.turn;
    if (turn && st.pendingFirst) {
      turn.paragraphs.push(line.text);
      st.pendingFirst = false;
      continue;
    }

    if (opts.topics && topicShaped(line)) {
      const j = nextNonBlank(lines, i);
      const next = j < 0 || opts.sectionHeading(lines[j]!) ? null : labelOf(matchLabel(lines[j]!.text));
      if (next) {
        const role = next.label.role;
        // In Q&A a topic introduces a question; among announcements (冒頭発言の（1）…) any turn.
        if (role !== 'official' || st.section?.kind !== 'qa') {
          if (role === 'reporter' && st.section?.kind !== 'qa') openSection(QA_HEADING, 'qa', line.no);
          openTopic(line.text, line.no);
          continue;
        }
      }
    }

    if (match && match.kind === 'unknown') {
      throw new ImportError(line.no, unknownLabelHint(match));
    }

    if (turn && turn.label !== null && opts.joinIndented && line.indented && turn.paragraphs.length > 0) {
      turn.paragraphs[turn.paragraphs.length - 1] += line.text;
      continue;
    }
    if (turn) {
      turn.paragraphs.push(line.text);
      continue;
    }
    if (!st.section || st.section.heading === null) openSection(opts.announcementHeading, 'announcement', line.no);
    addTurn({ line: line.no, role: 'official', label: null, labelSep: '', paragraphs: [line.text] }, false);
  }
  return sections;
}

/** Drop a section whose only content is `なし` (MOD: `1 発表事項` / `なし`). */
export function dropEmptySections(sections: ImportedSection[]): ImportedSection[] {
  return sections.filter((s) => {
    const turns = s.topics.flatMap((t) => t.turns);
    const texts = turns.flatMap((t) => t.paragraphs);
    const onlyNone = turns.every((t) => t.label === null) && texts.length === 1 && /^(なし|特になし|ありません)。?$/u.test(texts[0]!.normalize('NFKC'));
    return !onlyNone && !(turns.length === 0 && s.topics.every((t) => t.heading === null));
  });
}

export function countTurns(sections: readonly ImportedSection[]): number {
  return sections.reduce((n, s) => n + s.topics.reduce((m, t) => m + t.turns.length, 0), 0);
}

export function labelledTurns(sections: readonly ImportedSection[]): ImportedTurn[] {
  return sections.flatMap((s) => s.topics.flatMap((t) => t.turns)).filter((t) => t.label !== null);
}
