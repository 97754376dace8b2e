/**
 * Kanji numerals that count something, as digits: 三か国 → 3か国, 二十六か国 → 26か国, 百名 → 100名,
 * 一億三千六百万ドル → 1億3600万ドル. Transcripts write counts both ways (a ministry's 3か国, a copy's 三か国;
 * 1,810名 and 千八百十名), and readers type digits.
 *
 * Only a numeral **followed by a counter** is a count: 一部, 一方, 統一, 九州, 三菱, 四国, 十分 (enough) and
 * 一層 stay words. The counters are a table, the one place they are listed, because nothing in the text
 * says which kanji after a numeral counts and which makes a word — IPADIC's 名詞,接尾,助数詞 class would,
 * but the browser has no dictionary and the query must fold the same way as the index. Left out on
 * purpose: 時 (一時 = for a while), 分 (十分 = enough), 層, 部, 方, 番, 国 alone (四国, 三国), 本 (一本化).
 * A numeral after a digit or after 数/何/幾 (数十人: some tens) is left as written.
 */

const DIGIT: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const SMALL_UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const BIG_UNIT = new Set(['万', '億', '兆']);

/** Counters after a numeral: one character, or the first of two (時間, 週間…). */
const COUNTERS = new Set([...'人名回件点機隻発両台度倍割つ年月日歳個社円']);
const TWO_CHAR_COUNTERS = new Set(['時間', '週間', '分間', 'ドル']);
/** か as a counter, in any of its spellings (3ヶ国, 3カ所, 3箇所), before what it counts. */
export const KA_COUNTER = new Set([...'かカヵヶケ箇']);
const KA_COUNTED = new Set([...'国所月年条']);

export function isNumeralKanji(c: string): boolean {
  return c in DIGIT || c in SMALL_UNIT;
}

function isNumeralRunChar(c: string): boolean {
  return c in DIGIT || c in SMALL_UNIT || BIG_UNIT.has(c);
}

/** True when the text at `at` is a counter (`text` is read as code units; counters are in the BMP). */
export function isCounterAt(text: string, at: number): boolean {
  const c = text[at];
  if (c === undefined) return false;
  if (KA_COUNTER.has(c)) return KA_COUNTED.has(text[at + 1] ?? '');
  return COUNTERS.has(c) || TWO_CHAR_COUNTERS.has(text.slice(at, at + 2));
}

/** A run of kanji below 万 (二十六, 三千六百, 二〇二五) in digits. */
function sectionDigits(run: string): string {
  // Written digit by digit (二〇二五, 〇〇〇): as written, leading zeros kept.
  if (![...run].some((c) => c in SMALL_UNIT)) return [...run].map((c) => DIGIT[c]).join('');
  let total = 0;
  let digit = -1;
  for (const c of run) {
    if (c in DIGIT) digit = digit < 0 ? DIGIT[c]! : digit * 10 + DIGIT[c]!;
    else {
      total += (digit < 0 ? 1 : digit) * SMALL_UNIT[c]!;
      digit = -1;
    }
  }
  return String(total + (digit < 0 ? 0 : digit));
}

/** The digits of a numeral run, its big units kept: 一億三千六百万 → 1億3600万. */
export function numeralDigits(run: string): string {
  let out = '';
  let section = '';
  for (const c of run) {
    if (BIG_UNIT.has(c)) {
      out += sectionDigits(section) + c;
      section = '';
    } else section += c;
  }
  return out + (section ? sectionDigits(section) : '');
}

/**
 * The numeral run starting at `at`, when it counts: its end (exclusive) and its digits; else null.
 * `before` is the code unit before `at` in the text as folded so far.
 */
export function countAt(text: string, at: number, before: string | undefined): { end: number; digits: string } | null {
  if (!isNumeralKanji(text[at]!)) return null;
  if (before !== undefined && (/[0-9]/u.test(before) || before === '数' || before === '何' || before === '幾')) return null;
  let end = at;
  let big = false;
  while (end < text.length && isNumeralRunChar(text[end]!)) {
    if (BIG_UNIT.has(text[end]!)) big = true;
    end++;
  }
  if (!big && !isCounterAt(text, end)) return null;
  return { end, digits: numeralDigits(text.slice(at, end)) };
}
