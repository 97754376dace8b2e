/**
 * bench/ — the benchmark, outside the product (its own tsconfig; src/ never imports it). Takes a corpus
 * size; gives bench/results.json and bench/RESULTS.md (docs/bench.md says what each figure is). It is
 * an independent oracle: the corpus and its truth come from its own tables (corpus/: vocabulary,
 * people and label styles, era dates), never from the product's; it uses the product only to build
 * and query what it measures.
 *
 * The benchmark: for each corpus size, in a scratch directory — generate the corpus, build the site
 * cold, with one briefing changed and with one added (builds.ts), count the site's files
 * (site-files.ts), index the same pages with Pagefind (pagefind.ts), query both engines in Chromium
 * (engine-queries.ts), and time the first result on a phone in each engine's own UI
 * (phone-profile.ts). Measures and reports (report.ts); asserts nothing.
 *
 * A stage that fails after the builds is recorded as not measured, with its reason, and the others go
 * on: one missing figure should not cost the rest of a 10,000-briefing run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { TranscriptArchive } from '../../src/archive/archive.ts';
import { launchChromium, serveForBench, type BenchServer } from './browser.ts';
import { measureBuilds, rawKuromojiCharsPerSecond, scratchLayout, type ScratchLayout, type SizeBuilds } from './builds.ts';
import { measureEngine, score, type QueryFigures } from './engine-queries.ts';
import { runPagefind, type PagefindBuild } from './pagefind.ts';
import { measurePhone, PHONE, writePagefindUiPages, type PhoneFigures, type PhoneVariant } from './phone-profile.ts';
import { ROOT } from './process.ts';
import { benchQueries, type BenchQuery, type StatementSource } from './queries.ts';
import { frequentContentWords } from './frequent.ts';
import { emptyFigures, indexCount, machine, type BenchResult, type BenchRun, type EngineFigures } from './results.ts';
import { indexBytesByKind } from './index-blocks.ts';
import { inventory } from './site-files.ts';
import { figure, median, percentile } from './stats.ts';

export { writeResults } from './report.ts';

export interface BenchOptions {
  sizes: number[];
  seed: number;
  /** Warm runs of each query. */
  runs: number;
  log: (line: string) => void;
  keep?: boolean;
  /** At most this many queries of each class (the smoke test's shortcut); default all. */
  perClass?: number;
  /** Do not run Pagefind at any size (e.g. it was already seen to run out of memory); recorded as skipped. */
  skipPagefind?: string;
  /** Do not run Pagefind at these sizes, each with its reason. */
  skipPagefindAt?: Record<number, string>;
  /** Cold runs of each phone-profile query, per UI and way of arriving (default 3). */
  phoneRuns?: number;
  /** Queries on the phone profile: frequent, middling and rare exact words (default 3)… */
  phoneQueries?: number;
  /** …and the corpus's most frequent content words, by briefings holding them (default 3). */
  phoneFrequent?: number;
  /** Stop a build or Pagefind whose processes hold more than this (MB); default 90 % of memory. */
  memoryLimitMb?: number;
}

/** Our figures from the builds and the site. */
function buildFiguresOfOurs(b: SizeBuilds, site: BenchRun['site']): Partial<EngineFigures> {
  return {
    build_s: b.cold.s,
    incremental_s: b.changed.s,
    incremental_fraction: b.changed.fraction_of_cold ?? null,
    incremental_added_s: b.added.s,
    incremental_added_fraction: b.added.fraction_of_cold ?? null,
    peak_rss_mb: Math.max(b.cold.peak_rss_mb, b.changed.peak_rss_mb, b.added.peak_rss_mb),
    tokenize_chars_per_s: b.tokenize_chars_per_s,
    ...indexCount(site?.parts.search_index),
  };
}

function queryFigures(q: QueryFigures | undefined): Partial<EngineFigures> {
  if (!q) return {};
  return {
    first_query_bytes: figure(median(q.first.map((f) => f.bytes))),
    first_query_requests: figure(median(q.first.map((f) => f.requests))),
    first_query_ms: figure(median(q.first.map((f) => f.ms)), 1),
    query_ms_p50: figure(median(q.times), 2),
    query_ms_p95: figure(percentile(q.times, 95), 2),
  };
}

