import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenizerStats } from '../../src/japanese/tokenize.ts';
import { createSearch, fetchLoader, parseQuery, SearchIndexError, type SearchEngine, type SearchOptions } from '../../src/search/engine.ts';
import { fileLoader, openSearch } from '../../src/search/node.ts';
import { writeIndex, type WriteIndexSummary } from '../../src/search/writer.ts';
import type { Statement } from '../../src/transcript/model.ts';

type Turn = Pick<Statement, 'role' | 'speaker' | 'text'> & { topic?: string };

function briefing(slug: string, date: string, kind: string, turns: Turn[]): Statement[] {
  return turns.map((t, i) => ({
    briefing: slug,
    turn: `t${i + 1}`,
    order: i,
    title: `${date} 会見`,
    date,
    kind,
    role: t.role,
    speaker: t.speaker,
    topic: t.topic ?? null,
    section: t.topic ? '記者との質疑応答' : null,
    text: t.text,
  }));
}

const minister = (text: string, topic?: string): Turn => ({ role: 'official', speaker: '中谷防衛大臣', text, ...(topic ? { topic } : {}) });
const reporter = (text: string, topic?: string): Turn => ({ role: 'reporter', speaker: '記者', text, ...(topic ? { topic } : {}) });
const vice = (text: string): Turn => ({ role: 'official', speaker: '本田防衛副大臣', text });

/** Each rule of the spec has statements that only that rule finds (or ranks) right. */
const STATEMENTS: Statement[] = [
  ...briefing('2025/2025-09-08-seoul', '2025-09-08', '臨時', [
    minister('日韓の防衛相会談につきまして報告させていただきます。北朝鮮のミサイル警戒データのリアルタイム共有などを実施してまいりました。'),
    reporter('ＧＣＡＰの開発について伺います。', 'GCAPと次期戦闘機'),
    minister('次期戦闘機の開発は順調に進んでおります。', 'GCAPと次期戦闘機'),
    minister('東京都の部隊を視察しました。'),
    reporter('<script>alert(1)</script> & "引用" について。'),
  ]),
  ...briefing('2025/2025-08-01-regular', '2025-08-01', '定例', [
    minister('京都府の部隊を視察しました。'),
    minister('防衛装備移転三原則の運用指針を見直すことにいたしました。'),
    reporter('防衛装備の移転について、三原則との関係を伺います。'),
    minister('会談を行いました。'),
    minister('共同訓練を行っております。'),
    minister('来週、現地に行く予定です。'),
    reporter('情報を共有する仕組みについて伺います。'),
    reporter('きょうは晴れています。今日の会見です。'),
    minister('中谷大臣の指示で対応しております。'),
    vice('サーバの更新を進めています。'),
    vice('the GCAP program is on track.'),
    vice('the program for GCAP partners.'),
  ]),
  ...briefing('2025/2025-07-01-regular', '2025-07-01', '定例', [
    minister('演習を実施。'),
    minister('演習を実施しましたが、天候の影響もあり、当初の計画から一部の日程を変更し、参加部隊の調整を行ったうえで、安全に配慮しながら順次実施したところであります。'),
    minister('迎撃の話と、迎撃の態勢、それから弾道弾のお話です。'),
    minister('弾道弾の話と、弾道弾の態勢、それから迎撃の話です。'),
    minister('迎撃について。'),
    minister('迎撃の準備。'),
    minister('迎撃の訓練。'),
  ]),
  ...briefing('2025/2025-06-01-regular', '2025-06-01', '定例', [minister('演習を実施。')]),
];

