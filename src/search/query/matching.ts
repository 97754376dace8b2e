/**
 * Which statements a term matches, and where. Matching is exact: postings of character bigrams carry
 * positions, and bigrams at consecutive offsets spell the term, so no text is fetched to decide a match
 * (single characters use per-statement counts). On top of the literal term, a term (not a phrase) finds:
 * - written words read as it, as whole words, when it is typed in hiragana (`きょうゆう` → 共有);
 * - words having it as their dictionary form (`行う` → 行いました, 行っております), kuromoji's own analysis
 *   first, then forms derived where kuromoji is unsure (お伺い → 伺う, 守り抜く → 守る);
 * - itself without a final ー (`サーバー` → サーバ), where a word ends there: フォロー must not find the
 *   フォロ of フォロア, nor ノスタルジー the ノスタルジ of ノスタルジア.
 */
import { bigramKey, FLAG_END, FLAG_MASK, FLAG_BITS, FLAG_START, isDerivedLemma, lemmaLength, unigramKey, type PostingList } from '../format.ts';
import type { IndexView } from './segments.ts';
import type { QueryTerm } from './syntax.ts';

/**
 * How an alternative of a term must sit in the text: anywhere, as whole words, or ending a word; or
 * anywhere, but a whole word only when it is one word (a term typed in hiragana: the kana of はまだ
 * across 大臣は|まだ are not the word).
 */
const LITERAL = 0;
const WORD = 1;
const WORD_END = 2;
const ONE_WORD = 3;
type Mode = typeof LITERAL | typeof WORD | typeof WORD_END | typeof ONE_WORD;

/** One statement's matches of one term. */
export interface TermDocMatch {
  /** The statement's stats byte (role, length class), from the postings. */
  stat: number;
  /** Match start → [length, weight]. Empty for single-character terms (positions not indexed). */
  spans: Map<number, [number, number]>;
  /** Weighted count of matches (the `tf` of ranking). */
  tf: number;
  /** Some match is a whole word (or a reading/dictionary-form expansion). */
  word: boolean;
}

export type TermMatches = Map<number, TermDocMatch>;

/** Weights of a literal match by how it sits on word boundaries; expansions count as whole words. */
const W_WORD = 1;
const W_START = 0.5;
const W_END = 0.35;
const W_INSIDE = 0.25;
const W_EXPANSION = 0.9;
/** A dictionary form that is not kuromoji's own analysis there (行っ read 行く, also 行う; 伺い → 伺う): still the word, ranked after it. */
const W_DERIVED = 0.6;
const W_CHAR = 0.25;

/** A span's weight says it covers whole words (or is a reading or dictionary-form expansion). */
export function isWordWeight(weight: number): boolean {
  return weight >= W_DERIVED;
}

function isKana(c: string): boolean {
  const cp = c.charCodeAt(0);
  return cp >= 0x3041 && cp <= 0x309f;
}

/** First index in sorted `a[from..to)` whose value is ≥ x. */
function lowerBound(a: Int32Array, x: number, from: number, to: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of position `p` among at[from..to) (stored as p × 2^FLAG_BITS + flags), or -1. */
function findPosition(at: Int32Array, p: number, from: number, to: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (at[mid]! >>> FLAG_BITS < p) lo = mid + 1;
    else hi = mid;
  }
  return lo < to && at[lo]! >>> FLAG_BITS === p ? lo : -1;
}

/** The segments' lists as one (segments' ids ascend one after the other). */
function concat(lists: Array<PostingList | null>): PostingList | null {
  const some = lists.filter((l): l is PostingList => l !== null && l.docs.length > 0);
  if (some.length <= 1) return some[0] ?? null;
  const n = some.reduce((k, l) => k + l.docs.length, 0);
  const m = some.reduce((k, l) => k + l.at.length, 0);
  const out: PostingList = { docs: new Int32Array(n), stats: new Uint8Array(n), starts: new Int32Array(n + 1), at: new Int32Array(m), len: some[0]!.len ? new Int32Array(m) : null };
  let d = 0;
  let a = 0;
  for (const l of some) {
    out.docs.set(l.docs, d);
    out.stats.set(l.stats, d);
    for (let k = 0; k < l.docs.length; k++) out.starts[d + k] = l.starts[k]! + a;
    out.at.set(l.at, a);
    if (out.len && l.len) out.len.set(l.len, a);
    d += l.docs.length;
    a += l.at.length;
  }
  out.starts[n] = a;
  return out;
}

