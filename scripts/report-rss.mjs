// Preloaded into a process the benchmark measures (NODE_OPTIONS=--import …): writes the process's
// peak resident set (KiB, worker threads included) to $KAIKEN_RSS_FILE when it exits.
import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const file = process.env.KAIKEN_RSS_FILE;
if (file && isMainThread) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
