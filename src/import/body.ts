/**
 * The body of a transcript — sections, topics and turns — read line by line. Labels are recognised
 * only through `matchLabel` (src/model/labels.ts), the one label table, plus the bare style
 * (speaker-labels.ts) on pages that use it.
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
 * - Navigation and other page chrome between turns (`目次へ戻る`) is dropped, never read as text.
 */
import { unknownLabelHint } from '../model/labels.ts';
import type { SectionKind } from '../model/model.ts';
import { chromeReason } from './chrome.ts';
import { ImportError } from './errors.ts';
import { sectionHeadingOf, topicShaped } from './headings.ts';
import type { Ledger } from './ledger.ts';
import { nextNonBlank, type Line } from './lines.ts';
import { knownLabelOf, labelOf, type KnownLabel } from './speaker-labels.ts';
import type { ImportedSection, ImportedTopic, ImportedTurn } from './types.ts';

export interface BodyOptions {
  /** Whether unlabelled short lines before a label can be topic headings. */
  topics: boolean;
  /** Whether U+3000-indented lines continue the current paragraph of a labelled turn. */
  joinIndented: boolean;
  /** Whether the page is hard-wrapped (mail, PDF text): a line that does not end a sentence continues onto the next. */
  joinWrapped?: boolean;
  /** Whether the page writes labels bare (`記者` alone on its line). */
  bareLabels: boolean;
  /**
   * The heading of the announcement section opened for unlabelled text that comes before any
   * section heading (`発表事項`, `冒頭発言`): without one the site would read that text as the lead.
   */
  announcementHeading: string;
  ledger: Ledger;
}

/** The heading of a Q&A section the importer opens itself when the page has none. */
export const QA_HEADING = '質疑応答';

function turnFromLabel(m: KnownLabel, line: Line): ImportedTurn {
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
    sources: [line],
  };
}

export function parseBody(lines: readonly Line[], opts: BodyOptions): ImportedSection[] {
  const reader = new BodyReader(lines, opts);
  for (let i = 0; i < lines.length; i++) if (lines[i]!.text !== '') reader.read(i);
  return reader.sections;
}

/** parseBody's state as it goes down the lines: the section, topic and turn that the next line may join. */
class BodyReader {
  readonly sections: ImportedSection[] = [];
  private section: ImportedSection | null = null;
  private topic: ImportedTopic | null = null;
  private turn: ImportedTurn | null = null;
  /** The current turn's label stood alone on its line: the next line is its first paragraph. */
  private pendingFirst = false;

  private readonly lines: readonly Line[];
  private readonly opts: BodyOptions;

  constructor(lines: readonly Line[], opts: BodyOptions) {
    this.lines = lines;
    this.opts = opts;
  }

  /** Line i (not blank): dropped, a heading, a label, a topic, or text of the current turn — in that order. */
  read(i: number): void {
    const line = this.lines[i]!;
    if (this.dropped(line, i)) return;
    const heading = sectionHeadingOf(line);
    if (heading) {
      this.openSection(heading.heading, heading.kind, line.no, line);
      return;
    }
    const match = labelOf(line, this.opts.bareLabels);
    // A bare word is a label only when its statement follows on the next line.
    const next = nextNonBlank(this.lines, i);
    const label = match?.kind === 'label' && (!match.bare || (next >= 0 && !this.labelAt(next))) ? match : null;
    if (label) {
      if (label.label.role === 'reporter' && this.section?.kind !== 'qa') this.openSection(QA_HEADING, 'qa', line.no);
      this.addTurn(turnFromLabel(label, line), label.rest === '');
      return;
    }
    if (this.turn && this.pendingFirst) {
      this.turn.paragraphs.push(line.text);
      this.turn.sources.push(line);
      this.pendingFirst = false;
      return;
    }
    if (this.topicAt(line, i)) return;
    if (match && match.kind === 'unknown') throw new ImportError(line.no, unknownLabelHint(match));
    this.text(line);
  }

  /** Page chrome, and a section's number on a line of its own (a PDF's text) right above the heading it numbers. */
  private dropped(line: Line, i: number): boolean {
    const chrome = chromeReason(line, false);
    if (chrome) {
      this.opts.ledger.drop(line, chrome);
      return true;
    }
    const next = nextNonBlank(this.lines, i);
    if (/^[(（]?[0-9０-９]{1,2}[.．)）]?$/u.test(line.text) && next >= 0 && sectionHeadingOf(this.lines[next]!)) {
      this.opts.ledger.drop(line, 'section number');
      return true;
    }
    return false;
  }

