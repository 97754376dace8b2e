/**
 * Corrections from history (#19), on sites built from a git history made here: three invented
 * transcripts committed, then a particle corrected in one statement, a change of white space only, a
 * change of frontmatter only — each commit with its own date. Checked in the built files: the briefing
 * page's `<section id="revisions">` (`<time datetime>`, `<del>`/`<ins>`, the listed-not-diffed changes),
 * the per-briefing JSON's `revisions`, the feed's item announced as updated; and the same content
 * without git history: no section, no `revisions`, the build says so once.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Element } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { select, selectAll } from 'hast-util-select';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite, ROOT, serve, SITE_URL } from '../helpers/site.ts';
import { hasBrowser, launch } from '../helpers/browser.ts';
import { createSearch } from '../../src/search/query/engine.ts';
import { fileLoader } from '../../src/search/query/node.ts';
import { ROUTES } from '../../src/model/routes.ts';

const FIXTURES = path.join(ROOT, 'tests/fixtures/content');
const CORRECTED = '2025/2025-09-12-nakatani-teirei';
const RETITLED = '2025/2025-04-01-kaibaku';
const UNCHANGED = '2024/2024-06-14-togo-bakuryocho';
const DATES = { published: '2025-09-12T10:00:00+09:00', particle: '2025-09-15T09:30:00+09:00', whitespace: '2025-09-20T18:00:00+09:00', frontmatter: '2025-09-21T08:15:00+09:00' };

const scratch = mkdtempSync(path.join(tmpdir(), 'kaiken-revisions-'));
const content = path.join(scratch, 'content');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function git(args: string[], date?: string): string {
  const env = { ...process.env, GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 't@example.org', ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}) };
  return execFileSync('git', ['-C', content, ...args], { env, encoding: 'utf8' }).trim();
}

function edit(slug: string, change: (text: string) => string): void {
  const file = path.join(content, `${slug}.md`);
  const before = readFileSync(file, 'utf8');
  const after = change(before);
  expect(after).not.toBe(before);
  writeFileSync(file, after);
}

const commits: Record<keyof typeof DATES, string> = { published: '', particle: '', whitespace: '', frontmatter: '' };

function commit(what: keyof typeof DATES): void {
  git(['add', '-A']);
  git(['commit', '-q', '-m', what], DATES[what]);
  commits[what] = git(['rev-parse', 'HEAD']);
}

function build(dir: string, out: string): string {
  const { status, output } = buildSite({ outDir: out, extraEnv: { CONTENT_DIR: dir, SITE_URL } });
  if (status !== 0) throw new Error(output);
  return output;
}

const page = (out: string, slug: string) => fromHtml(readFileSync(path.join(out, 'briefings', slug, 'index.html'), 'utf8'));
/** A briefing's JSON: its object in its day's file (data/briefings/<year>/<date>.json). */
function json(out: string, slug: string): Record<string, unknown> {
  const date = /(\d{4}-\d{2}-\d{2})/u.exec(slug)![1]!;
  const day = JSON.parse(readFileSync(path.join(out, ROUTES.briefingsJson(date)), 'utf8')) as Array<Record<string, unknown>>;
  return day.find((b) => b['slug'] === slug)!;
}
const text = (e: Element | undefined): string => (e ? e.children.map((c) => (c.type === 'text' ? c.value : c.type === 'element' ? text(c) : '')).join('') : '');

