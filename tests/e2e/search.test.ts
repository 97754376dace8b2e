import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBrowser, launch } from '../helpers/browser.ts';
import { projectEnv, ROOT, serve, TEST_DIST, type Served } from '../helpers/site.ts';

interface CliHit {
  url: string;
  turn?: string;
  role: string;
}

function cli(args: string[]): { total: number; hits: CliHit[] } {
  const r = spawnSync(path.join(ROOT, 'node_modules/.bin/node'), [path.join(ROOT, 'scripts/search.ts'), '--dist', TEST_DIST, '--json', '--limit', '0', ...args], {
    encoding: 'utf8',
    env: projectEnv(),
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as { total: number; hits: CliHit[] };
}

describe.skipIf(!hasBrowser)('search in Chromium', () => {
  let browser: Browser;
  let site: Served;
  let page: Page;

  beforeAll(async () => {
    site = await serve(TEST_DIST);
    browser = await launch();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  async function resultsFor(q: string): Promise<string[]> {
    await page.fill('#q', q);
    // A page opened with filters lists their statements at once; wait for the run of this query (it puts
    // the query in the URL before it searches, and an older run's answer is then dropped).
    await page.waitForFunction(
      (typed) =>
        new URL(location.href).searchParams.get('q') === typed &&
        /件の発言|該当する発言はありません/u.test(document.getElementById('search-status')?.textContent ?? ''),
      q,
    );
    // The first screen comes first; the rest as the reader scrolls or asks for more.
    while (await page.locator('#search-more').isVisible()) {
      await page.locator('#search-more').click({ timeout: 5000 }).catch(() => {});
    }
    await page.waitForFunction(() => {
      const m = /(\d+)件の発言（(\d+)件を表示）/u.exec(document.getElementById('search-status')?.textContent ?? '');
      return m === null || m[1] === m[2];
    });
    return page.$$eval('a.hit-link', (as) => as.map((a) => a.getAttribute('href')!.replace(/\?[^#]*/u, '')));
  }

  it('finds as you type, shows a count, and the URL carries the query', async () => {
    await page.goto(site.url('search/'));
    const hrefs = await resultsFor('ﾌﾘｰﾀﾞﾑ');
    expect(hrefs.length).toBeGreaterThan(0);
    expect(await page.textContent('#search-status')).toMatch(/^\d+件の発言/u);
    expect(new URL(page.url()).searchParams.get('q')).toBe('ﾌﾘｰﾀﾞﾑ');
    // The snippet marks the page's own spelling.
    expect(await page.$$eval('.hit-snippet mark', (ms) => ms.map((m) => m.textContent))).toContain('フリーダム');
  });

  it('returns the same hits as the CLI for the same query and filters', async () => {
    for (const [q, role] of [['共有', ''], ['きょうゆう', ''], ['"日米韓" -北朝鮮', ''], ['防衛', 'reporter'], ['行う', '']] as const) {
      await page.goto(site.url(`search/?group=flat${role ? `&role=${role}` : ''}`));
      const inBrowser = await resultsFor(q);
      const fromCli = cli([...(role ? ['--role', role] : []), q]).hits.map((h) => h.url);
      expect(inBrowser, q).toEqual(fromCli);
      expect(inBrowser.length, q).toBeGreaterThan(0);
    }
  });

  it('opens a shared search URL with its filters applied', async () => {
    await page.goto(site.url('search/?q=%E9%98%B2%E8%A1%9B&role=reporter'));
    await page.waitForFunction(() => /件の発言/u.test(document.getElementById('search-status')?.textContent ?? ''));
    expect(await page.inputValue('#role')).toBe('reporter');
    const roles = await page.$$eval('.hit-role', (els) => els.map((e) => e.textContent));
    expect(new Set(roles)).toEqual(new Set(['記者']));
  });

  it('clicking a result lands on the turn with the words highlighted, by keyboard too', async () => {
    await page.goto(site.url('search/'));
    await resultsFor('肝胆相照らす');
    await page.focus('#q');
    await page.keyboard.press('Tab'); // the submit button
    await page.locator('a.hit-link').first().focus();
    await Promise.all([page.waitForURL(/#t\d+$/u), page.keyboard.press('Enter')]);
    const id = new URL(page.url()).hash.slice(1);
    const marks = await page.$$eval(`#${id} mark`, (ms) => ms.map((m) => m.textContent));
    expect(marks).toContain('肝胆相照らす');
    expect(await page.getAttribute(`#${id}`, 'class')).toContain('is-target');
    // In view with the line that dates it (and its question, when it answers one) at the top, or as high
    // as the end of the page allows.
    await page.waitForFunction(() => {
      const line = document.querySelector('[data-context]')?.getBoundingClientRect().top;
      return line !== undefined && (Math.abs(line) < 1 || Math.ceil(window.scrollY + window.innerHeight) >= document.documentElement.scrollHeight);
    });
    const { top, line, atEnd } = await page.evaluate((turn) => ({
      top: document.getElementById(turn)!.getBoundingClientRect().top,
      line: document.querySelector('[data-context]')!.getBoundingClientRect().top,
      atEnd: Math.ceil(window.scrollY + window.innerHeight) >= document.documentElement.scrollHeight,
    }), id);
    expect(line).toBeGreaterThanOrEqual(-1);
    expect(top).toBeGreaterThan(line);
    if (!atEnd) expect(line).toBeLessThan(1);
    expect(top).toBeLessThan(await page.evaluate(() => window.innerHeight - 100));
  });

  it('a hit in a briefing\'s lead lands on the lead with the words marked and the focus on it, like a turn', async () => {
    await page.goto(site.url('search/'));
    const hrefs = await resultsFor('灯台見学会');
    expect(hrefs).toEqual(['/kaiken/briefings/2025/2025-04-01-kaibaku/#lead']);
    await Promise.all([page.waitForURL(/#lead$/u), page.locator('a.hit-link').first().click()]);
    expect(new URL(page.url()).searchParams.get('hl')).toBe('灯台見学会');
    expect(await page.$$eval('#lead mark', (ms) => ms.map((m) => m.textContent))).toEqual(['灯台見学会']);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('lead');
    expect(await page.getAttribute('#lead', 'class')).toContain('is-target');
    expect(await page.locator('article.turn mark').count()).toBe(0);
  });

  it('marks a match inside another word as such (京都 in 東京都)', async () => {
    await page.goto(site.url('search/?group=flat'));
    await resultsFor('京都');
    const marks = await page.$$eval('.hit-snippet mark', (ms) => ms.map((m) => [m.textContent, m.className, m.getAttribute('title')]));
    expect(marks.length).toBeGreaterThan(0);
    for (const [text, cls, title] of marks) expect([text, cls, title]).toEqual(['京都', 'partial', '語の一部']);
  });

  it('escapes what comes from the query', async () => {
    let alerted = false;
    page.on('dialog', async (d) => {
      alerted = true;
      await d.dismiss();
    });
    await page.goto(site.url(`search/?q=${encodeURIComponent('<img src=x onerror=alert(1)>')}`));
    await page.waitForFunction(() => /件の発言|該当する発言はありません/u.test(document.getElementById('search-status')?.textContent ?? ''));
    expect(await page.locator('#search-results img').count()).toBe(0);
    expect(alerted).toBe(false);
  });

  it('the header search box leads to the search page with the query', async () => {
    await page.goto(site.url(''));
    await page.fill('#site-search-q', '共有');
    await Promise.all([page.waitForURL(/search\/\?q=/u), page.press('#site-search-q', 'Enter')]);
    await page.waitForFunction(() => /件の発言/u.test(document.getElementById('search-status')?.textContent ?? ''));
    expect(await page.locator('a.hit-link').count()).toBeGreaterThan(0);
  });
});
