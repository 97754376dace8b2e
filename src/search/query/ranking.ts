/**
 * How a statement ranks for a query: from its own matches and features (whole-word or part-of-word
 * matches, their weighted count, its length and role) and the terms' document frequencies — nothing
 * that depends on the other results, so that a statement's score could be stored with it in
 * impact-ordered postings and a first page read without the rest.
 *
 * score = (terms matching as a whole word) + s / (1 + s), with
 * s = Σ idf(t) · tf · (k1 + 1) / (tf + k1 · (1 − b + b · len / avgLen)) · (lead ? lead : 1)
 *
 * - The integer part puts every statement where all terms match as whole words (or as a reading or a
 *   dictionary form) above those where one only sits inside another word (京都 in 東京都): those are
 *   shown too, marked as part of a word, below every whole-word match.
 * - BM25 within a tier: rarer terms, more matches, shorter statements; `b` is how much shortness
 *   counts, `lead` what a briefing's lead (a boilerplate 「…閣議後会見」) is worth against a statement.
 *   Both were tuned on the real judged set of issue #21 (docs/search.md, "Ranking").
 */
import { ROLE_BITS, statsLength, statsRole } from '../format.ts';
import type { TermDocMatch } from './matching.ts';

export interface Ranking {
  k1: number;
  b: number;
  /** Weight of a match in a briefing's lead, against one in a statement (1). */
  lead: number;
}

export const DEFAULT_RANKING: Ranking = { k1: 1.2, b: 0.25, lead: 0.5 };

/** BM25's inverse document frequency of a term found in `df` of `docs` statements. */
export function idfOf(df: number, docs: number): number {
  return Math.log(1 + (docs - df + 0.5) / (df + 0.5));
}

/** BM25's part for a weighted count `tf` in a statement of length `len`, before the term's idf. */
function saturation(tf: number, len: number, avgLen: number, r: Ranking): number {
  return (tf * (r.k1 + 1)) / (tf + r.k1 * (1 - r.b + (r.b * len) / (avgLen || 1))) || 0;
}

/**
 * Scores are kept to a grid of 2^-30: statements closer than that tie, and ties are broken by date,
 * so that a bound computed another way than a statement's own score (bounded.ts) orders the same.
 */
const QUANTUM = 2 ** -30;
function quantize(score: number): number {
  return Math.round(score / QUANTUM) * QUANTUM;
}

/** The score of one statement (see the module comment); `matches[k]` is term k's match in it, if any. */
export function statementScore(matches: ReadonlyArray<TermDocMatch | undefined>, idf: readonly number[], stat: number, avgLen: number, r: Ranking): number {
  const len = statsLength(stat);
  let words = 0;
  let bm25 = 0;
  matches.forEach((match, k) => {
    if (!match) return;
    if (match.word) words++;
    bm25 += idf[k]! * saturation(match.tf, len, avgLen, r);
  });
  if (statsRole(stat) === 'lead') bm25 *= r.lead;
  return quantize(words + bm25 / (1 + bm25));
}

/**
 * The most a term's matches can give (its part of BM25 before idf) in any statement a frontier
 * describes ([occurrences, length class] pairs: format.ts frontierOf), each occurrence weighing at most
 * `weight`, and `extra` more at most in any one statement: BM25 grows with tf and shrinks with length
 * (k1 ≥ 0, 0 ≤ b ≤ 1), so the best statement is one of the frontier's.
 */
export function frontierImpact(weight: number, frontier: ReadonlyArray<readonly [number, number]>, avgLen: number, r: Ranking, extra = 0): number {
  let best = 0;
  for (const [count, length] of frontier) best = Math.max(best, saturation(weight * count + extra, statsLength(length << ROLE_BITS), avgLen, r));
  return best;
}

/** What bounds one term's part of a score over a range of statements (see scoreBound). */
export interface TermBound {
  /** It can be a whole word there. */
  word: boolean;
  /** The most its matches give in one statement there, before idf (frontierImpact). */
  impact: number;
}

/**
 * The most any statement of a range can score, from bounds on each positive term there; a lead weighs
 * at most `max(1, lead)`. A little slack keeps it above what floating point makes of any statement's
 * score, and on the same grid. Infinity for a ranking BM25 does not grow with tf and shrink with length
 * under: then nothing can be skipped.
 */
export function scoreBound(terms: readonly TermBound[], idf: readonly number[], r: Ranking): number {
  if (!(r.k1 >= 0 && r.b >= 0 && r.b <= 1)) return Infinity;
  let words = 0;
  let bm25 = 0;
  terms.forEach((t, k) => {
    if (t.word) words++;
    bm25 += idf[k]! * t.impact;
  });
  bm25 *= Math.max(1, r.lead);
  return quantize(words + bm25 / (1 + bm25) + 1e-12);
}

/**
 * A statement found only as part of other words: some term of two characters or more matches it only
 * inside words (single characters have no word positions, so they never count as such).
 */
export function isPartOfWord(matches: ReadonlyArray<TermDocMatch | undefined>, terms: ReadonlyArray<{ text: string }>): boolean {
  return matches.some((m, k) => m !== undefined && !m.word && terms[k]!.text.length >= 2);
}