export interface Matcher {
  matchTerm(term: QueryTerm): Promise<TermMatches>;
}

/**
 * The weight of a literal match by how it sits on word boundaries, or null where `mode` does not let it
 * count; `inner`: a word starts inside it (where a covering bigram tells: even offsets and the last).
 */
function weightOf(mode: Mode, atStart: boolean, atEnd: boolean, inner: boolean): number | null {
  if (mode === WORD) return atStart && atEnd ? W_EXPANSION : null;
  if (mode === WORD_END && !atEnd) return null;
  const whole = atStart && atEnd && !(mode === ONE_WORD && inner);
  return whole ? W_WORD : atStart ? W_START : atEnd ? W_END : W_INSIDE;
}

/** Offsets of the bigrams that spell `text` exactly: 0, 2, 4, …, and one ending the term. */
function bigramOffsets(text: string): number[] {
  const offsets: number[] = [];
  for (let o = 0; o + 2 <= text.length; o += 2) offsets.push(o);
  if (offsets[offsets.length - 1]! + 2 < text.length) offsets.push(text.length - 2);
  return offsets;
}

/** A single character: every statement that holds it, weighted by its count (positions are not indexed). */
function characterMatches(p: PostingList | null): TermMatches {
  const out: TermMatches = new Map();
  if (p) for (let k = 0; k < p.docs.length; k++) out.set(p.docs[k]!, { stat: p.stats[k]!, spans: new Map(), tf: p.at[p.starts[k]!]! * W_CHAR, word: false });
  return out;
}

/**
 * Where the bigrams `covers` (at `offsets` of a term of `length`) follow one another in one statement,
 * `docAt[k]` being the statement's entry in covers[k]: its spans of the term, or undefined.
 */
function spelledIn(covers: PostingList[], docAt: Int32Array, offsets: number[], length: number, mode: Mode): TermDocMatch | undefined {
  const first = covers[0]!;
  const last = covers.length - 1;
  let match: TermDocMatch | undefined;
  for (let x = first.starts[docAt[0]!]!; x < first.starts[docAt[0]! + 1]!; x++) {
    const v = first.at[x]!;
    const p = v >>> FLAG_BITS;
    let ok = true;
    let endFlags = v & FLAG_MASK;
    let inner = false;
    for (let k = 1; k < covers.length && ok; k++) {
      const c = covers[k]!;
      const y = findPosition(c.at, p + offsets[k]!, c.starts[docAt[k]!]!, c.starts[docAt[k]! + 1]!);
      if (y < 0) ok = false;
      else {
        if ((c.at[y]! & FLAG_START) !== 0) inner = true;
        if (k === last) endFlags = c.at[y]! & FLAG_MASK;
      }
    }
    if (!ok) continue;
    const weight = weightOf(mode, (v & FLAG_START) !== 0, (endFlags & FLAG_END) !== 0, inner);
    if (weight === null) continue;
    match ??= { stat: first.stats[docAt[0]!]!, spans: new Map(), tf: 0, word: false };
    match.spans.set(p, [length, weight]);
    if (isWordWeight(weight)) match.word = true;
  }
  if (match) for (const [, [, w]] of match.spans) match.tf += w;
  return match;
}

/** Statements holding every bigram of `covers`, walked from the shortest list, and the term's spans in each. */
function spelledMatches(covers: PostingList[], offsets: number[], length: number, mode: Mode): TermMatches {
  const out: TermMatches = new Map();
  let shortest = 0;
  covers.forEach((c, k) => {
    if (c.docs.length < covers[shortest]!.docs.length) shortest = k;
  });
  const cursor = new Int32Array(covers.length);
  const docAt = new Int32Array(covers.length);
  for (const doc of covers[shortest]!.docs) {
    let all = true;
    for (let k = 0; k < covers.length && all; k++) {
      const c = covers[k]!;
      const j = lowerBound(c.docs, doc, cursor[k]!, c.docs.length);
      cursor[k] = j;
      if (j >= c.docs.length || c.docs[j] !== doc) all = false;
      else docAt[k] = j;
    }
    if (!all) continue;
    const match = spelledIn(covers, docAt, offsets, length, mode);
    if (match) out.set(doc, match);
  }
  return out;
}

