/**
 * Long posting lists (a frequent gram's, or a frequent word's lemma postings): cut into parts between
 * windows of statement ids (WINDOW), each part summarised in the list's head — its statements, the
 * frontier of their occurrences and lengths, the most whole-word occurrences one of them has, whether
 * words start or end in it: what bounds any statement's score there for any query, without reading it — and the
 * list's statements counted per month, so that a one-word query's total and chart need no postings.
 */
import { decodePostings, encodeHeadBlock, PostingWriter } from '../codec.ts';
import { summaryOf, WINDOW, type PartSummary, type PostingKind } from '../format.ts';

export interface LongList {
  /** The parts' posting lists, raw. */
  parts: Uint8Array[];
  /** The head, raw, once the parts' stored lengths are known. */
  head(storedLengths: number[]): Uint8Array;
}

/**
 * Cuts the encoded list `postings` (of a segment, local ids) into parts of about `target` raw bytes,
 * each ending at a window's end; `monthOf` gives a statement's month (format.ts monthOfDay).
 */
export function splitLongList(kind: PostingKind, postings: Uint8Array, target: number, monthOf: (doc: number) => number): LongList {
  const list = decodePostings(kind, postings);
  const parts: Uint8Array[] = [];
  const summaries: PartSummary[] = [];
  const months = new Map<number, number>();
  let writer: PostingWriter | null = null;
  // The part being written: its first statement (index in the list) and window, and its last window.
  let first = 0;
  let firstWindow = 0;
  let lastWindow = -1;
  const close = (end: number) => {
    if (!writer) return;
    parts.push(writer.finish());
    summaries.push({ window: firstWindow, windows: lastWindow - firstWindow + 1, length: 0, ...summaryOf(kind, list, first, end) });
    writer = null;
  };
  for (let k = 0; k < list.docs.length; k++) {
    const doc = list.docs[k]!;
    const window = Math.floor(doc / WINDOW);
    if (writer !== null && window !== lastWindow && (writer as PostingWriter).bytes >= target) close(k);
    if (!writer) [writer, first, firstWindow] = [new PostingWriter(kind), k, window];
    const from = list.starts[k]!;
    const to = list.starts[k + 1]!;
    writer.add(doc, list.stats[k]!, list.at.subarray(from, to), list.len ? list.len.subarray(from, to) : undefined);
    lastWindow = window;
    const m = monthOf(doc);
    months.set(m, (months.get(m) ?? 0) + 1);
  }
  close(list.docs.length);
  const keys = [...months.keys()];
  const firstMonth = keys.length > 0 ? Math.min(...keys) : 0;
  const lastMonth = keys.length > 0 ? Math.max(...keys) : -1;
  const counts = Array.from({ length: lastMonth - firstMonth + 1 }, (_, i) => months.get(firstMonth + i) ?? 0);
  return {
    parts,
    head: (lengths) => encodeHeadBlock({ kind, docs: list.docs.length, parts: summaries.map((s, i) => ({ ...s, length: lengths[i]! })), firstMonth, months: counts }),
  };
}
