/** The truth file `_truth.json`: its name, format and shape, written by produce.ts and read by truth.ts. */

/** A word as the truth file lists it. */
export interface Word {
  surface: string;
  base: string;
  reading: string;
  pos: string;
}

export const TRUTH_FILE = '_truth.json';
export const TRUTH_FORMAT = 'bouei-corpus-truth/1';

/** The truth file's shape (what `JSON.parse(readFileSync(out/_truth.json))` gives). */
export interface CorpusTruth {
  format: typeof TRUTH_FORMAT;
  seed: number;
  count: number;
  /** How to read the tuples below. */
  fields: { words: ['surface', 'base', 'reading', 'partOfSpeech']; statements: ['turn', 'wordIds'] };
  /**
   * In generation order (n = 1…count); slug = path under out/ without `.md`; statements in
   * `statementsOf` order: `lead` (when the briefing has one), then `t1`, `t2`, …; word ids distinct,
   * in order of first occurrence in the statement.
   */
  briefings: Array<{ slug: string; statements: Array<[turn: string, wordIds: number[]]> }>;
  /** IPADIC parts of speech (`名詞,固有名詞,地域,国`), indexed by the words' last field. */
  partsOfSpeech: string[];
  /** Word table: [surface, base form, reading (katakana), part of speech index], ids in order of first use. */
  words: Array<[surface: string, base: string, reading: string, partOfSpeech: number]>;
}
