/**
 * Exact totals without reading postings: a query of one term that is one gram's postings (isOneKey),
 * with no exclusion and no filter, matches every live statement of that gram's list. A long list's head
 * counts its statements and their months; the statements of deleted briefings still in it are taken off
 * by reading the few parts that cover them (at most MAX_DELETED_PARTS, else no count).
 */
import { monthName, monthOfDay, type PostingList } from '../format.ts';
import { partsIn } from './bounded.ts';
import { isFiltered, type Facts, type StatementFilter } from './filters.ts';
import { isOneKey } from './matching.ts';
import type { QueryPlan } from './plan.ts';
import type { IndexView } from './segments.ts';

/** Parts read to take deleted statements off a head's counts, at most. */
const MAX_DELETED_PARTS = 8;

export interface Counts {
  total: number;
  /** Statements per month, YYYY-MM → count, oldest first. */
  histogram: Record<string, number>;
}

/** Adds the live statements of `list` (ids within `ranges` only, when given) to `months` (+1, or −1 with `sign`). */
function countList(view: IndexView, facts: Facts, list: PostingList, months: Map<number, number>, sign: 1 | -1, ranges?: Array<[number, number]>): number {
  let n = 0;
  for (const d of list.docs) {
    const inRange = !ranges || ranges.some(([a, b]) => d >= a && d < b);
    if (!inRange || (sign === 1 && !view.segmentOf(d).live(d))) continue;
    const m = monthOfDay(facts.dayOf(d));
    months.set(m, (months.get(m) ?? 0) + sign);
    n += sign;
  }
  return n;
}

/**
 * The total and per-month counts of a one-key query from the index's counts, or null when the query is
 * not one (or too many deleted statements would need reading). Briefing tables must be loaded.
 */
export async function countsFromHeads(view: IndexView, facts: Facts, plan: QueryPlan, filter: StatementFilter): Promise<Counts | null> {
  if (plan.positive.length !== 1 || plan.negative.length > 0 || isFiltered(filter) || !isOneKey(plan.positive[0]!.alternatives)) return null;
  const refs = plan.positive[0]!.alts[0]!.keys[0]!.refs;
  const deletedParts = refs.reduce((n, r, si) => n + (r?.long ? view.segments[si]!.deletedRanges().reduce((k, [a, b]) => k + partsIn(r.long, a, b).length, 0) : 0), 0);
  if (deletedParts > MAX_DELETED_PARTS) return null;
  const months = new Map<number, number>();
  let total = 0;
  for (const [si, ref] of refs.entries()) {
    if (!ref) continue;
    if (ref.whole) {
      total += countList(view, facts, ref.whole, months, 1);
      continue;
    }
    const { head } = ref.long;
    total += head.docs;
    head.months.forEach((n, i) => months.set(head.firstMonth + i, (months.get(head.firstMonth + i) ?? 0) + n));
    const deleted = view.segments[si]!.deletedRanges();
    const indexes = [...new Set(deleted.flatMap(([a, b]) => partsIn(ref.long, a, b)))].sort((a, b) => a - b);
    for (const part of await ref.long.seg.parts(ref.long, indexes)) total += countList(view, facts, part, months, -1, deleted);
  }
  const histogram: Record<string, number> = {};
  for (const m of [...months.keys()].sort((a, b) => a - b)) if (months.get(m)! > 0) histogram[monthName(m)] = months.get(m)!;
  return { total, histogram };
}
