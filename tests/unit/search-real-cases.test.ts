/**
 * The cases real transcripts showed (issue #21), each reproduced on invented statements: verb forms
 * kuromoji reads one way only, the spellings real text varies, part-of-word matches, compounds,
 * snippets that must not cut a word. Expected results are written out by hand.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTokenizer } from '../../src/japanese/tokenize.ts';
import type { SearchEngine, SearchHit } from '../../src/search/query/engine.ts';
import { openSearch } from '../../src/search/query/node.ts';
import { writeIndex } from '../../src/search/index/writer.ts';
import type { Statement } from '../../src/model/model.ts';
import { inputsOf } from './search-helpers.ts';

function briefing(slug: string, date: string, texts: Array<string | [Statement['role'], string]>): Statement[] {
  return texts.map((t, i) => {
    const [role, text] = typeof t === 'string' ? (['official', t] as const) : t;
    // The principal's unlabelled statements, and the lead.
    return { briefing: slug, turn: role === 'lead' ? 'lead' : `t${i}`, order: i, title: `${date} 架空の会見`, date, kind: '定例', role, speaker: role === 'lead' ? '' : '架空大臣', label: null, person: null, position: null, topic: null, section: null, text };
  });
}

const STATEMENTS: Statement[] = [
  ...briefing('2030/2030-01-10-a', '2030-01-10', [
    ['lead', '架空防衛大臣閣議後会見'],
    '警戒監視はしっかりと行っております。',
    '架空港の件についてお伺いします。',
    '我が国の平和を守り抜く決意です。',
    '架空島のイージス・アショアについて伺います。',
    '架空島のイージスアショア配備の件です。',
  ]),
  ...briefing('2030/2030-02-14-b', '2030-02-14', [
    '架空の3ヶ国で協議しました。',
    '三か国の連携を確認しました。',
    '累計は1,810名になります。',
    'その数は1810名でした。',
    '架空のPAC−3部隊を展開しました。',
    'ＰＡＣ３の配備について伺います。',
    '東京都の部隊を視察しました。',
    '京都府の部隊を視察しました。',
    '架空省の事務次官が出席しました。',
    '架空の中谷　元議員が出席しました。',
  ]),
  ...briefing('2030/2030-03-20-c', '2030-03-20', [
    ['lead', '架空防衛大臣閣議後会見'],
    '本日の閣議では、架空の防衛計画について報告がありました。閣議の後、関係閣僚と協議いたしました。',
    '防衛省といたしま',
    '防衛省として、架空島の部隊配置を見直し、防衛省の体制を強化してまいります。',
    '架空の課題に全力で取り組んでまいります。',
    '架空の取組を紹介しました。',
    '浜田大臣が出席しました。',
    '大臣はまだ到着しておりません。',
  ]),
];

let dir: string;
let engine: SearchEngine;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'search-cases-'));
  await writeIndex(inputsOf(STATEMENTS), path.join(dir, 'dist'), { base: '/', cacheDir: path.join(dir, 'cache') });
  engine = openSearch(path.join(dir, 'dist'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hits = async (q: string): Promise<SearchHit[]> => (await engine.search(q, { limit: 0 })).hits;
const texts = async (q: string): Promise<string[]> => (await hits(q)).map((h) => STATEMENTS.find((s) => s.briefing === h.briefing && s.turn === h.turn)!.text);

describe('forms kuromoji reads one way only', () => {
  it('行う finds 行っております (kuromoji: 行く)', async () => {
    expect(await texts('行う')).toEqual(['警戒監視はしっかりと行っております。']);
  });
  it('伺う finds お伺いします (伺い: a noun to the dictionary)', async () => {
    expect(await texts('伺う')).toEqual(expect.arrayContaining(['架空港の件についてお伺いします。']));
  });
  it('守る finds 守り抜く (one verb to the dictionary)', async () => {
    expect(await texts('守る')).toEqual(['我が国の平和を守り抜く決意です。']);
  });
});

describe('spellings real text varies', () => {
  it('・ inside a katakana word: イージスアショア finds イージス・アショア', async () => {
    expect((await texts('イージスアショア')).sort()).toEqual(['架空島のイージスアショア配備の件です。', '架空島のイージス・アショアについて伺います。'].sort());
  });
  it('counters: 三か国, 3ヶ国, ３カ国 are one spelling', async () => {
    const want = ['三か国の連携を確認しました。', '架空の3ヶ国で協議しました。'].sort();
    for (const q of ['三か国', '3ヶ国', '３カ国', '3ケ国']) expect((await texts(q)).sort(), q).toEqual(want);
  });
  it('digit-group commas: 1810名 finds 1,810名 and the other way round', async () => {
    const want = ['その数は1810名でした。', '累計は1,810名になります。'].sort();
    expect((await texts('1810名')).sort()).toEqual(want);
    expect((await texts('1,810名')).sort()).toEqual(want);
  });
  it('every dash: PAC3, PAC-3, ＰＡＣ－３ find PAC−3 (U+2212) and ＰＡＣ３', async () => {
    const want = ['架空のPAC−3部隊を展開しました。', 'ＰＡＣ３の配備について伺います。'].sort();
    for (const q of ['PAC3', 'PAC-3', 'ＰＡＣ－３', 'pac‐3']) expect((await texts(q)).sort(), q).toEqual(want);
  });
  it('a space between Japanese words: 中谷元 finds 中谷　元', async () => {
    expect(await texts('中谷元')).toEqual(['架空の中谷　元議員が出席しました。']);
  });
});

describe('whole words first; a part of another word shown as such', () => {
  it('京都: 京都府 first; 東京都 after it, flagged, its mark flagged', async () => {
    const h = await hits('京都');
    expect(h.map((x) => x.snippet.text)).toEqual(['京都府の部隊を視察しました。', '東京都の部隊を視察しました。']);
    expect(h.map((x) => x.partial)).toEqual([false, true]);
    expect(h[0]!.snippet.partial).toEqual([]);
    expect(h[1]!.snippet).toMatchObject({ marks: [[1, 3]], partial: [[1, 3]] });
  });
  it('a compound\'s parts are whole words: イージス in イージス・アショア, 次官 in 事務次官', async () => {
    const aegis = await hits('イージス');
    expect(aegis.map((x) => [x.snippet.text, x.partial])).toEqual([
      ['架空島のイージス・アショアについて伺います。', false],
      // Written without the ・, the compound is one unknown word to kuromoji: イージス is then a part of it.
      ['架空島のイージスアショア配備の件です。', true],
    ]);
    expect((await hits('次官')).map((x) => x.partial)).toEqual([false]);
  });
});

describe('ranking a reader trusts', () => {
  it('a boilerplate lead does not outrank a statement about the word', async () => {
    expect((await texts('閣議'))[0]).toBe('本日の閣議では、架空の防衛計画について報告がありました。閣議の後、関係閣僚と協議いたしました。');
  });
  it('a very short fragment does not outrank a substantive statement', async () => {
    const t = await texts('防衛省');
    expect(t[0]).toBe('防衛省として、架空島の部隊配置を見直し、防衛省の体制を強化してまいります。');
  });
  it('the verb itself before a form derived from another analysis (the noun 取組)', async () => {
    expect(await texts('取り組む')).toEqual(['架空の課題に全力で取り組んでまいります。', '架空の取組を紹介しました。']);
  });
  it('a reading typed in hiragana: the word read so, not its kana across two words (大臣は|まだ)', async () => {
    const h = await hits('はまだ');
    expect(h.map((x) => [x.snippet.text, x.partial])).toEqual([
      ['浜田大臣が出席しました。', false],
      ['大臣はまだ到着しておりません。', true],
    ]);
  });
});

/** Clauses to make statements of: invented, each ending where a snippet may end. */
const CLAUSES = [
  '本日は架空の演習場で部隊の視察を行いました、',
  '隊員の皆様が士気高く任務に当たっている様子を確認し、',
  '今後とも関係国との防衛協力を着実に進めてまいります。',
  '架空島の警戒監視については引き続き万全を期してまいります。',
  '災害派遣の要請を受けて給水支援を開始いたしました。',
  '記者会見の日程は改めてお知らせいたします。',
  '次期戦闘機の共同開発について各国と協議を重ねております、',
  '国際社会と連携しながら地域の平和と安定に貢献していきたいと考えております。',
  '情報共有の枠組みを一層強化することで一致いたしました。',
  '補給支援の実施状況について詳細を確認しているところでございます。',
  '防衛装備品の移転に関する運用指針を見直すことといたしました、',
  '訓練の安全確保に最大限の注意を払ってまいりたいと思います。',
];
const WORDS = ['演習', '視察', '隊員', '防衛協力', '警戒監視', '災害派遣', '給水支援', '記者会見', '次期戦闘機', '共同開発', '情報共有', '補給支援', '運用指針', '訓練', '平和', '安定', '確認'];

