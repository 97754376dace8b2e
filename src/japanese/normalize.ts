/**
 * The one text normaliser of the search: the index writer runs it over every statement and the
 * query engine over every query, so what a reader types and what the page says meet in the same
 * form. It runs in the browser too, hence no Node imports.
 *
 * Folds, in order (stage A, then stage B):
 * A1. Unicode NFKC, per character cluster (a character and the combining marks after it, including
 *     the half-width sound marks ﾞ ﾟ and the spacing ゛ ゜ written after kana), so `ﾐｻｲﾙ` → ミサイル,
 *     `ＧＣＡＰ` → GCAP, `ｶﾞ` → ガ, `㍻` → 平成, `①` → 1.
 * A2. Case: lower case (`GCAP` → gcap).
 * A3. White space of every kind (including U+3000 and the "\n" between paragraphs) → one ASCII space;
 *     runs collapse to one.
 * A4. Dashes that stand in for the long-vowel mark (‐ ‑ ‒ – — ― − ─ -, and ｰ through NFKC) → ー, because
 *     transcripts converted from old encodings write サ－ビス for サービス. Wave dashes 〜 ～ → ~.
 * A5. Dropped: control characters, zero-width characters, soft hyphens and variation selectors
 *     (an ideographic variation sequence like 葛󠄀 searches as plain 葛).
 * Then, where a character's neighbours decide (the text as the reader sees it, not the bytes):
 * A6. White space between two wide characters (kana, kanji, CJK punctuation) is dropped: Japanese puts
 *     no spaces between words, so 中谷 元 and 中谷元 are one name, and a line break inside a word
 *     (テロ特措\n法, copies of old pages wrap lines anywhere) is no break at all. Elsewhere (between
 *     Latin words) it stays one space.
 * A7. ・ ＝ (and ･ · ゠) between two katakana are dropped: イージス・アショア = イージスアショア,
 *     チョ・テヨル = チョテヨル. Between kanji (防衛省・自衛隊) they are list separators and stay.
 * A8. A dash between two letters or digits is dropped, whatever the dash (U+2212 −, U+2010–2015,
 *     U+FF0D, ー): PAC−3 = PAC-3 = PAC3, F-15 = F15. Elsewhere a dash stays the long-vowel mark (A4).
 * A9. A comma between digit groups is dropped: 1,810 = 1810.
 * A10. Kanji numerals before a counter become digits (numerals.ts): 三か国 = 3か国, 百名 = 100名; and
 *     か as a counter after a digit, however written (3ケ国, 3箇所), is か (ヶ ヵ カ fold in stage B).
 * B.  Katakana → hiragana, one code unit for one (ミサイル → みさいる, ヽヾ → ゝゞ, ヴ → ゔ), and the small
 *     counter ヵ ヶ ゕ ゖ → か, so 3ヶ国, 3ヵ国, 3カ国 and 3か国 are one spelling.
 *
 * Deliberately not folded: the iteration mark 々 (expanding it depends on the previous character, so a
 * query starting at 々 would stop matching its own page), a word-final ー (サーバー/サーバ: the query
 * engine handles that one by also trying the query without its final ー), kanji variants (髙/高), and a
 * kanji numeral with no counter after it (一部, 九州, a bare 三).
 *
 * A1–A5 look at one character cluster only, and A6–A10 at a character and its neighbours. That is what
 * makes the search exact: a piece of a statement cut at cluster boundaries normalises to a piece of the
 * normalised statement, unless the cut falls next to a character A6–A10 look across (a query 三 does not
 * find the 3 of 3か国, nor イージス・ the イージス of イージスアショア: the reader types the count or the word).
 *
 * Stage B maps code units 1:1, so offsets found in stage-A text (where the tokenizer runs: kuromoji
 * needs katakana to recognise loanwords) are offsets in the final text too.
 */
import { countAt, isCounterAt, isNumeralKanji, KA_COUNTER } from './numerals.ts';

/** Bump when a fold changes: indexes and tokenization caches written under another version are stale. */
export const NORMALIZER_VERSION = 2;

export interface Normalized {
  /** The normalised text. */
  text: string;
  /**
   * `map[i]` is the offset in the source of the cluster that produced `text[i]`;
   * `map[text.length]` is the source length.
   */
  map: Int32Array;
  /**
   * `ends[i]` is the source offset right after the cluster (or the numeral) that produced `text[i]`, so
   * that a normalised range [s, e) comes from source [map[s], ends[e − 1]) without the characters
   * dropped after it (see `sourceRange`).
   */
  ends: Int32Array;
  /** Offsets where white space or a ・ between words was dropped (word boundaries; stage A only). */
  breaks?: number[];
}

