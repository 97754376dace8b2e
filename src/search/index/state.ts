/**
 * What the writer remembers between builds, in the cache directory: the live segments (their packs,
 * block directories, deleted statements) and, per briefing, its content hash, place in its segment and
 * the figures the manifest and facets sum (so unchanged briefings are never read again).
 *
 * Nothing of it is trusted unchecked: the state is a checked entry (src/fs/checked.ts), and every pack
 * is read and checked against the content hash the state keeps for it before a build uses it
 * (`dropDamagedSegments`). A damaged state is a cold build; a damaged pack drops its segment, whose
 * briefings are then indexed again like new ones. Each is said once, naming the file.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { readJsonEntrySync, writeEntrySync, type DamageReport } from '../../fs/checked.ts';
import { packName, type BlockKind, type DirectoryEntry } from '../format.ts';
import { contentName } from './packer.ts';

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
  /** Each pack's content hash (packer.ts contentName); the id is the content hash of them all, joined. */
  hashes: string[];
  /** What every block's tag is made of (codec.ts blockTag). */
  salt: string;
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

/** The state's file (a checked entry; `state.json` was the unchecked one before it). */
const STATE_FILE = 'index-state.json';

export function readState(dir: string, version: string, report: DamageReport): IndexState {
  const file = path.join(dir, STATE_FILE);
  const read = readJsonEntrySync<IndexState>(file);
  if (read.ok && read.value.version === version && Array.isArray(read.value.segments)) return read.value;
  // Another version's state is a cold build, and says nothing; a damaged one says which file it was.
  if (!read.ok && read.reason !== null) report(file, read.reason, 'the search index is written again from every briefing');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return { version, segments: [] };
}

export function writeState(dir: string, state: IndexState): void {
  writeEntrySync(path.join(dir, STATE_FILE), JSON.stringify(state));
}

/** Why a segment's packs are not what its state says, or null when every pack is. */
function segmentDamage(packDir: string, s: SegmentState): { pack: string; reason: string | null } | null {
  if (!Array.isArray(s.hashes) || s.hashes.length !== s.packs || contentName(s.hashes.join('')) !== s.id) {
    return { pack: path.join(packDir, packName(s.id, 0)), reason: 'its segment is not named by the hashes of its packs' };
  }
  for (let i = 0; i < s.packs; i++) {
    const pack = path.join(packDir, packName(s.id, i));
    let bytes: Buffer;
    try {
      bytes = readFileSync(pack);
    } catch (error) {
      return { pack, reason: (error as NodeJS.ErrnoException).code === 'ENOENT' ? null : `it cannot be read (${(error as Error).message})` };
    }
    if (contentName(bytes) !== s.hashes[i]) return { pack, reason: 'its bytes are not the ones its name stands for' };
  }
  return null;
}

/**
 * Checks every pack of every segment against its content hash; a segment with a missing or damaged
 * pack is dropped from the state (its briefings are then new to the index, and indexed again). Returns
 * the briefings dropped. Reads the index once: ~0.1 s per 100 MB.
 */
export function dropDamagedSegments(state: IndexState, packDir: string, report: DamageReport): number {
  let dropped = 0;
  state.segments = state.segments.filter((s) => {
    const damage = segmentDamage(packDir, s);
    if (!damage) return true;
    dropped += s.briefings.length;
    report(damage.pack, damage.reason, `the ${s.briefings.length} briefing(s) of its segment are indexed again`);
    return false;
  });
  return dropped;
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
