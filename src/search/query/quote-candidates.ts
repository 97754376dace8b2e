/**
 * Which statements may hold a quote: the first stage of the quote check, on the static index with no
 * server. The quote's character bigrams are looked up like a query's (the engine's segments, one block
 * read per bigram), each weighted by its rarity (idf), and each statement scored by the rarest-weighted
 * set of distinct quote bigrams that fall within one window of its text — so a long statement that has
 * the quote's common bigrams scattered over it does not outrank the one that says the quote.
 *
 * Reads are bounded: a frequent bigram's postings are a heavy block of their own (up to megabytes at
 * 10,000 briefings), so bigrams are read rarest first — every bigram stored in a shared gram block (rare
 * by construction: under BLOCK_BYTES.heavy of postings), up to `maxRareGrams` of them spread over the
 * quote, then heavy blocks, smallest first, at most `maxFrequentBlocks` of them and `maxFrequentBytes`
 * in all; the most frequent, kept as long lists (a head and its parts), are never read. A quote made
 * only of frequent bigrams still reads its rarest few. The sizes come from the
 * block directory, before anything is read.
 *
 * Positions are offsets in the statement's search form (src/japanese/normalize.ts), as the index keeps
 * them; the window returned is in the same coordinates, for the alignment.
 */
import { bigramKey, FLAG_BITS } from '../format.ts';
import type { IndexView } from './segments.ts';
import { isSoft } from '../../compare/align.ts';

export interface CandidateOptions {
  /** Statements returned, best first (default 30). */
  candidates?: number;
  /** Rare bigrams read at most, spread over the quote (default 64). */
  maxRareGrams?: number;
  /** Heavy blocks (frequent bigrams' postings) read at most, over all segments (default 8). */
  maxFrequentBlocks?: number;
  /** Stored bytes of heavy blocks read at most (default 1 MiB): a very frequent bigram alone can pass a megabyte at 10,000 briefings. */
  maxFrequentBytes?: number;
}

export interface Candidate {
  /** Global statement id. */
  doc: number;
  /** Sum of the idf of the distinct quote bigrams inside the best window. */
  score: number;
  /** [start, end) of the statement's search form where the alignment should look. */
  window: [number, number];
}

interface Gram {
  key: number;
  /** Bytes of heavy blocks over all segments (0: every segment keeps it in a shared gram block). */
  heavyBytes: number;
  heavyBlocks: number;
  /** Position in the quote of its first occurrence (to spread the rare ones). */
  at: number;
}

/** The quote's distinct bigrams without punctuation or spaces (、/。 may differ), with their block sizes. */
async function gramsOf(view: IndexView, quote: string): Promise<Gram[]> {
  const seen = new Map<number, number>();
  for (let i = 0; i + 1 < quote.length; i++) {
    const a = quote.charCodeAt(i);
    const b = quote.charCodeAt(i + 1);
    if (isSoft(a) || isSoft(b)) continue;
    const key = bigramKey(a, b);
    if (!seen.has(key)) seen.set(key, i);
  }
  return Promise.all(
    [...seen].map(async ([key, at]) => {
      const entries = await Promise.all(view.segments.map((s) => s.locate('gram', key)));
      const heavy = entries.filter((e) => e && (e.kind === 'heavy' || e.kind === 'head') && e.first === key);
      // A long list (a head and its parts: the archive's most frequent bigrams) is never read whole here.
      const bytes = heavy.reduce((n, e) => n + (e!.kind === 'head' ? Infinity : e!.length), 0);
      return { key, at, heavyBytes: bytes, heavyBlocks: heavy.length };
    }),
  );
}

