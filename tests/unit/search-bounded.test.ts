/**
 * The bounded read against the full read: over an index where many words are in a large share of the
 * statements (long lists of many parts, three segments, deleted briefings), random queries — frequent and
 * rare words, phrases, exclusions, readings, dictionary forms, every filter, both scopes, every sort,
 * any page — give the same hits from a bounded read as from a full one, a total that is exact when it
 * says so and a lower bound otherwise, and the same counts once asked for. Then what a first screen
 * costs when one word is in every statement.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeDirectory } from '../../src/search/codec.ts';
import { createSearch, type SearchOptions } from '../../src/search/query/engine.ts';
import { fileLoader, openSearch } from '../../src/search/query/node.ts';
import { writeIndex } from '../../src/search/index/writer.ts';
import type { Statement } from '../../src/model/model.ts';
import { inputsOf } from './search-helpers.ts';

/** A small deterministic generator (mulberry32), so that the corpus is the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Sentences of a few frequent and many rarer words, every kind of match among them. */
const FREQUENT = ['防衛', '自衛隊', '大臣', '日米', '訓練', '連携', '北朝鮮', 'ミサイル', '府'];
const RARE = ['弦楽器', '京都府', '東京都', '情報共有', '迎撃', '弾道弾', 'サーバー', 'サーバ', '次期戦闘機', '高取'];
const FRAMES = [
  (a: string, b: string) => `${a}について${b}を行いました。`,
  (a: string, b: string) => `${a}と${b}の連携を確認しております。`,
  (a: string, b: string) => `${a}に関して伺います。${b}はどう思われますか。`,
  (a: string, b: string) => `${a}、${a}、それから${b}です。`,
  (a: string, b: string) => `${b}の${a}を共有する考えです。`,
  (a: string) => `${a}。`,
  // 来る as a form of the verb (the first 来て) and twice as text kuromoji reads otherwise: three places
  // of the term 来る, though the verb's postings alone hold one and its text's bigram two.
  (a: string) => `来て来て来る来る詐欺です。${a}。`,
];
const SPEAKERS: Array<Pick<Statement, 'role' | 'speaker' | 'label' | 'person' | 'position'>> = [
  { role: 'official', speaker: '中谷防衛大臣', label: null, person: '中谷 元', position: '防衛大臣' },
  { role: 'reporter', speaker: '記者', label: { text: '記者 :' }, person: null, position: null },
  { role: 'official', speaker: '本田防衛副大臣', label: { text: '【本田防衛副大臣】', name: '本田', position: '防衛副大臣' }, person: '本田 太郎', position: '防衛副大臣' },
  { role: 'moderator', speaker: '司会', label: { text: '司会：' }, person: null, position: null },
];

function corpus(briefings: number, seed: number): Statement[] {
  const r = random(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const out: Statement[] = [];
  for (let b = 0; b < briefings; b++) {
    const date = `20${String(10 + Math.floor(b / 12)).padStart(2, '0')}-${String((b % 12) + 1).padStart(2, '0')}-${String(1 + (b % 27)).padStart(2, '0')}`;
    const n = 8 + Math.floor(r() * 20);
    for (let t = 0; t < n; t++) {
      const word = () => (r() < 0.75 ? pick(FREQUENT) : pick(RARE));
      const sentences = Array.from({ length: 1 + Math.floor(r() * 3) }, () => pick(FRAMES)(word(), word())).join('');
      const who = t === 0 ? { role: 'lead' as const, speaker: '', label: null, person: null, position: null } : pick(SPEAKERS);
      out.push({ briefing: `${date.slice(0, 4)}/${date}-b${b}`, turn: t === 0 ? 'lead' : `t${t}`, order: t, title: `${date} 会見`, date, kind: b % 3 === 0 ? '臨時' : '定例', ...who, topic: null, section: null, text: sentences });
    }
  }
  return out;
}

/** Lists past 96 bytes are long, in parts of 64 bytes: most words here are many parts. */
const SMALL = { blockBytes: { heavy: 48, head: 96, part: 64, text: 512 }, packBytes: 1, directoryFanout: 8, directoryLookupBytes: 0 } as const;

let dir: string;
let dist: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'search-bounded-'));
  dist = path.join(dir, 'dist');
  const cacheDir = path.join(dir, 'cache');
  const all = corpus(122, 7);
  const slugs = [...new Set(all.map((s) => s.briefing))];
  const upTo = (n: number) => all.filter((s) => slugs.indexOf(s.briefing) < n);
  // Three writes (the merge policy keeps each segment 8 times the next): a first segment, a smaller one
  // on top, then the shortest briefing of the first changed (a one-briefing segment) and another of it
  // removed, so that the first holds deleted statements.
  await writeIndex(inputsOf(upTo(110)), dist, { base: '/', cacheDir, ...SMALL });
  await writeIndex(inputsOf(upTo(122)), dist, { base: '/', cacheDir, ...SMALL });
  const sizes = slugs.slice(0, 110).map((slug) => [slug, all.filter((s) => s.briefing === slug).length] as const);
  const shortest = sizes.reduce((a, b) => (b[1] < a[1] ? b : a))[0];
  const changed = all.filter((s) => s.briefing !== slugs[3]).map((s) => (s.briefing === shortest ? { ...s, text: `${s.text}防衛を追記。` } : s));
  await writeIndex(inputsOf(changed), dist, { base: '/', cacheDir, ...SMALL });
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TERMS = [...FREQUENT, ...RARE, '行う', 'おこなう', 'ぼうえい', 'きょうゆう', '"日米 連携"', '"防衛大臣"', '衛', '思う', '共有する', '来る'];

