/**
 * The engine's view of the index: the manifest's segments, each with its block directory, and the blocks
 * a query asks for, each read as its byte range of its pack and inflated. Statement ids are global
 * here: a segment's ids follow those of the segments before it (deleted statements keep their ids and
 * are never returned).
 */
import {
  CodecError,
  decodeBriefingsBlock,
  decodeDirectory,
  decodeDirectoryBlock,
  decodeHeadBlock,
  decodePostings,
  decodeSpeakersBlock,
  decodeStatsBlock,
  decodeTextBlock,
  decodeWordsBlock,
  findInList,
  GramBlock,
  blockTag,
  inflateStored,
} from '../codec.ts';
import {
  FORMAT_VERSION,
  isBigramKey,
  MANIFEST,
  packPath,
  POSTING,
  WINDOW,
  type BriefingsBlock,
  type DirectoryEntry,
  type DirectoryList,
  type ListHead,
  type Manifest,
  type PartSummary,
  type PostingKind,
  type PostingList,
  type SpeakersBlock,
  type StatsBlock,
  type TextBlock,
  type WordEntry,
} from '../format.ts';
import { memo, SearchIndexError, type Files } from './loader.ts';

/** A part of a long list as the engine places it: its statements' (global) id range and its byte range. */
export interface PartRef extends PartSummary {
  /** Global ids [from, to) of the windows it covers. */
  from: number;
  to: number;
  offset: number;
}

/** A long list of a segment: its head, and where each part is. */
export interface LongList {
  seg: Segment;
  head: ListHead;
  parts: PartRef[];
  pack: number;
  /** The head's key: each part's tag is made of it (codec.ts blockTag). */
  first: number | string;
}

/**
 * A key's postings in one segment: the whole list (from a gram, heavy or words block), or a long list
 * whose parts are read as a query needs them.
 */
export type ListRef = { whole: PostingList; long?: undefined } | { long: LongList; whole?: undefined };

/** A segment's briefings table with each briefing's first (global) statement id. */
export interface BriefingTable extends BriefingsBlock {
  starts: Int32Array;
}

export class Segment {
  readonly base: number;
  readonly docs: number;
  private readonly id: string;
  private readonly salt: string;
  private readonly lists: Map<DirectoryList, { nested: boolean; entries: DirectoryEntry[] }>;
  private readonly files: Files;
  private readonly deleted: Uint8Array | null;
  private readonly deletedPairs: number[];
  private readonly decoded = new Map<string, Promise<unknown>>();

  constructor(entry: Manifest['segments'][number], base: number, files: Files) {
    this.base = base;
    this.docs = entry.docs;
    this.id = entry.id;
    this.salt = entry.salt;
    this.files = files;
    this.lists = new Map(decodeDirectory(entry.directory).lists.map((l) => [l.list, l]));
    this.deleted = entry.deleted.length > 0 ? new Uint8Array(entry.docs) : null;
    this.deletedPairs = entry.deleted;
    for (let i = 0; i < entry.deleted.length; i += 2) this.deleted!.fill(1, entry.deleted[i]!, entry.deleted[i]! + entry.deleted[i + 1]!);
  }

  /** True for a live statement of this segment (global id). */
  live(doc: number): boolean {
    return doc >= this.base && doc < this.base + this.docs && !(this.deleted && this.deleted[doc - this.base]);
  }