describe('corrections from a git history made in the test', () => {
  const out = path.join(scratch, 'dist');
  let output = '';

  beforeAll(() => {
    for (const slug of [CORRECTED, RETITLED, UNCHANGED]) {
      mkdirSync(path.join(content, path.dirname(slug)), { recursive: true });
      cpSync(path.join(FIXTURES, `${slug}.md`), path.join(content, `${slug}.md`));
    }
    git(['init', '-q', '-b', 'main']);
    commit('published');
    edit(CORRECTED, (t) => t.replace('ミサイル防衛の能力は着実に整備してまいります。', 'ミサイル防衛の能力を着実に整備してまいります。'));
    commit('particle');
    edit(CORRECTED, (t) => t.replace('計画どおり進めております。', '計画どおり進めております。  \n').replace(/\n\n/u, '\n\n\n'));
    commit('whitespace');
    edit(RETITLED, (t) => t.replace(/^place: .*$/mu, 'place: 海上幕僚監部 第二会見室'));
    commit('frontmatter');
    output = build(content, out);
  }, 300_000);

  it('the corrected briefing shows each later change with its date, the particle as <del>/<ins>, white space listed not diffed', () => {
    const tree = page(out, CORRECTED);
    const section = select('section#revisions', tree);
    expect(section).toBeDefined();
    const items = selectAll('li.revision', section!);
    expect(items.map((li) => li.properties['dataCommit'])).toEqual([commits.particle, commits.whitespace]);
    expect(items.map((li) => select('time', li)!.properties['dateTime'])).toEqual([DATES.particle, DATES.whitespace]);
    expect(select('p > time', section!)!.properties['dateTime']).toBe(DATES.published);
    const [particle, whitespace] = items;
    const turns = selectAll('.revision-turns > li', particle!);
    expect(turns).toHaveLength(1);
    const turn = turns[0]!.properties['dataTurn'] as string;
    expect(select(`a[href="#${turn}"]`, turns[0]!)).toBeDefined();
    // The statement with that id on the page says the corrected words.
    expect(text(select(`article#${turn}`, tree))).toContain('ミサイル防衛の能力を着実に整備してまいります。');
    expect(selectAll('del', turns[0]!).map(text)).toEqual(['は']);
    expect(selectAll('ins', turns[0]!).map(text)).toEqual(['を']);
    expect(text(select('.revision-diff', turns[0]!))).toBe('ミサイル防衛の能力はを着実に整備してまいります。');
    expect(whitespace!.properties['dataRevision']).toBe('whitespace');
    expect(select('.revision-turns', whitespace!)).toBeUndefined();
    expect(selectAll('del, ins', whitespace!)).toEqual([]);
  });

  it('a frontmatter-only change is listed, not diffed; a briefing never changed has no section', () => {
    const section = select('section#revisions', page(out, RETITLED));
    const items = selectAll('li.revision', section!);
    expect(items.map((li) => [li.properties['dataRevision'], select('time', li)!.properties['dateTime']])).toEqual([['frontmatter', DATES.frontmatter]]);
    expect(selectAll('del, ins', items[0]!)).toEqual([]);
    expect(select('section#revisions', page(out, UNCHANGED))).toBeUndefined();
  });

  it('the per-briefing JSON carries revisions: [{date, commit, turns}]', () => {
    const corrected = json(out, CORRECTED)['revisions'] as Array<{ date: string; commit: string; kind: string; turns: Array<{ id: string; diff: unknown }> }>;
    expect(corrected.map((r) => [r.date, r.commit, r.kind])).toEqual([
      [DATES.particle, commits.particle, 'text'],
      [DATES.whitespace, commits.whitespace, 'whitespace'],
    ]);
    expect(corrected[0]!.turns).toEqual([{ id: expect.stringMatching(/^t\d+$/u), diff: [{ op: 'equal', text: 'ミサイル防衛の能力' }, { op: 'del', text: 'は' }, { op: 'ins', text: 'を' }, { op: 'equal', text: '着実に整備してまいります。' }] }]);
    expect(corrected[1]!.turns).toEqual([]);
    expect(json(out, RETITLED)['revisions']).toEqual([{ date: DATES.frontmatter, commit: commits.frontmatter, kind: 'frontmatter', turns: [] }]);
    expect(json(out, UNCHANGED)['revisions']).toEqual([]);
  });

  it('the search still reads each statement\'s text from the day\'s JSON, revisions and all', async () => {
    const engine = createSearch(fileLoader(path.join(out, 'search')));
    const found = await engine.search('整備', { limit: 0 });
    expect(found.hits.find((h) => h.briefing === CORRECTED)?.text).toBe('ミサイル防衛の能力を着実に整備してまいります。');
    // Every statement of the three briefings reads back whole: no offset moved by `revisions`.
    const all = await engine.search('', { role: ['official', 'reporter', 'moderator', 'lead'], limit: 0 });
    for (const slug of [CORRECTED, RETITLED, UNCHANGED]) {
      const turns = json(out, slug)['turns'] as Array<{ id: string; text: string }>;
      for (const t of turns) expect(all.hits.find((h) => h.briefing === slug && h.turn === t.id)?.text, `${slug}#${t.id}`).toBe(t.text);
    }
  });

  it('the feed announces a correction as an update of its item, and the build says nothing of missing history', () => {
    const feed = readFileSync(path.join(out, 'feed.xml'), 'utf8');
    const items = [...feed.matchAll(/<item>([\s\S]*?)<\/item>/gu)].map((m) => m[1]!);
    const itemOf = (slug: string) => items.find((i) => i.includes(`/briefings/${slug}/</link>`))!;
    expect(itemOf(CORRECTED)).toContain('<description>【訂正 2025年9月15日】');
    expect(itemOf(CORRECTED)).toContain(`<atom:updated>${new Date(DATES.particle).toISOString()}</atom:updated>`);
    expect(itemOf(RETITLED)).toContain(`<atom:updated>${new Date(DATES.frontmatter).toISOString()}</atom:updated>`);
    expect(itemOf(UNCHANGED)).not.toContain('【訂正');
    expect(itemOf(UNCHANGED)).not.toContain('atom:updated');
    expect(feed).toContain('xmlns:atom="http://www.w3.org/2005/Atom"');
    // The same item, updated: its guid is its page, as before the correction.
    expect(itemOf(CORRECTED)).toContain(`<guid isPermaLink="true">${SITE_URL}/kaiken/briefings/${CORRECTED}/</guid>`);
    expect(output).not.toContain('no corrections shown');
  });

  it.skipIf(!hasBrowser)('in Chromium, under both policies: the section shows, and its link goes to the corrected statement', async () => {
    const site = await serve(out, undefined, { headers: true });
    const browser = await launch();
    try {
      const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
      const violations: string[] = [];
      page.on('console', (m) => /Content.Security.Policy/iu.test(m.text()) && violations.push(m.text()));
      await page.goto(site.url(`briefings/${CORRECTED}/`));
      // A phone still starts with the transcript: the section is after it.
      const first = await page.$eval('article.turn', (a) => a.getBoundingClientRect().top);
      expect(first).toBeLessThan(844);
      expect(await page.$eval('#revisions', (s) => s.getBoundingClientRect().top)).toBeGreaterThan(first);
      const link = page.locator('#revisions .revision-turns a').first();
      const target = (await link.getAttribute('href'))!;
      await link.click();
      await page.waitForFunction((id) => location.hash === id, target);
      expect(await page.$eval(target, (a) => a.textContent)).toContain('ミサイル防衛の能力を着実に整備してまいります。');
      expect(await page.$$eval('#revisions .revision-diff del', (d) => d.map((x) => getComputedStyle(x).textDecorationLine))).toEqual(['line-through']);
      expect(violations).toEqual([]);
    } finally {
      await browser.close();
      await site.close();
    }
  });

  it('without git history (a tarball): no section, no revisions in the JSON, and the build says so once', () => {
    const tarball = path.join(scratch, 'tarball');
    cpSync(content, tarball, { recursive: true, filter: (src) => path.basename(src) !== '.git' });
    const plain = path.join(scratch, 'dist-plain');
    const said = build(tarball, plain);
    expect(said.match(/no corrections shown/gu)).toHaveLength(1);
    for (const slug of [CORRECTED, RETITLED, UNCHANGED]) {
      expect(select('section#revisions', page(plain, slug))).toBeUndefined();
      expect(json(plain, slug)).not.toHaveProperty('revisions');
    }
    expect(readFileSync(path.join(plain, 'feed.xml'), 'utf8')).not.toMatch(/【訂正|atom:updated/u);
  }, 300_000);
});