const query = fc
  .array(fc.tuple(fc.constantFrom(...TERMS), fc.boolean()), { minLength: 0, maxLength: 3 })
  .map((ts) => ts.map(([t, neg], i) => (neg && i > 0 ? `-${t}` : t)).join(' '));

const options: fc.Arbitrary<SearchOptions> = fc.record(
  {
    role: fc.constantFrom('official', 'reporter', 'lead', 'moderator') as fc.Arbitrary<SearchOptions['role']>,
    speaker: fc.constantFrom('中谷', '副大臣', '記者'),
    kind: fc.constantFrom('臨時', '定例'),
    from: fc.constantFrom('2011-01-01', '2013-06-15'),
    to: fc.constantFrom('2012-12-31', '2016-01-01'),
    scope: fc.constantFrom('statement', 'briefing') as fc.Arbitrary<SearchOptions['scope']>,
    sort: fc.constantFrom('score', 'date', 'date-asc') as fc.Arbitrary<SearchOptions['sort']>,
    offset: fc.integer({ min: 0, max: 30 }),
    limit: fc.integer({ min: 1, max: 12 }),
  },
  { requiredKeys: ['offset', 'limit'] },
);

describe('a bounded read gives what a full read gives', () => {
  it('has long lists of many parts in several segments, with deleted statements', async () => {
    const m = await openSearch(dist).manifest();
    expect(m.segments.length).toBe(3);
    expect(m.segments.some((s) => s.deleted.length > 0)).toBe(true);
    const heads = m.segments.flatMap((s) => decodeDirectory(s.directory).lists).filter((l) => l.nested || l.entries.some((e) => e.kind === 'head'));
    expect(heads.length).toBeGreaterThan(0);
  });

  it('the same hits, an exact total when it says so and a lower bound otherwise, the same counts', async () => {
    await fc.assert(
      fc.asyncProperty(query, options, async (q, o) => {
        const full = await openSearch(dist).search(q, o);
        const engine = openSearch(dist);
        const bounded = await engine.search(q, { ...o, exact: false });
        expect(bounded.hits).toEqual(full.hits);
        if (bounded.exact) {
          expect(bounded.total).toBe(full.total);
          expect(bounded.histogram).toEqual(full.histogram);
        } else {
          expect(bounded.histogram).toBeNull();
          expect(bounded.total).toBeLessThanOrEqual(full.total);
          expect(bounded.total).toBeGreaterThanOrEqual(Math.min(full.total, o.offset! + bounded.hits.length));
        }
        // The next page from the same read, and the counts after it.
        const next = await engine.search(q, { ...o, offset: o.offset! + o.limit!, exact: false });
        expect(next.hits).toEqual((await openSearch(dist).search(q, { ...o, offset: o.offset! + o.limit! })).hits);
        expect(await engine.count(q, o)).toEqual({ total: full.total, histogram: full.histogram });
      }),
      { numRuns: 300 },
    );
  }, 300_000);

  it('pages asked for at once from one read, by a reader scrolling while the count runs, are a full read\'s', async () => {
    for (const q of ['防衛', '自衛隊 連携', '大臣 -訓練', 'ぼうえい']) {
      for (const sort of ['score', 'date'] as const) {
        const engine = openSearch(dist);
        const pages = [0, 4, 9, 30].map((offset) => engine.search(q, { sort, offset, limit: 5, exact: false }));
        const counted = engine.count(q, { sort, role: 'official' });
        const full = await openSearch(dist).search(q, { sort, limit: 0 });
        expect((await Promise.all(pages)).map((p) => p.hits.map((h) => h.url)), `${q} ${sort}`).toEqual([0, 4, 9, 30].map((o) => full.hits.slice(o, o + 5).map((h) => h.url)));
        expect((await counted).total).toBe((await openSearch(dist).search(q, { sort, role: 'official', limit: 1 })).total);
      }
    }
  });

  it('the whole list from a bounded read is the full list', async () => {
    await fc.assert(
      fc.asyncProperty(query, options, async (q, o) => {
        const all = { ...o, offset: 0, limit: 0 };
        const full = await openSearch(dist).search(q, all);
        const bounded = await openSearch(dist).search(q, { ...all, exact: false });
        expect(bounded).toEqual(full);
      }),
      { numRuns: 60 },
    );
  }, 300_000);
});

