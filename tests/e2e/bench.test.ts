/**
 * Smoke test of the benchmark harness: the whole pipeline at a tiny size (corpus → cold and
 * incremental builds → Pagefind → both engines in Chromium → JSON and Markdown). It proves the
 * harness works; it asserts no timings.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBench, writeResults } from '../../src/bench/run.ts';
import { hasBrowser } from '../helpers/browser.ts';

describe.skipIf(!hasBrowser)('npm run bench at a tiny size', () => {
  it('measures both engines and writes the JSON and the table', { timeout: 300_000 }, async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'kaiken-bench-smoke-'));
    try {
      const lines: string[] = [];
      const result = await runBench({ sizes: [6], seed: 7, runs: 1, perClass: 1, log: (l) => lines.push(l) });
      const md = writeResults(path.join(out, 'results.json'), result, 'smoke');
      const json = JSON.parse(await readFile(path.join(out, 'results.json'), 'utf8'));
      expect(json.machine.cpus).toBeGreaterThan(0);
      expect(json.runs).toHaveLength(1);
      const run = json.runs[0];
      expect(run.size).toBe(6);
      for (const key of ['build_s', 'incremental_s', 'peak_rss_mb', 'tokenize_chars_per_s', 'kuromoji_chars_per_s', 'index_bytes', 'first_query_bytes', 'query_ms_p50', 'query_ms_p95', 'quality']) {
        expect(run.ours, key).toHaveProperty(key);
      }
      for (const key of ['index_bytes', 'first_query_bytes', 'query_ms_p50', 'query_ms_p95', 'quality']) expect(run.pagefind, key).toHaveProperty(key);
      expect(run.queries.length).toBeGreaterThan(0);
      // Our engine finds every statement the generator says holds an exact word.
      expect(run.ours.quality.exact).toBe(1);
      const table = await readFile(md, 'utf8');
      expect(table).toContain('| metric | ours | Pagefind |');
      expect(table).toContain('6 briefings');
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