const LONG_VOWEL = 'ー';

function isCombining(cp: number): boolean {
  // Half-width sound marks (ﾞﾟ) are letters to Unicode but compose like marks under NFKC.
  if (cp === 0xff9e || cp === 0xff9f || cp === 0x309b || cp === 0x309c || cp === 0x3099 || cp === 0x309a) return true;
  // Kana, kanji and the full-width forms (most of every transcript) have no marks among them.
  if (cp < 0x300 || (cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xff00 && cp <= 0xffef)) return false;
  return COMBINING.test(String.fromCodePoint(cp));
}
const COMBINING = /^\p{M}$/u;

function isDropped(cp: number): boolean {
  return (
    (cp < 0x20 && !isSpaceCode(cp)) ||
    (cp >= 0x7f && cp <= 0x9f && cp !== 0x85) ||
    cp === 0xad ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x2060 && cp <= 0x2064) ||
    cp === 0xfeff ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0xe0100 && cp <= 0xe01ef)
  );
}

function isSpaceCode(cp: number): boolean {
  return (
    cp === 0x20 ||
    (cp >= 0x09 && cp <= 0x0d) ||
    cp === 0x85 ||
    cp === 0xa0 ||
    cp === 0x1680 ||
    (cp >= 0x2000 && cp <= 0x200a) ||
    cp === 0x2028 ||
    cp === 0x2029 ||
    cp === 0x202f ||
    cp === 0x205f ||
    cp === 0x3000
  );
}

function isDash(cp: number): boolean {
  return cp === 0x2d || (cp >= 0x2010 && cp <= 0x2015) || cp === 0x2212 || cp === 0x2500 || cp === 0x30fc || cp === 0x2e3a || cp === 0x2e3b;
}

/** Characters NFKC and lower-casing leave alone, so the common case skips String.prototype.normalize. */
function isStable(cp: number): boolean {
  return (
    (cp >= 0x20 && cp < 0x7f && !(cp >= 0x41 && cp <= 0x5a)) ||
    (cp >= 0x3041 && cp <= 0x3096) ||
    (cp >= 0x30a1 && cp <= 0x30fa) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    cp === 0x3001 ||
    cp === 0x3002 ||
    cp === 0x300c ||
    cp === 0x300d
  );
}

/** Line breaks: a run of white space holding nothing else is a wrapped line, not a word boundary. */
function isLineBreakCode(cp: number): boolean {
  return cp === 0x0a || cp === 0x0d || cp === 0x85 || cp === 0x2028 || cp === 0x2029;
}

/**
 * Stage A1–A5: each character cluster on its own (NFKC, case, space, dash, dropped characters). A run of
 * white space becomes one ' ', or one '\n' when it holds line breaks only (A6 tells them apart).
 */
function foldClusters(source: string): { text: string; map: number[]; ends: number[] } {
  const out: string[] = [];
  const map: number[] = [];
  const ends: number[] = [];
  let clusterEnd = 0;
  let space = -1;
  const emit = (ch: string, at: number): void => {
    const cp = ch.codePointAt(0)!;
    if (isDropped(cp)) return;
    if (isSpaceCode(cp)) {
      if (space >= 0) {
        if (!isLineBreakCode(cp)) out[space] = ' ';
        return;
      }
      space = out.length;
      out.push(isLineBreakCode(cp) ? '\n' : ' ');
      map.push(at);
      ends.push(clusterEnd);
      return;
    }
    space = -1;
    let c = ch;
    if (isDash(cp)) c = LONG_VOWEL;
    else if (cp === 0x301c || cp === 0x7e) c = '~';
    out.push(c);
    map.push(at);
    ends.push(clusterEnd);
    // A character outside the BMP is two code units; both come from the same place.
    if (c.length === 2) {
      map.push(at);
      ends.push(clusterEnd);
    }
  };
  let i = 0;
  const n = source.length;
  while (i < n) {
    const cp = source.codePointAt(i)!;
    let j = i + (cp > 0xffff ? 2 : 1);
    while (j < n) {
      const next = source.codePointAt(j)!;
      if (!isCombining(next)) break;
      j += next > 0xffff ? 2 : 1;
    }
    clusterEnd = j;
    if (j === i + 1 && isStable(cp)) {
      emit(source[i]!, i);
    } else {
      let cluster = source.slice(i, j);
      // The spacing sound marks compose only in their combining form.
      if (j > i + 1) cluster = cluster[0] + cluster.slice(1).replace(/\u309b/gu, '\u3099').replace(/\u309c/gu, '\u309a');
      const folded = cluster.normalize('NFKC').toLowerCase();
      for (const ch of folded) emit(ch, i);
    }
    i = j;
  }
  return { text: out.join(''), map, ends };
}

