/**
 * scripts/import.ts as a user runs it: paths printed, files written atomically, determinism,
 * --force, --dry-run, several conferences per page, exit codes and FILE:LINE messages.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importBytes } from '../../src/import/index.ts';
import { FIXTURES, ROOT, SEED } from '../fixtures/import/helpers.ts';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'import-cli-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function run(...args: string[]) {
  const r = spawnSync(process.execPath, ['scripts/import.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else out.push(relative(dir, join(d, e.name)));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out.sort();
}
const fx = (name: string) => relative(ROOT, join(FIXTURES, name));

describe('import CLI', () => {
  it('writes the seed, prints its path, and writes what the library renders', () => {
    const out = tempDir();
    const r = run('--out', out, SEED);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${join(out, '2025/2025-09-08-daijin-rinji.md')}\n`);
    expect(listFiles(out)).toEqual(['2025/2025-09-08-daijin-rinji.md']);
    expect(readFileSync(join(out, '2025/2025-09-08-daijin-rinji.md'), 'utf8')).toBe(importBytes(readFileSync(SEED)).markdown[0]);
  });

  it('is deterministic: a second import finds the same file unchanged and writes nothing', () => {
    const out = tempDir();
    run('--out', out, SEED);
    const before = readFileSync(join(out, '2025/2025-09-08-daijin-rinji.md'), 'utf8');
    const r = run('--out', out, SEED);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/2025-09-08-daijin-rinji\.md: unchanged/u);
    expect(readFileSync(join(out, '2025/2025-09-08-daijin-rinji.md'), 'utf8')).toBe(before);
  });

  it('does not overwrite an edited file without --force', () => {
    const out = tempDir();
    run('--out', out, SEED);
    const path = join(out, '2025/2025-09-08-daijin-rinji.md');
    const edited = readFileSync(path, 'utf8').replace('内容は、以下の通り。', '内容は、以下のとおり。');
    writeFileSync(path, edited);
    const r = run('--out', out, SEED);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^.*jdefense-2025-09-08-nakatani-seoul\.txt:1: .*2025-09-08-daijin-rinji\.md already exists and differs from this import — pass --force/mu);
    expect(readFileSync(path, 'utf8')).toBe(edited);
    const forced = run('--out', out, '--force', SEED);
    expect(forced.status).toBe(0);
    expect(forced.stdout).toBe(`${path}\n`);
    expect(readFileSync(path, 'utf8')).toBe(importBytes(readFileSync(SEED)).markdown[0]);
  });

  it('--dry-run prints the Markdown and writes nothing', () => {
    const out = tempDir();
    const r = run('--dry-run', '--out', out, SEED);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(importBytes(readFileSync(SEED)).markdown[0]);
    expect(r.stderr).toMatch(/would write .*2025-09-08-daijin-rinji\.md/u);
    expect(listFiles(out)).toEqual([]);
  });

  it('writes one file per conference on a page, numbering same-day ones, and leaves no temp files', () => {
    const out = tempDir();
    const r = run('--out', out, fx('mofa-multi.txt'), fx('mod-current.txt'));
    expect(r.status).toBe(0);
    expect(listFiles(out)).toEqual([
      '2020/2020-04-03-daijin-kaiken.md',
      '2024/2024-09-13-gaimu-daijin-kaiken-2.md',
      '2024/2024-09-13-gaimu-daijin-kaiken.md',
      '2024/2024-09-17-gaimu-daijin-rinji.md',
    ]);
    expect(r.stdout.trim().split('\n')).toHaveLength(4);
    // Again: all unchanged, and the numbering is stable.
    const again = run('--out', out, fx('mofa-multi.txt'), fx('mod-current.txt'));
    expect(again.status).toBe(0);
    expect(again.stdout).toBe('');
    expect(listFiles(out)).toHaveLength(4);
  });

  it('gives a different conference of the same day and slug the next number instead of overwriting', () => {
    const out = tempDir();
    const page = readFileSync(join(FIXTURES, 'mod-old.txt'), 'utf8');
    const first = join(out, 'in-1.txt');
    const second = join(out, 'in-2.txt');
    writeFileSync(first, page);
    writeFileSync(second, page.replace('10時37分〜10時40分', '16時00分〜16時10分'));
    expect(run('--out', join(out, 'content'), first).status).toBe(0);
    const r = run('--out', join(out, 'content'), second);
    expect(r.status).toBe(0);
    expect(listFiles(join(out, 'content'))).toEqual(['2017/2017-08-04-daijin-kaiken-2.md', '2017/2017-08-04-daijin-kaiken.md']);
  });

  it('converts Shift_JIS and says so', () => {
    const out = tempDir();
    const r = run('--out', out, fx('mod-old-sjis.txt'));
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/mod-old-sjis\.txt: note: the file is Shift_JIS, not UTF-8; it was converted/u);
    expect(readFileSync(join(out, '2017/2017-08-04-daijin-kaiken.md'), 'utf8')).toBe(importBytes(readFileSync(join(FIXTURES, 'mod-old.txt'))).markdown[0]);
  });

  it.each([
    ['errors/empty.txt', 1],
    ['errors/no-turns.txt', 4],
    ['errors/bad-date.txt', 3],
    ['errors/era-ended.txt', 2],
    ['errors/weekday.txt', 3],
    ['errors/unknown-label.txt', 8],
    ['errors/unknown-layout.txt', 1],
  ])('%s: exit 1, FILE:%i: message, no stack trace, nothing written', (name, line) => {
    const out = tempDir();
    const r = run('--out', out, fx(name));
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^${fx(name).replace(/[.]/gu, '\\.')}:${line}: \\S`, 'u'));
    expect(r.stderr).not.toMatch(/\n\s+at |Error:/u);
    expect(listFiles(out)).toEqual([]);
  });

  it('imports the good files and reports the bad ones (exit 1)', () => {
    const out = tempDir();
    const r = run('--out', out, fx('errors/bad-date.txt'), fx('mod-old.txt'));
    expect(r.status).toBe(1);
    expect(listFiles(out)).toEqual(['2017/2017-08-04-daijin-kaiken.md']);
    expect(r.stderr).toMatch(/bad-date\.txt:3: /u);
  });

  it('refuses a file that cannot be read (exit 1)', () => {
    const r = run('--out', tempDir(), 'no/such/file.txt');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('no/such/file.txt: cannot read the file: no such file\n');
  });

  it('usage errors exit 2', () => {
    expect(run().status).toBe(2);
    const bad = run('--frobnicate', SEED);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/usage: npm run import -- \[--out DIR\] \[--force\] \[--dry-run\] FILE\.\.\./u);
    const help = run('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage:/u);
  });
});
