/**
 * Each briefing's JSON (records.ts `briefingRecord`) is published in the file of its day,
 * `data/briefings/<year>/<date>.json`: a JSON array of that day's briefings, each briefing's object on a
 * line of its own, so that the whole file is JSON and the byte range of one line (without its comma) is
 * that briefing's object alone. A page links its briefing as `<file>#/<i>` (a JSON Pointer, RFC 6901,
 * to its place in the array).
 *
 * One file a day rather than one a briefing keeps a 10,000-briefing site under a 20,000-file host limit
 * (it is ~4,900 days); a day rather than a month keeps a file small (two briefings on average), which is
 * what a reader of one briefing — or the search page, on a host that ignores range requests — downloads.
 *
 * The search index points into these files for the statements' text (the search page's snippets): this
 * module says where each statement's text is in a briefing's object, and where each object starts in
 * its day's file. No Node imports.
 */
import { ROUTES } from '../model/routes.ts';

/** The order of briefings in a day's file, and of the statement exports: by date, then by slug. */
export function byArchiveOrder(a: { date: string; slug: string }, b: { date: string; slug: string }): number {
  return a.date.localeCompare(b.date) || a.slug.localeCompare(b.slug);
}

/** Bytes before the first object of a day's file, between two objects, and after the last. */
const OPEN = '[\n';
const BETWEEN = ',\n';
const CLOSE = '\n]\n';

/** A day's file from its briefings' JSON objects (each one line: JSON.stringify writes no line break). */
export function dayFile(objects: readonly string[]): string {
  return OPEN + objects.join(BETWEEN) + CLOSE;
}

/** Where each object of a day's file starts (bytes), given every object's length in bytes, in order. */
export function objectStarts(lengths: readonly number[]): number[] {
  const starts: number[] = [];
  let at = OPEN.length;
  for (const n of lengths) {
    starts.push(at);
    at += n + BETWEEN.length;
  }
  return starts;
}

const utf8 = new TextEncoder();
const byteLength = (s: string) => utf8.encode(s).length;

/** A briefing's JSON object, and where the text of each of its statements is in it. */
export interface BriefingJsonLayout {
  json: string;
  /**
   * Per statement, in statement order (the lead when there is one, then every turn): [offset, length]
   * in bytes, within `json`, of the JSON value holding its text — the lead's array of paragraphs, a
   * turn's `text` string.
   */
  texts: Array<[number, number]>;
}

/**
 * `JSON.stringify(record)` written piece by piece, to know where each statement's text is. A turn's
 * `text` is its last field (records.ts), so its value ends the turn's object. Throws if the pieces do not
 * make the same JSON as stringifying the record whole: the offsets would then be wrong.
 */
export function briefingJsonLayout<R extends { lead: string[]; turns: Array<{ text: string }> }>(record: R): BriefingJsonLayout {
  const { lead, turns, ...head } = record;
  const texts: Array<[number, number]> = [];
  let json = `${JSON.stringify(head).slice(0, -1)},"lead":`;
  let at = byteLength(json);
  const leadJson = JSON.stringify(lead);
  if (lead.length > 0) texts.push([at, byteLength(leadJson)]);
  json += `${leadJson},"turns":[`;
  at += byteLength(leadJson) + byteLength(',"turns":[');
  turns.forEach((turn, i) => {
    const turnJson = (i > 0 ? ',' : '') + JSON.stringify(turn);
    const textJson = JSON.stringify(turn.text);
    if (!turnJson.endsWith(`"text":${textJson}}`)) throw new Error(`a turn's text must be the last field of its JSON object (${turnJson.slice(0, 60)}…)`);
    const turnBytes = byteLength(turnJson);
    const textBytes = byteLength(textJson);
    texts.push([at + turnBytes - 1 - textBytes, textBytes]);
    json += turnJson;
    at += turnBytes;
  });
  json += ']}';
  if (json !== JSON.stringify(record)) throw new Error(`the JSON of briefing ${String((head as { slug?: unknown }).slug)} is not laid out as expected: a turn's text must be its last field`);
  return { json, texts };
}

/** The file holding the briefings of `date`, and a page's link to its briefing in it (the `i`th of the day). */
export function dayJsonHref(date: string, i: number): string {
  return `${ROUTES.briefingsJson(date)}#/${i}`;
}
