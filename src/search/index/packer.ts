/**
 * Blocks into pack files, and how big a block of each kind should be.
 *
 * Every file costs a request and counts against a static host's file limit (Cloudflare Pages: 20,000 per
 * site, with ~10,000 briefing pages); every byte of a pack is downloaded when one block in it is needed
 * (no range requests). So the index has a file budget, and each kind of block gets a share of it in
 * proportion to √(fetches per query × bytes of that kind): a first query fetches ~10 text blocks (one
 * per result) but ~3 gram blocks, so text blocks are smaller. That allocation minimises the bytes of a
 * typical first query for a given number of files (Lagrange: fetches_k × size_k / files_k balanced).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { encodePack, type PackedBlock } from '../codec.ts';
import { HASH_CHARS, packName, type BlockKind, type DirectoryEntry } from '../format.ts';

/** Blocks of one kind a typical first query fetches (see the module comment). */
const FETCHES_PER_QUERY: Record<BlockKind, number> = { gram: 3, heavy: 1, words: 1, text: 10, speakers: 0.2, stats: 0.1, briefings: 1 };

/** No block smaller than this (bytes): below it a request costs more than its bytes. */
const MIN_BLOCK_BYTES: Record<BlockKind, number> = { gram: 8192, heavy: 16384, words: 4096, text: 4096, speakers: 4096, stats: 4096, briefings: Infinity };

/** Blocks smaller than this share a pack with the next ones (a small segment is one file). */
export const MIN_PACK_BYTES = 4096;

export type BlockTargets = Record<BlockKind, number>;
/** Block sizes, and the smallest pack. */
export type SegmentTargets = BlockTargets & { pack: number };

/** Target size of a block of each kind, given the index's estimated bytes per kind and a file budget. */
export function blockTargets(bytes: Partial<Record<BlockKind, number>>, fileBudget: number): BlockTargets {
  const kinds = Object.keys(FETCHES_PER_QUERY) as BlockKind[];
  const weight = (k: BlockKind) => Math.sqrt(FETCHES_PER_QUERY[k] * Math.max(1, bytes[k] ?? 0));
  const total = kinds.reduce((n, k) => n + weight(k), 0);
  const out = {} as BlockTargets;
  for (const k of kinds) {
    const files = Math.max(1, (fileBudget * weight(k)) / total);
    out[k] = Math.max(MIN_BLOCK_BYTES[k], Math.ceil((bytes[k] ?? 0) / files));
  }
  return out;
}

export function contentName(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('base64url').slice(0, HASH_CHARS);
}

/**
 * Collects a segment's blocks into pack files in `dir`, and the directory that finds them. Packs are
 * named after a hash of all of them (finish), so the manifest lists a segment's packs by one name and a
 * count, and a name never stands for other bytes.
 */
export class Packer {
  /** Content hashes of the packs so far; after finish, `id` names the segment. */
  private readonly hashes: string[] = [];
  private readonly tmp = `tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  id = '';
  readonly directory: DirectoryEntry[] = [];
  readonly bytesByKind: Partial<Record<BlockKind, number>> = {};
  bytes = 0;
  private pending: Array<PackedBlock & { first: number | string }> = [];
  private pendingBytes = 0;
  private readonly dir: string;
  private readonly minPack: number;
  constructor(dir: string, minPack = MIN_PACK_BYTES) {
    this.dir = dir;
    this.minPack = minPack;
    mkdirSync(dir, { recursive: true });
  }
  add(kind: BlockKind, first: number | string, bytes: Uint8Array): void {
    this.pending.push({ kind, first, bytes });
    this.pendingBytes += bytes.length;
    this.bytesByKind[kind] = (this.bytesByKind[kind] ?? 0) + bytes.length;
    if (this.pendingBytes >= this.minPack) this.flush();
  }
  flush(): void {
    if (this.pending.length === 0) return;
    const data = encodePack(this.pending);
    const pack = this.hashes.length;
    this.hashes.push(contentName(data));
    writeFileSync(path.join(this.dir, `${this.tmp}-${pack}`), data);
    this.pending.forEach((b, slot) => this.directory.push({ kind: b.kind, first: b.first, pack, slot }));
    this.bytes += data.length;
    this.pending = [];
    this.pendingBytes = 0;
  }

  /** Flushes the last pack and names them all; returns the segment's id. */
  finish(): string {
    this.flush();
    this.id = contentName(this.hashes.join(''));
    this.hashes.forEach((_, i) => renameSync(path.join(this.dir, `${this.tmp}-${i}`), path.join(this.dir, packName(this.id, i))));
    return this.id;
  }
  get packCount(): number {
    return this.hashes.length;
  }
}
