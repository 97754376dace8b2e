/**
 * Build the real site once per test run and serve it the way static hosting would: under a
 * sub-path, so every test also proves that links and the search index respect `base`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import sirv from 'sirv';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const BASE = '/kaiken/';
export const TEST_DIST = path.join(ROOT, '.cache/test-dist');
/** The test build's content: content/ and the invented briefings of tests/fixtures/content/ (global-setup.ts). */
export const TEST_CONTENT = path.join(ROOT, '.cache/test-content');
/** The test build's site URL: feed, sitemap and absolute links are built with it. */
export const SITE_URL = 'https://example.org';
const BIN = path.join(ROOT, 'node_modules/.bin');

/** Environment for child processes: the project's own Node first on PATH. */
export function projectEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Vitest exports Vite's import.meta.env (BASE_URL=/, MODE=test, NODE_ENV=test…) into process.env;
  // an Astro build started from a test would take them over its own config.
  for (const key of ['BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR', 'NODE_ENV', 'TEST', 'VITEST', 'VITEST_MODE', 'VITEST_POOL_ID', 'VITEST_WORKER_ID']) delete env[key];
  return { ...env, PATH: `${BIN}${path.delimiter}${process.env['PATH'] ?? ''}`, ASTRO_TELEMETRY_DISABLED: '1', ...extra };
}

/** `astro build` with the test base and out dir. Throws with the build's output on failure. */
export function buildSite(
  opts: { outDir?: string; root?: string; base?: string; config?: string; extraEnv?: Record<string, string> } = {},
): { status: number; output: string } {
  const result = spawnSync(path.join(BIN, 'astro'), ['build', '--root', opts.root ?? ROOT, ...(opts.config ? ['--config', opts.config] : [])], {
    cwd: opts.root ?? ROOT,
    env: projectEnv({ BASE_PATH: opts.base ?? BASE, OUT_DIR: opts.outDir ?? TEST_DIST, ...opts.extraEnv }),
    encoding: 'utf8',
    timeout: 600_000,
  });
  return { status: result.status ?? 1, output: `${result.stdout}${result.stderr}` };
}

export interface Served {
  origin: string;
  url(p: string): string;
  close(): Promise<void>;
}

/** The rules of a `_headers` file (Cloudflare Pages, Netlify): a path pattern (`*` for any run of characters) and its headers. */
export function headerRules(text: string): Array<{ pattern: RegExp; headers: Array<[string, string]> }> {
  const rules: Array<{ pattern: RegExp; headers: Array<[string, string]> }> = [];
  for (const line of text.split('\n')) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    if (!/^\s/u.test(line)) {
      rules.push({ pattern: new RegExp(`^${line.trim().split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')).join('.*')}$`, 'u'), headers: [] });
      continue;
    }
    const at = line.indexOf(':');
    rules.at(-1)?.headers.push([line.slice(0, at).trim(), line.slice(at + 1).trim()]);
  }
  return rules;
}

/**
 * Serve `dir` at `base` on a free loopback port; anything outside base is a 404. With `headers`, the
 * site's `_headers` file is applied as Cloudflare Pages and Netlify do (every matching rule's headers).
 */
export async function serve(dir: string, base = BASE, opts: { headers?: boolean } = {}): Promise<Served> {
  const files = sirv(dir, {
    dev: false,
    etag: true,
    extensions: ['html'],
    // A .gz file (the data exports) is served as the file it is, as GitHub Pages and Cloudflare Pages do;
    // sirv would say `Content-Encoding: gzip` and the client would unzip it on the way.
    setHeaders: (res, pathname) => {
      if (!pathname.endsWith('.gz')) return;
      res.setHeader('Content-Type', 'application/gzip');
      res.setHeader('Content-Encoding', 'identity');
    },
  });
  const rules = opts.headers ? headerRules(readFileSync(path.join(dir, '_headers'), 'utf8')) : [];
  const server: Server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    for (const rule of rules) if (rule.pattern.test(decodeURI(pathname))) for (const [name, value] of rule.headers) res.setHeader(name, value);
    if (!req.url?.startsWith(base)) {
      res.statusCode = 404;
      res.end('not under base');
      return;
    }
    req.url = req.url.slice(base.length - 1) || '/';
    files(req, res, () => {
      const notFound = path.join(dir, '404.html');
      res.statusCode = 404;
      if (existsSync(notFound)) {
        res.setHeader('content-type', 'text/html; charset=utf-8');
        import('node:fs').then((fs) => fs.createReadStream(notFound).pipe(res));
      } else res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (p: string) => origin + base + p.replace(/^\//u, ''),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