/** Kana, kanji (surrogates: the ideographs beyond the BMP), CJK punctuation and full-width forms. */
function isWide(c: number): boolean {
  return (c >= 0x3000 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff00 && c <= 0xffef) || (c >= 0xd800 && c <= 0xdfff);
}
function isKatakana(c: number): boolean {
  return (c >= 0x30a1 && c <= 0x30fa) || (c >= 0x30fc && c <= 0x30fe);
}
/** ・ (NFKC of ･ too), the Latin middle dot and hyphenation point, ＝ (NFKC: =) and ゠ between katakana. */
function isWordJoiner(c: number): boolean {
  return c === 0x30fb || c === 0xb7 || c === 0x2027 || c === 0x3d || c === 0x30a0;
}
function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
function isAlnum(c: number): boolean {
  return isDigit(c) || (c >= 0x61 && c <= 0x7a);
}

/** Stage-A text on its way through the context folds: code units, their source offsets, and word breaks dropped before them. */
interface Units {
  t: Uint16Array;
  m: Int32Array;
  /** Source offset after the cluster each unit came from. */
  e: Int32Array;
  b: Uint8Array;
  n: number;
}

function unitsText(u: Units): string {
  let s = '';
  // apply, not spread: an order of magnitude faster on typed arrays.
  for (let i = 0; i < u.n; i += 4096) s += String.fromCharCode.apply(null, u.t.subarray(i, Math.min(u.n, i + 4096)) as unknown as number[]);
  return s;
}

/** What an in-place pass does with a unit: keep it as this code unit, drop it, or drop it as a word break. */
const DROP = -1;
const DROP_BREAK = -2;

/**
 * An in-place pass that only keeps or drops units (`fold` sees unit i, the kept ones before it in
 * [0, k), and the rest of the input after it). A dropped unit's word break moves to the next kept one.
 */
function keepOrDrop(u: Units, fold: (i: number, k: number) => number): void {
  let k = 0;
  let pend = 0;
  for (let i = 0; i < u.n; i++) {
    const c = fold(i, k);
    if (c < 0) {
      pend |= c === DROP_BREAK ? 1 : u.b[i]!;
      continue;
    }
    u.t[k] = c;
    u.m[k] = u.m[i]!;
    u.e[k] = u.e[i]!;
    u.b[k] = u.b[i]! | pend;
    pend = 0;
    k++;
  }
  u.n = k;
}

/** A6: white space between wide characters dropped (a word break unless a line wrapped), else one ' '. */
function foldSpaces(u: Units): void {
  keepOrDrop(u, (i, k) => {
    const c = u.t[i]!;
    if (c !== 0x20 && c !== 0x0a) return c;
    if (!isWide(k > 0 ? u.t[k - 1]! : 0) || !isWide(i + 1 < u.n ? u.t[i + 1]! : 0)) return 0x20;
    return c === 0x20 ? DROP_BREAK : DROP;
  });
}

/** Code units a count or a か counter starts with. */
const COUNT_START = new Set([...'〇零一二三四五六七八九十百千', ...KA_COUNTER].map((c) => c.charCodeAt(0)));

/** A10: counts in digits, か as a counter. Returns new units (a numeral may grow: 千 → 1000). */
function foldCounts(u: Units): Units {
  let any = false;
  for (let i = 0; i < u.n && !any; i++) any = COUNT_START.has(u.t[i]!);
  if (!any) return u;
  const text = unitsText(u);
  const out: Units = { t: new Uint16Array(u.n * 4), m: new Int32Array(u.n * 4), e: new Int32Array(u.n * 4), b: new Uint8Array(u.n * 4), n: 0 };
  const push = (c: number, i: number, brk: number, end = u.e[i]!): void => {
    out.t[out.n] = c;
    out.m[out.n] = u.m[i]!;
    out.e[out.n] = end;
    out.b[out.n++] = brk;
  };
  for (let i = 0; i < u.n; i++) {
    const c = u.t[i]!;
    if (!COUNT_START.has(c)) {
      push(c, i, u.b[i]!);
      continue;
    }
    const ch = text[i]!;
    if (KA_COUNTER.has(ch) && out.n > 0 && isDigit(out.t[out.n - 1]!) && isCounterAt(text, i)) {
      push(0x304b, i, u.b[i]!);
      continue;
    }
    const count = isNumeralKanji(ch) ? countAt(text, i, out.n > 0 ? String.fromCharCode(out.t[out.n - 1]!) : undefined) : null;
    if (!count) {
      push(u.t[i]!, i, u.b[i]!);
      continue;
    }
    let brk = 0;
    for (let j = i; j < count.end; j++) brk |= u.b[j]!;
    // Every digit stands for the whole numeral (二十六 → 26: the 6 is not one of its characters).
    for (let d = 0; d < count.digits.length; d++) push(count.digits.charCodeAt(d), i, d === 0 ? brk : 0, u.e[count.end - 1]!);
    i = count.end - 1;
  }
  return out;
}

