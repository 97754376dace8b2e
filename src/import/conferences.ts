/**
 * Where each press conference on a page starts. A page may hold several (外務省 会見記録 of a month,
 * several 日時 blocks, several 会見概要). A conference is found by its anchor — the line that gives
 * its date as a header does:
 *
 * - a `日時` field, or the value on the line after a `日時` label (防衛省);
 * - a title line followed on the same line by its date, `防衛大臣記者会見概要 平成29年8月4日(10時37分〜10時40分)`,
 *   `外務大臣臨時会見記録（令和6年9月17日（火曜日）…　於：本省会見室）`;
 * - a line starting with a date right under a title line, `大臣会見概要` / `平成29年8月4日(金)`;
 * - a line starting with a date and a time or a place, `（令和6年9月13日（金曜日）10時55分　於：本省会見室）`.
 *
 * Anchors with no transcript between them (no label, no section heading) describe one conference:
 * the best of them is its anchor. A news write-up has none of these; its date is in the lead
 * sentence, found when the header is read.
 */
import { ERA_NAMES } from '../japanese/era.ts';
import { mayEndTranscript } from './chrome.ts';
import { findDate, hasDate, startsWithDate } from './dates.ts';
import { sectionHeadingOf } from './headings.ts';
import { prevNonBlank, type Line } from './lines.ts';

export interface Segment {
  /** First line of the conference (its title, or the page top for the first one). */
  start: number;
  /** One past its last line. */
  end: number;
  /** Index of the line that gives its date as a header does, if any. */
  anchor: number | null;
}

const TITLE_WORDS = /会見|談話/u;
const FIELD_DATE = /^日時(?:\s*:|\s|$)/u;
const DATE_LABEL = /^日時\s*:?$/u;

/** A title line without a date: `防衛大臣記者会見`, `大臣臨時会見概要`, `次官会見概要`. */
export function titleLike(l: Line): boolean {
  return l.text !== '' && TITLE_WORDS.test(l.norm) && !l.text.includes('。') && l.norm.length <= 100 && !hasDate(l.norm);
}

/** A conference named before its date on one line: `外務大臣会見記録（令和6年…`, `…会見 2025年…`. */
const DATED_CONFERENCE = new RegExp(String.raw`(?:会見|談話)[^。]*?(?:${ERA_NAMES}|\d{4}\s*年)`, 'u');

/**
 * A line naming the conference after its date, `令和6年12月5日 陸上幕僚長 定例記者会見`: what a news
 * site copies from a 幕僚監部's page under its own lead. Not a header with times or a place
 * (`（令和6年9月13日…10時55分　於：本省会見室）`), which starts with a date too.
 */
export function datedTitle(l: Line): boolean {
  if (l.text === '' || l.text.includes('。') || l.norm.length > 100 || !startsWithDate(l.norm)) return false;
  let end: number;
  try {
    end = findDate(l.norm, l.no)?.end ?? -1;
  } catch {
    return false;
  }
  const rest = l.norm.slice(end).trim();
  return /^[\p{Script=Han}\p{Script=Katakana}\p{Script=Hiragana}]/u.test(rest) && /会見(?!室|場|所)|談話/u.test(rest) && !/於/u.test(rest) && !hasDate(rest);
}

/** How surely line i is a conference's date header (0: not one). */
function anchorScore(lines: readonly Line[], i: number, contents: ReadonlySet<number>): number {
  const l = lines[i]!;
  if (l.text === '' || contents.has(i) || l.norm.length > 120 || /。$/u.test(l.norm) || !hasDate(l.norm) || sectionHeadingOf(l)) return 0;
  const place = /於\s*:/u.test(l.norm) ? 1 : 0;
  const p = prevNonBlank(lines, i);
  if (FIELD_DATE.test(l.norm) || (p >= 0 && DATE_LABEL.test(lines[p]!.norm))) return 4;
  const atStart = startsWithDate(l.norm);
  if (!atStart && DATED_CONFERENCE.test(l.norm)) return 3 + place;
  if (atStart && p >= 0 && titleLike(lines[p]!)) return 3 + place;
  if (atStart && (place || /\d\s*(?:時|:)\s*\d|\d\s*時/u.test(l.norm))) return 2 + 2 * place;
  return 0;
}

/** The line before i closes something (`目次へ戻る`, `(以上)`): a weak anchor may start a conference there. */
function followsChrome(lines: readonly Line[], i: number): boolean {
  const p = prevNonBlank(lines, i);
  return p < 0 || mayEndTranscript(lines[p]!);
}

/** Where the conference whose first anchor is line i starts: its 日時 label and title line above it. */
function startOf(lines: readonly Line[], i: number): number {
  let start = i;
  const p = prevNonBlank(lines, start);
  if (p >= 0 && DATE_LABEL.test(lines[p]!.norm)) start = p;
  const t = prevNonBlank(lines, start);
  if (t >= 0 && titleLike(lines[t]!)) start = t;
  return start;
}

export function findConferences(lines: readonly Line[], isOpener: (i: number) => boolean, contents: ReadonlySet<number>): Segment[] {
  const openersBefore: number[] = [0];
  lines.forEach((_, i) => openersBefore.push(openersBefore[i]! + (isOpener(i) ? 1 : 0)));
  const groups: { index: number; score: number }[][] = [];
  lines.forEach((_, i) => {
    const score = anchorScore(lines, i, contents);
    if (score === 0) return;
    const last = groups.at(-1);
    const prev = last?.at(-1);
    if (last && prev && openersBefore[i]! === openersBefore[prev.index + 1]!) last.push({ index: i, score });
    else if (last && score <= 2 && !followsChrome(lines, i)) return; // a statement that starts with a date and time
    else groups.push([{ index: i, score }]);
  });
  // Of equally sure anchors, the one nearest the transcript: a copy's own dated headline comes before the conference's header.
  const best = (g: { index: number; score: number }[]) => g.reduce((a, b) => (b.score >= a.score ? b : a)).index;
  if (groups.length <= 1) return [{ start: 0, end: lines.length, anchor: groups[0] ? best(groups[0]) : null }];
  const starts = groups.map((g, k) => (k === 0 ? 0 : startOf(lines, g[0]!.index)));
  return groups.map((g, k) => ({ start: starts[k]!, end: starts[k + 1] ?? lines.length, anchor: best(g) }));
}
