/**
 * The one character-level alignment of the project: the quote check aligns a quote against a statement
 * with it, and the corrections diff aligns an old version of a statement against the new one. Japanese
 * has no spaces, so words cannot be the unit; characters (UTF-16 code units) are.
 *
 * Contract: `align(a, b, costs, mode)` → runs over `a` and `b`, in order, each `equal` (a[as..ae) is
 * b[bs..be), character for character), `del` (a[as..ae) only) or `ins` (b[bs..be) only); consecutive
 * runs touch, so the runs' `a` ranges tile a[span.start..span.end) and their `b` ranges tile all of b.
 * - `global`: span is all of `a` (a diff of two versions).
 * - `semi-global`: `a` may begin and end anywhere, `b` is used whole (a quote — b — inside a long
 *   statement — a): skipping `a` before and after the quote costs nothing.
 *
 * Why affine gaps (Gotoh 1982) with asymmetric costs: a quote that drops a clause skips a run of the
 * statement, which must cost about as much as one change however long the clause is, or the aligner
 * would rather leave the rest of the quote unmatched; a run of the quote that the statement does not
 * have costs per character, since every such character is one the official did not say. Punctuation and
 * spaces ("soft" characters) cost next to nothing either way, so 、 for 。 or a dropped 、 barely moves
 * the alignment.
 *
 * Plain dynamic programming, O(|a|·|b|) time and |a|·|b| bytes of trace (one byte a cell). Measured
 * (Node 22, the 2-core build machine, load ~1.5, median of 9): a 500-character quote against a whole
 * 5,000-character statement 30 ms; against the window the candidate stage gives (~3 × the quote) 8 ms;
 * 100 × 5,000 6 ms; a 50-character quote against a 300-character statement 0.2 ms. Banding or
 * bit-parallel alignment was not needed: the window already bounds the rows. Callers keep the
 * product under `MAX_CELLS`.
 */

export type AlignOp = 'equal' | 'ins' | 'del';

export interface AlignRun {
  op: AlignOp;
  /** [as, ae) of `a` and [bs, be) of `b` covered by the run (an empty range on the side it skips). */
  as: number;
  ae: number;
  bs: number;
  be: number;
}

/** Costs in integer points (scores are Int32: fast, and exact to compare). */
export interface AlignCosts {
  match: number;
  /** A match of two soft characters (punctuation, spaces). */
  softMatch: number;
  mismatch: number;
  /** A mismatch of two soft characters (、 for 。). */
  softMismatch: number;
  delOpen: number;
  delExtend: number;
  insOpen: number;
  insExtend: number;
  /** Per soft character inside a gap (either side). */
  softExtend: number;
}

/** For a quote against a statement: a skipped clause costs about one change; unsaid quote characters each cost. */
export const QUOTE_COSTS: AlignCosts = { match: 20, softMatch: 8, mismatch: -20, softMismatch: 0, delOpen: 50, delExtend: 1, insOpen: 30, insExtend: 20, softExtend: 0 };

/** For two versions of a text: the usual shortest edit, changes kept together rather than scattered. */
export const DIFF_COSTS: AlignCosts = { match: 10, softMatch: 10, mismatch: -30, softMismatch: -30, delOpen: 10, delExtend: 10, insOpen: 10, insExtend: 10, softExtend: 10 };

/** Cells above this are refused by callers: 2 × 10^7 bytes of trace and a few hundred milliseconds. */
export const MAX_CELLS = 20_000_000;

const SOFT_CHARS = /[\p{P}\p{Z}\p{S}\s]/u;
const softCache = new Int8Array(0x10000).fill(-1);

/** Punctuation, symbols and spaces: shown in a diff, barely weighed by the alignment, not counted by similarity. */
export function isSoft(code: number): boolean {
  let v = softCache[code]!;
  if (v < 0) softCache[code] = v = SOFT_CHARS.test(String.fromCharCode(code)) ? 1 : 0;
  return v === 1;
}

