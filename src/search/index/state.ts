/**
 * What the writer remembers between builds, in the cache directory: the live segments (their packs,
 * block directories, deleted statements) and, per briefing, its content hash, place in its segment and
 * the figures the manifest and facets sum (so unchanged briefings are never read again).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { writeFileAtomicSync } from '../../fs/atomic.ts';
import path from 'node:path';
import { packName, type BlockKind, type DirectoryEntry } from '../format.ts';

export interface BriefingState {
  slug: string;
  hash: string;
  /** Id of its first statement in its segment, and how many it has. */
  first: number;
  count: number;
  date: string;
  kind: string;
  /** Sum of its statements' normalised lengths (ranking's mean length). */
  len: number;
  /** Who speaks in it by the speaker rules: [person, position in full or '', statements]. */
  people: Array<[string, string, number]>;
}

export interface SegmentState {
  id: string;
  docs: number;
  /** [first id, count] pairs, flattened: always whole briefings. */
  deleted: number[];
  briefings: BriefingState[];
  /** The segment's id names its packs: `packName(id, i)` for i < packs. */
  packs: number;
  /** The manifest's directory of the segment (codec encodeDirectory). */
  directory: string;
  /** Every block of the segment but directory blocks, where merges read them. */
  blocks: DirectoryEntry[];
  /** Stored (compressed) bytes per kind of block. */
  bytes: Partial<Record<BlockKind, number>>;
}

export interface IndexState {
  version: string;
  segments: SegmentState[];
}

const STATE_FILE = 'state.json';

export function readState(dir: string, version: string): IndexState {
  const file = path.join(dir, STATE_FILE);
  if (existsSync(file)) {
    try {
      const s = JSON.parse(readFileSync(file, 'utf8')) as IndexState;
      if (s.version === version && Array.isArray(s.segments)) return s;
    } catch {
      // A damaged state is a cold build, not an error.
    }
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return { version, segments: [] };
}

export function writeState(dir: string, state: IndexState): void {
  writeFileAtomicSync(path.join(dir, STATE_FILE), JSON.stringify(state));
}

/** Deletes pack files no live segment names (left by merges). */
export function collectGarbage(packDir: string, state: IndexState): void {
  const live = new Set(state.segments.flatMap((s) => Array.from({ length: s.packs }, (_, i) => packName(s.id, i))));
  for (const f of readdirSync(packDir)) if (!live.has(f)) rmSync(path.join(packDir, f), { force: true });
}

export function liveDocs(s: SegmentState): number {
  let deleted = 0;
  for (let i = 1; i < s.deleted.length; i += 2) deleted += s.deleted[i]!;
  return s.docs - deleted;
}

export function markDeleted(s: SegmentState, b: BriefingState): void {
  s.deleted.push(b.first, b.count);
  s.briefings = s.briefings.filter((x) => x !== b);
}
