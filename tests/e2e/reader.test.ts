/**
 * The reader's features on the built test site (the seed and the invented briefings of
 * tests/fixtures/content/), at a desktop and a phone width: copying a quote with its citation,
 * previous/next, speakers, find in the transcript, feed, sharing metadata, data export, dark mode, print.
 *
 * Expected values are written out from the transcripts (content/ and the fixtures), never taken from
 * the code under test.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBrowser } from '../helpers/browser.ts';
import { useSite } from '../helpers/session.ts';
import { SITE_URL } from '../helpers/site.ts';

const SEED = 'briefings/2025/2025-09-08-nakatani-seoul/';
const TEIREI = 'briefings/2025/2025-09-12-nakatani-teirei/';
const ABSOLUTE = `${SITE_URL}/kaiken/`;

const VIEWPORTS = { desktop: { width: 1000, height: 800 }, phone: { width: 375, height: 740 } } as const;

describe.skipIf(!hasBrowser)('reader features in Chromium', () => {
  const s = useSite();

  for (const [device, viewport] of Object.entries(VIEWPORTS)) {
    describe(`at ${device} width (${viewport.width} px)`, () => {
      let context: BrowserContext;
      let page: Page;
      const dialogs: string[] = [];
      beforeAll(async () => {
        context = await s.browser.newContext({ viewport, ...(device === 'phone' ? { deviceScaleFactor: 2, hasTouch: true } : {}) });
        await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: s.site.origin });
        page = await context.newPage();
        page.on('dialog', async (d) => {
          dialogs.push(d.message());
          await d.dismiss();
        });
      });
      afterAll(() => context?.close());

      it('copies a statement with its citation, and the link alone, confirming in a live region', async () => {
        await page.goto(s.site.url(SEED));
        const turn = page.locator('#t3');
        await turn.getByRole('button', { name: '引用をコピー' }).click();
        const quote = await page.evaluate(() => navigator.clipboard.readText());
        expect(quote.startsWith('「現在の状況を踏まえまして、非常に日韓・日米韓の連携は益々重要であるということで、')).toBe(true);
        expect(quote.split('\n')).toHaveLength(3 + 3); // three paragraphs, the citation, the URL, the source
        expect(quote.endsWith(
          '期待をいたしているということでございます。」\n（中谷 元 防衛大臣、「中谷防衛大臣がソウルで臨時会見 日韓防衛相会談について報告」、2025年9月8日）\n' +
            `${ABSOLUTE}${SEED}#t3\n出典: 防衛ニュースサイト掲載記事（カテゴリ「日本の防衛」）`,
        )).toBe(true);
        const status = page.getByRole('status').filter({ hasText: 'コピーしました' });
        expect(await status.textContent()).toBe('t3 の発言を出典付きでコピーしました');
        expect(await status.getAttribute('aria-live')).toBe('polite');

        await page.locator('#t2').getByRole('button', { name: 'リンクをコピー' }).click();
        expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${ABSOLUTE}${SEED}#t2`);
        expect(await page.textContent('.copy-status')).toBe('t2 へのリンクをコピーしました');
        // A reporter's question is cited by its label, an unlabelled announcement by the principal.
        await page.locator('#t2').getByRole('button', { name: '引用をコピー' }).click();
        expect((await page.evaluate(() => navigator.clipboard.readText())).split('\n').at(-3)).toBe(
          '（記者、「中谷防衛大臣がソウルで臨時会見 日韓防衛相会談について報告」、2025年9月8日）',
        );
        expect(dialogs).toEqual([]);
      });

      it('makes the #tN link and the copy buttons tap targets of at least 44 × 44 px', async () => {
        await page.goto(s.site.url(SEED));
        const boxes = await page.$$eval('#t3 > header a.turn-link, #t3 > header button', (els) => els.map((e) => e.getBoundingClientRect()).map((r) => [r.width, r.height]));
        expect(boxes).toHaveLength(3);
        for (const [w, h] of boxes) {
          expect(w).toBeGreaterThanOrEqual(44);
          expect(h).toBeGreaterThanOrEqual(44);
        }
        expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      });

      it('links the previous and next briefing by date, and back to the table of contents', async () => {
        // Oldest to newest, following rel="next" from the oldest.
        const visited: string[] = [];
        await page.goto(s.site.url('briefings/2022/2022-03-04-kitamura-rinji/'));
        expect(await page.locator('a[rel="prev"]').count()).toBe(0);
        for (;;) {
          visited.push(new URL(page.url()).pathname);
          const next = page.locator('a[rel="next"]');
          if ((await next.count()) === 0) break;
          expect(await next.count()).toBe(1);
          await Promise.all([page.waitForURL((u) => u.pathname !== visited.at(-1)), next.click()]);
        }
        expect(visited).toEqual([
          '/kaiken/briefings/2022/2022-03-04-kitamura-rinji/',
          '/kaiken/briefings/2023/2023-01-10-script-title/',
          '/kaiken/briefings/2024/2024-06-14-togo-bakuryocho/',
          '/kaiken/briefings/2024/2024-09-13-gaimu/',
          '/kaiken/briefings/2024/2024-10-04-label-only/',
          '/kaiken/briefings/2025/2025-04-01-kaibaku/',
          `/kaiken/${SEED}`,
          `/kaiken/${TEIREI}`,
        ]);
        await page.goto(s.site.url(SEED));
        expect(await page.getAttribute('a[rel="prev"]', 'href')).toBe('/kaiken/briefings/2025/2025-04-01-kaibaku/');
        expect(await page.getAttribute('a[rel="next"]', 'href')).toBe(`/kaiken/${TEIREI}`);
        const back = page.locator('.briefing-end a', { hasText: '目次へ戻る' });
        await back.click();
        expect(new URL(page.url()).hash).toBe('#toc');
        expect(await page.locator('details.toc#toc').isVisible()).toBe(true);
      });

      it('finds in the transcript through the search normaliser, n / N, Enter and Shift+Enter', async () => {
        await page.goto(s.site.url(`${TEIREI}?q=${encodeURIComponent('みさいる')}`));
        expect(await page.$$eval('mark.find-hit', (ms) => ms.map((m) => m.textContent))).toEqual(['ﾐｻｲﾙ', 'ミサイル']);
        const count = page.locator('.find-count');
        expect(await count.textContent()).toBe('1 / 2');
        await page.focus('#find-q');
        await page.keyboard.press('Enter');
        expect(await count.textContent()).toBe('2 / 2');
        expect(await page.locator('mark.find-hit.is-current').textContent()).toBe('ミサイル');
        await page.keyboard.press('Shift+Enter');
        expect(await count.textContent()).toBe('1 / 2');
        await page.keyboard.press('Shift+Enter');
        expect(await count.textContent()).toBe('2 / 2');
        // Typing a new word: marks follow, and the URL keeps it.
        await page.fill('#find-q', 'ＰＬＡＮ 計画');
        await page.waitForFunction(() => document.querySelector('.find-count')?.textContent === '1 / 2');
        expect(await page.$$eval('mark.find-hit', (ms) => ms.map((m) => m.textContent))).toEqual(['計画', '計画']);
        expect(new URL(page.url()).searchParams.get('q')).toBe('ＰＬＡＮ 計画');
      });

      it('shows only the questions, or only the officials, and counts only what is shown', async () => {
        await page.goto(s.site.url(`${TEIREI}?q=${encodeURIComponent('防衛')}`));
        expect(await page.locator('.find-count').textContent()).toBe('1 / 3');
        await page.getByLabel('質問のみ').check();
        const shown = () => page.$$eval('article.turn', (ts) => ts.filter((t) => t.checkVisibility()).map((t) => t.getAttribute('data-role')));
        expect(await shown()).toEqual(['reporter', 'reporter']);
        expect(await page.locator('.find-count').textContent()).toBe('1 / 2');
        expect(new URL(page.url()).searchParams.get('only')).toBe('questions');
        await page.getByLabel('会見者の発言のみ').check();
        expect(await shown()).toEqual(['official', 'official', 'official']);
        expect(await page.locator('.find-count').textContent()).toBe('1 / 1');
        // A shared URL opens the same way.
        await page.goto(s.site.url(`${TEIREI}?only=questions`));
        expect(await shown()).toEqual(['reporter', 'reporter']);
        expect(await page.isChecked('input[name="only"][value="questions"]')).toBe(true);
      });

      it('keeps the search results\' deep links: ?hl= words marked in the target turn, focus on it', async () => {
        await page.goto(s.site.url(`${SEED}?hl=${encodeURIComponent('肝胆相照らす\nｱﾝ長官')}#t5`));
        expect(await page.$$eval('#t5 mark', (ms) => ms.map((m) => m.textContent))).toEqual(['アン長官', '肝胆相照らす', 'アン長官', 'アン長官']);
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('t5');
        expect(await page.getAttribute('#t5', 'class')).toContain('is-target');
        // Only the target turn is marked.
        expect(await page.locator('article.turn:not(#t5) mark').count()).toBe(0);
      });

      it('lists the speakers with positions over time and counts, and links names on briefing pages', async () => {
        await page.goto(s.site.url('speakers/'));
        const rows = await page.$$eval('tbody tr', (trs) =>
          trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.replace(/\s+/gu, ' ').trim())),
        );
        expect(rows).toEqual([
          ['中谷 元（なかたに げん）', '防衛大臣（2025年9月8日〜2025年9月12日）', '2件', '8件'],
          ['齋藤 聡（さいとう あきら）', '海上幕僚長（2025年4月1日）', '1件', '2件'],
          ['上川外務大臣ラベル表記', '外務大臣（2024年10月4日）', '1件', '1件'],
          ['上川 陽子（かみかわ ようこ）', '外務大臣（2024年9月13日）', '1件', '3件'],
          ['森野 健一（もりの けんいち）', '統合幕僚長（2024年6月14日）', '1件', '4件'],
          ['佐藤 花子', '防衛大臣政務官（2023年1月10日）', '1件', '1件'],
          ['鈴木 一郎', '防衛副大臣（2023年1月10日）', '1件', '2件'],
          ['北村 悠真（きたむら ゆうま）', '防衛大臣（2022年3月4日）', '1件', '3件'],
        ]);
        await page.click('a:text-is("中谷 元")');
        expect(decodeURI(new URL(page.url()).pathname)).toBe('/kaiken/speakers/中谷元/');
        const briefings = await page.$$eval('.speaker-briefings li', (lis) => lis.map((li) => [li.querySelector('a')!.getAttribute('href'), li.querySelector('.statements')!.textContent]));
        expect(briefings).toEqual([
          [`/kaiken/${TEIREI}`, '（発言3件）'],
          [`/kaiken/${SEED}`, '（発言5件）'],
        ]);
        // On a briefing page: the frontmatter speaker and the turns attributed to them link to the page.
        await page.goto(s.site.url('briefings/2024/2024-09-13-gaimu/'));
        expect(await page.getAttribute('.briefing-meta .speakers a', 'href')).toBe('/kaiken/speakers/上川陽子/');
        const linked = await page.$$eval('article.turn', (ts) => ts.map((t) => [t.getAttribute('data-speaker'), t.querySelector('.speaker a')?.getAttribute('href') ?? null]));
        expect(linked).toEqual([
          ['上川外務大臣', '/kaiken/speakers/上川陽子/'],
          ['NHK 五十嵐記者', null],
          ['上川外務大臣', '/kaiken/speakers/上川陽子/'],
          ['問', null],
          ['答', '/kaiken/speakers/上川陽子/'],
        ]);
        // The same label without a full name in its briefing is not joined to 上川 陽子.
        await page.goto(s.site.url('briefings/2024/2024-10-04-label-only/'));
        expect(await page.getAttribute('#t2 .speaker a', 'href')).toBe('/kaiken/speakers/上川外務大臣/');
        // Two principals: a label names the one whose position it is, never by guess.
        await page.goto(s.site.url('briefings/2023/2023-01-10-script-title/'));
        expect(await page.$$eval('article.turn .speaker', (ss) => ss.map((s) => s.querySelector('a')?.getAttribute('href') ?? s.textContent))).toEqual([
          '/kaiken/speakers/鈴木一郎/',
          '記者',
          '/kaiken/speakers/鈴木一郎/',
          '/kaiken/speakers/佐藤花子/',
        ]);
      });
    });
  }
});
