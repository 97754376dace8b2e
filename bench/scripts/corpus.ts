/**
 * Synthetic corpus for the benchmark: `npm run corpus -- --count N [--seed S] --out DIR`.
 *
 * Writes N transcripts (DIR/<year>/<date>-synthetic-<n>.md, frontmatter `synthetic: true`) and
 * DIR/_truth.json, the same bytes for the same seed and count, and prints a one-line summary on
 * stderr. Exit 0 when written, 2 for a usage mistake, 1 when the corpus could not be written.
 */
import { parseArgs } from 'node:util';
import { formatSummary, generateCorpus } from '../src/corpus.ts';

const USAGE = 'usage: npm run corpus -- --count N [--seed S] --out DIR [--workers W]';
const HELP = `${USAGE}

  --count N     how many briefings to write (1 to 1000000)
  --seed S      seed of the random generator: an integer or any word (default 1);
                the same seed and count give byte-identical files
  --out DIR     where to write: DIR/<year>/<date>-synthetic-<n>.md and DIR/_truth.json
                (earlier generator output in DIR is replaced; other files are left alone)
  --workers W   worker threads (default: 2 from 1500 briefings on a 2+ core machine); same output
  -h, --help    show this help`;

const MAX_COUNT = 1_000_000;

function usageError(message: string): never {
  process.stderr.write(`corpus: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function wholeNumber(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const value = /^\d{1,8}$/u.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (!(value >= min && value <= max)) usageError(`--${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  return value;
}

let values: { count?: string; seed?: string; out?: string; workers?: string; help?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      count: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      workers: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: false,
    strict: true,
  }));
} catch (err) {
  usageError((err as Error).message);
}

if (values.help) {
  process.stdout.write(`${HELP}\n`);
  process.exit(0);
}
if (values.count === undefined) usageError('--count is required');
if (values.out === undefined || values.out.trim() === '') usageError('--out is required');
const count = wholeNumber('count', values.count, 1, MAX_COUNT)!;
const workers = wholeNumber('workers', values.workers, 1, 16);
if (values.seed !== undefined && values.seed.trim() === '') usageError('--seed must not be empty');

try {
  const summary = await generateCorpus({
    count,
    out: values.out,
    ...(values.seed !== undefined ? { seed: values.seed.trim() } : {}),
    ...(workers !== undefined ? { workers } : {}),
  });
  process.stderr.write(`${formatSummary(summary)}\n`);
} catch (err) {
  process.stderr.write(`corpus: could not write the corpus: ${(err as Error).message}\n`);
  process.exit(1);
}
