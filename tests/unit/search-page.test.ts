/** The search page's pure parts: URL state, chart buckets and their description, failures, modulepreload. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addModulePreloads, moduleScripts, staticImports } from '../../src/astro/steps/modulepreload.ts';
import { SearchIndexError } from '../../src/search/query/engine.ts';
import { bucketsOf, describe as describeChart, MAX_MONTHS } from '../../src/client/search/chart.ts';
import { failureOf } from '../../src/client/search/failure.ts';
import { isActive, searchKey, stateFromUrl, stateToSearch, toOptions } from '../../src/client/search/state.ts';
import { FILTERS } from '../../src/search/options.ts';
import { speakerBesides } from '../../src/client/search/render.ts';

describe('search page URL state', () => {
  it('reads filters alone as a search, and keeps only valid values', () => {
    const s = stateFromUrl('?kind=%E8%87%A8%E6%99%82&role=boss&sort=random&scope=briefing&from=2023-02-29&to=2025-01-31');
    expect(s).toMatchObject({ q: '', kind: '臨時', role: '', sort: 'score', scope: 'briefing', from: '', to: '2025-01-31' });
    expect(isActive(s)).toBe(true);
    expect(isActive(stateFromUrl('?sort=date&group=flat&scope=briefing'))).toBe(false);
    expect(isActive(stateFromUrl('?q=%20%20'))).toBe(false);
  });

  it("starts fetching the index from the page's head for exactly the query, the quote and the filters of the options table", () => {
    // The head's inline script cannot import the table (it runs before any module): it is held to it here.
    const page = readFileSync(path.resolve(import.meta.dirname, '../../src/client/inline-scripts.ts'), 'utf8');
    const params = /\[\?&\]\(([a-z|]+)\)=/u.exec(page)?.[1]?.split('|');
    expect(params).toEqual(['q', 'quote', ...FILTERS]);
  });

  it("says who speaks from the person the rules resolve, else from the label's data, never from its words", () => {
    type Hit = Parameters<typeof speakerBesides>[0];
    const who = (role: Hit['role'], speaker: string, label: Hit['label'], person: string | null = null, position: string | null = null) => speakerBesides({ role, speaker, label, person, position });
    expect(who('official', 'Ａ', { text: 'Ａ：' }, '齋藤 聡', '海上幕僚長')).toBe('齋藤 聡 海上幕僚長');
    expect(who('official', '中谷防衛大臣', null, '中谷 元', '防衛大臣')).toBe('中谷 元 防衛大臣');
    expect(who('official', '上川外務大臣', { text: '【上川外務大臣】', name: '上川', position: '外務大臣' }, '上川外務大臣', '外務大臣')).toBe('上川外務大臣');
    expect(who('reporter', '記者', { text: '記者 :' })).toBe('');
    expect(who('reporter', 'Ｑ（朝日新聞）', { text: 'Ｑ：（朝日新聞）', outlet: '朝日新聞' })).toBe('（朝日新聞）');
    expect(who('reporter', 'NHK 五十嵐記者', { text: '【NHK 五十嵐記者】', outlet: 'NHK', name: '五十嵐' })).toBe('五十嵐（NHK）');
    expect(who('official', '上川外務大臣', { text: '【上川外務大臣】', name: '上川', position: '外務大臣' })).toBe('上川外務大臣');
    expect(who('official', 'Ａ', { text: 'Ａ：' })).toBe('');
    expect(who('official', '中谷防衛大臣', null)).toBe('中谷防衛大臣');
    expect(who('lead', '', null)).toBe('');
  });

  it('turns a reversed date range around', () => {
    expect(stateFromUrl('?from=2025-03-01&to=2024-01-01')).toMatchObject({ from: '2024-01-01', to: '2025-03-01' });
  });

  it('writes only what differs from the defaults, and reads back what it wrote', () => {
    const s = stateFromUrl('?q=%E5%85%B1%E6%9C%89&scope=briefing&role=reporter&from=2024-01-01&sort=score&group=briefing');
    expect(stateToSearch(s)).toBe('?q=%E5%85%B1%E6%9C%89&scope=briefing&role=reporter&from=2024-01-01');
    expect(stateFromUrl(stateToSearch(s))).toEqual(s);
    expect(stateToSearch(stateFromUrl(''))).toBe('');
  });

  it('asks the engine for the scope, filters and page', () => {
    const s = stateFromUrl('?q=a&scope=briefing&kind=%E5%AE%9A%E4%BE%8B&speaker=%E4%B8%AD%E8%B0%B7&sort=date-asc&role=lead');
    expect(toOptions(s, 20, 10)).toEqual({ limit: 10, offset: 20, scope: 'briefing', kind: '定例', speaker: '中谷', sort: 'date-asc', role: 'lead' });
    expect(toOptions(stateFromUrl('?q=a'), 0, 5)).toEqual({ limit: 5, offset: 0 });
  });

  it('carries a quote to check in ?quote=, which alone is something to show', () => {
    const s = stateFromUrl('?quote=%E5%85%B1%E6%9C%89%E3%81%97%E3%81%9F');
    expect(s.quote).toBe('共有した');
    expect(isActive(s)).toBe(true);
    expect(stateToSearch(s)).toBe('?quote=%E5%85%B1%E6%9C%89%E3%81%97%E3%81%9F');
    expect(searchKey(s)).not.toBe(searchKey(stateFromUrl('')));
    expect(isActive(stateFromUrl('?quote=%20%20'))).toBe(false);
  });

  it('a change of grouping alone asks the engine nothing new', () => {
    expect(searchKey(stateFromUrl('?q=a&group=flat'))).toBe(searchKey(stateFromUrl('?q=a')));
    expect(searchKey(stateFromUrl('?q=a&scope=briefing'))).not.toBe(searchKey(stateFromUrl('?q=a')));
  });
});

describe('hits-over-time chart', () => {
  it('counts months, empty ones included, across a year end', () => {
    expect(bucketsOf({ '2023-01': 1, [`2024-${String(MAX_MONTHS - 12).padStart(2, '0')}`]: 1 }).unit).toBe('month');
    const { unit, buckets } = bucketsOf({ '2024-11': 2, '2025-02': 5 });
    expect(unit).toBe('month');
    expect(buckets.map((b) => [b.label, b.count, b.from, b.to])).toEqual([
      ['2024年11月', 2, '2024-11-01', '2024-11-30'],
      ['2024年12月', 0, '2024-12-01', '2024-12-31'],
      ['2025年1月', 0, '2025-01-01', '2025-01-31'],
      ['2025年2月', 5, '2025-02-01', '2025-02-28'],
    ]);
    expect(bucketsOf({ '2024-02': 1 }).buckets[0]!.to).toBe('2024-02-29');
  });

  it('counts years when the months are too many to read', () => {
    // May 2007 to June 2009: 26 months.
    const { unit, buckets } = bucketsOf({ '2007-05': 1, '2007-09': 2, '2009-06': 4 });
    expect(unit).toBe('year');
    expect(buckets.map((b) => [b.label, b.count, b.from, b.to])).toEqual([
      ['2007年', 3, '2007-01-01', '2007-12-31'],
      ['2008年', 0, '2008-01-01', '2008-12-31'],
      ['2009年', 4, '2009-01-01', '2009-12-31'],
    ]);
  });

  it('says the figures in words', () => {
    expect(describeChart(bucketsOf({ '2024-11': 2, '2025-01': 5 }))).toBe('2024年11月から2025年1月までの月別の発言数: 2024年11月 2件、2025年1月 5件（ほかの月は0件）');
    expect(describeChart(bucketsOf({ '2025-09': 7 }))).toBe('2025年9月の月別の発言数: 2025年9月 7件');
    expect(bucketsOf({}).buckets).toEqual([]);
  });
});

describe('search failures', () => {
  it('tells offline from a missing index, an updated site and a damaged index', () => {
    const missing = new SearchIndexError('missing', 'x');
    const stale = new SearchIndexError('stale', 'x');
    expect(failureOf(missing, true, true)).toBe('offline');
    expect(failureOf(missing, false, false)).toBe('offline');
    expect(failureOf(missing, false, true)).toBe('missing');
    expect(failureOf(stale, false, true)).toBe('updated');
    expect(failureOf(new SearchIndexError('damaged', 'x'), false, true)).toBe('damaged');
    expect(failureOf(new RangeError('x'), false, true)).toBe('broken');
  });
});

describe('modulepreload for a built page', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'modulepreload-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the static imports at the top of a built module, not imports inside the code', () => {
    expect(staticImports('import{n as e,r as t}from"./a.js";import"./b.js";import * as c from \'../c.js\';const x="import\\"./no.js\\"";import("./lazy.js")')).toEqual(['./a.js', './b.js', '../c.js']);
    expect(staticImports('/* banner */\nimport{a}from"./a.js";')).toEqual(['./a.js']);
    expect(staticImports('console.log(1)')).toEqual([]);
  });

  it('finds module scripts with a source', () => {
    expect(moduleScripts('<script>inline()</script><script type="module" src="/b/e.js"></script><script src="/c.js"></script>')).toEqual(['/b/e.js']);
  });

  it('links every chunk reachable from the page scripts, once, under the base path', () => {
    mkdirSync(path.join(dir, '_astro'));
    writeFileSync(path.join(dir, '_astro/entry.js'), 'import{a}from"./shared.js";import"./other.js";a();');
    writeFileSync(path.join(dir, '_astro/shared.js'), 'import"./deep.js";export const a=()=>1;');
    writeFileSync(path.join(dir, '_astro/other.js'), 'import"./shared.js";');
    writeFileSync(path.join(dir, '_astro/deep.js'), 'export{}');
    const page = path.join(dir, 'index.html');
    writeFileSync(page, '<html><head><script type="module" src="/kaiken/_astro/entry.js"></script></head><body></body></html>');
    expect(addModulePreloads(page, dir, '/kaiken')).toEqual(['/kaiken/_astro/shared.js', '/kaiken/_astro/other.js', '/kaiken/_astro/deep.js']);
    const html = readFileSync(page, 'utf8');
    expect(html.match(/rel="modulepreload"/gu)).toHaveLength(3);
    expect(html).toContain('<link rel="modulepreload" href="/kaiken/_astro/deep.js"></head>');
    // A second build step over the same page adds nothing twice.
    expect(addModulePreloads(page, dir, '/kaiken/')).toEqual([]);
    expect(addModulePreloads(path.join(dir, 'absent.html'), dir, '/')).toEqual([]);
  });
});
