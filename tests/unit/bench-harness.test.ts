/**
 * The benchmark's parts that need no build or browser: the truth file read a line at a time agrees
 * with the whole file parsed; the site's files fall in the right part; the targets table says met or
 * by how much a target is missed, and says so when a size is not in the run.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCorpus, TRUTH_FILE, type CorpusTruth } from '../../bench/src/corpus.ts';
import { emptyFigures, type BenchRun } from '../../bench/src/results.ts';
import { sitePart } from '../../bench/src/site-files.ts';
import { targetRows } from '../../bench/src/targets.ts';
import { readTruth, type TruthBriefing } from '../../bench/src/truth.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'bench-harness-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the truth file, streamed', () => {
  it('gives the same briefings and words as the whole file parsed', async () => {
    await generateCorpus({ count: 12, seed: 3, out: tmp });
    const whole = JSON.parse(readFileSync(path.join(tmp, TRUTH_FILE), 'utf8')) as CorpusTruth;
    const briefings: TruthBriefing[] = [];
    const words = await readTruth(tmp, (b) => briefings.push(b));
    expect(briefings).toEqual(whole.briefings);
    expect(words).toEqual(whole.words.map(([s, b, r, pos]) => [s, b, r, whole.partsOfSpeech[pos]]));
  });
});

describe('parts of the site', () => {
  it.each([
    ['index.html', 'pages'],
    ['search/index.html', 'pages'],
    ['briefings/2025/2025-09-08-x/index.html', 'pages'],
    ['data/briefings/2025/2025-09-08.json', 'briefing_json'],
    ['search/manifest.json', 'search_index'],
    ['search/p/abc-0.bin', 'search_index'],
    ['data/statements-2025.jsonl.gz', 'data_exports'],
    ['_astro/page.js', 'other'],
    ['feed.xml', 'other'],
  ])('%s is %s', (rel, part) => expect(sitePart(rel)).toBe(part));
});

function run(size: number, over: Partial<BenchRun> = {}): BenchRun {
  const build = (s: number, briefings: number, fraction?: number) => ({
    s,
    ...(fraction === undefined ? {} : { fraction_of_cold: fraction }),
    peak_rss_mb: 900,
    root_rss_mb: 800,
    briefings,
    content_check_ms: null,
    index_write_ms: null,
    tokenization_ms: null,
    tokenized_chars: null,
  });
  return {
    size,
    chars: 1,
    builds: { cold: build(50, size), changed: build(10, size, 0.2), added: build(15, size + 1, 0.3) },
    ours: { ...emptyFigures(), peak_rss_mb: 900, index_bytes: 100, first_query_bytes: 1000, quality: { exact: 1 }, statement_recall: { exact: 1 }, statement_precision: { exact: 0.9 } },
    pagefind: { ...emptyFigures(), index_bytes: 80, first_query_bytes: 3000 },
    harness_peak_rss_mb: 1,
    not_measured: {},
    queries: [],
    ...over,
  };
}

describe('the targets table', () => {
  const rows = new Map(targetRows([run(1000)]).map((r) => [r.target, r]));

  it('says met, and by how much a target is missed', () => {
    expect(rows.get('index bytes vs Pagefind, 1,000')!.verdict).toBe('missed by 0.25×');
    expect(rows.get("peak RSS of the build's process tree, 1,000 / 10,000")!.verdict).toBe('1,000: met; 10,000: no 10,000-briefing figures in this run');
    expect(rows.get('statement precision, every class, both sizes')!.verdict).toBe('missed: exact 0.9 at 1,000');
    expect(rows.get('search recall, every class, both sizes')!.verdict).toBe('met');
  });

  it('says when the run has no figures for a size, rather than leaving a gap', () => {
    expect(rows.get('site at 10,000 (default options, every feature on)')!.verdict).toBe('no 10,000-briefing figures in this run');
    expect(rows.get('first-query bytes, 10,000 vs 1,000')!.verdict).toBe('no 10,000-briefing figures in this run');
    expect(rows.get('cold build, 10,000')!.verdict).toBe('no 10,000-briefing figures in this run');
    expect(rows.get('phone typed / from a link, 1,000 (own UIs)')!.verdict).toContain('not measured');
  });

  it('judges the 10,000 run: the site, the builds, memory, the first query against the 1,000 one of the same run', () => {
    const large = run(10000, {
      ours: { ...run(10000).ours, first_query_bytes: 1600, first_query_requests: 40, peak_rss_mb: 1100 },
      builds: { ...run(10000).builds!, cold: { ...run(10000).builds!.cold, s: 400 }, changed: { ...run(10000).builds!.changed, s: 16, fraction_of_cold: 0.04 } },
      site: { files: 19003, bytes: 1_120_000_000, parts: {} as never, largest_file_bytes: 4 * 2 ** 20, largest_file: 'data/statements-2013.jsonl.gz' },
    });
    const both = new Map(targetRows([run(1000), large]).map((r) => [r.target, r]));
    expect(both.get('first-query bytes, 10,000 vs 1,000')!.verdict).toBe('missed by 0.10×');
    expect(both.get('site at 10,000 (default options, every feature on)')!.verdict).toBe('files met; bytes missed by 0.12 GB; largest file met');
    expect(both.get('cold build, 10,000')!.verdict).toBe('missed by 40.0 s');
    expect(both.get('one briefing changed, 10,000')!.verdict).toBe('met');
    expect(both.get("peak RSS of the build's process tree, 1,000 / 10,000")!.verdict).toBe('1,000: met; 10,000: missed by 0.07 GB');
  });
});