let dir: string;
let cacheDir: string;
let engine: SearchEngine;
let first: WriteIndexSummary;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'search-engine-'));
  cacheDir = path.join(dir, 'cache');
  first = await writeIndex(STATEMENTS, path.join(dir, 'dist'), { base: '/archive/', cacheDir });
  engine = openSearch(path.join(dir, 'dist'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const find = async (q: string, opts: SearchOptions = {}) => (await engine.search(q, { limit: 0, ...opts })).hits.map((h) => h.url.replace('/archive/briefings/2025/', ''));

describe('index writer', () => {
  it('writes a fixed-name manifest and content-hashed shards under search/', () => {
    const root = path.join(dir, 'dist', 'search');
    const manifest = JSON.parse(readFileSync(path.join(root, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ format: 1, base: '/archive/', docs: STATEMENTS.length, briefings: 4 });
    const files: string[] = [];
    for (const sub of readdirSync(root)) {
      if (statSync(path.join(root, sub)).isDirectory()) for (const f of readdirSync(path.join(root, sub))) files.push(`${sub}/${f}`);
    }
    expect(files.length).toBe(first.files - 1);
    for (const f of files) expect(f).toMatch(/^[gxsmtfd]\/[A-Za-z0-9_-]{10}\.(bin|json)$/u);
    expect(first).toMatchObject({ statements: STATEMENTS.length, briefings: 4, analysed: 4, cached: 0 });
  });

  it('replaces an earlier index but leaves the site\'s own pages under search/ alone', async () => {
    const out = path.join(dir, 'replace');
    await writeIndex(STATEMENTS, out, { base: '/', cacheDir, textChunkDocs: 1 });
    writeFileSync(path.join(out, 'search', 'index.html'), '<h1>検索</h1>');
    await writeIndex(STATEMENTS.slice(0, 3), out, { base: '/', cacheDir });
    expect(readFileSync(path.join(out, 'search', 'index.html'), 'utf8')).toBe('<h1>検索</h1>');
    expect(readdirSync(path.join(out, 'search', 't'))).toHaveLength(1);
  });

  it('does not run kuromoji again for unchanged briefings, and redoes only a changed one', async () => {
    const calls = tokenizerStats.calls;
    const again = await writeIndex(STATEMENTS, path.join(dir, 'again'), { base: '/archive/', cacheDir });
    expect(again).toMatchObject({ analysed: 0, cached: 4 });
    expect(tokenizerStats.calls).toBe(calls);
    // Same input, same bytes: the cached analysis is the analysis.
    expect(readdirSync(path.join(dir, 'again', 'search', 'g')).sort()).toEqual(readdirSync(path.join(dir, 'dist', 'search', 'g')).sort());

    const changed = STATEMENTS.map((s) => (s.briefing.endsWith('06-01-regular') ? { ...s, text: s.text + '追記。' } : s));
    const third = await writeIndex(changed, path.join(dir, 'changed'), { base: '/archive/', cacheDir });
    expect(third).toMatchObject({ analysed: 1, cached: 3 });
    expect(tokenizerStats.calls).toBeGreaterThan(calls);
  });

  it('writes the same index when postings spill to disk and when shards are listed through directories', async () => {
    const spilled = await writeIndex(STATEMENTS, path.join(dir, 'spilled'), { base: '/archive/', cacheDir, spoolBytes: 64 });
    expect(readdirSync(path.join(dir, 'spilled', 'search', 'g')).sort()).toEqual(readdirSync(path.join(dir, 'dist', 'search', 'g')).sort());
    expect(spilled.gramShards).toBe(first.gramShards);

    const many = await writeIndex(STATEMENTS, path.join(dir, 'many'), { base: '/archive/', cacheDir, gramShardBytes: 4, expShardBytes: 8, textChunkDocs: 1, statsChunkDocs: 3, metaChunkDocs: 1 });
    expect(many.gramShards).toBeGreaterThan(256);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'many', 'search', 'manifest.json'), 'utf8'));
    expect(manifest.gram.dirs.length).toBeGreaterThan(1);
    expect(manifest.meta.length).toBe(4);
    const small = openSearch(path.join(dir, 'many'));
    for (const q of ['共有', 'きょうゆう', '報告する', '迎撃', '府', '"GCAP program"']) {
      expect((await small.search(q, { limit: 0 })).hits.map((h) => h.url), q).toEqual((await engine.search(q, { limit: 0 })).hits.map((h) => h.url));
    }
  });
});

