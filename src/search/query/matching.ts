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
import { bigramKey, FLAG_END, FLAG_MASK, FLAG_BITS, FLAG_START, isDerivedLemma, lemmaLength, LITERAL_SPAN, PART_END, PART_START, unigramKey, type Frontier, type PostingList } from '../format.ts';
import { lowerBound } from './lists.ts';
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
export type Mode = typeof LITERAL | typeof WORD | typeof WORD_END | typeof ONE_WORD;

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

/**
 * Occurrences of words with this dictionary form, as whole-word matches (derived forms weigh less); the
 * places where only the key's text stands (LITERAL_SPAN) are the literal alternative's to match.
 */
function lemmaMatches(list: PostingList | null): TermMatches {
  const out: TermMatches = new Map();
  if (!list) return out;
  for (let k = 0; k < list.docs.length; k++) {
    const spans = new Map<number, [number, number]>();
    let tf = 0;
    for (let x = list.starts[k]!; x < list.starts[k + 1]!; x++) {
      const span = list.len![x]!;
      if (span === LITERAL_SPAN) continue;
      const weight = isDerivedLemma(span) ? W_DERIVED : W_EXPANSION;
      spans.set(list.at[x]!, [lemmaLength(span), weight]);
      tf += weight;
    }
    if (spans.size > 0) out.set(list.docs[k]!, { stat: list.stats[k]!, spans, tf, word: true });
  }
  return out;
}

/**
 * One way a term can be in a statement: a text (literal, or with a mode: as whole words, ending a
 * word, …) spelled by gram postings, or a word's lemma postings.
 */
export type Alternative = { text: string; mode: Mode; lemma?: undefined } | { lemma: string; text?: undefined };

/** Where a match reads its postings from: whole lists, or what of them falls in a range of statements. */
export interface ListSource {
  gram(key: number): PostingList | null;
  lemma(word: string): PostingList | null;
}

/** The gram keys an alternative's text is spelled by (a single character's unigram, else bigrams at bigramOffsets). */
export function gramKeysOf(text: string): number[] {
  if (text.length === 1) return [unigramKey(text.charCodeAt(0))];
  return bigramOffsets(text).map((o) => bigramKey(text.charCodeAt(o), text.charCodeAt(o + 1)));
}

/**
 * A term that is one gram's postings: a literal text of one or two characters and nothing else, so
 * that every statement of that gram's list matches it, and the list's counts are the term's.
 */
export function isOneKey(alternatives: readonly Alternative[]): boolean {
  const [a] = alternatives;
  return alternatives.length === 1 && a!.text !== undefined && a!.text.length <= 2 && (a!.mode === LITERAL || a!.mode === ONE_WORD);
}

/**
 * A term's alternatives: itself and, unless it is a phrase, itself without a final ー where a word ends,
 * the written words it is the reading of (typed in hiragana), and the words it is the dictionary form
 * of. `readingsOf` gives a word's readings (none when no words block has it).
 */
export async function alternativesOf(term: QueryTerm, readingsOf: (word: string) => Promise<string[]>): Promise<Alternative[]> {
  const t = term.text;
  const readings = !term.phrase && t.length >= 2 && isKana(t[t.length - 1]!) ? await readingsOf(t) : null;
  // Typed in hiragana and read as some written word (はまだ → 浜田): its kana found across two words
  // (大臣は|まだ) is not that word. A hiragana phrase no word is read as (について) stays literal.
  const readingOfWord = term.reading && readings !== null && readings.some((r) => r !== t);
  const out: Alternative[] = [{ text: t, mode: readingOfWord ? ONE_WORD : LITERAL }];
  if (term.phrase) return out;
  if (t.length >= 3 && t.endsWith('ー') && isKana(t[t.length - 2]!)) out.push({ text: t.slice(0, -1), mode: WORD_END });
  if (readings !== null) {
    if (term.reading) for (const r of readings) if (r !== t) out.push({ text: r, mode: WORD });
    out.push({ lemma: t });
  }
  return out;
}

/** Statements an alternative matches in `source`, and where. */
function alternativeMatches(alt: Alternative, source: ListSource): TermMatches {
  if (alt.lemma !== undefined) return lemmaMatches(source.lemma(alt.lemma));
  const { text, mode } = alt;
  if (text.length === 1) return mode === LITERAL ? characterMatches(source.gram(unigramKey(text.charCodeAt(0)))) : new Map();
  const offsets = bigramOffsets(text);
  const lists = gramKeysOf(text).map((k) => source.gram(k));
  if (lists.some((l) => !l)) return new Map();
  return spelledMatches(lists as PostingList[], offsets, text.length, mode);
}

/** What bounds a key's statements in a range of ids: a part's summary (format.ts), or the same taken from a whole list. */
export interface KeySummary {
  frontier: Frontier;
  maxWhole: number;
  flags: number;
}

/**
 * The most one occurrence of an alternative's keys can weigh in a range, and whether it can be a whole
 * word there, from its keys' summaries: a whole-word match weighs at most 1, any other match of a
 * two-character text at most one starting a word (0.5) — and a range with no whole-word occurrence has
 * none —, a longer text is a word only where its first bigram starts one and its last ends one.
 * (A longer text occurs no more often in a statement than any of its bigrams: bounded.ts takes the
 * least of its keys' bounds.) A lemma `paired` with its own text (textAndLemma) counts the text's
 * places too (`extra`: the most such places a statement has there, each weighing up to 1).
 */
export function alternativeBound(alt: Alternative, keys: readonly KeySummary[], paired = false): { weight: number; word: boolean; extra?: number } {
  const first = keys[0]!;
  // A place of the text alone weighs at most 1 (a whole word), a word of that form 0.9.
  if (alt.lemma !== undefined) return { weight: W_EXPANSION, word: true, extra: paired ? (W_WORD - W_EXPANSION) * first.maxWhole : 0 };
  if (alt.text.length === 1) return { weight: alt.mode === LITERAL ? W_CHAR : 0, word: false };
  if (keys.length === 1) return { weight: first.maxWhole > 0 ? W_WORD : W_START, word: first.maxWhole > 0 };
  return { weight: W_WORD, word: (first.flags & PART_START) !== 0 && (keys.at(-1)!.flags & PART_END) !== 0 };
}

/**
 * The indexes of a term's text and of its lemma postings under the same string (a verb typed in its
 * dictionary form: 考える and 考えて, 考えます…), whose places a statement's lemma postings count together
 * (build.ts indexLemmas); null when the term has no such pair.
 */
export function textAndLemma(alternatives: readonly Alternative[]): [number, number] | null {
  const lemma = alternatives.findIndex((a) => a.lemma !== undefined);
  if (lemma < 0) return null;
  const text = alternatives.findIndex((a) => a.text === alternatives[lemma]!.lemma);
  return text < 0 ? null : [text, lemma];
}

/** Statements a term (its alternatives) matches in `source`, and where. */
export function matchTerm(alternatives: readonly Alternative[], source: ListSource): TermMatches {
  return mergeMatches(alternatives.map((a) => alternativeMatches(a, source)));
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
