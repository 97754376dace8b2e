/**
 * One identity for every statement, and what readers get from it (issue #20), on the built test site
 * (the seed and the invented briefings of tests/fixtures/content/: Ｑ/Ａ labels with a named minister,
 * the short label 統幕長 :, two principals, a label-only official):
 *
 * - the speaker filter (search page and `--speaker`), the speaker pages and the exports agree, for every
 *   person and every position the speaker pages list (and the short forms of the positions);
 * - the 発言者 suggestions are people and positions; hits name the person;
 * - the results download as CSV and JSON Lines in the exports' schema; zero results offer a way out;
 * - a phone (390×844) starts with the transcript, keeps the find controls on screen, and lands on a
 *   statement with its question and date;
 * - citations name the original source, for a whole statement or a selection;
 * - /about/, the sharing text, the feed's stylesheet.
 *
 * Expected values are written out from the transcripts, or read from another part of the build (the
 * speaker pages, the exports, the CLI) than the one under test.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBrowser } from '../helpers/browser.ts';
import { parseCsv } from '../helpers/csv.ts';
import { useSite } from '../helpers/session.ts';
import { projectEnv, ROOT, SITE_URL, TEST_DIST } from '../helpers/site.ts';

const ABSOLUTE = `${SITE_URL}/kaiken/`;
const KITAMURA = 'briefings/2022/2022-03-04-kitamura-rinji/';
const TOGO = 'briefings/2024/2024-06-14-togo-bakuryocho/';
const SEED = 'briefings/2025/2025-09-08-nakatani-seoul/';
const PHONE = { width: 390, height: 844 } as const;

interface ExportRow {
  briefing: string;
  turn: string;
  speaker: string;
  person: string | null;
  position: string | null;
  [k: string]: unknown;
}
/** Every year's file of the exports, unzipped, oldest year first: the statements of the whole archive. */
const yearFiles = (ext: 'jsonl' | 'csv'): Buffer[] =>
  readdirSync(path.join(TEST_DIST, 'data'))
    .filter((n) => n.startsWith('statements-') && n.endsWith(`.${ext}.gz`))
    .sort()
    .map((n) => gunzipSync(readFileSync(path.join(TEST_DIST, 'data', n))));
