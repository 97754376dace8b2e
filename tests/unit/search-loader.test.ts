/**
 * The browser loader over HTTP: the same answers from a host that serves byte ranges (sirv, 206), from
 * one that ignores `Range` and sends whole files (200), and from the file system; a wrong range is a
 * stale index, not a wrong answer.
 */
import { cpSync, createReadStream, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sirv from 'sirv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSearch, fetchLoader, SearchIndexError, type SearchOptions } from '../../src/search/query/engine.ts';
import { openSearch } from '../../src/search/query/node.ts';
import { beginIndexWrite, writeIndex } from '../../src/search/index/writer.ts';
import { briefingJsonLayout, dayFile, objectStarts } from '../../src/export/day-json.ts';
import { ROUTES } from '../../src/model/routes.ts';
import { decodeTextBlock } from '../../src/search/codec.ts';
import { indexBlocks } from '../../bench/src/index-blocks.ts';
import { inflateSync } from 'node:zlib';
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
  requests: Array<{ path: string; query: string; range: string | undefined; status: number; bytes: number }>;
  close(): Promise<void>;
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void, log: Served['requests']): Promise<Served> {
  const server: Server = createServer((req, res) => {
    let bytes = 0;
    const write = res.write.bind(res);
    const end = res.end.bind(res);
    res.write = ((chunk: Buffer, ...rest: []) => ((bytes += chunk.length), write(chunk, ...rest))) as typeof res.write;
    res.end = ((chunk?: Buffer, ...rest: []) => (chunk && typeof chunk !== 'function' && (bytes += chunk.length), end(chunk as Buffer, ...rest))) as typeof res.end;
    res.on('finish', () => log.push({ path: new URL(req.url!, 'http://x').pathname, query: new URL(req.url!, 'http://x').search, range: req.headers.range, status: res.statusCode, bytes }));
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
  // Bounded reads: parts of long lists, neighbours asked for together.
  ['防衛', { limit: 3, exact: false }],
  ['について', { limit: 4, sort: 'date', exact: false }],
  ['ミサイル 大臣', { limit: 2, offset: 3, exact: false }],
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
    blockBytes: { gram: 256, heavy: 128, words: 256, text: 512, head: 256, part: 128 },
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
        // Each range at a URL of its own (Chromium's cache lets one request per URL be in flight).
        for (const r of rangedPacks) expect(r.query, r.range).toBe(`?r=${/=(\d+)/u.exec(r.range!)![1]}-${r.bytes}`);

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

/**
 * The same statements with their text published by the site, as a build with briefingJson writes it:
 * each day's briefings in data/briefings/<year>/<date>.json, the index pointing at each statement's text
 * there instead of holding it (src/export/day-json.ts, src/astro/steps/index-and-export.ts).
 */
async function writePublished(into: string, list: Statement[]): Promise<void> {
  const inputs = inputsOf(list);
  const write = beginIndexWrite(inputs, into, { base: '/', cacheDir: path.join(into, '..', 'published-cache'), fileBudget: 6, directoryFanout: 8, textPublished: true });
  const days = new Map<string, Array<{ slug: string; statements: Statement[]; layout: ReturnType<typeof briefingJsonLayout> }>>();
  for (const b of inputs) {
    const statements = b.statements();
    const layout = briefingJsonLayout({ slug: b.slug, lead: [], turns: statements.map((s) => ({ id: s.turn, role: s.role, speaker: s.speaker, text: s.text })) });
    days.set(b.date, [...(days.get(b.date) ?? []), { slug: b.slug, statements, layout }]);
  }
  const at = new Map<string, { key: string; at: Array<[number, number]> }>();
  for (const [date, list] of days) {
    list.sort((a, b) => a.slug.localeCompare(b.slug));
    const file = path.join(into, ROUTES.briefingsJson(date));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, dayFile(list.map((b) => b.layout.json)));
    const starts = objectStarts(list.map((b) => Buffer.byteLength(b.layout.json)));
    list.forEach((b, i) => at.set(b.slug, { key: `v-${date}`, at: b.layout.texts.map(([o, n]) => [starts[i]! + o, n]) }));
  }
  for (const b of write.changed) await write.add({ ...b, statements: inputs.find((x) => x.slug === b.slug)!.statements(), text: at.get(b.slug) });
  await write.finish();
}

describe('an index that points into the text the site publishes', () => {
  let published: string;
  beforeAll(async () => {
    published = path.join(dir, 'published');
    await writePublished(published, statements());
  });

  it('holds no statement text, and gives the same hits — from the files, a host with ranges and one without', async () => {
    const texts = indexBlocks(path.join(published, 'search')).filter((b) => b.entry.kind === 'text').flatMap((b) => decodeTextBlock(inflateSync(b.stored)).docs.map((d) => d[6]));
    expect(texts).toHaveLength(statements().length);
    expect(texts.every((t) => Array.isArray(t))).toBe(true);
    const ranged = await rangeServer(published);
    const whole = await wholeFileServer(published);
    try {
      for (const [q, o] of QUERIES) {
        const expected = (await openSearch(site).search(q, o)).hits;
        expect((await openSearch(published).search(q, o)).hits, q).toEqual(expected);
        const before = { ranged: ranged.requests.length, whole: whole.requests.length };
        expect((await createSearch(fetchLoader(ranged.url)).search(q, o)).hits, q).toEqual(expected);
        expect((await createSearch(fetchLoader(whole.url)).search(q, o)).hits, q).toEqual(expected);
        // With ranges: each hit's text alone, the bytes of its JSON value.
        const texts = ranged.requests.slice(before.ranged).filter((r) => r.path.startsWith('/data/'));
        expect(texts.length, q).toBeGreaterThan(0);
        for (const r of texts) expect(r.status, `${q}: ${r.path} ${r.range}`).toBe(206);
        // Without: each day's file once, asked for without a range once the packs came whole (a CDN may then compress it).
        const days = whole.requests.slice(before.whole).filter((r) => r.path.startsWith('/data/'));
        expect(new Set(days.map((r) => r.path)).size, q).toBe(days.length);
        for (const r of days) expect([r.status, r.range], r.path).toEqual([200, undefined]);
      }
    } finally {
      await ranged.close();
      await whole.close();
    }
  });

  it('a day\'s file that is not the one the index points into is a stale index telling to build', async () => {
    const changed = path.join(dir, 'published-changed');
    cpSync(published, changed, { recursive: true });
    for (const year of readdirSync(path.join(changed, 'data/briefings'))) {
      for (const day of readdirSync(path.join(changed, 'data/briefings', year))) {
        const file = path.join(changed, 'data/briefings', year, day);
        writeFileSync(file, readFileSync(file, 'utf8').replace('[\n', '[\n '));
      }
    }
    const error = await openSearch(changed).search('防衛').catch((x: unknown) => x);
    expect(error).toBeInstanceOf(SearchIndexError);
    expect(error).toMatchObject({ code: 'stale', message: expect.stringMatching(/data\/briefings\/2025\/.*npm run build/u) });
  });
});
