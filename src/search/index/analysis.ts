/**
 * What the index keeps from kuromoji's analysis of a statement (build time only).
 *
 * The browser has no dictionary, so everything a query needs from the morphology is decided here and
 * written down:
 * - word boundaries, as flags on the bigram postings (ranking: a whole-word match of 京都 in 京都府
 *   beats the substring in 東京都; and a reading expansion only counts as a whole word);
 * - expansions, keyed by what a reader types:
 *   * reading → written words (`きょうゆう` → 共有, `なかたに` → 中谷, compounds `ぼうえいしょう` → 防衛省),
 *     matched as whole words only, so `きょうゆう` never matches a page that merely says きょう;
 *   * dictionary form → the words kuromoji analysed as that dictionary form, as positions (lemma
 *     postings): `行う` finds 行いました and 行っております (read オコナッ), not 行ってまいりました (read イッ,
 *     行く). Keying by kuromoji's analysis rather than by stems keeps homographs apart (the stem 行っ is
 *     both 行う and 行く; 思い is also a noun).
 */
import { foldKana, hasKanji } from '../../japanese/normalize.ts';
import type { Morpheme } from '../../japanese/tokenize.ts';

/** Bump when the derivation below changes: cached analyses written under another version are redone. */
export const ANALYSIS_VERSION = 2;

function toHiragana(katakana: string): string {
  return foldKana(katakana);
}

/**
 * The reading of a conjugated word's dictionary form, from the reading of the inflected surface:
 * 行い/オコナイ → おこなう. Null when the surface's kana ending does not show in its reading.
 */
function baseReading(m: Morpheme): string | null {
  if (!m.reading) return null;
  const surface = foldKana(m.surface);
  const reading = toHiragana(m.reading);
  let k = 0;
  while (k < surface.length && k < reading.length && !hasKanji(surface[surface.length - 1 - k]!) && surface[surface.length - 1 - k] === reading[reading.length - 1 - k]) k++;
  const kanjiPart = surface.length - k;
  if (kanjiPart === 0) return null;
  // The dictionary form shares the kanji part with the surface; its own kana ending follows.
  const base = foldKana(m.base);
  let shared = 0;
  while (shared < kanjiPart && shared < base.length && surface[shared] === base[shared]) shared++;
  if (shared < kanjiPart) return null;
  return reading.slice(0, reading.length - k) + base.slice(kanjiPart);
}

/** A part of a compound whose reading is worth recording: a kanji noun (防衛, 装備, 庁), not a number or pronoun. */
function isCompoundNoun(m: Morpheme): boolean {
  return m.pos === '名詞' && m.posDetail !== '非自立' && m.posDetail !== '代名詞' && m.posDetail !== '数' && m.reading !== null && hasKanji(m.surface);
}

/** Longest run of nouns recorded as one reading (防衛 + 装備 + 庁): longer runs are rare queries. */
const MAX_COMPOUND = 3;

/** A reading of a written word: [key (hiragana reading), surface], both in search form. */
export type ReadingEntry = [string, string];
/** A word whose dictionary form (or its reading) is the key: [key, start, length] in the analysed text. */
export type LemmaEntry = [string, number, number];

/** Readings worth recording: of kanji words, and of runs of up to MAX_COMPOUND kanji nouns (防衛 + 省). */
export function readingsOf(morphemes: Morpheme[]): ReadingEntry[] {
  const out: ReadingEntry[] = [];
  const add = (key: string, surface: string): void => {
    if (key.length >= 2 && surface.length >= 2 && key !== surface) out.push([key, surface]);
  };
  for (let i = 0; i < morphemes.length; i++) {
    const m = morphemes[i]!;
    const surface = foldKana(m.surface);
    if (m.reading && hasKanji(m.surface)) add(toHiragana(m.reading), surface);
    if (isCompoundNoun(m)) {
      let reading = toHiragana(m.reading!);
      let text = surface;
      for (let j = i + 1; j < morphemes.length && j < i + MAX_COMPOUND; j++) {
        const n = morphemes[j]!;
        if (!isCompoundNoun(n) || n.start !== morphemes[j - 1]!.end) break;
        reading += toHiragana(n.reading!);
        text += foldKana(n.surface);
        add(reading, text);
      }
    }
  }
  return out;
}

/**
 * Conjugated words under their dictionary form and its reading: 行い (行う, おこなう) is recorded under
 * 行う and おこなう, 行っ read イッ (行く) under 行く and いく, so the homographs stay apart. Only
 * independent verbs and adjectives written with kanji: kana-only ones (なる, おる, いただく) are function
 * words. A サ変 noun and the する after it count as one word (報告 + さ(せて) under 報告する).
 */
export function lemmasOf(morphemes: Morpheme[]): LemmaEntry[] {
  const out: LemmaEntry[] = [];
  const add = (key: string, start: number, end: number): void => {
    if (key.length >= 2) out.push([key, start, end - start]);
  };
  for (let i = 0; i < morphemes.length; i++) {
    const m = morphemes[i]!;
    if ((m.pos === '動詞' || m.pos === '形容詞') && m.posDetail === '自立' && m.conjugation && hasKanji(m.base)) {
      add(foldKana(m.base), m.start, m.end);
      const reading = baseReading(m);
      if (reading) add(reading, m.start, m.end);
    }
    const next = morphemes[i + 1];
    if (m.pos === '名詞' && m.posDetail === 'サ変接続' && hasKanji(m.surface) && next && next.pos === '動詞' && next.base === 'する' && next.start === m.end) {
      add(foldKana(m.surface) + 'する', m.start, next.end);
      if (m.reading) add(toHiragana(m.reading) + 'する', m.start, next.end);
    }
  }
  return out;
}

/** Word starts of an analysed text, plus its end: the offsets a whole-word match begins or ends at. */
export function boundariesOf(morphemes: Morpheme[], length: number): number[] {
  const b: number[] = [];
  for (const m of morphemes) if (m.start < m.end) b.push(m.start);
  if (b[0] !== 0) b.unshift(0);
  if (b[b.length - 1] !== length) b.push(length);
  return b;
}