describe('matching', () => {
  it('finds every statement containing the query, and only those', async () => {
    expect(await find('視察')).toEqual(expect.arrayContaining(['2025-09-08-seoul/#t4', '2025-08-01-regular/#t1']));
    expect(await find('視察')).toHaveLength(2);
    expect(await find('存在しない語')).toEqual([]);
  });

  it('half-width and full-width forms meet: ﾐｻｲﾙ finds ミサイル, GCAP finds ＧＣＡＰ', async () => {
    expect(await find('ﾐｻｲﾙ')).toEqual(['2025-09-08-seoul/#t1']);
    expect(await find('gcap')).toEqual(expect.arrayContaining(['2025-09-08-seoul/#t2', '2025-08-01-regular/#t11', '2025-08-01-regular/#t12']));
    expect(await find('ＧＣＡＰ の開発')).toEqual(['2025-09-08-seoul/#t2']);
  });

  it('hiragana finds katakana', async () => {
    expect(await find('みさいる')).toEqual(['2025-09-08-seoul/#t1']);
  });

  it('a single character is a query too', async () => {
    expect(await find('府')).toEqual(['2025-08-01-regular/#t1']);
  });

  it('terms separated by spaces must all appear', async () => {
    expect(await find('部隊 京都府')).toEqual(['2025-08-01-regular/#t1']);
    expect(await find('部隊　東京都')).toEqual(['2025-09-08-seoul/#t4']);
  });

  it('a quoted phrase must appear exactly, even across a compound kuromoji splits', async () => {
    expect(await find('"防衛装備移転三原則"')).toEqual(['2025-08-01-regular/#t2']);
    // The same words, not contiguous, are not the phrase.
    expect(await find('防衛装備 移転 三原則')).toHaveLength(2);
    expect(await find('"GCAP program"')).toEqual(['2025-08-01-regular/#t11']);
    expect(await find('GCAP program')).toHaveLength(2);
    // A phrase is exact: no inflection.
    expect(await find('"行う"')).toEqual([]);
  });

  it('-term excludes', async () => {
    expect(await find('視察 -東京')).toEqual(['2025-08-01-regular/#t1']);
    expect(await find('gcap -"GCAP program"')).not.toContain('2025-08-01-regular/#t11');
  });

  it('a dictionary form finds inflected uses', async () => {
    const hits = await find('行う');
    expect(hits).toEqual(expect.arrayContaining(['2025-08-01-regular/#t4', '2025-08-01-regular/#t5']));
    // 行く is another verb.
    expect(hits).not.toContain('2025-08-01-regular/#t6');
    expect(await find('報告する')).toEqual(['2025-09-08-seoul/#t1']);
    expect(await find('共有する')).toEqual(expect.arrayContaining(['2025-08-01-regular/#t7']));
  });

  it('a hiragana reading finds the word, not statements that merely contain its first syllables', async () => {
    const hits = await find('きょうゆう');
    expect(hits).toEqual(expect.arrayContaining(['2025-09-08-seoul/#t1', '2025-08-01-regular/#t7']));
    expect(hits).not.toContain('2025-08-01-regular/#t8');
    expect(hits).toHaveLength(2);
    expect(await find('なかたに')).toEqual(['2025-08-01-regular/#t9']);
    expect(await find('きょう')).toEqual(['2025-08-01-regular/#t8']);
  });

  it('a word-final ー is optional', async () => {
    expect(await find('サーバー')).toEqual(['2025-08-01-regular/#t10']);
  });

  it('topic headings are searchable (with the first turn of the topic)', async () => {
    const hits = await engine.search('次期戦闘機', { limit: 0 });
    expect(hits.hits.map((h) => h.turn).sort()).toEqual(['t2', 't3']);
    const t2 = hits.hits.find((h) => h.turn === 't2')!;
    expect(t2.snippet).toContain('<mark>次期戦闘機</mark>');
  });
});

