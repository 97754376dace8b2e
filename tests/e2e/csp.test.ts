/**
 * A Content-Security-Policy on every page (#17), on the built test site:
 * - in the files: every HTML page carries one as the first thing in its head, with the site's
 *   directives and no 'unsafe-inline' for scripts; every inline script and style of the page has its
 *   hash in it; no page has a style attribute, an event handler attribute or a javascript: URL; the
 *   `_headers` file carries the same policy (each page's within it) and what a `<meta>` cannot say;
 * - in Chromium, served with `_headers` applied as Cloudflare Pages and Netlify apply it (both policies
 *   at once): no `securitypolicyviolation` on any page while its features are used — search (typing,
 *   filters, a chart bar, scroll loading, every failure state), find in the transcript, copying a quote
 *   and a link, the dark mode toggle, print — and an inline script, an event handler and a javascript:
 *   link injected into a built page are blocked and reported.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { visit } from 'unist-util-visit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBrowser, launch } from '../helpers/browser.ts';
import { damagedSites } from '../helpers/damage.ts';
import { BASE, headerRules, serve, TEST_DIST, type Served } from '../helpers/site.ts';

const scratch = mkdtempSync(path.join(tmpdir(), 'kaiken-csp-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Every page of the built site, relative to it. */
const PAGES = readdirSync(TEST_DIST, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith('.html'))
  .map((e) => path.relative(TEST_DIST, path.join(e.parentPath, e.name)))
  .sort();

/** A policy as directive → sources. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/u))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

const hashOf = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const text = (e: Element) => e.children.map((c) => ('value' in c ? c.value : '')).join('');

/** The page's policy element: the first element of its head after `<meta charset>`. */
function headPolicy(tree: Root): { first: Element | undefined; policy: string | null } {
  let head: Element | undefined;
  visit(tree, 'element', (e) => {
    if (e.tagName === 'head') head ??= e;
  });
  const elements = (head?.children ?? []).filter((c): c is Element => c.type === 'element' && !(c.tagName === 'meta' && 'charSet' in c.properties));
  const first = elements[0];
  const policy = first?.tagName === 'meta' && String(first.properties['httpEquiv']).toLowerCase() === 'content-security-policy' ? String(first.properties['content']) : null;
  return { first, policy };
}

describe('the policy in the written site', () => {
  const headers = headerRules(readFileSync(path.join(TEST_DIST, '_headers'), 'utf8'));
  const headerOf = (p: string, name: string) => headers.filter((r) => r.pattern.test(p)).flatMap((r) => r.headers.filter(([n]) => n === name).map(([, v]) => v));

  it.each(PAGES)('%s: a policy first in its head, covering every inline script and style, and nothing inline besides', (page) => {
    const tree = fromHtml(readFileSync(path.join(TEST_DIST, page), 'utf8'));
    const { policy } = headPolicy(tree);
    expect(policy, 'the policy is the first element of the head').not.toBeNull();
    const d = directives(policy!);
    expect(d.get('default-src')).toEqual(["'self'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'self'"]);
    expect(d.get('form-action')).toEqual(["'self'"]);
    expect(d.get('script-src')).toContain("'self'");
    expect(d.get('script-src')).not.toContain("'unsafe-inline'");
    expect(d.get('style-src')).not.toContain("'unsafe-inline'");
    const problems: string[] = [];
    visit(tree, 'element', (e) => {
      const type = String(e.properties['type'] ?? '');
      if (e.tagName === 'script' && !e.properties['src'] && ['', 'module', 'text/javascript'].includes(type) && !d.get('script-src')!.includes(hashOf(text(e)))) problems.push(`script not hashed: ${text(e).slice(0, 60)}`);
      if (e.tagName === 'style' && !d.get('style-src')!.includes(hashOf(text(e)))) problems.push(`style not hashed: ${text(e).slice(0, 60)}`);
      for (const [name, value] of Object.entries(e.properties)) {
        if (name === 'style' || /^on[a-z]/u.test(name)) problems.push(`${e.tagName} ${name}="${String(value)}"`);
        if (['href', 'src', 'action', 'formAction'].includes(name) && /^\s*javascript:/iu.test(String(value))) problems.push(`${e.tagName} ${name}="${String(value)}"`);
      }
    });
    expect(problems).toEqual([]);
    // Where the host reads _headers, both policies apply: the header's must allow all the page's does.
    const [header] = headerOf(`${BASE}${page}`, 'Content-Security-Policy');
    const h = directives(header!);
    for (const [name, sources] of d) for (const source of sources) expect(h.get(name), `${name} ${source} in the header`).toContain(source);
  });

  it('_headers: the policy with frame-ancestors, nosniff, a referrer and a permissions policy for every path; long caching only for content-named files', () => {
    const header = directives(headerOf(`${BASE}briefings/x/`, 'Content-Security-Policy')[0]!);
    expect(header.get('frame-ancestors')).toEqual(["'none'"]);
    expect(header.get('script-src')).not.toContain("'unsafe-inline'");
    expect(headerOf(`${BASE}index.html`, 'X-Content-Type-Options')).toEqual(['nosniff']);
    expect(headerOf(`${BASE}`, 'Referrer-Policy')).toEqual(['strict-origin-when-cross-origin']);
    expect(headerOf(`${BASE}`, 'Permissions-Policy')[0]).toMatch(/camera=\(\)/u);
    expect(headerOf(`${BASE}search/p/abc-0.bin`, 'Cache-Control')).toEqual(['public, max-age=31536000, immutable']);
    expect(headerOf(`${BASE}_astro/x.js`, 'Cache-Control')).toEqual(['public, max-age=31536000, immutable']);
    expect(headerOf(`${BASE}search/manifest.json`, 'Cache-Control')).toEqual(['no-cache']);
    expect(headerOf(`${BASE}briefings/x/`, 'Cache-Control')).toEqual([]);
  });
});

