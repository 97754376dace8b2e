/**
 * Time to first result on a phone, in each engine's own UI: our search page (`/search/`), and
 * Pagefind's stock UI (`pagefind-ui.js`) on a page of its own over the same pages.
 *
 * The phone: Chromium at 390×844 (mobile, touch), `Emulation.setCPUThrottlingRate` 4×,
 * `Network.emulateNetworkConditions` 150 ms latency and 200,000 B/s down, a new browser context per
 * run (a cold cache; within the visit the cache works as a browser's does).
 *
 * Pagefind searches in a Web Worker, and CPU throttling is per page: Chromium refuses it on a worker
 * target ("Operation is only supported for pages, not workers", tried through `Target.setAutoAttach`),
 * while the network emulation does reach the worker's fetches. So Pagefind is measured twice:
 * - `pagefind_worker`: as shipped, its search at the full speed of this machine — flattered;
 * - `pagefind_main_thread`: Pagefind's own `noWorker` option (pagefind.js 1.6 runs the same search on
 *   the calling thread; the stock UI passes options it does not know to pagefind.js), throttled 4×
 *   like everything else on the page.
 * Each run records whether the worker was used (pagefind.js falls back to the main thread, with a
 * console warning, when the worker does not start within 5 s).
 *
 * "First result" is the moment the first result element (ours: `#search-results .hit`; Pagefind:
 * `a.pagefind-ui__result-link`, rendered once the result's data has arrived — its loading placeholders
 * do not count) is inserted into the DOM, as a MutationObserver installed before the page's own
 * scripts sees it, on the page's clock. Two ways to arrive:
 * - `link`: a shared `/search/?q=…` link, timed from navigation start (Pagefind's page passes `?q=`
 *   to the UI's `triggerSearch` when the DOM is ready: the stock UI does not read the URL itself);
 * - `typed`: the page has loaded, the box is focused (both UIs may fetch on focus), the network has been
 *   quiet for QUIET_MS, then the query is entered at once; timed from that `input` event.
 * Requests and bytes are those of the whole visit up to the first result (navigation included);
 * for `typed`, also those after the input. Requests are counted by the browser (workers included),
 * bytes by the server (gzip on the wire).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Request } from 'playwright-core';
import type { BenchServer } from './browser.ts';
import type { FrequentWord } from './frequent.ts';
import { figure, median } from './stats.ts';

export const PHONE = { width: 390, height: 844, cpu_slowdown: 4, latency_ms: 150, down_bytes_per_s: 200_000, up_bytes_per_s: 100_000 } as const;

export const PHONE_VARIANTS = ['ours', 'pagefind_worker', 'pagefind_main_thread'] as const;
export type PhoneVariant = (typeof PHONE_VARIANTS)[number];
export const ENTRIES = ['typed', 'link'] as const;
export type Entry = (typeof ENTRIES)[number];

interface Ui {
  /** Path of the page; a link adds `?q=`. */
  page: string;
  box: string;
  result: string;
}

const UIS: Record<PhoneVariant, Ui> = {
  ours: { page: '/search/', box: '#q', result: '#search-results .hit' },
  pagefind_worker: { page: '/pagefind-ui/', box: '.pagefind-ui__search-input', result: 'a.pagefind-ui__result-link' },
  pagefind_main_thread: { page: '/pagefind-ui/main-thread/', box: '.pagefind-ui__search-input', result: 'a.pagefind-ui__result-link' },
};

/** How long the network must be idle after the box is focused before the query is typed. */
const QUIET_MS = 1000;
const RUN_TIMEOUT_MS = 120_000;

/**
 * Pagefind's stock UI as a site would add it (sub-results on, as Starlight shows them), on
 * `/pagefind-ui/` and, with `noWorker`, on `/pagefind-ui/main-thread/`. Written into the served site
 * after its files were counted.
 */
