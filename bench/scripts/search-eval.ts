/**
 * Recall, precision and nDCG@10 of our search and of Pagefind on a judged set of real statements:
 *
 *   npm run search-eval -- DIR [--judged FILE] [--build] [--pagefind] [--engine ours|pagefind] [--details] [--json]
 *
 * DIR holds `content/` (the transcripts); the site is built into DIR/dist when it has none (or with
 * --build), Pagefind's index into DIR/dist/pagefind when it has none (or with --pagefind). --tune runs
 * ours under a grid of ranking parameters instead (nDCG@10 per setting, best first). The judged
 * set (default DIR/judged.yaml; format in bench/src/judged.ts) is kept outside the repository.
 * Measures and reports; asserts nothing.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { JudgedSetError } from '../src/judged.ts';
import { formatReport, runSearchEval, tuneRanking, type EvalEngine, type TuningRow } from '../src/search-eval.ts';
import { DEFAULT_RANKING } from '../../src/search/query/engine.ts';

const USAGE = 'usage: npm run search-eval -- DIR [--judged FILE] [--build] [--pagefind] [--engine ours|pagefind] [--details] [--json] [--tune]';

/** The grid --tune runs ours over (ranking.ts): BM25's k1 and b, and the weight of a lead. */
const GRID = { k1: [0.6, 0.9, 1.2, 1.5, 2], b: [0, 0.25, 0.5, 0.75, 1], lead: [1, 0.75, 0.5, 0.3, 0.15] };

function fail(message: string, code: number): never {
  process.stderr.write(`search-eval: ${message}\n`);
  process.exit(code);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      judged: { type: 'string' },
      build: { type: 'boolean', default: false },
      pagefind: { type: 'boolean', default: false },
      engine: { type: 'string', multiple: true },
      details: { type: 'boolean', default: false },
      tune: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
} catch (e) {
  fail(`${(e as Error).message}\n${USAGE}`, 2);
}
const { values, positionals } = parsed;
if (positionals.length !== 1) fail(`give one folder, the one holding content/\n${USAGE}`, 2);
const dir = path.resolve(positionals[0]!);
const judged = path.resolve(values.judged ?? path.join(dir, 'judged.yaml'));
if (!existsSync(judged)) fail(`${judged}: no judged set there — pass --judged FILE (format: bench/src/judged.ts)`, 2);
const engines = (values.engine ?? ['ours', 'pagefind']) as EvalEngine[];
for (const e of engines) if (e !== 'ours' && e !== 'pagefind') fail(`--engine is ours or pagefind (got "${e}")\n${USAGE}`, 2);

try {
  if (values.tune) {
    const rows = await tuneRanking({ dir, judged, build: values.build, pagefind: false, log: (l) => process.stderr.write(`${l}\n`) }, GRID);
    const d = DEFAULT_RANKING;
    const line = (r: TuningRow) => `| ${r.k1} | ${r.b} | ${r.lead} | ${r.statement.toFixed(3)} | ${r.briefing.toFixed(3)} |`;
    const lines = ['| k1 | b | lead | nDCG@10 statement | nDCG@10 briefing |', '|---|---|---|---|---|', ...rows.slice(0, 12).map(line), '| … | | | | |', ...rows.slice(-3).map(line)];
    const current = rows.find((r) => r.k1 === d.k1 && r.b === d.b && r.lead === d.lead);
    if (current) lines.push('', `default (${d.k1}, ${d.b}, ${d.lead}): rank ${rows.indexOf(current) + 1} of ${rows.length}`);
    process.stdout.write(values.json ? `${JSON.stringify(rows, null, 2)}\n` : `${lines.join('\n')}\n`);
    process.exit(0);
  }
  const report = await runSearchEval({ dir, judged, build: values.build, pagefind: values.pagefind, log: (l) => process.stderr.write(`${l}\n`) }, engines);
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report, values.details)}\n`);
} catch (e) {
  if (e instanceof JudgedSetError) fail(e.message, 1);
  fail(e instanceof Error ? e.message : String(e), 1);
}
