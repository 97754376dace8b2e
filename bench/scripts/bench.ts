/**
 * npm run bench -- [--sizes 100,1000,10000] [--out FILE] [--seed S] [--runs N] [--phone-runs N] [--keep]
 *                  [--skip-pagefind [SIZE:]REASON]… [--memory-limit-mb MB]
 * Writes FILE (JSON, default bench/results.json) and bench/RESULTS.md beside it (another FILE name:
 * its own .md beside it).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runBench, writeResults } from '../src/run.ts';

const USAGE =
  'usage: npm run bench -- [--sizes 100,1000] [--out bench/results.json] [--seed 1] [--runs 5] [--phone-runs 3] [--keep]\n' +
  '                        [--skip-pagefind "reason" | --skip-pagefind "10000:reason"]… [--memory-limit-mb MB]';
let values;
try {
  ({ values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '100,1000' },
      out: { type: 'string', default: 'bench/results.json' },
      seed: { type: 'string', default: '1' },
      runs: { type: 'string', default: '5' },
      'phone-runs': { type: 'string', default: '3' },
      keep: { type: 'boolean', default: false },
      'skip-pagefind': { type: 'string', multiple: true },
      'memory-limit-mb': { type: 'string' },
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
const whole = (s: string | undefined) => (s === undefined ? undefined : Number(s));
const sizes = values.sizes.split(',').map((s) => Number(s.trim()));
const seed = Number(values.seed);
const runs = Number(values.runs);
const phoneRuns = Number(values['phone-runs']);
const memoryLimitMb = whole(values['memory-limit-mb']);
const positive = (n: number | undefined) => n === undefined || (Number.isInteger(n) && n >= 1);
if (sizes.some((n) => !positive(n)) || !Number.isInteger(seed) || !positive(runs) || !positive(phoneRuns) || !positive(memoryLimitMb)) {
  console.error(`--sizes takes positive whole numbers separated by commas; --seed a whole number; --runs, --phone-runs and --memory-limit-mb positive whole numbers\n${USAGE}`);
  process.exit(2);
}
// "--skip-pagefind REASON" skips Pagefind at every size; "--skip-pagefind 10000:REASON" at that size only.
let skipPagefind: string | undefined;
const skipPagefindAt: Record<number, string> = {};
for (const s of values['skip-pagefind'] ?? []) {
  const m = /^(\d+):\s*(.+)$/su.exec(s);
  if (m) skipPagefindAt[Number(m[1])] = m[2]!;
  else skipPagefind = s;
}
const started = performance.now();
const result = await runBench({
  sizes,
  seed,
  runs,
  phoneRuns,
  keep: values.keep,
  ...(skipPagefind ? { skipPagefind } : {}),
  skipPagefindAt,
  ...(memoryLimitMb ? { memoryLimitMb } : {}),
  log: (l) => console.error(l),
});
const quote = (a: string) => (/^[\w,./:=-]+$/u.test(a) ? a : `'${a.replace(/'/gu, `'\\''`)}'`);
const command = `npm run bench -- ${process.argv.slice(2).map(quote).join(' ')}`.trim();
const md = writeResults(path.resolve(values.out), result, command);
console.error(`bench: ${sizes.join(', ')} briefings in ${((performance.now() - started) / 1000).toFixed(0)} s → ${values.out}, ${path.relative(process.cwd(), md)}`);
console.log(JSON.stringify(result, null, 2));
