/**
 * Smoke test of the benchmark harness: the whole pipeline at a tiny size (corpus → cold, changed and
 * added builds → the site's files → Pagefind → both engines in Chromium → the phone profile in both
 * UIs → JSON and Markdown). It proves the harness works and records every figure; it asserts no timings.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBench, writeResults } from '../../bench/src/run.ts';
import { hasBrowser } from '../helpers/browser.ts';

const finite = (x: unknown, what: string) => expect(Number.isFinite(x), `${what} = ${String(x)}`).toBe(true);

describe.skipIf(!hasBrowser)('npm run bench at a tiny size', () => {
  it('measures both engines, the builds, the site and the phone profile, and writes the JSON and the table', { timeout: 900_000 }, async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'kaiken-bench-smoke-'));
    try {
      const lines: string[] = [];
      const result = await runBench({ sizes: [6], seed: 7, runs: 1, perClass: 1, phoneRuns: 1, phoneQueries: 1, phoneFrequent: 1, log: (l) => lines.push(l) });
      const md = writeResults(path.join(out, 'results.json'), result, 'smoke');
      const json = JSON.parse(await readFile(path.join(out, 'results.json'), 'utf8'));
      expect(json.machine.cpus).toBeGreaterThan(0);
      expect(json.runs).toHaveLength(1);
      const run = json.runs[0];
      expect(run.size).toBe(6);
      expect(run.error, run.error).toBeUndefined();
      expect(run.not_measured).toEqual({});
      finite(run.harness_peak_rss_mb, 'harness_peak_rss_mb');

      // The whole site, by part; the parts add up.
      for (const part of ['pages', 'briefing_json', 'data_exports', 'search_index', 'other']) {
        finite(run.site.parts[part].files, `${part} files`);
        finite(run.site.parts[part].bytes, `${part} bytes`);
      }
      const parts = Object.values(run.site.parts) as Array<{ files: number; bytes: number }>;
      expect(parts.reduce((n, p) => n + p.files, 0)).toBe(run.site.files);
      expect(run.site.parts.search_index.files).toBe(run.ours.index_files);
      // The largest file, beside files and bytes; the index by kind of block.
      finite(run.site.largest_file_bytes, 'largest_file_bytes');
      expect(run.site.largest_file_bytes).toBeLessThanOrEqual(Math.max(...parts.map((p) => p.bytes)));
      expect(run.site.largest_file).toMatch(/./u);
      for (const kind of ['gram', 'text', 'briefings']) finite(run.site.search_index_kinds[kind].stored, `index ${kind} bytes`);

      // Cold, one changed, one added: time, share of the cold build, memory of the process tree.
      for (const build of ['cold', 'changed', 'added']) {
        finite(run.builds[build].s, `${build} s`);
        finite(run.builds[build].peak_rss_mb, `${build} peak_rss_mb`);
      }
      expect(run.builds.cold.briefings).toBe(6);
      expect(run.builds.added.briefings).toBe(7);
      finite(run.builds.changed.fraction_of_cold, 'changed fraction');
      finite(run.builds.added.fraction_of_cold, 'added fraction');

      const ours = [
        'build_s', 'incremental_s', 'incremental_fraction', 'incremental_added_s', 'incremental_added_fraction', 'peak_rss_mb', 'tokenize_chars_per_s',
        'kuromoji_chars_per_s', 'index_files', 'index_bytes', 'first_query_bytes', 'first_query_requests', 'first_query_ms', 'query_ms_p50', 'query_ms_p95',
      ];
      for (const key of ours) finite(run.ours[key], `ours.${key}`);
      for (const key of ['build_s', 'peak_rss_mb', 'index_files', 'index_bytes', 'first_query_bytes', 'first_query_requests', 'first_query_ms', 'query_ms_p50', 'query_ms_p95']) {
        finite(run.pagefind[key], `pagefind.${key}`);
      }
      expect(run.queries.length).toBeGreaterThan(0);
      // Our engine finds every statement the generator says holds an exact word.
      expect(run.ours.quality.exact).toBe(1);
      expect(run.ours.statement_recall.exact).toBe(1);

      // The phone profile: every UI, both ways of arriving, with requests and bytes; its queries are an
      // exact word of the query list and the corpus's most frequent content word (they may be one).
      expect(run.phone.frequent).toHaveLength(1);
      finite(run.phone.frequent[0].briefings, 'frequent word briefings');
      expect(run.phone.queries).toContain(run.phone.frequent[0].word);
      expect(run.phone.queries.length).toBeLessThanOrEqual(2);
      for (const variant of ['ours', 'pagefind_worker', 'pagefind_main_thread']) {
        for (const entry of ['typed', 'link']) {
          const cell = run.phone.variants[variant][entry];
          // One run of each query (the phone set's words and the frequent one, when it is another).
          expect(cell.runs, `${variant} ${entry}`).toHaveLength(run.phone.queries.length);
          for (const r of cell.runs) expect(r.error, `${variant} ${entry} ${r.query}`).toBeUndefined();
          for (const key of ['ms_median', 'requests_median', 'requests_max', 'bytes_median']) finite(cell[key], `${variant} ${entry} ${key}`);
          // Each query's own time and bytes, and the slowest beside the median.
          for (const q of run.phone.queries) for (const key of ['ms_median', 'bytes_median']) finite(cell.queries[q][key], `${variant} ${entry} ${q} ${key}`);
          expect(run.phone.queries).toContain(cell.slowest.query);
          expect(cell.slowest.ms_median).toBe(Math.max(...run.phone.queries.map((q: string) => cell.queries[q].ms_median)));
          if (entry === 'typed') finite(cell.requests_after_input_median, `${variant} typed requests after input`);
        }
      }
      // Where Pagefind searched is recorded per run; with noWorker it never starts its worker. (With
      // the worker it may still fall back to the main thread on a loaded machine: not asserted.)
      expect(typeof run.phone.variants.pagefind_worker.typed.runs[0].worker).toBe('boolean');
      for (const entry of ['typed', 'link']) expect(run.phone.variants.pagefind_main_thread[entry].runs[0].worker).toBe(false);

      const table = await readFile(md, 'utf8');
      expect(table).toContain('| target (issue 16) | before | goal | measured | |');
      expect(table).toContain('| metric | ours | Pagefind |');
      expect(table).toContain('| pagefind main thread | typed |');
      expect(table).toContain('slowest query (median ms)');
      expect(table).toContain('the largest file');
      expect(table).toContain('6 briefings');
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