/** Minus infinity, far enough from Int32's end that no alignment's penalties can wrap it. */
/** Characters of s[from..to) that are not soft: what the similarity counts. */
export function hardChars(s: string, from = 0, to = s.length): number {
  let k = 0;
  for (let i = from; i < to; i++) if (!isSoft(s.charCodeAt(i))) k++;
  return k;
}

const NEG = -0x10000000;
// Trace byte: bits 0–1 the predecessor of M, 2–3 of D, 4–5 of I (0 = M, 1 = D, 2 = I).
const M = 0;
const D = 1;
const I = 2;

export function align(a: string, b: string, costs: AlignCosts, mode: 'global' | 'semi-global'): AlignRun[] {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return edgeRuns(n, m, mode);
  const trace = new Uint8Array((n + 1) * (m + 1));
  const { end, endState } = fill(a, b, costs, mode, trace);
  return traceBack(a, b, trace, end, endState, mode);
}

/** An empty side: nothing to align. */
function edgeRuns(n: number, m: number, mode: 'global' | 'semi-global'): AlignRun[] {
  if (m > 0) return [{ op: 'ins', as: 0, ae: 0, bs: 0, be: m }];
  if (n > 0 && mode === 'global') return [{ op: 'del', as: 0, ae: n, bs: 0, be: 0 }];
  return [];
}

/** `b` as codes, softness and gap cost per character: read once, not once a row. */
function columns(b: string, c: AlignCosts): { bCode: Uint16Array; bSoft: Uint8Array; insExt: Int32Array } {
  const m = b.length;
  const bCode = new Uint16Array(m);
  const bSoft = new Uint8Array(m);
  const insExt = new Int32Array(m);
  for (let j = 0; j < m; j++) {
    bCode[j] = b.charCodeAt(j);
    bSoft[j] = isSoft(bCode[j]!) ? 1 : 0;
    insExt[j] = bSoft[j] ? c.softExtend : c.insExtend;
  }
  return { bCode, bSoft, insExt };
}

/** Row 0 of the three matrices: only quote characters so far, as one gap. */
function firstRow(w: number, insOpen: number, insExt: Int32Array, trace: Uint8Array): [Int32Array, Int32Array, Int32Array] {
  const pm = new Int32Array(w).fill(NEG);
  const pd = new Int32Array(w).fill(NEG);
  const pi = new Int32Array(w).fill(NEG);
  pm[0] = 0;
  for (let j = 1; j < w; j++) {
    pi[j] = (j === 1 ? -insOpen : pi[j - 1]!) - insExt[j - 1]!;
    trace[j] = (j === 1 ? M : I) << 4;
  }
  return [pm, pd, pi];
}

