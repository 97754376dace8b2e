/** Worker thread of parse-pool.ts: parses one transcript at a time into the cache, answers with its summary. */
import { parentPort, workerData } from 'node:worker_threads';
import { TranscriptCache } from './cache.ts';
import { parseJob, type ParseJob } from './parse-pool.ts';
import type { CachedSummary } from './summary.ts';

const cache = new TranscriptCache<CachedSummary>((workerData as { cacheDir: string }).cacheDir);

parentPort!.on('message', (job: ParseJob) => {
  parseJob(job, cache).then(
    (result) => parentPort!.postMessage(result),
    (error: unknown) => parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) }),
  );
});
