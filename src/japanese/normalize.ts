/**
 * src/japanese/ — what the stages need to know of Japanese: this normaliser, kuromoji (tokenize.ts),
 * era dates (era.ts: the one era table) and legacy encodings (encoding.ts).
 *
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
 * Then, where a character's neighbours decide (context-folds.ts; the text as the reader sees it, not the bytes):
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
import { foldContext } from './context-folds.ts';

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