/** Occurrences of words with this dictionary form, as whole-word matches (derived forms weigh less). */
function lemmaMatches(list: PostingList | null): TermMatches {
  const out: TermMatches = new Map();
  if (!list) return out;
  for (let k = 0; k < list.docs.length; k++) {
    const spans = new Map<number, [number, number]>();
    let tf = 0;
    for (let x = list.starts[k]!; x < list.starts[k + 1]!; x++) {
      const weight = isDerivedLemma(list.len![x]!) ? W_DERIVED : W_EXPANSION;
      spans.set(list.at[x]!, [lemmaLength(list.len![x]!), weight]);
      tf += weight;
    }
    out.set(list.docs[k]!, { stat: list.stats[k]!, spans, tf, word: true });
  }
  return out;
}

/** A matcher over the index: posting lists are fetched once per key and kept for the matcher's life. */
export function createMatcher(view: IndexView): Matcher {
  const postings = new Map<number, Promise<PostingList | null>>();
  const gram = (key: number): Promise<PostingList | null> => {
    let p = postings.get(key);
    if (!p) {
      p = Promise.all(view.segments.map((s) => s.gram(key))).then(concat);
      postings.set(key, p);
      p.catch(() => postings.delete(key));
    }
    return p;
  };
  const word = async (key: string): Promise<{ readings: string[]; lemma: PostingList | null }> => {
    const parts = await Promise.all(view.segments.map((s) => s.word(key)));
    return { readings: [...new Set(parts.flatMap((p) => p.readings))], lemma: concat(parts.map((p) => p.lemma)) };
  };

  /** Statements whose search form contains `text`, with the spans where it sits as `mode` asks. */
  const matchText = async (text: string, mode: Mode): Promise<TermMatches> => {
    if (text.length === 1) return mode === LITERAL ? characterMatches(await gram(unigramKey(text.charCodeAt(0)))) : new Map();
    const offsets = bigramOffsets(text);
    const lists = await Promise.all(offsets.map((o) => gram(bigramKey(text.charCodeAt(o), text.charCodeAt(o + 1)))));
    if (lists.some((l) => !l)) return new Map();
    return spelledMatches(lists as PostingList[], offsets, text.length, mode);
  };

  const matchTerm = async (term: QueryTerm): Promise<TermMatches> => {
    const t = term.text;
    const wordOf = !term.phrase && t.length >= 2 && isKana(t[t.length - 1]!) ? word(t) : null;
    // Typed in hiragana and read as some written word (はまだ → 浜田): its kana found across two words
    // (大臣は|まだ) is not that word. A hiragana phrase no word is read as (について) stays literal.
    const readingOfWord = term.reading && wordOf !== null && (await wordOf).readings.some((r) => r !== t);
    const alternatives: Array<Promise<TermMatches>> = [matchText(t, readingOfWord ? ONE_WORD : LITERAL)];
    if (!term.phrase) {
      if (t.length >= 3 && t.endsWith('ー') && isKana(t[t.length - 2]!)) alternatives.push(matchText(t.slice(0, -1), WORD_END));
      if (wordOf) {
        const w = await wordOf;
        if (term.reading) for (const r of w.readings) if (r !== t) alternatives.push(matchText(r, WORD));
        alternatives.push(Promise.resolve(lemmaMatches(w.lemma)));
      }
    }
    return mergeMatches(await Promise.all(alternatives));
  };
  return { matchTerm };
}

/** One term's alternatives together: per statement, the best weight at each start. */
function mergeMatches(results: TermMatches[]): TermMatches {
  const merged: TermMatches = new Map();
  for (const r of results) {
    for (const [doc, match] of r) {
      const into = merged.get(doc);
      if (!into) {
        merged.set(doc, { stat: match.stat, spans: new Map(match.spans), tf: match.tf, word: match.word });
        continue;
      }
      if (match.spans.size === 0) into.tf += match.tf;
      for (const [p, span] of match.spans) {
        const had = into.spans.get(p);
        if (!had) {
          into.spans.set(p, span);
          into.tf += span[1];
        } else if (span[1] > had[1] || (span[1] === had[1] && span[0] > had[0])) {
          into.tf += span[1] - had[1];
          into.spans.set(p, span);
        }
      }
      into.word ||= match.word;
    }
  }
  return merged;
}
