/**
 * A query's posting lists, per key and segment, fetched once per engine session: whole lists for a full
 * read (a long list read part by part, neighbouring parts in one request), references for a bounded
 * read (which reads the parts it needs), and the posting-list helpers both use.
 */
import type { PostingList } from '../format.ts';
import type { IndexView, ListRef, LongList } from './segments.ts';
import { memo } from './loader.ts';

/** First index in sorted `a[from..to)` whose value is ≥ x. */
export function lowerBound(a: Int32Array, x: number, from: number, to: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The statements of `list` with ids in [from, to), as a view of it (nothing copied). */
export function sliceList(list: PostingList, from: number, to: number): PostingList {
  const i = lowerBound(list.docs, from, 0, list.docs.length);
  const j = lowerBound(list.docs, to, i, list.docs.length);
  if (i === 0 && j === list.docs.length) return list;
  return { docs: list.docs.subarray(i, j), stats: list.stats.subarray(i, j), starts: list.starts.subarray(i, j + 1), at: list.at, len: list.len };
}

/** Lists of ascending, disjoint id ranges as one (a key's parts, or its lists of one segment after another). */
export function concatLists(lists: Array<PostingList | null>): PostingList | null {
  const some = lists.filter((l): l is PostingList => l !== null && l.docs.length > 0);
  if (some.length <= 1) return some[0] ?? null;
  const n = some.reduce((k, l) => k + l.docs.length, 0);
  const m = some.reduce((k, l) => k + l.starts[l.docs.length]! - l.starts[0]!, 0);
  const out: PostingList = { docs: new Int32Array(n), stats: new Uint8Array(n), starts: new Int32Array(n + 1), at: new Int32Array(m), len: some[0]!.len ? new Int32Array(m) : null };
  let d = 0;
  let a = 0;
  for (const l of some) {
    const from = l.starts[0]!;
    const to = l.starts[l.docs.length]!;
    out.docs.set(l.docs, d);
    out.stats.set(l.stats, d);
    for (let k = 0; k < l.docs.length; k++) out.starts[d + k] = l.starts[k]! - from + a;
    out.at.set(l.at.subarray(from, to), a);
    if (out.len && l.len) out.len.set(l.len.subarray(from, to), a);
    d += l.docs.length;
    a += to - from;
  }
  out.starts[n] = a;
  return out;
}

/** A key's postings: one reference per segment (null where the segment has none). */
export type KeyRefs = Array<ListRef | null>;

/** Statements a key's postings hold, deleted ones included, over every segment: from the lists or heads alone. */
export function docsOf(refs: KeyRefs): number {
  return refs.reduce((n, r) => n + (r ? (r.whole ? r.whole.docs.length : r.long.head.docs) : 0), 0);
}

/** A long list's parts, every one read (neighbours in one request), as one list. */
export async function wholeLong(long: LongList): Promise<PostingList | null> {
  return concatLists(await long.seg.parts(long, long.parts.map((_, i) => i)));
}

/** The index's postings by key, fetched once per session. */
export class Postings {
  private readonly view: IndexView;
  private readonly grams = new Map<number, Promise<KeyRefs>>();
  private readonly words = new Map<string, Promise<{ readings: string[]; lemma: KeyRefs }>>();
  constructor(view: IndexView) {
    this.view = view;
  }
  gram(key: number): Promise<KeyRefs> {
    return memo(this.grams, key, () => Promise.all(this.view.segments.map((s) => s.gram(key))));
  }
  /** A word's readings (every segment's, once each) and its lemma postings. */
  word(key: string): Promise<{ readings: string[]; lemma: KeyRefs }> {
    return memo(this.words, key, async () => {
      const parts = await Promise.all(this.view.segments.map((s) => s.word(key)));
      return { readings: [...new Set(parts.flatMap((p) => p.readings))], lemma: parts.map((p) => p.lemma) };
    });
  }
  /** A key's postings over every segment as one list, long lists read whole. */
  async whole(refs: KeyRefs): Promise<PostingList | null> {
    return concatLists(await Promise.all(refs.map((r) => (r ? (r.whole ?? wholeLong(r.long)) : null))));
  }
}
