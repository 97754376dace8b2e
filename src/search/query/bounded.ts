/**
 * A bounded read: the first answers of a query — exactly those a full read puts first — from the
 * postings of a few ranges of statements, however frequent its words.
 *
 * The index is cut into units: a window of statement ids (WINDOW; a run of windows holding whole
 * briefings in briefing scope) of one segment. Before anything is matched, each unit gets the best sort
 * key any statement of it could have: for relevance, a bound on the score from what the heads of long
 * lists say of the parts covering it (and the whole lists themselves); for date order, its newest (or
 * oldest) briefing. A unit where some positive term cannot be, or no briefing passes the date and
 * kind filters, is never read. Units are read best first, a few more parts each round (and with
 * them every unit those parts cover); the first k answers
 * are final as soon as the k-th best found is better than every unread unit's bound (a MaxScore-style
 * stop). Each unit is matched and scored by the full read's own code (evaluate.ts), over its slice of
 * the postings.
 */
import { normalize } from '../../japanese/normalize.ts';
import { isBigramKey, type PostingKind, type PostingList } from '../format.ts';
import type { Sort } from '../options.ts';
import { compareBy, scoreStatements, type Evaluation, type Scored } from './evaluate.ts';
import { concatLists, sliceList, type KeyRefs } from './lists.ts';
import { alternativeBound, matchTerm, textAndLemma, type KeySummary, type ListSource, type TermDocMatch } from './matching.ts';
import type { KeyPlan, QueryPlan, TermPlan } from './plan.ts';
import { frontierImpact, scoreBound, type TermBound } from './ranking.ts';
import { briefingIndex, type BriefingTable, type LongList, type PartRef } from './segments.ts';
import { frontierOf, POSTING, summaryOf, WINDOW } from '../format.ts';

/** A range of statements read together: ids [from, to) of segment `si`, and the best key any of them could have. */
export interface Unit {
  si: number;
  from: number;
  to: number;
  best: Scored;
}

/**
 * Parts read in a round grow from the first round's to MAX_BATCH. A round costs a round trip, a part
 * (about 1.5 KB) far less on any network: on the bench's phone (150 ms, 200 KB/s) a round is ~170 ms
 * and a part ~8 ms, so a first round of FIRST_BATCH saves a frequent word a round or two for a few KB —
 * where its lists are long (one part in PARTS_PER_FIRST of theirs); of short lists, four parts would
 * be most of them, and the first round reads one.
 */
const FIRST_BATCH = 4;
const PARTS_PER_FIRST = 8;
const MAX_BATCH = 32;

/** The parts of a long list covering any of the ids [from, to). */
export function partsIn(long: LongList, from: number, to: number): number[] {
  const out: number[] = [];
  let lo = 0;
  let hi = long.parts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (long.parts[mid]!.to <= from) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < long.parts.length && long.parts[i]!.from < to; i++) out.push(i);
  return out;
}

/** What bounds a whole list's statements in [from, to), read off them; null when it has none there. */
function wholeSummary(list: PostingList, from: number, to: number, kind: PostingKind): KeySummary | null {
  const s = sliceList(list, from, to);
  return s.docs.length > 0 ? summaryOf(kind, s) : null;
}

/** The summaries of the parts covering [from, to), together; null when no part covers it. */
function longSummary(long: LongList, from: number, to: number): KeySummary | null {
  const parts: PartRef[] = partsIn(long, from, to).map((i) => long.parts[i]!);
  if (parts.length === 0) return null;
  return {
    frontier: parts.length === 1 ? parts[0]!.frontier : frontierOf(parts.flatMap((p) => p.frontier)),
    maxWhole: Math.max(...parts.map((p) => p.maxWhole)),
    flags: parts.reduce((f, p) => f | p.flags, 0),
  };
}

/** A key's bound over [from, to) of its segment's list; null when it has no statement there. */
function summaryIn(key: KeyPlan, si: number, from: number, to: number): KeySummary | null {
  const ref = key.refs[si];
  if (!ref) return null;
  if (ref.long) return longSummary(ref.long, from, to);
  const kind = key.gram === null ? POSTING.lemma : isBigramKey(key.gram) ? POSTING.bigram : POSTING.unigram;
  return wholeSummary(ref.whole, from, to, kind);
}

/**
 * A term's bound in a range: null when it cannot be there. An alternative's impact is the least of
 * its keys' (it is in a statement no more often than any of them); a term's, the sum of its
 * alternatives' (BM25's part is concave in tf, so a sum of matches gives no more than the sum) — but
 * a text and its own dictionary form (考える typed) count once: where a statement holds the word, its
 * lemma postings count every place of either (build.ts), and elsewhere only the text can match, so
 * the pair gives no more than the larger of the two.
 */
