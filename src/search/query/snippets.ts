/**
 * Snippets as data: a window of the statement's own text around its densest group of matches, from a
 * sentence or clause boundary to another (after 。、！？, a closing bracket or a line break, or the
 * statement's start or end: never inside a word), the matches as ranges in that window (those only part
 * of another word flagged), and whether text was left out before or after. Callers present it
 * (the page with <mark> elements, the CLI with colours or «»); nothing here is HTML.
 */
import { normalizeWithMap, sourceRange, type Normalized } from '../../japanese/normalize.ts';
import { PART_SEPARATOR } from '../format.ts';

export interface Snippet {
  /** Source text (white space runs shown as one space). */
  text: string;
  /** [start, end) ranges of `text` that matched, ascending, not overlapping. */
  marks: Array<[number, number]>;
  /** The marks (same ranges) that are only part of another word (京都 in 東京都); shown as such. */
  partial: Array<[number, number]>;
  /** Text of the statement was left out before / after the window. */
  before: boolean;
  after: boolean;
}

/** How long a snippet grows, in source characters, before it ends at the next clause boundary. */
const SNIPPET = 100;
/** Past this it ends at the last boundary before it (unless a match needs more). */
const SNIPPET_MAX = 180;

/** A clause ends after these (and a snippet may start after them): 。、！？ in both widths, closing brackets, line breaks. */
const CLAUSE_END = /[。、，．！？!?,」』）)】〕］\]〉》\n]/u;

/** Where a snippet may start or end: the text's start and end, and every position after a CLAUSE_END. */
export function clauseBoundaries(source: string): number[] {
  const b = [0];
  for (let i = 0; i < source.length; i++) if (CLAUSE_END.test(source[i]!)) b.push(i + 1);
  if (b[b.length - 1] !== source.length) b.push(source.length);
  return b;
}

/**
 * `spans` are [start, end, part of a word] in the statement's search form (text, separator, heading);
 * `chars` are single-character terms, whose positions the index does not keep, found here in the text.
 */
export function snippetOf(text: string, heading: string | null, spans: Array<[number, number, boolean]>, chars: string[]): Snippet {
  const body = normalizeWithMap(text);
  const n = body.text.length;
  const bodySpans: Array<[number, number, boolean]> = [];
  const headSpans: Array<[number, number, boolean]> = [];
  for (const [s, e, part] of spans) {
    if (e <= n) bodySpans.push([s, e, part]);
    else if (s > n) headSpans.push([s - n - PART_SEPARATOR.length, e - n - PART_SEPARATOR.length, part]);
  }
  const findChars = (t: string, into: Array<[number, number, boolean]>): void => {
    for (const c of chars) for (let i = t.indexOf(c); i >= 0; i = t.indexOf(c, i + 1)) into.push([i, i + c.length, false]);
  };
  findChars(body.text, bodySpans);
  if (bodySpans.length === 0 && heading !== null) {
    const head = normalizeWithMap(heading);
    findChars(head.text, headSpans);
    if (headSpans.length > 0) return windowOf(heading, head, headSpans);
  }
  return windowOf(text, body, bodySpans);
}

/** Normalised spans → source ranges, merged (a merged range is part of a word only if all its parts are). */
function sourceRanges(norm: Normalized, spans: Array<[number, number, boolean]>): Array<[number, number, boolean]> {
  const ranges = spans
    .map(([s, e, part]): [number, number, boolean] => [...sourceRange(norm, s, e), part])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number, boolean]> = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) {
      last[1] = Math.max(last[1], r[1]);
      last[2] &&= r[2];
    } else merged.push([r[0], r[1], r[2]]);
  }
  return merged;
}

/** Last boundary ≤ x, first boundary ≥ x. */
const atOrBefore = (b: number[], x: number): number => b.filter((v) => v <= x).pop() ?? 0;
const atOrAfter = (b: number[], x: number): number => b.find((v) => v >= x) ?? b[b.length - 1]!;

/**
 * The window holding the most matches, from the start of the clause of its first match to a clause
 * boundary about SNIPPET characters on: it never starts or ends inside a word, nor cuts a match.
 */
function windowOf(source: string, norm: Normalized, spans: Array<[number, number, boolean]>): Snippet {
  const merged = sourceRanges(norm, spans);
  const bounds = clauseBoundaries(source);
  let winStart = 0;
  let best = -1;
  for (const [s] of merged) {
    const from = atOrBefore(bounds, s);
    const count = merged.filter(([a, b]) => a >= from && b <= Math.max(from + SNIPPET, atOrAfter(bounds, s))).length;
    if (count > best) {
      best = count;
      winStart = from;
    }
  }
  const firstEnd = merged.find(([a]) => a >= winStart)?.[1] ?? winStart;
  let winEnd = atOrAfter(bounds, Math.max(winStart + SNIPPET, firstEnd));
  if (winEnd - winStart > SNIPPET_MAX) winEnd = Math.max(atOrBefore(bounds, winStart + SNIPPET_MAX), atOrAfter(bounds, firstEnd));
  // A match across a boundary (a phrase holding 、) is shown whole: widen to the boundaries around it.
  for (const [s, e] of merged) {
    if (s < winStart && e > winStart) winStart = atOrBefore(bounds, s);
    if (s < winEnd && e > winEnd) winEnd = atOrAfter(bounds, e);
  }
  // White space runs become one space; the marks move with the text.
  let text = '';
  const marks: Array<[number, number]> = [];
  const partial: Array<[number, number]> = [];
  let at = winStart;
  const plain = (s: string): string => s.replace(/\s+/gu, ' ');
  for (const [s, e, part] of merged) {
    if (e <= winStart || s >= winEnd) continue;
    text += plain(source.slice(at, s));
    const start = text.length;
    text += plain(source.slice(s, e));
    marks.push([start, text.length]);
    if (part) partial.push([start, text.length]);
    at = e;
  }
  text += plain(source.slice(at, winEnd));
  return { text, marks, partial, before: winStart > 0, after: winEnd < source.length };
}

/** The marked words of a snippet, once each (for highlighting them on the briefing page). */
export function markedWords(s: Snippet): string[] {
  return [...new Set(s.marks.map(([a, b]) => s.text.slice(a, b)).filter((w) => w.trim().length > 0))];
}
