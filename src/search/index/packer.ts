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
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { encodePack, type PackedBlock } from '../codec.ts';
import { HASH_CHARS, type BlockKind, type DirectoryEntry } from '../format.ts';

/** Blocks of one kind a typical first query fetches (see the module comment). */
const FETCHES_PER_QUERY: Record<BlockKind, number> = { gram: 3, heavy: 1, words: 1, text: 10, speakers: 0.2, stats: 0.1, briefings: 1 };

/** No block smaller than this (bytes): below it a request costs more than its bytes. */
const MIN_BLOCK_BYTES: Record<BlockKind, number> = { gram: 8192, heavy: 16384, words: 4096, text: 4096, speakers: 4096, stats: 4096, briefings: Infinity };

/** Blocks smaller than this share a pack with the next ones (a small segment is one file). */
export const MIN_PACK_BYTES = 16384;

export type BlockTargets = Record<BlockKind, number>;

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

/** Collects a segment's blocks into content-named pack files in `dir`, and the directory that finds them. */
export class Packer {
  readonly packs: string[] = [];
  readonly directory: DirectoryEntry[] = [];
  readonly bytesByKind: Partial<Record<BlockKind, number>> = {};
  bytes = 0;
  private pending: Array<PackedBlock & { first: number | string }> = [];
  private pendingBytes = 0;
  private readonly dir: string;
  constructor(dir: string) {
    this.dir = dir;
    mkdirSync(dir, { recursive: true });
  }
  add(kind: BlockKind, first: number | string, bytes: Uint8Array): void {
    this.pending.push({ kind, first, bytes });
    this.pendingBytes += bytes.length;
    this.bytesByKind[kind] = (this.bytesByKind[kind] ?? 0) + bytes.length;
    if (this.pendingBytes >= MIN_PACK_BYTES) this.flush();
  }
  flush(): void {
    if (this.pending.length === 0) return;
    const data = encodePack(this.pending);
    const name = contentName(data);
    const file = path.join(this.dir, `${name}.bin`);
    if (!existsSync(file)) writeFileSync(file, data);
    const pack = this.packs.length;
    this.packs.push(name);
    this.pending.forEach((b, slot) => this.directory.push({ kind: b.kind, first: b.first, pack, slot }));
    this.bytes += data.length;
    this.pending = [];
    this.pendingBytes = 0;
  }
}
