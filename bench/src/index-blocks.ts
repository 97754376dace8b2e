/**
 * The blocks of a written search index, read back from its packs: what each kind of block costs a host
 * (stored bytes) and a query (raw bytes once inflated). The bench's site figures and
 * `npm run search-figures` both count the index by kind with it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { decodeDirectory, decodeDirectoryBlock, decodeHeadBlock, packSlice } from '../../src/search/codec.ts';
import { MANIFEST, packPath, type BlockKind, type DirectoryEntry, type Manifest } from '../../src/search/format.ts';

export interface IndexBlock {
  entry: DirectoryEntry;
  /** The block as stored (compressed), its byte range of its pack. */
  stored: Uint8Array;
  /** The pack's path under `search/`. */
  pack: string;
}

/** Every block of every segment of the index in `searchDir`, directory blocks and long lists' parts included. */
export function indexBlocks(searchDir: string): IndexBlock[] {
  const manifest = JSON.parse(readFileSync(path.join(searchDir, MANIFEST), 'utf8')) as Manifest;
  const blocks: IndexBlock[] = [];
  for (const s of manifest.segments) {
    const packs = new Map<number, Uint8Array>();
    const stored = (e: DirectoryEntry) => {
      let p = packs.get(e.pack);
      if (!p) packs.set(e.pack, (p = new Uint8Array(readFileSync(path.join(searchDir, packPath(s.id, e.pack))))));
      return packSlice(p, e);
    };
    const add = (entry: DirectoryEntry) => {
      blocks.push({ entry, stored: stored(entry), pack: packPath(s.id, entry.pack) });
      if (entry.kind !== 'head') return;
      // A long list's parts follow its head; the head alone says where (the directory does not list them).
      let offset = entry.offset + entry.length;
      for (const p of decodeHeadBlock(inflateSync(stored(entry))).parts) {
        const part: DirectoryEntry = { ...entry, kind: 'part', offset, length: p.length };
        blocks.push({ entry: part, stored: stored(part), pack: packPath(s.id, entry.pack) });
        offset += p.length;
      }
    };
    for (const l of decodeDirectory(s.directory).lists) {
      for (const e of l.entries) {
        add(e);
        if (l.nested) for (const inner of decodeDirectoryBlock(inflateSync(stored(e))).entries) add(inner);
      }
    }
  }
  return blocks;
}

export interface KindBytes {
  blocks: number;
  raw: number;
  stored: number;
}

/** Blocks, raw and stored bytes of each kind of block of the index in `searchDir`. */
export function indexBytesByKind(searchDir: string): Partial<Record<BlockKind, KindBytes>> {
  const kinds: Partial<Record<BlockKind, KindBytes>> = {};
  for (const { entry, stored } of indexBlocks(searchDir)) {
    const k = (kinds[entry.kind] ??= { blocks: 0, raw: 0, stored: 0 });
    k.blocks++;
    k.raw += inflateSync(stored).length;
    k.stored += stored.length;
  }
  return kinds;
}
