import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldKana, hasKanji, isHiraganaWord, normalize, normalizeForAnalysis, normalizeWithMap, sourceRange } from '../../src/japanese/normalize.ts';
import { safeCut } from './search-helpers.ts';

describe('normalize: each fold, written out by hand', () => {
  it.each([
    ['half-width katakana', 'ﾐｻｲﾙ', 'みさいる'],
    ['full-width katakana', 'ミサイル', 'みさいる'],
    ['half-width katakana with sound marks', 'ｶﾞｽ ﾊﾟｲﾌﾟ', 'がすぱいぷ'],
    ['decomposed kana (NFD)', 'か\u3099', 'が'],
    ['spacing sound mark after kana', 'か\u309b', 'が'],
    ['full-width Latin and case', 'ＧＣＡＰ', 'gcap'],
    ['ASCII upper case', 'GCAP', 'gcap'],
    ['full-width digits', '２０２５年', '2025年'],
    ['compatibility characters', '㍻①', '平成1'],
    ['white space between Latin words collapses to one space', 'GCAP\n\u3000 program', 'gcap program'],
    ['white space between wide characters is dropped (no spaces between Japanese words)', '日米\n\u3000 韓', '日米韓'],
    ['a name written with a space', '中谷\u3000元', '中谷元'],
    ['a line wrapped inside a word', 'テロ特措\n法', 'てろ特措法'],
    ['white space between a wide character and a Latin one stays', 'PCR 検査', 'pcr 検査'],
    ['dashes written for the long-vowel mark', 'サ－ビス', 'さーびす'],
    ['long-vowel mark itself', 'サービス', 'さーびす'],
    ['hyphen in a model name', 'F-35', 'f35'],
    ['minus sign U+2212 between letters and digits', 'PAC−3', 'pac3'],
    ['full-width hyphen-minus', 'ＡＨ－６４Ｄ', 'ah64d'],
    ['em dash and horizontal bar between digits', '2025—09―08', '20250908'],
    ['long-vowel mark between letters and digits', 'SMー3', 'sm3'],
    ['a dash after katakana stays the long-vowel mark', 'ミサイル－', 'みさいるー'],
    ['middle dot inside a katakana word', 'イージス・アショア', 'いーじすあしょあ'],
    ['half-width and Latin middle dots, double hyphen', 'ﾁｮ･ﾃﾖﾙ、ド＝ゴール、ア·イ', 'ちょてよる、どごーる、あい'],
    ['middle dot between kanji words stays', '防衛省・自衛隊', '防衛省・自衛隊'],
    ['digit-group commas', '1,810名と12,345,678円', '1810名と12345678円'],
    ['a comma that is not a digit group stays', '1,2,3 と 22日,23日', '1,2,3 と 22日,23日'],
    ['kanji numeral before a counter', '三か国', '3か国'],
    ['tens and hundreds', '二十六か国、百名、千五百人', '26か国、100名、1500人'],
    ['positional kanji digits', '二〇二五年', '2025年'],
    ['big units kept', '一億三千六百万ドル、四十三兆円', '1億3600万どる、43兆円'],
    ['counter か written 箇 or ケ', '3箇所、3ケ国、三ヶ月', '3か所、3か国、3か月'],
    ['numerals that are words stay', '一部、九州、十分、一層、統一、四国', '一部、九州、十分、一層、統一、四国'],
    ['a numeral after 数 or a digit stays', '数十人、2千人', '数十人、2千人'],
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

  it('records where white space or a ・ between words was dropped, not where a line wrapped', () => {
    expect(normalizeForAnalysis('イージス・アショアと中谷\u3000元').breaks).toEqual([4, 11]);
    expect(normalizeForAnalysis('テロ特措\n法').breaks).toEqual([]);
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

  it('a range maps back to the source characters it came from, without what was dropped after it, a numeral whole', () => {
    const cases: Array<[string, string, string]> = [
      ['フリーダム・エッジ', 'ふりーだむ', 'フリーダム'],
      ['フリーダム・エッジ', 'えっじ', 'エッジ'],
      ['二十六か国を', '26', '二十六'],
      ['二十六か国を', '6か国', '二十六か国'],
      ['累計は1,810名', '1810名', '1,810名'],
      ['中谷　元です', '中谷元', '中谷　元'],
      ['ｶﾞｽ管', 'がす', 'ｶﾞｽ'],
    ];
    for (const [source, term, expected] of cases) {
      const n = normalizeWithMap(source);
      const at = n.text.indexOf(term);
      expect(at, term).toBeGreaterThanOrEqual(0);
      const [s, e] = sourceRange(n, at, at + term.length);
      expect(source.slice(s, e)).toBe(expected);
    }
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
  '三', '十', '国', '人', ',', '数', 'ケ', '箇', 'ア', '·', '＝', '−', '月',
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

  it('a piece of a text cut between clusters normalises to a piece of the normalised text, cut away from what the context folds look across', () => {
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(), (units, a, b) => {
        const i = units.length ? a % (units.length + 1) : 0;
        const j = units.length ? i + (b % (units.length - i + 1)) : 0;
        if (!safeCut(units, i) || !safeCut(units, j)) return;
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
