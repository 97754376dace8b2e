/**
 * Operators in the typed query give the filter object of the form's fields and the CLI's flags, and
 * the same results from the engine; NEAR is a post-filter over the engine's match ranges.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isNear, keepNear, rangesOf, sentencesOf } from '../../src/search/query/near.ts';
import { parseOperators } from '../../src/search/query/operators.ts';
import { stateFromUrl, toOptions } from '../../src/client/search/state.ts';
import { writeIndex } from '../../src/search/index/writer.ts';
import type { SearchEngine } from '../../src/search/query/engine.ts';
import { matchTerm } from '../../src/search/query/matching.ts';
import { Postings } from '../../src/search/query/lists.ts';
import { planQuery, wholeSource } from '../../src/search/query/plan.ts';
import { statementAt } from '../../src/search/query/statements.ts';
import { openSearch } from '../../src/search/query/node.ts';
import { openIndex, type IndexView } from '../../src/search/query/segments.ts';
import { parseQuery } from '../../src/search/query/syntax.ts';
import { sessionFiles } from '../../src/search/query/loader.ts';
import { fileLoader } from '../../src/search/query/node.ts';
import type { Statement } from '../../src/model/model.ts';
import { inputsOf } from './search-helpers.ts';

/** The filters the search page sends for URL parameters (its fields), without paging. */
function formFilters(search: string) {
  const { limit: _l, offset: _o, ...rest } = toOptions(stateFromUrl(search), 0, 20);
  return rest;
}

describe('parseOperators', () => {
  it.each([
    ['speaker:中谷 防衛', '?q=防衛&speaker=中谷', '防衛'],
    ['防衛 speaker:"中谷 元"', '?q=防衛&speaker=中谷+元', '防衛'],
    ['role:reporter 防衛', '?q=防衛&role=reporter', '防衛'],
    ['role:記者 防衛', '?q=防衛&role=reporter', '防衛'],
    ['ROLE：会見者 防衛', '?q=防衛&role=official', '防衛'],
    ['role:司会', '?role=moderator', ''],
    ['kind:臨時 "日韓 会談"', '?q=%22日韓+会談%22&kind=臨時', '"日韓 会談"'],
    ['kind:teirei', '?kind=定例', ''],
    ['kind:定例記者会見', '?kind=定例', ''],
    ['from:2025-04-01 to:2025-09-30 -演習 訓練', '?q=-演習+訓練&from=2025-04-01&to=2025-09-30', '-演習 訓練'],
    ['year:2024 訓練', '?q=訓練&from=2024-01-01&to=2024-12-31', '訓練'],
    ['ｓｐｅａｋｅｒ：本田', '?speaker=本田', ''],
  ])('%s gives the filters of %s', (typed, url, query) => {
    const parsed = parseOperators(typed);
    expect(parsed.errors).toEqual([]);
    expect(parsed.filters).toEqual(formFilters(url));
    expect(parsed.query).toBe(query);
  });

  it('year: narrows from: and to: rather than replacing them', () => {
    expect(parseOperators('year:2025 from:2025-06-01').filters).toEqual({ from: '2025-06-01', to: '2025-12-31' });
    expect(parseOperators('from:2024-06-01 year:2025').filters).toEqual({ from: '2025-01-01', to: '2025-12-31' });
  });

  it('takes several role: operators as any of them', () => {
    expect(parseOperators('role:記者 role:moderator').filters).toEqual({ role: ['reporter', 'moderator'] });
  });

  it('leaves a word with a colon that is not an operator in the query', () => {
    expect(parseOperators('10:13 F-35:配備 http://example.org')).toMatchObject({ query: '10:13 F-35:配備 http://example.org', filters: {}, errors: [] });
  });

  it.each([
    ['from:2025-02-30', 'date'],
    ['to:2025/09/30', 'date'],
    ['year:25', 'year'],
    ['role:大臣', 'role'],
    ['speaker:', 'empty'],
    ['speaker:中谷 speaker:本田', 'repeat'],
    ['-kind:定例', 'exclude'],
    ['from:2025-09-01 to:2025-01-01', 'range'],
    ['NEAR 発射', 'near'],
    ['ミサイル NEAR -発射', 'near'],
  ])('%s is an error as data (%s), never a throw', (typed, code) => {
    const parsed = parseOperators(typed);
    expect(parsed.errors.map((e) => e.code)).toEqual([code]);
    expect(parsed.errors[0]!.message).toContain(parsed.errors[0]!.token.split(' ')[0]);
    expect(parsed.errors[0]!.messageJa.length).toBeGreaterThan(0);
  });

  it('drops a filter that is wrong and keeps the others', () => {
    expect(parseOperators('from:2025-13-01 kind:臨時 防衛')).toMatchObject({ filters: { kind: '臨時' }, query: '防衛' });
  });

  it('reads A NEAR B as a pair of the query syntax\'s terms, both kept in the query', () => {
    const p = parseOperators('ミサイル NEAR "発射 実験" NEAR 北朝鮮 role:official');
    expect(p.query).toBe('ミサイル "発射 実験" 北朝鮮');
    expect(p.near.map((n) => [n.a.text, n.b.text])).toEqual([
      // The normaliser drops the space between two Japanese words, in a phrase too.
      ['みさいる', '発射実験'],
      ['発射実験', '北朝鮮'],
    ]);
    expect(parseOperators('ミサイル near 発射').near).toEqual([]);
  });

  it('never throws, and a query without operators is left to the query syntax as it was', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'ab 語:：-"”NEARrolespk2025-'.split('')) }), (s) => {
        const p = parseOperators(s);
        if (!/[:：]|NEAR/u.test(s)) expect(parseQuery(p.query)).toEqual(parseQuery(s));
      }),
    );
  });
});

