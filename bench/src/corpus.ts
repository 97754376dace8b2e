/**
 * The benchmark's corpus generator: N synthetic press-conference transcripts in our Markdown format,
 * deterministic per seed, with a truth side-file computed from the generator's own knowledge.
 *
 *   const summary = await generateCorpus({ count: 1000, seed: 1, out: 'bench/out/corpus' });
 *
 * writes `out/<year>/<date>-synthetic-<n>.md` (frontmatter `synthetic: true`) and `out/_truth.json`
 * (the leading `_` keeps it away from the content loader). Same seed + count → byte-identical files.
 * Every briefing has its own random stream (mulberry32 seeded from seed and n), so large corpora are
 * made by two worker threads (this module again) with the same result; files are written as they are
 * made and the truth file is streamed.
 *
 * How the text is made:
 * - Words are real IPADIC entries (bench/src/lexicon.ts): nouns, サ変 nouns, 形容動詞 stems, katakana
 *   loanwords, place/organisation/person names, verbs in real conjugated forms (連用形 + ました, 連用タ接続
 *   + た/だ, て-forms) and adjectives, each drawn from a Zipf-like distribution over its part of speech
 *   (rank = a short list of defense vocabulary first, then IPADIC's word cost, cheapest first).
 * - They fill about a hundred sentence patterns with particles and the sentence-final phrases of
 *   briefings (…ております, …させていただきます, …でしょうか), punctuated with 、 and 。. Numbers carry
 *   units (3発, 1,500人, 2.5兆円); domain terms are written full width in some statements (ＡＩ, ＧＣＡＰ,
 *   ミサイル, ３発) and half width in others (AI, GCAP, ﾐｻｲﾙ, 3発).
 * - Every label style of src/model/labels.ts is used, one style per briefing, cycling so that any
 *   run of ten briefings has them all.
 *
 * The truth file lists, for each briefing (slug) and each statement in `statementsOf` order (lead, then
 * turns t1, t2, …), the words placed in it (each once, in order of first occurrence): ids into a shared
 * table of [surface, base form, reading, part of speech]. Particles, auxiliary verbs, a few function nouns (こと, ところ, よう) and digits are
 * glue, not listed; every other word of a statement is. Labels and headings are not statements and
 * list nothing.
 */

import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Producer, TruthWriter, runWorkers } from './corpus/produce.ts';
import { TRUTH_FILE } from './corpus/truth-file.ts';

export { TRUTH_FILE, TRUTH_FORMAT, type CorpusTruth, type Word } from './corpus/truth-file.ts';
import { removePreviousOutput } from './corpus/output.ts';
import { vocabulary } from './corpus/vocabulary.ts';
import { CorpusPlan } from './corpus/people.ts';

// ---------------------------------------------------------------------------------------------------
// Public API

export interface CorpusOptions {
  /** How many briefings (≥ 1). */
  count: number;
  /** PRNG seed: an integer, or any string (hashed). Default 1. */
  seed?: number | string;
  /** Output directory (created when missing). Earlier generator output in it is removed first. */
  out: string;
  /**
   * Worker threads generating briefings (each builds its own vocabulary, ~2 s). 1 = in this thread.
   * Default: 2 from 1,500 briefings on a machine with 2+ cores, else 1. The output does not depend on it.
   */
  workers?: number;
}

export interface CorpusSummary {
  files: number;
  /** Characters (UTF-16 code units, = characters here) of all transcript files. */
  characters: number;
  /** UTF-8 bytes of all transcript files. */
  bytes: number;
  /** Statements (lead + turns) across the corpus. */
  statements: number;
  /** Distinct (surface, base form, reading) words placed in statements: the truth table's size. */
  distinctWords: number;
  /** Distinct base forms among them. */
  distinctBaseForms: number;
  seed: number;
  out: string;
  truthFile: string;
  workers: number;
  ms: number;
}

/** From this many briefings, two workers beat one thread despite building the vocabulary twice. */
export const WORKERS_FROM = 1500;

/** Generate the corpus. Transcripts are written as they are made; the truth file is streamed. */
export async function generateCorpus(options: CorpusOptions): Promise<CorpusSummary> {
  const started = performance.now();
  const count = options.count;
  if (!Number.isSafeInteger(count) || count < 1) throw new RangeError(`count must be a whole number ≥ 1 (got ${String(count)})`);
  const seed = seedNumber(options.seed ?? 1);
  const out = options.out;
  const workers = Math.max(1, Math.min(options.workers ?? (count >= WORKERS_FROM ? Math.min(2, availableParallelism()) : 1), count));
  if (!Number.isSafeInteger(workers)) throw new RangeError(`workers must be a whole number (got ${String(options.workers)})`);

  mkdirSync(out, { recursive: true });
  await removePreviousOutput(out);
  const truth = new TruthWriter(path.join(out, TRUTH_FILE), seed, count);
  try {
    if (workers === 1) {
      const vocab = vocabulary();
      const plan = new CorpusPlan(seed, vocab);
      const producer = new Producer(plan, out);
      for (let n = 1; n <= count; n++) truth.add(await producer.produce(n), vocab.words);
      await producer.finish();
    } else {
      await runWorkers({ corpusWorker: true, seed, count, out, stride: workers, index: 0 }, truth);
    }
  } finally {
    truth.close();
  }
  return {
    files: count,
    ...truth.totals(),
    seed,
    out,
    truthFile: truth.file,
    workers,
    ms: Math.round(performance.now() - started),
  };
}

/** One line for humans: what was written. */
export function formatSummary(s: CorpusSummary): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return (
    `corpus: ${n(s.files)} files, ${n(s.characters)} characters (${(s.bytes / 1e6).toFixed(1)} MB), ` +
    `${n(s.statements)} statements, ${n(s.distinctWords)} distinct words (${n(s.distinctBaseForms)} base forms), ` +
    `seed ${s.seed} → ${s.out} in ${(s.ms / 1000).toFixed(1)} s`
  );
}

/** A seed as a 32-bit number: integers as they are, other strings hashed (FNV-1a). */
export function seedNumber(seed: number | string): number {
  if (typeof seed === 'number') {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer or a string (got ${seed})`);
    return seed >>> 0;
  }
  if (/^\d{1,15}$/u.test(seed)) return Number(seed) >>> 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
