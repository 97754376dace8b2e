/**
 * Scores of a ranked result list against graded judgments (0–2 per statement): recall, precision and
 * nDCG@10, at statement level and at briefing level. Pure functions; `npm run search-eval` feeds them
 * each engine's hits and the judged set (judged.ts).
 *
 * - A hit is an **answer** unless the engine says it is only a part-of-word match (`partial`): such hits
 *   are shown, marked as such, below every answer; recall and precision count answers.
 * - **Recall**: relevant statements (grade ≥ 1) among the answers ÷ relevant statements; 1 when
 *   nothing is relevant.
 * - **Precision**: relevant answers ÷ answers; with no answers, 1 when nothing is relevant, else 0.
 * - **nDCG@10** over the ranking as shown (answers and part-of-word hits), gain 2^grade − 1, discount
 *   log2(rank + 1); null when nothing is relevant (no ideal ranking to compare with).
 * - **Briefing level**: a briefing's grade is its best statement's; the ranking is the briefings in the
 *   order their first hit appears; a briefing is an answer when one of its hits is.
 */

export type Grade = 0 | 1 | 2;

export interface RankedHit {
  /** `briefing#turn`. */
  key: string;
  /** The engine marks the hit as a match inside other words only. */
  partial: boolean;
}

export interface Scores {
  recall: number;
  precision: number;
  /** Null when nothing is relevant. */
  ndcg10: number | null;
  answers: number;
  relevant: number;
}

export const NDCG_DEPTH = 10;

function dcg(grades: number[]): number {
  let sum = 0;
  grades.slice(0, NDCG_DEPTH).forEach((g, i) => (sum += (2 ** g - 1) / Math.log2(i + 2)));
  return sum;
}

/** nDCG@10 of `ranked` grades against the ideal order of `judged` grades; null when none is relevant. */
export function ndcgAt10(ranked: number[], judged: number[]): number | null {
  const ideal = dcg([...judged].sort((a, b) => b - a));
  return ideal === 0 ? null : dcg(ranked) / ideal;
}

/** Scores of one ranked list against `judged` (key → grade; keys not in it are grade 0). */
export function scoreRanking(hits: RankedHit[], judged: ReadonlyMap<string, Grade>): Scores {
  const seen = new Set<string>();
  const unique = hits.filter((h) => !seen.has(h.key) && seen.add(h.key));
  const relevant = [...judged.values()].filter((g) => g > 0).length;
  const answers = unique.filter((h) => !h.partial);
  const found = answers.filter((h) => (judged.get(h.key) ?? 0) > 0).length;
  return {
    recall: relevant === 0 ? 1 : found / relevant,
    precision: answers.length === 0 ? (relevant === 0 ? 1 : 0) : found / answers.length,
    ndcg10: ndcgAt10(
      unique.map((h) => judged.get(h.key) ?? 0),
      [...judged.values()],
    ),
    answers: answers.length,
    relevant,
  };
}

/** The briefing of a statement key (`slug#turn` → `slug`). */
export function briefingOf(key: string): string {
  const i = key.lastIndexOf('#');
  return i < 0 ? key : key.slice(0, i);
}

/** The same judgments and hits at briefing level (see the module comment). */
export function briefingLevel(hits: RankedHit[], judged: ReadonlyMap<string, Grade>): { hits: RankedHit[]; judged: Map<string, Grade> } {
  const grades = new Map<string, Grade>();
  for (const [key, g] of judged) {
    const b = briefingOf(key);
    if (g > (grades.get(b) ?? 0)) grades.set(b, g);
  }
  const order: RankedHit[] = [];
  const at = new Map<string, RankedHit>();
  for (const h of hits) {
    const b = briefingOf(h.key);
    const had = at.get(b);
    if (!had) {
      const entry = { key: b, partial: h.partial };
      at.set(b, entry);
      order.push(entry);
    } else if (!h.partial) had.partial = false;
  }
  return { hits: order, judged: grades };
}

export interface Mean {
  queries: number;
  recall: number;
  precision: number;
  /** Mean over the queries with something relevant; null when there are none. */
  ndcg10: number | null;
  /** Queries whose nDCG@10 counts. */
  ndcgQueries: number;
}

/** Means over queries (each query counts once). */
export function meanScores(list: Scores[]): Mean {
  const n = list.length;
  const withNdcg = list.filter((s) => s.ndcg10 !== null);
  const avg = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
  return {
    queries: n,
    recall: avg(list.map((s) => s.recall)),
    precision: avg(list.map((s) => s.precision)),
    ndcg10: withNdcg.length === 0 ? null : avg(withNdcg.map((s) => s.ndcg10!)),
    ndcgQueries: withNdcg.length,
  };
}
