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
  type BriefingsBlock,
  type DirectoryEntry,
  type DirectoryList,
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
  private readonly salt: string;
  private readonly lists: Map<DirectoryList, { nested: boolean; entries: DirectoryEntry[] }>;
  private readonly files: Files;
  private readonly deleted: Uint8Array | null;
  private readonly decoded = new Map<string, Promise<unknown>>();

  constructor(entry: Manifest['segments'][number], base: number, files: Files) {
    this.base = base;
    this.docs = entry.docs;
    this.id = entry.id;
    this.salt = entry.salt;
    this.files = files;
    this.lists = new Map(decodeDirectory(entry.directory).lists.map((l) => [l.list, l]));
    this.deleted = entry.deleted.length > 0 ? new Uint8Array(entry.docs) : null;
    for (let i = 0; i < entry.deleted.length; i += 2) this.deleted!.fill(1, entry.deleted[i]!, entry.deleted[i]! + entry.deleted[i + 1]!);
  }

  /** True for a live statement of this segment (global id). */
  live(doc: number): boolean {
    return doc >= this.base && doc < this.base + this.docs && !(this.deleted && this.deleted[doc - this.base]);
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
  async locate(list: DirectoryList, key: number | string): Promise<DirectoryEntry | null> {
    const l = this.lists.get(list);
    const top = l ? findInList(l.entries, key) : null;
    if (!l || !top || !l.nested) return top;
    const run = await this.read(top, decodeDirectoryBlock);
    if (run.list !== list) throw new SearchIndexError('damaged', `a directory block of the search index lists ${run.list} blocks, not ${list}. Run \`npm run build\` to write the index again.`);
    return findInList(run.entries, key);
  }

  private async block<T>(list: DirectoryList, key: number | string, decode: (raw: Uint8Array) => T): Promise<T | null> {
    const e = await this.locate(list, key);
    return e ? this.read(e, decode) : null;
  }

  /** Postings of a gram, ids made global; null when the segment has none. */
  async gram(key: number): Promise<PostingList | null> {
    const kind = isBigramKey(key) ? POSTING.bigram : POSTING.unigram;
    const e = await this.locate('gram', key);
    if (!e) return null;
    let postings: Uint8Array | null;
    if (e.kind === 'heavy') postings = await this.read(e, (raw) => raw);
    else postings = (await this.read(e, (raw) => new GramBlock(raw))).find(key)?.postings ?? null;
    if (!postings) return null;
    try {
      return this.globalise(decodePostings(kind, postings));
    } catch (err) {
      if (err instanceof CodecError || err instanceof RangeError) throw new SearchIndexError('damaged', `a posting list of the search index is damaged (${(err as Error).message}). Run \`npm run build\` to write the index again.`);
      throw err;
    }
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
