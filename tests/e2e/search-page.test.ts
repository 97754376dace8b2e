/**
 * The search page in Chromium at desktop and phone widths, over a site of its own: 24 generated
 * briefings from 2007 to 2024 (the benchmark's generator, seed 7) plus the seed transcript, so that
 * filters, the chart's years and months, and briefings with several hits have something to show.
 * Expected values come from the transcripts themselves (frontmatter, text, the built pages' turn order)
 * or from the CLI, never from the page under test.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadBriefings, statementsOf } from '../../src/archive/read.ts';
import { writeIndex } from '../../src/search/index/writer.ts';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { generateCorpus } from '../../bench/src/corpus.ts';
import { axeViolations } from '../helpers/axe.ts';
import { hasBrowser, launch } from '../helpers/browser.ts';
import { BASE, buildSite, projectEnv, ROOT, serve, type Served } from '../helpers/site.ts';

const SCRATCH = path.join(ROOT, '.cache/search-page-test');
const CONTENT = path.join(SCRATCH, 'content');
const DIST = path.join(SCRATCH, 'dist');

interface Briefing {
  slug: string;
  date: string;
  kind: string;
  text: string;
}

/** slug (`2009/2009-09-17-synthetic-13`) → frontmatter and text, read from the transcripts. */
function readBriefings(): Map<string, Briefing> {
  const out = new Map<string, Briefing>();
  for (const year of readdirSync(CONTENT).filter((d) => /^\d{4}$/u.test(d))) {
    for (const file of readdirSync(path.join(CONTENT, year)).filter((f) => f.endsWith('.md'))) {
      const source = readFileSync(path.join(CONTENT, year, file), 'utf8');
      const [, front, body] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/u.exec(source)!;
      const fm = parseYaml(front!) as { date: string | Date; kind?: string };
      const date = fm.date instanceof Date ? fm.date.toISOString().slice(0, 10) : String(fm.date);
      out.set(`${year}/${file.replace(/\.md$/u, '')}`, { slug: `${year}/${file.replace(/\.md$/u, '')}`, date, kind: fm.kind ?? '', text: body!.normalize('NFKC') });
    }
  }
  return out;
}

function cli(args: string[]): { total: number; hits: Array<{ url: string }> } {
  const r = spawnSync(path.join(ROOT, 'node_modules/.bin/node'), [path.join(ROOT, 'scripts/search.ts'), '--dist', DIST, '--json', '--limit', '0', ...args], { encoding: 'utf8', env: projectEnv() });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as { total: number; hits: Array<{ url: string }> };
}

/** The turn ids of a built briefing page, in document order. */
function turnOrder(slug: string): string[] {
  const html = readFileSync(path.join(DIST, 'briefings', slug, 'index.html'), 'utf8');
  return [...html.matchAll(/<(?:article|div) id="(t\d+|lead)"/gu)].map((m) => m[1]!);
}

interface ShownGroup {
  date: string;
  dateText: string;
  href: string;
  hits: Array<{ href: string; meta: string }>;
}

const slugOf = (href: string) => decodeURIComponent(new URL(href, 'http://x').pathname.replace(`${BASE}briefings/`, '').replace(/\/$/u, ''));
const fragmentOf = (href: string) => decodeURIComponent(href.split('#')[1] ?? '');

const VIEWPORTS = [
  { name: 'desktop', viewport: { width: 1280, height: 900 }, isMobile: false },
  { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true },
] as const;