  /** Line i as a topic heading: before a label (a question's subject), or a subject among announcements. */
  private topicAt(line: Line, i: number): boolean {
    if (!this.opts.topics) return false;
    if (topicShaped(line)) {
      const next = this.labelAt(afterTopicList(this.lines, i));
      // In Q&A a topic introduces a question; among announcements (冒頭発言の（1）…) any turn.
      if (next && (next.label.role !== 'official' || this.section?.kind !== 'qa')) {
        if (next.label.role === 'reporter' && this.section?.kind !== 'qa') this.openSection(QA_HEADING, 'qa', line.no);
        this.openTopic(line.text, line.no, line);
        return true;
      }
    }
    // Among the announcements under the page's own heading (`大臣からの発表事項`), a short line before
    // the official's unlabelled sentences is the subject they are about: `防衛力変革推進本部の開催について`.
    if (!this.opts.joinWrapped && announcementTopic(this.lines, i, this.section, this.turn, (j) => this.labelAt(j))) {
      this.openTopic(line.text, line.no, line);
      return true;
    }
    return false;
  }

  /** A line of text: it continues the current paragraph (indented, or hard-wrapped), starts a new one, or starts the principal's turn. */
  private text(line: Line): void {
    const turn = this.turn;
    const last = turn?.paragraphs.at(-1);
    if (turn && last !== undefined && turn.label !== null && this.opts.joinIndented && line.indented) {
      turn.paragraphs[turn.paragraphs.length - 1] = last + line.text;
    } else if (turn && last !== undefined && this.opts.joinWrapped && continues(last, line.text)) {
      // Latin words broken at the wrap keep their space; Japanese text has none to keep.
      const space = /[A-Za-z0-9,]$/u.test(last) && /^[A-Za-z0-9]/u.test(line.text) ? ' ' : '';
      turn.paragraphs[turn.paragraphs.length - 1] = `${last}${space}${line.text}`;
    } else if (turn) {
      turn.paragraphs.push(line.text);
    } else {
      if (!this.section || this.section.heading === null) this.openSection(this.opts.announcementHeading, 'announcement', line.no);
      this.addTurn({ line: line.no, role: 'official', label: null, labelSep: '', paragraphs: [line.text], sources: [line] }, false);
      return;
    }
    turn.sources.push(line);
  }

  private labelAt(j: number): KnownLabel | null {
    return j < 0 || sectionHeadingOf(this.lines[j]!) ? null : knownLabelOf(this.lines[j]!, this.opts.bareLabels);
  }

  private openSection(heading: string | null, kind: SectionKind, line: number, source?: Line): ImportedSection {
    const section: ImportedSection = { heading, kind, line, ...(source ? { source } : {}), topics: [] };
    this.sections.push(section);
    this.section = section;
    this.topic = null;
    this.turn = null;
    this.pendingFirst = false;
    return section;
  }

  private openTopic(heading: string | null, line: number, source?: Line): ImportedTopic {
    const section = this.section ?? this.openSection(null, 'other', line);
    const topic: ImportedTopic = { heading, line, ...(source ? { source } : {}), turns: [] };
    section.topics.push(topic);
    this.topic = topic;
    this.turn = null;
    this.pendingFirst = false;
    return topic;
  }

  private addTurn(turn: ImportedTurn, pendingFirst: boolean): void {
    (this.topic ?? this.openTopic(null, turn.line)).turns.push(turn);
    this.turn = turn;
    this.pendingFirst = pendingFirst;
  }
}

/** A topic written as an item of a list: `・ スマトラ島沖地震`, `○日米関係`, `(1)島しょ国訪問`. */
export const LISTED_TOPIC = /^(?:[・○◯●■□◆◇]|[(（][0-9０-９]{1,2}[)）])/u;

/**
 * The line after a topic line and the listed topics that follow it (`・ スマトラ島沖地震` ⏎ `・ 日墨経済連携協定…`
 * ⏎ `(報道官)冒頭、…`: one statement about both): where a label would have to be for line i to be a topic.
 */
export function afterTopicList(lines: readonly Line[], i: number): number {
  let j = nextNonBlank(lines, i);
  if (!LISTED_TOPIC.test(lines[i]!.norm)) return j;
  for (let hops = 0; hops < 4 && j >= 0 && LISTED_TOPIC.test(lines[j]!.norm) && topicShaped(lines[j]!) && !sectionHeadingOf(lines[j]!); hops++) j = nextNonBlank(lines, j);
  return j;
}

