/**
 * Producing briefings, in this thread or in worker threads (this module is their entry point), and
 * streaming the truth file, always from the calling thread. Takes the plan and the vocabulary; gives
 * the Markdown files and `_truth.json`.
 */
import { mkdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { TRUTH_FORMAT, type Word } from './truth-file.ts';
import { ChunkedWriter, MAX_WRITES } from './output.ts';
import { vocabulary } from './vocabulary.ts';
import { CorpusPlan } from './people.ts';
import { generateBriefing } from './briefing.ts';

/** What one briefing leaves for the truth file once its Markdown is written. */
export interface Produced {
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
export class Producer {
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


/** Streams `_truth.json`: briefings in order as they come, then the word table. Assigns word ids. */
export class TruthWriter {
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
export interface WorkerJob {
  corpusWorker: true;
  seed: number;
  count: number;
  out: string;
  /** This worker makes briefings n = index + 1, index + 1 + stride, … */
  index: number;
  stride: number;
}

export type WorkerMessage =
  | { type: 'batch'; words: Array<[key: number, surface: string, base: string, reading: string, pos: string]>; items: Produced[] }
  | { type: 'done' };

/** Run `job.stride` workers (this module again), and feed their briefings to the truth file in n order. */
export function runWorkers(job: WorkerJob, truth: TruthWriter): Promise<void> {
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
export async function runWorker(job: WorkerJob): Promise<void> {
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



// A worker started by runWorkers: this module is its entry point.
if (!isMainThread && (workerData as Partial<WorkerJob> | null)?.corpusWorker === true) {
  // An error makes the worker exit non-zero: runWorkers reports it.
  await runWorker(workerData as WorkerJob);
}