describe.skipIf(!hasBrowser)('search page', () => {
  let browser: Browser;
  let site: Served;
  let briefings: Map<string, Briefing>;

  beforeAll(async () => {
    rmSync(CONTENT, { recursive: true, force: true });
    await generateCorpus({ count: 24, seed: '7', out: CONTENT });
    cpSync(path.join(ROOT, 'content'), CONTENT, { recursive: true });
    const built = buildSite({ outDir: DIST, extraEnv: { CONTENT_DIR: CONTENT, ASTRO_CACHE_DIR: path.join(SCRATCH, 'astro-cache') } });
    if (built.status !== 0) throw new Error(built.output);
    briefings = readBriefings();
    site = await serve(DIST);
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  for (const { name, viewport, isMobile } of VIEWPORTS) {
    describe(`at ${name} width`, () => {
      let context: BrowserContext;
      let page: Page;
      beforeAll(async () => {
        context = await browser.newContext({ viewport, isMobile, hasTouch: isMobile });
        page = await context.newPage();
      });
      afterAll(() => context?.close());

      const settled = () =>
        page.waitForFunction(() => /件の発言|該当する発言はありません/u.test(document.getElementById('search-status')?.textContent ?? ''));

      async function open(query: string): Promise<void> {
        await page.goto(site.url(`search/${query}`));
        if (query) await settled();
      }

      /** Every result, by clicking "more" until it goes (the scroll loader may get there first). */
      async function loadAll(): Promise<void> {
        for (;;) {
          const more = page.locator('#search-more');
          if (!(await more.isVisible())) break;
          const before = await page.locator('.hit').count();
          // The scroll loader may hide the button while a click waits for it.
          await more.click({ timeout: 2000 }).catch(() => {});
          await page.waitForFunction((n) => document.querySelectorAll('.hit').length > n || document.getElementById('search-more')!.hidden, before);
        }
        await page.waitForFunction(() => {
          const m = /(\d+)件の発言（(\d+)件を表示）/u.exec(document.getElementById('search-status')?.textContent ?? '');
          return m !== null && m[1] === m[2];
        });
      }

      const groups = (): Promise<ShownGroup[]> =>
        page.$$eval('.hit-group', (gs) =>
          gs.map((g) => ({
            date: g.querySelector('h2 time')!.getAttribute('datetime')!,
            dateText: g.querySelector('h2 time')!.textContent!,
            href: g.querySelector('h2 a')!.getAttribute('href')!,
            hits: [...g.querySelectorAll('.hit-link')].map((a) => ({ href: a.getAttribute('href')!, meta: a.querySelector('.hit-meta')!.textContent! })),
          })),
        );

      const total = async () => Number(/^(\d+)件の発言/u.exec((await page.textContent('#search-status')) ?? '')?.[1] ?? NaN);

      it('lists the statements of the filters alone, newest first', async () => {
        await open('?kind=%E8%87%A8%E6%99%82');
        expect(await page.inputValue('#kind')).toBe('臨時');
        expect(await page.inputValue('#q')).toBe('');
        await loadAll();
        const shown = await groups();
        const rinji = [...briefings.values()].filter((b) => b.kind === '臨時');
        expect(rinji.length).toBeGreaterThan(1);
        expect(new Set(shown.map((g) => slugOf(g.href)))).toEqual(new Set(rinji.map((b) => b.slug)));
        const dates = shown.map((g) => g.date);
        expect(dates).toEqual([...dates].sort().reverse());
        expect(await total()).toBe(cli(['--kind', '臨時']).total);
        expect(shown.flatMap((g) => g.hits)).toHaveLength(await total());
      });

      it('shows a briefing’s hits in transcript order, dates as 2025年9月8日, no role said twice', async () => {
        await open('?q=%E9%98%B2%E8%A1%9B');
        await loadAll();
        const shown = await groups();
        expect(shown.some((g) => g.hits.length > 2)).toBe(true);
        for (const g of shown) {
          const order = turnOrder(slugOf(g.href));
          const places = g.hits.map((h) => order.indexOf(fragmentOf(h.href)));
          expect(places.every((p) => p >= 0)).toBe(true);
          expect(places).toEqual([...places].sort((a, b) => a - b));
          const [y, m, d] = g.date.split('-').map(Number);
          expect(g.dateText.startsWith(`${y}年${m}月${d}日`)).toBe(true);
          for (const h of g.hits) expect(h.meta).not.toMatch(/(記者|会見者|司会)\s+\1/u);
        }
        // Labels such as 記者, Ｑ or Ｑ（産経新聞） only say the role again: the line says it once.
        const metas = shown.flatMap((g) => g.hits.map((h) => h.meta));
        expect(metas.some((m) => /^記者（[^）]+）/u.test(m))).toBe(true);
        for (const m of metas) expect(m).not.toMatch(/^(記者|会見者|司会) ?(記者|会見者|司会|Ｑ|Q|問|質問者|Ａ|A|答)(（| |$)/u);
      });

      it('finds words spread over one briefing with the scope "same briefing", kept in the URL', async () => {
        const q = '韓国 フランス';
        const inStatement = cli([q]).total;
        const inBriefing = cli(['--scope', 'briefing', q]);
        expect(inBriefing.total).toBeGreaterThan(inStatement);
        await open(`?q=${encodeURIComponent(q)}`);
        expect(await total()).toBe(inStatement);
        await page.locator('input[name="scope"][value="briefing"]').check();
        await page.waitForFunction(() => new URL(location.href).searchParams.get('scope') === 'briefing');
        await settled();
        await page.waitForFunction((n) => document.getElementById('search-status')!.textContent!.startsWith(`${n}件`), inBriefing.total);
        await loadAll();
        const shown = await groups();
        for (const g of shown) {
          const text = briefings.get(slugOf(g.href))!.text;
          expect(text.includes('韓国') && text.includes('フランス'), g.href).toBe(true);
        }
        const hrefs = shown.flatMap((g) => g.hits.map((h) => h.href.replace(/\?[^#]*/u, '')));
        expect(new Set(hrefs)).toEqual(new Set(inBriefing.hits.map((h) => h.url)));
        // A shared link keeps the scope.
        await page.reload();
        await settled();
        expect(await page.isChecked('input[name="scope"][value="briefing"]')).toBe(true);
        expect(await total()).toBe(inBriefing.total);
      });

      it('charts the hits per year, and a bar narrows the dates, by mouse and by keyboard', async () => {
        await open('?q=%E9%98%B2%E8%A1%9B');
        const svg = page.locator('#search-chart svg[role="img"]');
        const label = (await svg.getAttribute('aria-label'))!;
        expect(label).toMatch(/年別の発言数/u);
        const figures = [...label.matchAll(/(\d{4})年 (\d+)件/gu)].map((m) => [m[1]!, Number(m[2])] as const);
        expect(figures.reduce((s, [, n]) => s + n, 0)).toBe(await total());
        const [year, count] = figures[0]!;
        await page.locator('.chart-bar').first().click();
        await page.waitForFunction((y) => new URL(location.href).searchParams.get('from') === `${y}-01-01`, year);
        await page.waitForFunction((n) => document.getElementById('search-status')!.textContent!.startsWith(`${n}件`), count);
        expect(new URL(page.url()).searchParams.get('to')).toBe(`${year}-12-31`);
        expect(await page.inputValue('#from')).toBe(`${year}-01-01`);
        expect(await svg.getAttribute('aria-label')).toMatch(/月別の発言数/u);
        await loadAll();
        for (const g of await groups()) expect(g.date.slice(0, 4)).toBe(year);

        // Back to every year, then the second year's bar from the keyboard.
        await page.getByRole('button', { name: '期間の指定を解除' }).click();
        await page.waitForFunction(() => !new URL(location.href).searchParams.has('from'));
        await settled();
        await page.locator('.chart-bar').first().focus();
        await page.keyboard.press('ArrowRight');
        await page.keyboard.press('Enter');
        const [year2] = figures[1]!;
        await page.waitForFunction((y) => new URL(location.href).searchParams.get('from') === `${y}-01-01`, year2);
        await page.waitForFunction((n) => document.getElementById('search-status')!.textContent!.startsWith(`${n}件`), figures[1]![1]);
      });

      /**
       * Counts the timers the page sets while it handles the box's next `input` event: the form decides
       * there, at once, whether to search now, after the typing pause (a timer), or not at all. Returns
       * the count once that event has gone through (on window, its last stop, after the form's listener).
       */
      async function timersOnNextInput(): Promise<() => Promise<number>> {
        await page.evaluate(() => {
          const w = window as Window & { nextInputTimers?: Promise<number> };
          w.nextInputTimers = new Promise<number>((resolve) => {
            const original = window.setTimeout;
            let set = 0;
            window.setTimeout = ((...args: Parameters<typeof setTimeout>) => (set++, original(...args))) as typeof setTimeout;
            window.addEventListener('input', () => ((window.setTimeout = original), resolve(set)), { once: true });
          });
        });
        return () => page.evaluate(() => (window as Window & { nextInputTimers?: Promise<number> }).nextInputTimers!);
      }

      it('waits for an IME conversion to be committed before searching', async () => {
        await open('');
        await page.focus('#q');
        const cdp = await context.newCDPSession(page);
        const whileComposing = await timersOnNextInput();
        await cdp.send('Input.imeSetComposition', { text: 'ぼうえい', selectionStart: 4, selectionEnd: 4 });
        // Nothing started and nothing waiting to start: no search of the unconverted reading, ever.
        expect(await whileComposing()).toBe(0);
        expect(await page.inputValue('#q')).toBe('ぼうえい');
        expect(new URL(page.url()).searchParams.get('q')).toBeNull();
        expect(await page.textContent('#search-status')).toBe('');
        await cdp.send('Input.insertText', { text: '防衛' });
        await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === '防衛');
        await settled();
        expect(await page.locator('.hit').count()).toBeGreaterThan(0);
        // A key typed outside a conversion waits for the typing pause: the same count sees its timer.
        const typed = await timersOnNextInput();
        await page.keyboard.type('x');
        expect(await typed()).toBe(1);
        await cdp.detach();
      });

      it('lists speakers without an empty entry', async () => {
        await open('');
        await page.locator('#filters summary').click();
        await page.waitForFunction(() => document.querySelectorAll('#speaker-list option').length > 0);
        const speakers = await page.$$eval('#speaker-list option', (os) => os.map((o) => (o as HTMLOptionElement).value));
        expect(speakers.every((s) => s.trim() !== '')).toBe(true);
        expect(new Set(speakers).size).toBe(speakers.length);
        const kinds = await page.$$eval('#kind option', (os) => os.map((o) => (o as HTMLOptionElement).value));
        expect(kinds).toEqual(['', ...new Set(kinds.slice(1))]);
        expect(kinds).toEqual(expect.arrayContaining(['定例', '臨時']));
      });

      it('says in Japanese what to do when offline or when the index is missing, and recovers', async () => {
        // A context of its own: nothing of the query may be in the HTTP cache already.
        const cold = await browser.newContext({ viewport, isMobile, hasTouch: isMobile });
        const p = await cold.newPage();
        await p.goto(site.url('search/'));
        await p.focus('#q');
        await p.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.includes('/search/p/')));
        await cold.setOffline(true);
        try {
          await p.fill('#q', '防衛');
          await p.waitForFunction(() => !(document.getElementById('search-retry') as HTMLButtonElement).hidden);
          const message = (await p.textContent('#search-status'))!;
          expect(message).toMatch(/インターネットに接続/u);
          expect(message).not.toMatch(/[A-Za-z]/u);
          expect(await p.textContent('#search-retry')).toBe('もう一度検索');
          // The button tries again (and, still offline, fails again).
          let failed = 0;
          p.on('requestfailed', () => failed++);
          await p.click('#search-retry');
          await p.waitForFunction(() => !(document.getElementById('search-retry') as HTMLButtonElement).hidden);
          expect(failed).toBeGreaterThan(0);
        } finally {
          await cold.setOffline(false);
        }
        // Back online, the page searches again by itself.
        await p.waitForSelector('.hit');
        expect(await p.textContent('#search-status')).toMatch(/^\d+件の発言/u);
        await cold.close();

        const missing = await context.newPage();
        await missing.route('**/search/manifest.json', (r) => r.fulfill({ status: 404, body: 'not found' }));
        await missing.goto(site.url('search/?q=%E9%98%B2%E8%A1%9B'));
        await missing.waitForFunction(() => !(document.getElementById('search-retry') as HTMLButtonElement).hidden);
        const text = (await missing.textContent('#search-status'))!;
        expect(text).toMatch(/検索用のデータが見つかりませんでした/u);
        expect(text).not.toMatch(/[A-Za-z]/u);
        await missing.close();
      });

      it('shows the first screen at once and the rest as the reader scrolls', async () => {
        await open('?q=%E9%98%B2%E8%A1%9B');
        const all = await total();
        const first = await page.locator('.hit').count();
        expect(first).toBeGreaterThan(0);
        expect(first).toBeLessThan(all);
        // Scrolled to the end, the next batch arrives without a click.
        for (let count = first; count < all; count = await page.locator('.hit').count()) {
          await page.mouse.wheel(0, 100_000);
          await page.waitForFunction((n) => document.querySelectorAll('.hit').length > n, count);
        }
        const hrefs = await page.$$eval('.hit-link', (as) => as.map((a) => a.getAttribute('href')));
        expect(hrefs).toHaveLength(all);
        expect(new Set(hrefs).size).toBe(all);
      });

      it('fits results to the width (no nested indents, no sideways scroll)', async () => {
        await open('?q=%E9%98%B2%E8%A1%9B&group=flat');
        const widths = await page.$$eval('.hit-snippet', (ps) => ps.map((p) => p.getBoundingClientRect().width));
        const main = await page.$eval('main', (m) => m.clientWidth);
        for (const w of widths) expect(w).toBeGreaterThanOrEqual(main * 0.85);
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
        if (isMobile) expect(await page.evaluate(() => innerWidth)).toBe(390);
      });

      it('has no axe violations with results, chart and filters open, and one search landmark of each name', async () => {
        await open('?q=%E9%98%B2%E8%A1%9B&kind=%E5%AE%9A%E4%BE%8B');
        expect(await page.getAttribute('#filters', 'open')).not.toBeNull();
        expect(await axeViolations(page)).toEqual([]);
        const names = await page.$$eval('[role="search"], search', (els) =>
          els.filter((e) => (e as HTMLElement).offsetParent !== null).map((e) => e.getAttribute('aria-label') ?? ''),
        );
        expect(names).toHaveLength(new Set(names).size);
      });

      it('a shared link fetches the manifest once, every module up front, few files, and blocks and the hits\' published text as ranges', async () => {
        const cold = await browser.newContext({ viewport, isMobile });
        const p = await cold.newPage();
        const requests: string[] = [];
        p.on('request', (r) => requests.push(r.url()));
        const packs: Array<{ range: string | undefined; status: number }> = [];
        const texts: Array<{ range: string | undefined; status: number }> = [];
        p.on('response', (r) => {
          if (r.url().includes('/search/p/')) packs.push({ range: r.request().headers()['range'], status: r.status() });
          if (r.url().includes('/data/briefings/')) texts.push({ range: r.request().headers()['range'], status: r.status() });
        });
        await p.goto(site.url('search/?q=%E9%98%B2%E8%A1%9B'));
        await p.waitForSelector('.hit');
        const atFirst = [...requests];
        await cold.close();
        // The page reads blocks as byte ranges of their packs, as the engine does, never whole packs.
        expect(packs.length).toBeGreaterThan(0);
        for (const pack of packs) expect(pack).toEqual({ range: expect.stringMatching(/^bytes=\d+-\d+$/u), status: 206 });
        // The snippets' text is read where the site publishes it, each hit's alone (src/search/query/published.ts).
        expect(texts.length).toBeGreaterThan(0);
        for (const text of texts) expect(text).toEqual({ range: expect.stringMatching(/^bytes=\d+-\d+$/u), status: 206 });
        expect(atFirst.filter((u) => u.endsWith('/search/manifest.json'))).toHaveLength(1);
        expect(atFirst.length).toBeLessThanOrEqual(20);
        const html = readFileSync(path.join(DIST, 'search/index.html'), 'utf8');
        const declared = [...html.matchAll(/<(?:script type="module" src|link rel="modulepreload" href)="([^"]+)"/gu)].map((m) => m[1]!);
        for (const js of atFirst.filter((u) => u.endsWith('.js'))) expect(declared, js).toContain(new URL(js).pathname);
      });

      it('fetches the engine’s first files when the box gets focus, before anything is typed', async () => {
        const cold = await browser.newContext({ viewport, isMobile });
        const p = await cold.newPage();
        const requests: string[] = [];
        p.on('request', (r) => requests.push(new URL(r.url()).pathname));
        await p.goto(site.url('search/'));
        await p.focus('#q');
        await p.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.includes('/search/p/')));
        expect(requests).toContain(`${BASE}search/manifest.json`);
        expect(await p.inputValue('#q')).toBe('');
        await cold.close();
      });
    });
  }

  /**
   * The same site with its index written again in small parts, so that the frequent words of these 25
   * briefings are long lists as those of a whole ministry's record are: the first screen is a bounded
   * read. What the page shows while it loads is recorded from a MutationObserver set up before the
   * page's own scripts; the expected totals are the CLI's, over the site's own index.
   */
  describe('over long lists: the count and the chart never change once shown', () => {
    const LONG = path.join(SCRATCH, 'dist-long');
    let served: Served;
    let context: BrowserContext;

    beforeAll(async () => {
      rmSync(LONG, { recursive: true, force: true });
      cpSync(DIST, LONG, { recursive: true });
      const inputs = (await loadBriefings(CONTENT, { root: ROOT })).map((b) => ({ slug: b.slug, hash: b.slug, date: b.frontmatter.date, kind: b.frontmatter.kind, statements: () => statementsOf(b) }));
      await writeIndex(inputs, LONG, { base: BASE, cacheDir: path.join(SCRATCH, 'long-cache'), analysisDir: path.join(SCRATCH, 'astro-cache', 'kaiken', 'search', 'analysis'), blockBytes: { head: 256, part: 128 } });
      served = await serve(LONG);
      context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      // Every status line, and every change of the chart, with the hits shown at that moment.
      await context.addInitScript(() => {
        const w = window as Window & { shown?: Array<{ status: string; hits: string[]; chart: string | null }>; chartChanges?: number };
        w.shown = [];
        w.chartChanges = 0;
        new MutationObserver(() => {
          const status = document.getElementById('search-status')?.textContent ?? '';
          const chart = document.querySelector('#search-chart svg')?.getAttribute('aria-label') ?? null;
          const last = w.shown!.at(-1);
          if (!last || last.status !== status || last.chart !== chart) {
            if (last && last.chart !== chart) w.chartChanges!++;
            w.shown!.push({ status, hits: [...document.querySelectorAll('.hit-link')].map((a) => a.getAttribute('href')!), chart });
          }
        }).observe(document, { subtree: true, childList: true, characterData: true });
      });
    }, 180_000);
    afterAll(async () => {
      await context?.close();
      await served?.close();
    });

    /** What the page showed, in order, until the status says an exact count. */
    async function sequence(query: string): Promise<{ steps: Array<{ status: string; hits: string[]; chart: string | null }>; chartChanges: number }> {
      const p = await context.newPage();
      await p.goto(served.url(`search/${query}`));
      await p.waitForFunction(() => /\d+件の発言/u.test(document.getElementById('search-status')?.textContent ?? '') && document.querySelector('#search-chart svg') !== null);
      const out = await p.evaluate(() => {
        const w = window as Window & { shown?: Array<{ status: string; hits: string[]; chart: string | null }>; chartChanges?: number };
        return { steps: w.shown!.filter((s) => /件/u.test(s.status)), chartChanges: w.chartChanges! };
      });
      await p.close();
      return out;
    }
    const figures = (label: string) => [...label.matchAll(/(\d+)件/gu)].reduce((n, m) => n + Number(m[1]), 0);

    it('one word: the exact count and the chart come with the first hits, from the index\'s counts', async () => {
      const { steps, chartChanges } = await sequence('?q=%E9%98%B2%E8%A1%9B');
      const expected = cli(['防衛']).total;
      expect(steps[0]!.status).toMatch(new RegExp(`^${expected}件の発言`, 'u'));
      expect(steps[0]!.hits.length).toBeGreaterThan(0);
      expect(steps[0]!.chart).not.toBeNull();
      for (const s of steps) expect(s.status).not.toMatch(/以上/u);
      expect(chartChanges).toBe(1);
      expect(figures(steps.at(-1)!.chart!.replace(/^.*発言数: /u, '').replace(/（.*$/u, ''))).toBe(expected);
    });

    it('a word and a filter: at least the hits found, then the exact count and only then the chart; the first hits stay', async () => {
      const query = '?q=%E9%98%B2%E8%A1%9B&kind=%E8%87%A8%E6%99%82&sort=date&group=flat';
      const { steps, chartChanges } = await sequence(query);
      const expected = cli(['--kind', '臨時', '--sort', 'date', '防衛']);
      const first = steps[0]!;
      const atLeast = Number(/^(\d+)件以上の発言/u.exec(first.status)?.[1]);
      expect(atLeast, first.status).toBeGreaterThanOrEqual(first.hits.length);
      expect(first.chart).toBeNull();
      const last = steps.at(-1)!;
      expect(last.status).toMatch(new RegExp(`^${expected.total}件の発言`, 'u'));
      expect(expected.total).toBeGreaterThanOrEqual(atLeast);
      // Never a smaller figure after a larger one, never a chart before the exact count, one chart only.
      const counts = steps.map((s) => Number(/^(\d+)件/u.exec(s.status)![1]));
      expect(counts).toEqual([...counts].sort((a, b) => a - b));
      for (const s of steps) if (s.chart !== null) expect(s.status).not.toMatch(/以上/u);
      expect(chartChanges).toBe(1);
      expect(figures(last.chart!.replace(/^.*発言数: /u, '').replace(/（.*$/u, ''))).toBe(expected.total);
      // The first screen's hits are the CLI's first, in its order, and still there after the count.
      expect(first.hits.map((h) => h.replace(/\?[^#]*/u, ''))).toEqual(expected.hits.slice(0, first.hits.length).map((h) => h.url));
      expect(last.hits.slice(0, first.hits.length)).toEqual(first.hits);
    });
  });
});
