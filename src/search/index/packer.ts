/**
 * Blocks into pack files, the directory that finds them, and how big blocks and packs should be.
 *
 * A query reads blocks, not packs: each block is compressed on its own and is one byte range of its
 * pack, which a host with range requests serves alone. So a block's size is what one lookup costs,
 * whatever the pack, and is fixed here (BLOCK_BYTES) by what a lookup needs.
 *
 * A host that ignores ranges sends the whole pack, and then bytes per query ≈ pack size. For those, the
 * file budget still sets how big packs are: each kind of block gets a share of the files in proportion
 * to √(fetches per query × bytes of that kind) — the split that minimises a first query's bytes for that
 * many files (Lagrange: fetches_k × size_k / files_k balanced) — and a pack holds blocks of one kind.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { deflateSync, gzipSync } from 'node:zlib';
import { writeFileAtomicSync } from '../../fs/atomic.ts';
import { blockTag, directoryRuns, encodeDirectory, encodeDirectoryBlock, encodePack, storeBlock, toBase64Url, type Deflate } from '../codec.ts';
import {
  BLOCK_KINDS,
  DIRECTORY_LISTS,
  EXACT_KEYED,
  HASH_CHARS,
  listOf,
  packName,
  type BlockKind,
  type DirectoryEntry,
  type DirectoryList,
} from '../format.ts';

/** Blocks of one kind a typical first query fetches (see the module comment). */
export const FETCHES_PER_QUERY: Record<BlockKind, number> = { gram: 3, heavy: 2, words: 1, text: 10, speakers: 0.2, stats: 0.1, briefings: 1, directory: 10, head: 1, part: 2 };

/** Parts are packed with their head (they follow it in its pack): their bytes count with the head's. */
const PACKED_WITH: Partial<Record<BlockKind, BlockKind>> = { part: 'head' };

/**
 * Raw bytes of a block of each kind, before compression. Below ~4 KB a block compresses badly (text:
 * 0.47 of its bytes at 4 KB, 0.52 at 2 KB) and costs a request of its own; above, a lookup reads more
 * than it needs. `heavy` and `head` are thresholds the other way round: a gram whose postings pass
 * `heavy` is a block of its own, so that a query for it reads those postings and nothing else; a list
 * (a gram's, or a word's lemma postings) past `head` is a long list, a head and parts of about `part`
 * bytes each, so that a query reads the parts it needs and not the list. One briefings block holds the table.
 */
export const BLOCK_BYTES: Record<BlockKind, number> = { gram: 4096, heavy: 1024, words: 4096, text: 4096, speakers: 4096, stats: 4096, briefings: Infinity, directory: 0, head: 4096, part: 2048 };

/**
 * Raw bytes of a text block whose statements' text is published elsewhere (format.ts TextAt): ~25
 * statements, what a hit on a results page reads besides its text's range. Measured at 1,000
 * briefings, a first query's text blocks and ranges were 22.1 KB with 4 KB blocks, 13.6 KB with 1 KB,
 * and 11.8 KB with 512 B but a manifest 4 KB larger (its text list, inline, grows with the blocks).
 */
export const TEXT_AT_BLOCK_BYTES = 1024;

/** Blocks a directory block lists: ~0.6 KB compressed, what a lookup pays to find its block. */
export const DIRECTORY_FANOUT = 128;

/**
 * What a lookup through a directory block costs a first query, in bytes: the block (~0.5 KB) and one
 * more request, which may add a round trip. A list stays in the manifest while its gzipped size there
 * is at most its lookups per first query times this; a longer one is cut into directory blocks, the
 * manifest lists those, and a lookup reads one of them first. At 1,000 briefings that keeps the text
 * list (~12 KB gzipped, ~8 lookups a query) and nests the gram list (~28 KB, 2–4 lookups).
 */
export const DIRECTORY_LOOKUP_BYTES = 2048;

/** Blocks smaller than this share a pack at the end of a segment (a small segment is one file). */
export const MIN_PACK_BYTES = 4096;

/** Well under Cloudflare Pages' 25 MiB a file, whatever the file budget. */
export const MAX_PACK_BYTES = 16 * 1024 * 1024;

