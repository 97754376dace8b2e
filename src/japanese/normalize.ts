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
 * B.  Katakana → hiragana, one code unit for one (ミサイル → みさいる, ヽヾ → ゝゞ, ヴ → ゔ), and the small
 *     counter ヵ ヶ ゕ ゖ → か, so 3ヶ国, 3ヵ国, 3カ国 and 3か国 are one spelling.
 *
 * Deliberately not folded: the iteration mark 々 (expanding it depends on the previous character, so a
 * query starting at 々 would stop matching its own page), a word-final ー (サーバー/サーバ: the query
 * engine handles that one by also trying the query without its final ー), kanji variants (髙/高).
 *
 * Every fold looks at one character cluster only. That is what makes the search exact: a piece of a
 * statement cut at cluster boundaries normalises to a piece of the normalised statement.
 *
 * Stage B maps code units 1:1, so offsets found in stage-A text (where the tokenizer runs: kuromoji
 * needs katakana to recognise loanwords) are offsets in the final text too.
 */

/** Bump when a fold changes: indexes and tokenization caches written under another version are stale. */
export const NORMALIZER_VERSION = 1;

export interface Normalized {
  /** The normalised text. */
  text: string;
  /**
   * `map[i]` is the offset in the source of the cluster that produced `text[i]`;
   * `map[text.length]` is the source length, so a normalised range [s, e) comes from source [map[s], map[e]).
   */
  map: Int32Array;
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
  return cp === 0x2d || (cp >= 0x2010 && cp <= 0x2015) || cp === 0x2212 || cp === 0x2500 || cp === 0x30fc;
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

/**
 * Stage A (NFKC, case, space, dash, dropped characters) with its offset map. This is the text the
 * tokenizer sees; `foldKana` of it is the search form.
 */
export function normalizeForAnalysis(source: string): Normalized {
  const out: string[] = [];
  const map: number[] = [];
  let lastWasSpace = false;
  const emit = (ch: string, at: number): void => {
    const cp = ch.codePointAt(0)!;
    if (isDropped(cp)) return;
    if (isSpaceCode(cp)) {
      if (lastWasSpace) return;
      lastWasSpace = true;
      out.push(' ');
      map.push(at);
      return;
    }
    lastWasSpace = false;
    let c = ch;
    if (isDash(cp)) c = LONG_VOWEL;
    else if (cp === 0x301c || cp === 0x7e) c = '~';
    out.push(c);
    map.push(at);
    // A character outside the BMP is two code units; both come from the same place.
    if (c.length === 2) map.push(at);
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
  map.push(n);
  return { text: out.join(''), map: Int32Array.from(map) };
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

/** The search form of `source`, with the map from its offsets back to `source` (for snippets). */
export function normalizeWithMap(source: string): Normalized {
  const a = normalizeForAnalysis(source);
  return { text: foldKana(a.text), map: a.map };
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