describe('ranking', () => {
  it('puts whole-word matches above substring-only ones (京都 → 京都府 before 東京都)', async () => {
    // 東京都 is in the newer briefing, so date order alone would put it first.
    expect(await find('京都')).toEqual(['2025-08-01-regular/#t1', '2025-09-08-seoul/#t4']);
  });

  it('ranks denser matches higher (same match, shorter statement first)', async () => {
    const hits = await find('演習');
    expect(hits[0]).toMatch(/2025-0[67]-01-regular\/#t1$/u);
    expect(hits.indexOf('2025-07-01-regular/#t2')).toBe(2);
  });

  it('ranks rarer terms higher', async () => {
    // 弾道弾 is rare, 迎撃 common: twice the rare one beats twice the common one (same length; the
    // rare-heavy statement comes later in its briefing, so without idf the tie would go the other way).
    expect((await find('弾道弾 迎撃')).slice(0, 2)).toEqual(['2025-07-01-regular/#t4', '2025-07-01-regular/#t3']);
  });

  it('breaks ties by date, newest first; sorts by date when asked', async () => {
    expect((await find('演習を実施。'))[0]).toBe('2025-07-01-regular/#t1');
    expect(await find('演習', { sort: 'date' })).toEqual(['2025-07-01-regular/#t1', '2025-07-01-regular/#t2', '2025-06-01-regular/#t1']);
    expect(await find('演習', { sort: 'date-asc' })).toEqual(['2025-06-01-regular/#t1', '2025-07-01-regular/#t1', '2025-07-01-regular/#t2']);
  });
});

describe('filters', () => {
  it('role, speaker, kind and date range, with a query or alone', async () => {
    expect(await find('伺います', { role: 'reporter' })).toHaveLength(3);
    expect(await find('伺います', { role: 'official' })).toEqual([]);
    expect(await find('視察', { speaker: '中谷' })).toHaveLength(2);
    expect(await find('GCAP', { speaker: '副大臣' })).toHaveLength(2);
    expect(await find('視察', { kind: '臨時' })).toEqual(['2025-09-08-seoul/#t4']);
    expect(await find('演習', { from: '2025-07-01', to: '2025-07-31' })).toHaveLength(2);
    expect(await find('演習', { to: '2025-06-30' })).toEqual(['2025-06-01-regular/#t1']);
    expect(await find('', { speaker: '本田' })).toHaveLength(3);
    expect(await find('', { from: '2025-09-01', role: 'reporter' })).toEqual(['2025-09-08-seoul/#t2', '2025-09-08-seoul/#t5']);
    expect(await find('')).toEqual([]);
  });
});

describe('results', () => {
  it('carry the briefing, turn, speaker, topic and the URL of the turn under the base path', async () => {
    const r = await engine.search('ＧＣＡＰの開発');
    expect(r.total).toBe(1);
    expect(r.hits[0]).toMatchObject({
      url: '/archive/briefings/2025/2025-09-08-seoul/#t2',
      briefing: '2025/2025-09-08-seoul',
      turn: 't2',
      title: '2025-09-08 会見',
      date: '2025-09-08',
      kind: '臨時',
      role: 'reporter',
      speaker: '記者',
      topic: 'GCAPと次期戦闘機',
    });
    expect(r.hits[0]!.snippet).toBe('<mark>ＧＣＡＰの開発</mark>について伺います。');
  });

  it('escape everything in snippets, from the index and from the query', async () => {
    const r = await engine.search('script');
    expect(r.hits[0]!.snippet).toBe('&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt; &amp; &quot;引用&quot; について。');
    const q = await engine.search('<script>');
    expect(q.hits[0]!.snippet).toContain('<mark>&lt;script&gt;</mark>');
  });

  it('page with limit and offset; total counts all', async () => {
    const all = await engine.search('部隊', { limit: 0 });
    const one = await engine.search('部隊', { limit: 1, offset: 1 });
    expect(one.total).toBe(all.total);
    expect(one.hits.map((h) => h.url)).toEqual([all.hits[1]!.url]);
  });
});

describe('query syntax', () => {
  it('parses terms, phrases and exclusions', () => {
    expect(parseQuery(' 防衛  "日米 韓"  -ﾐｻｲﾙ -"a b" F-35 ')).toEqual([
      { text: '防衛', phrase: false, exclude: false },
      { text: '日米 韓', phrase: true, exclude: false },
      { text: 'みさいる', phrase: false, exclude: true },
      { text: 'a b', phrase: true, exclude: true },
      { text: 'fー35', phrase: false, exclude: false },
    ]);
  });
});

describe('a missing or stale index', () => {
  it('is a SearchIndexError telling to build', async () => {
    const none = openSearch(path.join(dir, 'nowhere'));
    await expect(none.search('防衛')).rejects.toThrow(SearchIndexError);
    await expect(none.search('防衛')).rejects.toThrow(/npm run build/u);

    const stale = path.join(dir, 'stale');
    await writeIndex(STATEMENTS.slice(0, 2), stale, { base: '/', cacheDir });
    const m = path.join(stale, 'search', 'manifest.json');
    writeFileSync(m, readFileSync(m, 'utf8').replace('"format":1', '"format":0'));
    await expect(openSearch(stale).search('防衛')).rejects.toMatchObject({ code: 'stale' });
  });
});

describe('engine lifetime and loaders', () => {
  it('keeps working when the site is rebuilt under an open engine (reads the new manifest)', async () => {
    const out = path.join(dir, 'rebuilt');
    await writeIndex(STATEMENTS.slice(0, 5), out, { base: '/', cacheDir, gramShardBytes: 64 });
    const e = openSearch(out);
    expect((await e.search('視察')).total).toBe(1);
    await writeIndex(STATEMENTS, out, { base: '/', cacheDir, gramShardBytes: 64 });
    // The old manifest names shards that are gone; the engine reads the new manifest and answers from it.
    expect((await e.search('京都府')).total).toBe(1);
    expect((await e.search('視察')).total).toBe(2);
  });

  it('the browser loader fetches the same files under the search URL', async () => {
    const root = path.join(dir, 'dist', 'search');
    const requested: string[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (input: string | URL | Request) => {
      const url = new URL(String(input));
      requested.push(url.pathname);
      const file = path.join(root, url.pathname.replace('/archive/search/', ''));
      try {
        return new Response(readFileSync(file));
      } catch {
        return new Response('not found', { status: 404 });
      }
    }) as typeof fetch;
    try {
      const browser = createSearch(fetchLoader('https://example.org/archive/search/'));
      const r = await browser.search('きょうゆう');
      expect(r.hits.map((h) => h.url)).toEqual((await engine.search('きょうゆう')).hits.map((h) => h.url));
      expect(requested[0]).toBe('/archive/search/manifest.json');
      const facets = await browser.facets();
      expect(facets.kinds).toEqual([['定例', 3], ['臨時', 1]]);
      expect(facets).toMatchObject({ from: '2025-06-01', to: '2025-09-08' });
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});

describe('download size', () => {
  it('a first query fetches the manifest and a few shards, not the index', async () => {
    const counted = createSearch(fileLoader(path.join(dir, 'dist', 'search')));
    await counted.search('共有');
    expect(counted.stats.files).toBeLessThanOrEqual(5);
    expect(counted.stats.bytes).toBeLessThan(first.bytes);
  });
});

/** Characters (clusters) for random statements: every fold, spaces and punctuation, no query syntax. */
const UNITS = [
  '防', '衛', '省', '共', '有', '京', '都', '府', '日', '韓', 'の', 'は', 'を', 'き', 'ょ', 'う', 'ゆ', 'ミ', 'サ', 'イ', 'ル',
  'ー', 'ｶﾞ', 'ﾐ', 'ｻ', 'Ａ', 'a', 'B', '1', '１', ' ', '\u3000', '\n', '、', '。', '・', '々', 'ヶ', 'か', 'カ', '～', '‐',
  '―', '&', '<', '㍻', 'ガ', 'が', '行', 'っ', 'た', '𠮷',
];

describe('property: every piece of a statement finds that statement', () => {
  it('holds for random statements and random pieces', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'search-prop-'));
    let run = 0;
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.array(fc.constantFrom(...UNITS), { minLength: 1, maxLength: 60 }), { minLength: 1, maxLength: 4 }),
          fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat()), { minLength: 1, maxLength: 8 }),
          async (texts, pieces) => {
            const out = path.join(root, `run${run++}`);
            const statements = briefing('2025/random', '2025-01-01', '定例', texts.map((units) => minister(units.join(''))));
            await writeIndex(statements, out, { base: '/', cacheDir: path.join(root, 'cache') });
            const e = openSearch(out);
            for (const [which, a, b] of pieces) {
              const units = texts[which % texts.length]!;
              const i = a % units.length;
              const j = i + 1 + (b % (units.length - i));
              const piece = units.slice(i, j).join('');
              if (parseQuery(piece).length === 0) continue;
              const turns = (await e.search(piece, { limit: 0 })).hits.map((h) => h.turn);
              expect(turns, JSON.stringify(piece)).toContain(`t${(which % texts.length) + 1}`);
            }
            rmSync(out, { recursive: true, force: true });
          },
        ),
        { numRuns: 60 },
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
