/**
 * Trust nothing on disk (#17), through real `astro build`s: a damaged cache entry of any kind is
 * rebuilt with one warning naming it, the build exits 0 and publishes what a clean build publishes;
 * the published site owns its files (no inode shared with the cache), so damaging one never damages the
 * other; and no message ever asks the user to delete a cache.
 */
import { createHash } from 'node:crypto';
import { cp, link, mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSite, ROOT } from '../helpers/site.ts';

const scratch = await mkdtemp(path.join(tmpdir(), 'kaiken-cache-damage-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

const content = path.join(scratch, 'content');
const out = path.join(scratch, 'dist');
const astroCache = path.join(scratch, 'astro-cache');
const cache = path.join(astroCache, 'kaiken');
const env = { CONTENT_DIR: content, ASTRO_CACHE_DIR: astroCache };

/** Every file under `dir` (relative) with the hash of its bytes; the manifest's build time left out. */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const file = path.join(e.parentPath, e.name);
    const bytes = e.name === 'manifest.json' ? (await readFile(file, 'utf8')).replace(/"built":"[^"]+"/u, '') : await readFile(file);
    files.set(path.relative(dir, file), createHash('sha256').update(bytes).digest('hex'));
  }
  return files;
}

/** `astro build` of the scratch site: its output, and its warnings about cache entries. */
function build(): { output: string; damage: string[] } {
  const { status, output: colored } = buildSite({ outDir: out, base: '/', extraEnv: env });
  expect(status, colored).toBe(0);
  // Astro colours its log where it thinks a terminal may show it (CI=true included).
  // eslint-disable-next-line no-control-regex
  const output = colored.replace(/\u001b\[[0-9;]*m/gu, '');
  // Astro's page list may run into a warning's line: take each warning from its own start.
  const damage = [...output.matchAll(/\[WARN\] \[transcript-archive\] (cache entry [^\n]*)/gu)].map((m) => m[1]!);
  return { output, damage };
}

/** The build leaves the output it replaced to a detached process to delete: wait for it. */
async function retiredGone(): Promise<void> {
  for (let i = 0; i < 200 && (await readdir(scratch)).some((n) => n.startsWith('dist.')); i++) await new Promise((r) => setTimeout(r, 100));
  expect((await readdir(scratch)).filter((n) => n.startsWith('dist.'))).toEqual([]);
}

/** A briefing page's directory under `dir` (briefings/<year>/<slug>/). */
async function firstBriefingDir(dir: string): Promise<string> {
  const year = (await readdir(dir)).sort()[0]!;
  return path.join(dir, year, (await readdir(path.join(dir, year))).sort()[0]!);
}

async function filesIn(dir: string, keep: (name: string) => boolean): Promise<string[]> {
  return (await readdir(dir)).filter(keep).sort().map((n) => path.join(dir, n));
}

async function inodes(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const file = path.join(e.parentPath, e.name);
    const s = await stat(file);
    out.set(`${s.dev}:${s.ino}`, file);
  }
  return out;
}

