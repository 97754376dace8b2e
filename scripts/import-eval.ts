/**
 * Measure the importer on a sample of real pages:
 *
 *     npm run import-eval -- [--json] DIR
 *
 * Imports every page of DIR that has an expectation sidecar (NAME.expect.yaml beside NAME.txt or
 * NAME.html) in memory — nothing is written — and prints per page and in total: imported or
 * refused, fully right, each wrong field, statements lost, turns invented; then per layout class,
 * per issue class and per site. The sidecar format is in docs/import.md.
 *
 * Exit status: 0 when it ran (the figures are the output); 2 on a bad argument, or when a sidecar
 * cannot be read (each said as path:line: what is wrong — how to fix it; the other pages are still
 * measured and printed).
 */
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildReport, formatReport } from '../src/import/eval/report.ts';
import { evaluate } from '../src/import/eval/run.ts';

const USAGE = 'usage: npm run import-eval -- [--json] DIR';

function usage(message: string): never {
  process.stderr.write(`import-eval: ${message}\n${USAGE}\n`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({ options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true });
} catch (e) {
  usage((e as Error).message);
}
if (parsed.values.help) {
  process.stdout.write(`${USAGE}\n\n  DIR     pages (NAME.txt, NAME.html) with their sidecars (NAME.expect.yaml)\n  --json  the report as JSON on stdout\n`);
  process.exit(0);
}
if (parsed.positionals.length !== 1) usage('give one sample folder');
const dir = parsed.positionals[0]!;
let isDir = false;
try {
  isDir = statSync(dir).isDirectory();
} catch {
  usage(`${dir}: no such folder`);
}
if (!isDir) usage(`${dir} is not a folder`);

const { results, sidecarErrors, withoutSidecar } = evaluate(dir);
if (results.length === 0 && sidecarErrors.length === 0) usage(`${dir} holds no page with a sidecar (NAME.txt or NAME.html beside NAME.expect.yaml)`);
for (const f of withoutSidecar) process.stderr.write(`${dir}/${f}: no sidecar (${f.replace(/\.[^.]+$/u, '')}.expect.yaml); not measured\n`);
for (const e of sidecarErrors) process.stderr.write(`${e}\n`);
const report = buildReport(dir, results, sidecarErrors);
process.stdout.write(parsed.values.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
process.exitCode = sidecarErrors.length > 0 ? 2 : 0;
