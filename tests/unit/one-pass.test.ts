/**
 * The end of a build reads the archive once: the search index and the data exports are written from
 * one pass (src/astro/steps/index-and-export.ts), in which each briefing is read back from the cache at
 * most once — and only when one of them needs it — and each cache key is computed once. Counted on the
 * archive itself (every read of a transcript or of its statements goes through it).
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { TranscriptArchive } from '../../src/archive/archive.ts';
import { indexAndExport } from '../../src/astro/steps/index-and-export.ts';
import { openSearch } from '../../src/search/query/node.ts';

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
    exports: { briefingJson: true, plain: true, cacheDir: path.join(scratch, 'exports') },
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
    // Seven days' JSON files; four years, each gzip-compressed and plain in two formats.
    expect(cold.exports).toMatchObject({ made: 7, keys: 7, files: 23, years: 4 });
    expect(cold.index.statements).toBe(cold.exports.statements);
  });

  it('reads no briefing when nothing changed, and computes each export key once', async () => {
    const warm = await buildEnd('warm');
    expect(warm.reads.size).toBe(0);
    expect(warm.index).toMatchObject({ changed: 0, unchanged: 7, keys: 0 });
    expect(warm.exports).toMatchObject({ made: 0, keys: 7, years: 0 });
    for (const file of ['data/statements-2024.jsonl.gz', 'data/statements-2025.csv', 'data/briefings/2025/2025-04-01.json']) {
      expect(readFileSync(path.join(warm.out, file)).equals(readFileSync(path.join(scratch, 'cold', file))), file).toBe(true);
    }
  });

  it('reads only the briefing that changed, once', async () => {
    const file = path.join(content, '2025/2025-04-01-kaibaku.md');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n記者 :追加の質問です。\n`);
    const changed = await buildEnd('changed');
    expect(Object.fromEntries(changed.reads)).toEqual({ '2025/2025-04-01-kaibaku': 1 });
    expect(changed.index).toMatchObject({ changed: 1, unchanged: 6, keys: 1 });
    // Only the changed briefing's year is compressed again.
    expect(changed.exports).toMatchObject({ made: 1, keys: 7, years: 1 });
    expect(changed.exports.statements).toBe(changed.index.statements);
  });
});

describe('the index points at the text of the days\' JSON files', () => {
  const dayContent = path.join(scratch, 'day-content');
  const transcript = (title: string, answer: string) => `---\ntitle: ${title}\ndate: 2025-05-02\n---\n\n## 質疑応答\n\n記者 :防衛装備の移転について伺います。\n\n大臣 :${answer}\n`;
  const write = (name: string, title: string, answer: string) => {
    mkdirSync(path.join(dayContent, '2025'), { recursive: true });
    writeFileSync(path.join(dayContent, '2025', `${name}.md`), transcript(title, answer));
  };
  /** The end of a build over the day's content; the hits of a word each briefing's answer holds, as the engine reads them from `out`. */
  async function dayBuild(run: string) {
    const archive = new TranscriptArchive({ contentDir: dayContent, root: scratch, cacheDir: path.join(scratch, 'day-cache') });
    await archive.scan();
    const reads = new Map<string, number>();
    const transcriptOf = archive.transcript.bind(archive);
    vi.spyOn(archive, 'transcript').mockImplementation((slug) => (reads.set(slug, (reads.get(slug) ?? 0) + 1), transcriptOf(slug)));
    const out = path.join(scratch, run);
    const result = await indexAndExport(archive, out, {
      index: { base: '/', cacheDir: path.join(scratch, 'day-search'), workers: 0 },
      links: { base: '/', site: null },
      exports: { briefingJson: true, plain: false, cacheDir: path.join(scratch, 'day-exports') },
    });
    const hits = (await openSearch(out).search('移転', { limit: 0 })).hits.filter((h) => h.role === 'reporter');
    const answers = (await openSearch(out).search('大臣', { limit: 0, role: 'official' })).hits.map((h) => [h.briefing, h.snippet.text]);
    return { ...result, reads: Object.fromEntries(reads), hits, answers: answers.sort() };
  }

  it('reads a briefing once, and takes the day\'s other briefings as changed: where their text is may have moved', async () => {
    write('2025-05-02-a', '午前の会見', '大臣として移転の方針を説明しました。');
    write('2025-05-02-b', '午後の会見', '大臣の答えです。');
    const cold = await dayBuild('day-cold');
    expect(cold.index).toMatchObject({ changed: 2 });
    expect(cold.answers).toEqual([
      ['2025/2025-05-02-a', '大臣として移転の方針を説明しました。'],
      ['2025/2025-05-02-b', '大臣の答えです。'],
    ]);
    // The morning's answer grows: the afternoon's text moves down the day's file.
    write('2025-05-02-a', '午前の会見', '大臣として移転の方針を説明しました。あわせて、今後の協議の日程についても申し上げました。');
    const changed = await dayBuild('day-changed');
    expect(changed.reads).toEqual({ '2025/2025-05-02-a': 1, '2025/2025-05-02-b': 1 });
    expect(changed.index).toMatchObject({ changed: 2, analysed: 1, cached: 1 });
    expect(changed.exports).toMatchObject({ made: 1 });
    expect(changed.answers).toEqual([
      ['2025/2025-05-02-a', '大臣として移転の方針を説明しました。あわせて、今後の協議の日程についても申し上げました。'],
      ['2025/2025-05-02-b', '大臣の答えです。'],
    ]);
    expect(changed.hits.map((h) => h.snippet.text)).toEqual(['防衛装備の移転について伺います。', '防衛装備の移転について伺います。']);
  });
});
