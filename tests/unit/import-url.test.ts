/**
 * Importing by address, against a local HTTP server on 127.0.0.1 that serves the fixtures (nothing
 * here reaches the internet): the charset from the HTTP header or the page's <meta>, source.url,
 * clear messages for 404, a refused connection, a timeout and a non-page; --follow on a listing
 * page imports what it links to, one request a second, skipping what content/ already has, and says
 * (and with --summary writes as JSON) what the listing covers.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, fixture } from '../fixtures/import/helpers.ts';

interface Route {
  body?: Buffer | string;
  type?: string;
  status?: number;
  /** Never answer (for the timeout). */
  hang?: boolean;
}

const requests: { path: string; at: number }[] = [];
const routes = new Map<string, Route>();
let server: Server;
let origin = '';
const dirs: string[] = [];

/** A page in the 防衛省 HTML layout around a text fixture's lines. */
function pageOf(textFixture: string): string {
  const escape = (s: string) => s.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');
  const body = fixture(textFixture).split('\n').filter((l) => l.trim() !== '').map((l) => `<p>${escape(l)}</p>`).join('\n');
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>記者会見</title></head><body><nav><a href="/">ホーム</a></nav><main>${body}</main></body></html>`;
}

beforeAll(async () => {
  const sjis = readFileSync(join(FIXTURES, 'news-page-sjis.html'));
  const meta = Buffer.from('<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">');
  const at = sjis.indexOf(meta);
  const sjisNoMeta = Buffer.concat([sjis.subarray(0, at), sjis.subarray(at + meta.length)]);
  const html = 'text/html; charset=utf-8';
  routes.set('/j/press/kisha/2023/1017a.html', { body: readFileSync(join(FIXTURES, 'mod-page.html')), type: html });
  routes.set('/news/2025/0206.html', { body: sjisNoMeta, type: 'text/html; charset=Shift_JIS' });
  routes.set('/gone.html', { status: 404 });
  routes.set('/slow.html', { hang: true });
  routes.set('/report.pdf', { body: '%PDF-1.4', type: 'application/pdf' });
  routes.set('/j/press/kisha/2024/index.html', {
    type: html,
    body: `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
      <nav><a href="/j/">ホーム</a> <a href="/j/press/kisha/2024/index.html">2024年</a></nav>
      <main><h1>防衛大臣記者会見 2024年</h1><ul>
        <li><a href="0209a.html">2月9日 防衛大臣記者会見</a></li>
        <li><a href="./0216a.html#top">2月16日 防衛大臣記者会見</a></li>
        <li><a href="/j/press/kisha/2024/0301a.html">3月1日 防衛大臣臨時記者会見</a></li>
        <li><a href="0209a.html">2月9日（再掲）</a></li>
        <li><a href="/j/press/kisha/2023/index.html">2023年の一覧</a></li>
        <li><a href="https://elsewhere.example/kisha/0209a.html">他のサイト</a></li>
      </ul></main><footer><a href="/j/sitemap.html">サイトマップ</a></footer></body></html>`,
  });
  routes.set('/j/press/kisha/2024/0209a.html', { body: pageOf('mod-current.txt'), type: html });
  routes.set('/j/press/kisha/2024/0216a.html', { body: pageOf('mod-current-rinji.txt'), type: html });
  routes.set('/j/press/kisha/2024/0301a.html', { body: pageOf('mod-markdown-chars.txt'), type: html });
  routes.set('/j/press/kisha/2025/index.html', {
    type: html,
    body: `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><main><ul>
        <li><a href="0110a.html">1月10日 防衛大臣記者会見</a></li>
        <li><a href="0117a.html">1月17日 防衛大臣記者会見</a></li>
        <li><a href="0124a.html">1月24日 防衛大臣記者会見</a></li>
      </ul></main></body></html>`,
  });
  routes.set('/j/press/kisha/2025/0110a.html', { body: pageOf('mod-old.txt'), type: html });
  routes.set('/j/press/kisha/2025/0117a.html', { body: pageOf('needs-flags/no-date.txt'), type: html });

  server = createServer((req, res) => {
    requests.push({ path: req.url ?? '', at: performance.now() });
    const route = routes.get((req.url ?? '').split('#')[0]!);
    if (route?.hang) return;
    if (!route || route.status) {
      res.writeHead(route?.status ?? 404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>');
      return;
    }
    res.writeHead(200, { 'content-type': route.type ?? 'text/html' }).end(route.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'import-url-'));
  dirs.push(d);
  return d;
}

/** The CLI in a child process; asynchronous, so that this process's server can answer it. */
function run(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/import.ts', ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('import from a URL', () => {
  it('fetches a 防衛省 page, records source.url, and writes what the saved page gives', async () => {
    const out = tempDir();
    const url = `${origin}/j/press/kisha/2023/1017a.html`;
    const r = await run('--out', out, url);
    expect(r.status, r.stderr).toBe(0);
    const md = readFileSync(join(out, '2023/2023-10-17-daijin-kaiken.md'), 'utf8');
    // The fetched address wins over the page's canonical link.
    expect(md).toContain(`source:\n  credit: 防衛省\n  url: ${url}\n---\n`);
    const saved = await run('--dry-run', join(FIXTURES, 'mod-page.html'));
    expect(md.replace(url, 'https://www.mod.example.jp/j/press/kisha/2023/1017a.html')).toBe(saved.stdout);
  });

  it('decodes Shift_JIS named only by the HTTP header', async () => {
    const r = await run('--dry-run', `${origin}/news/2025/0206.html`);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/note: the page is Shift_JIS \(as the HTTP header says\); it was converted/u);
    expect(r.stdout).toContain('title: 空幕長が定例会見 戦闘機の国際共同開発について\n');
    expect(r.stdout).toContain('\n\n空幕長 :\n本日は、私から1点、御報告いたします。');
  });

  it.each([
    ['/gone.html', [], /^http:\/\/127\.0\.0\.1:\d+\/gone\.html: the server answered 404 Not Found — check the address/u],
    ['/report.pdf', [], /report\.pdf: the address gives application\/pdf, not a web page/u],
    ['/slow.html', ['--timeout', '1'], /slow\.html: no answer from 127\.0\.0\.1:\d+ within 1 s — try again later or with a longer --timeout/u],
  ])('%s is refused in words, exit 1, nothing written', async (path, extra, message) => {
    const out = tempDir();
    const r = await run('--out', out, ...(extra as string[]), `${origin}${path}`);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at |TypeError|internal error/u);
    expect(r.stdout).toBe('');
  });

  it('a refused connection (nothing listening) is said so', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const r = await run('--out', tempDir(), `http://127.0.0.1:${port}/kisha.html`);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`kisha\\.html: 127\\.0\\.0\\.1:${port} refused the connection \\(nothing answers at that address\\) — check the address and your network connection`, 'u'));
  });
});