const exported = (): ExportRow[] =>
  Buffer.concat(yearFiles('jsonl'))
    .toString('utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as ExportRow);

function cli(args: string[]): { total: number; hits: Array<{ url: string; person: string | null; position: string | null }> } {
  const r = spawnSync(path.join(ROOT, 'node_modules/.bin/node'), [path.join(ROOT, 'scripts/search.ts'), '--dist', TEST_DIST, '--json', '--limit', '0', ...args], { encoding: 'utf8', env: projectEnv() });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}


describe.skipIf(!hasBrowser)('one identity for every statement', () => {
  const s = useSite();
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    context = await s.browser.newContext({ viewport: { width: 1000, height: 800 }, acceptDownloads: true });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: s.site.origin });
    page = await context.newPage();
  });
  afterAll(() => context?.close());

  /** The search page's count for a URL's search. */
  async function countOnPage(query: string): Promise<number> {
    await page.goto(s.site.url(`search/${query}`));
    await page.waitForFunction(() => /件の発言|該当する発言はありません/u.test(document.getElementById('search-status')?.textContent ?? ''));
    const status = (await page.textContent('#search-status'))!;
    return status.startsWith('該当') ? 0 : Number(/^(\d+)件/u.exec(status)![1]);
  }

  /** The speaker pages' people (as /speakers/ names them) and statements, and the statements per position from each page's briefings. */
  async function speakerPages(): Promise<{ people: Array<[string, number]>; positions: Map<string, number> }> {
    await page.goto(s.site.url('speakers/'));
    const people = await page.$$eval('tbody tr', (trs) => trs.map((tr) => [tr.querySelector('td a')!.textContent!.trim(), tr.querySelector('td:last-child')!.textContent!.trim()]));
    const hrefs = await page.$$eval('tbody tr td a', (as) => as.map((a) => a.getAttribute('href')!));
    const positions = new Map<string, number>();
    for (const href of hrefs) {
      await page.goto(s.site.origin + href);
      const rows = await page.$$eval('.speaker-briefings li', (lis) => lis.map((li) => [li.querySelector('.date')!.textContent!, li.querySelector('.statements')!.textContent!]));
      for (const [date, statements] of rows) {
        const position = /／(.+)$/u.exec(date!)?.[1];
        if (position) positions.set(position, (positions.get(position) ?? 0) + Number(/(\d+)/u.exec(statements!)![1]));
      }
    }
    return { people: people.map(([name, n]) => [name!, Number(/(\d+)/u.exec(n!)![1])]), positions };
  }

  it('the speaker filter, --speaker, the speaker pages and the exports agree for every person and position', async () => {
    const { people, positions } = await speakerPages();
    // The people and positions of the test site (written out from the fixtures), with the speaker pages' counts.
    expect(people.map(([n]) => n).sort()).toEqual(['上川 陽子', '上川外務大臣', '中谷 元', '佐藤 花子', '北村 悠真', '森野 健一', '鈴木 一郎', '齋藤 聡'].sort());
    expect([...positions.keys()].sort()).toEqual(['外務大臣', '統合幕僚長', '防衛副大臣', '防衛大臣', '防衛大臣政務官', '海上幕僚長'].sort());
    const rows = exported();
    for (const [person, statements] of people) {
      expect(statements, person).toBeGreaterThan(0);
      expect(await countOnPage(`?speaker=${encodeURIComponent(person)}`), `page: ${person}`).toBe(statements);
      expect(cli(['--speaker', person]).total, `CLI: ${person}`).toBe(statements);
      expect(rows.filter((r) => r.person === person).length, `exports: ${person}`).toBe(statements);
    }
    for (const [position, statements] of positions) {
      expect(await countOnPage(`?speaker=${encodeURIComponent(position)}`), `page: ${position}`).toBe(statements);
      expect(cli(['--speaker', position]).total, `CLI: ${position}`).toBe(statements);
      expect(rows.filter((r) => r.position === position).length, `exports: ${position}`).toBe(statements);
    }
    // Short forms name the same post; a family name the person.
    expect(await countOnPage('?speaker=%E7%B5%B1%E5%B9%95%E9%95%B7')).toBe(positions.get('統合幕僚長'));
    expect(cli(['--speaker', '海幕長']).total).toBe(positions.get('海上幕僚長'));
    expect(cli(['--speaker', '北村']).total).toBe(people.find(([n]) => n === '北村 悠真')![1]);
    // The case: the minister's answers labelled Ａ mention 北朝鮮 three times, in two answers.
    const kitamura = cli(['--speaker', '北村', '北朝鮮']);
    expect(kitamura.hits.map((h) => h.url.split('#')[1]).sort()).toEqual(['t2', 't4']);
    expect(kitamura.hits.every((h) => h.person === '北村 悠真' && h.position === '防衛大臣')).toBe(true);
    // A label's bare words name nobody.
    expect(cli(['--speaker', 'Ａ']).total).toBe(0);
  });

  it('suggests people and positions, never Q, A or 問, and names the person in hits and turn headers', async () => {
    await page.goto(s.site.url('search/?q=%E5%8C%97%E6%9C%9D%E9%AE%AE'));
    await page.locator('#filters summary').click();
    await page.waitForFunction(() => document.querySelectorAll('#speaker-list option').length > 0);
    const suggested = await page.$$eval('#speaker-list option', (os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(suggested).toEqual(expect.arrayContaining(['中谷 元', '北村 悠真', '森野 健一', '上川外務大臣', '統合幕僚長', '防衛大臣']));
    for (const bare of ['Q', 'Ａ', 'A', 'Ｑ', '問', '答', '記者', '大臣', '統幕長']) expect(suggested, bare).not.toContain(bare);
    const metas = await page.$$eval('.hit-meta', (ms) => ms.map((m) => m.textContent!.replace(/\s+/gu, ' ')));
    expect(metas.some((m) => m.startsWith('会見者 北村 悠真 防衛大臣'))).toBe(true);
    expect(metas.some((m) => m.startsWith('会見者 森野 健一 統合幕僚長'))).toBe(true);
    // The page's header names the person, with the label as written beside it.
    await page.goto(s.site.url(TOGO));
    expect(await page.$$eval('article.turn', (ts) => ts.map((t) => [t.getAttribute('data-speaker'), t.getAttribute('data-person'), t.getAttribute('data-position'), t.querySelector('header .speaker')!.textContent, t.querySelector('header .speaker-label')?.textContent ?? null]).slice(0, 2))).toEqual([
      ['記者', null, null, '記者', null],
      ['統幕長', '森野 健一', '統合幕僚長', '森野 健一 統合幕僚長', '統幕長'],
    ]);
  });

  it('downloads the current results with their filters as CSV and JSON Lines in the exports\' schema', async () => {
    await page.goto(s.site.url('search/?q=%E5%8C%97%E6%9C%9D%E9%AE%AE&role=official&group=flat'));
    await page.waitForSelector('[data-export-results]:not([hidden])');
    const fromCli = cli(['--role', 'official', '北朝鮮']);
    const rows = exported();
    const expectedRows = fromCli.hits.map((h) => rows.find((r) => r.url === `${SITE_URL}${h.url}`)!);
    expect(expectedRows.length).toBeGreaterThan(2);
    const [jsonl] = await Promise.all([page.waitForEvent('download'), page.click('[data-export-results] button[data-format="jsonl"]')]);
    const lines = readFileSync((await jsonl.path())!, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    // The same records as the data exports (data/statements-<year>.jsonl.gz), in the order the search gives its hits.
    expect(lines).toEqual(expectedRows);
    expect(lines.every((l) => l.person !== null && l.position !== null)).toBe(true);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-export-results] button[data-format="csv"]')]);
    expect(csv.suggestedFilename()).toBe('search-results.csv');
    const bytes = readFileSync((await csv.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const table = parseCsv(bytes.subarray(3).toString('utf8'));
    const [header, ...years] = yearFiles('csv').map((b) => parseCsv(b.subarray(3).toString('utf8')));
    const whole = [header![0]!, ...[header!, ...years].flatMap((y) => y.slice(1))];
    expect(table[0]).toEqual(whole[0]);
    expect(table.slice(1)).toEqual(expectedRows.map((r) => whole.find((w) => w[whole[0]!.indexOf('url')] === r.url)!));
  });

  it('says how many hits the query has without the filters that leave none, and links to that search (data-relax)', async () => {
    await page.goto(s.site.url('search/?q=%E5%8C%97%E6%9C%9D%E9%AE%AE&speaker=%E4%B8%8A%E5%B7%9D+%E9%99%BD%E5%AD%90&kind=%E8%87%A8%E6%99%82'));
    await page.waitForSelector('[data-relax]');
    expect(await page.textContent('#search-status')).toBe('該当する発言はありません');
    const total = cli(['北朝鮮']).total;
    const withoutSpeaker = cli(['--kind', '臨時', '北朝鮮']).total;
    expect(await page.textContent('[data-relax] p')).toContain(`${total}件`);
    const links = await page.$$eval('[data-relax] a', (as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
    expect(links).toContainEqual([`すべての絞り込みを外して検索（${total}件）`, '?q=%E5%8C%97%E6%9C%9D%E9%AE%AE']);
    expect(links).toContainEqual([`「発言者」の指定を外して検索（${withoutSpeaker}件）`, '?q=%E5%8C%97%E6%9C%9D%E9%AE%AE&kind=%E8%87%A8%E6%99%82']);
    await page.click('[data-relax] a >> nth=0');
    await page.waitForFunction((n) => document.getElementById('search-status')?.textContent?.startsWith(`${n}件の発言`), total);
    expect(new URL(page.url()).search).toBe('?q=%E5%8C%97%E6%9C%9D%E9%AE%AE');
    expect(await page.locator('[data-relax]').count()).toBe(0);
  });

  it('cites the original source with a copied quote, and a selection copied with Ctrl+C or its button', async () => {
    await page.goto(s.site.url(KITAMURA));
    const citation = `（北村 悠真 防衛大臣、「【架空】北村防衛大臣臨時記者会見（テスト用）」、2022年3月4日）\n${ABSOLUTE}${KITAMURA}#t4\n出典: 架空防衛省ウェブサイト（テスト用の出典） https://example.org/kaiken-source/2022-03-04-kitamura`;
    await page.locator('#t4').getByRole('button', { name: '引用をコピー' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      `「北京の大使館ルートを通じて、厳重に抗議いたしました。北朝鮮に対しては、関連する決議の完全な履行を求めてまいります。」\n${citation}`,
    );
    // A selection of one sentence inside the answer.
    const select = () =>
      page.evaluate(() => {
        const text = document.querySelector('#t4 > p')!.firstChild!;
        const range = document.createRange();
        range.setStart(text, 0);
        range.setEnd(text, '北京の大使館ルートを通じて、厳重に抗議いたしました。'.length);
        getSelection()!.removeAllRanges();
        getSelection()!.addRange(range);
      });
    await select();
    await page.keyboard.press('Control+C');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`「北京の大使館ルートを通じて、厳重に抗議いたしました。」\n${citation}`);
    expect(await page.textContent('.copy-status')).toBe('t4 の選択部分を出典付きでコピーしました');
    await page.evaluate(() => navigator.clipboard.writeText(''));
    await select();
    await page.locator('.selection-cite').click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`「北京の大使館ルートを通じて、厳重に抗議いたしました。」\n${citation}`);
    // A selection across two statements is copied as it is.
    await page.evaluate(() => {
      const range = document.createRange();
      range.setStart(document.querySelector('#t3 > p')!.firstChild!, 0);
      range.setEnd(document.querySelector('#t4 > p')!.firstChild!, 2);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
    });
    expect(await page.locator('.selection-cite').isVisible()).toBe(false);
    // The seed credits its source without an address: the credit alone.
    await page.goto(s.site.url(SEED));
    await page.locator('#t3').getByRole('button', { name: '引用をコピー' }).click();
    expect((await page.evaluate(() => navigator.clipboard.readText())).split('\n').at(-1)).toBe('出典: 防衛ニュースサイト掲載記事（カテゴリ「日本の防衛」）');
  });

  it('an /about/ page linked from every footer: what the archive holds, its sources, and that no terms were given', async () => {
    for (const p of ['', 'archive/', 'speakers/', 'search/', SEED, 'no-such-page/']) {
      await page.goto(s.site.url(p));
      expect(await page.getAttribute('footer [data-about-link]', 'href'), p).toBe('/kaiken/about/');
    }
    await page.click('footer [data-about-link]');
    expect(await page.textContent('h1')).toBe('このアーカイブについて');
    const rows = exported();
    expect(await page.textContent('[data-count="briefings"]')).toBe('8');
    expect(await page.textContent('[data-count="statements"]')).toBe(String(rows.length));
    expect(await page.textContent('[data-count="people"]')).toBe('8');
    const sources = await page.$$eval('[data-about-sources] tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.replace(/\s+/gu, ' ').trim())));
    expect(sources).toEqual([
      ['架空防衛省ウェブサイト（テスト用の出典） （example.org）', '1件'],
      ['架空防衛通信（テスト用の出典） （example.org）', '1件'],
      ['防衛ニュースサイト掲載記事（カテゴリ「日本の防衛」）', '1件'],
    ]);
    expect(await page.getAttribute('[data-about-sources] a', 'href')).toBe('https://example.org');
    expect(await page.getAttribute('[data-about-rights]', 'data-about-rights')).toBe('none');
  });

  it("a briefing's og:description names its principal speaker and first topics", async () => {
    await page.goto(s.site.url(SEED));
    expect(await page.getAttribute('meta[property="og:description"]', 'content')).toBe(
      '2025年9月8日（月）、中谷 元 防衛大臣の臨時記者会見。話題: 日韓の防衛協力をいかに持続させるか、また今後の相互訪問や定例協議について／今回の日韓防衛大臣会談の成果を、日米韓協力にどうつなげるか',
    );
    await page.goto(s.site.url(TOGO));
    expect(await page.getAttribute('meta[property="og:description"]', 'content')).toBe('2024年6月14日（金）、森野 健一 統合幕僚長の定例記者会見。話題: 共同訓練について／人員の確保について／災害派遣の態勢について');
    // No frontmatter speaker: the official the rules attribute the statements to.
    await page.goto(s.site.url('briefings/2024/2024-10-04-label-only/'));
    expect(await page.getAttribute('meta[name="description"]', 'content')).toBe('2024年10月4日（金）、上川外務大臣の記者会見。全文を発言ごとに掲載。');
  });

  it('the feed references its stylesheet, which a browser shows as a page saying how to subscribe, with no script', async () => {
    const xml = await (await fetch(s.site.url('feed.xml'))).text();
    expect(xml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?><\?xml-stylesheet href="\/kaiken\/feed\.xsl" type="text\/xsl"\?>/u);
    const xsl = await fetch(s.site.url('feed.xsl'));
    expect(xsl.status).toBe(200);
    const stylesheet = await xsl.text();
    expect(stylesheet).not.toMatch(/<script|\son[a-z]+=|style="/iu);
    expect(stylesheet).toContain(`${ABSOLUTE}feed.xml`);
    if (await page.evaluate(() => 'XSLTProcessor' in window)) {
      await page.goto(s.site.url('feed.xml'));
      expect(await page.textContent('[data-subscribe] h2')).toBe('購読するには');
      expect(await page.textContent('[data-subscribe] code')).toBe(`${ABSOLUTE}feed.xml`);
      expect(await page.locator('li a').count()).toBe(8);
    }
  });

  describe('on a phone (390×844)', () => {
    let phone: Page;
    beforeAll(async () => {
      const ctx = await s.browser.newContext({ viewport: PHONE, deviceScaleFactor: 3, isMobile: true, hasTouch: true });
      phone = await ctx.newPage();
    });
    afterAll(() => phone?.context().close());

    it('starts with the transcript: header ≤ 100 px, metadata on one or two lines, contents collapsed, the first statement on the first screen', async () => {
      for (const slug of [SEED, KITAMURA, TOGO, 'briefings/2023/2023-01-10-script-title/']) {
        await phone.goto(s.site.url(slug));
        const m = await phone.evaluate(() => {
          const box = (sel: string) => document.querySelector(sel)!.getBoundingClientRect();
          const meta = document.querySelector('.briefing > .briefing-meta')!;
          const lineHeight = parseFloat(getComputedStyle(meta).lineHeight);
          return {
            header: box('.site-header').height,
            metaLines: Math.round(meta.getBoundingClientRect().height / lineHeight),
            tocOpen: (document.getElementById('toc') as HTMLDetailsElement).open,
            firstStatement: box('#t1').top,
            firstText: box('#t1 > p').top,
            width: document.documentElement.scrollWidth,
          };
        });
        expect(m.header, slug).toBeLessThanOrEqual(100);
        expect(m.metaLines, slug).toBeLessThanOrEqual(2);
        expect(m.tocOpen, slug).toBe(false);
        expect(m.firstStatement, slug).toBeLessThan(PHONE.height);
        expect(m.width, slug).toBeLessThanOrEqual(PHONE.width);
      }
      // The seed's first words are on the first screen too.
      await phone.goto(s.site.url(SEED));
      expect(await phone.evaluate(() => document.querySelector('#t1 > p')!.getBoundingClientRect().top)).toBeLessThan(PHONE.height);
    });

    it('keeps the find box, n / N and 前へ / 次へ on screen while stepping through the matches', async () => {
      await phone.goto(s.site.url(`${SEED}?q=${encodeURIComponent('長官')}`));
      await phone.waitForFunction(() => /^1 \/ \d+$/u.test(document.getElementById('find-count')?.textContent ?? ''));
      const total = Number((await phone.textContent('#find-count'))!.split(' / ')[1]);
      expect(total).toBeGreaterThan(3);
      for (let i = 2; i <= total; i++) {
        await phone.locator('form.find button[data-step="1"]').click();
        expect(await phone.textContent('#find-count')).toBe(`${i} / ${total}`);
        const seen = await phone.evaluate(() =>
          ['#find-q', '#find-count', 'form.find button[data-step="-1"]', 'form.find button[data-step="1"]', 'mark.is-current'].map((sel) => {
            const r = document.querySelector(sel)!.getBoundingClientRect();
            return r.top >= 0 && r.bottom <= window.innerHeight;
          }),
        );
        expect(seen, `match ${i}`).toEqual([true, true, true, true, true]);
      }
      // The current match is not under the controls.
      const [form, mark] = await phone.evaluate(() => [document.querySelector('form.find')!.getBoundingClientRect().bottom, document.querySelector('mark.is-current')!.getBoundingClientRect().top]);
      expect(mark).toBeGreaterThanOrEqual(form!);
    });

    it('landing on an answer from a search shows its question and the briefing\'s date', async () => {
      await phone.goto(s.site.url(`search/?q=${encodeURIComponent('厳重に抗議')}`));
      await phone.waitForSelector('a.hit-link');
      await Promise.all([phone.waitForURL(/#t4$/u), phone.click('a.hit-link')]);
      await phone.waitForFunction(() => Math.abs(document.querySelector('[data-context]')?.getBoundingClientRect().top ?? 99) < 1);
      const seen = await phone.evaluate(() => {
        const box = (sel: string) => document.querySelector(sel)!.getBoundingClientRect();
        return { context: box('[data-context]').top, question: box('#t3').top, answer: box('#t4').top, text: document.querySelector('[data-context]')!.textContent };
      });
      expect(seen.text).toBe('2022年3月4日の会見「【架空】北村防衛大臣臨時記者会見（テスト用）」より');
      expect(seen.context).toBeGreaterThanOrEqual(-1);
      expect(seen.question).toBeGreaterThan(seen.context);
      expect(seen.answer).toBeLessThan(PHONE.height - 100);
      expect(await phone.evaluate(() => document.activeElement?.id)).toBe('t4');
      // An answer whose question is too long to show with it: the line names the question instead.
      await phone.goto(s.site.url(`${TOGO}?hl=${encodeURIComponent('梅雨')}#t8`));
      await phone.waitForFunction(() => Math.abs(document.querySelector('[data-context]')?.getBoundingClientRect().top ?? 99) < 1);
      expect(await phone.textContent('[data-context]')).toBe(
        '2024年6月14日の会見「【架空】統合幕僚長定例記者会見（テスト用）」より — 質問 #t7: 「災害派遣について、まとめて何点か伺います。まず、今年の梅雨の時期に備えて、各方面…」',
      );
      expect(await phone.getAttribute('[data-context] a', 'href')).toBe('#t7');
      const answer = await phone.evaluate(() => document.getElementById('t8')!.getBoundingClientRect().top);
      expect(answer).toBeLessThan(PHONE.height / 4);
    });
  });
});