export function writePagefindUiPages(dist: string): void {
  for (const [dir, options] of [['pagefind-ui', ''], ['pagefind-ui/main-thread', ', noWorker: true']] as const) {
    mkdirSync(path.join(dist, dir), { recursive: true });
    writeFileSync(
      path.join(dist, dir, 'index.html'),
      `<!doctype html><html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>検索</title><link rel="icon" href="data:,"><link href="/pagefind/pagefind-ui.css" rel="stylesheet"><script src="/pagefind/pagefind-ui.js"></script></head>
<body><main><h1>検索</h1><div id="search"></div></main><script>
window.addEventListener('DOMContentLoaded', () => {
  const ui = new PagefindUI({ element: '#search', showSubResults: true${options} });
  const q = new URLSearchParams(location.search).get('q');
  if (q) ui.triggerSearch(q);
});
</script></body></html>
`,
    );
  }
}

export interface PhoneRun {
  query: string;
  /** Time to first result (ms), or null when none came (see `error`). */
  ms: number | null;
  requests: number;
  bytes: number;
  requests_after_input?: number;
  bytes_after_input?: number;
  /** Pagefind: whether its search ran in its worker. */
  worker?: boolean;
  error?: string;
}

/** One query's runs in a cell. */
export interface PhoneQueryCell {
  ms_median: number | null;
  ms_max: number | null;
  bytes_median: number | null;
  requests_median: number | null;
}

export interface PhoneCell {
  ms_median: number | null;
  ms_min: number | null;
  ms_max: number | null;
  /** Each query on its own: its time, bytes and requests (medians over its runs). */
  queries: Record<string, PhoneQueryCell>;
  /** The query whose median time is the longest, and that median: the one a target "every query" is judged by. */
  slowest: { query: string; ms_median: number } | null;
  requests_median: number | null;
  /** The most requests one run made (a frequent word shows many results, each from its text block). */
  requests_max: number | null;
  bytes_median: number | null;
  requests_after_input_median?: number | null;
  runs: PhoneRun[];
}

export interface PhoneFigures {
  profile: typeof PHONE;
  queries: string[];
  /** Of the queries, the corpus's most frequent content words and the briefings that hold each (frequent.ts). */
  frequent: FrequentWord[];
  runs_per_query: number;
  variants: Partial<Record<PhoneVariant, Record<Entry, PhoneCell>>>;
  /** Variants that were not measured, and why. */
  not_measured: Partial<Record<PhoneVariant, string>>;
}

type PageState = { firstResultAt?: number; inputAt?: number };

async function phoneRun(browser: Browser, server: BenchServer, variant: PhoneVariant, query: string, entry: Entry): Promise<PhoneRun> {
  const ui = UIS[variant];
  const context = await browser.newContext({ viewport: { width: PHONE.width, height: PHONE.height }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 });
  const urls: string[] = [];
  let inFlight = 0;
  let lastActivity = performance.now();
  const done = () => {
    inFlight--;
    lastActivity = performance.now();
  };
  context.on('request', (r: Request) => {
    urls.push(r.url());
    inFlight++;
    lastActivity = performance.now();
  });
  context.on('requestfinished', done);
  context.on('requestfailed', done);
  let fellBack = false;
  try {
    const page = await context.newPage();
    page.on('console', (m) => {
      if (/falling back to main thread/u.test(m.text())) fellBack = true;
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: PHONE.latency_ms, downloadThroughput: PHONE.down_bytes_per_s, uploadThroughput: PHONE.up_bytes_per_s });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: PHONE.cpu_slowdown });
    await page.addInitScript((selector: string) => {
      const state = window as unknown as PageState;
      new MutationObserver((_, observer) => {
        if (document.querySelector(selector)) {
          state.firstResultAt = performance.now();
          observer.disconnect();
        }
      }).observe(document, { subtree: true, childList: true });
      document.addEventListener('input', () => (state.inputAt ??= performance.now()), { capture: true });
    }, ui.result);
    const bytes0 = server.sent();
    let before: { requests: number; bytes: number } | null = null;
    if (entry === 'link') {
      await page.goto(`${server.origin}${ui.page}?q=${encodeURIComponent(query)}`, { waitUntil: 'commit' });
    } else {
      await page.goto(`${server.origin}${ui.page}`, { waitUntil: 'load' });
      await page.focus(ui.box);
      const quietSince = performance.now();
      while ((inFlight > 0 || performance.now() - lastActivity < QUIET_MS) && performance.now() - quietSince < RUN_TIMEOUT_MS) await page.waitForTimeout(100);
      before = { requests: urls.length, bytes: server.sent() };
      await page.fill(ui.box, query);
    }
    const state = await page
      .waitForFunction(() => {
        const s = window as unknown as PageState;
        return s.firstResultAt !== undefined ? { firstResultAt: s.firstResultAt, inputAt: s.inputAt } : null;
      }, null, { timeout: RUN_TIMEOUT_MS, polling: 50 })
      .then((h) => h.jsonValue() as Promise<Required<Pick<PageState, 'firstResultAt'>> & PageState>);
    const from = entry === 'link' ? 0 : (state.inputAt ?? NaN);
    const run: PhoneRun = { query, ms: Math.round(state.firstResultAt - from), requests: urls.length, bytes: server.sent() - bytes0 };
    if (before) {
      run.requests_after_input = urls.length - before.requests;
      run.bytes_after_input = server.sent() - before.bytes;
    }
    if (variant !== 'ours') run.worker = urls.some((u) => u.includes('pagefind-worker')) && !fellBack;
    return run;
  } catch (error) {
    return { query, ms: null, requests: urls.length, bytes: NaN, error: (error as Error).message.split('\n')[0]! };
  } finally {
    await context.close();
  }
}

