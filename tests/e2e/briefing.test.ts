import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBrowser, launch } from '../helpers/browser.ts';
import { SEED_SAMPLE } from '../helpers/seed.ts';
import { ROOT, serve, TEST_DIST, type Served } from '../helpers/site.ts';

const SEED = 'briefings/2025/2025-09-08-nakatani-seoul/';

describe.skipIf(!hasBrowser)('the seed briefing in Chromium', () => {
  let browser: Browser;
  let site: Served;
  let page: Page;

  beforeAll(async () => {
    site = await serve(TEST_DIST);
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('shows turns with roles, speakers, header labels and a link to each', async () => {
    await page.goto(site.url(SEED));
    expect(await page.title()).toContain('中谷防衛大臣がソウルで臨時会見');
    const turns = await page.$$eval('article.turn', (els) =>
      els.map((el) => ({
        id: el.id,
        role: el.getAttribute('data-role'),
        speaker: el.getAttribute('data-speaker'),
        person: el.getAttribute('data-person'),
        position: el.getAttribute('data-position'),
        shown: el.querySelector(':scope > header .speaker')?.textContent ?? '',
        header: el.querySelector(':scope > header')?.textContent ?? '',
        link: el.querySelector<HTMLAnchorElement>(':scope > header a.turn-link')?.getAttribute('href'),
        inExchange: el.parentElement?.classList.contains('exchange') ?? false,
        replyTo: el.getAttribute('data-reply-to'),
      })),
    );
    expect(turns.map((t) => t.role)).toEqual(['official', 'reporter', 'official', 'reporter', 'official', 'reporter', 'official', 'reporter', 'official']);
    expect(turns.map((t) => t.speaker)).toEqual(['中谷防衛大臣', '記者', '大臣', '記者', '大臣', '記者', '大臣', '記者', '大臣']);
    expect(new Set(turns.map((t) => t.id)).size).toBe(turns.length);
    // Every official turn is 中谷 元 (the announcement unlabelled, the answers labelled 大臣): the header
    // names him, and keeps the label as written beside the name.
    expect(turns.map((t) => [t.person, t.position, t.shown])).toEqual(
      turns.map((t) => (t.role === 'official' ? ['中谷 元', '防衛大臣', '中谷 元 防衛大臣'] : [null, null, '記者'])),
    );
    for (const t of turns) {
      expect(t.link).toBe(`#${t.id}`);
      if (t.id !== 't1') expect(t.header).toContain(t.speaker);
    }
    // Question/answer pairs share one visible exchange box; the announcement stands alone.
    expect(turns.map((t) => t.inExchange)).toEqual([false, true, true, true, true, true, true, true, true]);
    expect(turns.filter((t) => t.role === 'official' && t.inExchange).map((t) => t.replyTo)).toEqual(['t2', 't4', 't6', 't8']);
  });

  it('shows the date in 西暦 and 和暦, time, place and speaker', async () => {
    await page.goto(site.url(SEED));
    const meta = await page.textContent('.briefing > .briefing-meta');
    expect(meta).toContain('2025年9月8日（月）／令和7年9月8日');
    expect(meta).toContain('17:05〜17:19（現地時間）');
    expect(meta).toContain('中谷 元（なかたに げん） 防衛大臣');
    // The place, the source and the data one tap away.
    expect(await page.textContent('details.briefing-more > summary')).toBe('場所・出典・データ');
    expect(await page.isVisible('.briefing-more .place')).toBe(false);
    await page.click('details.briefing-more > summary');
    expect(await page.textContent('.briefing-more .place')).toBe('ソウルのロッテホテル');
  });

  it('has a topic TOC whose links reach the topic sections', async () => {
    await page.goto(site.url(SEED));
    // Collapsed by default (a <details>, no script needed); the links are there all the same.
    expect(await page.getAttribute('details#toc', 'open')).toBeNull();
    const links = await page.$$eval('#toc nav a', (as) => as.map((a) => ({ href: a.getAttribute('href'), text: a.textContent })));
    expect(links).toEqual([
      { href: '#section-1', text: '大臣からの発表事項' },
      { href: '#section-2', text: '記者との質疑応答' },
      { href: '#topic-1', text: '日韓の防衛協力をいかに持続させるか、また今後の相互訪問や定例協議について' },
      { href: '#topic-2', text: '今回の日韓防衛大臣会談の成果を、日米韓協力にどうつなげるか' },
    ]);
    for (const l of links) expect(await page.locator(`section${l.href}`).count()).toBe(1);
  });

  it('opening …#<turn id> scrolls to that turn, its question and the date above it', async () => {
    const fresh = await browser.newPage({ viewport: { width: 1000, height: 700 } });
    await fresh.goto(site.url(`${SEED}#t7`));
    await fresh.waitForFunction(() => Math.abs(document.querySelector('[data-context]')?.getBoundingClientRect().top ?? 99) < 1);
    const { scrollY, context, question, top } = await fresh.evaluate(() => ({
      scrollY: window.scrollY,
      context: document.querySelector('[data-context]')!.textContent,
      question: document.getElementById('t6')!.getBoundingClientRect().top,
      top: document.getElementById('t7')!.getBoundingClientRect().top,
    }));
    expect(scrollY).toBeGreaterThan(500);
    expect(context).toBe('2025年9月8日の会見「中谷防衛大臣がソウルで臨時会見 日韓防衛相会談について報告」より');
    expect(question).toBeGreaterThan(0);
    expect(question).toBeLessThan(60);
    expect(top).toBeLessThan(700 - 100);
    await fresh.close();
  });

  it.skipIf(!SEED_SAMPLE)('loses nothing: every statement of the published text is on the page, in order, in the right turn', async () => {
    await page.goto(site.url(SEED));
    const published = (await readFile(SEED_SAMPLE!, 'utf8')).split('\n');
    const headings = new Set(await page.$$eval('.transcript h2, .transcript h3', (hs) => hs.map((h) => h.textContent ?? '')));
    const expected: string[] = [];
    let role = 'official';
    for (const line of published.slice(published.indexOf('大臣からの発表事項') + 1, published.indexOf('(以上)'))) {
      if (line === '記者 :') role = 'reporter';
      else if (line === '大臣 :') role = 'official';
      else if (!headings.has(line)) expected.push(`${role}|${line}`);
    }
    const onPage = await page.$$eval('article.turn > p', (ps) => ps.map((p) => `${p.closest('article')!.getAttribute('data-role')}|${p.textContent}`));
    expect(onPage).toEqual(expected);
    // The lead, too.
    expect(await page.textContent('#lead')).toContain(published[3]);
  });

  it('reads on a phone without sideways scrolling, and keeps a screenshot', async () => {
    const phone = await browser.newPage({ viewport: { width: 375, height: 740 }, deviceScaleFactor: 2 });
    await phone.goto(site.url(`${SEED}#t2`));
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await mkdir(path.join(ROOT, 'test-results'), { recursive: true });
    await phone.screenshot({ path: path.join(ROOT, 'test-results/briefing-phone.png') });
    await page.goto(site.url(SEED));
    await page.screenshot({ path: path.join(ROOT, 'test-results/briefing.png'), fullPage: true });
    await phone.close();
  });

  it('links every page under the deploy base, and serves the archive, home and 404 pages', async () => {
    await page.goto(site.url(''));
    const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href')!));
    for (const h of hrefs.filter((h) => h.startsWith('/'))) expect(h.startsWith('/kaiken/')).toBe(true);
    await page.click(`a[href="/kaiken/${SEED}"]`);
    expect(page.url()).toBe(site.url(SEED));
    await page.goto(site.url('archive/2025/'));
    expect(await page.locator(`a[href="/kaiken/${SEED}"]`).count()).toBe(1);
    const missing = await page.goto(site.url('no-such-page/'));
    expect(missing?.status()).toBe(404);
    expect(await page.textContent('h1')).toBe('ページが見つかりません');
    expect(await page.getAttribute('html', 'lang')).toBe('ja');
  });

  it('has a print stylesheet that hides navigation', async () => {
    await page.goto(site.url(SEED));
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    expect(await page.locator('nav.toc').isVisible()).toBe(false);
    expect(await page.locator('article.turn').first().isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
  });
});
