/**
 * The README's lines for reading the data exports (its section "The data") run as printed, with bash,
 * gzip and jq, in a folder holding the test site's `data/`, and give what the files hold as the test
 * reads them itself. jq is required under CI (.ci/run installs it); elsewhere its lines skip without it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, TEST_DIST } from '../helpers/site.ts';

/** The shell lines of the README's "The data" section (comments left out). */
function readmeLines(): string[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## The data'));
  const block = /```sh\n([\s\S]*?)```/u.exec(section)![1]!;
  return block.split('\n').filter((l) => l.trim() && !l.startsWith('#'));
}

const hasJq = spawnSync('jq', ['--version']).status === 0;
const cwd = mkdtempSync(path.join(tmpdir(), 'kaiken-readme-'));
symlinkSync(path.join(TEST_DIST, 'data'), path.join(cwd, 'data'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

function run(line: string): Buffer {
  const r = spawnSync('bash', ['-o', 'pipefail', '-c', line], { cwd, maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${line}\nexited ${r.status}: ${r.stderr.toString()}`);
  return r.stdout;
}

const years = () => readdirSync(path.join(TEST_DIST, 'data')).filter((f) => /^statements-\d{4}\.jsonl\.gz$/u.test(f)).sort();
/** Every statement of every year, read by the test (Node's gunzip, JSON.parse). */
const records = () => years().flatMap((f) => gunzipSync(readFileSync(path.join(TEST_DIST, 'data', f))).toString('utf8').trim().split('\n').map((l) => JSON.parse(l)));

describe('the README\'s lines for reading every year of the data exports', () => {
  const [jsonl, csv, day] = readmeLines();

  it('prints three lines: JSON Lines through jq, one CSV of every year, a day\'s briefing JSON', () => {
    expect(jsonl).toContain('data/statements-*.jsonl.gz');
    expect(csv).toContain('data/statements-*.csv.gz');
    expect(day).toContain('data/briefings/');
  });

  it.skipIf(!hasJq && !process.env['CI'])('JSON Lines: every year, oldest first, filtered by jq', () => {
    const officials = records().filter((r) => r.role === 'official');
    expect(officials.length).toBeGreaterThan(5);
    const tsv = (s: string) => s.replace(/\\/gu, '\\\\').replace(/\t/gu, '\\t').replace(/\n/gu, '\\n').replace(/\r/gu, '\\r');
    expect(run(jsonl!).toString('utf8')).toBe(officials.map((r) => `${r.date}\t${tsv(r.speaker)}\t${tsv(r.text)}\n`).join(''));
  });

  it('CSV: one header with the byte order mark, then every year\'s rows', () => {
    run(csv!);
    const out = readFileSync(path.join(cwd, 'statements.csv'));
    const parts = years().map((f) => gunzipSync(readFileSync(path.join(TEST_DIST, 'data', f.replace('.jsonl.gz', '.csv.gz')))).toString('utf8'));
    const header = parts[0]!.slice(0, parts[0]!.indexOf('\r\n') + 2);
    expect(header.startsWith('\ufeffbriefing,date,')).toBe(true);
    expect(out.toString('utf8')).toBe(header + parts.map((p) => p.slice(header.length)).join(''));
    expect(out.toString('utf8').split('\ufeff')).toHaveLength(2);
  });

  it.skipIf(!hasJq && !process.env['CI'])('a day\'s file: its briefing\'s turns', () => {
    const [briefing] = JSON.parse(readFileSync(path.join(TEST_DIST, 'data/briefings/2025/2025-09-08.json'), 'utf8'));
    expect(run(day!).toString('utf8')).toBe(briefing.turns.map((t: { speaker: string; text: string }) => `${t.speaker}\t${t.text.replace(/\n/gu, '\\n')}\n`).join(''));
  });
});
