/**
 * What the index keeps from kuromoji's analysis of a statement (build time only).
 *
 * The browser has no dictionary, so everything a query needs from the morphology is decided here and
 * written down:
 * - word boundaries, as flags on the bigram postings (ranking: a whole-word match of 京都 in 京都府
 *   beats the substring in 東京都; and a reading/inflection expansion only counts on word edges);
 * - expansions, keyed by what a reader types:
 *   * reading → written words (`きょうゆう` → 共有, `なかたに` → 中谷, compounds `ぼうえいしょう` → 防衛省),
 *     matched as whole words only, so `きょうゆう` never matches a page that merely says きょう;
 *   * dictionary form → inflected stems (`行う` → 行わ 行い 行っ 行え 行お, `報告する` → 報告し 報告さ 報告す
 *     報告せ), matched at word starts. The stems come from the conjugation type, not only from what the
 *     corpus happened to contain, because kuromoji reads 行っております as 行く.
 */
import { foldKana, hasKanji } from '../japanese/normalize.ts';
import type { Morpheme } from '../japanese/tokenize.ts';

/** Bump when the derivation below changes: cached analyses written under another version are redone. */
export const ANALYSIS_VERSION = 1;

/** Expansion entries of one text: [key, surface, kind], kind 0 = reading (whole word), 1 = inflection (word start). */
export type ExpansionEntry = [string, string, 0 | 1];

/** Stems a 五段 verb takes before its endings (未然, 連用, 終止, 仮定, 意志, 音便), by conjugation row. */
const GODAN: Record<string, string[]> = {
  カ行イ音便: ['か', 'き', 'く', 'け', 'こ', 'い'],
  カ行促音便: ['か', 'き', 'く', 'け', 'こ', 'っ'],
  カ行促音便ユク: ['か', 'き', 'く', 'け', 'こ', 'っ'],
  ガ行: ['が', 'ぎ', 'ぐ', 'げ', 'ご', 'い'],
  サ行: ['さ', 'し', 'す', 'せ', 'そ'],
  タ行: ['た', 'ち', 'つ', 'て', 'と', 'っ'],
  ナ行: ['な', 'に', 'ぬ', 'ね', 'の', 'ん'],
  バ行: ['ば', 'び', 'ぶ', 'べ', 'ぼ', 'ん'],
  マ行: ['ま', 'み', 'む', 'め', 'も', 'ん'],
  ラ行: ['ら', 'り', 'る', 'れ', 'ろ', 'っ'],
  ラ行特殊: ['ら', 'り', 'る', 'れ', 'ろ', 'っ', 'い'],
  ラ行アル: ['ら', 'り', 'る', 'れ', 'ろ', 'っ'],
  ワ行促音便: ['わ', 'い', 'う', 'え', 'お', 'っ'],
  ワ行ウ音便: ['わ', 'い', 'う', 'え', 'お', 'う'],
};

/**
 * A one-kanji stem (見る, 出る, 来る, 高い) alone would be a single character, which the index keeps
 * without positions; so it is extended by the first character of what usually follows it.
 */
const ICHIDAN_NEXT = ['る', 'れ', 'ろ', 'よ', 'ま', 'た', 'て', 'な', 'ず', 'さ', 'ら', 'ん', 'せ'];
const KAHEN_NEXT = ['る', 'れ', 'い', 'た', 'て', 'ま', 'な', 'ず', 'よ', 'さ', 'ら'];
const ADJECTIVE_NEXT = ['い', 'く', 'か', 'け', 'さ', 'き', 'う', 'そ', 'み', 'げ'];
const SURU_STEMS = ['し', 'さ', 'す', 'せ'];

/**
 * The stems that every inflected form of `base` starts with (stage-A text, before kana folding).
 * Empty when the conjugation type is not one we know.
 */
export function inflectionStems(base: string, conjugation: string): string[] {
  const stemOrNext = (stem: string, next: string[]): string[] => (stem.length >= 2 ? [stem] : next.map((c) => stem + c));
  if (conjugation.startsWith('五段・')) {
    const row = GODAN[conjugation.slice(3)];
    if (!row) return [];
    const stem = base.slice(0, -1);
    return row.map((c) => stem + c);
  }
  if (conjugation.startsWith('一段')) {
    if (!base.endsWith('る')) return [];
    return stemOrNext(base.slice(0, -1), ICHIDAN_NEXT);
  }
  if (conjugation.startsWith('カ変')) {
    if (base === '来る') return KAHEN_NEXT.map((c) => '来' + c);
    return [];
  }
  if (conjugation === 'サ変・−スル' || conjugation === 'サ変・-スル') {
    if (!base.endsWith('する')) return [];
    return SURU_STEMS.map((c) => base.slice(0, -2) + c);
  }
  if (conjugation === 'サ変・−ズル' || conjugation === 'サ変・-ズル') {
    if (!base.endsWith('ずる')) return [];
    return ['じ', 'ず', 'ぜ'].map((c) => base.slice(0, -2) + c);
  }
  if (conjugation.startsWith('形容詞')) {
    if (!base.endsWith('い')) return [];
    return stemOrNext(base.slice(0, -1), ADJECTIVE_NEXT);
  }
  return [];
}

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

/** Expansion entries of an analysed text (surfaces and keys in search form). */
export function expansionsOf(morphemes: Morpheme[]): ExpansionEntry[] {
  const out: ExpansionEntry[] = [];
  const add = (key: string, surface: string, kind: 0 | 1): void => {
    if (key.length < 2 || surface.length < 2 || key === surface) return;
    out.push([key, surface, kind]);
  };
  for (let i = 0; i < morphemes.length; i++) {
    const m = morphemes[i]!;
    const surface = foldKana(m.surface);
    if (m.reading && hasKanji(m.surface)) add(toHiragana(m.reading), surface, 0);
    // Independent verbs and adjectives written with kanji: kana-only ones (なる, おる, いただく) are function
    // words whose stems would match everywhere.
    if ((m.pos === '動詞' || m.pos === '形容詞') && m.posDetail === '自立' && m.conjugation && hasKanji(m.base)) {
      const base = foldKana(m.base);
      const stems = inflectionStems(m.base, m.conjugation).map(foldKana);
      if (base !== surface) stems.push(surface);
      const baseRead = baseReading(m);
      for (const s of stems) {
        add(base, s, 1);
        if (baseRead) add(baseRead, s, 1);
      }
    }
    // サ変 nouns conjugate through a following する: 報告 + さ(せて) is an inflection of 報告する.
    const next = morphemes[i + 1];
    if (m.pos === '名詞' && m.posDetail === 'サ変接続' && hasKanji(m.surface) && next && next.pos === '動詞' && next.base === 'する' && next.start === m.end) {
      const keys = [surface + 'する'];
      if (m.reading) keys.push(toHiragana(m.reading) + 'する');
      for (const key of keys) for (const s of SURU_STEMS) add(key, surface + s, 1);
    }
    if (isCompoundNoun(m)) {
      let reading = toHiragana(m.reading!);
      let text = surface;
      for (let j = i + 1; j < morphemes.length && j < i + MAX_COMPOUND; j++) {
        const n = morphemes[j]!;
        if (!isCompoundNoun(n) || n.start !== morphemes[j - 1]!.end) break;
        reading += toHiragana(n.reading!);
        text += foldKana(n.surface);
        add(reading, text, 0);
      }
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
