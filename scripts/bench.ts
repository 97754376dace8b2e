/**
 * npm run bench -- [--sizes 100,1000,10000] [--out FILE] [--seed S] [--runs N] [--keep]
 * Writes FILE (JSON, default bench/results.json) and bench/RESULTS.md beside it.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runBench, writeResults } from '../src/bench/run.ts';

const USAGE = 'usage: npm run bench -- [--sizes 100,1000] [--out bench/results.json] [--seed 1] [--runs 5] [--keep] [--skip-pagefind "reason"]';
let values;
try {
  ({ values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '100,1000' },
      out: { type: 'string', default: 'bench/results.json' },
      seed: { type: 'string', default: '1' },
      runs: { type: 'string', default: '5' },
      keep: { type: 'boolean', default: false },
      'skip-pagefind': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  }));
} catch (e) {
  console.error(`${(e as Error).message}\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const sizes = values.sizes.split(',').map((s) => Number(s.trim()));
const seed = Number(values.seed);
const runs = Number(values.runs);
if (sizes.some((n) => !Number.isInteger(n) || n < 1) || !Number.isInteger(seed) || !Number.isInteger(runs) || runs < 1) {
  console.error(`--sizes takes positive whole numbers separated by commas, --seed and --runs whole numbers\n${USAGE}`);
  process.exit(2);
}
const started = performance.now();
const result = await runBench({
  sizes,
  seed,
  runs,
  keep: values.keep,
  ...(values['skip-pagefind'] ? { skipPagefind: values['skip-pagefind'] } : {}),
  log: (l) => console.error(l),
});
const command = `npm run bench -- --sizes ${sizes.join(',')}${seed !== 1 ? ` --seed ${seed}` : ''}`;
const md = writeResults(path.resolve(values.out), result, command);
console.error(`bench: ${sizes.join(', ')} briefings in ${((performance.now() - started) / 1000).toFixed(0)} s → ${values.out}, ${path.relative(process.cwd(), md)}`);
console.log(JSON.stringify(result, null, 2));
