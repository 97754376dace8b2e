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
 * - Words are real IPADIC entries (src/bench/lexicon.ts): nouns, サ変 nouns, 形容動詞 stems, katakana
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
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, rmdirSync, unlinkSync, writeSync } from 'node:fs';
import { unlink, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { isoToEra, weekday } from '../japanese/era.ts';
import { loadLexicon, toHiragana, type LexEntry, type Lexicon } from './lexicon.ts';

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

/** From this many briefings, two workers beat one thread despite building the vocabulary twice. */
const WORKERS_FROM = 1500;

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

// ---------------------------------------------------------------------------------------------------
// Producing briefings (in this thread or in workers) and the truth file (always in the calling thread)

/** What one briefing leaves for the truth file once its Markdown is written. */
interface Produced {
  n: number;
  slug: string;
  characters: number;
  bytes: number;
  /** Turn ids in statementsOf order. */
  turns: string[];
  /** Each statement's distinct vocabulary keys, in order: statement i is keys[ends[i-1] … ends[i]). */
  keys: Int32Array;
  ends: Int32Array;
}

/**
 * Generates briefings and writes their files. Writes go through libuv's thread pool (creating a file
 * costs more than making its text), at most MAX_WRITES at a time; `produce` waits only when that many
 * are pending, and `finish` for the last ones.
 */
class Producer {
  private plan: CorpusPlan;
  private out: string;
  private dirs = new Set<string>();
  private stamp: Int32Array;
  private statement = 0;
  private writes = new Set<Promise<void>>();

  constructor(plan: CorpusPlan, out: string) {
    this.plan = plan;
    this.out = out;
    this.stamp = new Int32Array(plan.vocab.size);
  }

  async produce(n: number): Promise<Produced> {
    const b = generateBriefing(this.plan, n);
    const dir = path.join(this.out, b.year);
    if (!this.dirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      this.dirs.add(dir);
    }
    const buf = Buffer.from(b.markdown, 'utf8');
    if (this.writes.size >= MAX_WRITES) await Promise.race(this.writes);
    const write = writeFile(path.join(dir, `${b.name}.md`), buf).then(() => {
      this.writes.delete(write);
    });
    this.writes.add(write);
    let total = 0;
    for (const st of b.statements) total += st.words.length;
    const keys = new Int32Array(total);
    const ends = new Int32Array(b.statements.length);
    let k = 0;
    b.statements.forEach((st, i) => {
      this.statement += 1;
      for (const w of st.words) {
        if (this.stamp[w.key] === this.statement) continue;
        this.stamp[w.key] = this.statement;
        keys[k++] = w.key;
      }
      ends[i] = k;
    });
    return {
      n,
      slug: `${b.year}/${b.name}`,
      characters: b.markdown.length,
      bytes: buf.length,
      turns: b.statements.map((st) => st.turn),
      keys: keys.slice(0, k),
      ends,
    };
  }

  /** Wait for the pending writes (rejects with the first failure). */
  async finish(): Promise<void> {
    await Promise.all(this.writes);
  }
}

const MAX_WRITES = 32;

/** Streams `_truth.json`: briefings in order as they come, then the word table. Assigns word ids. */
class TruthWriter {
  readonly file: string;
  private out: ChunkedWriter;
  private words: Word[] = [];
  private idText: string[] = [];
  private idOfKey = new Int32Array(1 << 16).fill(-1);
  private stamp = new Int32Array(1 << 16);
  private byTriple = new Map<string, number>();
  private statement = 0;
  private briefings = 0;
  private counts = { characters: 0, bytes: 0, statements: 0 };

  constructor(file: string, seed: number, count: number) {
    this.file = file;
    this.out = new ChunkedWriter(file);
    this.out.write(
      `{"format":${JSON.stringify(TRUTH_FORMAT)},"seed":${seed},"count":${count},` +
        `"fields":{"words":["surface","base","reading","partOfSpeech"],"statements":["turn","wordIds"]},"briefings":[\n`,
    );
  }

  /** The next briefing (callers keep n order); `wordOf[key]` gives a key's word. */
  add(p: Produced, wordOf: ArrayLike<Word | undefined>): void {
    const rows: string[] = [];
    let from = 0;
    for (let i = 0; i < p.turns.length; i++) {
      const to = p.ends[i]!;
      rows.push(`["${p.turns[i]}",[${this.ids(p.keys.subarray(from, to), wordOf)}]]`);
      from = to;
    }
    this.out.write(`${this.briefings > 0 ? ',\n' : ''}{"slug":${JSON.stringify(p.slug)},"statements":[${rows.join(',')}]}`);
    this.briefings += 1;
    this.counts.characters += p.characters;
    this.counts.bytes += p.bytes;
    this.counts.statements += p.turns.length;
  }

  /**
   * Word ids of a statement's keys, as JSON (`3,17,4`): ids in order of first use; the same (surface,
   * base, reading) shares an id. Each id's text is made once (millions of number-to-text conversions
   * would otherwise cost more than the rest of the truth file).
   */
  private ids(keys: Int32Array, wordOf: ArrayLike<Word | undefined>): string {
    this.statement += 1;
    const ids: string[] = [];
    for (const key of keys) {
      if (key >= this.idOfKey.length) this.grow(key);
      let id = this.idOfKey[key]!;
      if (id < 0) {
        const w = wordOf[key];
        if (!w) throw new Error(`corpus: no word for vocabulary key ${key}`);
        const triple = `${w.surface}\t${w.base}\t${w.reading}`;
        id = this.byTriple.get(triple) ?? -1;
        if (id < 0) {
          id = this.words.length;
          this.words.push({ surface: w.surface, base: w.base, reading: w.reading, pos: w.pos });
          this.idText.push(String(id));
          this.byTriple.set(triple, id);
          if (id >= this.stamp.length) {
            const stamp = new Int32Array(this.stamp.length * 2);
            stamp.set(this.stamp);
            this.stamp = stamp;
          }
        }
        this.idOfKey[key] = id;
      }
      if (this.stamp[id] !== this.statement) {
        this.stamp[id] = this.statement;
        ids.push(this.idText[id]!);
      }
    }
    return ids.join(',');
  }

  private grow(key: number): void {
    const idOfKey = new Int32Array(Math.max(key + 1, this.idOfKey.length * 2)).fill(-1);
    idOfKey.set(this.idOfKey);
    this.idOfKey = idOfKey;
  }

  totals(): { characters: number; bytes: number; statements: number; distinctWords: number; distinctBaseForms: number } {
    return {
      ...this.counts,
      distinctWords: this.words.length,
      distinctBaseForms: new Set(this.words.map((w) => w.base)).size,
    };
  }

  close(): void {
    const posIndex = new Map<string, number>();
    for (const w of this.words) if (!posIndex.has(w.pos)) posIndex.set(w.pos, posIndex.size);
    this.out.write(`\n],"partsOfSpeech":${JSON.stringify([...posIndex.keys()])},"words":[\n`);
    for (let i = 0; i < this.words.length; i++) {
      const w = this.words[i]!;
      this.out.write(`${i > 0 ? ',\n' : ''}${JSON.stringify([w.surface, w.base, w.reading, posIndex.get(w.pos)])}`);
    }
    this.out.write('\n]}\n');
    this.out.close();
  }
}

/** What a worker is told (its workerData). */
interface WorkerJob {
  corpusWorker: true;
  seed: number;
  count: number;
  out: string;
  /** This worker makes briefings n = index + 1, index + 1 + stride, … */
  index: number;
  stride: number;
}

type WorkerMessage =
  | { type: 'batch'; words: Array<[key: number, surface: string, base: string, reading: string, pos: string]>; items: Produced[] }
  | { type: 'done' };

/** Run `job.stride` workers (this module again), and feed their briefings to the truth file in n order. */
function runWorkers(job: WorkerJob, truth: TruthWriter): Promise<void> {
  return new Promise((resolve, reject) => {
    const wordOf: Word[] = [];
    const waiting = new Map<number, Produced>();
    let next = 1;
    let running = job.stride;
    let failed = false;
    const workers: Worker[] = [];
    const fail = (err: unknown) => {
      if (failed) return;
      failed = true;
      for (const w of workers) void w.terminate();
      reject(err instanceof Error ? err : new Error(String(err)));
    };
    for (let index = 0; index < job.stride; index++) {
      const worker = new Worker(new URL(import.meta.url), {
        workerData: { ...job, index } satisfies WorkerJob,
        // Building the vocabulary allocates ~400,000 small objects: a roomier young generation halves GC time.
        resourceLimits: { maxYoungGenerationSizeMb: 64 },
      });
      workers.push(worker);
      worker.on('message', (msg: WorkerMessage) => {
        if (failed || msg.type !== 'batch') return;
        try {
          for (const [key, surface, base, reading, pos] of msg.words) wordOf[key] = { surface, base, reading, pos };
          for (const item of msg.items) waiting.set(item.n, item);
          while (waiting.has(next)) {
            truth.add(waiting.get(next)!, wordOf);
            waiting.delete(next);
            next += 1;
          }
        } catch (err) {
          fail(err);
        }
      });
      worker.on('error', fail);
      worker.on('exit', (code) => {
        if (failed) return;
        if (code !== 0) return fail(new Error(`corpus worker ${index} exited with code ${code}`));
        running -= 1;
        if (running === 0) {
          if (next <= job.count) fail(new Error(`corpus workers finished but briefing ${next} never arrived`));
          else resolve();
        }
      });
    }
  });
}

/** Worker side: build the vocabulary, make every stride-th briefing, post them in batches. */
async function runWorker(job: WorkerJob): Promise<void> {
  const port = parentPort!;
  const vocab = vocabulary();
  const plan = new CorpusPlan(job.seed, vocab);
  const producer = new Producer(plan, job.out);
  const sent = new Uint8Array(vocab.size);
  let words: Array<[number, string, string, string, string]> = [];
  let items: Produced[] = [];
  const post = () => {
    const buffers = items.flatMap((p) => [p.keys.buffer as ArrayBuffer, p.ends.buffer as ArrayBuffer]);
    port.postMessage({ type: 'batch', words, items } satisfies WorkerMessage, buffers);
    words = [];
    items = [];
  };
  for (let n = job.index + 1; n <= job.count; n += job.stride) {
    const p = await producer.produce(n);
    for (const key of p.keys) {
      if (sent[key]) continue;
      sent[key] = 1;
      const w = vocab.words[key]!;
      words.push([key, w.surface, w.base, w.reading, w.pos]);
    }
    items.push(p);
    if (items.length >= 20) post();
  }
  post();
  await producer.finish();
  port.postMessage({ type: 'done' } satisfies WorkerMessage);
}

// ---------------------------------------------------------------------------------------------------
// Output plumbing

const GENERATED_FILE = /^\d{4}-\d{2}-\d{2}-synthetic-\d+\.md$/u;

/** Remove what an earlier run wrote (only files named like ours), so that a smaller count leaves no strays. */
async function removePreviousOutput(out: string): Promise<void> {
  const truthPath = path.join(out, TRUTH_FILE);
  if (existsSync(truthPath)) unlinkSync(truthPath);
  for (const entry of readdirSync(out, { withFileTypes: true })) {
    if (!entry.isDirectory() || !/^\d{4}$/u.test(entry.name)) continue;
    const dir = path.join(out, entry.name);
    const ours = readdirSync(dir).filter((f) => GENERATED_FILE.test(f));
    for (let i = 0; i < ours.length; i += MAX_WRITES) {
      await Promise.all(ours.slice(i, i + MAX_WRITES).map((f) => unlink(path.join(dir, f))));
    }
    if (readdirSync(dir).length === 0) rmdirSync(dir);
  }
}

/** Appends text to a file in ~1 MB writes, so the truth file never sits in memory whole. */
class ChunkedWriter {
  private fd: number;
  private parts: string[] = [];
  private size = 0;
  constructor(file: string) {
    this.fd = openSync(file, 'w');
  }
  write(s: string): void {
    this.parts.push(s);
    this.size += s.length;
    if (this.size > 1 << 20) this.flush();
  }
  flush(): void {
    if (this.parts.length > 0) writeSync(this.fd, this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/** A word of the vocabulary: `key` numbers it (0…size-1) in build order, the same in every worker. */
interface VWord extends Word {
  key: number;
}

// ---------------------------------------------------------------------------------------------------
// Randomness: mulberry32, a small 32-bit generator; every briefing gets its own stream from (seed, n).

export class Rng {
  private a: number;
  constructor(seed: number) {
    this.a = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    this.a = (this.a + 0x6d2b79f5) | 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
}

/** Mix two 32-bit numbers into a seed (murmur3's finaliser). */
function mix(a: number, b: number): number {
  let h = (Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Items drawn with Zipf–Mandelbrot weights 1/(rank + q)^s: the first items common, the tail rare.
 * Sampling is O(1) with an alias table (Vose): one uniform number picks a column (integer part) and
 * decides between the column's own item and its alias (fractional part).
 */
export class ZipfPool<T> {
  readonly items: readonly T[];
  private prob: Float64Array;
  private alias: Int32Array;
  constructor(items: readonly T[], s = 1, q = 2.7) {
    const n = items.length;
    if (n === 0) throw new Error('empty word pool');
    this.items = items;
    const scaled = new Float64Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) total += scaled[i] = 1 / Math.pow(i + 1 + q, s);
    for (let i = 0; i < n; i++) scaled[i] = (scaled[i]! * n) / total;
    this.prob = new Float64Array(n);
    this.alias = new Int32Array(n);
    const small: number[] = [];
    const large: number[] = [];
    for (let i = n - 1; i >= 0; i--) (scaled[i]! < 1 ? small : large).push(i);
    while (small.length > 0 && large.length > 0) {
      const lo = small.pop()!;
      const hi = large.pop()!;
      this.prob[lo] = scaled[lo]!;
      this.alias[lo] = hi;
      scaled[hi] = scaled[hi]! + scaled[lo]! - 1;
      (scaled[hi]! < 1 ? small : large).push(hi);
    }
    for (const i of large) this.prob[i] = 1;
    for (const i of small) this.prob[i] = 1;
  }
  draw(rng: Rng): T {
    const u = rng.next() * this.items.length;
    const i = Math.floor(u);
    return this.items[u - i < this.prob[i]! ? i : this.alias[i]!]!;
  }
}

// ---------------------------------------------------------------------------------------------------
// Vocabulary: IPADIC entries sorted into pools

interface VerbLemma {
  /** 基本形 row (行う). */
  dict: VWord;
  /** 連用形 row, for ます and the 連用中止 (行い). */
  masu: VWord;
  /** Row the past and te-forms attach to (行っ), and what attaches: た/て or だ/で. */
  taStem: VWord;
  ta: 'た' | 'だ';
  te: 'て' | 'で';
}

interface AdjLemma {
  dict: VWord; // 厳しい
  ku: VWord; // 厳しく
}

interface Vocabulary {
  noun: ZipfPool<VWord>;
  kata: ZipfPool<VWord>;
  sahen: ZipfPool<VWord>;
  adjv: ZipfPool<VWord>;
  advn: ZipfPool<VWord>;
  adverb: ZipfPool<VWord>;
  conj: ZipfPool<VWord>;
  country: ZipfPool<VWord>;
  place: ZipfPool<VWord>;
  org: ZipfPool<VWord>;
  proper: ZipfPool<VWord>;
  family: ZipfPool<VWord>;
  given: ZipfPool<VWord>;
  verb: ZipfPool<VerbLemma>;
  adj: ZipfPool<AdjLemma>;
  terms: Term[];
  counters: Counter[];
  /** Resolves the `[surface=base@pos]` words of patterns. */
  fixed: (spec: string) => VWord;
  /** Every word by key (keys are 0…size-1, assigned in build order). */
  words: VWord[];
  size: number;
}

/** Domain terms, both widths: ＡＩ / AI, ミサイル / ﾐｻｲﾙ. */
interface Term {
  full: VWord;
  half: VWord;
}

/** A number's unit: the IPADIC words that follow the digits (億 + 円), and how big numbers get. */
interface Counter {
  words: VWord[];
  min: number;
  max: number;
  decimals?: boolean;
}

/** Surfaces made of kanji and kana only: nothing Markdown or a label could take for syntax. */
const PLAIN = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々ヶ]+$/u;
const KATAKANA = /^[\p{Script=Katakana}ー]+$/u;
const HAN_ONLY = /^[\p{Script=Han}々]+$/u;
/** A reading the tokenizer could prefer instead (another row, same surface) must cost this much more. */
const AMBIGUITY_MARGIN = 400;

// Defense vocabulary: ranked first in their pools when IPADIC has them (as an unambiguous entry).
const TOP_NOUNS =
  '安全 情勢 地域 平和 政府 国民 部隊 装備 艦艇 航空機 領域 体制 能力 予算 基地 領空 領海 事案 課題 状況 会議 政策 戦略 弾道 脅威 環境 技術 災害 隊員 任務 周辺 海域 空域 艦船 潜水艦 護衛艦 戦闘機 哨戒機 輸送機 弾薬 施設 司令部 法案 国会 内閣 総理 首脳 米軍 宇宙 電磁波 情報 意見 関係 国際 社会 秩序 現状 方針 記者 見解 詳細 結果 影響 被害 住民 自治体 知事 市長 地元 日程 期間 規模 範囲 目的 意図 懸念 措置 制度 法律 憲法 条約 協定 文書 人材 処遇 基盤 企業 価格 経費 財源 大臣 幹部 職員 機体 部品 燃料 陸上 海上 航空 離島 沿岸 上空 海峡 半島 同盟国 当局 軍事 兵器 兵力 戦力 戦争 紛争 危機 事態 有事 現場 態勢 全力 万全 見通し 前回 次回 年度 次期 将来 中長期 防衛費 弾頭 海空 日米 日韓'.split(' ');
const TOP_SAHEN =
  '防衛 訓練 協力 強化 対応 発射 開発 輸出 派遣 活動 連携 会談 整備 実施 確認 検討 調整 推進 参加 貢献 支援 確保 改善 募集 教育 研究 生産 契約 調達 説明 報告 議論 判断 評価 分析 警戒 監視 抑止 共有 交換 合意 抗議 要請 表明 配備 運用 展開 飛行 航行 侵入 接近 着弾 落下 発表 公表 承知 認識 期待 注視 対処 防護 迎撃 探知 追尾 検証 指摘 協議 調査 移設 工事 負担 軽減 改正 提言 策定 改定 決定 署名 締結 訪問 出席 視察 進展 増加 減少 拡大 維持 向上 構築 深化 発展 実現 達成 努力 理解 対話 演習 警備 防空 哨戒 救助 輸送 補給 指揮 統合 同盟 交流 意見交換'.split(' ');
const TOP_VERBS =
  '進める 示す 考える 高める 図る 深める 守る 取り組む 踏まえる 求める 受ける 続ける 見る 述べる 努める 伝える 含む 持つ 確かめる 見極める 備える 生かす 果たす 重ねる 築く 広げる 働きかける 申し上げる 聞く 話す 迎える 加える 始める 決める 変わる 増える 減る 強める 支える 取る 出す 見守る 引き上げる 整える 掲げる 打ち出す 向き合う 至る 及ぶ 務める 担う 抱える 訪れる 結ぶ 送る 届ける 集める 固める 受け止める 乗り越える 行う'.split(' ');
const TOP_ADJ = '厳しい 新しい 大きい 難しい 強い 高い 多い 早い 深い 広い 著しい 幅広い 力強い 望ましい 少ない 低い 遠い 近い 長い 重い'.split(' ');
const TOP_ADJV =
  '重要 必要 緊密 着実 大切 適切 確か 明らか 様々 具体的 積極的 不可欠 十分 可能 困難 深刻 重大 慎重 迅速 円滑 強固 安定的 効果的 継続的 主体的 戦略的 透明 公正 自由 健全 有意義 有効 喫緊 遺憾 残念'.split(' ');
const TOP_ADVN = '今後 本日 現在 先日 昨日 当面 最近 今年 昨年 来年 今月 先月 今週 従来 以前 今日 明日 同日 翌日 年内'.split(' ');
const TOP_ADVERBS = '引き続き 改めて 直ちに しっかり 極めて 特に 更に 既に 必ず 常に 一層 一段と 大変 決して 当然 随時 逐次 まず 早急 適時 何より 今一度 いかに'.split(' ');
const TOP_COUNTRIES =
  '米国 中国 韓国 北朝鮮 ロシア 台湾 インド フィリピン 英国 フランス ドイツ イタリア カナダ ウクライナ ベトナム インドネシア シンガポール タイ マレーシア ニュージーランド オーストラリア イスラエル イラン 日本 モンゴル'.split(' ');
const TOP_PLACES =
  '沖縄 尖閣 与那国 横須賀 佐世保 那覇 嘉手納 岩国 三沢 宮古島 石垣 奄美 馬毛島 北海道 東京 市ヶ谷 小笠原 硫黄島 普天間 辺野古 九州 対馬 舞鶴 千歳 百里 築城 新田原 南西 東シナ海 日本海 太平洋'.split(' ');
const TOP_ORGS = '自衛隊 外務省 国連 防衛庁 内閣府 財務省 米国防総省 航空自衛隊 陸上自衛隊 海上自衛隊'.split(' ');
const TOP_KATA =
  'ミサイル レーダー システム ネットワーク データ サイバー センサー ヘリコプター エンジン プロジェクト パートナー メッセージ プロセス スケジュール ルール リスク コスト インフラ セキュリティ テロ パトロール パイロット ミッション プログラム サプライ チェーン ステルス ロケット ドクトリン'.split(' ');
const CONJUNCTIONS = 'また さらに そして しかし 一方 なお ただ したがって 次に 併せて つまり ですから ただし そのうえで まずは 例えば 及び 並びに'.split(' ');

/** Domain terms: [canonical form, reading, part of speech]; the full-width form is derived. */
const TERMS: Array<[string, string, string]> = [
  ['AI', 'エーアイ', '名詞,固有名詞,一般'],
  ['GCAP', 'ジーキャップ', '名詞,固有名詞,一般'],
  ['NATO', 'ナトー', '名詞,固有名詞,組織'],
  ['ASEAN', 'アセアン', '名詞,固有名詞,組織'],
  ['QUAD', 'クアッド', '名詞,固有名詞,一般'],
  ['F-35', 'エフサンジュウゴ', '名詞,固有名詞,一般'],
  ['PAC-3', 'パックスリー', '名詞,固有名詞,一般'],
  ['SM-3', 'エスエムスリー', '名詞,固有名詞,一般'],
  ['EEZ', 'イーイーゼット', '名詞,一般'],
  ['ミサイル', 'ミサイル', '名詞,一般'],
  ['レーダー', 'レーダー', '名詞,一般'],
  ['ドローン', 'ドローン', '名詞,一般'],
  ['イージス', 'イージス', '名詞,固有名詞,一般'],
  ['サイバー', 'サイバー', '名詞,一般'],
  ['ステルス', 'ステルス', '名詞,一般'],
  ['ヘリコプター', 'ヘリコプター', '名詞,一般'],
  ['スクランブル', 'スクランブル', '名詞,サ変接続'],
];

const HALF_KATAKANA: Record<string, string> = (() => {
  const full = 'ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン';
  const half = 'ｦｧｨｩｪｫｬｭｮｯｰｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝ';
  const map: Record<string, string> = {};
  for (let i = 0; i < full.length; i++) map[full[i]!] = half[i]!;
  const voiced = 'ガギグゲゴザジズゼゾダヂヅデドバビブベボ';
  const plain = 'カキクケコサシスセソタチツテトハヒフヘホ';
  for (let i = 0; i < voiced.length; i++) map[voiced[i]!] = `${map[plain[i]!]}ﾞ`;
  const semi = 'パピプペポ';
  for (let i = 0; i < semi.length; i++) map[semi[i]!] = `${map['ハヒフヘホ'[i]!]}ﾟ`;
  map['ヴ'] = 'ｳﾞ';
  map['・'] = '･';
  return map;
})();

/** ASCII → full width (ＡＩ, Ｆ－３５), katakana → half width (ﾐｻｲﾙ). */
export function toFullWidthAscii(s: string): string {
  return s.replace(/[!-~]/gu, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}
export function toHalfWidthKatakana(s: string): string {
  return s.replace(/[ァ-ヴー・]/gu, (c) => HALF_KATAKANA[c] ?? c);
}

let vocabCache: Vocabulary | null = null;

function vocabulary(): Vocabulary {
  if (vocabCache) return vocabCache;
  vocabCache = buildVocabulary(loadLexicon());
  return vocabCache;
}

function buildVocabulary(lex: Lexicon): Vocabulary {
  const entries = lex.entries;

  // One pass: entries by part of speech; for each surface its cheapest row, and the cheapest row read
  // differently (rival). When the cheapest row changes reading, the old one becomes a rival; a rival
  // may then be left that reads like the new cheapest row, which only makes the test below stricter.
  const byPos = new Map<string, LexEntry[]>();
  const surfaceIndex = new Map<string, number>();
  const best: LexEntry[] = [];
  const rival: number[] = [];
  const surfaceOf = new Int32Array(entries.length); // entry id → index into best/rival
  for (const e of entries) {
    const list = byPos.get(e.pos);
    if (list) list.push(e);
    else byPos.set(e.pos, [e]);
    const i = surfaceIndex.get(e.surface);
    if (i === undefined) {
      surfaceOf[e.id] = best.length;
      surfaceIndex.set(e.surface, best.length);
      best.push(e);
      rival.push(Infinity);
      continue;
    }
    surfaceOf[e.id] = i;
    const b = best[i]!;
    if (e.reading === b.reading) {
      if (e.cost < b.cost) best[i] = e;
    } else if (e.cost < b.cost) {
      rival[i] = Math.min(rival[i]!, b.cost);
      best[i] = e;
    } else rival[i] = Math.min(rival[i]!, e.cost);
  }
  /** The tokenizer would read this surface this way: the cheapest reading, and no close second. */
  const unambiguous = (e: LexEntry): boolean => {
    const i = surfaceOf[e.id]!;
    const b = best[i]!;
    return b.reading === e.reading && rival[i]! >= b.cost + AMBIGUITY_MARGIN;
  };

  // Vocabulary words, numbered in build order; one object per IPADIC row.
  const words: VWord[] = [];
  const made: Array<VWord | undefined> = new Array<VWord | undefined>(entries.length);
  const vword = (e: LexEntry): VWord => {
    let w = made[e.id];
    if (!w) {
      w = { surface: e.surface, base: e.base, reading: e.reading, pos: e.pos, key: words.length };
      words.push(w);
      made[e.id] = w;
    }
    return w;
  };

  /** A pool: rows of these parts of speech, deduplicated by surface, curated words first then by cost. */
  const pool = (pos: string, top: readonly string[], filter: (e: LexEntry) => boolean = () => true, minLength = 2, maxLength = 10): LexEntry[] => {
    const seen = new Set<string>();
    const list: LexEntry[] = [];
    for (const e of byPos.get(pos) ?? []) {
      const len = e.surface.length;
      if (len < minLength || len > maxLength || seen.has(e.surface)) continue;
      if (!PLAIN.test(e.surface) || !unambiguous(e) || !filter(e)) continue;
      seen.add(e.surface);
      list.push(e);
    }
    list.sort((a, b) => a.cost - b.cost);
    const index = new Map(list.map((e) => [e.surface, e] as const));
    const first = [...new Set(top.map((w) => index.get(w)).filter((e): e is LexEntry => e !== undefined))];
    const chosen = new Set(first);
    return [...first, ...list.filter((e) => !chosen.has(e))];
  };
  const zipf = (list: LexEntry[], s: number) => new ZipfPool(list.map(vword), s);

  const nouns = pool('名詞,一般', TOP_NOUNS);
  const kataTop = new Set(TOP_KATA);
  const kata = nouns.filter((e) => KATAKANA.test(e.surface) && e.surface.length >= 3);
  kata.sort((a, b) => Number(kataTop.has(b.surface)) - Number(kataTop.has(a.surface)));

  // Verbs and adjectives: group the conjugated rows of each lemma (base + conjugation type).
  const TA_DA: Record<string, ['た' | 'だ', 'て' | 'で', 'masu' | 'ta']> = {
    一段: ['た', 'て', 'masu'],
    '五段・サ行': ['た', 'て', 'masu'],
    'サ変・−スル': ['た', 'て', 'masu'],
    '五段・カ行イ音便': ['た', 'て', 'ta'],
    '五段・カ行促音便': ['た', 'て', 'ta'],
    '五段・タ行': ['た', 'て', 'ta'],
    '五段・ラ行': ['た', 'て', 'ta'],
    '五段・ワ行促音便': ['た', 'て', 'ta'],
    '五段・ガ行': ['だ', 'で', 'ta'],
    '五段・マ行': ['だ', 'で', 'ta'],
    '五段・バ行': ['だ', 'で', 'ta'],
    '五段・ナ行': ['だ', 'で', 'ta'],
  };
  const lemmasOf = (pos: string, types: (t: string) => boolean) => {
    const lemmas = new Map<string, Map<string, LexEntry[]>>();
    for (const e of byPos.get(pos) ?? []) {
      if (!types(e.conjType)) continue;
      const key = `${e.base}|${e.conjType}`;
      let forms = lemmas.get(key);
      if (!forms) lemmas.set(key, (forms = new Map()));
      const rows = forms.get(e.conjForm);
      if (rows) rows.push(e);
      else forms.set(e.conjForm, [e]);
    }
    return lemmas;
  };
  /** The row of a form; null when missing, read two ways within the lemma, or ambiguous overall. */
  const form = (forms: Map<string, LexEntry[]>, name: string): LexEntry | null => {
    const rows = forms.get(name);
    if (!rows) return null;
    // Variants of a form (高く, 高くっ) are fine: take the plain one; the same surface read two ways is not.
    const plain = name === '連用テ接続' ? rows.filter((r) => r.surface.endsWith('く')) : rows;
    const row = (plain.length > 0 ? plain : rows).reduce((a, b) => (b.cost < a.cost ? b : a));
    if (rows.some((r) => r.surface === row.surface && r.reading !== row.reading)) return null;
    return PLAIN.test(row.surface) && unambiguous(row) ? row : null;
  };
  /** Lemmas by the cost of their 基本形, curated ones first. */
  const ranked = <T extends { dict: LexEntry }>(list: T[], top: readonly string[]): T[] => {
    list.sort((a, b) => a.dict.cost - b.dict.cost);
    const first = [...new Set(top.map((w) => list.find((l) => l.dict.surface === w)).filter((l): l is T => l !== undefined))];
    const chosen = new Set(first);
    return [...first, ...list.filter((l) => !chosen.has(l))];
  };
  const verbRows: Array<{ dict: LexEntry; masu: LexEntry; taStem: LexEntry; ta: 'た' | 'だ'; te: 'て' | 'で' }> = [];
  for (const [key, forms] of lemmasOf('動詞,自立', (t) => t in TA_DA)) {
    const [ta, te, stem] = TA_DA[key.slice(key.indexOf('|') + 1)]!;
    const dict = form(forms, '基本形');
    const masu = form(forms, '連用形');
    const taStem = stem === 'masu' ? masu : form(forms, '連用タ接続');
    if (dict && masu && taStem && dict.surface.length >= 2) verbRows.push({ dict, masu, taStem, ta, te });
  }
  const adjRows: Array<{ dict: LexEntry; ku: LexEntry }> = [];
  for (const forms of lemmasOf('形容詞,自立', (t) => t === '形容詞・アウオ段' || t === '形容詞・イ段').values()) {
    const dict = form(forms, '基本形');
    const ku = form(forms, '連用テ接続');
    if (dict && ku && dict.surface.length >= 2) adjRows.push({ dict, ku });
  }

  // Fixed words of the patterns: `[surface]`, `[surface=base]`, `[surface=base@POS prefix]`.
  const needed = new Set(FIXED_SURFACES);
  const bySurface = new Map<string, LexEntry[]>();
  for (const e of entries) {
    if (!needed.has(e.surface)) continue;
    const list = bySurface.get(e.surface);
    if (list) list.push(e);
    else bySurface.set(e.surface, [e]);
  }
  const fixedCache = new Map<string, VWord>();
  let frozen = false;
  const fixed = (spec: string): VWord => {
    const hit = fixedCache.get(spec);
    if (hit) return hit;
    // Keys must not depend on which briefings a worker makes: every fixed word is resolved here, up front.
    if (frozen) throw new Error(`word spec [${spec}] is not in FIXED_SPECS`);
    const m = /^([^=@]+)(?:=([^@]+))?(?:@(.+))?$/u.exec(spec);
    if (!m) throw new Error(`bad word spec [${spec}]`);
    const [, surface, base, pos] = m;
    const rows = (bySurface.get(surface!) ?? []).filter(
      (e) => (!base || e.base === base) && (pos ? e.pos.startsWith(pos) : !/^(助詞|助動詞|記号)/u.test(e.pos)),
    );
    if (rows.length === 0) throw new Error(`IPADIC has no entry for [${spec}] (is "${surface}" listed in FIXED_SURFACES?)`);
    const row = vword(rows.reduce((a, b) => (b.cost < a.cost ? b : a)));
    fixedCache.set(spec, row);
    return row;
  };

  const term = (surface: string, base: string, reading: string, pos: string): VWord => {
    const w = { surface, base, reading, pos, key: words.length };
    words.push(w);
    return w;
  };
  const terms: Term[] = TERMS.map(([canonical, reading, pos]) => ({
    full: term(toFullWidthAscii(canonical), canonical, reading, pos),
    half: term(toHalfWidthKatakana(canonical), canonical, reading, pos),
  }));
  const counter = (specs: string[], min: number, max: number, decimals = false): Counter => ({
    words: specs.map(fixed),
    min,
    max,
    decimals,
  });
  const SUF = '@名詞,接尾,助数詞';
  const counters: Counter[] = [
    counter([`発=発${SUF}`], 1, 30),
    counter([`機=機${SUF}`], 1, 150),
    counter([`隻=隻${SUF}`], 1, 40),
    counter([`人=人${SUF}`], 2, 30000),
    counter([`名=名${SUF}`], 2, 5000),
    counter([`回=回${SUF}`], 1, 60),
    counter([`件=件${SUF}`], 1, 900),
    counter([`キロ=キロ${SUF}`], 10, 3500),
    counter([`メートル=メートル${SUF}`], 5, 9000),
    counter([`トン=トン${SUF}`], 100, 99000),
    counter(['億=億@名詞,数', `円=円${SUF}`], 1, 9999),
    counter(['兆=兆@名詞,数', `円=円${SUF}`], 1, 45, true),
    counter(['万=万@名詞,数', `人=人${SUF}`], 1, 300),
    counter([`か国=か国${SUF}`], 2, 50),
    counter([`％=％${SUF}`], 1, 40, true),
    counter([`時間=時間${SUF}`], 1, 72),
    counter([`か月=か月${SUF}`], 1, 36),
    counter([`両=両${SUF}`], 1, 200),
    counter([`基=基${SUF}`], 1, 50),
  ];

  const vocab: Omit<Vocabulary, 'size' | 'words'> = {
    noun: zipf(nouns, 1.0),
    kata: zipf(kata, 1.0),
    sahen: zipf(pool('名詞,サ変接続', TOP_SAHEN), 1.0),
    adjv: zipf(pool('名詞,形容動詞語幹', TOP_ADJV), 1.0),
    advn: zipf(pool('名詞,副詞可能', TOP_ADVN), 1.1),
    adverb: zipf(pool('副詞,一般', TOP_ADVERBS), 1.1),
    conj: new ZipfPool(CONJUNCTIONS.map((c) => fixed(`${c}@接続詞`)), 0.8),
    country: zipf(pool('名詞,固有名詞,地域,国', TOP_COUNTRIES), 1.0),
    place: zipf(pool('名詞,固有名詞,地域,一般', TOP_PLACES), 0.9),
    org: zipf(pool('名詞,固有名詞,組織', TOP_ORGS), 0.9),
    proper: zipf(pool('名詞,固有名詞,一般', []), 0.9),
    family: zipf(pool('名詞,固有名詞,人名,姓', [], (e) => HAN_ONLY.test(e.surface)), 0.9),
    given: zipf(pool('名詞,固有名詞,人名,名', [], (e) => HAN_ONLY.test(e.surface), 1), 0.9),
    verb: new ZipfPool(
      ranked(verbRows, TOP_VERBS).map((l) => ({ dict: vword(l.dict), masu: vword(l.masu), taStem: vword(l.taStem), ta: l.ta, te: l.te })),
      1.0,
    ),
    adj: new ZipfPool(
      ranked(adjRows, TOP_ADJ).map((l) => ({ dict: vword(l.dict), ku: vword(l.ku) })),
      1.0,
    ),
    terms,
    counters,
    fixed,
  };
  for (const spec of FIXED_SPECS) fixed(spec);
  for (const p of POSITIONS) for (const spec of [...p.titleWords, ...p.addrWords]) fixed(spec);
  frozen = true;
  return { ...vocab, words, size: words.length };
}

// ---------------------------------------------------------------------------------------------------
// Sentence patterns

/**
 * Pattern notation: `{slot}` a word drawn from a pool (see SLOTS), `{macro}` a fixed phrase (MACROS),
 * `[surface=base@POS]` a fixed IPADIC word (base and POS optional, to pick the row), anything else glue.
 */
const MACROS: Record<string, string> = {
  shi: '[し=する@動詞,自立]',
  sase: '[さ=する@動詞,自立]せ',
  iru: '[い=いる@動詞,非自立]',
  iruru: '[いる=いる@動詞,非自立]',
  ori: '[おり=おる@動詞,非自立]',
  mairi: '[まいり=まいる@動詞,非自立]',
  itadaki: '[いただき=いただく@動詞,非自立]',
  itadai: '[いただい=いただく@動詞,非自立]',
  kudasai: '[ください=くださる@動詞,非自立]',
  omoi: '[思い=思う@動詞,自立]',
  kangae: '[考え=考える@動詞,自立]',
  ari: '[あり=ある@動詞,自立]',
  aru: '[ある=ある@動詞,自立]',
  itashi: '[いたし=いたす@動詞,自立]',
  iki: '[いき=いく@動詞,非自立]',
  naっ: '[なっ=なる@動詞,自立]',
};

const SLOTS = [
  'np', 'n', 'k', 's', 'an', 'a', 'aku', 'ad', 'advn', 'pl', 'co', 'or', 'pr', 't', 'num', 'conj',
  'vm', 'vta', 'vte', 'vd', 'addr', 'fam',
] as const;
type Slot = (typeof SLOTS)[number];

const OFFICIAL = [
  '{np}を{vm}ました。',
  '{np}は{np}を{vm}ました。',
  '{np}を{s}{itashi}ました。',
  '{np}について{s}を[行い=行う@動詞]ました。',
  '{np}の{s}を[実施]{sase}て{itadaki}ます。',
  '{np}が{a}と{kangae}て{ori}ます。',
  '{np}は{an}であると[認識]{shi}て{ori}ます。',
  '{np}を{s}{shi}て{mairi}たいと{kangae}て{ori}ます。',
  '{np}が{vta}ところでございます。',
  '{np}と{np}の{s}に{vm}たいと{omoi}ます。',
  '{np}の{s}が{aku}{naっ}て{ori}ます。',
  '{np}は{an}な{n}であります。',
  '{num}の{np}を{vta}ということでございます。',
  '{np}に{vm}、{np}を{s}[する=する@動詞,自立][必要]があると{kangae}て{ori}ます。',
  '{co}との{s}を{aku}{s}{shi}て{mairi}ます。',
  '{np}の{s}については、{np}が{vta}と[承知]{shi}て{ori}ます。',
  '{np}を{vte}{np}を{s}{shi}て{iki}たいと{omoi}ます。',
  '{np}が{vta}ことは{an}であると{omoi}ます。',
  '{np}で{num}の{np}が{vta}ことを[確認]{shi}て{ori}ます。',
  '{t}を[含め=含める@動詞]た{np}の{s}を[進め=進める@動詞]て{mairi}ます。',
  '{np}につきましては、{np}の{s}を{vte}{ori}ます。',
  '{pl}において{np}を{vta}ところであります。',
  '{ad}{np}を{vm}ました。',
  '{np}は{np}にとって{a}{n}であります。',
  '{np}の{s}に[向け=向ける@動詞]て、{np}と{aku}{s}{shi}て{iki}たいと{kangae}て{ori}ます。',
  '{or}の{s}については、{vta}{n}を[踏まえ=踏まえる@動詞]て{s}{shi}て{mairi}ます。',
  '{np}を{s}{sase}て{itadai}たところでございます。',
  '{np}については[現在]{s}中でありまして、{s}を[待っ=待つ@動詞]て{s}{shi}て{mairi}たいと{omoi}ます。',
  '[引き続き=引き続き@副詞]、{np}を{s}{shi}て{mairi}ます。',
  '{np}が{vm}ましたので、{np}を{vm}ました。',
  '{np}と{np}が{s}{shi}て{ori}、{np}を{vm}ます。',
  '{np}の{num}が{vta}ことは[事実]でございます。',
  '{np}は{a}ですが、{np}を{s}{shi}て{mairi}ます。',
  '{np}の{s}を{vte}{iruru}ところであります。',
  '{np}につきまして{s}を[申し上げ=申し上げる@動詞]ます。',
  '{co}の{np}が{vta}ことを[受け=受ける@動詞]、{np}の{s}を{vm}ました。',
  '{t}の{s}については、{np}を{vm}つつ{an}に{s}{shi}て{mairi}ます。',
  '{np}に{num}の{np}を{s}{shi}、{np}を{vm}ました。',
  '{fam}[大臣]との{s}では、{np}について{an}な{s}を{vm}ました。',
  '{np}は{aku}、{np}が{vta}ことも[事実]であります。',
  '{np}の{s}は{an}であり、{np}を{s}{shi}て{iki}ます。',
  '{pl}の{np}で{s}を{vm}、{np}を[確認]{itashi}ました。',
  '{np}として{np}を{vm}、{np}に{s}{shi}て{ori}ます。',
  '{np}が{vd}ことは{a}と{omoi}ます。',
  '{np}を{vd}{n}が{vta}と[聞い=聞く@動詞]て{ori}ます。',
  '{np}による{s}は{an}な{s}であります。',
  '{np}の{s}が{vta}ことを[歓迎=歓迎@名詞]{itashi}ます。',
  '{num}を{vta}{np}については、{s}を{vte}{iruru}ところでございます。',
];

const OFFICIAL_SHORT = [
  '{n}を{vm}ました。',
  '{s}{shi}て{ori}ます。',
  '{n}は{an}です。',
  '{conj}、{n}を{vm}ます。',
  '{n}が{vta}ところです。',
  '{s}を[確認]{shi}ました。',
  '{ad}{s}{itashi}ます。',
  '{n}と{s}を{vm}ました。',
];

const OPENERS = [
  '{conj}、',
  '{conj}、',
  '{advn}、',
  '{advn}は、',
  '{np}につきましては、',
  '{np}に関しましては、',
  '{co}との{s}において、',
  '{np}を{vm}、',
  '{np}が{vta}ことを[受け=受ける@動詞]、',
  '{np}の{s}に[向け=向ける@動詞]て、',
  '{np}を[踏まえ=踏まえる@動詞]、',
  '{num}の{np}について、',
  '{ad}、',
  '{t}の{s}については、',
  '{np}と{np}の{s}を通じて、',
  '{np}で{vte}、',
];

const CONTEXT = [
  '{np}が{vta}との[報道]が{ari}ます。',
  '{np}について{vta}と[聞い=聞く@動詞]て{ori}ます。',
  '{co}の{np}が{vta}ことについて{s}が[出=出る@動詞]て{iru}ます。',
  '{num}の{np}を{vta}と[報じ=報じる@動詞]られて{iru}ます。',
  '{pl}で{np}が{vta}ということです。',
  '{ad}{np}の{s}が{vm}ました。',
  '{t}の{s}を[巡っ=巡る@動詞]ては、{np}が{a}という{s}も{ari}ます。',
  '{or}が{vta}{np}について[伺い=伺う@動詞]ます。',
  '{fam}[議員]は{np}について{vta}と[指摘]{shi}て{iru}ます。',
  '{fam}[知事]は{np}の{s}について{a}と[発言]{shi}て{iru}ます。',
  '{np}の{s}は{num}に{vta}ということです。',
  '[先ほど]の{s}に[関連]{shi}て、{np}について[伺い=伺う@動詞]ます。',
  '{np}では{np}が{aku}{naっ}て{iru}ます。',
  '{co}と{co}の{s}が{vta}ことに{s}の{n}が{vta}と[思い=思う@動詞]ます。',
];

const QUESTIONS = [
  '{np}について、{addr}の[見解]をお[聞かせ=聞かす@動詞]{kudasai}。',
  '{np}をどのようにお{kangae}でしょうか。',
  '{np}は{vm}ますか。',
  '{np}の{s}について、{addr}はどう{vm}ますか。',
  '{np}に{vta}{np}の{s}は{vd}のでしょうか。',
  '{np}についての{s}を[教え=教える@動詞]て{kudasai}。',
  '{np}が{vta}ということですが、{addr}の[受け止め=受け止める@動詞]を[伺い=伺う@動詞]たいと{omoi}ます。',
  '{np}について、{s}の{n}は{aru}のでしょうか。',
  '{co}との{s}を{vm}ますか、[それとも@接続詞]{s}を{vm}ますか。',
  '{np}の{s}について{addr}のお{kangae}をお[聞かせ=聞かす@動詞]{kudasai}。',
  '{num}の{np}は{a}という[指摘]も{ari}ますが、[いかが@名詞]でしょうか。',
  '{t}の{s}について、{np}の{s}を{vm}[予定]は{ari}ますか。',
  '{np}を{s}[する=する@動詞,自立][考え=考え@名詞]は{ari}ますか。',
];

type Token = { kind: 0; text: string } | { kind: 1; word: VWord } | { kind: 2; slot: Slot };
type Pattern = readonly Token[];

/** Words of the lead paragraph. */
const LEAD_WORDS = {
  nen: '年=年@名詞,接尾,助数詞',
  gatsu: '月=月@名詞,接尾,一般',
  nichi: '日=日@名詞,接尾,助数詞',
  ji: '時=時@名詞,接尾,助数詞',
  fun: '分=分@名詞,接尾,助数詞',
  heisei: '平成=平成@名詞,固有名詞,一般',
  teirei: '定例',
  rinji: '臨時=臨時@名詞,一般',
  kisha: '記者',
  kaiken: '会見=会見@名詞,サ変接続',
  jisshi: '実施',
  shi: 'し=する@動詞,自立',
  naiyou: '内容',
  ika: '以下=以下@名詞',
  toori: '通り=通り@名詞,一般',
} as const;

/** Every `[surface=base@POS]` word used anywhere, resolved when the vocabulary is built. */
const FIXED_SPECS: string[] = [
  ...new Set(
    [...Object.values(MACROS), ...OFFICIAL, ...OFFICIAL_SHORT, ...OPENERS, ...CONTEXT, ...QUESTIONS].flatMap((p) =>
      [...p.matchAll(/\[([^\]]+)\]/gu)].map((m) => m[1]!),
    ),
  ),
  ...Object.values(LEAD_WORDS),
];

/** Surfaces the fixed words need (counters and conjunctions are resolved too, by buildVocabulary). */
const FIXED_SURFACES: string[] = [
  ...FIXED_SPECS.map((spec) => spec.split(/[=@]/u)[0]!),
  ...CONJUNCTIONS,
  ...'発 機 隻 人 名 回 件 キロ メートル トン 億 円 兆 万 か国 ％ 時間 か月 両 基'.split(' '),
  ...'防衛 大臣 副 政務 官 事務次官 統合 陸上 海上 航空 幕僚 長 省 報道'.split(' '),
];

function compile(pattern: string, fixed: (spec: string) => VWord): Pattern {
  const expanded = pattern.replace(/\{([^}]+)\}/gu, (m, name: string) => MACROS[name] ?? m);
  const tokens: Token[] = [];
  for (const m of expanded.matchAll(/\{([^}]+)\}|\[([^\]]+)\]|([^{[]+)/gu)) {
    if (m[1] !== undefined) {
      if (!(SLOTS as readonly string[]).includes(m[1])) throw new Error(`unknown slot {${m[1]}} in "${pattern}"`);
      tokens.push({ kind: 2, slot: m[1] as Slot });
    } else if (m[2] !== undefined) tokens.push({ kind: 1, word: fixed(m[2]) });
    else tokens.push({ kind: 0, text: m[3]! });
  }
  return tokens;
}

// ---------------------------------------------------------------------------------------------------
// People, outlets, label styles

type Category = 'minister' | 'vice' | 'chief' | 'civil';

interface Position {
  /** As in frontmatter: 防衛大臣. */
  title: string;
  /** As in labels: 大臣 (what `大臣 :` and `【中谷大臣】` use). */
  short: string;
  category: Category;
  /** Years in office, for the roster. */
  tenure: number;
  /** The title as words (for the lead) and the short form (how reporters address the official). */
  titleWords: string[];
  addrWords: string[];
}

const POSITIONS: Position[] = [
  { title: '防衛大臣', short: '大臣', category: 'minister', tenure: 1.1, titleWords: ['防衛', '大臣'], addrWords: ['大臣'] },
  { title: '防衛副大臣', short: '副大臣', category: 'vice', tenure: 1, titleWords: ['防衛', '副@接頭詞', '大臣'], addrWords: ['副@接頭詞', '大臣'] },
  { title: '防衛大臣政務官', short: '政務官', category: 'vice', tenure: 1, titleWords: ['防衛', '大臣', '政務', '官=官@名詞,接尾'], addrWords: ['政務', '官=官@名詞,接尾'] },
  { title: '防衛事務次官', short: '事務次官', category: 'civil', tenure: 2, titleWords: ['防衛', '事務次官'], addrWords: ['事務次官'] },
  { title: '防衛省報道官', short: '報道官', category: 'civil', tenure: 2, titleWords: ['防衛', '省=省@名詞,接尾', '報道', '官=官@名詞,接尾'], addrWords: ['報道', '官=官@名詞,接尾'] },
  { title: '統合幕僚長', short: '統合幕僚長', category: 'chief', tenure: 2.5, titleWords: ['統合', '幕僚', '長=長@名詞,接尾'], addrWords: ['幕僚', '長=長@名詞,接尾'] },
  { title: '陸上幕僚長', short: '陸上幕僚長', category: 'chief', tenure: 2.5, titleWords: ['陸上=陸上@名詞,一般', '幕僚', '長=長@名詞,接尾'], addrWords: ['幕僚', '長=長@名詞,接尾'] },
  { title: '海上幕僚長', short: '海上幕僚長', category: 'chief', tenure: 2.5, titleWords: ['海上=海上@名詞,一般', '幕僚', '長=長@名詞,接尾'], addrWords: ['幕僚', '長=長@名詞,接尾'] },
  { title: '航空幕僚長', short: '航空幕僚長', category: 'chief', tenure: 2.5, titleWords: ['航空', '幕僚', '長=長@名詞,接尾'], addrWords: ['幕僚', '長=長@名詞,接尾'] },
];

const OUTLETS = [
  'NHK', '共同通信', '時事通信', '朝日新聞', '読売新聞', '毎日新聞', '産経新聞', '日本経済新聞', '東京新聞', '北海道新聞',
  '西日本新聞', '琉球新報', '沖縄タイムス', 'テレビ朝日', 'TBS', 'フジテレビ', '日本テレビ', 'テレビ東京', 'ジャパンタイムズ',
  '朝雲新聞', 'ロイター通信', 'ブルームバーグ', '中日新聞', '神奈川新聞', 'ＮＨＫ', 'ＴＢＳ',
];

const PLACES_MINISTRY = ['防衛省A棟11階第1省議室', '防衛省A棟11階記者会見室', '防衛省講堂', '国会内', '首相官邸', '防衛省A棟1階エントランス'];

interface Person {
  family: VWord;
  given: VWord;
}

interface Official {
  person: Person;
  position: Position;
}

interface Reporter {
  outlet: string;
  family: VWord;
}

interface LabelStyle {
  id: string;
  /** Which officials this style is used with. */
  officials: Category[];
  question(r: Reporter, b: BriefingContext): string;
  answer(b: BriefingContext): string;
  /** Label alone on its line (text on the next), inline, or chosen per briefing. */
  alone: 'yes' | 'no' | 'either';
}

/**
 * The label styles, each paired with the officials it goes with so that chiefs of staff appear with
 * colon and bracket labels (`海上幕僚長 :`, `【酒井海上幕僚長】`). One style per briefing, like real transcripts.
 */
const STYLES: LabelStyle[] = [
  { id: 'colon-alone', officials: ['minister'], alone: 'yes', question: () => '記者 :', answer: (b) => `${b.official.position.short} :` },
  { id: 'colon-inline', officials: ['minister'], alone: 'no', question: () => '記者 :', answer: (b) => `${b.official.position.short} :` },
  { id: 'colon-chief', officials: ['chief'], alone: 'either', question: () => '記者 :', answer: (b) => `${b.official.position.short} :` },
  {
    id: 'colon-fullwidth',
    officials: ['minister', 'vice', 'civil', 'chief'],
    alone: 'no',
    question: (_r, b) => (b.variant ? '質問者：' : '記者：'),
    answer: (b) => `${b.official.position.short}：`,
  },
  { id: 'letter', officials: ['minister', 'vice', 'civil', 'chief'], alone: 'no', question: (_r, b) => (b.variant ? 'Q: ' : 'Q:'), answer: (b) => (b.variant ? 'A: ' : 'A:') },
  {
    id: 'letter-fullwidth',
    officials: ['minister'],
    alone: 'either',
    question: (r, b) => (b.rng.chance(0.85) ? `Ｑ：（${r.outlet}）` : 'Ｑ：'),
    answer: () => 'Ａ：',
  },
  {
    id: 'bracket',
    officials: ['minister'],
    alone: 'no',
    question: (r, b) => (b.rng.chance(0.9) ? `【${r.outlet} ${r.family.surface}記者】` : '【記者】'),
    answer: (b) => `【${b.official.person.family.surface}${b.official.position.short}】`,
  },
  {
    id: 'bracket-other',
    officials: ['chief', 'vice', 'civil'],
    alone: 'no',
    question: (r) => `【${r.outlet} ${r.family.surface}記者】`,
    answer: (b) => `【${b.official.person.family.surface}${b.official.position.short}】`,
  },
  { id: 'paren', officials: ['minister', 'vice', 'civil', 'chief'], alone: 'no', question: () => '(問)', answer: () => '(答)' },
  { id: 'paren-fullwidth', officials: ['minister', 'civil', 'chief'], alone: 'either', question: () => '（問）', answer: () => '（答）' },
];

/** Everything decided once per corpus: the roster of officials and the order of label styles. */
class CorpusPlan {
  readonly seed: number;
  readonly vocab: Vocabulary;
  readonly patterns: {
    official: Pattern[];
    short: Pattern[];
    openers: Pattern[];
    context: Pattern[];
    questions: Pattern[];
  };
  readonly titleWords: Map<Position, VWord[]>;
  readonly addrWords: Map<Position, VWord[]>;
  /** Per position: successive office holders and how long each serves (days). */
  private rosters = new Map<Position, { people: Person[]; days: number; offset: number }>();
  private styleOrder: number[] = [];
  private styleRng: Rng;

  constructor(seed: number, vocab: Vocabulary) {
    this.seed = seed;
    this.vocab = vocab;
    const c = (list: string[]) => list.map((p) => compile(p, vocab.fixed));
    this.patterns = { official: c(OFFICIAL), short: c(OFFICIAL_SHORT), openers: c(OPENERS), context: c(CONTEXT), questions: c(QUESTIONS) };
    this.titleWords = new Map(POSITIONS.map((p) => [p, p.titleWords.map(vocab.fixed)]));
    this.addrWords = new Map(POSITIONS.map((p) => [p, p.addrWords.map(vocab.fixed)]));
    const rng = new Rng(mix(seed, 0x5eed));
    const used = new Set<string>();
    for (const position of POSITIONS) {
      const days = Math.round(position.tenure * 365.25);
      const people: Person[] = [];
      const n = Math.ceil(DAYS / days) + 2;
      while (people.length < n) {
        const family = vocab.family.draw(rng);
        const given = vocab.given.draw(rng);
        if (family.surface.length < 2 || used.has(family.surface)) continue;
        used.add(family.surface);
        people.push({ family, given });
      }
      this.rosters.set(position, { people, days, offset: rng.int(0, days - 1) });
    }
    this.styleRng = new Rng(mix(seed, 0x5791e));
  }

  /** Label style of briefing n: the styles in a fresh random order every STYLES.length briefings. */
  style(n: number): LabelStyle {
    while (this.styleOrder.length < n) {
      this.styleOrder.push(...this.styleRng.shuffle(STYLES.map((_, i) => i)));
    }
    return STYLES[this.styleOrder[n - 1]!]!;
  }

  officeHolder(position: Position, day: number): Person {
    const r = this.rosters.get(position)!;
    return r.people[Math.floor((day + r.offset) / r.days)]!;
  }
}

// ---------------------------------------------------------------------------------------------------
// Briefings

const FIRST_DAY = Date.UTC(2007, 0, 1);
const DAYS = Math.round((Date.UTC(2026, 11, 31) - FIRST_DAY) / 86_400_000) + 1;

interface BriefingContext {
  rng: Rng;
  official: Official;
  /** A per-briefing coin for label details (質問者 vs 記者, `Q: ` vs `Q:`). */
  variant: boolean;
}

interface Statement {
  paragraphs: string[];
  words: VWord[];
}

interface Mark {
  parts: number;
  words: number;
  length: number;
}
const START: Mark = { parts: 0, words: 0, length: 0 };

interface GeneratedBriefing {
  year: string;
  name: string;
  markdown: string;
  /** In statementsOf order: the lead (turn `lead`), then t1, t2, … */
  statements: Array<{ turn: string; words: VWord[] }>;
}

const MAX_STATEMENT = 600;
const MIN_STATEMENT = 50;
const MAX_PARAGRAPHS = 5;
/** Sentences of a statement add up to at most this, leaving room for the `\n` between its paragraphs. */
const SENTENCE_BUDGET = MAX_STATEMENT - (MAX_PARAGRAPHS - 1);

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function generateBriefing(plan: CorpusPlan, n: number): GeneratedBriefing {
  const rng = new Rng(mix(plan.seed, n));
  const style = plan.style(n);

  // Who and when.
  const category = rng.pick(style.officials);
  const candidates = POSITIONS.filter((p) => p.category === category);
  const position = category === 'minister' ? candidates[0]! : rng.pick(candidates);
  const kind = rng.chance(0.72) ? '定例' : '臨時';
  let day = rng.int(0, DAYS - 1);
  const dow = new Date(FIRST_DAY + day * 86_400_000).getUTCDay();
  if (kind === '定例' && (dow === 0 || dow === 6)) day -= dow === 6 ? 1 : 2;
  if (day < 0) day += 3;
  const iso = new Date(FIRST_DAY + day * 86_400_000).toISOString().slice(0, 10);
  const person = plan.officeHolder(position, day);
  const official: Official = { person, position };
  const ctx: BriefingContext = { rng, official, variant: rng.chance(0.5) };
  const g = new Writer(plan, rng, official);

  const startMin = rng.chance(0.6) ? rng.int(96, 234) * 5 : rng.int(8 * 60, 19 * 60 + 30);
  const endMin = startMin + rng.int(8, 45);
  const hhmm = (m: number) => `${pad2(Math.floor(m / 60))}:${pad2(m % 60)}`;
  const abroad = rng.chance(0.06);
  const reading = `${toHiragana(person.family.reading)} ${toHiragana(person.given.reading)}`;
  const name = `${person.family.surface} ${person.given.surface}`;

  // The lead, the announcement, the questions and answers.
  const statements: Array<{ turn: string; s: Statement }> = [];
  const body: string[] = [];
  const hasLead = rng.chance(0.8);
  if (hasLead) {
    const lead = g.lead(iso, startMin, endMin, abroad, kind);
    statements.push({ turn: 'lead', s: lead });
    body.push(...lead.paragraphs);
  }
  const flat = rng.chance(0.12); // no headings at all: every turn labelled
  const announceParagraphs = rng.pick([0, 1, 1, 2, 2, 3, 3, 4, 5]);
  const aloneFor = () => (style.alone === 'yes' ? true : style.alone === 'no' ? false : ctx.variant);
  let turn = 0;
  const labelled = (label: string, s: Statement) => {
    const [first, ...rest] = s.paragraphs;
    const sep = aloneFor() ? '\n' : '';
    return [`${label}${sep}${first}`, ...rest];
  };
  if (announceParagraphs > 0) {
    const s = g.statement('announce', announceParagraphs);
    turn += 1;
    statements.push({ turn: `t${turn}`, s });
    if (!flat) body.push(`## ${rng.pick([`${position.short}からの発表事項`, '発表事項', '冒頭発言', `${position.short}からの冒頭発言`])}`);
    body.push(...(flat || rng.chance(0.2) ? labelled(style.answer(ctx), s) : s.paragraphs));
  }
  if (!flat) body.push(`## ${rng.pick(['記者との質疑応答', '質疑応答', '質疑', '記者からの質問'])}`);
  const reporters: Reporter[] = [];
  const nReporters = rng.int(2, 6);
  while (reporters.length < nReporters) reporters.push({ outlet: rng.pick(OUTLETS), family: plan.vocab.family.draw(rng) });
  const pairs = rng.int(3, 15);
  const topics = !flat && rng.chance(0.75);
  let untilTopic = 0;
  for (let i = 0; i < pairs; i++) {
    const q = g.statement('question', rng.int(1, 2));
    const a = g.statement('answer', rng.int(1, 4));
    if (topics && untilTopic <= 0) {
      body.push(`### ${g.topicHeading(q)}`);
      untilTopic = rng.int(1, 3);
    }
    untilTopic -= 1;
    const reporter = rng.pick(reporters);
    body.push(...labelled(style.question(reporter, ctx), q));
    body.push(...labelled(style.answer(ctx), a));
    statements.push({ turn: `t${++turn}`, s: q }, { turn: `t${++turn}`, s: a });
  }

  // Frontmatter.
  const q = (s: string) => JSON.stringify(s);
  const title = rng.pick([
    `${person.family.surface}${position.title}${kind}記者会見`,
    `${position.title}記者会見`,
    `${person.family.surface}${position.title}${kind === '臨時' ? '臨時会見' : '会見'}`,
  ]);
  const place = abroad ? rng.pick(['ワシントン', 'ソウル', 'シンガポール', 'キャンベラ', 'マニラ', 'ブリュッセル']) : rng.pick(PLACES_MINISTRY);
  const fm = [
    '---',
    `title: ${q(title)}`,
    `date: ${iso}`,
    `start: "${hhmm(startMin)}"`,
    `end: "${hhmm(endMin)}"`,
    ...(abroad ? [`timeNote: ${q('現地時間')}`] : []),
    `place: ${q(place)}`,
    `kind: ${q(kind)}`,
    'speakers:',
    `  - name: ${q(name)}`,
    `    reading: ${q(reading)}`,
    `    position: ${q(position.title)}`,
    'source:',
    `  credit: ${q(`合成データ（ベンチマーク用コーパス生成器、seed ${plan.seed}、No. ${n}）`)}`,
    'synthetic: true',
    '---',
    '',
  ];
  const markdown = `${fm.join('\n')}\n${body.join('\n\n')}\n`;
  return {
    year: iso.slice(0, 4),
    name: `${iso}-synthetic-${n}`,
    markdown,
    statements: statements.map(({ turn: t, s }) => ({ turn: t, words: s.words })),
  };
}

/** Writes statements for one briefing: sentences from patterns, slots from the pools. */
class Writer {
  private plan: CorpusPlan;
  private v: Vocabulary;
  private rng: Rng;
  private official: Official;
  // The statement being built, flat: its pieces of text, its words, and its length so far.
  private parts: string[] = [];
  private words: VWord[] = [];
  private length = 0;
  // Per statement: full-width terms and digits, or half-width.
  private wideTerms = false;
  private wideDigits = false;

  constructor(plan: CorpusPlan, rng: Rng, official: Official) {
    this.plan = plan;
    this.v = plan.vocab;
    this.rng = rng;
    this.official = official;
  }

  // --- pieces
  private text(s: string): void {
    this.parts.push(s);
    this.length += s.length;
  }
  private word(w: VWord): void {
    this.parts.push(w.surface);
    this.length += w.surface.length;
    this.words.push(w);
  }
  private emit(p: Pattern): void {
    for (const t of p) {
      if (t.kind === 0) this.text(t.text);
      else if (t.kind === 1) this.word(t.word);
      else this.slot(t.slot);
    }
  }

  private slot(slot: Slot): void {
    const v = this.v;
    const r = this.rng;
    switch (slot) {
      case 'np':
        return this.nounPhrase();
      case 'n':
        return this.word(v.noun.draw(r));
      case 'k':
        return this.word(v.kata.draw(r));
      case 's':
        return this.word(v.sahen.draw(r));
      case 'an':
        return this.word(v.adjv.draw(r));
      case 'a':
        return this.word(v.adj.draw(r).dict);
      case 'aku':
        return this.word(v.adj.draw(r).ku);
      case 'ad':
        return this.word(v.adverb.draw(r));
      case 'advn':
        return this.word(v.advn.draw(r));
      case 'pl':
        return this.word(v.place.draw(r));
      case 'co':
        return this.word(v.country.draw(r));
      case 'or':
        return this.word(v.org.draw(r));
      case 'pr':
        return this.word(v.proper.draw(r));
      case 'fam':
        return this.word(v.family.draw(r));
      case 't': {
        const term = r.pick(v.terms);
        return this.word(this.wideTerms ? term.full : term.half);
      }
      case 'num':
        return this.number();
      case 'conj':
        return this.word(v.conj.draw(r));
      case 'vm':
        return this.word(v.verb.draw(r).masu);
      case 'vta': {
        const verb = v.verb.draw(r);
        this.word(verb.taStem);
        return this.text(verb.ta);
      }
      case 'vte': {
        const verb = v.verb.draw(r);
        this.word(verb.taStem);
        return this.text(verb.te);
      }
      case 'vd':
        return this.word(v.verb.draw(r).dict);
      case 'addr':
        for (const w of this.plan.addrWords.get(this.official.position)!) this.word(w);
        return;
    }
  }

  private nounPhrase(): void {
    const v = this.v;
    const r = this.rng;
    const x = r.next();
    if (x < 0.26) this.word(v.noun.draw(r));
    else if (x < 0.38) {
      this.word(v.noun.draw(r));
      this.text('の');
      this.word(v.noun.draw(r));
    } else if (x < 0.44) this.word(v.kata.draw(r));
    else if (x < 0.48) {
      this.word(v.kata.draw(r));
      this.text('の');
      this.word(v.noun.draw(r));
    } else if (x < 0.54) {
      this.word(v.adjv.draw(r));
      this.text('な');
      this.word(v.noun.draw(r));
    } else if (x < 0.58) {
      this.word(v.adj.draw(r).dict);
      this.word(v.noun.draw(r));
    } else if (x < 0.63) {
      this.word(v.country.draw(r));
      this.text(r.chance(0.5) ? 'の' : 'との');
      this.word(v.sahen.draw(r));
    } else if (x < 0.66) {
      this.word(v.place.draw(r));
      this.text('の');
      this.word(v.noun.draw(r));
    } else if (x < 0.68) {
      this.word(v.org.draw(r));
      this.text('の');
      this.word(v.sahen.draw(r));
    } else if (x < 0.7) this.word(v.proper.draw(r));
    else if (x < 0.75) {
      this.slot('t');
      if (r.chance(0.6)) {
        this.text('の');
        this.word(v.sahen.draw(r));
      }
    } else if (x < 0.79) {
      this.number();
      this.text('の');
      this.word(v.noun.draw(r));
    } else if (x < 0.88) this.word(v.sahen.draw(r));
    else if (x < 0.92) {
      this.word(v.noun.draw(r));
      this.text('や');
      this.word(v.noun.draw(r));
    } else if (x < 0.95) {
      const verb = v.verb.draw(r);
      this.word(verb.taStem);
      this.text(verb.ta);
      this.word(v.noun.draw(r));
    } else {
      this.word(v.sahen.draw(r));
      this.text('の');
      this.word(v.noun.draw(r));
    }
  }

  /** A number with its unit: 3発, 1,500人, 2.5兆円, 約120キロ; full-width digits in some statements. */
  private number(): void {
    const r = this.rng;
    const c = r.pick(this.v.counters);
    let digits: string;
    if (c.decimals && r.chance(0.6)) digits = (r.int(c.min * 10, c.max * 10) / 10).toFixed(1);
    else {
      const value = Math.round(c.min * Math.pow(c.max / c.min, r.next() * r.next()));
      digits = value >= 1000 && r.chance(0.8) ? value.toLocaleString('en-US') : String(value);
    }
    if (this.wideDigits) digits = toFullWidthAscii(digits);
    if (r.chance(0.15)) this.text('約');
    this.text(digits);
    for (const w of c.words) this.word(w);
  }

  // --- sentences

  /** Where the statement being built is: undo to here to drop a sentence. */
  private mark(): Mark {
    return { parts: this.parts.length, words: this.words.length, length: this.length };
  }
  private undo(m: Mark): void {
    this.parts.length = m.parts;
    this.words.length = m.words;
    this.length = m.length;
  }
  /** Text and words from a mark to the end, and reset the builder. */
  private take(from: Mark = START): { text: string; words: VWord[] } {
    const taken = { text: this.parts.slice(from.parts).join(''), words: this.words.slice(from.words) };
    this.undo(from);
    return taken;
  }

  /** Appends one sentence; returns its length. */
  private sentence(kind: 'official' | 'short' | 'context' | 'question'): number {
    const p = this.plan.patterns;
    const r = this.rng;
    const before = this.length;
    if (kind === 'short') this.emit(r.pick(p.short));
    else if (kind === 'question') {
      if (r.chance(0.3)) this.emit(r.pick(p.openers));
      this.emit(r.pick(p.questions));
    } else {
      const x = r.next();
      if (x < 0.55) this.emit(r.pick(p.openers));
      if (x < 0.12) this.emit(r.pick(p.openers));
      this.emit(r.pick(kind === 'official' ? p.official : p.context));
    }
    return this.length - before;
  }

  /**
   * A statement (one turn): 50–600 characters in 1–5 paragraphs. Questions end with a question;
   * answers and announcements are an official's sentences.
   */
  statement(kind: 'announce' | 'question' | 'answer', paragraphs: number): Statement {
    const r = this.rng;
    this.wideTerms = r.chance(0.5);
    this.wideDigits = r.chance(0.3);
    let target: number;
    if (kind === 'question') target = 60 + Math.floor(440 * r.next());
    else if (kind === 'answer') target = 100 + Math.floor(496 * (1 - Math.pow(r.next(), 2.5)));
    else target = Math.min(SENTENCE_BUDGET, 70 * paragraphs + Math.floor(r.next() * 400));

    // A question ends with its question: made first (to budget for it), kept aside, appended last.
    let closing: { text: string; words: VWord[] } | null = null;
    if (kind === 'question') {
      do {
        this.undo(START);
        this.sentence('question');
      } while (this.length > SENTENCE_BUDGET - MIN_STATEMENT);
      closing = this.take();
    }
    const reserved = closing?.text.length ?? 0;
    const ends: number[] = []; // parts index after each sentence
    const mainKind = kind === 'question' ? 'context' : 'official';
    while (reserved + this.length < target) {
      let accepted = false;
      for (let attempt = 0; attempt < 6 && !accepted; attempt++) {
        const m = this.mark();
        this.sentence(attempt < 4 ? mainKind : 'short');
        if (reserved + this.length <= SENTENCE_BUDGET) accepted = true;
        else this.undo(m);
      }
      if (!accepted) break;
      ends.push(this.parts.length);
    }
    while (reserved + this.length < MIN_STATEMENT) {
      this.sentence('short');
      ends.push(this.parts.length);
    }
    if (closing) {
      this.parts.push(closing.text);
      this.words.push(...closing.words);
      ends.push(this.parts.length);
    }

    // Split the sentences into paragraphs (as many as asked for, if there are enough sentences).
    const p = Math.max(1, Math.min(paragraphs, ends.length));
    const cuts = new Set<number>();
    while (cuts.size < p - 1) cuts.add(r.int(1, ends.length - 1));
    const out: string[] = [];
    let from = 0;
    for (let i = 0; i < ends.length; i++) {
      if (i === ends.length - 1 || cuts.has(i + 1)) {
        out.push(this.parts.slice(from, ends[i]).join(''));
        from = ends[i]!;
      }
    }
    const words = this.words;
    this.parts.length = 0;
    this.words = [];
    this.length = 0;
    return { paragraphs: out, words };
  }

  /** The lead: when, who, what (令和7(2025)年9月8日(月)10時30分から…). */
  lead(iso: string, startMin: number, endMin: number, abroad: boolean, kind: string): Statement {
    const v = this.v;
    const { era, year, month, day } = isoToEra(iso);
    const y = iso.slice(0, 4);
    const L = LEAD_WORDS;
    if (era === '平成') this.word(v.fixed(L.heisei));
    else this.text(era);
    this.text(`${year === 1 ? '元' : year}(${y})`);
    this.word(v.fixed(L.nen));
    this.text(String(month));
    this.word(v.fixed(L.gatsu));
    this.text(String(day));
    this.word(v.fixed(L.nichi));
    this.text(`(${weekday(iso)})`);
    const time = (m: number) => {
      this.text(String(Math.floor(m / 60)));
      this.word(v.fixed(L.ji));
      this.text(pad2(m % 60));
      this.word(v.fixed(L.fun));
    };
    time(startMin);
    this.text('から');
    time(endMin);
    this.text(abroad ? 'まで(現地時間)、' : 'まで、');
    const { person, position } = this.official;
    this.word(person.family);
    this.text(' ');
    this.word(person.given);
    this.text(`(${toHiragana(person.family.reading)}・${toHiragana(person.given.reading)})`);
    for (const w of this.plan.titleWords.get(position)!) this.word(w);
    this.text('は、');
    this.word(v.fixed(kind === '定例' ? L.teirei : L.rinji));
    this.word(v.fixed(L.kisha));
    this.word(v.fixed(L.kaiken));
    this.text('を');
    this.word(v.fixed(L.jisshi));
    this.word(v.fixed(L.shi));
    this.text('た。');
    const first = this.take();
    const paragraphs = [first.text];
    const words = [...first.words];
    if (this.rng.chance(0.7)) {
      this.word(v.fixed(L.naiyou));
      this.text('は、');
      this.word(v.fixed(L.ika));
      this.text('の');
      this.word(v.fixed(L.toori));
      this.text('。');
      const second = this.take();
      paragraphs.push(second.text);
      words.push(...second.words);
    }
    return { paragraphs, words };
  }

  /** A topic heading from the question's own nouns (so a heading never brings in new words). */
  topicHeading(q: Statement): string {
    const nouns = q.words.filter((w) => w.pos.startsWith('名詞') && w.surface.length >= 2 && !/接尾|数/u.test(w.pos));
    const a = nouns[0]?.surface ?? '防衛';
    const b = nouns.find((w) => w.surface !== a)?.surface;
    return b && this.rng.chance(0.6) ? `${a}の${b}について` : `${a}について`;
  }
}

// A worker started by runWorkers: this module is its entry point.
if (!isMainThread && (workerData as Partial<WorkerJob> | null)?.corpusWorker === true) {
  // An error makes the worker exit non-zero: runWorkers reports it.
  await runWorker(workerData as WorkerJob);
}