describe('what a first screen reads when one word is in every statement', () => {
  let root: string;
  let partsOf: Set<string>;
  let partCount: number;

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'search-every-'));
    const r = random(11);
    const statements: Statement[] = [];
    for (let b = 0; b < 60; b++) {
      const date = new Date(Date.UTC(2015, 0, 1 + b * 30)).toISOString().slice(0, 10);
      for (let t = 0; t < 40; t++) {
        const id = b * 40 + t;
        // Once or twice everywhere; six times in a few statements spread over the archive; 弦楽器 in three.
        const times = id % 487 === 5 ? 6 : 1 + Math.floor(r() * 2);
        const text = `${Array.from({ length: times }, (_, i) => `防衛の課題${i}について説明します。`).join('')}${id % 800 === 9 ? '弦楽器の演奏です。' : ''}訓練を行いました。`;
        statements.push({ briefing: `${date.slice(0, 4)}/${date}-e${b}`, turn: `t${t + 1}`, order: t, title: `${date} 会見`, date, kind: '定例', role: t % 2 ? 'official' : 'reporter', speaker: t % 2 ? '中谷防衛大臣' : '記者', label: t % 2 ? null : { text: '記者 :' }, person: t % 2 ? '中谷 元' : null, position: t % 2 ? '防衛大臣' : null, topic: null, section: null, text });
      }
    }
    await writeIndex(inputsOf(statements), path.join(root, 'dist'), { base: '/', cacheDir: path.join(root, 'cache'), blockBytes: { head: 1024, part: 256 } });
    // Where the parts of 防衛's long list are, from its head (read through the engine's own segment).
    const { openIndex } = await import('../../src/search/query/segments.ts');
    const { sessionFiles } = await import('../../src/search/query/loader.ts');
    const { bigramKey } = await import('../../src/search/format.ts');
    const view = await openIndex(sessionFiles(fileLoader(path.join(root, 'dist', 'search')), { files: 0, requests: 0, bytes: 0 }));
    const ref = await view.segments[0]!.gram(bigramKey('防'.charCodeAt(0), '衛'.charCodeAt(0)));
    expect(ref?.long, 'a long list').toBeDefined();
    partCount = ref!.long!.parts.length;
    const pack = `p/${view.manifest.segments[0]!.id}-${ref!.long!.pack.toString(36)}.bin`;
    partsOf = new Set(ref!.long!.parts.map((p) => `${pack}@${p.offset}`));
  }, 120_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** A first screen through a loader that notes every range: how many of 防衛's parts, requests and bytes. */
  async function firstScreen(q: string, o: SearchOptions) {
    const ranges: Array<{ p: string; offset: number; length: number }> = [];
    const files = fileLoader(path.join(root, 'dist', 'search'));
    const engine = createSearch(async (p, range) => {
      if (range) ranges.push({ p, ...range });
      return files(p, range);
    });
    const result = await engine.search(q, { limit: 5, ...o, exact: false });
    const within = (r: (typeof ranges)[number], at: string) => at.startsWith(`${r.p}@`) && Number(at.split('@')[1]) >= r.offset && Number(at.split('@')[1]) < r.offset + r.length;
    const parts = ranges.reduce((n, r) => n + [...partsOf].filter((at) => within(r, at)).length, 0);
    return { result, parts, requests: engine.stats.requests, bytes: engine.stats.bytes };
  }

  it('counts a one-word query from the head, and reads one round of parts (four at most) for its first screen by date', async () => {
    expect(partCount).toBeGreaterThan(20);
    const full = await openSearch(path.join(root, 'dist')).search('防衛', { limit: 5 });
    expect(full.total).toBe(2400);
    for (const sort of ['date', 'date-asc'] as const) {
      const { result, parts } = await firstScreen('防衛', { sort });
      expect(result).toMatchObject({ total: 2400, exact: true, histogram: full.histogram });
      expect(parts, sort).toBeLessThanOrEqual(4);
    }
    const { result, parts, bytes } = await firstScreen('防衛', {});
    expect(result.hits).toEqual(full.hits);
    // The five statements with six mentions are first; each is in a part of its own: two rounds, of
    // four parts and of eight, at most.
    expect(result.hits.every((h) => h.snippet.marks.length >= 2)).toBe(true);
    expect(parts).toBeLessThanOrEqual(12);
    const whole = await firstScreen('"防衛の課題0について説明します。"', { limit: 0 });
    expect(bytes).toBeLessThan(whole.bytes / 4);
  });

  it('with a rare word, reads only the parts where the rare word is', async () => {
    const { result, parts } = await firstScreen('防衛 弦楽器', {});
    expect(result).toMatchObject({ total: 3, exact: true });
    expect(parts).toBeLessThanOrEqual(3);
  });

  it('with a filter, the first screen is a bounded read and the total a lower bound until counted', async () => {
    const { result, parts } = await firstScreen('防衛', { role: 'official', sort: 'date' });
    expect(result.exact).toBe(false);
    expect(result.histogram).toBeNull();
    expect(result.total).toBeGreaterThanOrEqual(5);
    expect(parts).toBeLessThanOrEqual(4);
    expect(await openSearch(path.join(root, 'dist')).count('防衛', { role: 'official' })).toMatchObject({ total: 1200 });
  });

  it('a phrase and an exclusion of frequent words read a few parts, not the lists', async () => {
    for (const q of ['"防衛の課題"', '防衛 -訓練', '防衛 訓練']) {
      const { result, parts } = await firstScreen(q, { sort: 'date' });
      expect(result.hits.length, q).toBe(q.includes('-') ? 0 : 5);
      expect(parts, q).toBeLessThanOrEqual(q.includes('-') ? partCount : 3);
    }
  });
});