const statement = (briefing: string, date: string, kind: string, turn: number, role: Statement['role'], speaker: string, text: string): Statement => ({
  briefing,
  turn: `t${turn}`,
  order: turn - 1,
  title: `${date} 会見`,
  date,
  kind,
  role,
  speaker,
  label: null,
  // Officials by the speaker rules: the person and position their label names.
  person: role === 'official' ? speaker.replace(/防衛.*$/u, '') : null,
  position: role === 'official' ? speaker.replace(/^.*?(?=防衛)/u, '') : null,
  topic: null,
  section: null,
  text,
});

const STATEMENTS: Statement[] = [
  statement('2025/a', '2025-09-08', '臨時', 1, 'official', '中谷防衛大臣', 'ミサイルの発射を確認しました。'),
  statement('2025/a', '2025-09-08', '臨時', 2, 'reporter', '記者', 'ミサイルについて伺います。今回の件について政府としての受け止めと今後の対応をお聞かせください。発射の時刻は。'),
  statement('2024/b', '2024-05-01', '定例', 1, 'official', '本田防衛副大臣', 'ミサイル防衛の体制について、関係各国と緊密に連携しながら、あらゆる事態に備えて警戒監視と情報収集を続けており、発射の兆候を注視しております。'),
  statement('2024/b', '2024-05-01', '定例', 2, 'moderator', '司会', '以上で会見を終わります。ミサイル'),
];

