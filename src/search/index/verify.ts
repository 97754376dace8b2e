/**
 * A written index read back (build time, Node): what a build checks in its output before it publishes
 * it, trusting none of the writer's figures. From the files alone:
 * - every pack is read and checked against the content address the manifest gives it (a segment's id
 *   is the hash of its packs' hashes, packer.ts), and the facets file against its name;
 * - every block of the directory (nested lists through their directory blocks) lies inside its pack;
 * - the statements are counted from the blocks that hold one entry per statement — the stats blocks —
 *   and checked against the briefings table, the manifest, and the deleted ranges.
 *
 * The packs' hashes vouch for every byte the packer wrote; decoding every block as well (its text
 * included) would cost ~4 s more at 10,000 briefings and find nothing the hashes miss.
 */
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { blockTag, decodeBriefingsBlock, decodeDirectory, decodeDirectoryBlock, decodeStatsBlock, inflateStoredWith } from '../codec.ts';
import { facetsPath, FORMAT_VERSION, MANIFEST, packPath, type DirectoryEntry, type Manifest, type ManifestSegment } from '../format.ts';
import { contentName } from './packer.ts';

export interface IndexReadBack {
  /** Statements that can be found, counted from the stats blocks less the deleted ones. */
  statements: number;
  packs: number;
  bytes: number;
  /** What is wrong, one line each, naming the file (`search/p/…`). */
  problems: string[];
}

/** One segment's packs: read, hashed, their sizes kept for the directory's checks. */
function readPacks(searchDir: string, s: ManifestSegment, problems: string[]): { sizes: number[]; bytes: number } | null {
  const hashes: string[] = [];
  const sizes: number[] = [];
  let bytes = 0;
  for (let i = 0; i < s.packs; i++) {
    const file = path.join(searchDir, packPath(s.id, i));
    if (!existsSync(file)) {
      problems.push(`search/${packPath(s.id, i)} is missing`);
      return null;
    }
    const data = readFileSync(file);
    hashes.push(contentName(data));
    sizes.push(data.length);
    bytes += data.length;
  }
  if (contentName(hashes.join('')) !== s.id) {
    problems.push(`search/${packPath(s.id, 0)}…: the packs of segment ${s.id} are not the bytes their names stand for`);
    return null;
  }
  return { sizes, bytes };
}

/** A block's raw bytes, read from its range of its pack. */
function blockOf(searchDir: string, s: ManifestSegment, e: DirectoryEntry): Uint8Array {
  const fd = openSync(path.join(searchDir, packPath(s.id, e.pack)), 'r');
  try {
    const stored = new Uint8Array(e.length);
    readSync(fd, stored, 0, e.length, e.offset);
    return inflateStoredWith(stored, (b) => inflateSync(b), blockTag(s.salt, e.kind, e.first));
  } finally {
    closeSync(fd);
  }
}

/** Checks one segment's directory and counts its live statements; null (and problems) when it does not hold together. */
function countSegment(searchDir: string, s: ManifestSegment, sizes: number[], problems: string[]): number | null {
  const where = `search/${packPath(s.id, 0)}… (segment ${s.id})`;
  const lists = decodeDirectory(s.directory).lists;
  const outside = (list: DirectoryEntry[]) => list.find((e) => e.pack >= sizes.length || e.offset + e.length > sizes[e.pack]!);
  const top = lists.flatMap((l) => l.entries);
  // A nested list's directory blocks are read only once they are known to lie inside their packs.
  let bad = outside(top);
  const nested = bad ? [] : lists.filter((l) => l.nested).flatMap((l) => l.entries.flatMap((e) => decodeDirectoryBlock(blockOf(searchDir, s, e)).entries));
  bad ??= outside(nested);
  if (bad) {
    problems.push(`${where}: a ${bad.kind} block lies outside its pack (pack ${bad.pack}, bytes ${bad.offset}+${bad.length})`);
    return null;
  }
  const entries = [...top, ...nested];
  const table = entries.filter((e) => e.kind === 'briefings').map((e) => decodeBriefingsBlock(blockOf(searchDir, s, e)));
  const inTable = table.reduce((n, t) => n + t.counts.reduce((a, c) => a + c, 0), 0);
  const stats = entries.filter((e) => e.kind === 'stats').reduce((n, e) => n + decodeStatsBlock(blockOf(searchDir, s, e)).stats.length, 0);
  if (table.length !== 1 || inTable !== s.docs || stats !== s.docs) {
    problems.push(`${where}: the manifest says ${s.docs} statement(s), its briefings table ${inTable}, its stats blocks ${stats}`);
    return null;
  }
  let deleted = 0;
  for (let i = 0; i + 1 < s.deleted.length; i += 2) deleted += s.deleted[i + 1]!;
  return stats - deleted;
}

/** Reads the index under `searchDir` back: every pack checked, the statements counted from the blocks. */
export function readBackIndex(searchDir: string): IndexReadBack {
  const out: IndexReadBack = { statements: 0, packs: 0, bytes: 0, problems: [] };
  let m: Manifest;
  try {
    m = JSON.parse(readFileSync(path.join(searchDir, MANIFEST), 'utf8')) as Manifest;
  } catch (error) {
    out.problems.push(`search/${MANIFEST} cannot be read (${(error as Error).message})`);
    return out;
  }
  if (m.format !== FORMAT_VERSION || !Array.isArray(m.segments)) out.problems.push(`search/${MANIFEST} is of format ${String(m.format)}, not ${FORMAT_VERSION}`);
  const facets = path.join(searchDir, facetsPath(m.facets));
  if (!existsSync(facets) || contentName(readFileSync(facets)) !== m.facets) out.problems.push(`search/${facetsPath(m.facets)} is missing or not the bytes its name stands for`);
  for (const s of m.segments ?? []) {
    const packs = readPacks(searchDir, s, out.problems);
    if (!packs) continue;
    out.packs += s.packs;
    out.bytes += packs.bytes;
    try {
      out.statements += countSegment(searchDir, s, packs.sizes, out.problems) ?? 0;
    } catch (error) {
      out.problems.push(`search/${packPath(s.id, 0)}… (segment ${s.id}) does not decode: ${(error as Error).message}`);
    }
  }
  if (out.problems.length === 0 && out.statements !== m.docs) out.problems.push(`search/${MANIFEST} says ${m.docs} statement(s), its blocks hold ${out.statements}`);
  return out;
}
