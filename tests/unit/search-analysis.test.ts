/**
 * What the index records from kuromoji where its single analysis is unsure, on invented sentences:
 * every dictionary form a word can have (lemmasOf), and the word boundaries inside compounds
 * (boundariesOf). Expected keys are written out by hand.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeForAnalysis } from '../../src/japanese/normalize.ts';
import { analyzeNormalized, getDictionary, loadSharedDictionary } from '../../src/japanese/tokenize.ts';
import { AnalysisPool, analyseBriefing } from '../../src/search/index/analyse.ts';
import { boundariesOf, lemmasOf } from '../../src/search/index/analysis.ts';

/** The lemma keys recorded for `text`, with the piece of text each covers. */
async function lemmas(text: string): Promise<Map<string, string[]>> {
  const norm = normalizeForAnalysis(text).text;
  const out = new Map<string, string[]>();
  for (const [key, start, length] of lemmasOf(await analyzeNormalized(norm), await getDictionary())) {
    out.set(key, [...(out.get(key) ?? []), norm.slice(start, start + length)]);
  }
  return out;
}

async function boundaries(text: string): Promise<{ norm: string; at: number[] }> {
  const n = normalizeForAnalysis(text);
  return { norm: n.text, at: boundariesOf(await analyzeNormalized(n.text), n.text.length, n.breaks, await getDictionary()) };
}

describe('every dictionary form where kuromoji is unsure', () => {
  it('行っ with no particle before it is 行う and 行く (kuromoji reads it 行く)', async () => {
    const l = await lemmas('警戒監視はしっかりと行っております。');
    expect(l.get('行う')).toEqual(['行っ']);
    expect(l.get('おこなう')).toEqual(['行っ']);
    expect(l.get('行く')).toEqual(['行っ']);
  });

  it('after を it is 行う only: kuromoji is sure there', async () => {
    const l = await lemmas('架空の演習を行ってまいりました。');
    expect(l.get('行う')).toEqual(['行っ']);
    expect(l.has('行く')).toBe(false);
  });

  it('a noun that is a verb\'s 連用形 is the verb too: お伺いします → 伺う', async () => {
    const l = await lemmas('架空の件についてお伺いします。');
    expect(l.get('伺う')).toEqual(['伺い']);
    expect(l.get('うかがう')).toEqual(['伺い']);
  });

  it('a compound verb is also its first verb: 守り抜く → 守る, 取り組む → 取る, 申し上げる → 申す', async () => {
    const l = await lemmas('架空の島を守り抜く。課題に取り組んでいく。お礼を申し上げます。');
    expect(l.get('守り抜く')).toEqual(['守り抜く']);
    expect(l.get('守る')).toEqual(['守り抜く']);
    expect(l.get('まもる')).toEqual(['守り抜く']);
    expect(l.get('取り組む')).toEqual(['取り組ん']);
    expect(l.get('取る')).toEqual(['取り組ん']);
    expect(l.get('申し上げる')).toEqual(['申し上げ']);
    expect(l.get('申す')).toEqual(['申し上げ']);
  });

  it('a noun written without its okurigana is the verb spelled with it: 取組 → 取り組む, 受入れ → 受け入れる → 受ける', async () => {
    const l = await lemmas('架空の取組を紹介し、留学生の受入れを進める。');
    expect(l.get('取り組む')).toEqual(['取組']);
    expect(l.get('とりくむ')).toEqual(['取組']);
    expect(l.get('受け入れる')).toEqual(['受入れ']);
    expect(l.get('受ける')).toEqual(['受入れ']);
  });

  it('no verb read into a word that is not one: 出来る is not 出る, 話 is no verb', async () => {
    const l = await lemmas('対応が出来る。架空の話です。');
    expect(l.has('出る')).toBe(false);
    expect(l.has('話す')).toBe(false);
  });
});

describe('word boundaries inside compounds', () => {
  it('a noun kuromoji keeps whole that the dictionary spells as two: 事務次官 → 事務 | 次官', async () => {
    const { norm, at } = await boundaries('架空の事務次官会議。');
    expect(at).toContain(norm.indexOf('次官'));
  });

  it('a ・ between katakana words is dropped and is still a boundary', async () => {
    const { norm, at } = await boundaries('架空のフリーダム・エッジ訓練。');
    expect(norm).toContain('フリーダムエッジ');
    expect(at).toContain(norm.indexOf('エッジ'));
  });

  it('a ・ left in the text (before Latin letters) is a boundary on both sides, though kuromoji groups it with the katakana', async () => {
    const { norm, at } = await boundaries('架空のランド・ダイアログ・LFDに参加。');
    expect(norm).toContain('ランドダイアログ・lfd');
    const end = norm.indexOf('・lfd');
    expect(at).toEqual(expect.arrayContaining([norm.indexOf('ダイアログ'), end, end + 1]));
  });

  it('but 東京都 is 東京 | 都: no boundary before 京都, and a name is not split (小野寺)', async () => {
    const tokyo = await boundaries('東京都の部隊。');
    expect(tokyo.at).not.toContain(1);
    expect(tokyo.at).toContain(2);
    const ono = await boundaries('小野寺大臣です。');
    expect(ono.at).not.toContain(2);
  });
});

describe('the tokenizer threads share one dictionary', () => {
  it('loads each dictionary file once into shared memory, whole, and threads analyse on it as this thread does with its own', async () => {
    const dictionary = await loadSharedDictionary();
    const { gunzipSync } = await import('node:zlib');
    const { readFileSync } = await import('node:fs');
    const dir = path.join(path.dirname(createRequire(import.meta.url).resolve('@patdx/kuromoji')), '..', 'dict');
    for (const [file, buffer] of Object.entries(dictionary)) {
      expect(buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(Buffer.from(buffer).equals(gunzipSync(readFileSync(path.join(dir, file)))), file).toBe(true);
    }
    const texts = ['警戒監視はしっかりと行っております。', '日米韓の情報共有について伺います。', '次期戦闘機の共同開発を進めてまいります。', 'お伺いします。'];
    const parts = texts.map((t) => ({ body: normalizeForAnalysis(t).text, bodyBreaks: normalizeForAnalysis(t).breaks ?? [], heading: null, headingBreaks: [] }));
    const pool = new AnalysisPool(100, 2);
    try {
      const inThreads = await Promise.all(parts.map((p) => pool.analyse([p])));
      const here = await Promise.all(parts.map((p) => analyseBriefing([p])));
      expect(inThreads).toEqual(here);
    } finally {
      await pool.close();
    }
  });

  it('a briefing too big for a thread\'s heap is analysed on the calling thread instead: the same analysis', async () => {
    const parts = ['日米韓の情報共有について伺います。', '防衛装備の移転を進めてまいります。'].map((t) => ({ body: normalizeForAnalysis(t).text, bodyBreaks: normalizeForAnalysis(t).breaks ?? [], heading: null, headingBreaks: [] }));
    // 16 MB: kuromoji's tables alone do not fit, so every thread runs out of memory.
    const pool = new AnalysisPool(100, 1, 16);
    try {
      expect(await Promise.all(parts.map((p) => pool.analyse([p])))).toEqual(await Promise.all(parts.map((p) => analyseBriefing([p]))));
      expect(pool.outOfMemory).toBe(2);
    } finally {
      await pool.close();
    }
  });
});
