import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { decodeDirectory, decodeDirectoryBlock, packSlice } from '../../src/search/codec.ts';
import { FORMAT_VERSION, packPath } from '../../src/search/format.ts';
import { snippetOf } from '../../src/search/query/snippets.ts';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenizerStats } from '../../src/japanese/tokenize.ts';
import { createSearch, fetchLoader, parseQuery, SearchIndexError, type SearchEngine, type SearchOptions } from '../../src/search/query/engine.ts';
import { fileLoader, openSearch } from '../../src/search/query/node.ts';
import { writeIndex as writeBriefings, type WriteIndexOptions, type WriteIndexSummary } from '../../src/search/index/writer.ts';
import type { Statement } from '../../src/model/model.ts';
import { inputsOf, safeCut } from './search-helpers.ts';

/** The writer over statements, grouped into briefings the way the integration gives them. */
const writeIndex = (statements: Statement[], outDir: string, opts: WriteIndexOptions): Promise<WriteIndexSummary> => writeBriefings(inputsOf(statements), outDir, opts);

type Turn = Pick<Statement, 'role' | 'speaker' | 'label' | 'text'> & { topic?: string; person?: string; position?: string };

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
    label: t.label,
    person: t.person ?? null,
    position: t.position ?? null,
    topic: t.topic ?? null,
    section: t.topic ? '記者との質疑応答' : null,
    text: t.text,
  }));
}

