/**
 * Parsing many transcripts on every core. A cold build of a large archive parses thousands of files;
 * each worker thread holds its own Markdown processor, reads and parses the files it is given, writes
 * each result into the cache itself, and hands back only the small summary (or the problems), so the
 * main thread never holds the transcripts.
 *
 * A handful of files is parsed on the calling thread: starting a worker and loading the Markdown
 * toolchain in it costs about as much as parsing a few dozen transcripts.
 */
import { availableParallelism } from 'node:os';
import { readFile } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { TranscriptCache } from './cache.ts';
import type { TranscriptMarkdownOptions } from '../markdown/processor.ts';
import { parseTranscriptBytes } from './parse.ts';
import type { Problem } from '../model/problems.ts';
import { summarize, type CachedSummary } from './summary.ts';

export interface ParseJob {
  /** Absolute path of the transcript. */
  file: string;
  /** Its content hash: the cache entry to write. */
  hash: string;
}

/** What a parsing thread is started with. */
export interface WorkerSetup {
  cacheDir: string;
  markdown: TranscriptMarkdownOptions;
}

export type ParseResult = { ok: true; summary: CachedSummary } | { ok: false; problems: Problem[] };

/** Read, parse and cache one transcript. */
export async function parseJob(job: ParseJob, cache: TranscriptCache<CachedSummary>, markdown: TranscriptMarkdownOptions): Promise<ParseResult> {
  const outcome = await parseTranscriptBytes(await readFile(job.file), markdown);
  if (!outcome.ok) return outcome;
  await cache.writeEntry(job.hash, outcome.transcript);
  return { ok: true, summary: summarize(outcome.transcript) };
}

/** Below this many files a worker's start-up costs more than it saves. */
const MIN_JOBS_FOR_WORKERS = 32;

export async function parseAll(
  jobs: ParseJob[],
  cacheDir: string,
  onResult: (job: ParseJob, result: ParseResult) => void,
  opts: { workers?: number; markdown?: TranscriptMarkdownOptions } = {},
): Promise<void> {
  const markdown = opts.markdown ?? {};
  const workers = jobs.length < MIN_JOBS_FOR_WORKERS ? 0 : Math.min(opts.workers ?? availableParallelism(), Math.ceil(jobs.length / MIN_JOBS_FOR_WORKERS));
  if (workers <= 1) {
    const cache = new TranscriptCache<CachedSummary>(cacheDir);
    for (const job of jobs) onResult(job, await parseJob(job, cache, markdown));
    return;
  }
  let next = 0;
  const pool = Array.from({ length: workers }, () => new Worker(new URL('./parse-worker.ts', import.meta.url), { workerData: { cacheDir, markdown } satisfies WorkerSetup }));
  try {
    await Promise.all(
      pool.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            let current: ParseJob | undefined;
            const feed = () => {
              if (next >= jobs.length) return resolve();
              current = jobs[next++]!;
              worker.postMessage(current);
            };
            worker.on('message', (result: ParseResult | { error: string }) => {
              if ('error' in result) return reject(new Error(`parsing ${current?.file} failed: ${result.error}`));
              onResult(current!, result);
              feed();
            });
            worker.on('error', (error) => reject(new Error(`transcript parser thread failed on ${current?.file}`, { cause: error })));
            worker.on('exit', (code) => {
              if (next < jobs.length || code !== 0) reject(new Error(`transcript parser thread exited (${code}) early`));
            });
            feed();
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