/**
 * A subject line among unlabelled announcements: short, no sentence, under a section heading of the
 * page's own, where the official's text starts or a sentence has just ended, and followed by a
 * sentence that is neither a label nor a heading.
 */
function announcementTopic(
  lines: readonly Line[],
  i: number,
  section: ImportedSection | null,
  turn: ImportedTurn | null,
  labelAt: (j: number) => KnownLabel | null,
): boolean {
  const line = lines[i]!;
  if (!section || section.kind !== 'announcement' || !section.source || (turn && turn.label !== null)) return false;
  if (!topicShaped(line) || line.norm.length > 40 || (turn && !endsSentence(turn.paragraphs.at(-1) ?? '。'))) return false;
  const next = nextNonBlank(lines, i);
  return next >= 0 && lines[next]!.text.includes('。') && !labelAt(next) && !sectionHeadingOf(lines[next]!) && !chromeReason(lines[next]!, false);
}

const NOTHING = /^(?:なし|特になし|ありません)。?$/u;

/** Sentence ends, closing brackets, and the ellipsis and dash that end a spoken sentence. */
const SENTENCE_END = /[。．.！!？?」』）)\]】…―─〕]$/u;

export function endsSentence(text: string): boolean {
  return SENTENCE_END.test(text.trim());
}

/** In hard-wrapped text, whether `next` goes on with `before`: no sentence end, or a quotation the next line cites (`…やれ。」` ⏎ `ということと`). */
function continues(before: string, next: string): boolean {
  return !endsSentence(before) || (/」$/u.test(before.trim()) && /^(?:と|って)/u.test(next));
}

/**
 * Whether a page is hard-wrapped (a mail magazine's copy, a PDF's text): at least three lines of
 * some length that end in the middle of a sentence and go on in the next line, which is neither a
 * label nor a heading.
 */
export function isHardWrapped(lines: readonly Line[], isOpener: (i: number) => boolean): boolean {
  let wrapped = 0;
  for (let i = 0; i < lines.length && wrapped < 3; i++) {
    const l = lines[i]!;
    const next = lines[i + 1];
    if (l.norm.length < 20 || endsSentence(l.norm) || !next || next.text === '' || isOpener(i + 1) || sectionHeadingOf(next)) continue;
    wrapped++;
  }
  return wrapped >= 3;
}

/**
 * Drop a section whose only content is `なし` (防衛省: `1 発表事項` / `なし`), and one with nothing
 * in it at all; their lines are accounted as dropped.
 */
export function dropEmptySections(sections: ImportedSection[], ledger: Ledger): ImportedSection[] {
  return sections.filter((s) => {
    const turns = s.topics.flatMap((t) => t.turns);
    const texts = turns.flatMap((t) => t.paragraphs);
    // `なし。` perhaps with a stray mark the page left under it (`<`): nothing was announced.
    const words = texts.filter((p) => /[\p{L}\p{N}]/u.test(p));
    const onlyNone = turns.every((t) => t.label === null) && words.length === 1 && NOTHING.test(words[0]!.normalize('NFKC'));
    const empty = turns.length === 0 && s.topics.every((t) => t.heading === null);
    if (!onlyNone && !empty) return true;
    const why = onlyNone ? 'section that says there is nothing (なし)' : 'section with nothing in it';
    if (s.source) ledger.drop(s.source, why);
    for (const t of turns) for (const l of t.sources) ledger.drop(l, why);
    return false;
  });
}

export function countTurns(sections: readonly ImportedSection[]): number {
  return sections.reduce((n, s) => n + s.topics.reduce((m, t) => m + t.turns.length, 0), 0);
}

export function labelledTurns(sections: readonly ImportedSection[]): ImportedTurn[] {
  return sections.flatMap((s) => s.topics.flatMap((t) => t.turns)).filter((t) => t.label !== null);
}

/** Put every line the body kept into the ledger: headings, and each turn's lines as statements. */
export function accountBody(sections: readonly ImportedSection[], ledger: Ledger): void {
  let n = 0;
  for (const s of sections) {
    if (s.source) ledger.put(s.source, 'heading', `section (${s.kind})`);
    for (const t of s.topics) {
      if (t.source) ledger.put(t.source, 'heading', 'topic');
      for (const turn of t.turns) {
        n++;
        for (const l of turn.sources) ledger.put(l, 'statement', `t${n} ${turn.role}${turn.label ? ` ${turn.label}` : ''}`);
      }
    }
  }
}
