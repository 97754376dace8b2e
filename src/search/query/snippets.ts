/**
 * Snippets as data: a window of the statement's own text around its densest group of matches, the
 * matches as ranges in that window, and whether text was left out before or after. Callers present it
 * (the page with <mark> elements, the CLI with colours or «»); nothing here is HTML.
 */
import { normalizeWithMap } from '../../japanese/normalize.ts';
import { PART_SEPARATOR } from '../format.ts';

export interface Snippet {
  /** Source text (white space runs shown as one space). */
  text: string;
  /** [start, end) ranges of `text` that matched, ascending, not overlapping. */
  marks: Array<[number, number]>;
  /** Text of the statement was left out before / after the window. */
  before: boolean;
  after: boolean;
}

/** Snippet length in source characters. */
const SNIPPET = 120;
/** Context kept before the first match of the window. */
const LEAD = 20;

/**
 * `spans` are [start, end) in the statement's search form (text, separator, heading); `chars` are
 * single-character terms, whose positions the index does not keep, found here in the text.
 */
export function snippetOf(text: string, heading: string | null, spans: Array<[number, number]>, chars: string[]): Snippet {
  const body = normalizeWithMap(text);
  const n = body.text.length;
  const bodySpans: Array<[number, number]> = [];
  const headSpans: Array<[number, number]> = [];
  for (const [s, e] of spans) {
    if (e <= n) bodySpans.push([s, e]);
    else if (s > n) headSpans.push([s - n - PART_SEPARATOR.length, e - n - PART_SEPARATOR.length]);
  }
  const findChars = (t: string, into: Array<[number, number]>): void => {
    for (const c of chars) for (let i = t.indexOf(c); i >= 0; i = t.indexOf(c, i + 1)) into.push([i, i + c.length]);
  };
  findChars(body.text, bodySpans);
  if (bodySpans.length === 0 && heading !== null) {
    const head = normalizeWithMap(heading);
    findChars(head.text, headSpans);
    if (headSpans.length > 0) return windowOf(heading, head.map, head.text.length, headSpans);
  }
  return windowOf(text, body.map, n, bodySpans);
}

function windowOf(source: string, map: Int32Array, n: number, spans: Array<[number, number]>): Snippet {
  // Normalised spans → source ranges, merged.
  const ranges = spans
    .map(([s, e]): [number, number] => [map[Math.min(s, n)]!, map[Math.min(e, n)]!])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  // The window holding the most matches, a little context before the first.
  let winStart = 0;
  let best = -1;
  for (const [s] of merged) {
    const from = Math.max(0, s - LEAD);
    const count = merged.filter(([a, b]) => a >= from && b <= from + SNIPPET).length;
    if (count > best) {
      best = count;
      winStart = from;
    }
  }
  let winEnd = Math.min(source.length, winStart + SNIPPET);
  if (winEnd - winStart < SNIPPET) winStart = Math.max(0, winEnd - SNIPPET);
  // Never cut a surrogate pair or a match.
  if (winStart > 0 && /[\udc00-\udfff]/u.test(source[winStart] ?? '')) winStart--;
  if (/[\udc00-\udfff]/u.test(source[winEnd] ?? '')) winEnd++;
  for (const [s, e] of merged) {
    if (s < winStart && e > winStart) winStart = s;
    if (s < winEnd && e > winEnd) winEnd = e;
  }
  // White space runs become one space; the marks move with the text.
  let text = '';
  const marks: Array<[number, number]> = [];
  let at = winStart;
  const plain = (s: string): string => s.replace(/\s+/gu, ' ');
  for (const [s, e] of merged) {
    if (e <= winStart || s >= winEnd) continue;
    text += plain(source.slice(at, s));
    const start = text.length;
    text += plain(source.slice(s, e));
    marks.push([start, text.length]);
    at = e;
  }
  text += plain(source.slice(at, winEnd));
  return { text, marks, before: winStart > 0, after: winEnd < source.length };
}

/** The marked words of a snippet, once each (for highlighting them on the briefing page). */
export function markedWords(s: Snippet): string[] {
  return [...new Set(s.marks.map(([a, b]) => s.text.slice(a, b)).filter((w) => w.trim().length > 0))];
}