/** The site's statements as its build parsed them (from the build's cache), a briefing at a time. */
async function statementSource(layout: ScratchLayout): Promise<StatementSource> {
  const archive = new TranscriptArchive({ contentDir: layout.content, root: ROOT, cacheDir: path.join(layout.astroCache, 'kaiken') });
  await archive.scan();
  archive.assertClean();
  return { slugs: archive.briefings.map((b) => b.slug), statements: (slug) => archive.statements(slug) };
}

function* textsOf(source: StatementSource): Iterable<string> {
  for (const slug of source.slugs) for (const s of source.statements(slug)) yield s.text;
}

/** Exact words for the phone: the most frequent, a middling one and the rarest (both engines find them all). */
function phoneQueriesOf(queries: BenchQuery[], n: number): string[] {
  const exact = queries.filter((q) => q.cls === 'exact').map((q) => q.query);
  const picks = [0, Math.floor((exact.length - 1) / 2), exact.length - 1].map((i) => exact[i]).filter((q): q is string => q !== undefined);
  return [...new Set(picks)].slice(0, n);
}

async function measureSize(size: number, opts: BenchOptions, browser: Browser): Promise<BenchRun> {
  const scratch = mkdtempSync(path.join(tmpdir(), `kaiken-bench-${size}-`));
  opts.log(`size ${size}: scratch ${scratch}`);
  const layout = scratchLayout(scratch);
  const notMeasured: Record<string, string> = {};
  const stage = async <T>(name: string, f: () => Promise<T>): Promise<T | undefined> => {
    const started = performance.now();
    try {
      const result = await f();
      opts.log(`  ${name}: ${((performance.now() - started) / 1000).toFixed(0)} s`);
      return result;
    } catch (error) {
      notMeasured[name] = (error as Error).message.slice(0, 2000);
      opts.log(`  ${name} not measured: ${notMeasured[name]!.split('\n')[0]}`);
      return undefined;
    }
  };
  const memoryLimitMb = opts.memoryLimitMb ?? Math.round((0.9 * totalmem()) / 2 ** 20);
  try {
    const builds = await measureBuilds({ size, seed: opts.seed, scratch, log: opts.log, memoryLimitMb });
    const source = await statementSource(layout);
    opts.log('  raw kuromoji on the same text…');
    const kuromojiCps = await rawKuromojiCharsPerSecond(textsOf(source), 2_000_000);
    const site = { ...inventory(layout.dist), search_index_kinds: indexBytesByKind(path.join(layout.dist, 'search')) };
    opts.log(`  site: ${site.files} files, ${site.bytes} bytes (${Object.entries(site.parts).map(([k, v]) => `${k} ${v.files}`).join(', ')})`);

    const skip = opts.skipPagefind ?? opts.skipPagefindAt?.[size];
    let pf: PagefindBuild | undefined;
    let pagefindError: string | undefined;
    if (skip) pagefindError = `not run at this size: ${skip}`;
    else {
      opts.log('  pagefind…');
      // Pagefind failing (at 10,000 briefings it was killed for memory) is a result, not the end of the run.
      pf = await runPagefind(layout.dist, scratch, opts.log, memoryLimitMb).catch((e: Error) => {
        pagefindError = `Pagefind did not finish: ${e.message.split('\n')[0]}`;
        return undefined;
      });
    }
    if (pagefindError) opts.log(`  ${pagefindError}`);

    const queries = (await benchQueries(layout.content, source)).filter(
      (q, i, all) => opts.perClass === undefined || all.filter((x) => x.cls === q.cls).indexOf(q) < opts.perClass,
    );
    opts.log(`  ${queries.length} queries in Chromium…`);
    const engines = pf ? (['ours', 'pagefind'] as const) : (['ours'] as const);
    const measuredQueries: Partial<Record<'ours' | 'pagefind', QueryFigures>> = {};
    let phone: PhoneFigures | undefined;
    const server: BenchServer = await serveForBench(layout.dist);
    try {
      for (const engine of engines) {
        const q = await stage(`${engine}_queries`, () => measureEngine(browser, server, layout.dist, engine, queries, opts.runs));
        if (q) measuredQueries[engine] = q;
      }
      const frequent = await frequentContentWords(layout.content, opts.phoneFrequent ?? 3);
      const phoneQueries = [...new Set([...phoneQueriesOf(queries, opts.phoneQueries ?? 3), ...frequent.map((f) => f.word)])];
      const variants: PhoneVariant[] = pf ? ['ours', 'pagefind_worker', 'pagefind_main_thread'] : ['ours'];
      if (pf) writePagefindUiPages(layout.dist);
      opts.log(`  phone profile: ${variants.join(', ')} × ${phoneQueries.join(' ')}…`);
      const cells = await stage('phone', () => measurePhone(browser, server, variants, phoneQueries, opts.phoneRuns ?? 3, opts.log));
      if (cells) {
        phone = { profile: PHONE, queries: phoneQueries, frequent, runs_per_query: opts.phoneRuns ?? 3, variants: Object.fromEntries(cells), not_measured: {} };
        if (!pf) for (const v of ['pagefind_worker', 'pagefind_main_thread'] as const) phone.not_measured[v] = pagefindError!;
      }
    } finally {
      await server.close();
    }

    const oursHits = measuredQueries.ours?.hits;
    const pfHits = measuredQueries.pagefind?.hits;
    const oursB = oursHits ? score(oursHits, queries, 'briefing') : null;
    const oursS = oursHits ? score(oursHits, queries, 'statement') : null;
    const pfB = pfHits ? score(pfHits, queries, 'briefing') : null;
    const briefingsOf = (urls: string[] | undefined) => (urls ? new Set(urls.map((u) => u.split('#')[0])).size : null);
    const run: BenchRun = {
      size,
      chars: builds.chars,
      site,
      builds: { cold: builds.cold, changed: builds.changed, added: builds.added },
      ours: {
        ...emptyFigures(),
        ...buildFiguresOfOurs(builds, site),
        kuromoji_chars_per_s: Math.round(kuromojiCps),
        ...queryFigures(measuredQueries.ours),
        ...(oursB && oursS ? { quality: oursB.recall, precision: oursB.precision, statement_recall: oursS.recall, statement_precision: oursS.precision } : {}),
      },
      pagefind: pf
        ? { ...emptyFigures(), build_s: pf.s, peak_rss_mb: pf.peak_rss_mb, ...indexCount(pf.index), ...queryFigures(measuredQueries.pagefind), ...(pfB ? { quality: pfB.recall, precision: pfB.precision } : {}) }
        : emptyFigures(pagefindError),
      ...(phone ? { phone } : {}),
      harness_peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      not_measured: notMeasured,
      queries: queries.map((q) => ({ cls: q.cls, query: q.query, truth: q.truth.size, ours: oursHits?.get(q.query)?.length ?? null, pagefind: briefingsOf(pfHits?.get(q.query)) })),
    };
    opts.log(`  done: ours ${JSON.stringify(run.ours)}`);
    opts.log(`        pagefind ${JSON.stringify(run.pagefind)}`);
    return run;
  } catch (error) {
    // A size whose builds fail (out of memory, say) is itself a result: record it and go on.
    const message = error instanceof Error ? error.message : String(error);
    opts.log(`  size ${size} failed: ${message.slice(0, 2000)}`);
    return {
      size,
      chars: 0,
      error: message.slice(-2000),
      ours: emptyFigures(),
      pagefind: emptyFigures(),
      harness_peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      not_measured: notMeasured,
      queries: [],
    };
  } finally {
    if (!opts.keep) rmSync(scratch, { recursive: true, force: true });
  }
}

export async function runBench(opts: BenchOptions): Promise<BenchResult> {
  const runs: BenchRun[] = [];
  const browser = await launchChromium();
  try {
    for (const size of opts.sizes) runs.push(await measureSize(size, opts, browser));
  } finally {
    await browser.close();
  }
  return { machine: machine(), runs };
}
