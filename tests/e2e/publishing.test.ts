/**
 * What the build publishes for readers and their tools, checked on the built test site (site URL
 * https://example.org, base /kaiken/): the feed and the sitemap, sharing metadata and JSON-LD, the data
 * exports — and how the pages look and print: dark mode, print, a phone's reading width.
 */
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasBrowser } from '../helpers/browser.ts';
import { parseCsv } from '../helpers/csv.ts';
import { useSite } from '../helpers/session.ts';
import { SITE_URL, TEST_DIST } from '../helpers/site.ts';

const SEED = 'briefings/2025/2025-09-08-nakatani-seoul/';
const SCRIPT_TITLE = '【架空】</script><script>alert(1)</script>「題名に記号」を含む会見（テスト用）';
const ABSOLUTE = `${SITE_URL}/kaiken/`;
const PAGE_TYPES = ['', 'archive/', 'archive/2024/', SEED, 'speakers/', 'speakers/中谷元/', 'search/', 'about/', 'no-such-page/'];


describe.skipIf(!hasBrowser)('published for readers and their tools', () => {
  const s = useSite();

  it('an RSS feed of the newest briefings, absolute links, linked from every page\'s head', async () => {
    const page = await s.browser.newPage();
    for (const p of PAGE_TYPES) {
      await page.goto(s.site.url(p));
      const feeds = await page.$$eval('head link[rel="alternate"][type="application/rss+xml"]', (ls) => ls.map((l) => (l as HTMLLinkElement).href));
      // A speaker's page also links that speaker's own feed (#19).
      expect(feeds, p).toEqual(p.startsWith('speakers/') && p !== 'speakers/' ? [s.site.url('feed.xml'), new URL(s.site.url(`${p}feed.xml`)).href] : [s.site.url('feed.xml')]);
    }
    const response = await fetch(s.site.url('feed.xml'));
    expect(response.status).toBe(200);
    const xml = await response.text();
    const items = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      if (doc.querySelector('parsererror')) throw new Error('feed is not XML');
      return {
        channel: doc.querySelector('channel > title')?.textContent,
        language: doc.querySelector('channel > language')?.textContent,
        items: [...doc.querySelectorAll('item')].map((i) => [i.querySelector('title')?.textContent, i.querySelector('link')?.textContent]),
      };
    }, xml);
    expect(items.channel).toBe('防衛記者会見アーカイブ 新着の記者会見');
    expect(items.language).toBe('ja');
    expect(items.items).toEqual([
      ['【架空】中谷防衛大臣 定例記者会見（テスト用）', `${ABSOLUTE}briefings/2025/2025-09-12-nakatani-teirei/`],
      ['中谷防衛大臣がソウルで臨時会見 日韓防衛相会談について報告', `${ABSOLUTE}${SEED}`],
      ['【架空】海上幕僚長記者会見（テスト用）', `${ABSOLUTE}briefings/2025/2025-04-01-kaibaku/`],
      ['【架空】外務大臣会見記録・会見者の記載なし（テスト用）', `${ABSOLUTE}briefings/2024/2024-10-04-label-only/`],
      ['【架空】上川外務大臣会見記録（テスト用）', `${ABSOLUTE}briefings/2024/2024-09-13-gaimu/`],
      ['【架空】統合幕僚長定例記者会見（テスト用）', `${ABSOLUTE}briefings/2024/2024-06-14-togo-bakuryocho/`],
      [SCRIPT_TITLE, `${ABSOLUTE}briefings/2023/2023-01-10-script-title/`],
      ['【架空】北村防衛大臣臨時記者会見（テスト用）', `${ABSOLUTE}briefings/2022/2022-03-04-kitamura-rinji/`],
    ]);
    await page.close();
  });

  it('a sitemap with lastmod for the briefing pages and the lists', async () => {
    const xml = await readFile(path.join(TEST_DIST, 'sitemap-0.xml'), 'utf8');
    const entries = new Map([...xml.matchAll(/<url><loc>([^<]+)<\/loc>(?:<lastmod>([^<]+)<\/lastmod>)?/gu)].map((m) => [m[1]!, m[2] ?? null]));
    for (const p of ['', 'archive/', 'archive/2025/', SEED, 'briefings/2023/2023-01-10-script-title/', 'speakers/', `speakers/${encodeURIComponent('中谷元')}/`]) {
      expect(entries.get(`${ABSOLUTE}${p}`), p).toMatch(/^\d{4}-\d{2}-\d{2}T/u);
    }
  });

  it('OpenGraph and Twitter tags, and JSON-LD that stays JSON with </script> in a title', async () => {
    const page = await s.browser.newPage();
    let alerted = false;
    page.on('dialog', async (d) => {
      alerted = true;
      await d.dismiss();
    });
    await page.goto(s.site.url(SEED));
    const meta = await page.$$eval('meta[property^="og:"], meta[name^="twitter:"]', (ms) => Object.fromEntries(ms.map((m) => [m.getAttribute('property') ?? m.getAttribute('name'), m.getAttribute('content')])));
    expect(meta).toMatchObject({
      'og:type': 'article',
      'og:title': '中谷防衛大臣がソウルで臨時会見 日韓防衛相会談について報告',
      'og:site_name': '防衛記者会見アーカイブ',
      'og:url': `${ABSOLUTE}${SEED}`,
      'og:image': `${ABSOLUTE}og-default.png`,
      'og:locale': 'ja_JP',
      'twitter:card': 'summary_large_image',
      'twitter:title': '中谷防衛大臣がソウルで臨時会見 日韓防衛相会談について報告',
    });
    expect(await page.getAttribute('link[rel="canonical"]', 'href')).toBe(`${ABSOLUTE}${SEED}`);
    // The not-found page is nobody's address.
    await page.goto(s.site.url('no-such-page/'));
    expect(await page.locator('link[rel="canonical"], meta[property="og:url"]').count()).toBe(0);
    expect(await page.getAttribute('meta[name="robots"]', 'content')).toBe('noindex');
    const image = await fetch(s.site.url('og-default.png'));
    expect(image.headers.get('content-type')).toBe('image/png');
    expect((await image.arrayBuffer()).byteLength).toBeGreaterThan(1000);

    await page.goto(s.site.url('briefings/2023/2023-01-10-script-title/'));
    expect(alerted).toBe(false);
    expect(await page.textContent('h1')).toBe(SCRIPT_TITLE);
    const scripts = await page.$$eval('script[type="application/ld+json"]', (ss) => ss.map((x) => x.textContent ?? ''));
    expect(scripts).toHaveLength(1);
    const ld = JSON.parse(scripts[0]!);
    expect(ld).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'CreativeWork',
      name: SCRIPT_TITLE,
      recordedAt: {
        '@type': 'Event',
        startDate: '2023-01-10',
        location: { '@type': 'Place', name: '<b>会見室</b> & "ホール"' },
        performer: [
          { '@type': 'Person', name: '鈴木 一郎', jobTitle: '防衛副大臣', url: `${ABSOLUTE}speakers/%E9%88%B4%E6%9C%A8%E4%B8%80%E9%83%8E/` },
          { '@type': 'Person', name: '佐藤 花子', jobTitle: '防衛大臣政務官', url: `${ABSOLUTE}speakers/%E4%BD%90%E8%97%A4%E8%8A%B1%E5%AD%90/` },
        ],
      },
    });
    await page.goto(s.site.url(SEED));
    const seedLd = JSON.parse((await page.textContent('script[type="application/ld+json"]'))!);
    expect(seedLd.recordedAt).toMatchObject({ startDate: '2025-09-08T17:05', endDate: '2025-09-08T17:19', location: { name: 'ソウルのロッテホテル' } });
    await page.close();
  });

  it('each briefing as JSON in its day\'s file, linked from its page (a JSON Pointer to it), with the page\'s own turns', async () => {
    const page = await s.browser.newPage();
    for (const [slug, date] of [['2025/2025-09-08-nakatani-seoul', '2025-09-08'], ['2024/2024-09-13-gaimu', '2024-09-13'], ['2025/2025-04-01-kaibaku', '2025-04-01']] as const) {
      await page.goto(s.site.url(`briefings/${slug}/`));
      const links = await page.$$eval('link[rel="alternate"][type="application/json"]', (ls) => ls.map((l) => (l as HTMLLinkElement).href));
      expect(links).toEqual([s.site.url(`data/briefings/${date.slice(0, 4)}/${date}.json#/0`)]);
      const link = new URL(links[0]!);
      expect(await page.getAttribute('.briefing-meta a[type="application/json"]', 'href')).toBe(link.pathname + link.hash);
      const text = await (await fetch(link)).text();
      // The file is one JSON array; each briefing's object is a line of its own, JSON by itself.
      const day = JSON.parse(text);
      const lines = text.split('\n');
      expect([lines[0], ...lines.slice(-2)]).toEqual(['[', ']', '']);
      expect(lines.slice(1, -2).map((l) => JSON.parse(l.replace(/,$/u, '')))).toEqual(day);
      const data = day[Number(link.hash.slice('#/'.length))];
      expect(data.slug).toBe(slug);
      const onPage = await page.$$eval('article.turn', (ts) =>
        ts.map((t) => ({
          id: t.id,
          role: t.getAttribute('data-role'),
          speaker: t.getAttribute('data-speaker'),
          person: t.getAttribute('data-person'),
          position: t.getAttribute('data-position'),
          text: [...t.querySelectorAll(':scope > p')].map((p) => p.textContent).join('\n'),
        })),
      );
      expect(data.turns).toEqual(onPage);
      expect(data.title).toBe(await page.textContent('h1'));
      expect(data.url).toBe(`${ABSOLUTE}briefings/${slug}/`);
    }
    const [seed] = await (await fetch(s.site.url('data/briefings/2025/2025-09-08.json'))).json();
    expect(seed).toMatchObject({ date: '2025-09-08', start: '17:05', place: 'ソウルのロッテホテル', kind: '臨時', speakers: [{ name: '中谷 元', reading: 'なかたに げん', position: '防衛大臣' }] });
    expect(seed.lead[1]).toBe('内容は、以下の通り。');
    expect(seed.version).toBe(2);
    expect(seed.turns.slice(0, 3).map((t: { speaker: string; person: string | null; position: string | null }) => [t.speaker, t.person, t.position])).toEqual([
      ['中谷防衛大臣', '中谷 元', '防衛大臣'],
      ['記者', null, null],
      ['大臣', '中谷 元', '防衛大臣'],
    ]);
    await page.close();
  });

  it('the statements of each year as JSON Lines and as CSV with a BOM, gzip-compressed, one statement a line, listed with their sizes on the home page', async () => {
    const page = await s.browser.newPage();
    await page.goto(s.site.url(''));
    const listed = await page.$$eval('#data table.exports tbody tr', (rows) =>
      rows.map((r) => ({
        year: r.querySelector('th')!.textContent,
        files: [...r.querySelectorAll('.export')].map((e) => [e.querySelector('a')!.getAttribute('href')!, e.querySelector('.size')!.textContent!] as [string, string]),
      })),
    );
    await page.close();
    // Newest year first; JSON Lines, then CSV; each with the size of the file as published.
    expect(listed.map((r) => r.year)).toEqual(['2025年', '2024年', '2023年', '2022年']);
    expect(listed[0]!.files.map(([href]) => href)).toEqual(['/kaiken/data/statements-2025.jsonl.gz', '/kaiken/data/statements-2025.csv.gz']);
    for (const [href, size] of listed.flatMap((r) => r.files)) {
      const bytes = (await readFile(path.join(TEST_DIST, href.slice('/kaiken/'.length)))).length;
      expect(size).toBe(`${Math.max(1, Math.round(bytes / 1e3))} KB`);
    }

    const gunzip = async (href: string) => gunzipSync(Buffer.from(await (await fetch(`${s.site.origin}${href}`)).arrayBuffer()));
    const records = [];
    for (const year of ['2022', '2023', '2024', '2025']) {
      const lines = (await gunzip(`/kaiken/data/statements-${year}.jsonl.gz`)).toString('utf8').split('\n');
      expect(lines.pop()).toBe('');
      const inYear = lines.map((l) => JSON.parse(l));
      expect(inYear.every((r) => r.date.startsWith(year))).toBe(true);
      records.push(...inYear);
    }
    // content/ and the fixtures hold 10 + 5 + 4 + 5 + 2 + 4 + 8 + 6 statements (turns, and the seed's lead),
    // and the leads of 2025-04-01-kaibaku and 2022-03-04-kitamura-rinji.
    expect(records).toHaveLength(46);
    const t3 = records.find((r) => r.briefing === '2025/2025-09-08-nakatani-seoul' && r.turn === 't3');
    expect(t3).toMatchObject({ date: '2025-09-08', role: 'official', speaker: '大臣', person: '中谷 元', position: '防衛大臣', topic: '日韓の防衛協力をいかに持続させるか、また今後の相互訪問や定例協議について', url: `${ABSOLUTE}${SEED}#t3` });
    expect(t3.text.split('\n')).toHaveLength(3);
    // Oldest briefing first, each in transcript order.
    expect(records[0]).toMatchObject({ briefing: '2022/2022-03-04-kitamura-rinji', turn: 'lead', order: 0, person: null, position: null });
    // Ｑ/Ａ: the answers are the minister's, the questions nobody's.
    expect(records.slice(1, 3).map((r) => [r.speaker, r.person, r.position])).toEqual([['Ｑ（架空新聞）', null, null], ['Ａ', '北村 悠真', '防衛大臣']]);

    const rows: string[][] = [];
    for (const year of ['2022', '2023', '2024', '2025']) {
      const bytes = await gunzip(`/kaiken/data/statements-${year}.csv.gz`);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const [header, ...inYear] = parseCsv(bytes.subarray(3).toString('utf8'));
      expect(header).toEqual(['briefing', 'date', 'title', 'kind', 'turn', 'order', 'role', 'speaker', 'person', 'position', 'section', 'topic', 'text', 'url']);
      rows.push(...inYear);
    }
    expect(rows).toHaveLength(46);
    const csvT3 = rows.find((r) => r[0] === '2025/2025-09-08-nakatani-seoul' && r[4] === 't3')!;
    expect(csvT3.slice(7, 10)).toEqual(['大臣', '中谷 元', '防衛大臣']);
    expect(csvT3[12]).toBe(t3.text);
    expect(rows.find((r) => r[0] === '2023/2023-01-10-script-title')![2]).toBe(SCRIPT_TITLE);
  });

  for (const [device, viewport] of Object.entries({ desktop: { width: 1000, height: 800 }, phone: { width: 375, height: 740 } })) {
    it(`dark mode follows the system, the toggle is remembered with no flash (${device})`, async () => {
      const context = await s.browser.newContext({ viewport, colorScheme: 'dark' });
      const page = await context.newPage();
      // When <body> first exists the theme must already be decided: that is what "no flash" means.
      await page.addInitScript(() => {
        new MutationObserver((_, observer) => {
          if (!document.body) return;
          (window as unknown as { themeAtBody: string }).themeAtBody = document.documentElement.dataset['theme'] ?? 'system';
          observer.disconnect();
        }).observe(document, { childList: true, subtree: true });
      });
      await page.goto(s.site.url(SEED));
      const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
      expect(await background()).toBe('rgb(21, 23, 28)');
      expect(await page.getAttribute('.theme-toggle', 'aria-pressed')).toBe('true');
      await page.click('.theme-toggle');
      expect(await background()).toBe('rgb(253, 253, 252)');
      expect(await page.getAttribute('.theme-toggle', 'aria-pressed')).toBe('false');
      await page.goto(s.site.url('speakers/'));
      expect(await page.evaluate(() => (window as unknown as { themeAtBody: string }).themeAtBody)).toBe('light');
      expect(await background()).toBe('rgb(253, 253, 252)');
      await context.close();
    });

    it(`prints the turn ids, the page URL and the date of printing (${device})`, async () => {
      const page = await s.browser.newPage({ viewport });
      await page.goto(s.site.url(`${SEED}?only=questions`));
      await page.emulateMedia({ media: 'print' });
      const note = page.locator('.print-meta');
      expect(await note.isVisible()).toBe(true);
      const d = new Date();
      expect(await note.textContent()).toBe(`このページ: ${ABSOLUTE}${SEED}（印刷日: ${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日）`);
      expect(await page.locator('#t3 a.turn-link').isVisible()).toBe(true);
      expect(await page.locator('#t3 a.turn-link').textContent()).toBe('#t3');
      // Every turn is on paper, whatever the screen's toggle showed; the buttons and the find box are not.
      expect(await page.$$eval('article.turn', (ts) => ts.every((t) => t.checkVisibility()))).toBe(true);
      expect(await page.locator('.turn-actions').first().isVisible()).toBe(false);
      expect(await page.locator('form.find').isVisible()).toBe(false);
      // The place and the source are printed though the screen keeps them in a closed <details>.
      expect(await page.locator('.briefing-more .place').isVisible()).toBe(true);
      expect(await page.locator('.briefing-more .source').isVisible()).toBe(true);
      await page.close();
    });
  }

  it('keeps answers wide enough to read on a 375 px phone', async () => {
    const page = await s.browser.newPage({ viewport: { width: 375, height: 740 }, deviceScaleFactor: 2 });
    await page.goto(s.site.url(SEED));
    const widths = await page.$$eval('.exchange > .turn[data-reply-to] > p', (ps) => ps.map((p) => p.clientWidth / Number.parseFloat(getComputedStyle(p).fontSize)));
    expect(widths.length).toBeGreaterThan(0);
    // About 21 characters of 16 px in the 359 px the page leaves; the nested indent left ~19.
    for (const w of widths) expect(w).toBeGreaterThanOrEqual(20.5);
    await page.close();
  });

  it('gives the header search form its own accessible name, apart from the search page\'s form', async () => {
    const page = await s.browser.newPage();
    await page.goto(s.site.url('search/'));
    const names = await page.$$eval('[role="search"]', (fs) => fs.map((f) => f.getAttribute('aria-label') ?? f.getAttribute('aria-labelledby') ?? ''));
    expect(names).toHaveLength(2);
    expect(names[0]).toBe('サイト内の発言検索');
    expect(new Set(names).size).toBe(2);
    await page.close();
  });
});
