/** Worker thread of parse-pool.ts: parses one transcript at a time into the cache, answers with its summary. */
import { parentPort, workerData } from 'node:worker_threads';
import { TranscriptCache } from './cache.ts';
import { parseJob, type ParseJob, type WorkerSetup } from './parse-pool.ts';
import type { CachedSummary } from './summary.ts';

const setup = workerData as WorkerSetup;
const cache = new TranscriptCache<CachedSummary>(setup.cacheDir);

parentPort!.on('message', (job: ParseJob) => {
  parseJob(job, cache, setup.markdown).then(
    (result) => parentPort!.postMessage(result),
    (error: unknown) => parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) }),
  );
});