export type BlockTargets = Record<BlockKind, number>;
/** Raw block sizes, stored pack sizes per kind, the smallest pack, and how the directory nests. */
export type SegmentTargets = BlockTargets & { textAt: number; packs: Record<BlockKind, number>; pack: number; fanout: number; lookup: number };

/** Target stored size of a pack of each kind, given the index's stored bytes per kind and a file budget. */
export function packTargets(given: Partial<Record<BlockKind, number>>, fileBudget: number): Record<BlockKind, number> {
  const bytes = { ...given };
  for (const [k, into] of Object.entries(PACKED_WITH) as Array<[BlockKind, BlockKind]>) {
    bytes[into] = (bytes[into] ?? 0) + (bytes[k] ?? 0);
    delete bytes[k];
  }
  const weight = (k: BlockKind) => Math.sqrt(FETCHES_PER_QUERY[k] * Math.max(1, bytes[k] ?? 0)) * (k in PACKED_WITH ? 0 : 1);
  const total = BLOCK_KINDS.reduce((n, k) => n + weight(k), 0);
  const out = {} as Record<BlockKind, number>;
  for (const k of BLOCK_KINDS) {
    const files = Math.max(1, (fileBudget * weight(k)) / total);
    out[k] = Math.min(MAX_PACK_BYTES, Math.ceil((bytes[k] ?? 0) / files));
  }
  return out;
}

export function contentName(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('base64url').slice(0, HASH_CHARS);
}

/** zlib at its default level: level 9 measured no smaller on these blocks, and is slower. */
const deflate: Deflate = (raw) => deflateSync(raw);

interface PendingBlock {
  kind: BlockKind;
  first: number | string;
  stored: Uint8Array;
}

/** By key; of one key (a word's block and its long lemma list), the range block first. */
function byKey(a: DirectoryEntry, b: DirectoryEntry): number {
  return a.first < b.first ? -1 : a.first > b.first ? 1 : Number(EXACT_KEYED.has(a.kind)) - Number(EXACT_KEYED.has(b.kind));
}

/**
 * Collects a segment's blocks into pack files in `dir` (compressing each), and the directory that finds
 * them. Packs are named after a hash of all of them (finish), so the manifest lists a segment's packs by
 * one name and a count, and a name never stands for other bytes.
 */
