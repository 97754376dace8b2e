/**
 * The journalist's toolkit (#19) in Chromium, on the built test site (the seed plus the invented
 * briefings of tests/fixtures/content/), served with its `_headers` so that the page runs under both
 * Content-Security-Policies:
 * - the quote check (`?quote=` and the quote field): a quote with two particles changed and a clause
 *   dropped finds its statement first, as `[data-quote-match]` with the `#tN` link, the similarity and
 *   the differences as <ins>/<del>, in the CLI's order; a quote of markup stays text;
 * - operators in the box and in a shared `?q=` link give the results of the matching fields, the help
 *   under the box lists them, one that cannot be used is said;
 * - citations: Highwire and Dublin Core metadata on every briefing page, against its transcript; the
 *   citation menu's four formats copy (the BibTeX read back with Better BibTeX's parser).
 * Expected values come from the transcripts and the built briefing pages, or from the CLI.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseBibtex } from '@retorquere/bibtex-parser';
import type { Element } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { visit } from 'unist-util-visit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { hasBrowser, launch } from '../helpers/browser.ts';
import { projectEnv, ROOT, serve, SITE_URL, TEST_CONTENT, TEST_DIST, type Served } from '../helpers/site.ts';
import { OPERATOR_HELP } from '../../src/search/query/operators.ts';

const SEOUL = 'briefings/2025/2025-09-08-nakatani-seoul/';
/** In the transcript: 両国の防衛当局間の定例協議並びに人的交流を更に活性化をするということで一致をするとともに */
const SAID = '両国の防衛当局間の定例協議並びに人的交流を更に活性化をするということで一致';
/** 並びに → や and を → が (two particles), the clause before it (両大臣の相互訪問や…を含む、) dropped, 活性化を → 活性化. */
const QUOTE = '両国の防衛当局間の定例協議や人的交流が更に活性化するということで一致';

/** The turn of a built briefing page whose text says `text`. */
function turnSaying(page: string, text: string): string {
  const html = readFileSync(path.join(TEST_DIST, page, 'index.html'), 'utf8');
  const at = html.indexOf(text);
  expect(at).toBeGreaterThan(0);
  const ids = [...html.slice(0, at).matchAll(/<(?:article|div) id="(t\d+|lead)"/gu)];
  return ids.at(-1)![1]!;
}

function cli<T>(args: string[]): T {
  const r = spawnSync(path.join(ROOT, 'node_modules/.bin/node'), [path.join(ROOT, 'scripts/search.ts'), '--dist', TEST_DIST, '--json', ...args], { encoding: 'utf8', env: projectEnv() });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as T;
}

interface ShownMatch {
  href: string;
  similarity: number;
  value: string;
  ins: string[];
  del: string[];
  text: string;
}

async function shownMatches(page: Page): Promise<ShownMatch[]> {
  await page.waitForFunction(() => /引用に近い発言|近い発言は見つかりません|引用が長すぎます/u.test(document.getElementById('search-status')?.textContent ?? ''));
  return page.$$eval('[data-quote-match]', (items) =>
    items.map((li) => ({
      href: li.querySelector('a')!.getAttribute('href')!,
      similarity: Number((li as HTMLElement).dataset['similarity']),
      value: li.querySelector('data')!.getAttribute('value')!,
      ins: [...li.querySelectorAll('.quote-diff ins')].map((n) => n.textContent!),
      del: [...li.querySelectorAll('.quote-diff del')].map((n) => n.textContent!),
      text: li.querySelector('.quote-diff')!.textContent!,
    })),
  );
}

/** Types a query in the box and waits for its search to start (the URL says it), not the last one's results. */
async function typeQuery(page: Page, q: string): Promise<void> {
  await page.fill('#q', q);
  await page.waitForFunction((typed) => new URLSearchParams(location.search).get('q') === typed, q);
}

