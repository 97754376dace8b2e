/**
 * Astro's incremental build keeps a copy of every page it rendered (`<cacheDir>/dist/`) and copies it
 * into the next build's output when the page's code and cache key are unchanged — without reading it.
 * Like every cache of this project, those copies are checked before they are used: after a build each
 * copy's SHA-256 is sealed (`<cacheDir>/kaiken/page-copies`, a checked entry), and before the next one
 * a copy that is not as sealed (changed, cut short, unknown) is removed, with one warning, so Astro
 * renders that page again instead of copying it.
 *
 * Takes: Astro's cache directory. Gives: copies that are as they were written, or none.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { eachAtOnce, FILES_AT_ONCE } from '../../fs/at-once.ts';
import { readJsonEntry, writeEntry, type DamageReport } from '../../fs/checked.ts';

/** A copy as checked: its digest, and its size and time, to know it is the file that was checked. */
interface Seal {
  digest: string;
  size: number;
  mtimeMs: number;
}

/** Where Astro keeps its copies (astro/dist/core/build/incremental.js). */
export function pageCopiesDir(astroCacheDir: string): string {
  return path.join(astroCacheDir, 'dist');
}

function sealsFile(astroCacheDir: string): string {
  return path.join(astroCacheDir, 'kaiken', 'page-copies');
}

/** The copies, relative to their directory. */
async function copiesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

async function sealOf(file: string): Promise<Seal> {
  const [bytes, s] = await Promise.all([readFile(file), stat(file)]);
  return { digest: createHash('sha256').update(bytes).digest('base64url'), size: s.size, mtimeMs: s.mtimeMs };
}

/**
 * Removes every copy that is not as the last build sealed it, and gives the seals of those kept. A
 * seals entry that is damaged or missing seals nothing: every copy goes (each page is rendered again).
 */
export async function checkPageCopies(astroCacheDir: string, onDamage: DamageReport): Promise<{ kept: Map<string, Seal>; removed: number }> {
  const dir = pageCopiesDir(astroCacheDir);
  const copies = await copiesIn(dir);
  const kept = new Map<string, Seal>();
  if (copies.length === 0) return { kept, removed: 0 };
  const read = await readJsonEntry<Record<string, string>>(sealsFile(astroCacheDir));
  if (!read.ok && read.reason !== null) onDamage(sealsFile(astroCacheDir), read.reason, 'the pages it sealed are rendered again');
  const sealed = read.ok ? read.value : {};
  let removed = 0;
  await eachAtOnce(copies, FILES_AT_ONCE, async (rel) => {
    const file = path.join(dir, rel);
    const now = sealed[rel] === undefined ? null : await sealOf(file);
    if (now && now.digest === sealed[rel]) {
      kept.set(rel, now);
      return;
    }
    if (now) onDamage(file, 'not as written', 'its page is rendered again');
    await rm(file, { force: true });
    removed++;
  });
  return { kept, removed };
}

/** Seals every copy there is now: those checked before the build and not touched since as they were, the others read. */
export async function sealPageCopies(astroCacheDir: string, checked: ReadonlyMap<string, Seal>): Promise<number> {
  const dir = pageCopiesDir(astroCacheDir);
  const seals: Record<string, string> = {};
  await eachAtOnce(await copiesIn(dir), FILES_AT_ONCE, async (rel) => {
    const file = path.join(dir, rel);
    const had = checked.get(rel);
    const s = had ? await stat(file) : null;
    seals[rel] = had && s!.size === had.size && s!.mtimeMs === had.mtimeMs ? had.digest : (await sealOf(file)).digest;
  });
  await writeEntry(sealsFile(astroCacheDir), JSON.stringify(seals));
  return Object.keys(seals).length;
}
