/**
 * The benchmark's fixed query list and its truth, both taken from the corpus generator's own record
 * of what it wrote (`_truth.json`) — never from the index or the query engine under test.
 *
 * Truth per class, at statement level (briefing level is "any statement of the briefing"):
 * - exact, halfwidth, multi, phrase: every term occurs in the statement after a simple
 *   oracle folding (NFKC, lower case, katakana → hiragana) — written here on purpose without the
 *   search normaliser, so that a bug there cannot hide in the truth;
 * - inflection: the statement holds a word whose dictionary form is the query (as the generator
 *   placed it), or the query text itself;
 * - reading, and hiragana (a word typed in hiragana is a reading too): the statement holds a word read
 *   as the query, or the query text itself.
 *
 * Nothing here holds the corpus: the truth file is read a briefing at a time, twice (word frequencies to
 * pick the queries, then every query's truth set), and each briefing's statements are asked for only
 * while its line is read. What stays is the word table and, per query, the keys of its truth set.
 */
import { readTruth, type TruthWord } from './truth.ts';

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

/** Where the statements come from: the site's own parse of each transcript, one briefing at a time. */
export interface StatementSource {
  /** Every briefing's slug, in slug order. */
  slugs: string[];
  /** A briefing's statements (turn and text), in `statementsOf` order. */
  statements(slug: string): Array<{ turn: string; text: string }>;
}

/** Briefings (first in slug order) whose statements are searched for phrases across a compound. */
const PHRASE_BRIEFINGS = 100;

interface Candidate {
  cls: QueryClass;
  query: string;
  /** Does a statement (its folded text, its word ids) belong to the query's truth set? */
  holds: (folded: string, ids: number[]) => boolean;
}

/**
 * Build the query list over the corpus in `corpusDir` (its truth file) as the site reads it (`source`).
 * Deterministic: picks by frequency rank.
 */
export async function benchQueries(corpusDir: string, source: StatementSource): Promise<BenchQuery[]> {
  // Pass 1: statement frequency of each word id; the word ids of the briefings searched for phrases.
  const df = new Map<number, number>();
  const phraseSlugs = new Set(source.slugs.slice(0, PHRASE_BRIEFINGS));
  const phraseIds = new Map<string, number[]>();
  const words: TruthWord[] = await readTruth(corpusDir, (b) => {
    for (const [turn, ids] of b.statements) {
      for (const id of new Set(ids)) df.set(id, (df.get(id) ?? 0) + 1);
      if (phraseSlugs.has(b.slug)) phraseIds.set(`${b.slug}#${turn}`, ids);
    }
  });

  const ranked = [...df].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([id]) => id);
  const pick = (ok: (w: TruthWord) => boolean, n: number): TruthWord[] => {
    const candidates = ranked.filter((id) => ok(words[id]!)).map((id) => words[id]!);
    const seen = new Set<string>();
    const unique = candidates.filter((w) => !seen.has(w[0]) && seen.add(w[0]));
    if (unique.length === 0) return [];
    // Spread over the frequency range: frequent, middling and rare words.
    return Array.from({ length: Math.min(n, unique.length) }, (_, i) => unique[Math.floor((i * (unique.length - 1)) / Math.max(1, n - 1))]!)
      .filter((w, i, a) => a.indexOf(w) === i);
  };
  const candidates: Candidate[] = [];
  const substring = (cls: QueryClass, query: string, ...terms: string[]) => {
    const folded = terms.map(oracleFold);
    candidates.push({ cls, query, holds: (text) => folded.every((t) => text.includes(t)) });
  };

  const byBase = new Map<string, Set<number>>();
  const byReading = new Map<string, Set<number>>();
  words.forEach((w, id) => {
    (byBase.get(w[1]) ?? byBase.set(w[1], new Set()).get(w[1])!).add(id);
    const r = oracleFold(w[2]);
    (byReading.get(r) ?? byReading.set(r, new Set()).get(r)!).add(id);
  });
  const word = (cls: QueryClass, query: string, ids: Set<number>) => {
    const folded = oracleFold(query);
    candidates.push({ cls, query, holds: (text, statementIds) => statementIds.some((id) => ids.has(id)) || text.includes(folded) });
  };

  const nouns = pick((w) => w[3].startsWith('名詞') && KANJI.test(w[0]) && [...w[0]].length >= 2, 5);
  for (const w of nouns) substring('exact', w[0], w[0]);

  const katakana = pick((w) => KATAKANA_WORD.test(w[0]), 6);
  for (const w of katakana.slice(0, 3)) {
    const half = toHalfWidth(w[0]);
    if (half) substring('halfwidth', half, w[0]);
  }
  const ascii = pick((w) => /^[A-Za-z]{2,}$/u.test(w[0]), 1);
  for (const w of ascii) substring('halfwidth', toFullWidthAscii(w[0]), w[0]);
  // A word typed in hiragana is also a reading: it finds the words read that way (README, query syntax),
  // so its truth is the reading class's — the text itself, or a word the generator wrote with that reading.
  for (const w of katakana.slice(3)) {
    const folded = oracleFold(w[0]);
    word('hiragana', folded, byReading.get(folded) ?? new Set());
  }

  // Phrases across a compound: two nouns that stand next to each other in a statement.
  const phrases: string[] = [];
  for (const slug of phraseSlugs) {
    for (const s of source.statements(slug)) {
      const ids = phraseIds.get(`${slug}#${s.turn}`) ?? [];
      const folded = oracleFold(s.text);
      for (let i = 0; i + 1 < ids.length && phrases.length < 3; i++) {
        const a = words[ids[i]!]!;
        const b = words[ids[i + 1]!]!;
        const joined = a[0] + b[0];
        if (a[3].startsWith('名詞') && b[3].startsWith('名詞') && KANJI.test(joined) && folded.includes(oracleFold(joined)) && !phrases.includes(joined)) {
          phrases.push(joined);
          break;
        }
      }
      if (phrases.length >= 3) break;
    }
    if (phrases.length >= 3) break;
  }
  for (const p of phrases) substring('phrase', `"${p}"`, p);

  for (let i = 0; i + 1 < nouns.length && i < 4; i += 2) substring('multi', `${nouns[i]![0]} ${nouns[i + 1]![0]}`, nouns[i]![0], nouns[i + 1]![0]);

  const verbs = pick((w) => w[3].startsWith('動詞,自立') && w[0] !== w[1] && KANJI.test(w[1]) && [...w[1]].length >= 2, 4);
  for (const w of verbs) word('inflection', w[1], byBase.get(w[1])!);

  const readable = pick((w) => w[3].startsWith('名詞') && /^[\u4e00-\u9fff]{2,}$/u.test(w[0]) && w[2].length >= 3, 4);
  for (const w of readable) {
    const reading = oracleFold(w[2]);
    word('reading', reading, byReading.get(reading)!);
  }

  // Pass 2: every candidate's truth set, a briefing at a time.
  const truth = candidates.map(() => new Set<string>());
  await readTruth(corpusDir, (b) => {
    const idsOf = new Map(b.statements);
    for (const s of source.statements(b.slug)) {
      const folded = oracleFold(s.text);
      const ids = idsOf.get(s.turn) ?? [];
      candidates.forEach((c, i) => {
        if (c.holds(folded, ids)) truth[i]!.add(`${b.slug}#${s.turn}`);
      });
    }
  });
  const queries: BenchQuery[] = [];
  candidates.forEach((c, i) => {
    if (truth[i]!.size > 0 && !queries.some((q) => q.query === c.query)) queries.push({ cls: c.cls, query: c.query, truth: truth[i]! });
  });
  return queries;
}