/** The principal, unlabelled; a reporter's bare label; the vice-minister's label with a name and a position. */
const minister = (text: string, topic?: string): Turn => ({ role: 'official', speaker: '中谷防衛大臣', label: null, person: '中谷 元', position: '防衛大臣', text, ...(topic ? { topic } : {}) });
const reporter = (text: string, topic?: string): Turn => ({ role: 'reporter', speaker: '記者', label: { text: '記者 :' }, text, ...(topic ? { topic } : {}) });
const vice = (text: string): Turn => ({ role: 'official', speaker: '本田防衛副大臣', label: { text: '【本田防衛副大臣】', name: '本田', position: '防衛副大臣' }, person: '本田防衛副大臣', position: '防衛副大臣', text });

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
    minister('現地に行ってまいりました。'),
    reporter('タカトリの件です。'),
    minister('高取の件です。'),
    minister('フォロアの件で、ノスタルジアを感じます。'),
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
  it('writes a fixed-name manifest, hash-named packs and facets under search/', () => {
    const root = path.join(dir, 'dist', 'search');
    const manifest = JSON.parse(readFileSync(path.join(root, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ format: FORMAT_VERSION, base: '/archive/', docs: STATEMENTS.length, briefings: 4 });
    expect(manifest.segments).toHaveLength(1);
    const files: string[] = [];
    for (const sub of readdirSync(root)) {
      if (statSync(path.join(root, sub)).isDirectory()) for (const f of readdirSync(path.join(root, sub))) files.push(`${sub}/${f}`);
    }
    expect(files.length).toBe(first.files - 1);
    for (const f of files) expect(f).toMatch(/^(p\/[A-Za-z0-9_-]{12}-[0-9a-z]+\.bin|f\/[A-Za-z0-9_-]{12}\.json)$/u);
    expect(first).toMatchObject({ statements: STATEMENTS.length, briefings: 4, changed: 4, unchanged: 0, analysed: 4, cached: 0, segments: 1 });
  });

  it('replaces an earlier index but leaves the site\'s own pages under search/ alone', async () => {
    const out = path.join(dir, 'replace');
    await writeIndex(STATEMENTS, out, { base: '/', cacheDir: path.join(dir, 'replace-cache') });
    writeFileSync(path.join(out, 'search', 'index.html'), '<h1>検索</h1>');
    mkdirSync(path.join(out, 'search', 'g'));
    await writeIndex(STATEMENTS.slice(0, 3), out, { base: '/', cacheDir: path.join(dir, 'replace-cache') });
    expect(readFileSync(path.join(out, 'search', 'index.html'), 'utf8')).toBe('<h1>検索</h1>');
    expect(readdirSync(path.join(out, 'search')).sort()).toEqual(['f', 'index.html', 'manifest.json', 'p']);
    expect((await openSearch(out).search('開発', { limit: 0 })).total).toBe(2);
  });

  it('an unchanged archive is neither read nor tokenized again; the output is the same', async () => {
    const calls = tokenizerStats.calls;
    const read: string[] = [];
    const inputs = inputsOf(STATEMENTS).map((b) => ({ ...b, statements: () => (read.push(b.slug), b.statements()) }));
    const again = await writeBriefings(inputs, path.join(dir, 'again'), { base: '/archive/', cacheDir });
    expect(again).toMatchObject({ changed: 0, unchanged: 4, analysed: 0, segments: 1, merged: 0 });
    expect(read).toEqual([]);
    expect(tokenizerStats.calls).toBe(calls);
    expect(readdirSync(path.join(dir, 'again', 'search', 'p')).sort()).toEqual(readdirSync(path.join(dir, 'dist', 'search', 'p')).sort());
  });

  it('writes the same index when postings spill to disk and when every block is tiny', async () => {
    await writeIndex(STATEMENTS, path.join(dir, 'spilled'), { base: '/archive/', cacheDir: path.join(dir, 'spill-cache'), spoolBytes: 64 });
    expect(readdirSync(path.join(dir, 'spilled', 'search', 'p')).sort()).toEqual(readdirSync(path.join(dir, 'dist', 'search', 'p')).sort());

    await writeIndex(STATEMENTS, path.join(dir, 'many'), {
      base: '/archive/',
      cacheDir: path.join(dir, 'many-cache'),
      blockBytes: { gram: 16, heavy: 64, words: 16, text: 16, speakers: 4, stats: 3 },
      packBytes: 1,
      directoryFanout: 4,
      directoryLookupBytes: 0,
    });
    const searchDir = path.join(dir, 'many', 'search');
    const segment = JSON.parse(readFileSync(path.join(searchDir, 'manifest.json'), 'utf8')).segments[0];
    const lists = decodeDirectory(segment.directory).lists;
    // A list of more than four blocks is nested: the manifest names directory blocks, which name the blocks.
    let blocks = 0;
    for (const l of lists) {
      let n = l.entries.length;
      if (l.nested) n = l.entries.reduce((k, e) => k + decodeDirectoryBlock(inflateSync(packSlice(readFileSync(path.join(searchDir, packPath(segment.id, e.pack))), e))).entries.length, 0);
      expect(l.nested, l.list).toBe(n > 4);
      blocks += n;
    }
    expect(lists.filter((l) => l.nested).map((l) => l.list)).toContain('gram');
    expect(blocks).toBeGreaterThan(50);
    const small = openSearch(path.join(dir, 'many'));
    for (const q of QUERIES) {
      expect((await small.search(q, { limit: 0 })).hits, q).toEqual((await engine.search(q, { limit: 0 })).hits);
    }
    for (const o of [{ speaker: '本田' }, { role: 'reporter' as const }, { kind: '臨時', from: '2025-08-01' }]) {
      expect((await small.search('', { limit: 0, ...o })).hits, JSON.stringify(o)).toEqual((await engine.search('', { limit: 0, ...o })).hits);
    }
  });
});

/** Queries whose answers an incremental index must give exactly as a cold one. */
const QUERIES = ['共有', 'きょうゆう', '報告する', '行う', '迎撃', '府', '"GCAP program"', '視察 -東京', '演習', '京都'];

