/**
 * Caches that check themselves, through the end of a build (the archive, then the one pass that writes
 * the index and the exports): every kind of entry damaged — a parsed transcript cut short, a page tree
 * overwritten, the catalog, an analysis, the index state, a pack, an export part — is found when read,
 * rebuilt, and said once naming the file; the output is then byte for byte that of a clean build, and
 * the next run says nothing.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TranscriptArchive } from '../../src/archive/archive.ts';
import { indexAndExport } from '../../src/astro/steps/index-and-export.ts';
import { damageWarnings } from '../../src/fs/checked.ts';
import { readBackIndex } from '../../src/search/index/verify.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(path.join(tmpdir(), 'kaiken-healing-'));
const content = path.join(scratch, 'content');
cpSync(path.join(ROOT, 'tests/fixtures/content'), content, { recursive: true });
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const cache = path.join(scratch, 'cache');
const dirs = { transcripts: path.join(cache, 'transcripts'), analysis: path.join(cache, 'search/analysis'), packs: path.join(cache, 'search/index/packs'), exports: path.join(cache, 'exports') };

/** The end of a build into `run`: the warnings it gave, and every file it wrote with its hash. */
async function build(run: string): Promise<{ warnings: string[]; files: Map<string, string> }> {
  const warnings: string[] = [];
  const onDamage = damageWarnings((m) => warnings.push(m), scratch);
  const archive = new TranscriptArchive({ contentDir: content, root: scratch, cacheDir: cache, onDamage });
  await archive.scan();
  for (const b of archive.briefings) await archive.page(b.slug);
  const out = path.join(scratch, run);
  await indexAndExport(archive, out, {
    index: { base: '/', cacheDir: path.join(cache, 'search'), workers: 0 },
    links: { base: '/', site: null },
    exports: { briefingJson: true, plain: true, cacheDir: dirs.exports },
    onDamage,
  });
  expect(readBackIndex(path.join(out, 'search')).problems).toEqual([]);
  const files = new Map<string, string>();
  for (const e of readdirSync(out, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const file = path.join(e.parentPath, e.name);
    // The manifest's build time is the one thing two builds of the same archive write differently.
    const bytes = e.name === 'manifest.json' ? readFileSync(file, 'utf8').replace(/"built":"[^"]+"/u, '') : readFileSync(file);
    files.set(path.relative(out, file), createHash('sha256').update(bytes).digest('hex'));
  }
  return { warnings, files };
}

const first = (dir: string, suffix: string) => path.join(dir, readdirSync(dir).filter((n) => n.endsWith(suffix) && !n.endsWith(`.page${suffix}`) && n !== 'catalog.json').sort()[0]!);

describe('a damaged cache entry is rebuilt, said once, and never published', () => {
  it('heals every kind of entry at once and writes what a clean build writes', async () => {
    const clean = await build('clean');
    expect(clean.warnings).toEqual([]);
    const damaged = {
      transcript: first(dirs.transcripts, '.json'),
      page: path.join(dirs.transcripts, readdirSync(dirs.transcripts).filter((n) => n.endsWith('.page.json')).sort().at(-1)!),
      catalog: path.join(dirs.transcripts, 'catalog.json'),
      analysis: first(dirs.analysis, '.json'),
      pack: first(dirs.packs, '.bin'),
      jsonl: first(dirs.exports, '.jsonl'),
      csv: path.join(dirs.exports, readdirSync(dirs.exports).filter((n) => n.endsWith('.csv')).sort().at(-1)!),
      year: first(path.join(dirs.exports, 'years'), '.csv.gz'),
    };
    truncateSync(damaged.transcript, 100);
    writeFileSync(damaged.page, '{"type":"root","children":[]}');
    writeFileSync(damaged.catalog, `${readFileSync(damaged.catalog, 'utf8').slice(0, 200)}`);
    writeFileSync(damaged.analysis, 'junk');
    const pack = readFileSync(damaged.pack);
    pack[pack.length >> 1]! ^= 0xff;
    writeFileSync(damaged.pack, pack);
    writeFileSync(damaged.jsonl, `${readFileSync(damaged.jsonl, 'utf8')}{"turn":"t99"}\n`);
    writeFileSync(damaged.csv, '');
    const year = readFileSync(damaged.year);
    year[year.length >> 1]! ^= 0xff;
    writeFileSync(damaged.year, year);

    const healed = await build('healed');
    expect(healed.files).toEqual(clean.files);
    const named = Object.entries(damaged).map(([kind, file]) => [kind, healed.warnings.filter((w) => w.includes(path.relative(scratch, file))).length]);
    expect(Object.fromEntries(named)).toEqual({ transcript: 1, page: 1, catalog: 1, analysis: 1, pack: 1, jsonl: 1, csv: 1, year: 1 });
    expect(healed.warnings).toHaveLength(8);
    for (const w of healed.warnings) expect(w).toMatch(/^cache entry \S+ is damaged \(.+\): discarded; .+ (parsed|analysed|indexed|made|read) again/u);

    const again = await build('again');
    expect(again.warnings).toEqual([]);
    expect(again.files).toEqual(clean.files);
  });

  it('a damaged index state is a cold index build, said once', async () => {
    const state = path.join(cache, 'search/index/index-state.json');
    writeFileSync(state, readFileSync(state).subarray(0, 50));
    const healed = await build('state');
    expect(healed.warnings).toHaveLength(1);
    expect(healed.warnings[0]).toMatch(/^cache entry \S+index-state\.json is damaged \(.+\): discarded; the search index is written again from every briefing$/u);
    expect(healed.files).toEqual((await build('state-again')).files);
  });
});
