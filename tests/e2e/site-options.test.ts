/**
 * The integration's options in astro.config.mjs: another publisher's settings reach every page, the
 * per-briefing JSON can be turned off, the build says once why there is no feed without a site URL,
 * warns once past the file budget naming the option, leaves the site's own sitemap alone, and refuses
 * invalid options.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSite } from '../helpers/site.ts';

// Relative to the project root, as `astro --config` takes it.
const CONFIG = 'tests/fixtures/astro.options.config.mjs';
const scratch = await mkdtemp(path.join(tmpdir(), 'kaiken-options-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

const count = (text: string, part: string) => text.split(part).length - 1;

describe('transcriptArchive({ … }) options', () => {
  it('without a site URL: no feed, said once; past the file budget: one warning naming briefingJson; plainExports: the years uncompressed too', async () => {
    const out = path.join(scratch, 'no-site');
    const { status, output } = buildSite({ outDir: out, base: '/', config: CONFIG, extraEnv: { SITE_URL: '', ARCHIVE_OPTIONS: JSON.stringify({ fileBudget: 10, plainExports: true }) } });
    expect(status, output).toBe(0);
    expect(count(output, 'no RSS feed and no sitemap')).toBe(1);
    expect(existsSync(path.join(out, 'feed.xml'))).toBe(false);
    expect(count(output, 'more than 10 (fileBudget)')).toBe(1);
    expect(output).toContain('transcriptArchive({ briefingJson: false })');
    expect(existsSync(path.join(out, 'data/briefings/2025/2025-09-08.json'))).toBe(true);
    const home = await readFile(path.join(out, 'index.html'), 'utf8');
    for (const file of ['statements-2025.jsonl.gz', 'statements-2025.csv.gz', 'statements-2025.jsonl', 'statements-2025.csv']) {
      expect(existsSync(path.join(out, 'data', file)), file).toBe(true);
      expect(home).toContain(`<a href="/data/${file}"`);
    }
    expect(gunzipSync(await readFile(path.join(out, 'data/statements-2025.csv.gz'))).equals(await readFile(path.join(out, 'data/statements-2025.csv')))).toBe(true);
  });

  it('another publisher\'s title, description, publisher and language on every page; briefingJson: false leaves out the JSON', async () => {
    const out = path.join(scratch, 'other');
    const { status, output } = buildSite({
      outDir: out,
      base: '/',
      config: CONFIG,
      extraEnv: {
        SITE_URL: 'https://example.net',
        ARCHIVE_OPTIONS: JSON.stringify({
          briefingJson: false,
          feed: { title: '架空省 新着会見', size: 1 },
          rights: '会見録の本文は架空省の著作物です。\n\n出典を明記すれば、https://example.net/terms/ の条件で自由に転載できます。<b>',
          about: '架空省広報室が運営しています。',
        }),
      },
    });
    expect(status, output).toBe(0);
    expect(output).not.toContain('no RSS feed');
    const home = await readFile(path.join(out, 'index.html'), 'utf8');
    const briefing = await readFile(path.join(out, 'briefings/2025/2025-09-08-nakatani-seoul/index.html'), 'utf8');
    for (const html of [home, briefing]) {
      expect(html).toContain('<html lang="ja-JP">');
      expect(html).toContain('<a class="site-name" href="/">架空省 記者会見録</a>');
      expect(html).toContain('発行: <a href="https://example.net/">架空省広報室</a>');
      expect(html).not.toContain('防衛記者会見アーカイブ');
      expect(html).not.toContain('og:image');
      expect(html).not.toContain('type="application/json"');
    }
    expect(home).toContain('<title>架空省 記者会見録</title>');
    expect(home).toContain('<meta name="description" content="架空省の大臣会見を発言ごとに読めるテスト用のアーカイブ">');
    expect(briefing).toContain('"publisher":{"@type":"Organization","name":"架空省広報室","url":"https://example.net/"}');
    expect(existsSync(path.join(out, 'data/briefings'))).toBe(false);
    expect(existsSync(path.join(out, 'data/statements-2025.jsonl.gz'))).toBe(true);
    expect(existsSync(path.join(out, 'data/statements-2025.jsonl'))).toBe(false);
    const feed = await readFile(path.join(out, 'feed.xml'), 'utf8');
    expect(feed).toContain('<title>架空省 新着会見</title>');
    expect(feed).toContain('<language>ja-JP</language>');
    expect(count(feed, '<item>')).toBe(1);
    // The about page states the publisher's terms, as text with its address linked.
    const about = await readFile(path.join(out, 'about/index.html'), 'utf8');
    expect(about).toContain('<p>架空省広報室が運営しています。</p>');
    expect(about).toContain('<div data-about-rights><p>会見録の本文は架空省の著作物です。</p><p>出典を明記すれば、<a href="https://example.net/terms/" rel="noopener">https://example.net/terms/</a> の条件で自由に転載できます。&lt;b&gt;</p></div>');
    expect(about).not.toContain('防衛記者会見アーカイブ');
  });

  it("leaves a sitemap the site configured itself as it is: no second one, no lastmod of the archive's", async () => {
    const out = path.join(scratch, 'own-sitemap');
    const { status, output } = buildSite({ outDir: out, base: '/', config: CONFIG, extraEnv: { SITE_URL: 'https://example.net', USER_SITEMAP: '1' } });
    expect(status, output).toBe(0);
    expect(existsSync(path.join(out, 'own-sitemap-index.xml'))).toBe(true);
    expect(existsSync(path.join(out, 'sitemap-index.xml'))).toBe(false);
    const pages = await readFile(path.join(out, 'own-sitemap-0.xml'), 'utf8');
    expect(pages).toContain('<loc>https://example.net/briefings/2025/2025-09-08-nakatani-seoul/</loc>');
    expect(pages).not.toContain('<lastmod>');
  });

  it("merges the site's own security.csp with the archive's policy instead of replacing either", async () => {
    const out = path.join(scratch, 'own-csp');
    const own = { algorithm: 'SHA-384', directives: ["img-src 'self' https://images.example.net", "media-src 'self'"], scriptDirective: { hashes: ['sha384-b3duLXNpdGVzLW93bi1zY3JpcHQtaGFzaC1mb3ItdGhlLXRlc3Qtb2YtaXQ='] } };
    const { status, output } = buildSite({ outDir: out, base: '/', config: CONFIG, extraEnv: { USER_CSP: JSON.stringify(own) } });
    expect(status, output).toBe(0);
    const html = await readFile(path.join(out, 'briefings/2025/2025-09-08-nakatani-seoul/index.html'), 'utf8');
    const policy = /<meta http-equiv="content-security-policy" content="([^"]*)">/u.exec(html)![1]!;
    const directives = policy.split(';').map((d) => d.trim()).filter(Boolean);
    // The site's img-src and media-src, once each; the archive's other directives; the site's algorithm and hash.
    expect(directives.filter((d) => d.startsWith('img-src'))).toEqual(["img-src 'self' https://images.example.net"]);
    expect(directives).toEqual(expect.arrayContaining(["media-src 'self'", "default-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'"]));
    const scripts = directives.find((d) => d.startsWith('script-src'))!;
    expect(scripts).toContain("'sha384-b3duLXNpdGVzLW93bi1zY3JpcHQtaGFzaC1mb3ItdGhlLXRlc3Qtb2YtaXQ='");
    // Astro's hashes in the site's algorithm; the two inline scripts of the archive's pages keep their SHA-256 (csp.ts).
    expect(scripts.match(/'sha384-/gu)!.length).toBeGreaterThan(1);
    expect(scripts).not.toContain("'unsafe-inline'");
  });

  it('refuses options that are not valid, naming each field', () => {
    const { status, output } = buildSite({
      outDir: path.join(scratch, 'invalid'),
      base: '/',
      config: CONFIG,
      extraEnv: { ARCHIVE_OPTIONS: JSON.stringify({ title: '', lang: 'japanese language', image: { src: 'javascript:alert(1)', alt: 'x' }, rights: '  ' }) },
    });
    expect(status).not.toBe(0);
    expect(output).toContain('transcriptArchive() options in astro.config.mjs are not valid');
    expect(output).toMatch(/title: Too small/u);
    expect(output).toContain('lang: must be a BCP 47 language tag');
    expect(output).toContain('image.src: must be a path under public/ or an http(s) URL');
    expect(output).toMatch(/rights: Too small/u);
  });
});