/** The bigrams to read: rare ones spread evenly over the quote, then the smallest heavy ones. */
export function chooseGrams<G extends Pick<Gram, 'heavyBytes' | 'heavyBlocks' | 'at'>>(grams: G[], maxRare: number, maxFrequentBlocks: number, maxFrequentBytes = Infinity): G[] {
  const rare = grams.filter((g) => g.heavyBlocks === 0).sort((a, b) => a.at - b.at);
  const step = rare.length / Math.max(1, maxRare);
  const chosen = rare.length <= maxRare ? rare : Array.from({ length: maxRare }, (_, k) => rare[Math.floor(k * step)]!);
  let blocks = 0;
  let bytes = 0;
  for (const g of grams.filter((x) => x.heavyBlocks > 0).sort((a, b) => a.heavyBytes - b.heavyBytes || a.at - b.at)) {
    if (blocks + g.heavyBlocks > maxFrequentBlocks || bytes + g.heavyBytes > maxFrequentBytes) break;
    blocks += g.heavyBlocks;
    bytes += g.heavyBytes;
    chosen.push(g);
  }
  return chosen;
}

/**
 * The best window of one statement's hits (`pos × GRAMS + gram`, sorted): at most `width` characters
 * from its first hit to its last, scored by the distinct grams in it.
 */
export function bestWindow(hits: number[], weights: Float64Array, width: number): { score: number; first: number; last: number } {
  const inWindow = new Int32Array(weights.length);
  let score = 0;
  let best = { score: 0, first: 0, last: 0 };
  let lo = 0;
  for (let hi = 0; hi < hits.length; hi++) {
    const g = hits[hi]! % GRAMS;
    if (inWindow[g] === 0) score += weights[g]!;
    inWindow[g]!++;
    const pos = Math.floor(hits[hi]! / GRAMS);
    while (pos - Math.floor(hits[lo]! / GRAMS) > width) {
      const h = hits[lo++]! % GRAMS;
      inWindow[h]!--;
      if (inWindow[h] === 0) score -= weights[h]!;
    }
    if (score > best.score + 1e-9) best = { score, first: Math.floor(hits[lo]! / GRAMS), last: pos };
  }
  return best;
}

/** Hits are packed as position × GRAMS + gram index: one number, sorted by position. */
const GRAMS = 1024;

export async function quoteCandidates(view: IndexView, quote: string, opts: CandidateOptions = {}): Promise<Candidate[]> {
  const grams = chooseGrams(await gramsOf(view, quote), Math.min(opts.maxRareGrams ?? 64, GRAMS), opts.maxFrequentBlocks ?? 8, opts.maxFrequentBytes ?? 1 << 20).slice(0, GRAMS);
  const lists = await Promise.all(grams.map((g) => Promise.all(view.segments.map((s) => s.gram(g.key)))));
  const total = Math.max(1, view.manifest.docs);
  const weights = new Float64Array(grams.length);
  const hits = new Map<number, number[]>();
  lists.forEach((perSegment, g) => {
    const df = perSegment.reduce((n, ref) => n + (ref?.whole ? ref.whole.docs.length : (ref?.long?.head.docs ?? 0)), 0);
    weights[g] = Math.log(1 + total / Math.max(1, df));
    for (const ref of perSegment) {
      // Long lists are left out by chooseGrams; a segment may still keep a chosen gram long.
      const l = ref?.whole;
      if (!l) continue;
      for (let k = 0; k < l.docs.length; k++) {
        let h = hits.get(l.docs[k]!);
        if (!h) hits.set(l.docs[k]!, (h = []));
        for (let x = l.starts[k]!; x < l.starts[k + 1]!; x++) h.push((l.at[x]! >>> FLAG_BITS) * GRAMS + g);
      }
    }
  });
  // A dropped clause may stretch the quote's span in the statement: allow as much again as the quote.
  const width = 2 * quote.length + 40;
  const scored: Candidate[] = [];
  for (const [doc, h] of hits) {
    if (!view.segmentOf(doc).live(doc)) continue;
    h.sort((a, b) => a - b);
    const w = bestWindow(h, weights, width);
    scored.push({ doc, score: w.score, window: [Math.max(0, w.first - quote.length), w.last + quote.length + 2] });
  }
  scored.sort((a, b) => b.score - a.score || a.doc - b.doc);
  return scored.slice(0, opts.candidates ?? 30);
}