async function shownHits(page: Page): Promise<{ status: string; hrefs: string[] }> {
  await page.waitForFunction(() => /件の発言|該当する発言はありません/u.test(document.getElementById('search-status')?.textContent ?? ''));
  // Every result, not only the first screen: "more" until it hides (clicked in the page, never waited
  // for, since scrolling may load the next batch and hide it first), and the count final (not 以上).
  for (let i = 0; i < 50; i++) {
    const done = await page.evaluate(() => {
      const more = document.getElementById('search-more') as HTMLButtonElement;
      if (!more.hidden) more.click();
      return more.hidden && !/以上/u.test(document.getElementById('search-status')?.textContent ?? '');
    });
    if (done) break;
    await page.waitForTimeout(100);
  }
  return { status: (await page.textContent('#search-status'))!, hrefs: await page.$$eval('.hit a.hit-link', (as) => as.map((a) => a.getAttribute('href')!.replace(/\?hl=[^#]*/u, '')).sort()) };
}

const RECORD = () => {
  const w = window as unknown as { __violations: string[] };
  w.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.effectiveDirective} ${e.blockedURI}`));
};
const violations = (page: Page) => page.evaluate(() => (window as unknown as { __violations?: string[] }).__violations ?? []);

/** The test site served with its `_headers` (both policies), a Chromium page recording violations. */
function usePage(opts: { clipboard?: boolean } = {}): { site: Served; page: Page } {
  const s = {} as { site: Served; page: Page; browser: Browser; context: BrowserContext };
  beforeAll(async () => {
    s.site = await serve(TEST_DIST, undefined, { headers: true });
    s.browser = await launch();
    s.context = await s.browser.newContext({ viewport: { width: 1000, height: 900 } });
    if (opts.clipboard) await s.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: s.site.origin });
    await s.context.addInitScript(RECORD);
    s.page = await s.context.newPage();
  });
  afterAll(async () => {
    await s.context?.close();
    await s.browser?.close();
    await s.site?.close();
  });
  return s;
}

describe.skipIf(!hasBrowser)('the journalist\'s toolkit on the search page', () => {
  const s = usePage();
  let site: Served;
  let page: Page;
  beforeAll(() => {
    ({ site, page } = s);
  });

  it('?quote= finds the statement first, with its #tN link, similarity and <ins>/<del>, in the CLI\'s order', async () => {
    const turn = turnSaying(SEOUL, SAID);
    await page.goto(site.url(`search/?quote=${encodeURIComponent(QUOTE)}`));
    const shown = await shownMatches(page);
    expect(shown.length).toBeGreaterThan(1);
    const first = shown[0]!;
    expect(first.href).toBe(`/kaiken/${SEOUL}#${turn}`);
    expect(first.similarity).toBeGreaterThan(0.6);
    expect(first.similarity).toBeLessThan(1);
    expect(Number(first.value)).toBe(first.similarity);
    expect(first.del.join('|')).toContain('並びに');
    expect(first.ins.join('|')).toContain('や');
    expect(first.ins.join('|')).toContain('が');
    for (const m of shown) expect(m.similarity).toBeGreaterThanOrEqual(0), expect(m.similarity).toBeLessThanOrEqual(1);
    // The quote's field shows it, open, and the order is the CLI's.
    expect(await page.$eval('#quote-check', (d) => (d as HTMLDetailsElement).open)).toBe(true);
    expect(await page.inputValue('#quote')).toBe(QUOTE);
    const byCli = cli<Array<{ url: string; similarity: number }>>(['--quote', QUOTE]);
    expect(shown.map((m) => m.href)).toEqual(byCli.map((m) => m.url));
    expect(shown.map((m) => m.similarity)).toEqual(byCli.map((m) => m.similarity));
    expect(await violations(page)).toEqual([]);
  });

  it('the quote field checks what is pasted into it and keeps it in the URL', async () => {
    await page.goto(site.url('search/'));
    await page.click('#quote-check summary');
    await page.fill('#quote', QUOTE);
    const shown = await shownMatches(page);
    expect(shown[0]!.href).toBe(`/kaiken/${SEOUL}#${turnSaying(SEOUL, SAID)}`);
    expect(new URL(page.url()).searchParams.get('quote')).toBe(QUOTE);
    expect(await violations(page)).toEqual([]);
  });

  it('a quote of markup stays text', async () => {
    const hostile = '<img src=x id=pwned>防衛協力<script>window.__pwned=1</script>';
    await page.goto(site.url(`search/?quote=${encodeURIComponent(hostile)}`));
    await shownMatches(page);
    expect(await page.$('#pwned')).toBeNull();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    const ins = await page.$$eval('[data-quote-match] .quote-diff ins', (n) => n.map((x) => x.textContent).join(''));
    expect(ins).toContain('<img');
  });

  it('the help under the box lists every operator', async () => {
    await page.goto(site.url('search/'));
    const help = (await page.textContent('#operator-help'))!;
    for (const h of OPERATOR_HELP) expect(help).toContain(h.syntax);
    expect(help).toContain('NEAR');
  });

  it.each([
    ['北朝鮮 role:記者', { q: '北朝鮮', role: 'reporter' }],
    ['北朝鮮 role:reporter', { q: '北朝鮮', role: 'reporter' }],
    ['北朝鮮 speaker:中谷', { q: '北朝鮮', speaker: '中谷' }],
    ['北朝鮮 kind:臨時', { q: '北朝鮮', kind: '臨時' }],
    ['北朝鮮 year:2025', { q: '北朝鮮', from: '2025-01-01', to: '2025-12-31' }],
    ['北朝鮮 from:2025-09-01 to:2025-09-10', { q: '北朝鮮', from: '2025-09-01', to: '2025-09-10' }],
  ])('a shared ?q=%s gives what the fields give', async (typed, fields) => {
    await page.goto(site.url(`search/?${new URLSearchParams({ q: typed, group: 'flat' })}`));
    const byOperators = await shownHits(page);
    await page.goto(site.url(`search/?${new URLSearchParams({ ...fields, group: 'flat' })}`));
    const byFields = await shownHits(page);
    expect(byOperators.hrefs.length).toBeGreaterThan(0);
    expect(byOperators).toEqual(byFields);
    const cliHits = cli<{ hits: Array<{ url: string }> }>(['--limit', '0', typed]).hits.map((h) => h.url).sort();
    expect(byOperators.hrefs).toEqual(cliHits);
    expect(await violations(page)).toEqual([]);
  });

  it('operators typed in the box, NEAR among them, and one that cannot be used is said', async () => {
    await page.goto(site.url('search/?group=flat'));
    await typeQuery(page, 'ミサイル NEAR 北朝鮮');
    const near = await shownHits(page);
    const cliNear = cli<{ hits: Array<{ url: string }> }>(['--limit', '0', 'ミサイル NEAR 北朝鮮']).hits.map((h) => h.url).sort();
    expect(near.hrefs).toEqual(cliNear);
    const both = cli<{ hits: Array<{ url: string }> }>(['--limit', '0', 'ミサイル 北朝鮮']).hits.length;
    expect(near.hrefs.length).toBeGreaterThan(0);
    expect(near.hrefs.length).toBeLessThanOrEqual(both);
    await typeQuery(page, '北朝鮮 from:2025-02-30');
    await shownHits(page);
    expect(await page.textContent('#search-operators')).toContain('from:2025-02-30');
    expect(await violations(page)).toEqual([]);
  });
});

/** Each built briefing page with its transcript's frontmatter. */
function builtBriefings(): Array<{ page: string; title: string; date: string; speakers: string[]; html: string }> {
  const out = [];
  for (const year of readdirSync(TEST_CONTENT).filter((d) => /^\d{4}$/u.test(d))) {
    for (const file of readdirSync(path.join(TEST_CONTENT, year)).filter((f) => f.endsWith('.md'))) {
      const [, front] = /^---\n([\s\S]*?)\n---\n/u.exec(readFileSync(path.join(TEST_CONTENT, year, file), 'utf8'))!;
      const fm = parseYaml(front!) as { title: string; date: string | Date; speakers?: Array<{ name: string }> };
      const page = `briefings/${year}/${file.replace(/\.md$/u, '')}/`;
      out.push({
        page,
        title: fm.title,
        date: fm.date instanceof Date ? fm.date.toISOString().slice(0, 10) : String(fm.date),
        speakers: (fm.speakers ?? []).map((s) => s.name),
        html: readFileSync(path.join(TEST_DIST, page, 'index.html'), 'utf8'),
      });
    }
  }
  return out;
}

function metaOf(html: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const head = html.slice(0, html.indexOf('</head>'));
  visit(fromHtml(head), 'element', (e: Element) => {
    if (e.tagName === 'meta' && typeof e.properties['name'] === 'string') out.push([e.properties['name'], String(e.properties['content'])]);
  });
  return out;
}

describe('citation metadata on every briefing page', () => {
  const pages = builtBriefings();
  it.each(pages.map((p) => [p.page, p]))('%s carries Highwire citation_* and Dublin Core DC.*', (_, b) => {
    const meta = metaOf(b.html);
    const all = (name: string) => meta.filter(([n]) => n === name).map(([, c]) => c);
    expect(all('citation_title')).toEqual([b.title]);
    expect(all('DC.title')).toEqual([b.title]);
    expect(all('citation_publication_date')).toEqual([b.date.replaceAll('-', '/')]);
    expect(all('DC.date')).toEqual([b.date]);
    expect(all('citation_publisher')).toHaveLength(1);
    expect(all('DC.publisher')).toEqual(all('citation_publisher'));
    expect(all('citation_language')).toEqual(['ja']);
    expect(all('DC.language')).toEqual(['ja']);
    // One author per principal speaker, `family, given`; with none in the frontmatter, the officials.
    if (b.speakers.length > 0) expect(all('citation_author')).toEqual(b.speakers.map((n) => n.replace(/^(\S+)\s+(.+)$/u, '$1, $2')));
    else expect(all('citation_author').length).toBeGreaterThan(0);
    expect(all('DC.creator')).toEqual(all('citation_author'));
    expect(all('citation_public_url')).toEqual([`${SITE_URL}/kaiken/${b.page}`]);
    expect(b.html).toContain('<link rel="schema.DC" href="http://purl.org/dc/elements/1.1/">');
  });
});

describe.skipIf(!hasBrowser)('the citation menu in Chromium', () => {
  const s = usePage({ clipboard: true });
  let site: Served;
  let page: Page;
  beforeAll(() => {
    ({ site, page } = s);
  });

  async function copied(format: string): Promise<{ clip: string; shown: string }> {
    await page.evaluate(() => navigator.clipboard.writeText(''));
    await page.click(`[data-cite-format="${format}"]`);
    await page.waitForFunction(() => /コピーしました/u.test(document.querySelector('.copy-status')?.textContent ?? ''));
    return { clip: await page.evaluate(() => navigator.clipboard.readText()), shown: (await page.textContent('.cite-preview'))! };
  }

  it('offers Japanese, English, BibTeX and RIS, each copying its citation; the BibTeX parses as @misc', async () => {
    await page.goto(site.url(SEOUL));
    await page.click('.cite-menu summary');
    expect(await page.$$eval('[data-cite-format]', (bs) => bs.map((b) => (b as HTMLElement).dataset['citeFormat']))).toEqual(['ja', 'en', 'bibtex', 'ris']);
    const url = `${SITE_URL}/kaiken/${SEOUL}`;

    const ja = await copied('ja');
    expect(ja.clip).toBe(ja.shown);
    expect(ja.clip).toBe(`（中谷 元 防衛大臣、「中谷防衛大臣がソウルで臨時会見 日韓防衛相会談について報告」、2025年9月8日）\n${url}`);

    const en = await copied('en');
    expect(en.clip).toContain('“中谷防衛大臣がソウルで臨時会見 日韓防衛相会談について報告.” Press conference, September 8, 2025.');
    expect(en.clip).toContain(url);

    const bib = await copied('bibtex');
    const lib = parseBibtex(bib.clip);
    expect(lib.errors).toEqual([]);
    expect(lib.entries).toHaveLength(1);
    expect(lib.entries[0]!.type).toBe('misc');
    expect(lib.entries[0]!.fields).toMatchObject({ url, date: '2025-09-08', year: '2025', title: '中谷防衛大臣がソウルで臨時会見 日韓防衛相会談について報告', author: [{ lastName: '中谷', firstName: '元' }] });

    const ris = await copied('ris');
    const lines = ris.clip.split('\r\n');
    expect(lines[0]).toBe('TY  - GEN');
    expect(lines).toContain(`UR  - ${url}`);
    expect(lines).toContain('DA  - 2025/09/08/');
    expect(lines).toContain('AU  - 中谷, 元');
    expect(lines.at(-2)).toBe('ER  - ');
    expect(await violations(page)).toEqual([]);
  });
});

describe.skipIf(!hasBrowser)('a feed per speaker', () => {
  const s = usePage();
  const SPEAKERS = readdirSync(path.join(TEST_DIST, 'speakers'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);

  /** A feed as the browser's XML parser reads it. */
  async function feedOf(url: string): Promise<{ title: string; self: string | null; items: Array<[string, string]> }> {
    const xml = await (await fetch(url)).text();
    return s.page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      if (doc.querySelector('parsererror')) throw new Error('feed is not XML');
      return {
        title: doc.querySelector('channel > title')!.textContent!,
        self: doc.getElementsByTagNameNS('http://www.w3.org/2005/Atom', 'link')[0]?.getAttribute('href') ?? null,
        items: [...doc.querySelectorAll('item')].map((i): [string, string] => [i.querySelector('title')!.textContent!, i.querySelector('link')!.textContent!]),
      };
    }, xml);
  }

  it('every speaker page links its own feed, whose items are the briefings that page lists, newest first', async () => {
    expect(SPEAKERS.length).toBeGreaterThan(3);
    for (const id of SPEAKERS) {
      await s.page.goto(s.site.url(`speakers/${id}/`));
      const feeds = await s.page.$$eval('head link[rel="alternate"][type="application/rss+xml"]', (ls) => ls.map((l) => (l as HTMLLinkElement).href));
      const own = s.site.url(`speakers/${encodeURIComponent(id)}/feed.xml`);
      expect(feeds, id).toEqual([s.site.url('feed.xml'), own]);
      // The page's list of briefings (newest first), as absolute links under the site URL.
      const listed = await s.page.$$eval('.speaker-briefings li a', (as) => as.map((a): [string, string] => [a.textContent!, new URL(a.getAttribute('href')!, 'https://example.org').href]));
      const feed = await feedOf(own);
      expect(feed.items, id).toEqual(listed.slice(0, 50));
      expect(feed.items.length).toBeGreaterThan(0);
      // Named after the speaker as the page names them (the h1's text before the reading).
      const name = await s.page.$eval('h1', (h) => h.firstChild!.textContent!);
      expect(feed.title, id).toBe(`${name}の記者会見（防衛記者会見アーカイブ）`);
      expect(feed.self).toBe(`${SITE_URL}/kaiken/speakers/${encodeURIComponent(id)}/feed.xml`);
    }
  });

  it('the whole archive\'s feed is not a speaker\'s: it names no self address and lists every briefing', async () => {
    const feed = await feedOf(s.site.url('feed.xml'));
    expect(feed.self).toBeNull();
    expect(feed.items.length).toBe(readdirSync(path.join(TEST_DIST, 'briefings'), { recursive: true }).filter((f) => String(f).endsWith('index.html')).length);
  });

  it('a browser opening a speaker\'s feed is told to subscribe to that feed', async () => {
    if (!(await s.page.evaluate(() => 'XSLTProcessor' in window))) return;
    const own = s.site.url(`speakers/${encodeURIComponent('中谷元')}/feed.xml`);
    await s.page.goto(own);
    expect(await s.page.textContent('[data-subscribe] code')).toBe(`${SITE_URL}/kaiken/speakers/${encodeURIComponent('中谷元')}/feed.xml`);
    await s.page.goto(s.site.url('feed.xml'));
    expect(await s.page.textContent('[data-subscribe] code')).toBe(`${SITE_URL}/kaiken/feed.xml`);
    expect(await violations(s.page)).toEqual([]);
  });
});