/** What the page reported: `securitypolicyviolation` events, and the console's policy messages. */
interface Reports {
  violations: string[];
  console: string[];
}

async function watched(context: BrowserContext): Promise<{ page: Page; reports: () => Promise<Reports> }> {
  const page = await context.newPage();
  const consoleLines: string[] = [];
  page.on('console', (m) => {
    if (/Content.Security.Policy|Permissions.Policy/iu.test(m.text())) consoleLines.push(m.text());
  });
  return {
    page,
    reports: async () => ({
      violations: await page.evaluate(() => (window as unknown as { __violations?: string[] }).__violations ?? []),
      console: consoleLines,
    }),
  };
}

/** Records every violation of the page from its first moment (an init script is not under the page's policy). */
const RECORD = () => {
  const w = window as unknown as { __violations: string[] };
  w.__violations = [];
  // Which policy: the header's is the one with frame-ancestors (a <meta> cannot carry it).
  document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${/frame-ancestors/u.test(e.originalPolicy) ? 'header' : 'meta'} ${e.effectiveDirective} ${e.blockedURI}`));
};

describe.skipIf(!hasBrowser)('the policy in Chromium, meta and _headers together', () => {
  let browser: Browser;
  let site: Served;
  let damaged: Awaited<ReturnType<typeof damagedSites>>;
  const copy = path.join(scratch, 'site');

  beforeAll(async () => {
    cpSync(TEST_DIST, copy, { recursive: true });
    // An injection a future bug could let through, in a copy of a built page: in the head after the
    // policy (where the structured data is) and in the body (where a transcript is).
    const html = readFileSync(path.join(TEST_DIST, 'briefings/2025/2025-09-12-nakatani-teirei/index.html'), 'utf8');
    const injected = html
      .replace(/(<meta http-equiv="content-security-policy"[^>]*>)/u, '$1<script>window.__pwned = "head"</script>')
      .replace('<main id="main">', '<main id="main"><script>window.__pwned = "body"</script><img src="none.png" onerror="window.__pwned = \'onerror\'"><a id="js-link" href="javascript:window.__pwned=\'link\'">link</a>');
    expect(injected).toContain('window.__pwned = "head"');
    expect(injected).toContain('onerror=');
    mkdirSync(path.join(copy, 'injected'), { recursive: true });
    writeFileSync(path.join(copy, 'injected/index.html'), injected);
    damaged = await damagedSites(TEST_DIST, scratch);
    site = await serve(copy, BASE, { headers: true });
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  const context = async () => {
    const c = await browser.newContext({ viewport: { width: 1000, height: 700 } });
    await c.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.origin });
    await c.addInitScript(RECORD);
    return c;
  };

  /** What a reader does on each kind of page. */
  async function use(page: Page, file: string): Promise<void> {
    const toggle = page.locator('.theme-toggle');
    await toggle.click();
    await toggle.click();
    await page.emulateMedia({ media: 'print' });
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    await page.emulateMedia({ media: 'screen' });
    if (file.startsWith('briefings/')) {
      await page.fill('#find-q', 'の');
      await page.waitForFunction(() => /\d+ \/ \d+/u.test(document.querySelector('.find-count')?.textContent ?? ''));
      await page.locator('article.turn').first().getByRole('button', { name: '引用をコピー' }).click();
      await page.locator('article.turn').first().getByRole('button', { name: 'リンクをコピー' }).click();
      await page.waitForFunction(() => /コピーしました/u.test(document.querySelector('.copy-status')?.textContent ?? ''));
    }
    if (file === 'search/index.html') {
      await page.fill('#q', 'について');
      await page.waitForSelector('.hit');
      await page.locator('#filters summary').click();
      await page.selectOption('#role', 'official');
      await page.waitForFunction(() => new URL(location.href).searchParams.get('role') === 'official');
      await page.selectOption('#role', '');
      await page.waitForFunction(() => !new URL(location.href).searchParams.has('role') && document.querySelectorAll('.chart-bar').length > 0);
      await page.locator('.chart-bar').first().click();
      await page.waitForFunction(() => new URL(location.href).searchParams.has('from'));
      await page.getByRole('button', { name: '期間の指定を解除' }).click();
      await page.waitForFunction(() => !new URL(location.href).searchParams.has('from') && /^\d+件/u.test(document.getElementById('search-status')!.textContent!));
      for (let i = 0; i < 20 && !(await page.locator('#search-more').isHidden()); i++) await page.mouse.wheel(0, 10_000);
      await page.waitForFunction(() => (document.getElementById('search-more') as HTMLButtonElement).hidden);
      // The results' downloads (a file made in the page and handed to the browser).
      for (const format of ['csv', 'jsonl']) {
        const download = page.waitForEvent('download');
        await page.click(`#search-download button[data-format="${format}"]`);
        await download;
      }
      // Zero results, with a filter: the way out of them is shown.
      await page.selectOption('#kind', { index: 1 });
      await page.fill('#q', 'ぬぬぬぬぬ');
      await page.waitForFunction(() => /該当/u.test(document.getElementById('search-status')!.textContent!));
    }
  }

  it('no violation on any page of the site while it is used', async () => {
    const c = await context();
    const found: Record<string, Reports> = {};
    for (const file of PAGES) {
      const { page, reports } = await watched(c);
      const url = site.url(file.replace(/(^|\/)index\.html$/u, '$1'));
      await page.goto(url);
      await use(page, file);
      const r = await reports();
      if (r.violations.length > 0 || r.console.length > 0) found[file] = r;
      await page.close();
    }
    expect(found).toEqual({});
    expect(PAGES.length).toBeGreaterThanOrEqual(15);
    await c.close();
  });

  it("the feed, shown as a page by its XSLT stylesheet under the header's policy alone, keeps its style", async () => {
    const c = await context();
    const { page, reports } = await watched(c);
    const support = await page.evaluate(() => 'XSLTProcessor' in window);
    if (support) {
      await page.goto(site.url('feed.xml'));
      await page.waitForSelector('[data-subscribe] h2');
      // The stylesheet's <style> ran: its hash is in the header's style-src.
      expect(await page.$eval('[data-subscribe]', (e) => getComputedStyle(e).borderTopStyle)).toBe('solid');
      expect((await reports()).console).toEqual([]);
    }
    await c.close();
  });

  it("no violation in the search page's failure states: offline, index missing, index damaged (cut short, another build's pack)", async () => {
    const c = await context();
    const { page, reports } = await watched(c);
    await page.goto(site.url('search/'));
    await c.setOffline(true);
    await page.fill('#q', 'について');
    await page.waitForFunction(() => !(document.getElementById('search-retry') as HTMLButtonElement).hidden);
    expect(await page.textContent('#search-status')).toMatch(/インターネットに接続/u);
    await c.setOffline(false);
    expect(await reports()).toEqual({ violations: [], console: [] });

    const missing = await watched(c);
    await missing.page.route('**/search/manifest.json', (r) => r.fulfill({ status: 404, body: 'not found' }));
    await missing.page.goto(site.url('search/?q=について'));
    await missing.page.waitForFunction(() => !(document.getElementById('search-retry') as HTMLButtonElement).hidden);
    expect(await missing.reports()).toEqual({ violations: [], console: [] });
    await c.close();

    for (const dir of [damaged.truncated, damaged.swapped]) {
      const server = await serve(dir, BASE, { headers: true });
      const d = await browser.newContext();
      await d.addInitScript(RECORD);
      const w = await watched(d);
      await w.page.goto(server.url('search/?q=について'));
      await w.page.waitForFunction(() => !(document.getElementById('search-retry') as HTMLButtonElement).hidden);
      expect(await w.page.textContent('#search-status')).toMatch(/壊れている/u);
      expect(await w.reports()).toEqual({ violations: [], console: [] });
      await d.close();
      await server.close();
    }
  });

  it('an inline script, an event handler and a javascript: link injected into a built page are blocked and reported', async () => {
    const c = await context();
    const { page, reports } = await watched(c);
    await page.goto(site.url('injected/'));
    await page.waitForLoadState('load');
    await page.click('#js-link');
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
    const { violations } = await reports();
    // Four blocked, each reported by both policies: the two scripts, the handler and the link (there is
    // no 'report-sample' in the policy, so the reports carry no text to tell them apart by).
    const each = ['script-src-attr inline', 'script-src-elem inline', 'script-src-elem inline', 'script-src-elem inline'];
    expect(violations.toSorted()).toEqual([...each.map((v) => `header ${v}`), ...each.map((v) => `meta ${v}`)]);
    // The site's own features still run on the page: its scripts are allowed by the policy.
    await page.fill('#find-q', 'の');
    await page.waitForFunction(() => /\d+ \/ \d+/u.test(document.querySelector('.find-count')?.textContent ?? ''));
    await c.close();
  });
});
