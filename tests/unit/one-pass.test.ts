/**
 * The end of a build reads the archive once: the search index and the data exports are written from
 * one pass (src/astro/steps/index-and-export.ts), in which each briefing is read back from the cache at
 * most once — and only when one of them needs it — and each cache key is computed once. Counted on the
 * archive itself (every read of a transcript or of its statements goes through it).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { TranscriptArchive } from '../../src/archive/archive.ts';
import { indexAndExport } from '../../src/astro/steps/index-and-export.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(path.join(tmpdir(), 'kaiken-one-pass-'));
const content = path.join(scratch, 'content');
cpSync(path.join(ROOT, 'tests/fixtures/content'), content, { recursive: true });
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A build's end over the content as it is now: the reads of each briefing, and what index and exports say. */
async function buildEnd(run: string) {
  const archive = new TranscriptArchive({ contentDir: content, root: scratch, cacheDir: path.join(scratch, 'cache') });
  await archive.scan();
  const reads = new Map<string, number>();
  const count = (slug: string) => reads.set(slug, (reads.get(slug) ?? 0) + 1);
  const transcript = archive.transcript.bind(archive);
  const statements = archive.statements.bind(archive);
  vi.spyOn(archive, 'transcript').mockImplementation((slug) => (count(slug), transcript(slug)));
  vi.spyOn(archive, 'statements').mockImplementation((slug) => (count(slug), statements(slug)));
  const out = path.join(scratch, run);
  const result = await indexAndExport(archive, out, {
    index: { base: '/', cacheDir: path.join(scratch, 'search'), workers: 0 },
    links: { base: '/', site: null },
    exports: { briefingJson: true, cacheDir: path.join(scratch, 'exports') },
  });
  return { ...result, reads, briefings: archive.briefings.length, out };
}

describe('one pass over the archive at the end of a build', () => {
  it('reads every briefing once on a cold build, for the index and the exports together', async () => {
    const cold = await buildEnd('cold');
    // The seven invented briefings of tests/fixtures/content/.
    expect(cold.briefings).toBe(7);
    expect([...cold.reads.values()]).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(cold.pass).toEqual({ briefings: 7, read: 7 });
    expect(cold.index).toMatchObject({ briefings: 7, changed: 7, keys: 7 });
    expect(cold.exports).toMatchObject({ made: 7, keys: 7, files: 9 });
    expect(cold.index.statements).toBe(cold.exports.statements);
  });

  it('reads no briefing when nothing changed, and computes each export key once', async () => {
    const warm = await buildEnd('warm');
    expect(warm.reads.size).toBe(0);
    expect(warm.index).toMatchObject({ changed: 0, unchanged: 7, keys: 0 });
    expect(warm.exports).toMatchObject({ made: 0, keys: 7 });
    expect(readFileSync(path.join(warm.out, 'data/statements.jsonl'), 'utf8')).toBe(readFileSync(path.join(scratch, 'cold/data/statements.jsonl'), 'utf8'));
  });

  it('reads only the briefing that changed, once', async () => {
    const file = path.join(content, '2025/2025-04-01-kaibaku.md');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n記者 :追加の質問です。\n`);
    const changed = await buildEnd('changed');
    expect(Object.fromEntries(changed.reads)).toEqual({ '2025/2025-04-01-kaibaku': 1 });
    expect(changed.index).toMatchObject({ changed: 1, unchanged: 6, keys: 1 });
    expect(changed.exports).toMatchObject({ made: 1, keys: 7 });
    expect(changed.exports.statements).toBe(changed.index.statements);
  });
});