describe('incremental index', () => {
  const changedText = (list: Statement[]) => list.map((s) => (s.briefing.endsWith('06-01-regular') ? { ...s, text: s.text + '共有を追記。' } : s));
  const added = briefing('2025/2025-10-01-new', '2025-10-01', '臨時', [minister('新たに京都で共有する演習を行いました。')]);

  it('a changed, a removed and an added briefing: one small segment, and the same answers as a cold build', async () => {
    const cache = path.join(dir, 'incr-cache');
    await writeIndex(STATEMENTS, path.join(dir, 'incr'), { base: '/archive/', cacheDir: cache });
    const steps: Statement[][] = [
      changedText(STATEMENTS),
      changedText(STATEMENTS).filter((s) => !s.briefing.endsWith('07-01-regular')),
      [...changedText(STATEMENTS).filter((s) => !s.briefing.endsWith('07-01-regular')), ...added],
    ];
    for (const [i, list] of steps.entries()) {
      const read: string[] = [];
      const inputs = inputsOf(list).map((b) => ({ ...b, statements: () => (read.push(b.slug), b.statements()) }));
      const summary = await writeBriefings(inputs, path.join(dir, 'incr'), { base: '/archive/', cacheDir: cache });
      const cold = path.join(dir, `cold${i}`);
      await writeIndex(list, cold, { base: '/archive/', cacheDir: path.join(dir, `cold-cache${i}`) });
      // Only new or changed briefings are read.
      expect(new Set(read).size, `step ${i}`).toBe(summary.changed);
      expect(summary.changed).toBeLessThanOrEqual(1);
      const incr = openSearch(path.join(dir, 'incr'));
      const fresh = openSearch(cold);
      for (const q of QUERIES) {
        const a = await incr.search(q, { limit: 0 });
        const b = await fresh.search(q, { limit: 0 });
        expect(a.hits.map((h) => h.url), `step ${i}: ${q}`).toEqual(b.hits.map((h) => h.url));
        expect(a.histogram).toEqual(b.histogram);
      }
      expect(await incr.facets()).toEqual(await fresh.facets());
    }
  });

  it('the merge policy keeps segments few however many builds add one briefing', async () => {
    const cache = path.join(dir, 'merge-cache');
    let list = STATEMENTS;
    let summary: WriteIndexSummary | undefined;
    for (let i = 0; i < 12; i++) {
      list = [...list, ...briefing(`2025/2025-11-${String(i + 1).padStart(2, '0')}-extra`, `2025-11-${String(i + 1).padStart(2, '0')}`, '定例', [minister(`追加${i}回目の共有です。`)])];
      // Tiny text blocks: briefings cut across blocks must come through merges whole.
      summary = await writeIndex(list, path.join(dir, 'merge'), { base: '/', cacheDir: cache, blockBytes: { text: 16 }, packBytes: 1 });
      expect(summary.segments).toBeLessThanOrEqual(3);
    }
    const e = openSearch(path.join(dir, 'merge'));
    expect((await e.search('追加', { limit: 0 })).total).toBe(12);
    expect((await e.search('共有', { limit: 3, sort: 'date' })).hits.map((h) => h.date)).toEqual(['2025-11-12', '2025-11-11', '2025-11-10']);
    expect((await e.search('共同訓練', { limit: 0 })).hits.map((h) => h.snippet.text)).toEqual(['共同訓練を行っております。']);
    const merged = (await e.search('', { from: '2025-08-01', to: '2025-08-01', limit: 0 })).hits;
    expect(merged.map((h) => h.turn)).toEqual(Array.from({ length: 16 }, (_, i) => `t${i + 1}`));
    // Each statement's speaker and label come through the merges' rewritten text blocks.
    const day = STATEMENTS.filter((s) => s.date === '2025-08-01');
    expect(merged.map((h) => [h.speaker, h.label])).toEqual(day.map((s) => [s.speaker, s.label]));
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

  it('a term typed in katakana is a written word, not a reading', async () => {
    expect(await find('ﾀｶﾄﾘ')).toEqual(['2025-08-01-regular/#t14']);
    expect(await find('タカトリ')).toEqual(['2025-08-01-regular/#t14']);
    expect(await find('たかとり')).toEqual(expect.arrayContaining(['2025-08-01-regular/#t14', '2025-08-01-regular/#t15']));
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

  it('a dictionary form finds inflected uses, and not a homograph of another verb', async () => {
    const hits = await find('行う');
    expect(hits).toEqual(expect.arrayContaining(['2025-08-01-regular/#t4', '2025-08-01-regular/#t5']));
    // 行く is another verb: 行く予定, and 行って (いって) まいりました.
    expect(hits).not.toContain('2025-08-01-regular/#t6');
    expect(hits).not.toContain('2025-08-01-regular/#t13');
    expect(await find('行く')).toEqual(expect.arrayContaining(['2025-08-01-regular/#t6', '2025-08-01-regular/#t13']));
    expect(await find('おこなう')).toEqual(expect.arrayContaining(['2025-08-01-regular/#t4', '2025-08-01-regular/#t5']));
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

  it('a word-final ー is optional where a word ends, never inside a longer word', async () => {
    expect(await find('サーバー')).toEqual(['2025-08-01-regular/#t10']);
    expect(await find('ﾌｫﾛｰ')).toEqual([]);
    expect(await find('ノスタルジー')).toEqual([]);
    expect(await find('フォロア')).toEqual(['2025-08-01-regular/#t16']);
  });

  it('topic headings are searchable (with the first turn of the topic)', async () => {
    const hits = await engine.search('次期戦闘機', { limit: 0 });
    expect(hits.hits.map((h) => h.turn).sort()).toEqual(['t2', 't3']);
    const t2 = hits.hits.find((h) => h.turn === 't2')!;
    expect(t2.snippet).toEqual({ text: 'GCAPと次期戦闘機', marks: [[5, 10]], partial: [], before: false, after: false });
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
    // Filters alone list the statements newest first, each briefing in transcript order.
    expect(await find('', { kind: '定例', from: '2025-07-01', to: '2025-07-01', limit: 3 })).toEqual(['2025-07-01-regular/#t1', '2025-07-01-regular/#t2', '2025-07-01-regular/#t3']);
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
    expect(r.hits[0]!.snippet).toEqual({ text: 'ＧＣＡＰの開発について伺います。', marks: [[0, 7]], partial: [], before: false, after: false });
    expect(r.hits[0]!.partial).toBe(false);
    expect(r.hits[0]!.order).toBe(1);
  });

  it("carry what the speaker's label says as data, and no label for the principal's unlabelled statements", async () => {
    const labels = async (q: string) => (await engine.search(q, { limit: 0 })).hits.map((h) => [h.speaker, h.label]);
    expect(await labels('サーバ')).toEqual([['本田防衛副大臣', { text: '【本田防衛副大臣】', name: '本田', position: '防衛副大臣' }]]);
    expect(await labels('ＧＣＡＰの開発')).toEqual([['記者', { text: '記者 :' }]]);
    expect(await labels('東京都の部隊')).toEqual([['中谷防衛大臣', null]]);
  });

  it('carry who speaks by the speaker rules, and the statement in full', async () => {
    const who = async (q: string) => (await engine.search(q, { limit: 0 })).hits.map((h) => [h.person, h.position]);
    expect(await who('サーバ')).toEqual([['本田防衛副大臣', '防衛副大臣']]);
    expect(await who('ＧＣＡＰの開発')).toEqual([[null, null]]);
    expect(await who('東京都の部隊')).toEqual([['中谷 元', '防衛大臣']]);
    expect((await engine.search('東京都の部隊')).hits[0]!.text).toBe('東京都の部隊を視察しました。');
  });

  it('one person however briefings space the name: one facet, found by the family name in both', async () => {
    const spelled = (slug: string, date: string, person: string) =>
      briefing(slug, date, '定例', [{ role: 'official', speaker: '大臣', label: { text: '大臣 :', position: '大臣' }, person, position: '防衛大臣', text: `${person}の答えです。` }]);
    const out = path.join(dir, 'spellings');
    await writeIndex([...spelled('2020/2020-01-01-a', '2020-01-01', '中谷元'), ...spelled('2021/2021-01-01-b', '2021-01-01', '中谷 元')], out, { base: '/', cacheDir: path.join(dir, 'spellings-cache') });
    const e = openSearch(out);
    expect((await e.facets()).people).toEqual([['中谷 元', ['防衛大臣'], 2]]);
    for (const speaker of ['中谷', '中谷元', '中谷 元', '防衛大臣']) expect((await e.search('', { speaker, limit: 0 })).total, speaker).toBe(2);
  });

  it('filter by a person or a post as the rules resolve them, whole words only', async () => {
    const count = async (speaker: string) => (await engine.search('', { speaker, limit: 0 })).total;
    const nakatani = await count('中谷 元');
    expect(nakatani).toBeGreaterThan(0);
    expect([await count('中谷元'), await count('中谷'), await count('防衛大臣'), await count('大臣')]).toEqual([nakatani, nakatani, nakatani, nakatani]);
    expect([await count('本田防衛副大臣'), await count('本田'), await count('副大臣')]).toEqual([3, 3, 3]);
    expect([await count('中'), await count('記者'), await count('外務大臣')]).toEqual([0, 0, 0]);
  });

  it('snippets are the text as written with match ranges: no HTML anywhere', async () => {
    const r = await engine.search('script');
    expect(r.hits[0]!.snippet).toEqual({ text: '<script>alert(1)</script> & "引用" について。', marks: [[1, 7], [18, 24]], partial: [], before: false, after: false });
    const long = await engine.search('順次実施');
    const s = long.hits[0]!.snippet;
    expect(s.text.slice(s.marks[0]![0], s.marks[0]![1])).toBe('順次実施');
    // A window of a long statement runs from a clause boundary to another, and says what it left out.
    const before = '防衛協力について議論し、'.repeat(30);
    const w = snippetOf(`${before}情報を共有する。${'今後も連携していく。'.repeat(30)}`, null, [[before.length + 3, before.length + 5, false]], []);
    expect(w).toMatchObject({ before: true, after: true });
    expect(w.text.slice(w.marks[0]![0], w.marks[0]![1])).toBe('共有');
    expect(w.text.startsWith('情報を共有する。')).toBe(true);
    expect(w.text.endsWith('。')).toBe(true);
    expect(w.text.length).toBeLessThanOrEqual(180);
  });

  it('count every matching statement per month, not just the page', async () => {
    const r = await engine.search('演習', { limit: 1 });
    expect(r.histogram).toEqual({ '2025-06': 1, '2025-07': 2 });
    expect((await engine.search('', { role: 'reporter', limit: 1 })).histogram).toEqual({ '2025-08': 4, '2025-09': 2 });
  });

  it('briefing scope: every term somewhere in one briefing; the hits are its statements matching a term', async () => {
    expect(await find('迎撃 視察')).toEqual([]);
    expect(await find('弾道弾 準備', { scope: 'briefing' })).toEqual(
      expect.arrayContaining(['2025-07-01-regular/#t3', '2025-07-01-regular/#t4', '2025-07-01-regular/#t6']),
    );
    expect(await find('弾道弾 準備', { scope: 'briefing' })).toHaveLength(3);
    expect(await find('京都府 ＧＣＡＰ', { scope: 'briefing' })).toEqual(expect.arrayContaining(['2025-08-01-regular/#t1', '2025-08-01-regular/#t11', '2025-08-01-regular/#t12']));
    expect(await find('京都府 ＧＣＡＰ')).toEqual([]);
    expect(await find('視察 GCAP', { scope: 'briefing' })).toHaveLength(5);
    // An excluded term excludes the briefings it occurs in (北朝鮮 is in the Seoul briefing).
    expect(await find('視察 GCAP -北朝鮮', { scope: 'briefing' })).toHaveLength(3);
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
      { text: '防衛', phrase: false, exclude: false, reading: false },
      { text: '日米韓', phrase: true, exclude: false, reading: false },
      { text: 'みさいる', phrase: false, exclude: true, reading: false },
      { text: 'a b', phrase: true, exclude: true, reading: false },
      { text: 'f35', phrase: false, exclude: false, reading: false },
    ]);
    expect(parseQuery('きょうゆう キョウユウ "きょうゆう"')).toEqual([
      { text: 'きょうゆう', phrase: false, exclude: false, reading: true },
      { text: 'きょうゆう', phrase: false, exclude: false, reading: false },
      { text: 'きょうゆう', phrase: true, exclude: false, reading: false },
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
    writeFileSync(m, readFileSync(m, 'utf8').replace(`"format":${FORMAT_VERSION}`, `"format":${FORMAT_VERSION - 1}`));
    await expect(openSearch(stale).search('防衛')).rejects.toMatchObject({ code: 'stale' });
  });
});

describe('engine lifetime and loaders', () => {
  it('keeps working when the site is rebuilt under an open engine (reads the new manifest)', async () => {
    const out = path.join(dir, 'rebuilt');
    const c = path.join(dir, 'rebuilt-cache');
    await writeIndex(STATEMENTS.slice(0, 5), out, { base: '/', cacheDir: c });
    const e = openSearch(out);
    expect((await e.manifest()).docs).toBe(5);
    // The Seoul briefing changed: its old segment is deleted whole and its packs are gone.
    await writeIndex(STATEMENTS.map((s) => (s.briefing.endsWith('seoul') ? { ...s, title: '改題' } : s)), out, { base: '/', cacheDir: c });
    // The old manifest names packs that are gone; the engine reads the new manifest and answers from it.
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
      // Who the speaker filter can name: the people the rules resolved (never a label's bare words), and the positions.
      const official = (person: string) => STATEMENTS.filter((s) => s.person === person).length;
      expect(facets.people).toEqual([
        ['中谷 元', ['防衛大臣'], official('中谷 元')],
        ['本田防衛副大臣', ['防衛副大臣'], official('本田防衛副大臣')],
      ]);
      expect(facets.positions).toEqual([['防衛大臣', official('中谷 元')], ['防衛副大臣', official('本田防衛副大臣')]]);
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});

describe('download size', () => {
  it('a first query fetches the manifest and a few packs, not the index', async () => {
    const counted = createSearch(fileLoader(path.join(dir, 'many', 'search')));
    const total = readdirSync(path.join(dir, 'many', 'search', 'p')).reduce((n, f) => n + statSync(path.join(dir, 'many', 'search', 'p', f)).size, 0);
    await counted.preload();
    const preloaded = counted.stats.files;
    expect(preloaded).toBeLessThanOrEqual(3);
    await counted.search('共有');
    expect(counted.stats.files).toBeLessThanOrEqual(preloaded + 6);
    expect(counted.stats.bytes).toBeLessThan(total / 2);
  });
});

/** Characters (clusters) for random statements: every fold, spaces and punctuation, no query syntax. */
const UNITS = [
  '防', '衛', '省', '共', '有', '京', '都', '府', '日', '韓', 'の', 'は', 'を', 'き', 'ょ', 'う', 'ゆ', 'ミ', 'サ', 'イ', 'ル',
  'ー', 'ｶﾞ', 'ﾐ', 'ｻ', 'Ａ', 'a', 'B', '1', '１', ' ', '\u3000', '\n', '、', '。', '・', '々', 'ヶ', 'か', 'カ', '～', '‐',
  '―', '&', '<', '㍻', 'ガ', 'が', '行', 'っ', 'た', '𠮷',
];

describe('property: every piece of a statement finds that statement (cut away from the context folds)', () => {
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
            await writeIndex(statements, out, { base: '/', cacheDir: path.join(root, `cache${run}`) });
            const e = openSearch(out);
            for (const [which, a, b] of pieces) {
              const units = texts[which % texts.length]!;
              const i = a % units.length;
              const j = i + 1 + (b % (units.length - i));
              // A cut next to what the normaliser's context folds look across may fold otherwise (三|か国).
              if (!safeCut(units, i) || !safeCut(units, j)) continue;
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