function termBound(ev: Evaluation, t: TermPlan, u: { si: number; from: number; to: number }): TermBound | null {
  let present = false;
  const out: TermBound = { word: false, impact: 0 };
  const pair = textAndLemma(t.alternatives);
  let paired = 0;
  t.alts.forEach((a, i) => {
    const sums = a.keys.map((k) => summaryIn(k, u.si, u.from, u.to));
    if (sums.some((s) => s === null)) return;
    const inPair = pair?.includes(i) ?? false;
    const { weight, word, extra } = alternativeBound(a.alt, sums as KeySummary[], inPair);
    present = true;
    out.word ||= word;
    const impact = Math.min(...(sums as KeySummary[]).map((s) => frontierImpact(weight, s.frontier, ev.avgLen, ev.ranking, extra)));
    if (inPair) paired = Math.max(paired, impact);
    else out.impact += impact;
  });
  out.impact += paired;
  return present ? out : null;
}

export interface RunContext {
  ev: Evaluation;
  plan: QueryPlan;
  sort: Sort;
}

/** Every unit of the index, in id order: windows, or runs of them ending where a briefing ends (briefing scope). */
function rangesOf(ev: Evaluation, tables: BriefingTable[]): Array<{ si: number; from: number; to: number }> {
  const out: Array<{ si: number; from: number; to: number }> = [];
  ev.view.segments.forEach((seg, si) => {
    const end = seg.base + seg.docs;
    const t = tables[si]!;
    for (let from = seg.base; from < end; ) {
      let to = Math.min(end, seg.base + (Math.floor((from - seg.base) / WINDOW) + 1) * WINDOW);
      if (ev.briefingScope) {
        const i = briefingIndex(t, to - 1);
        to = Math.max(to, t.starts[i]! + t.counts[i]!);
      }
      out.push({ si, from, to });
      from = to;
    }
  });
  return out;
}

/** The newest and oldest day of the live briefings in [from, to) that pass the date and kind filters; null when none does. */
function daysIn(ev: Evaluation, t: BriefingTable, u: { si: number; from: number; to: number }): { min: number; max: number } | null {
  const f = ev.filter;
  const seg = ev.view.segments[u.si]!;
  let min = Infinity;
  let max = -Infinity;
  for (let i = briefingIndex(t, u.from); i < t.counts.length && t.starts[i]! < u.to; i++) {
    const day = t.days[i]!;
    // Deletions are whole briefings: one statement tells.
    if (!seg.live(Math.max(t.starts[i]!, u.from)) || day < f.fromDay || day > f.toDay) continue;
    if (f.kind && normalize(t.kind[i]! >= 0 ? t.kinds[t.kind[i]!]! : '') !== f.kind) continue;
    min = Math.min(min, day);
    max = Math.max(max, day);
  }
  return min <= max ? { min, max } : null;
}

/** The units a query may find something in, each with the best key it could give. */
export function unitsOf(ctx: RunContext, tables: BriefingTable[]): Unit[] {
  const { ev, plan, sort } = ctx;
  const out: Unit[] = [];
  for (const r of rangesOf(ev, tables)) {
    const days = daysIn(ev, tables[r.si]!, r);
    if (!days) continue;
    const bounds = plan.positive.map((t) => termBound(ev, t, r));
    if (bounds.some((b) => b === null)) continue;
    const score = plan.positive.length > 0 ? scoreBound(bounds as TermBound[], plan.idf, ev.ranking) : 0;
    out.push({ ...r, best: { doc: r.from, score, day: sort === 'date-asc' ? days.min : days.max } });
  }
  return out;
}

/**
 * One query's bounded read, kept while the reader pages through it: what has been found, and the units
 * not read yet, best first.
 */
export class BoundedRun {
  private readonly ctx: RunContext;
  private readonly compare: (a: Scored, b: Scored) => number;
  private readonly pending: Unit[];
  private readonly found: Scored[] = [];
  /** The terms' matches of each statement found, for its snippet. */
  readonly matches = new Map<number, Array<TermDocMatch | undefined>>();
  /** The parts of long lists read so far. */
  private readonly loaded = new Map<LongList, Map<number, PostingList>>();
  private readonly keys: KeyPlan[];
  private batch: number;

  constructor(ctx: RunContext, tables: BriefingTable[]) {
    this.ctx = ctx;
    this.compare = compareBy(ctx.sort);
    this.pending = unitsOf(ctx, tables).sort((a, b) => this.compare(a.best, b.best));
    this.keys = [...ctx.plan.positive, ...ctx.plan.negative].flatMap((t) => t.alts.flatMap((a) => a.keys));
    const parts = this.keys.reduce((n, k) => n + k.refs.reduce((m, r) => m + (r?.long?.parts.length ?? 0), 0), 0);
    this.batch = Math.max(1, Math.min(FIRST_BATCH, Math.floor(parts / PARTS_PER_FIRST)));
  }

  /** Every unit has been read: what was found is every answer. */
  get complete(): boolean {
    return this.pending.length === 0;
  }
  /** Answers found so far (all of them once complete). */
  get count(): number {
    return this.found.length;
  }
  /** Every answer found so far, in no order. */
  get answers(): readonly Scored[] {
    return this.found;
  }

  /**
   * The first `k` answers (every answer for 0), in order: exactly a full read's first k. One call at a
   * time: a unit taken from the unread ones is found only once it is read.
   */
  top(k: number): Promise<Scored[]> {
    const next = this.queue.then(() => this.topNow(k));
    this.queue = next.catch(() => {});
    return next;
  }
  private queue: Promise<unknown> = Promise.resolve();

