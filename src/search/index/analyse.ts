/**
 * A briefing's analysis — kuromoji's word boundaries, lemma occurrences and readings for every
 * statement — and the worker pool that computes it on every core.
 *
 * The analysis depends only on the statements' normalised text, so it is cached under a hash of that
 * text (cache.ts); this module computes what the cache does not have. Each worker thread holds its own
 * tokenizer (one per thread, loaded once), fed briefing by briefing.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { analyzeNormalized, getDictionary } from '../../japanese/tokenize.ts';
import { boundariesOf, lemmasOf, readingsOf, type LemmaEntry, type ReadingEntry } from './analysis.ts';

/** A statement as kuromoji sees it: normalised body, and the topic heading indexed with it, each with the word breaks the normaliser dropped. */
export interface AnalysisPart {
  body: string;
  bodyBreaks: number[];
  heading: string | null;
  headingBreaks: number[];
}

export interface BriefingAnalysis {
  /** Per statement, word boundaries as deltas. */
  docs: number[][];
  /** Per statement, lemma occurrences (offsets in the statement's search form: body, separator, heading). */
  lemmas: LemmaEntry[][];
  readings: ReadingEntry[];
}

export async function analyseBriefing(parts: AnalysisPart[]): Promise<BriefingAnalysis> {
  const docs: number[][] = [];
  const lemmas: LemmaEntry[][] = [];
  const readings: ReadingEntry[] = [];
  const dict = await getDictionary();
  for (const p of parts) {
    const ms = await analyzeNormalized(p.body);
    const b = boundariesOf(ms, p.body.length, p.bodyBreaks, dict);
    const lem = lemmasOf(ms, dict);
    readings.push(...readingsOf(ms));
    if (p.heading !== null) {
      const hs = await analyzeNormalized(p.heading);
      const off = p.body.length + 1;
      for (const x of boundariesOf(hs, p.heading.length, p.headingBreaks, dict)) b.push(x + off);
      for (const [key, start, length, derived] of lemmasOf(hs, dict)) lem.push([key, start + off, length, derived]);
      readings.push(...readingsOf(hs));
    }
    docs.push(b.map((x, k) => (k === 0 ? x : x - b[k - 1]!)));
    lemmas.push(lem);
  }
  return { docs, lemmas, readings };
}

export interface AnalysePoolOptions {
  /** Worker threads; default: one per core. 0 analyses on this thread. */
  workers?: number;
  /** Called after each briefing, in completion order. */
  onResult: (index: number, analysis: BriefingAnalysis) => void | Promise<void>;
}

/** Below this many briefings a worker's own dictionary load costs more than it saves. */
const MIN_BRIEFINGS_FOR_WORKERS = 8;

/**
 * Analyse `count` briefings on all cores; `job(i)` makes briefing i's parts when a thread is free for it,
 * so the texts waiting for a tokenizer are never all in memory. Resolves when every result was delivered.
 */
export async function analyseAll(count: number, job: (i: number) => AnalysisPart[], opts: AnalysePoolOptions): Promise<void> {
  const wanted = opts.workers ?? availableParallelism();
  const workers = count < MIN_BRIEFINGS_FOR_WORKERS ? 0 : Math.min(wanted, count);
  if (workers === 0) {
    for (let i = 0; i < count; i++) await opts.onResult(i, await analyseBriefing(job(i)));
    return;
  }
  let next = 0;
  const pool = Array.from({ length: workers }, () => new Worker(new URL('./analyse-worker.ts', import.meta.url)));
  try {
    await Promise.all(pool.map((worker) => runWorker(worker, count, job, () => next++, opts.onResult)));
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}

function runWorker(worker: Worker, count: number, job: (i: number) => AnalysisPart[], take: () => number, onResult: AnalysePoolOptions['onResult']): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let current = -1;
    let finished = false;
    const feed = (): void => {
      current = take();
      if (current >= count) {
        finished = true;
        resolve();
        return;
      }
      worker.postMessage(job(current));
    };
    worker.on('message', (analysis: BriefingAnalysis) => {
      Promise.resolve(onResult(current, analysis)).then(feed, reject);
    });
    worker.on('error', (error) => reject(new Error(`tokenizer worker failed on briefing #${current}`, { cause: error })));
    worker.on('exit', (code) => {
      if (!finished) reject(new Error(`tokenizer worker exited (${code}) early`));
    });
    feed();
  });
}
