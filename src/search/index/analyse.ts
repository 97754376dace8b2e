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
import { analyzeNormalized, getDictionary, loadSharedDictionary, useSharedDictionary, type SharedDictionary } from '../../japanese/tokenize.ts';
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

/** Below this many briefings a worker's own dictionary load costs more than it saves. */
const MIN_BRIEFINGS_FOR_WORKERS = 8;

/**
 * A tokenizer thread's heap (MB). kuromoji's tables take ~80 MB of it; left unbounded, a thread's heap
 * grew to ~300 MB of garbage not yet collected — at two threads ~400 MB of a build's memory. A briefing
 * that needs more than this (statements of hundreds of thousands of characters) is analysed again on
 * this thread, which has no such limit.
 */
export const WORKER_HEAP_MB = 192;

interface Job {
  parts: AnalysisPart[];
  resolve: (analysis: BriefingAnalysis) => void;
  reject: (error: Error) => void;
}

/**
 * Analyses briefings on every core, one promise per briefing: the index's one pass over the archive
 * (build.ts) hands each briefing in as it reads it and takes the analyses back in its own order.
 * Threads start with the first briefing; each holds its own tokenizer. For fewer than a handful of
 * briefings (`expected`), or `threads: 0`, this thread analyses them.
 */
export class AnalysisPool {
  private readonly threads: number;
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Job>();
  private readonly queue: Job[] = [];
  private failed: Error | null = null;
  /** The dictionary the threads share, loaded once (tokenize.ts). */
  private dictionary: Promise<SharedDictionary> | null = null;
  private starting = 0;

  private readonly heapMb: number;
  /** Briefings a thread ran out of memory on, analysed on this thread instead. */
  outOfMemory = 0;

  constructor(expected: number, threads = availableParallelism(), heapMb = WORKER_HEAP_MB) {
    this.threads = expected < MIN_BRIEFINGS_FOR_WORKERS ? 0 : Math.min(threads, expected);
    this.heapMb = heapMb;
  }

  /** Threads that analyse at once (0: this one). */
  get width(): number {
    return this.threads;
  }

  analyse(parts: AnalysisPart[]): Promise<BriefingAnalysis> {
    if (this.threads === 0) return analyseBriefing(parts);
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.queue.push({ parts, resolve, reject });
      if (this.workers.length + this.starting < this.threads) void this.start();
      this.feed();
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private async start(): Promise<void> {
    this.starting++;
    let dictionary: SharedDictionary;
    try {
      dictionary = await (this.dictionary ??= loadSharedDictionary());
    } catch (error) {
      this.failed = new Error('the tokenizer dictionary did not load', { cause: error });
      for (const job of this.queue.splice(0)) job.reject(this.failed);
      return;
    } finally {
      this.starting--;
    }
    const worker = new Worker(new URL('./analyse-worker.ts', import.meta.url), { workerData: { dictionary }, resourceLimits: { maxOldGenerationSizeMb: this.heapMb } });
    this.workers.push(worker);
    this.idle.push(worker);
    worker.on('message', (analysis: BriefingAnalysis) => {
      this.busy.get(worker)?.resolve(analysis);
      this.busy.delete(worker);
      this.idle.push(worker);
      this.feed();
    });
    worker.on('error', (error) => {
      if ((error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') void this.tooBig(worker, dictionary);
      else this.fail(worker, new Error('tokenizer worker failed', { cause: error }));
    });
    worker.on('exit', (code) => {
      if (this.busy.has(worker)) this.fail(worker, new Error(`tokenizer worker exited (${code}) early`));
    });
    this.feed();
  }

  private feed(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const job = this.queue.shift()!;
      this.busy.set(worker, job);
      worker.postMessage(job.parts);
    }
  }

  /** A thread's heap was too small for its briefing: analyse that one here, and start another thread. */
  private async tooBig(worker: Worker, dictionary: SharedDictionary): Promise<void> {
    const job = this.busy.get(worker);
    this.busy.delete(worker);
    this.workers.splice(this.workers.indexOf(worker), 1);
    if (this.queue.length > 0) void this.start();
    if (!job) return;
    this.outOfMemory++;
    useSharedDictionary(dictionary);
    analyseBriefing(job.parts).then(job.resolve, job.reject);
  }

  private fail(worker: Worker, error: Error): void {
    this.failed = error;
    this.busy.get(worker)?.reject(error);
    this.busy.delete(worker);
    for (const job of this.queue.splice(0)) job.reject(error);
  }
}
