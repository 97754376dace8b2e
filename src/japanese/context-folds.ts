/**
 * The normaliser's context folds (stage A6–A10 of normalize.ts, where they are described): white space
 * between Japanese words, ・ and ＝ inside katakana words, dashes between letters and digits, digit-group
 * commas, counts in kanji numerals. Unlike A1–A5 each looks at a character's neighbours, so they run over
 * the whole stage-A text, keeping every unit's source range and the word breaks they drop. Browser-safe.
 */
import { countAt, isCounterAt, isNumeralKanji, KA_COUNTER } from './numerals.ts';

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
export function foldContext(text: string, srcMap: number[], srcEnds: number[], sourceLength: number): { text: string; map: Int32Array; ends: Int32Array; breaks: number[] } {
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