describe('snippets', () => {
  it('never start or end inside a word (kuromoji\'s token boundaries of the statement), over many generated statements', async () => {
    const tokenizer = await getTokenizer();
    const root = mkdtempSync(path.join(tmpdir(), 'search-snippets-'));
    let run = 0;
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.shuffledSubarray(CLAUSES, { minLength: 1 }), { minLength: 1, maxLength: 6 }), async (statements) => {
          const out = path.join(root, `run${run++}`);
          const list = briefing('2030/2030-03-01-gen', '2030-03-01', statements.map((c) => c.join('')));
          await writeIndex(inputsOf(list), out, { base: '/', cacheDir: path.join(root, 'cache') });
          const e = openSearch(out);
          for (const word of WORDS) {
            for (const h of (await e.search(word, { limit: 0 })).hits) {
              const text = list.find((s) => s.turn === h.turn)!.text;
              // Word boundaries of the statement as kuromoji cuts it, computed here on the text itself.
              const bounds = new Set([0]);
              let at = 0;
              for (const t of tokenizer.tokenize(text)) bounds.add((at += t.surface_form.length));
              const start = text.indexOf(h.snippet.text);
              expect(start, `${word}: ${h.snippet.text}`).toBeGreaterThanOrEqual(0);
              expect(bounds.has(start), `starts inside a word: ${h.snippet.text}`).toBe(true);
              expect(bounds.has(start + h.snippet.text.length), `ends inside a word: ${h.snippet.text}`).toBe(true);
              expect(h.snippet.before).toBe(start > 0);
              expect(h.snippet.after).toBe(start + h.snippet.text.length < text.length);
            }
          }
          rmSync(out, { recursive: true, force: true });
        }),
        { numRuns: 25 },
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
