import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldKana, hasKanji, isHiraganaWord, normalize, normalizeForAnalysis, normalizeWithMap } from '../../src/japanese/normalize.ts';

describe('normalize: each fold, written out by hand', () => {
  it.each([
    ['half-width katakana', 'ﾐｻｲﾙ', 'みさいる'],
    ['full-width katakana', 'ミサイル', 'みさいる'],
    ['half-width katakana with sound marks', 'ｶﾞｽ ﾊﾟｲﾌﾟ', 'がす ぱいぷ'],
    ['decomposed kana (NFD)', 'か\u3099', 'が'],
    ['spacing sound mark after kana', 'か\u309b', 'が'],
    ['full-width Latin and case', 'ＧＣＡＰ', 'gcap'],
    ['ASCII upper case', 'GCAP', 'gcap'],
    ['full-width digits', '２０２５年', '2025年'],
    ['compatibility characters', '㍻①', '平成1'],
    ['ideographic space and line breaks collapse', '日米\n\u3000 韓', '日米 韓'],
    ['dashes written for the long-vowel mark', 'サ－ビス', 'さーびす'],
    ['long-vowel mark itself', 'サービス', 'さーびす'],
    ['hyphen in a model name', 'F-35', 'fー35'],
    ['wave dashes', '1〜2～3', '1~2~3'],
    ['small counter ヶ', '3ヶ国', '3か国'],
    ['small counter ヵ', '３ヵ国', '3か国'],
    ['counter written in katakana', '3カ国', '3か国'],
    ['iteration marks of katakana', 'ヽヾ', 'ゝゞ'],
    ['ヴ', 'ヴ', 'ゔ'],
    ['variation selector dropped', '葛\u{E0100}城', '葛城'],
    ['zero-width and soft hyphen dropped', '防\u200b衛\u00ad省\ufeff', '防衛省'],
    ['kanji and hiragana untouched', '共有をし', '共有をし'],
  ])('%s: %s → %s', (_name, input, expected) => {
    expect(normalize(input)).toBe(expected);
  });

  it('leaves 々 alone (expanding it would depend on the previous character)', () => {
    expect(normalize('人々')).toBe('人々');
  });
});

describe('normalizeWithMap: offsets back into the source', () => {
  it('maps every output unit to the source cluster that produced it', () => {
    const { text, map } = normalizeWithMap('ＧＣＡＰの㍻ｶﾞ');
    expect(text).toBe('gcapの平成が');
    // ㍻ (source 5) expands to two units; ｶﾞ (source 6–7) contracts to one.
    expect([...map]).toEqual([0, 1, 2, 3, 4, 5, 5, 6, 8]);
  });

  it('dropped and collapsed characters leave no units', () => {
    const { text, map } = normalizeWithMap('a \n\u200bb');
    expect(text).toBe('a b');
    expect([...map]).toEqual([0, 1, 4, 5]);
  });

  it('stage B is one code unit for one, so tokenizer offsets are search-form offsets', () => {
    const s = 'ミサイルとＧＣＡＰ、ｶﾞｽ';
    const a = normalizeForAnalysis(s).text;
    expect(foldKana(a)).toBe(normalize(s));
    expect(foldKana(a).length).toBe(a.length);
    expect(a).toBe('ミサイルとgcap、ガス');
  });
});

describe('helpers', () => {
  it('tells hiragana words and kanji apart', () => {
    expect(isHiraganaWord('きょうゆう')).toBe(true);
    expect(isHiraganaWord('こーひー')).toBe(true);
    expect(isHiraganaWord('共有')).toBe(false);
    expect(hasKanji('報告する')).toBe(true);
    expect(hasKanji('きょう')).toBe(false);
    expect(hasKanji('𠮷野家')).toBe(true);
  });
});

/** Characters (as clusters: ｶﾞ is one) that exercise every fold. */
const UNITS = [
  '防', '衛', '省', '共', '有', '京', '都', '日', '韓', 'の', 'は', 'き', 'ょ', 'う', 'ゆ', 'ミ', 'サ', 'イ', 'ル', 'ー',
  'ｶﾞ', 'ﾐ', 'ｻ', 'ｰ', 'Ａ', 'a', 'B', '1', '１', ' ', '\u3000', '\n', '、', '。', '・', '々', 'ヶ', 'ヵ', 'か', 'カ',
  '～', '〜', '‐', '―', '－', '&', '<', '㍻', 'ガ', 'が', 'か\u3099', '葛\u{E0100}', '\u200b', '𠮷',
];
const text = fc.array(fc.constantFrom(...UNITS), { maxLength: 40 });

describe('normalize: properties', () => {
  it('is idempotent', () => {
    fc.assert(
      fc.property(text, (units) => {
        const once = normalize(units.join(''));
        expect(normalize(once)).toBe(once);
      }),
    );
  });

  it('a piece of a text cut between clusters normalises to a piece of the normalised text', () => {
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(), (units, a, b) => {
        const i = units.length ? a % (units.length + 1) : 0;
        const j = units.length ? i + (b % (units.length - i + 1)) : 0;
        const piece = units.slice(i, j).join('');
        expect(normalize(units.join('')).includes(normalize(piece))).toBe(true);
      }),
    );
  });

  it('the map is monotone and ends at the source length', () => {
    fc.assert(
      fc.property(text, (units) => {
        const source = units.join('');
        const { text: out, map } = normalizeWithMap(source);
        expect(map.length).toBe(out.length + 1);
        expect(map[out.length]).toBe(source.length);
        for (let k = 1; k < map.length; k++) expect(map[k]!).toBeGreaterThanOrEqual(map[k - 1]!);
      }),
    );
  });
});
