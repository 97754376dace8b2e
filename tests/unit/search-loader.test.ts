/**
 * The browser loader over HTTP: the same answers from a host that serves byte ranges (sirv, 206), from
 * one that ignores `Range` and sends whole files (200), and from the file system; a wrong range is a
 * stale index, not a wrong answer.
 */
import { createReadStream, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sirv from 'sirv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSearch, fetchLoader, SearchIndexError, type SearchOptions } from '../../src/search/query/engine.ts';
import { openSearch } from '../../src/search/query/node.ts';
import { writeIndex } from '../../src/search/index/writer.ts';
import type { Statement } from '../../src/model/model.ts';
import { inputsOf } from './search-helpers.ts';

const TOPICS = ['防衛装備の移転', '日米韓の情報共有', '北朝鮮のミサイル発射', '自衛隊の災害派遣', '次期戦闘機の共同開発', '沖縄の基地負担'];

/** Briefings with varied text, so that the index has many blocks of every kind. */
function statements(): Statement[] {
  const out: Statement[] = [];
  for (let b = 0; b < 12; b++) {
    const date = `2025-${String((b % 9) + 1).padStart(2, '0')}-${String(b + 10)}`;
    for (let t = 0; t < 8; t++) {
      const topic = TOPICS[(b + t) % TOPICS.length]!;
      const official = t % 2 === 1;
      out.push({
        briefing: `2025/${date}-b${b}`,
        turn: `t${t + 1}`,
        order: t,
        title: `${date} 会見`,
        date,
        kind: b % 3 === 0 ? '臨時' : '定例',
        role: official ? 'official' : 'reporter',
        speaker: official ? '中谷防衛大臣' : '記者',
        label: official ? null : { text: '記者 :' },
        person: official ? '中谷 元' : null,
        position: official ? '防衛大臣' : null,
        topic,
        section: null,
        text: official
          ? `${topic}について、第${b + 1}回の検討を行いました。関係国と緊密に連携し、${TOPICS[(b * 3 + t) % TOPICS.length]}にも対応してまいります。`
          : `${topic}に関して伺います。${b}件目の報道について、大臣の受け止めをお聞かせください。`,
      });
    }
  }
  return out;
}

interface Served {
  url: string;
  requests: Array<{ path: string; range: string | undefined; status: number; bytes: number }>;
  close(): Promise<void>;
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void, log: Served['requests']): Promise<Served> {
  const server: Server = createServer((req, res) => {
    let bytes = 0;
    const write = res.write.bind(res);
    const end = res.end.bind(res);
    res.write = ((chunk: Buffer, ...rest: []) => ((bytes += chunk.length), write(chunk, ...rest))) as typeof res.write;
    res.end = ((chunk?: Buffer, ...rest: []) => (chunk && typeof chunk !== 'function' && (bytes += chunk.length), end(chunk as Buffer, ...rest))) as typeof res.end;
    res.on('finish', () => log.push({ path: new URL(req.url!, 'http://x').pathname, range: req.headers.range, status: res.statusCode, bytes }));
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/search/`,
    requests: log,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** sirv, which answers `Range` with 206 (as GitHub Pages' CDN does). */
function rangeServer(site: string): Promise<Served> {
  const files = sirv(site, { dev: false, etag: true });
  return listen((req, res) => files(req, res, () => void res.writeHead(404).end()), []);
}

/** A host that ignores `Range`: every file whole, 200. */
function wholeFileServer(site: string): Promise<Served> {
  return listen((req, res) => {
    const file = path.join(site, decodeURIComponent(new URL(req.url!, 'http://x').pathname));
    try {
      res.writeHead(200, { 'content-length': statSync(file).size });
      createReadStream(file).pipe(res);
    } catch {
      res.writeHead(404).end();
    }
  }, []);
}

/** A proxy that answers a range with the bytes one further on, and says so. */
function shiftedRangeServer(site: string): Promise<Served> {
  return listen((req, res) => {
    const file = path.join(site, decodeURIComponent(new URL(req.url!, 'http://x').pathname));
    const m = /^bytes=(\d+)-(\d+)$/u.exec(req.headers.range ?? '');
    const data = readFileSync(file);
    if (!m) return void res.writeHead(200).end(data);
    const from = Number(m[1]) + 1;
    const to = Math.min(data.length - 1, Number(m[2]) + 1);
    res.writeHead(206, { 'content-range': `bytes ${from}-${to}/${data.length}` }).end(data.subarray(from, to + 1));
  }, []);
}

const QUERIES: Array<[string, SearchOptions]> = [
  ['防衛', {}],
  ['情報共有', { limit: 3 }],
  ['ミサイル 大臣', { limit: 0 }],
  ['"共同開発"', { scope: 'briefing', limit: 0 }],
  ['連携', { role: 'official', from: '2025-03-01', limit: 0 }],
  ['', { kind: '臨時', limit: 0 }],
  ['おこなう', { limit: 5 }],
];

let dir: string;
let site: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'search-loader-'));
  site = path.join(dir, 'site');
  // Small blocks in few files: many blocks share a pack, and long lists go through directory blocks.
  await writeIndex(inputsOf(statements()), site, {
    base: '/',
    cacheDir: path.join(dir, 'cache'),
    fileBudget: 6,
    blockBytes: { gram: 256, heavy: 128, words: 256, text: 512 },
    directoryFanout: 8,
    directoryLookupBytes: 0,
  });
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the browser loader over HTTP', () => {
  it('answers the same from a host with ranges, one without, and the file system', async () => {
    const packs = readdirSync(path.join(site, 'search', 'p'));
    expect(packs.length).toBeLessThan(12);
    const ranged = await rangeServer(site);
    const whole = await wholeFileServer(site);
    try {
      for (const [q, o] of QUERIES) {
        // A cold engine per query, as a first query is.
        const expected = (await openSearch(site).search(q, o)).hits;
        expect(expected.length, q).toBeGreaterThan(0);
        const viaRanges = createSearch(fetchLoader(ranged.url));
        const viaWhole = createSearch(fetchLoader(whole.url));
        const before = { ranged: ranged.requests.length, whole: whole.requests.length };
        expect((await viaRanges.search(q, o)).hits, q).toEqual(expected);
        expect((await viaWhole.search(q, o)).hits, q).toEqual(expected);

        const rangedPacks = ranged.requests.slice(before.ranged).filter((r) => r.path.includes('/p/'));
        expect(rangedPacks.length, q).toBeGreaterThan(0);
        for (const r of rangedPacks) expect([r.status, r.bytes], `${q}: ${r.path} ${r.range}`).toEqual([206, Number(/-(\d+)$/u.exec(r.range!)![1]) - Number(/=(\d+)/u.exec(r.range!)![1]) + 1]);

        // Without ranges each pack comes whole, once, and serves every block of it the query reads.
        const wholePacks = whole.requests.slice(before.whole).filter((r) => r.path.includes('/p/'));
        expect(new Set(wholePacks.map((r) => r.path)).size, q).toBe(wholePacks.length);
        for (const r of wholePacks) expect(r.bytes).toBe(statSync(path.join(site, r.path)).size);
        expect(viaWhole.stats.bytes, q).toBeGreaterThan(viaRanges.stats.bytes);
        expect(viaWhole.stats.requests, q).toBeLessThanOrEqual(viaRanges.stats.requests);
      }
    } finally {
      await ranged.close();
      await whole.close();
    }
  });

  it('a range other than the one asked for is a stale index telling to build', async () => {
    const shifted = await shiftedRangeServer(site);
    try {
      const e = createSearch(fetchLoader(shifted.url));
      const error = await e.search('防衛').catch((x: unknown) => x);
      expect(error).toBeInstanceOf(SearchIndexError);
      expect(error).toMatchObject({ code: 'stale', message: expect.stringMatching(/npm run build/u) });
    } finally {
      await shifted.close();
    }
  });
});
