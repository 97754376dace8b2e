/**
 * Character-level differences as data, from the one alignment (align.ts): `{op, text}` segments that a
 * page turns into `<ins>`/`<del>` and the CLI prints as JSON. Nothing here is HTML.
 *
 * - `quoteAlignment(statement, quote)`: the quote (normalised by the search normaliser, so ﾐｻｲﾙ is ミサイル
 *   and a line break a space) placed inside the statement; segments are in the original texts: `equal`
 *   and `del` are the statement's own characters (`del`: said, left out of the quote), `ins` the quote's
 *   (in the quote, not said). `equal` + `del` segments are exactly the statement's span; the normalised
 *   `equal` + `ins` segments are the normalised quote.
 * - `textDiff(before, after)`: two versions of a text as written, no normalisation (a corrected full-width
 *   digit is a correction): `equal` + `del` are `before`, `equal` + `ins` are `after`.
 */
import { normalizeWithMap, type Normalized } from '../japanese/normalize.ts';
import { align, DIFF_COSTS, hardChars, MAX_CELLS, QUOTE_COSTS, type AlignOp, type AlignRun } from './align.ts';

export interface DiffSegment {
  op: AlignOp;
  text: string;
}

export interface QuoteAlignment {
  /**
   * How much of the quote the statement says, in [0, 1]: E / (Q + G), where Q is the quote's characters
   * that are not punctuation or spaces, E those of them aligned to the same character of the statement,
   * and G the number of changes (maximal runs of differences: a changed particle, a dropped clause, an
   * added word) that involve such a character. 1 exactly when the statement contains the quote, up to
   * punctuation and spaces; each change costs as much as one more unsaid character, so a dropped clause
   * lowers it a little whatever its length.
   */
  similarity: number;
  /** [start, end) of the statement's text that the quote covers (from its first aligned character to its last). */
  span: [number, number];
  diff: DiffSegment[];
  /** [start, end) ranges of the quote as typed that the statement says (its `equal` runs), in order. */
  said: Array<[number, number]>;
}

/** An offset map for a text used as written. */
function identity(text: string): Normalized {
  const map = new Int32Array(text.length + 1);
  for (let i = 0; i <= text.length; i++) map[i] = i;
  return { text, map, ends: map.subarray(1) };
}

/**
 * Runs over the aligned texts → segments of the source texts, same ops merged, empty ones dropped.
 * `aEnd` caps the first text's segments: where its span ends, before what the normaliser dropped after it.
 */
function segmentsOf(runs: AlignRun[], a: { source: string; n: Normalized }, b: { source: string; n: Normalized }, aEnd = a.source.length): DiffSegment[] {
  const out: DiffSegment[] = [];
  for (const r of runs) {
    const text = r.op === 'ins' ? b.source.slice(b.n.map[r.bs]!, b.n.map[r.be]!) : a.source.slice(a.n.map[r.as]!, Math.min(a.n.map[r.ae]!, aEnd));
    if (!text) continue;
    const last = out[out.length - 1];
    if (last && last.op === r.op) last.text += text;
    else out.push({ op: r.op, text });
  }
  return out;
}

/** E / (Q + G) over the runs of an alignment (see QuoteAlignment.similarity). */
export function similarityOf(runs: AlignRun[], statement: string, quote: string): number {
  const hard = hardChars;
  const q = hard(quote, 0, quote.length);
  if (q === 0) return 0;
  let equal = 0;
  let changes = 0;
  let inChange = false;
  let changeIsHard = false;
  const close = () => {
    if (inChange && changeIsHard) changes++;
    inChange = changeIsHard = false;
  };
  for (const r of runs) {
    if (r.op === 'equal') {
      close();
      equal += hard(quote, r.bs, r.be);
      continue;
    }
    inChange = true;
    if (hard(statement, r.as, r.ae) > 0 || hard(quote, r.bs, r.be) > 0) changeIsHard = true;
  }
  close();
  return equal / (q + changes);
}

/**
 * The quote inside the statement. `window` ([start, end) of the statement's normalised text) limits
 * the alignment to where the caller found the quote's bigrams; the statement must fit MAX_CELLS with it.
 */
export function quoteAlignment(statement: string, quote: string, window?: [number, number]): QuoteAlignment {
  const s = normalizeWithMap(statement);
  const q = normalizeWithMap(quote);
  const [from, to] = window ? [Math.max(0, window[0]), Math.min(s.text.length, window[1])] : [0, s.text.length];
  if (q.text.length === 0 || (to - from) * q.text.length > MAX_CELLS) return { similarity: 0, span: [0, 0], diff: [], said: [] };
  const runs = align(s.text.slice(from, to), q.text, QUOTE_COSTS, 'semi-global').map((r) => ({ ...r, as: r.as + from, ae: r.ae + from }));
  const spanStart = runs.find((r) => r.op !== 'ins')?.as ?? from;
  const spanEnd = runs.findLast((r) => r.op !== 'ins')?.ae ?? spanStart;
  // The span ends with its last character, not with a space the normaliser dropped after it (い 防 → い防).
  const end = spanEnd > spanStart ? s.ends[spanEnd - 1]! : s.map[spanEnd]!;
  return {
    similarity: similarityOf(runs, s.text, q.text),
    span: [s.map[spanStart]!, end],
    diff: segmentsOf(runs, { source: statement, n: s }, { source: quote, n: q }, end),
    said: runs.filter((r) => r.op === 'equal').map((r): [number, number] => [q.map[r.bs]!, q.map[r.be]!]),
  };
}

/**
 * Two versions of a text, character by character. The common start and end are cut off first (a
 * correction touches a few characters of a long statement); a middle too long to align (MAX_CELLS) is
 * shown as all of it removed and all of it added.
 */
export function textDiff(before: string, after: string): DiffSegment[] {
  let p = 0;
  while (p < before.length && p < after.length && before.charCodeAt(p) === after.charCodeAt(p)) p++;
  let e = 0;
  while (e < before.length - p && e < after.length - p && before.charCodeAt(before.length - 1 - e) === after.charCodeAt(after.length - 1 - e)) e++;
  // Never cut a surrogate pair apart.
  if (p > 0 && isLowSurrogate(before.charCodeAt(p))) p--;
  if (e > 0 && isLowSurrogate(before.charCodeAt(before.length - e))) e--;
  const a = before.slice(p, before.length - e);
  const b = after.slice(p, after.length - e);
  let middle: DiffSegment[];
  if (a.length * b.length > MAX_CELLS) middle = [{ op: 'del' as const, text: a }, { op: 'ins' as const, text: b }].filter((x) => x.text);
  else middle = segmentsOf(align(a, b, DIFF_COSTS, 'global'), { source: a, n: identity(a) }, { source: b, n: identity(b) });
  const out: DiffSegment[] = [];
  for (const seg of [{ op: 'equal' as const, text: before.slice(0, p) }, ...middle, { op: 'equal' as const, text: before.slice(before.length - e) }]) {
    if (!seg.text) continue;
    const last = out[out.length - 1];
    if (last && last.op === seg.op) last.text += seg.text;
    else out.push({ ...seg });
  }
  return out;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