/** A7–A9: ・ ＝ inside katakana words (a word break), dashes between letters and digits, digit-group commas. */
function foldJoiners(u: Units): void {
  const at = (i: number): number => (i < u.n ? u.t[i]! : 0);
  keepOrDrop(u, (i, k) => {
    const c = u.t[i]!;
    const prev = k > 0 ? u.t[k - 1]! : 0;
    const next = at(i + 1);
    if (isWordJoiner(c) && isKatakana(prev) && isKatakana(next)) return DROP_BREAK;
    if (c === 0x30fc && isAlnum(prev) && isAlnum(next)) return DROP;
    if (c === 0x2c && isDigit(prev) && isDigit(next) && isDigit(at(i + 2)) && isDigit(at(i + 3)) && !isDigit(at(i + 4))) return DROP;
    return c;
  });
}

/**
 * Stage A6–A10, where a character's neighbours decide (see the module comment), in three passes so that
 * folding the result again changes nothing: white space first (A6), then counts (A10, which look at the
 * characters white space separated), then ・ and ＝, dashes and commas (A7–A9). The returned `breaks` are
 * the output offsets where white space or a ・ was dropped: word boundaries the writer wrote, which the
 * tokenizer no longer sees.
 */
function foldContext(text: string, srcMap: number[], srcEnds: number[], sourceLength: number): Normalized & { breaks: number[] } {
  const n = text.length;
  const first: Units = { t: new Uint16Array(n), m: Int32Array.from(srcMap), e: Int32Array.from(srcEnds), b: new Uint8Array(n), n };
  for (let i = 0; i < n; i++) first.t[i] = text.charCodeAt(i);
  foldSpaces(first);
  const u = foldCounts(first);
  foldJoiners(u);
  const breaks: number[] = [];
  for (let k = 0; k < u.n; k++) if (u.b[k]) breaks.push(k);
  const map = new Int32Array(u.n + 1);
  map.set(u.m.subarray(0, u.n));
  map[u.n] = sourceLength;
  return { text: unitsText(u), map, ends: u.e.slice(0, u.n), breaks };
}

/**
 * Stage A with its offset map. This is the text the tokenizer sees; `foldKana` of it is the search form.
 */
export function normalizeForAnalysis(source: string): Normalized {
  const a = foldClusters(source);
  return foldContext(a.text, a.map, a.ends, source.length);
}

/** Stage B: katakana → hiragana, code unit for code unit. */
export function foldKana(text: string): string {
  let changed = false;
  const codes = new Array<number>(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let f = c;
    if (c === 0x30f5 || c === 0x30f6 || c === 0x3095 || c === 0x3096) f = 0x304b;
    else if ((c >= 0x30a1 && c <= 0x30f4) || c === 0x30fd || c === 0x30fe) f = c - 0x60;
    if (f !== c) changed = true;
    codes[i] = f;
  }
  if (!changed) return text;
  let s = '';
  for (let i = 0; i < codes.length; i += 8192) s += String.fromCharCode(...codes.slice(i, i + 8192));
  return s;
}

/** The source range a normalised range [s, e) came from (the whole of a numeral, none of what was dropped around it). */
export function sourceRange(n: Normalized, s: number, e: number): [number, number] {
  const last = n.text.length;
  const start = n.map[Math.min(s, last)]!;
  return [start, e > s && e <= last ? n.ends[e - 1]! : start];
}

/** The search form of `source`, with the map from its offsets back to `source` (for snippets). */
export function normalizeWithMap(source: string): Normalized {
  const a = normalizeForAnalysis(source);
  return { text: foldKana(a.text), map: a.map, ends: a.ends };
}

/** The search form of `source`: what the index stores and what a query is compared in. */
export function normalize(source: string): string {
  return foldKana(normalizeForAnalysis(source).text);
}

/** True when `s` is all hiragana (the long-vowel mark counts): a query that may be a reading. */
export function isHiraganaWord(s: string): boolean {
  return /^[\u3041-\u309f\u30fc]+$/u.test(s);
}

/** True when `s` has a kanji (or a kanji-like character such as 々 or 〆) in it. */
export function hasKanji(s: string): boolean {
  return /[\u3005-\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[\u{20000}-\u{3134f}]/u.test(s);
}
