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
import { statsLength, statsRole } from '../format.ts';
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

/** The score of one statement (see the module comment); `matches[k]` is term k's match in it, if any. */
export function statementScore(matches: ReadonlyArray<TermDocMatch | undefined>, idf: readonly number[], stat: number, avgLen: number, r: Ranking): number {
  const len = statsLength(stat);
  let words = 0;
  let bm25 = 0;
  matches.forEach((match, k) => {
    if (!match) return;
    if (match.word) words++;
    bm25 += (idf[k]! * match.tf * (r.k1 + 1)) / (match.tf + r.k1 * (1 - r.b + (r.b * len) / (avgLen || 1)));
  });
  if (statsRole(stat) === 'lead') bm25 *= r.lead;
  return words + bm25 / (1 + bm25);
}

/**
 * A statement found only as part of other words: some term of two characters or more matches it only
 * inside words (single characters have no word positions, so they never count as such).
 */
export function isPartOfWord(matches: ReadonlyArray<TermDocMatch | undefined>, terms: ReadonlyArray<{ text: string }>): boolean {
  return matches.some((m, k) => m !== undefined && !m.word && terms[k]!.text.length >= 2);
}