  private async topNow(k: number): Promise<Scored[]> {
    for (;;) {
      this.found.sort(this.compare);
      const next = this.pending[0];
      if (!next || (k > 0 && this.found.length >= k && this.compare(this.found[k - 1]!, next.best) < 0)) break;
      await this.readNext(k > 0 ? this.batch : Infinity);
      this.batch = Math.min(MAX_BATCH, this.batch * 2);
    }
    return k > 0 ? this.found.slice(0, k) : this.found.slice();
  }

  /**
   * Reads the best unread units, as many as need no more than `n` parts not read yet (at least one),
   * and then every other unit whose parts are all read — unless its filter would read blocks of its
   * own (speakers; roles without terms).
   */
  private async readNext(n: number): Promise<void> {
    const wanted = new Map<LongList, Set<number>>();
    let parts = 0;
    let taken = 0;
    for (; taken < this.pending.length; taken++) {
      const needs = this.needs(this.pending[taken]!).filter(([long, i]) => !wanted.get(long)?.has(i));
      if (taken > 0 && parts + needs.length > n) break;
      for (const [long, i] of needs) (wanted.get(long) ?? wanted.set(long, new Set()).get(long)!).add(i);
      parts += needs.length;
    }
    const take = this.pending.splice(0, taken);
    this.locateTexts(take);
    try {
      await this.load(wanted);
      const f = this.ctx.ev.filter;
      const free = !f.speaker && !(f.roles && this.ctx.plan.positive.length === 0);
      for (let i = this.pending.length - 1; free && i >= 0; i--) if (this.needs(this.pending[i]!).length === 0) take.push(...this.pending.splice(i, 1));
      const results = await Promise.all(take.map((u) => this.evaluate(u)));
      for (const r of results) this.found.push(...r);
    } catch (e) {
      // Not read after all (offline, say): unread again, for the next try.
      this.pending.push(...take);
      this.pending.sort((a, b) => this.compare(a.best, b.best));
      throw e;
    }
  }

  /**
   * Where the units' statements are listed (the text directory), asked for beside their parts: a hit
   * shown is read from there, so its text comes a round trip sooner. Failures are the hits' reads'.
   */
  private locateTexts(units: Unit[]): void {
    for (const u of units) {
      const seg = this.ctx.ev.view.segments[u.si]!;
      seg.locate('text', u.from - seg.base, 'range').catch(() => {});
    }
  }

  /** The parts a unit needs that are not read yet. */
  private needs(u: Unit): Array<[LongList, number]> {
    const out: Array<[LongList, number]> = [];
    for (const k of this.keys) {
      const long = k.refs[u.si]?.long;
      if (!long) continue;
      const have = this.loaded.get(long);
      for (const i of partsIn(long, u.from, u.to)) if (!have?.has(i)) out.push([long, i]);
    }
    return out;
  }

  /** Reads parts of long lists, neighbours in one request. */
  private async load(wanted: Map<LongList, Set<number>>): Promise<void> {
    await Promise.all(
      [...wanted].map(async ([long, set]) => {
        const indexes = [...set].sort((a, b) => a - b);
        const lists = await long.seg.parts(long, indexes);
        const have = this.loaded.get(long) ?? this.loaded.set(long, new Map()).get(long)!;
        indexes.forEach((i, j) => have.set(i, lists[j]!));
      }),
    );
  }

  /** A unit's postings: the whole lists' statements there, and the parts read for it. */
  private sourceOf(u: Unit): ListSource {
    const listIn = (refs: KeyRefs | undefined): PostingList | null => {
      const ref = refs?.[u.si];
      if (!ref) return null;
      if (ref.whole) return sliceList(ref.whole, u.from, u.to);
      const have = this.loaded.get(ref.long)!;
      const parts = concatLists(partsIn(ref.long, u.from, u.to).map((i) => have.get(i)!));
      return parts && sliceList(parts, u.from, u.to);
    };
    const grams = new Map(this.keys.filter((k) => k.gram !== null).map((k) => [k.gram!, k.refs]));
    const lemmas = new Map(this.keys.filter((k) => k.lemma !== null).map((k) => [k.lemma!, k.refs]));
    return { gram: (key) => listIn(grams.get(key)), lemma: (word) => listIn(lemmas.get(word)) };
  }

  private async evaluate(u: Unit): Promise<Scored[]> {
    const { ev, plan } = this.ctx;
    const source = this.sourceOf(u);
    const pos = plan.positive.map((t) => matchTerm(t.alternatives, source));
    const neg = plan.negative.map((t) => matchTerm(t.alternatives, source));
    const seg = ev.view.segments[u.si]!;
    const scored = await scoreStatements(ev, pos, neg, () => {
      const docs: number[] = [];
      for (let d = u.from; d < u.to; d++) if (seg.live(d)) docs.push(d);
      return docs;
    });
    for (const s of scored) this.matches.set(s.doc, pos.map((p) => p.get(s.doc)));
    return scored;
  }
}
