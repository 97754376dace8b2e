/**
 * The benchmark's fixed query list and its truth, both taken from the corpus generator's own record
 * of what it wrote (`_truth.json`) — never from the index or the query engine under test.
 *
 * Truth per class, at statement level (briefing level is "any statement of the briefing"):
 * - exact, halfwidth, hiragana, multi, phrase: every term occurs in the statement after a simple
 *   oracle folding (NFKC, lower case, katakana → hiragana) — written here on purpose without the
 *   search normaliser, so that a bug there cannot hide in the truth;
 * - inflection: the statement holds a word whose dictionary form is the query (as the generator
 *   placed it), or the query text itself;
 * - reading: the statement holds a word read as the query, or the query text itself.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TRUTH_FILE, type CorpusTruth } from './corpus.ts';

export type QueryClass = 'exact' | 'halfwidth' | 'hiragana' | 'phrase' | 'multi' | 'inflection' | 'reading';
export const QUERY_CLASSES: QueryClass[] = ['exact', 'halfwidth', 'hiragana', 'phrase', 'multi', 'inflection', 'reading'];

export interface BenchQuery {
  cls: QueryClass;
  query: string;
  /** Statement keys (`slug#turn`) that must be found. */
  truth: Set<string>;
}

/** Oracle folding for truth sets: NFKC, lower case, katakana → hiragana. */
export function oracleFold(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u30a1-\u30f6]/gu, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));
}

const HALF_KATAKANA: Record<string, string> = {};
{
  // Full-width katakana → half-width, built from NFKC itself (the half-width block maps onto it).
  for (let cp = 0xff66; cp <= 0xff9d; cp++) HALF_KATAKANA[String.fromCharCode(cp).normalize('NFKC')] = String.fromCharCode(cp);
  const voiced = 'ガギグゲゴザジズゼゾダヂヅデドバビブベボ';
  for (const c of voiced) HALF_KATAKANA[c] = HALF_KATAKANA[String.fromCharCode(c.charCodeAt(0) - 1)]! + 'ﾞ';
  for (const c of 'パピプペポ') HALF_KATAKANA[c] = HALF_KATAKANA[String.fromCharCode(c.charCodeAt(0) - 2)]! + 'ﾟ';
  HALF_KATAKANA['ー'] = 'ｰ';
}

function toHalfWidth(katakana: string): string | null {
  let out = '';
  for (const c of katakana) {
    const h = HALF_KATAKANA[c];
    if (!h) return null;
    out += h;
  }
  return out;
}