export class Packer {
  /** Content hashes of the packs so far (kept in the state, where every later build checks the packs against them); after finish, `id` names the segment. */
  readonly hashes: string[] = [];
  private readonly tmp = `tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  id = '';
  /** Every block of the segment but directory blocks and parts (found through their heads), for merges. */
  readonly blocks: DirectoryEntry[] = [];
  /** The manifest's directory (codec encodeDirectory), after finish. */
  directory = '';
  /** Stored bytes per kind. */
  readonly bytesByKind: Partial<Record<BlockKind, number>> = {};
  /** Raw (uncompressed) bytes per kind. */
  readonly rawByKind: Partial<Record<BlockKind, number>> = {};
  bytes = 0;
  /** Directory blocks of the list being nested, as they are written. */
  private readonly directoryBlocks: DirectoryEntry[] = [];
  private readonly open = new Map<BlockKind, { blocks: PendingBlock[]; bytes: number }>();
  private readonly dir: string;
  private readonly targets: Pick<SegmentTargets, 'packs' | 'pack' | 'fanout' | 'lookup'>;
  /** The segment's salt: every block's tag is made of it (codec.ts blockTag). */
  readonly salt: string;
  constructor(dir: string, targets: Pick<SegmentTargets, 'packs' | 'pack' | 'fanout' | 'lookup'>, salt: string) {
    this.dir = dir;
    this.targets = targets;
    this.salt = salt;
    mkdirSync(dir, { recursive: true });
  }

  /** Adds a block (raw bytes); blocks of a kind must come in key order. */
  add(kind: BlockKind, first: number | string, raw: Uint8Array): void {
    this.append(kind, [{ kind, first, stored: storeBlock(raw, deflate, blockTag(this.salt, kind, first)), raw: raw.length }]);
  }

  /**
   * Adds a long list: its parts (raw), then its head, made from the parts' stored lengths; the head and
   * its parts go into one pack, the head first and the parts right after it, so the head's place
   * locates them. Only the head is listed in the directory. A part's tag is made of its head's key.
   */
  addLong(first: number | string, parts: Uint8Array[], headOf: (storedLengths: number[]) => Uint8Array): void {
    const stored = parts.map((raw) => ({ kind: 'part' as const, first, stored: storeBlock(raw, deflate, blockTag(this.salt, 'part', first)), raw: raw.length }));
    const head = headOf(stored.map((b) => b.stored.length));
    this.append('head', [{ kind: 'head', first, stored: storeBlock(head, deflate, blockTag(this.salt, 'head', first)), raw: head.length }, ...stored]);
  }

  /** Blocks onto the open pack of `packKind`, together: a new pack first when they would overflow it. */
  private append(packKind: BlockKind, blocks: Array<PendingBlock & { raw: number }>): void {
    const size = blocks.reduce((n, b) => n + b.stored.length, 0);
    const current = this.open.get(packKind);
    if (current && current.bytes + size > Math.min(MAX_PACK_BYTES, Math.max(1, this.targets.packs[packKind]))) this.flush([packKind]);
    let open = this.open.get(packKind);
    if (!open) this.open.set(packKind, (open = { blocks: [], bytes: 0 }));
    for (const { raw, ...b } of blocks) {
      open.blocks.push(b);
      this.bytesByKind[b.kind] = (this.bytesByKind[b.kind] ?? 0) + b.stored.length;
      this.rawByKind[b.kind] = (this.rawByKind[b.kind] ?? 0) + raw;
    }
    open.bytes += size;
  }

  /** Writes the open packs of `kinds` as one pack. */
  private flush(kinds: BlockKind[]): void {
    const blocks = kinds.flatMap((k) => this.open.get(k)?.blocks ?? []);
    for (const k of kinds) this.open.delete(k);
    if (blocks.length === 0) return;
    const { bytes, spans } = encodePack(blocks.map((b) => b.stored));
    const pack = this.hashes.length;
    this.hashes.push(contentName(bytes));
    // Whole under its temporary name; finish() gives it its content name once every pack is written.
    writeFileAtomicSync(path.join(this.dir, `${this.tmp}-${pack}`), bytes);
    // Parts are found through their head, not the directory.
    blocks.forEach((b, i) => b.kind !== 'part' && (b.kind === 'directory' ? this.directoryBlocks : this.blocks).push({ kind: b.kind, first: b.first, pack, ...spans[i]! }));
    this.bytes += bytes.length;
  }

  /** Flushes what is left: kinds whose last pack is small share one. */
  private flushAll(): void {
    const small = [...this.open].filter(([, o]) => o.bytes < this.targets.pack).map(([k]) => k);
    for (const k of [...this.open.keys()]) if (!small.includes(k)) this.flush([k]);
    this.flush(small);
  }

  /**
   * Writes the last packs, then the directory: per list, its blocks in the manifest, or directory
   * blocks listing them (in packs of their own) when the list is too long for the manifest. Names the
   * packs; returns the segment's id.
   */
  finish(): string {
    this.flushAll();
    const lists: Array<{ list: DirectoryList; nested: boolean; entries: DirectoryEntry[] }> = [];
    for (const list of DIRECTORY_LISTS) {
      const entries = this.blocks.filter((e) => listOf(e.kind, e.first) === list).sort(byKey);
      if (entries.length === 0) continue;
      const inline = gzipSync(toBase64Url(encodeDirectoryBlock(list, entries))).length;
      if (entries.length <= this.targets.fanout || inline <= FETCHES_PER_QUERY[list] * this.targets.lookup) {
        lists.push({ list, nested: false, entries });
        continue;
      }
      for (const run of directoryRuns(list, entries, this.targets.fanout)) this.add('directory', run.first, encodeDirectoryBlock(list, run.entries));
      this.flushAll();
      lists.push({ list, nested: true, entries: this.directoryBlocks.splice(0) });
    }
    this.directory = encodeDirectory({ lists });
    this.id = contentName(this.hashes.join(''));
    this.hashes.forEach((_, i) => renameSync(path.join(this.dir, `${this.tmp}-${i}`), path.join(this.dir, packName(this.id, i))));
    return this.id;
  }

  get packCount(): number {
    return this.hashes.length;
  }
}
