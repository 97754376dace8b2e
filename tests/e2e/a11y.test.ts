/**
 * axe-core finds no violation on any page type, in the light and the dark theme, at desktop and phone
 * widths — contrast included, which is what makes the dark palette trustworthy.
 */
import { describe, expect, it } from 'vitest';
import { axeViolations } from '../helpers/axe.ts';
import { hasBrowser } from '../helpers/browser.ts';
import { useSite } from '../helpers/session.ts';

const PAGES = {
  home: '',
  archive: 'archive/',
  year: 'archive/2025/',
  briefing: 'briefings/2025/2025-09-08-nakatani-seoul/',
  'briefing (bracket labels)': 'briefings/2024/2024-09-13-gaimu/',
  speakers: 'speakers/',
  speaker: 'speakers/中谷元/',
  'briefing (landed on an answer)': 'briefings/2022/2022-03-04-kitamura-rinji/?hl=抗議#t4',
  search: 'search/?q=防衛',
  'search (filters leave nothing)': 'search/?q=北朝鮮&speaker=上川+陽子',
  about: 'about/',
  '404': 'no-such-page/',
};

describe.skipIf(!hasBrowser)('accessibility (axe-core)', () => {
  const s = useSite();

  for (const colorScheme of ['light', 'dark'] as const) {
    for (const [width, height] of [[1000, 800], [375, 740]] as const) {
      it(`no violations on any page type, ${colorScheme} theme, ${width} px`, async () => {
        const context = await s.browser.newContext({ viewport: { width, height }, colorScheme });
        const page = await context.newPage();
        const found: string[] = [];
        for (const [name, path] of Object.entries(PAGES)) {
          await page.goto(s.site.url(path));
          if (name === 'search') await page.waitForSelector('[data-export-results]:not([hidden])');
          if (name.startsWith('search (')) await page.waitForSelector('[data-relax]');
          if (name.includes('landed')) await page.waitForSelector('[data-context]');
          const dark = await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches);
          expect(dark).toBe(colorScheme === 'dark');
          for (const v of await axeViolations(page)) found.push(`${name}: ${v}`);
        }
        await context.close();
        expect(found).toEqual([]);
      });
    }
  }

  it('the explicit dark choice (toggle) passes too, with the find box and the copy buttons in use', async () => {
    const context = await s.browser.newContext({ viewport: { width: 1000, height: 800 }, colorScheme: 'light' });
    const page = await context.newPage();
    await page.goto(s.site.url('briefings/2025/2025-09-12-nakatani-teirei/?q=ミサイル'));
    await page.click('.theme-toggle');
    expect(await page.getAttribute('html', 'data-theme')).toBe('dark');
    expect(await page.locator('mark.find-hit').count()).toBeGreaterThan(0);
    // A selection inside a statement shows its 選択部分を引用 button; the contents and details open.
    await page.click('#toc > summary');
    await page.click('.briefing-more > summary');
    await page.evaluate(() => getSelection()!.selectAllChildren(document.querySelector('#t3 > p')!));
    await page.waitForSelector('.selection-cite:not([hidden])');
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