describe('--follow a listing page', () => {
  it('imports every conference it links to, one request a second, skipping those already in content/', { timeout: 30_000 }, async () => {
    const out = tempDir();
    const first = `${origin}/j/press/kisha/2024/0209a.html`;
    expect((await run('--out', out, first)).status).toBe(0);

    requests.length = 0;
    const listing = `${origin}/j/press/kisha/2024/index.html`;
    const r = await run('--out', out, '--follow', listing);
    expect(r.status, r.stderr).toBe(0);
    expect(requests.map((q) => q.path)).toEqual(['/j/press/kisha/2024/index.html', '/j/press/kisha/2024/0216a.html', '/j/press/kisha/2024/0301a.html']);
    for (let i = 1; i < requests.length; i++) expect(requests[i]!.at - requests[i - 1]!.at).toBeGreaterThanOrEqual(1000);
    expect(r.stderr).toMatch(/index\.html: 3 conference pages linked, 1 already in /u);
    expect(r.stderr).toContain(`${first}: already in ${out} (skipped)`);
    expect(r.stdout.trim().split('\n').map((p) => p.slice(out.length + 1))).toEqual(['2019/2019-05-07-daijin-rinji.md', '2021/2021-06-15-daijin-kaiken.md']);
    expect(readFileSync(join(out, '2021/2021-06-15-daijin-kaiken.md'), 'utf8')).toContain(`url: ${origin}/j/press/kisha/2024/0301a.html\n`);
  });

  it('prints what the listing covers — imported, already in --out, refused and why — and --summary writes it as JSON', { timeout: 30_000 }, async () => {
    const out = tempDir();
    const listing = `${origin}/j/press/kisha/2025/index.html`;
    const summary = join(tempDir(), 'coverage.json');
    const first = await run('--out', out, '--follow', '--summary', summary, listing);
    expect(first.status, first.stderr).toBe(1);
    const [file] = first.stdout.trim().split('\n');
    expect(first.stderr).toContain(`coverage of ${listing}: 3 conference pages linked — 1 imported, 0 already in ${out}, 2 refused\n`);
    expect(first.stderr).toContain(`  imported  ${origin}/j/press/kisha/2025/0110a.html → ${file}\n`);
    expect(first.stderr).toMatch(new RegExp(`  refused   ${origin}/j/press/kisha/2025/0117a\\.html: line \\d+: no date for this press conference`, 'u'));
    expect(first.stderr).toContain(`  refused   ${origin}/j/press/kisha/2025/0124a.html: the server answered 404 Not Found`);
    const json = JSON.parse(readFileSync(summary, 'utf8'));
    expect(json).toMatchObject({ out, listings: [{ listing, linked: 3, imported: 1, already: 0, refused: 2 }] });
    expect(json.listings[0].conferences.map((c: { url: string; status: string }) => [c.url.slice(origin.length), c.status])).toEqual([
      ['/j/press/kisha/2025/0110a.html', 'imported'],
      ['/j/press/kisha/2025/0117a.html', 'refused'],
      ['/j/press/kisha/2025/0124a.html', 'refused'],
    ]);
    expect(json.listings[0].conferences[0].files).toEqual([file]);
    expect(json.listings[0].conferences[1].reason).toMatch(/^line \d+: no date for this press conference: .* — copy the line with the date/u);

    // Again: what is in --out now is "already", and only the gaps are fetched.
    requests.length = 0;
    const again = await run('--out', out, '--follow', '--summary', summary, listing);
    expect(again.stderr).toContain(`coverage of ${listing}: 3 conference pages linked — 0 imported, 1 already in ${out}, 2 refused\n`);
    expect(requests.map((q) => q.path)).toEqual(['/j/press/kisha/2025/index.html', '/j/press/kisha/2025/0117a.html', '/j/press/kisha/2025/0124a.html']);
    expect(JSON.parse(readFileSync(summary, 'utf8')).listings[0].conferences[0]).toMatchObject({ status: 'already', files: [expect.stringMatching(/\.md$/u)] });
  });

  it('--summary is refused without --follow, or naming a directory', async () => {
    for (const args of [['--summary', 'x.json', 'page.txt'], ['--follow', '--summary', tempDir(), `${origin}/j/press/kisha/2025/index.html`]]) {
      const r = await run(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^import: --summary /u);
    }
  });
});
