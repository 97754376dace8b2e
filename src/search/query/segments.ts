/**
 * The engine's view of the index: the manifest's segments, each with its block directory, and the blocks
 * a query asks for, fetched pack by pack. Statement ids are global here: a segment's ids follow those
 * of the segments before it (deleted statements keep their ids and are never returned).
 */
import {
  CodecError,
  decodeBriefingsBlock,
  decodeDirectory,
  decodePack,
  decodePostings,
  decodeSpeakersBlock,
  decodeStatsBlock,
  decodeTextBlock,
  decodeWordsBlock,
  GramBlock,
} from '../codec.ts';
import {
  FORMAT_VERSION,
  isBigramKey,
  MANIFEST,
  packPath,
  POSTING,
  type BlockKind,
  type BriefingsBlock,
  type DirectoryEntry,
  type Manifest,
  type PostingList,
  type SpeakersBlock,
  type StatsBlock,
  type TextBlock,
  type WordEntry,
} from '../format.ts';
import { memo, SearchIndexError, type Files } from './loader.ts';

/** A segment's briefings table with each briefing's first (global) statement id. */
export interface BriefingTable extends BriefingsBlock {
  starts: Int32Array;
}

export class Segment {
  readonly base: number;
  readonly docs: number;
  private readonly id: string;
  private readonly dir: Map<BlockKind, DirectoryEntry[]>;
  private readonly files: Files;
  private readonly deleted: Uint8Array | null;
  private readonly packCache = new Map<number, Promise<Uint8Array[]>>();
  private readonly decoded = new Map<string, Promise<unknown>>();

  constructor(entry: Manifest['segments'][number], base: number, files: Files) {
    this.base = base;
    this.docs = entry.docs;
    this.id = entry.id;
    this.files = files;
    this.dir = new Map();
    for (const e of decodeDirectory(entry.directory)) {
      let l = this.dir.get(e.kind);
      if (!l) this.dir.set(e.kind, (l = []));
      l.push(e);
    }
    this.deleted = entry.deleted.length > 0 ? new Uint8Array(entry.docs) : null;
    for (let i = 0; i < entry.deleted.length; i += 2) this.deleted!.fill(1, entry.deleted[i]!, entry.deleted[i]! + entry.deleted[i + 1]!);
  }

  /** True for a live statement of this segment (global id). */
  live(doc: number): boolean {
    return doc >= this.base && doc < this.base + this.docs && !(this.deleted && this.deleted[doc - this.base]);
  }

  private pack(i: number): Promise<Uint8Array[]> {
    return memo(this.packCache, i, async () => {
      const p = packPath(this.id, i);
      try {
        return decodePack(await this.files.binary(p)).map((b) => b.bytes);
      } catch (e) {
        if (e instanceof CodecError) throw new SearchIndexError('stale', `search/${p} is damaged (${e.message}). Run \`npm run build\` again.`);
        throw e;
      }
    });
  }

  /** The block of `kind` covering `key` (the last whose first key is ≤ key), decoded once. */
  private block<T>(kind: BlockKind, key: number | string, decode: (b: Uint8Array) => T): Promise<T | null> {
    const list = this.dir.get(kind);
    if (!list) return Promise.resolve(null);
    let lo = 0;
    let hi = list.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.first <= key) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return Promise.resolve(null);
    const e = list[found]!;
    return memo(this.decoded, `${kind}:${e.pack}:${e.slot}`, async () => {
      try {
        return decode((await this.pack(e.pack))[e.slot]!);
      } catch (err) {
        if (err instanceof CodecError || err instanceof RangeError) throw new SearchIndexError('stale', `a ${kind} block of the search index is damaged (${(err as Error).message}). Run \`npm run build\` again.`);
        throw err;
      }
    }) as Promise<T | null>;
  }

  /** Postings of a gram, ids made global; null when the segment has none. */
  async gram(key: number): Promise<PostingList | null> {
    const block = await this.block('gram', key, (b) => new GramBlock(b));
    let entry = block?.find(key) ?? null;
    if (entry && 'heavy' in entry) {
      const heavy = this.dir.get('heavy')?.find((e) => e.first === (entry as { heavy: number }).heavy);
      const hb = heavy ? await this.block('heavy', heavy.first, (b) => new GramBlock(b)) : null;
      entry = hb?.find(key) ?? null;
      if (!entry || 'heavy' in entry) throw new SearchIndexError('stale', 'a gram of the search index is missing. Run `npm run build` again.');
    }
    if (!entry) return null;
    return this.globalise(decodePostings(isBigramKey(key) ? POSTING.bigram : POSTING.unigram, entry.postings));
  }

  async word(key: string): Promise<{ readings: string[]; lemma: PostingList | null }> {
    const block = await this.block('words', key, decodeWordsBlock);
    const e: WordEntry | undefined = block?.find((w) => w.key === key);
    if (!e) return { readings: [], lemma: null };
    return { readings: e.readings, lemma: e.lemma ? this.globalise(decodePostings(POSTING.lemma, e.lemma)) : null };
  }

  private globalise(list: PostingList): PostingList {
    if (this.base !== 0) for (let k = 0; k < list.docs.length; k++) list.docs[k]! += this.base;
    return list;
  }

  async briefings(): Promise<BriefingTable> {
    const b = await this.block('briefings', 0, decodeBriefingsBlock);
    if (!b) throw new SearchIndexError('stale', 'a segment of the search index has no briefings table. Run `npm run build` again.');
    const table = b as BriefingTable;
    if (!table.starts) {
      table.starts = new Int32Array(b.counts.length);
      let at = this.base;
      for (let i = 0; i < b.counts.length; i++) {
        table.starts[i] = at;
        at += b.counts[i]!;
      }
    }
    return table;
  }

  text(doc: number): Promise<TextBlock | null> {
    return this.block('text', doc - this.base, decodeTextBlock);
  }
  speakers(doc: number): Promise<SpeakersBlock | null> {
    return this.block('speakers', doc - this.base, decodeSpeakersBlock);
  }
  stats(doc: number): Promise<StatsBlock | null> {
    return this.block('stats', doc - this.base, decodeStatsBlock);
  }
}

/** Index of the briefing holding `doc` in a table (its starts ascend). */
export function briefingIndex(t: BriefingTable, doc: number): number {
  let lo = 0;
  let hi = t.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (t.starts[mid]! <= doc) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export interface IndexView {
  manifest: Manifest;
  segments: Segment[];
  /** The segment holding a global id. */
  segmentOf(doc: number): Segment;
}

export async function openIndex(files: Files): Promise<IndexView> {
  const m = await files.json<Manifest>(MANIFEST);
  if (!m || m.format !== FORMAT_VERSION || !Array.isArray(m.segments)) {
    throw new SearchIndexError(
      'stale',
      `The search index was written by another version (format ${String(m?.format)}, this engine reads ${FORMAT_VERSION}). Run \`npm run build\` to rewrite it.`,
    );
  }
  const segments: Segment[] = [];
  let base = 0;
  try {
    for (const s of m.segments) {
      segments.push(new Segment(s, base, files));
      base += s.docs;
    }
  } catch (e) {
    if (e instanceof CodecError) throw new SearchIndexError('stale', `search/${MANIFEST} is damaged (${e.message}). Run \`npm run build\` again.`);
    throw e;
  }
  return {
    manifest: m,
    segments,
    segmentOf(doc) {
      let lo = 0;
      let hi = segments.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (segments[mid]!.base <= doc) lo = mid;
        else hi = mid - 1;
      }
      return segments[lo]!;
    },
  };
}
