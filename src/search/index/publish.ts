/**
 * Publishing the index: the complete index written into `<outDir>/search/` from the cache's state —
 * the live segments' packs, the facets and the manifest. The writer (writer.ts) calls it once the
 * state is up to date; the build then reads what it wrote back (verify.ts).
 */
import { constants, copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FACETS_DIR, facetsPath, FORMAT_VERSION, MANIFEST, PACK_DIR, packName, packPath, type Facets, type Manifest } from '../format.ts';
import { compactName } from '../../model/names.ts';
import { contentName } from './packer.ts';
import type { BriefingState, IndexState } from './state.ts';

/** What was published: files and bytes written, and the statements and briefings the state says it holds. */
export interface PublishedIndex {
  files: number;
  bytes: number;
  statements: number;
  briefings: number;
}

/**
 * Puts a pack into the output without sharing a file with the cache. Kept when it is there already
 * with the cache pack's size (the dev server writes into the same directory again and again); linked
 * from the previous build's output (`reuse`) when that file has no other name — so it is no cache
 * file, and the previous output is removed once this one is published — and holds the pack's bytes;
 * else copied from the cache (a copy-on-write clone where the file system has one). Copying is what
 * costs: at 1,000 briefings, 11,600 small files take 1–2 s of CPU on ext4, where checking and linking
 * the previous build's take ~0.2 s.
 */
function placePack(from: string, to: string, hash: string, reuse: string | undefined): void {
  const size = statSync(from).size;
  if (existsSync(to) && statSync(to).size === size) return;
  const previous = reuse ? path.join(reuse, PACK_DIR, path.basename(to)) : null;
  if (previous && existsSync(previous)) {
    const s = statSync(previous);
    if (s.nlink === 1 && s.size === size && contentName(readFileSync(previous)) === hash) {
      try {
        linkSync(previous, to);
        return;
      } catch {
        // Another file system, or no links there: copied below.
      }
    }
  }
  copyFileSync(from, to, constants.COPYFILE_FICLONE);
}

/**
 * The complete index in `searchDir`: the segments' packs, facets, manifest. No pack is a link to the
 * cache's (placePack): a link would let anything that edits the published site edit the cache, and the
 * reverse. The build then reads the whole index back from the output (verify.ts).
 */
export function publishIndex(state: IndexState, packDir: string, searchDir: string, base: string, reuse?: string): PublishedIndex {
  // Remove only what an earlier index wrote: the site has a page of its own under search/.
  for (const sub of [FACETS_DIR, MANIFEST, 'g', 'x', 's', 'm', 't', 'd']) rmSync(path.join(searchDir, sub), { recursive: true, force: true });
  mkdirSync(path.join(searchDir, PACK_DIR), { recursive: true });
  mkdirSync(path.join(searchDir, FACETS_DIR), { recursive: true });
  const live = new Set(state.segments.flatMap((s) => Array.from({ length: s.packs }, (_, i) => packName(s.id, i))));
  for (const name of readdirSync(path.join(searchDir, PACK_DIR))) if (!live.has(name)) rmSync(path.join(searchDir, PACK_DIR, name), { force: true });
  let files = 0;
  let bytes = 0;
  for (const s of state.segments) {
    for (let i = 0; i < s.packs; i++) {
      const to = path.join(searchDir, packPath(s.id, i));
      placePack(path.join(packDir, packName(s.id, i)), to, s.hashes[i]!, reuse);
      files++;
      bytes += statSync(to).size;
    }
  }
  const all = state.segments.flatMap((s) => s.briefings);
  const facetsJson = JSON.stringify(facetsOf(all));
  const facets = contentName(facetsJson);
  writeFileSync(path.join(searchDir, facetsPath(facets)), facetsJson);
  const docs = all.reduce((n, b) => n + b.count, 0);
  const manifest: Manifest = {
    format: FORMAT_VERSION,
    base,
    built: new Date().toISOString(),
    docs,
    avgLen: docs ? all.reduce((n, b) => n + b.len, 0) / docs : 0,
    briefings: all.length,
    segments: state.segments.map((s) => ({ id: s.id, docs: s.docs, deleted: s.deleted, packs: s.packs, salt: s.salt, directory: s.directory })),
    facets,
  };
  const manifestJson = JSON.stringify(manifest);
  writeFileSync(path.join(searchDir, MANIFEST), manifestJson);
  files += 2;
  bytes += Buffer.byteLength(facetsJson) + Buffer.byteLength(manifestJson);
  return { files, bytes, statements: docs, briefings: all.length };
}

/** Most statements first, then by name. */
const byCount = <T extends [string, ...unknown[]]>(n: (x: T) => number) => (a: T, b: T) => n(b) - n(a) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

function facetsOf(all: BriefingState[]): Facets {
  const kinds = new Map<string, number>();
  const people = new Map<string, [string, string[], number]>();
  const positions = new Map<string, number>();
  let from = '';
  let to = '';
  // Newest first, so that a person's positions list the latest first.
  for (const b of all.toSorted((x, y) => (x.date < y.date ? 1 : x.date > y.date ? -1 : 0))) {
    if (b.kind) kinds.set(b.kind, (kinds.get(b.kind) ?? 0) + 1);
    for (const [person, position, n] of b.people) {
      // One person however briefings space the name (中谷 元, 中谷元): the spelling with the space is
      // kept, since it tells the family name apart (model/identity.ts speakerQuery).
      const key = compactName(person);
      const p = people.get(key) ?? [person, [], 0];
      if (!/\s/u.test(p[0]) && /\s/u.test(person)) p[0] = person;
      p[2] += n;
      if (position && !p[1].includes(position)) p[1].push(position);
      people.set(key, p);
      if (position) positions.set(position, (positions.get(position) ?? 0) + n);
    }
    if (!from || b.date < from) from = b.date;
    if (!to || b.date > to) to = b.date;
  }
  return {
    kinds: [...kinds].sort(byCount((k) => k[1])),
    // Every person: the speaker filter reads a query against them all (model/identity.ts speakerQuery).
    people: [...people.values()].sort(byCount((p) => p[2])),
    positions: [...positions].sort(byCount((p) => p[1])),
    from,
    to,
  };
}