describe('a build over a damaged cache', () => {
  let clean: Map<string, string>;

  it('builds the seed and the invented briefings; no file of the site shares an inode with the cache', async () => {
    await cp(path.join(ROOT, 'content'), content, { recursive: true });
    await cp(path.join(ROOT, 'tests/fixtures/content'), content, { recursive: true });
    const first = build();
    expect(first.damage).toEqual([]);
    clean = await snapshot(out);
    const cached = await inodes(astroCache);
    const shared = [...(await inodes(out))].filter(([ino]) => cached.has(ino)).map(([, file]) => path.relative(out, file));
    expect(shared).toEqual([]);
    for (const e of await readdir(path.join(out, 'search/p'))) expect((await stat(path.join(out, 'search/p', e))).nlink).toBe(1);
  });

  it('rebuilds every damaged entry with one warning naming it, exits 0 and publishes what a clean build does', async () => {
    const transcripts = path.join(cache, 'transcripts');
    const entries = await filesIn(transcripts, (n) => n.endsWith('.json') && !n.endsWith('.page.json') && n !== 'catalog.json');
    const pages = await filesIn(transcripts, (n) => n.endsWith('.page.json'));
    const damaged = {
      // The first case: a parsed transcript cut short (every later build failed).
      transcript: entries[0]!,
      page: pages.at(-1)!,
      catalog: path.join(transcripts, 'catalog.json'),
      analysis: (await filesIn(path.join(cache, 'search/analysis'), (n) => n.endsWith('.json')))[0]!,
      pack: (await filesIn(path.join(cache, 'search/index/packs'), (n) => n.endsWith('.bin')))[0]!,
      // The second case: junk in an export part (the build was stuck, naming nothing) — the
      // briefing's JSON, which every build reads for its day's file (a year's JSON Lines and CSV parts
      // are read only when that year is compressed again).
      part: (await filesIn(path.join(cache, 'exports'), (n) => n.endsWith('.json')))[0]!,
      // Astro's copy of a briefing page, which its incremental build would copy into the output unread
      // (all of them are changed below: a page is rendered, and its page tree read, only when its copy
      // cannot be used).
      pageCopy: path.join(await firstBriefingDir(path.join(astroCache, 'dist/briefings')), 'index.html'),
    };
    const pageCopies = (await readdir(path.join(astroCache, 'dist'), { recursive: true })).filter((f) => f.endsWith('.html')).map((f) => path.join(astroCache, 'dist', f));
    expect(pageCopies).toContain(damaged.pageCopy);
    await truncate(damaged.transcript, 200);
    await writeFile(damaged.page, 'junk');
    await writeFile(damaged.catalog, '{}');
    await truncate(damaged.analysis, 10);
    const pack = await readFile(damaged.pack);
    pack[Math.floor(pack.length / 2)]! ^= 0x20;
    await writeFile(damaged.pack, pack);
    await writeFile(damaged.part, `${await readFile(damaged.part, 'utf8')}{"briefing":"junk"}`);
    for (const copy of pageCopies) await writeFile(copy, (await readFile(copy, 'utf8')).replace('</article>', '<p>junk</p></article>'));

    const healed = build();
    const named = Object.fromEntries(Object.entries(damaged).map(([kind, file]) => [kind, healed.damage.filter((w) => w.includes(path.relative(ROOT, file))).length]));
    expect(named).toEqual({ transcript: 1, page: 1, catalog: 1, analysis: 1, pack: 1, part: 1, pageCopy: 1 });
    expect(healed.damage).toHaveLength(6 + pageCopies.length);
    expect(healed.output).not.toMatch(/delete|remove the cache|rm -rf|run the build again/iu);
    expect(await snapshot(out)).toEqual(clean);

    const again = build();
    expect(again.damage).toEqual([]);
    expect(await snapshot(out)).toEqual(clean);
    // Nothing changed: every briefing page is Astro's copy of the last build's, checked.
    const briefings = (await readdir(path.join(out, 'briefings'), { recursive: true })).filter((f) => f.endsWith('index.html')).length;
    expect(again.output.match(/\(restored\)/gu)?.length).toBe(briefings);
    expect(again.output).toMatch(new RegExp(`${briefings} page\\(s\\) of the last build checked for reuse`, 'u'));
  });

  it('a damaged index state is a cold index build, said once', async () => {
    const state = path.join(cache, 'search/index/index-state.json');
    await writeFile(state, (await readFile(state)).subarray(0, 100));
    const healed = build();
    expect(healed.damage).toEqual([expect.stringMatching(/^cache entry \S+index-state\.json is damaged \(.+\): discarded; the search index is written again from every briefing/u)]);
    expect(await snapshot(out)).toEqual(clean);
  });

  it('editing the published site in place leaves the cache alone, and the next build publishes good bytes again', async () => {
    await retiredGone();
    const packs = await filesIn(path.join(out, 'search/p'), (n) => n.endsWith('.bin'));
    const cached = await snapshot(path.join(cache, 'search/index/packs'));
    // What a deploy step that edits dist/ does (compress, rewrite): here, half the packs cut in half,
    // the others changed in one byte (the same size: only their hash tells).
    for (const [i, p] of packs.entries()) {
      if (i % 2) await truncate(p, Math.floor((await stat(p)).size / 2));
      else await writeFile(p, (await readFile(p)).map((b, k) => (k === 0 ? b ^ 1 : b)));
    }
    expect(await snapshot(path.join(cache, 'search/index/packs'))).toEqual(cached);
    const next = build();
    expect(next.damage).toEqual([]);
    expect(await snapshot(out)).toEqual(clean);
  });

  it("a build links the previous output's packs (each its only name, its bytes checked) instead of copying them, still sharing no inode with the cache", async () => {
    await retiredGone();
    const before = await inodes(path.join(out, 'search/p'));
    build();
    await retiredGone();
    const after = await inodes(path.join(out, 'search/p'));
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const file of after.values()) expect((await stat(file)).nlink).toBe(1);
    const cached = await inodes(astroCache);
    expect([...after.keys()].filter((ino) => cached.has(ino))).toEqual([]);
  });

  it('an output whose packs are links into the cache (as builds made them before) is not linked from: the new one owns its files', async () => {
    await retiredGone();
    const packDir = path.join(out, 'search/p');
    for (const name of await readdir(packDir)) {
      await rm(path.join(packDir, name));
      await link(path.join(cache, 'search/index/packs', name), path.join(packDir, name));
    }
    build();
    await retiredGone();
    const cached = await inodes(astroCache);
    expect([...(await inodes(out)).keys()].filter((ino) => cached.has(ino))).toEqual([]);
    expect(await snapshot(out)).toEqual(clean);
  });
});