let dir: string;
let engine: SearchEngine;
let view: IndexView;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'query-operators-'));
  await writeIndex(inputsOf(STATEMENTS), path.join(dir, 'dist'), { base: '/', cacheDir: path.join(dir, 'cache') });
  engine = openSearch(path.join(dir, 'dist'));
  view = await openIndex(sessionFiles(fileLoader(path.join(dir, 'dist', 'search')), { files: 0, requests: 0, bytes: 0 }));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('operators against the engine', () => {
  it.each([
    ['ミサイル role:記者', 'ミサイル', { role: 'reporter' as const }],
    ['ミサイル speaker:本田', 'ミサイル', { speaker: '本田' }],
    ['ミサイル kind:定例', 'ミサイル', { kind: '定例' }],
    ['ミサイル year:2025', 'ミサイル', { from: '2025-01-01', to: '2025-12-31' }],
    ['ミサイル from:2024-05-01 to:2024-05-01', 'ミサイル', { from: '2024-05-01', to: '2024-05-01' }],
  ])('%s finds what the query with its flags finds', async (typed, query, flags) => {
    const byOperators = await engine.search(typed, { limit: 0 });
    const byFlags = await engine.search(query, { ...flags, limit: 0 });
    expect(byOperators.hits.map((h) => h.url)).toEqual(byFlags.hits.map((h) => h.url));
    expect(byOperators.histogram).toEqual(byFlags.histogram);
    expect(byOperators.total).toBeGreaterThan(0);
    expect(byOperators.total).toBeLessThan(STATEMENTS.length);
    expect(byOperators.operators.errors).toEqual([]);
  });

  it('an operator wins over the option of the same name; the other options still hold', async () => {
    const both = await engine.search('ミサイル kind:定例', { kind: '臨時', role: 'official', limit: 0 });
    const alone = await engine.search('ミサイル', { kind: '定例', role: 'official', limit: 0 });
    expect(both.hits.map((h) => h.url)).toEqual(alone.hits.map((h) => h.url));
    expect(both.hits.map((h) => h.url)).toEqual(['/briefings/2024/b/#t1']);
    expect(both.operators.filters).toEqual({ kind: '定例' });
  });

  it('filters alone, typed, list what the flags list', async () => {
    const typed = await engine.search('role:司会', { limit: 0 });
    expect(typed.hits.map((h) => h.url)).toEqual((await engine.search('', { role: 'moderator', limit: 0 })).hits.map((h) => h.url));
    expect(typed.total).toBe(1);
  });

  it('a wrong operator is reported and left out; the rest of the query runs', async () => {
    const r = await engine.search('ミサイル from:2025-02-30 kind:臨時', { limit: 0 });
    expect(r.operators.errors.map((e) => e.code)).toEqual(['date']);
    expect(r.hits.map((h) => h.url)).toEqual((await engine.search('ミサイル', { kind: '臨時', limit: 0 })).hits.map((h) => h.url));
  });
});

describe('NEAR over the engine\'s match ranges', () => {
  it('keeps statements with both terms in one sentence or within 30 characters', async () => {
    const { near, query } = parseOperators('ミサイル NEAR 発射');
    const [a, b] = parseQuery(query);
    const postings = new Postings(view);
    const plan = await planQuery(postings, [a!, b!], view.manifest.docs);
    const source = await wholeSource(postings, plan);
    const [ma, mb] = plan.positive.map((t) => matchTerm(t.alternatives, source)) as [ReturnType<typeof matchTerm>, ReturnType<typeof matchTerm>];
    expect(near).toHaveLength(1);
    const kept: string[] = [];
    for (const doc of [...ma.keys()].filter((d) => mb.has(d))) {
      const { text } = await statementAt(view, doc);
      const s = sentencesOf(text);
      if (isNear(s, rangesOf(a!, ma.get(doc), s), rangesOf(b!, mb.get(doc), s))) kept.push(text);
    }
    // Not the reporter's question: ミサイル and 発射 are in two sentences, 40 characters apart. The
    // vice-minister's one long sentence has them 60 characters apart.
    expect(kept.sort()).toEqual([STATEMENTS[0]!.text, STATEMENTS[2]!.text].sort());
  });

  it('is what the engine gives for A NEAR B, before paging and in the total', async () => {
    const r = await engine.search('ミサイル NEAR 発射', { limit: 1 });
    expect(r.total).toBe(2);
    const all = await engine.search('ミサイル NEAR 発射', { limit: 0, sort: 'date' });
    expect(all.hits.map((h) => h.text)).toEqual([STATEMENTS[0]!.text, STATEMENTS[2]!.text]);
    // Without NEAR both words are in three statements.
    expect((await engine.search('ミサイル 発射', { limit: 0 })).total).toBe(3);
  });

  it('takes a single character, whose positions the index does not keep, from the text', async () => {
    const r = await engine.search('府 NEAR 対応', { limit: 0 });
    expect(r.hits.map((h) => h.url)).toEqual(['/briefings/2025/a/#t2']);
    // 伺 and 時刻 are in the reporter's question, in two sentences 40 characters apart.
    expect((await engine.search('伺 時刻', { limit: 0 })).total).toBe(1);
    expect((await engine.search('伺 NEAR 時刻', { limit: 0 })).total).toBe(0);
  });

  it('is a pure function of the ranges and the sentences', () => {
    const s = sentencesOf('第一文です。\n次の段落で、ミサイルが……' + 'あ'.repeat(40) + '発射');
    const at = (w: string): [number, number][] => [[s.text.indexOf(w), s.text.indexOf(w) + w.length]];
    expect(isNear(s, at('第一文'), at('です'))).toBe(true);
    expect(isNear(s, at('みさいる'), at('発射'))).toBe(true);
    expect(isNear(s, at('みさいる'), at('発射'), 10)).toBe(true);
    expect(isNear(s, at('第一文'), at('発射'))).toBe(false);
    const paragraphs = sentencesOf('ミサイル\n発射');
    expect(paragraphs.sentence[0]).not.toBe(paragraphs.sentence[paragraphs.text.length - 1]);
  });
});