/** The three score matrices, a row at a time; the trace is kept whole. */
function fill(a: string, b: string, c: AlignCosts, mode: 'global' | 'semi-global', trace: Uint8Array): { end: number; endState: number } {
  const n = a.length;
  const m = b.length;
  const w = m + 1;
  const { bCode, bSoft, insExt } = columns(b, c);
  const { delOpen, insOpen } = c;
  let [pm, pd, pi] = firstRow(w, insOpen, insExt, trace);
  let cm: Int32Array = new Int32Array(w);
  let cd: Int32Array = new Int32Array(w);
  let ci: Int32Array = new Int32Array(w);
  let best = NEG;
  let end = 0;
  let endState = M;
  const semi = mode === 'semi-global';
  for (let i = 1; i <= n; i++) {
    const ac = a.charCodeAt(i - 1);
    const aSoft = isSoft(ac);
    const delExt = aSoft ? c.softExtend : c.delExtend;
    const row = i * w;
    // Column 0: in semi-global mode the alignment may start here for free; in global mode it is a gap.
    cm[0] = semi ? 0 : NEG;
    cd[0] = semi ? NEG : (i === 1 ? -delOpen : pd[0]!) - delExt;
    ci[0] = NEG;
    trace[row] = (i === 1 || semi ? M : D) << 2;
    for (let j = 1; j <= m; j++) {
      const bc = bCode[j - 1]!;
      const soft = aSoft && bSoft[j - 1] === 1;
      // A soft character against a hard one is no change of words: a gap (free for the soft one) must win over it.
      const mixed = aSoft !== (bSoft[j - 1] === 1);
      const s = ac === bc ? (soft ? c.softMatch : c.match) : soft ? c.softMismatch : mixed ? c.mismatch - c.insOpen : c.mismatch;
      // M: a diagonal step from any state.
      let mv = pm[j - 1]!;
      let mf = M;
      if (pd[j - 1]! > mv) (mv = pd[j - 1]!), (mf = D);
      if (pi[j - 1]! > mv) (mv = pi[j - 1]!), (mf = I);
      // D: a statement character skipped (opened from M or I, or extended).
      let dv = pm[j]! - delOpen;
      let df = M;
      if (pd[j]! > dv) (dv = pd[j]!), (df = D);
      if (pi[j]! - delOpen > dv) (dv = pi[j]! - delOpen), (df = I);
      // I: a quote character the statement does not have.
      let iv = cm[j - 1]! - insOpen;
      let inf = M;
      if (cd[j - 1]! - insOpen > iv) (iv = cd[j - 1]! - insOpen), (inf = D);
      if (ci[j - 1]! > iv) (iv = ci[j - 1]!), (inf = I);
      cm[j] = mv + s;
      cd[j] = dv - delExt;
      ci[j] = iv - insExt[j - 1]!;
      trace[row + j] = mf | (df << 2) | (inf << 4);
    }
    if (semi) {
      if (cm[m]! > best) (best = cm[m]!), (end = i), (endState = M);
      if (ci[m]! > best) (best = ci[m]!), (end = i), (endState = I);
    }
    let t = pm;
    pm = cm;
    cm = t;
    t = pd;
    pd = cd;
    cd = t;
    t = pi;
    pi = ci;
    ci = t;
  }
  if (semi) return { end, endState };
  let fs = M;
  let fv = pm[m]!;
  if (pd[m]! > fv) (fv = pd[m]!), (fs = D);
  if (pi[m]! > fv) fs = I;
  return { end: n, endState: fs };
}

/** Walks the trace from the end back to the start; runs come out in order. */
function traceBack(a: string, b: string, trace: Uint8Array, end: number, endState: number, mode: 'global' | 'semi-global'): AlignRun[] {
  const w = b.length + 1;
  const steps: AlignOp[] = [];
  let i = end;
  let j = b.length;
  let state = endState;
  while (j > 0 || (mode === 'global' && i > 0)) {
    const t = trace[i * w + j]!;
    if (state === M && i > 0 && j > 0) {
      const equal = a.charCodeAt(i - 1) === b.charCodeAt(j - 1);
      if (equal) steps.push('equal');
      else steps.push('ins', 'del');
      state = t & 3;
      i--;
      j--;
    } else if (state === D || j === 0) {
      steps.push('del');
      state = (t >> 2) & 3;
      i--;
    } else {
      steps.push('ins');
      state = (t >> 4) & 3;
      j--;
    }
  }
  return runsOf(steps.reverse(), i);
}

/** Steps → runs; within a change, what was said (del) comes before what replaced it (ins). */
function runsOf(steps: AlignOp[], start: number): AlignRun[] {
  const runs: AlignRun[] = [];
  let ai = start;
  let bi = 0;
  let k = 0;
  while (k < steps.length) {
    if (steps[k] === 'equal') {
      const from = k;
      while (k < steps.length && steps[k] === 'equal') k++;
      runs.push({ op: 'equal', as: ai, ae: ai + k - from, bs: bi, be: bi + k - from });
      ai += k - from;
      bi += k - from;
      continue;
    }
    let dels = 0;
    let inses = 0;
    while (k < steps.length && steps[k] !== 'equal') steps[k++] === 'del' ? dels++ : inses++;
    if (dels > 0) runs.push({ op: 'del', as: ai, ae: ai + dels, bs: bi, be: bi });
    if (inses > 0) runs.push({ op: 'ins', as: ai + dels, ae: ai + dels, bs: bi, be: bi + inses });
    ai += dels;
    bi += inses;
  }
  return runs;
}