function toFullWidthAscii(s: string): string {
  return s.replace(/[!-~]/gu, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

const KATAKANA_WORD = /^[\u30a1-\u30f6ー]{3,}$/u;
const KANJI = /[\u4e00-\u9fff]/u;

export interface CorpusStatement {
  key: string;
  briefing: string;
  folded: string;
  words: number[];
}

/**
 * Build the query list. `statements` are the corpus statements as the site reads them (text from the
 * Markdown files); `truth` is the generator's record. Deterministic: picks by frequency rank.
 */
export function benchQueries(corpusDir: string, statements: Array<{ briefing: string; turn: string; text: string }>): BenchQuery[] {
  const truth = JSON.parse(readFileSync(path.join(corpusDir, TRUTH_FILE), 'utf8')) as CorpusTruth;
  type Word = [surface: string, base: string, reading: string, pos: string];
  const words: Word[] = truth.words.map(([surface, base, reading, pos]) => [surface, base, reading, truth.partsOfSpeech[pos] ?? '']);
  const wordsOf = new Map<string, number[]>();
  for (const b of truth.briefings) for (const [turn, ids] of b.statements) wordsOf.set(`${b.slug}#${turn}`, ids);
  const docs: CorpusStatement[] = statements.map((s) => {
    const key = `${s.briefing}#${s.turn}`;
    return { key, briefing: s.briefing, folded: oracleFold(s.text), words: wordsOf.get(key) ?? [] };
  });

  // Statement frequency of each word id, and of each base form / reading.
  const df = new Map<number, number>();
  for (const d of docs) for (const id of new Set(d.words)) df.set(id, (df.get(id) ?? 0) + 1);
  const ranked = [...df].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([id]) => id);
  const pick = (ok: (w: Word) => boolean, n: number): Word[] => {
    const candidates = ranked.filter((id) => ok(words[id]!)).map((id) => words[id]!);
    const seen = new Set<string>();
    const unique = candidates.filter((w) => !seen.has(w[0]) && seen.add(w[0]));
    if (unique.length === 0) return [];
    // Spread over the frequency range: frequent, middling and rare words.
    return Array.from({ length: Math.min(n, unique.length) }, (_, i) => unique[Math.floor((i * (unique.length - 1)) / Math.max(1, n - 1))]!)
      .filter((w, i, a) => a.indexOf(w) === i);
  };
  const substringTruth = (...terms: string[]) => new Set(docs.filter((d) => terms.every((t) => d.folded.includes(oracleFold(t)))).map((d) => d.key));

  const queries: BenchQuery[] = [];
  const add = (cls: QueryClass, query: string, truthSet: Set<string>) => {
    if (truthSet.size > 0 && !queries.some((q) => q.query === query)) queries.push({ cls, query, truth: truthSet });
  };

  const nouns = pick((w) => w[3].startsWith('名詞') && KANJI.test(w[0]) && [...w[0]].length >= 2, 5);
  for (const w of nouns) add('exact', w[0], substringTruth(w[0]));

  const katakana = pick((w) => KATAKANA_WORD.test(w[0]), 6);
  for (const w of katakana.slice(0, 3)) {
    const half = toHalfWidth(w[0]);
    if (half) add('halfwidth', half, substringTruth(w[0]));
  }
  const ascii = pick((w) => /^[A-Za-z]{2,}$/u.test(w[0]), 1);
  for (const w of ascii) add('halfwidth', toFullWidthAscii(w[0]), substringTruth(w[0]));
  for (const w of katakana.slice(3)) add('hiragana', oracleFold(w[0]), substringTruth(w[0]));

  // Phrases across a compound: two nouns that stand next to each other in a statement.
  const phrases: string[] = [];
  for (const d of docs) {
    for (let i = 0; i + 1 < d.words.length && phrases.length < 3; i++) {
      const a = words[d.words[i]!]!;
      const b = words[d.words[i + 1]!]!;
      const joined = a[0] + b[0];
      if (a[3].startsWith('名詞') && b[3].startsWith('名詞') && KANJI.test(joined) && d.folded.includes(oracleFold(joined)) && !phrases.includes(joined)) {
        phrases.push(joined);
        break;
      }
    }
    if (phrases.length >= 3) break;
  }
  for (const p of phrases) add('phrase', `"${p}"`, substringTruth(p));

  for (let i = 0; i + 1 < nouns.length && i < 4; i += 2) add('multi', `${nouns[i]![0]} ${nouns[i + 1]![0]}`, substringTruth(nouns[i]![0], nouns[i + 1]![0]));

  const byBase = new Map<string, Set<number>>();
  const byReading = new Map<string, Set<number>>();
  words.forEach((w, id) => {
    (byBase.get(w[1]) ?? byBase.set(w[1], new Set()).get(w[1])!).add(id);
    const r = oracleFold(w[2]);
    (byReading.get(r) ?? byReading.set(r, new Set()).get(r)!).add(id);
  });
  const wordTruth = (ids: Set<number>, text: string) =>
    new Set(docs.filter((d) => d.words.some((id) => ids.has(id)) || d.folded.includes(oracleFold(text))).map((d) => d.key));

  const verbs = pick((w) => w[3].startsWith('動詞,自立') && w[0] !== w[1] && KANJI.test(w[1]) && [...w[1]].length >= 2, 4);
  for (const w of verbs) add('inflection', w[1], wordTruth(byBase.get(w[1])!, w[1]));

  const readable = pick((w) => w[3].startsWith('名詞') && /^[\u4e00-\u9fff]{2,}$/u.test(w[0]) && w[2].length >= 3, 4);
  for (const w of readable) {
    const reading = oracleFold(w[2]);
    add('reading', reading, wordTruth(byReading.get(reading)!, reading));
  }
  return queries;
}