describe('NEAR and the topic heading indexed after a statement', () => {
  const TOPIC: Statement[] = [
    // ミサイル ends the text; 発射 is only in the heading, right after it by the index's positions.
    { ...statement('2025/h', '2025-09-10', '定例', 1, 'official', '中谷防衛大臣', '関係国と連携し警戒監視に当たってまいります。以上がミサイル'), topic: '発射への対応' },
    { ...statement('2025/h', '2025-09-10', '定例', 2, 'official', '中谷防衛大臣', 'ミサイルの発射を確認しました。'), topic: '発射への対応' },
  ];
  let topicDir: string;
  let topicEngine: SearchEngine;
  beforeAll(async () => {
    topicDir = mkdtempSync(path.join(tmpdir(), 'near-heading-'));
    await writeIndex(inputsOf(TOPIC), path.join(topicDir, 'dist'), { base: '/', cacheDir: path.join(topicDir, 'cache') });
    topicEngine = openSearch(path.join(topicDir, 'dist'));
  });
  afterAll(() => rmSync(topicDir, { recursive: true, force: true }));

  it('a word of the heading is searchable with the statement, but never near a word of its text', async () => {
    expect((await topicEngine.search('ミサイル 発射', { limit: 0 })).hits.map((h) => h.turn).sort()).toEqual(['t1', 't2']);
    expect((await topicEngine.search('ミサイル NEAR 発射', { limit: 0 })).hits.map((h) => h.turn)).toEqual(['t2']);
  });

  it('keeps a pair close by its positions without reading the text when no heading follows it', async () => {
    const match = (at: number, len: number) => ({ stat: 0, spans: new Map([[at, [len, 0]]]) }) as unknown as Parameters<typeof rangesOf>[1];
    const [a, b] = parseQuery('ミサイル 発射');
    const sides = [{ a: a!, b: b!, aMatches: new Map([[0, match(0, 4)], [1, match(0, 4)]]), bMatches: new Map([[0, match(5, 2)], [1, match(5, 2)]]) }];
    const read: string[] = [];
    const reader = {
      text: async (d: number) => (read.push(`text ${d}`), 'ミサイルの発射を確認しました。'),
      headingIndexed: async (d: number) => (read.push(`heading ${d}`), d === 1),
    };
    expect(await keepNear([0, 1], sides as never, reader)).toEqual([0, 1]);
    // Statement 0: the text block's flag only; statement 1 (a heading follows it): its text too.
    expect(read.sort()).toEqual(['heading 0', 'heading 1', 'text 1']);
  });
});
