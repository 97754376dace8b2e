/**
 * Both search engines in headless Chromium, served from this machine the way a CDN would (gzip on
 * the wire, byte ranges answered with 206): first-query bytes from a cold cache, warm latency, and
 * every hit for the quality score.
 *
 * Ours runs as the site ships it: the engine module (bundled and minified here with esbuild, as Vite
 * bundles it into the search page) over `/search/`. Pagefind runs its own `pagefind.js` over
 * `/pagefind/`, with the top 10 results' data loaded, which is what its UI fetches to show them.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
};

const HARNESS = `<!doctype html><html lang="ja"><meta charset="utf-8"><title>bench</title><script type="module">
// Started by the benchmark once it counts bytes, so that the engine's own code is counted too.
window.benchInit = () => (window.benchReady ??= (async () => {
  const which = new URLSearchParams(location.search).get('engine');
  if (which === 'ours') {
    const { createSearch, fetchLoader } = await import('/__bench/engine.js');
    const engine = createSearch(fetchLoader('/search/'));
    window.benchSearch = async (q, all) => {
      // The first query as the search page asks for its first screen: a bounded read.
      const r = await engine.search(q, all ? { limit: 0 } : { limit: 10, exact: false });
      return { total: r.total, urls: r.hits.map((h) => h.url) };
    };
  } else {
    const pf = await import('/pagefind/pagefind.js');
    await pf.options({});
    window.benchSearch = async (q, all) => {
      const r = await pf.search(q);
      const data = await Promise.all((all ? r.results : r.results.slice(0, 10)).map((x) => x.data()));
      return { total: r.results.length, urls: data.flatMap((d) => [d.url, ...(d.sub_results ?? []).map((s) => s.url)]) };
    };
  }
})());
</script></html>`;

export interface BenchServer {
  origin: string;
  /**
   * Response body bytes sent so far, as on the wire (gzip, or a byte range as stored), harness page
   * excluded. Counted by the server because Pagefind fetches from a worker, whose requests a page's
   * DevTools session misses.
   */
  sent(): number;
  /** Requests answered so far, harness page excluded (counted by the server for the same reason). */
  requests(): number;
  close(): Promise<void>;
}

/** Serve `dir` plus the harness under /__bench/, gzip-encoded like a CDN. */
export async function serveForBench(dir: string): Promise<BenchServer> {
  const bundled = await build({
    entryPoints: [path.resolve(here, '../../src/search/query/engine.ts')],
    bundle: true,
    format: 'esm',
    minify: true,
    write: false,
    platform: 'browser',
    target: 'es2022',
  });
  const engineJs = bundled.outputFiles[0]!.contents;
  let sent = 0;
  let requests = 0;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const gzip = /\bgzip\b/u.test(String(req.headers['accept-encoding'] ?? ''));
    const send = (type: string, body: NodeJS.ReadableStream | Uint8Array | string, counted = true) => {
      res.setHeader('content-type', type);
      res.setHeader('cache-control', 'no-cache');
      if (gzip) res.setHeader('content-encoding', 'gzip');
      const z = gzip ? createGzip() : null;
      if (z) {
        if (counted) z.on('data', (chunk: Buffer) => (sent += chunk.length));
        z.pipe(res);
      } else if (counted) {
        const write = res.write.bind(res);
        res.write = ((chunk: Buffer, ...rest: unknown[]) => ((sent += chunk.length), write(chunk, ...(rest as [])))) as typeof res.write;
      }
      const sink = z ?? res;
      if (typeof body === 'string' || body instanceof Uint8Array) sink.end(body);
      else body.pipe(sink);
    };
    if (url.pathname === '/__bench/harness.html') return send(TYPES['.html']!, HARNESS, false);
    requests++;
    if (url.pathname === '/__bench/engine.js') return send(TYPES['.js']!, engineJs);
    let file = path.join(dir, decodeURIComponent(url.pathname));
    if (!file.startsWith(dir)) return void res.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!existsSync(file)) return void res.writeHead(404).end();
    const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    // Our engine reads index blocks as byte ranges (Chromium then asks for no compression): a 206 of the bytes as stored.
    const range = /^bytes=(\d+)-(\d+)$/u.exec(String(req.headers.range ?? ''));
    if (range) {
      const size = statSync(file).size;
      const start = Number(range[1]);
      const end = Math.min(size - 1, Number(range[2]));
      if (start > end) return void res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
      res.writeHead(206, { 'content-type': type, 'cache-control': 'no-cache', 'content-range': `bytes ${start}-${end}/${size}`, 'content-length': end - start + 1 });
      sent += end - start + 1;
      return void createReadStream(file, { start, end }).pipe(res);
    }
    send(type, createReadStream(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sent: () => sent,
    requests: () => requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function launchChromium(executablePath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium'): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

export type Engine = 'ours' | 'pagefind';

export async function harness(browser: Browser, origin: string, engine: Engine): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.route('**/favicon.ico', (route) => route.abort());
  await page.goto(`${origin}/__bench/harness.html?engine=${engine}`);
  return { page, close: () => context.close() };
}

/**
 * Warm latency (ms) of each run of each query, top 10 shown; and, with `allHits`, every hit of each
 * query (Pagefind has no other way to list them; ours is listed through its Node loader instead, since
 * thousands of snippet chunks at once are not what a browser page ever asks for).
 */
export async function warmRuns(
  browser: Browser,
  origin: string,
  engine: Engine,
  queries: string[],
  runs: number,
  allHits: boolean,
): Promise<{ times: number[]; hits: Map<string, string[]> }> {
  const h = await harness(browser, origin, engine);
  try {
    return await h.page
      .evaluate(
        async ({ queries, runs, allHits }) => {
          const w = window as unknown as { benchInit: () => Promise<void>; benchSearch: (q: string, all: boolean) => Promise<{ urls: string[] }> };
          await w.benchInit();
          const hits: Array<[string, string[]]> = [];
          for (const q of queries) hits.push([q, (await w.benchSearch(q, allHits)).urls]);
          const times: number[] = [];
          for (let r = 0; r < runs; r++) {
            for (const q of queries) {
              const t0 = performance.now();
              await w.benchSearch(q, false);
              times.push(performance.now() - t0);
            }
          }
          return { times, hits };
        },
        { queries, runs, allHits },
      )
      .then((r) => ({ times: r.times, hits: new Map(r.hits) }));
  } finally {
    await h.close();
  }
}
