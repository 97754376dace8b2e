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
 *   * dictionary form → the words having it as a dictionary form, as positions (lemma postings). Where
 *     kuromoji's single analysis is unsure, every form the dictionary allows (`lemmasOf`): `行っ` is
 *     行う and 行く where the other reading costs kuromoji little more (UNSURE_COST in tokenize.ts:
 *     行っております came out 行く; after を it is surely 行う), the noun
 *     伺い (お伺いします) is also 伺う, the noun 取組 is 取り組み and so 取り組む, and a compound verb is also
 *     its first verb (守り抜く → 守る, 申し上げる → 申す). Each comes from the dictionary itself (every
 *     entry of a surface, through kuromoji's own trie), not from a list written here.
 * - compound parts: a noun kuromoji keeps whole (事務次官) that the dictionary spells as two nouns
 *   (事務 + 次官) gets a word boundary between them, and so does a ・ or a space the normaliser dropped
 *   (イージス・アショア), so that 次官 and イージス match there as whole words.
 */
import { foldKana, hasKanji } from '../../japanese/normalize.ts';
import type { Dictionary, DictionaryEntry, Morpheme } from '../../japanese/tokenize.ts';

/** Bump when the derivation below changes: cached analyses written under another version are redone. */
export const ANALYSIS_VERSION = 4;

function toHiragana(katakana: string): string {
  return foldKana(katakana);
}

/**
 * The reading of a conjugated word's dictionary form, from the reading of the inflected surface:
 * 行い/オコナイ → おこなう. Null when the surface's kana ending does not show in its reading.
 */
function baseReading(m: Pick<Morpheme, 'surface' | 'reading' | 'base'>): string | null {
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
/**
 * A word whose dictionary form (or its reading) is the key: [key, start, length] in the analysed text,
 * and 1 when the form is derived (not kuromoji's own analysis of the word: see `lemmasOf`).
 */
export type LemmaEntry = [string, number, number, 0 | 1];

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

const HIRAGANA_END = /[\u3041-\u309f]$/u;

const isVerbOrAdjective = (e: { pos: string; posDetail: string }): boolean => (e.pos === '動詞' || e.pos === '形容詞') && e.posDetail === '自立';

/**
 * The first verb of a compound verb (守り抜く → 守り, 申し上げる → 申し): a prefix that the dictionary has
 * as a verb's 連用形 ending in kana, followed by a verb the dictionary has in its 基本形. A prefix without
 * okurigana is not taken: 出来る is not 出る + 来る.
 */
function firstVerbOf(base: string, dict: Dictionary): { surface: string; entry: DictionaryEntry } | null {
  for (let p = 2; p < base.length; p++) {
    const first = base.slice(0, p);
    if (!HIRAGANA_END.test(first) || !hasKanji(first)) continue;
    const entry = dict.entries(first).find((e) => e.pos === '動詞' && e.posDetail === '自立' && e.form === '連用形' && e.base !== base);
    if (entry && dict.entries(base.slice(p)).some((e) => e.pos === '動詞' && e.form === '基本形')) return { surface: first, entry };
  }
  return null;
}

/**
 * The same word written with its okurigana (取組 → 取り組み, 受入れ → 受け入れ): kana of its own reading
 * put back after its first kanji and, when it ends in kanji, at its end, where the dictionary has that
 * spelling read the same way as a verb. Official style drops okurigana (取組, 申入れ, 受入れ); readers type
 * the verb as the dictionary has it.
 */
function withOkurigana(surface: string, reading: string | null, dict: Dictionary): Array<{ surface: string; entry: DictionaryEntry }> {
  if (!reading || surface.length < 2 || !hasKanji(surface[0]!) || !hasKanji(surface[1]!)) return [];
  const kana = foldKana(reading);
  const tail = surface.slice(2);
  const out: Array<{ surface: string; entry: DictionaryEntry }> = [];
  for (let j = 1; j < kana.length; j++) {
    for (let len = 1; len <= 2 && j + len < kana.length; len++) {
      for (const end of tail ? [''] : ['', kana.slice(-1), kana.slice(-2)]) {
        const spelled = surface[0]! + kana.slice(j, j + len) + surface[1]! + tail + end;
        for (const entry of dict.entries(spelled)) {
          if (entry.pos === '動詞' && entry.posDetail === '自立' && hasKanji(entry.base) && entry.reading && foldKana(entry.reading) === kana && !out.some((o) => o.entry.base === entry.base)) out.push({ surface: spelled, entry });
        }
      }
    }
  }
  return out;
}

/** Verbs whose 連用形 a noun is: the same surface (伺い, 取り組み, 守り), or the surface with its okurigana back (取組). */
function verbsOfNoun(m: Morpheme, dict: Dictionary): Array<{ surface: string; entry: DictionaryEntry }> {
  const same = dict.entries(m.surface).filter((e) => e.pos === '動詞' && e.posDetail === '自立' && e.form === '連用形' && hasKanji(e.base));
  return [...same.map((entry) => ({ surface: m.surface, entry })), ...withOkurigana(m.surface, m.reading, dict).filter((v) => v.entry.form === '連用形')];
}

/**
 * Conjugated words under their dictionary form and its reading: 行い (行う, おこなう) is recorded under
 * 行う and おこなう. Only independent verbs and adjectives written with kanji: kana-only ones (なる, おる,
 * いただく) are function words. A サ変 noun and the する after it count as one word (報告 + さ(せて) under
 * 報告する). With the dictionary (`dict`), also every other analysis it has where kuromoji's is unsure —
 * see the module comment.
 */
export function lemmasOf(morphemes: Morpheme[], dict?: Dictionary): LemmaEntry[] {
  const out: LemmaEntry[] = [];
  const add = (key: string, start: number, end: number, derived: boolean): void => {
    if (key.length >= 2) out.push([key, start, end - start, derived ? 1 : 0]);
  };
  /**
   * A verb (adjective) form under its base and the base's reading; the same verb spelled with its
   * okurigana (受入れ → 受け入れる); for a compound, its first verb.
   */
  const addForm = (m: Morpheme, form: { surface: string; reading: string | null; base: string }, derived: boolean, depth = 0): void => {
    if (!hasKanji(form.base)) return;
    add(foldKana(form.base), m.start, m.end, derived);
    const reading = baseReading(form);
    if (reading) add(reading, m.start, m.end, derived);
    if (!dict || depth > 1) return;
    for (const v of withOkurigana(form.surface, form.reading, dict)) if (v.entry.base !== form.base) addForm(m, { surface: v.surface, reading: v.entry.reading, base: v.entry.base }, true, depth + 1);
    const first = firstVerbOf(form.base, dict);
    if (first) addForm(m, { surface: first.surface, reading: first.entry.reading, base: first.entry.base }, true, depth + 1);
  };
  for (let i = 0; i < morphemes.length; i++) {
    const m = morphemes[i]!;
    if (isVerbOrAdjective(m) && m.conjugation) {
      addForm(m, m, false);
      for (const alt of m.alternatives ?? []) addForm(m, { surface: m.surface, reading: alt.reading, base: alt.base }, true);
    } else if (dict && m.pos === '名詞' && (m.posDetail === '一般' || m.posDetail === 'サ変接続') && hasKanji(m.surface)) {
      for (const v of verbsOfNoun(m, dict)) addForm(m, { surface: v.surface, reading: v.entry.reading, base: v.entry.base }, true);
    }
    const next = morphemes[i + 1];
    if (m.pos === '名詞' && m.posDetail === 'サ変接続' && hasKanji(m.surface) && next && next.pos === '動詞' && next.base === 'する' && next.start === m.end) {
      add(foldKana(m.surface) + 'する', m.start, next.end, false);
      if (m.reading) add(toHiragana(m.reading) + 'する', m.start, next.end, false);
    }
  }
  return out;
}

/** Nouns the dictionary spells as two nouns of two characters or more: where the second one starts (事務次官 → 2). */
function compoundSplits(m: Morpheme, dict: Dictionary): number[] {
  if (m.pos !== '名詞' || (m.posDetail !== '一般' && m.posDetail !== 'サ変接続') || m.surface.length < 4) return [];
  const isNoun = (s: string) => dict.entries(s).some((e) => e.pos === '名詞');
  const splits: number[] = [];
  for (let p = 2; p <= m.surface.length - 2; p++) if (isNoun(m.surface.slice(0, p)) && isNoun(m.surface.slice(p))) splits.push(p);
  return splits;
}

/**
 * Word starts of an analysed text, plus its end: the offsets a whole-word match begins or ends at.
 * `breaks` are word boundaries the normaliser dropped (a ・ or a space between words), and a ・ left in
 * the text is one on both sides; with the dictionary, a compound noun kuromoji kept whole is split
 * where the dictionary spells it as two.
 */
export function boundariesOf(morphemes: Morpheme[], length: number, breaks: readonly number[] = [], dict?: Dictionary): number[] {
  const set = new Set<number>([0, length, ...breaks]);
  for (const m of morphemes) {
    if (m.start >= m.end) continue;
    set.add(m.start);
    if (dict) for (const p of compoundSplits(m, dict)) set.add(m.start + p);
    // kuromoji groups an unknown katakana run with the ・ after it (ダイアログ・ before LFD): a ・ stands
    // between words all the same.
    for (let i = m.surface.indexOf('・'); i >= 0; i = m.surface.indexOf('・', i + 1)) set.add(m.start + i).add(m.start + i + 1);
  }
  return [...set].filter((b) => b >= 0 && b <= length).sort((a, b) => a - b);
}
