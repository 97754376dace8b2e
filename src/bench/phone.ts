/**
 * Time to first result on a phone, in each engine's own UI: our search page, and Pagefind's stock UI
 * (`pagefind-ui.js`) over the same pages. Chromium at 390×844 with 4× CPU throttling, 150 ms latency
 * and 200,000 B/s down (CDP `Emulation.setCPUThrottlingRate`, `Network.emulateNetworkConditions`),
 * each run in a new browser context with the cache disabled: a cold visitor.
 *
 * Two ways to arrive: a shared link (`/search/?q=…`), timed from navigation; and typing into the box of
 * a page that has loaded and been focused, timed from the keystroke. Requests and bytes are counted by
 * the server (gzip, as a CDN sends them) from navigation to the first result, because Pagefind fetches
 * from a Web Worker. That worker also escapes the CPU throttling (and, depending on the Chromium
 * version, the network emulation): Pagefind's figures are flattered, not ours.
 *
 *   node src/bench/phone.ts --site DIST [--pagefind PAGEFIND_SITE] [--query Q]… [--runs N]
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';
import { launchChromium, serveForBench, type BenchServer } from './browser.ts';

export const PHONE = { viewport: { width: 390, height: 844 }, cpuSlowdown: 4, latencyMs: 150, downBytesPerSecond: 200_000, upBytesPerSecond: 93_750 } as const;

export interface PhoneRun {
  /** From navigation (link) or from typing (typed) to the first result in the DOM. */
  ms: number;
  requests: number;
  bytes: number;
}

export interface PhoneUi {
  /** The page, relative to the server's root, with `{q}` where the query goes (link) or without it (typed). */
  link: string;
  page: string;
  box: string;
  result: string;
}

export const OUR_UI: PhoneUi = { link: '/search/?q={q}', page: '/search/', box: '#q', result: '.hit' };
export const PAGEFIND_UI: PhoneUi = { link: '/pagefind-ui/?q={q}', page: '/pagefind-ui/', box: '.pagefind-ui__search-input', result: '.pagefind-ui__result' };
/** Pagefind searching on the main thread (`noWorker`), where the CPU throttling reaches it as it reaches ours. */
export const PAGEFIND_MAIN_THREAD_UI: PhoneUi = { ...PAGEFIND_UI, link: '/pagefind-ui/?main&q={q}', page: '/pagefind-ui/?main' };

/** Pagefind's stock UI on a page of its own, opening `?q=` the way our page does (`?main`: without its worker). */
export function writePagefindUiPage(pagefindSite: string): void {
  const dir = path.join(pagefindSite, 'pagefind-ui');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'index.html'),
    `<!doctype html><html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>検索</title><link href="/pagefind/pagefind-ui.css" rel="stylesheet"><script src="/pagefind/pagefind-ui.js"></script></head>
<body><main><h1>検索</h1><div id="search"></div></main><script>
window.addEventListener('DOMContentLoaded', () => {
  const params = new URLSearchParams(location.search);
  const ui = new PagefindUI({ element: '#search', showSubResults: true, ...(params.has('main') ? { pagefind_options: { noWorker: true } } : {}) });
  const q = params.get('q');
  if (q) ui.triggerSearch(q);
});
</script></body></html>`,
  );
}

/** One cold run: a new context, throttled, the time of the first result taken in the page. */
export async function phoneRun(browser: Browser, server: BenchServer, ui: PhoneUi, query: string, how: 'link' | 'typed'): Promise<PhoneRun> {
  const context = await browser.newContext({ viewport: PHONE.viewport, isMobile: true, hasTouch: true, deviceScaleFactor: 3 });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: PHONE.latencyMs, downloadThroughput: PHONE.downBytesPerSecond, uploadThroughput: PHONE.upBytesPerSecond });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: PHONE.cpuSlowdown });
    // The moment the first result enters the DOM, on the page's clock (0 = navigation start).
    await page.addInitScript((selector: string) => {
      const w = window as unknown as { firstResultAt?: number };
      new MutationObserver((_, observer) => {
        if (document.querySelector(selector)) {
          w.firstResultAt = performance.now();
          observer.disconnect();
        }
      }).observe(document, { subtree: true, childList: true });
    }, ui.result);
    const requests0 = server.requests();
    const bytes0 = server.sent();
    let from = 0;
    if (how === 'link') {
      await page.goto(`${server.origin}${ui.link.replace('{q}', encodeURIComponent(query))}`, { waitUntil: 'commit' });
    } else {
      await page.goto(`${server.origin}${ui.page}`, { waitUntil: 'load' });
      await page.waitForSelector(ui.box);
      await page.focus(ui.box);
      // A reader takes a moment before typing: what each UI fetches on focus has time to arrive.
      await page.waitForTimeout(1500);
      from = await page.evaluate(() => performance.now());
      await page.fill(ui.box, query);
    }
    await page.waitForFunction(() => (window as unknown as { firstResultAt?: number }).firstResultAt !== undefined, null, { timeout: 120_000, polling: 50 });
    const at = await page.evaluate(() => (window as unknown as { firstResultAt: number }).firstResultAt);
    return { ms: Math.round(at - from), requests: server.requests() - requests0, bytes: server.sent() - bytes0 };
  } finally {
    await context.close();
  }
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { site: { type: 'string' }, pagefind: { type: 'string' }, query: { type: 'string', multiple: true }, runs: { type: 'string' } },
  });
  if (!values.site) {
    process.stderr.write('usage: node src/bench/phone.ts --site DIST [--pagefind PAGEFIND_SITE] [--query Q]… [--runs N]\n');
    process.exit(2);
  }
  const queries = values.query ?? ['防衛'];
  const runs = Number(values.runs ?? 5);
  const ours = await serveForBench(path.resolve(values.site));
  const targets: Array<[string, BenchServer, PhoneUi]> = [['ours', ours, OUR_UI]];
  let pagefind: BenchServer | null = null;
  if (values.pagefind) {
    writePagefindUiPage(path.resolve(values.pagefind));
    pagefind = await serveForBench(path.resolve(values.pagefind));
    targets.push(['pagefind', pagefind, PAGEFIND_UI], ['pagefind-main-thread', pagefind, PAGEFIND_MAIN_THREAD_UI]);
  }
  const browser = await launchChromium();
  try {
    for (const how of ['link', 'typed'] as const) {
      for (const q of queries) {
        const all = new Map<string, PhoneRun[]>(targets.map(([name]) => [name, []]));
        // Round by round, each UI in turn, so that a busy moment of the machine falls on all of them;
        // round 0 warms the servers' disk cache and is not counted.
        for (let i = 0; i <= runs; i++) {
          for (const [name, server, ui] of targets) {
            const run = await phoneRun(browser, server, ui, q, how);
            if (i > 0) all.get(name)!.push(run);
          }
        }
        for (const [name, rs] of all) {
          const ms = rs.map((r) => r.ms);
          console.log(`${name}\t${how}\t${q}\tmedian ${median(ms)} ms\t(min ${Math.min(...ms)}, max ${Math.max(...ms)})\trequests ${median(rs.map((r) => r.requests))}\tbytes ${median(rs.map((r) => r.bytes))}`);
        }
      }
    }
  } finally {
    await browser.close();
    await ours.close();
    await pagefind?.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