  /** The deleted statements, as ranges [from, to) of global ids. */
  deletedRanges(): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    for (let i = 0; i < this.deletedPairs.length; i += 2) out.push([this.base + this.deletedPairs[i]!, this.base + this.deletedPairs[i]! + this.deletedPairs[i + 1]!]);
    return out;
  }

  /** A block's bytes, inflated and decoded once. */
  private read<T>(e: DirectoryEntry, decode: (raw: Uint8Array) => T): Promise<T> {
    return memo(this.decoded, `${e.pack}:${e.offset}`, async () => {
      const stored = await this.files.range(packPath(this.id, e.pack), e);
      try {
        return decode(await inflateStored(stored, blockTag(this.salt, e.kind, e.first)));
      } catch (err) {
        if (err instanceof CodecError || err instanceof RangeError) {
          throw new SearchIndexError(
            'damaged',
            `search/${packPath(this.id, e.pack)} is damaged: its ${e.kind} block at bytes ${e.offset}+${e.length} does not decode (${(err as Error).message}). Run \`npm run build\` to write the index again.`,
          );
        }
        throw err;
      }
    }) as Promise<T>;
  }

  /** The block of `list` holding `key` (see findInList), through a directory block when the list is nested. */
  async locate(list: DirectoryList, key: number | string, want: 'any' | 'exact' | 'range' = 'any'): Promise<DirectoryEntry | null> {
    const l = this.lists.get(list);
    const top = l ? findInList(l.entries, key, l.nested ? 'range' : want) : null;
    if (!l || !top || !l.nested) return top;
    const run = await this.read(top, decodeDirectoryBlock);
    if (run.list !== list) throw new SearchIndexError('damaged', `a directory block of the search index lists ${run.list} blocks, not ${list}. Run \`npm run build\` to write the index again.`);
    return findInList(run.entries, key, want);
  }

  private async block<T>(list: DirectoryList, key: number | string, decode: (raw: Uint8Array) => T): Promise<T | null> {
    const e = await this.locate(list, key, 'range');
    return e ? this.read(e, decode) : null;
  }

  /** A posting list's bytes decoded, ids made global; damage is a stale index. */
  private postings(kind: PostingKind, bytes: Uint8Array): PostingList {
    try {
      return this.globalise(decodePostings(kind, bytes));
    } catch (err) {
      if (err instanceof CodecError || err instanceof RangeError) throw new SearchIndexError('damaged', `a posting list of the search index is damaged (${(err as Error).message}). Run \`npm run build\` to write the index again.`);
      throw err;
    }
  }

  /** A gram's postings in this segment, whole or long; null when the segment has none. */
  async gram(key: number): Promise<ListRef | null> {
    const kind = isBigramKey(key) ? POSTING.bigram : POSTING.unigram;
    const e = await this.locate('gram', key);
    if (!e) return null;
    if (e.kind === 'head') return { long: await this.longList(e) };
    if (e.kind === 'heavy') return { whole: await this.read(e, (raw) => this.postings(kind, raw)) };
    const postings = (await this.read(e, (raw) => new GramBlock(raw))).find(key)?.postings ?? null;
    return postings ? { whole: this.postings(kind, postings) } : null;
  }

  /** A word's readings and lemma postings (whole or long) in this segment. */
  async word(key: string): Promise<{ readings: string[]; lemma: ListRef | null }> {
    const block = await this.block('words', key, decodeWordsBlock);
    const e: WordEntry | undefined = block?.find((w) => w.key === key);
    if (!e) return { readings: [], lemma: null };
    if (e.lemmaHead) {
      const head = await this.locate('words', key, 'exact');
      if (!head) throw new SearchIndexError('stale', `the search index lists no postings for the word ${key}. Run \`npm run build\` again.`);
      return { readings: e.readings, lemma: { long: await this.longList(head) } };
    }
    return { readings: e.readings, lemma: e.lemma ? { whole: this.postings(POSTING.lemma, e.lemma) } : null };
  }

  /** A long list's head, with each part placed: ids of its windows, bytes right after the head. */
  private async longList(e: DirectoryEntry): Promise<LongList> {
    const head = await this.read(e, decodeHeadBlock);
    let offset = e.offset + e.length;
    const parts = head.parts.map((p) => {
      const from = this.base + p.window * WINDOW;
      const ref: PartRef = { ...p, from, to: Math.min(this.base + this.docs, from + p.windows * WINDOW), offset };
      offset += p.length;
      return ref;
    });
    return { seg: this, head, parts, pack: e.pack, first: e.first };
  }

  /**
   * Parts of a long list of this segment (indexes ascending), decoded: neighbours in one request where
   * they are not read yet.
   */
  async parts(list: LongList, indexes: number[]): Promise<PostingList[]> {
    const spans = indexes.map((i) => ({ kind: 'part' as const, first: list.first, pack: list.pack, offset: list.parts[i]!.offset, length: list.parts[i]!.length }));
    this.files.prefetch(packPath(this.id, list.pack), spans);
    return Promise.all(spans.map((e) => this.read(e, (raw) => this.postings(list.head.kind, raw))));
  }

  private globalise(list: PostingList): PostingList {
    if (this.base !== 0) for (let k = 0; k < list.docs.length; k++) list.docs[k]! += this.base;
    return list;
  }

  async briefings(): Promise<BriefingTable> {
    const b = await this.block('briefings', 0, decodeBriefingsBlock);
    if (!b) throw new SearchIndexError('damaged', 'a segment of the search index has no briefings table. Run `npm run build` to write the index again.');
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
  /** The files of this view's session: the index's, and those the site publishes beside it. */
  files: Files;
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
    if (e instanceof CodecError) throw new SearchIndexError('damaged', `search/${MANIFEST} is damaged (${e.message}). Run \`npm run build\` to write the index again.`);
    throw e;
  }
  return {
    manifest: m,
    segments,
    files,
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