function queryCell(runs: PhoneRun[]): PhoneQueryCell {
  const ok = runs.filter((r) => r.ms !== null);
  const of = (f: (r: PhoneRun) => number) => figure(median(ok.map(f)));
  return { ms_median: of((r) => r.ms!), ms_max: ok.length > 0 ? Math.max(...ok.map((r) => r.ms!)) : null, bytes_median: of((r) => r.bytes), requests_median: of((r) => r.requests) };
}

function cell(runs: PhoneRun[], entry: Entry): PhoneCell {
  const ok = runs.filter((r) => r.ms !== null);
  const of = (f: (r: PhoneRun) => number | undefined) => figure(median(ok.map((r) => f(r) ?? NaN)));
  const queries = Object.fromEntries([...new Set(runs.map((r) => r.query))].map((q) => [q, queryCell(runs.filter((r) => r.query === q))]));
  const timed = Object.entries(queries).filter((e): e is [string, PhoneQueryCell & { ms_median: number }] => e[1].ms_median !== null);
  const slowest = timed.sort((a, b) => b[1].ms_median - a[1].ms_median)[0];
  return {
    ms_median: of((r) => r.ms!),
    ms_min: ok.length > 0 ? Math.min(...ok.map((r) => r.ms!)) : null,
    ms_max: ok.length > 0 ? Math.max(...ok.map((r) => r.ms!)) : null,
    queries,
    slowest: slowest ? { query: slowest[0], ms_median: slowest[1].ms_median } : null,
    requests_median: of((r) => r.requests),
    requests_max: ok.length > 0 ? Math.max(...ok.map((r) => r.requests)) : null,
    bytes_median: of((r) => r.bytes),
    ...(entry === 'typed' ? { requests_after_input_median: of((r) => r.requests_after_input) } : {}),
    runs,
  };
}

/**
 * Every variant, entry and query, `runs` times each, interleaved (run by run, query by query) so that
 * a busy moment of the machine does not fall on one engine only. One unrecorded run per variant first
 * warms the server's file cache.
 */
export async function measurePhone(
  browser: Browser,
  server: BenchServer,
  variants: PhoneVariant[],
  queries: string[],
  runs: number,
  log: (line: string) => void,
): Promise<Map<PhoneVariant, Record<Entry, PhoneCell>>> {
  const all = new Map(variants.map((v) => [v, { typed: [] as PhoneRun[], link: [] as PhoneRun[] }]));
  for (const v of variants) await phoneRun(browser, server, v, queries[0]!, 'link');
  for (let r = 0; r < runs; r++) {
    for (const q of queries) {
      for (const v of variants) {
        for (const e of ENTRIES) {
          const run = await phoneRun(browser, server, v, q, e);
          all.get(v)![e].push(run);
          log(`    phone ${v} ${e} ${q}: ${run.ms === null ? `no result (${run.error})` : `${run.ms} ms`}, ${run.requests} requests, ${run.bytes} B${run.worker === false ? ', main thread' : ''}`);
        }
      }
    }
  }
  return new Map([...all].map(([v, byEntry]) => [v, { typed: cell(byEntry.typed, 'typed'), link: cell(byEntry.link, 'link') }]));
}
