/**
 * A published index that does not decode (#17): a copy of the built test site with the pack every query
 * reads cut short, and one with it replaced by a pack of another build. The search page says in
 * Japanese that the data is damaged or out of step with the site and to reload — and shows no result,
 * no count and no chart, since part of them could be wrong. (The CLI: tests/unit/search-cli.test.ts.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBrowser, launch } from '../helpers/browser.ts';
import { damagedSites, type DamagedSites } from '../helpers/damage.ts';
import { BASE, serve, TEST_DIST } from '../helpers/site.ts';

const scratch = mkdtempSync(path.join(tmpdir(), 'kaiken-search-damage-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.skipIf(!hasBrowser)('the search page over a damaged index', () => {
  let browser: Browser;
  let damaged: DamagedSites;
  beforeAll(async () => {
    damaged = await damagedSites(TEST_DIST, scratch);
    browser = await launch();
  });
  afterAll(() => browser?.close());

  for (const kind of ['truncated', 'swapped'] as const) {
    it(`${kind === 'truncated' ? 'a pack cut short' : "another build's pack under its name"}: a reload is suggested, nothing is shown as a result`, async () => {
      const site = await serve(damaged[kind], BASE);
      const page = await browser.newPage();
      try {
        // The same query over the intact site finds statements.
        const intact = await serve(TEST_DIST, BASE);
        await page.goto(intact.url('search/?q=%E3%81%AB%E3%81%A4%E3%81%84%E3%81%A6'));
        await page.waitForSelector('.hit');
        await intact.close();

        await page.goto(site.url('search/?q=%E3%81%AB%E3%81%A4%E3%81%84%E3%81%A6'));
        await page.waitForFunction(() => !(document.getElementById('search-retry') as HTMLButtonElement).hidden);
        expect(await page.textContent('#search-status')).toBe(
          '検索用のデータの一部が壊れているか、サイトの更新と食い違っているため、検索結果を表示できません。ページを再読み込みしてください。直らない場合は、しばらくしてからお試しください。',
        );
        expect(await page.textContent('#search-retry')).toBe('再読み込み');
        expect(await page.locator('.hit').count()).toBe(0);
        expect(await page.locator('#search-chart > *').count()).toBe(0);
        expect(await page.isHidden('#search-more')).toBe(true);
        // The button reloads the page.
        await Promise.all([page.waitForEvent('load'), page.click('#search-retry')]);
      } finally {
        await page.close();
        await site.close();
      }
    });
  }
});