describe('a verb typed in its dictionary form: its forms and its text counted together', () => {
  let root: string;

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'search-verb-'));
    // One old statement holds 来る three times: once as the verb (来て) and twice as text kuromoji reads
    // otherwise (来る来る詐欺). Forty newer ones of about its length hold the verb three times (来て): more
    // than the verb's postings or the text's bigram say of the old one apiece, less than both together.
    const statements: Statement[] = [];
    for (let b = 0; b < 41; b++) {
      const date = new Date(Date.UTC(2015, 0, 1 + b * 30)).toISOString().slice(0, 10);
      for (let t = 0; t < 64; t++) {
        const text = t !== 5 ? '防衛の課題について説明します。' : b === 0 ? '来て来て来る来る詐欺です。' : '来ては来て、来てくれた。';
        statements.push({ briefing: `${date.slice(0, 4)}/${date}-v${b}`, turn: `t${t + 1}`, order: t, title: `${date} 会見`, date, kind: '定例', role: 'official', speaker: '中谷防衛大臣', label: null, person: '中谷 元', position: '防衛大臣', topic: null, section: null, text });
      }
    }
    await writeIndex(inputsOf(statements), path.join(root, 'dist'), { base: '/', cacheDir: path.join(root, 'cache'), blockBytes: { head: 64, part: 32 } });
  }, 120_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('finds the statement where they are most often first, from a bounded read as from a full one', async () => {
    const full = await openSearch(path.join(root, 'dist')).search('来る', { limit: 3 });
    expect(full.total).toBe(41);
    expect(full.hits[0]!.text).toBe('来て来て来る来る詐欺です。');
    expect(full.hits[0]!.snippet.marks).toEqual([[0, 1], [4, 8]]);
    const engine = openSearch(path.join(root, 'dist'));
    const bounded = await engine.search('来る', { limit: 3, exact: false });
    expect(bounded.hits).toEqual(full.hits);
  });
});
