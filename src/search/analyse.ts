/**
 * A briefing's analysis — kuromoji's word boundaries and the reading/inflection entries for every
 * statement — and the worker pool that computes it on every core.
 *
 * The analysis depends only on the statements' normalised text, so it is cached under a hash of that
 * text (see writer.ts); this module computes what the cache does not have. Each worker thread holds
 * its own tokenizer (one per thread, loaded once), fed briefing by briefing.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { analyzeNormalized } from '../japanese/tokenize.ts';
import { boundariesOf, expansionsOf, type ExpansionEntry } from './analysis.ts';

/** A statement as kuromoji sees it: normalised body, and the topic heading indexed with it. */
export interface AnalysisPart {
  body: string;
  heading: string | null;
}

export interface BriefingAnalysis {
  /** Per statement, word boundaries as deltas. */
  docs: number[][];
  exp: ExpansionEntry[];
}

export async function analyseBriefing(parts: AnalysisPart[]): Promise<BriefingAnalysis> {
  const docs: number[][] = [];
  const exp: ExpansionEntry[] = [];
  for (const p of parts) {
    const ms = await analyzeNormalized(p.body);
    const b = boundariesOf(ms, p.body.length);
    for (const e of expansionsOf(ms)) exp.push(e);
    if (p.heading !== null) {
      const hs = await analyzeNormalized(p.heading);
      const off = p.body.length + 1;
      for (const x of boundariesOf(hs, p.heading.length)) b.push(x + off);
      for (const e of expansionsOf(hs)) exp.push(e);
    }
    docs.push(b.map((x, k) => (k === 0 ? x : x - b[k - 1]!)));
  }
  return { docs, exp };
}

export interface AnalysePoolOptions {
  /** Worker threads; default: one per core. 0 analyses on this thread. */
  workers?: number;
  /** Called after each briefing, in completion order. */
  onResult: (index: number, analysis: BriefingAnalysis) => void;
}

/** Below this many briefings a worker's own dictionary load costs more than it saves. */
const MIN_BRIEFINGS_FOR_WORKERS = 8;

/** Analyse `jobs` (one entry per briefing) on all cores; resolves when every result was delivered. */
export async function analyseAll(jobs: AnalysisPart[][], opts: AnalysePoolOptions): Promise<void> {
  const wanted = opts.workers ?? availableParallelism();
  const workers = jobs.length < MIN_BRIEFINGS_FOR_WORKERS ? 0 : Math.min(wanted, jobs.length);
  if (workers === 0) {
    for (let i = 0; i < jobs.length; i++) opts.onResult(i, await analyseBriefing(jobs[i]!));
    return;
  }
  let next = 0;
  const pool = Array.from({ length: workers }, () => new Worker(new URL('./analyse-worker.ts', import.meta.url)));
  try {
    await Promise.all(
      pool.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            let current = -1;
            const feed = () => {
              if (next >= jobs.length) {
                resolve();
                return;
              }
              current = next++;
              worker.postMessage(jobs[current]);
            };
            worker.on('message', (analysis: BriefingAnalysis) => {
              opts.onResult(current, analysis);
              feed();
            });
            worker.on('error', (error) => reject(new Error(`tokenizer worker failed on briefing #${current}`, { cause: error })));
            worker.on('exit', (code) => {
              if (next < jobs.length || code !== 0) reject(new Error(`tokenizer worker exited (${code}) early`));
            });
            feed();
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
