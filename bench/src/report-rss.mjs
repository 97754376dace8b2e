// Preloaded into a process the benchmark measures (NODE_OPTIONS=--import …): writes the process's
// peak resident set (KiB, worker threads included) to $KAIKEN_RSS_FILE when it exits. Only the process
// the benchmark started writes it: NODE_OPTIONS reaches the Node processes the build starts in turn
// (the detached remover of the previous output, say), which must not overwrite the figure.
import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const file = process.env.KAIKEN_RSS_FILE;
const parent = Number(process.env.KAIKEN_RSS_PARENT);
if (file && isMainThread && process.ppid === parent) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
