/**
 * scripts/import.ts as a user runs it: paths printed, files written atomically, determinism,
 * --force, --dry-run, several conferences per page, exit codes and FILE:LINE messages.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importBytes } from '../../src/import/index.ts';
import { FIXTURES, ROOT, SEED, fixture } from '../fixtures/import/helpers.ts';

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
  it.skipIf(!SEED)('writes the seed, prints its path, and writes what the library renders', () => {
    const out = tempDir();
    const r = run('--out', out, SEED!);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${join(out, '2025/2025-09-08-daijin-rinji.md')}\n`);
    expect(listFiles(out)).toEqual(['2025/2025-09-08-daijin-rinji.md']);
    expect(readFileSync(join(out, '2025/2025-09-08-daijin-rinji.md'), 'utf8')).toBe(importBytes(readFileSync(SEED!)).markdown[0]);
  });

  it.skipIf(!SEED)('is deterministic: a second import finds the same file unchanged and writes nothing', () => {
    const out = tempDir();
    run('--out', out, SEED!);
    const before = readFileSync(join(out, '2025/2025-09-08-daijin-rinji.md'), 'utf8');
    const r = run('--out', out, SEED!);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/2025-09-08-daijin-rinji\.md: unchanged/u);
    expect(readFileSync(join(out, '2025/2025-09-08-daijin-rinji.md'), 'utf8')).toBe(before);
  });

  it.skipIf(!SEED)('does not overwrite an edited file without --force', () => {
    const out = tempDir();
    run('--out', out, SEED!);
    const path = join(out, '2025/2025-09-08-daijin-rinji.md');
    const edited = readFileSync(path, 'utf8').replace('内容は、以下の通り。', '内容は、以下のとおり。');
    writeFileSync(path, edited);
    const r = run('--out', out, SEED!);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^.*jdefense-2025-09-08-nakatani-seoul\.txt:1: .*2025-09-08-daijin-rinji\.md already exists and differs from this import — pass --force/mu);
    expect(readFileSync(path, 'utf8')).toBe(edited);
    const forced = run('--out', out, '--force', SEED!);
    expect(forced.status).toBe(0);
    expect(forced.stdout).toBe(`${path}\n`);
    expect(readFileSync(path, 'utf8')).toBe(importBytes(readFileSync(SEED!)).markdown[0]);
  });

  it.skipIf(!SEED)('--dry-run prints the Markdown and writes nothing', () => {
    const out = tempDir();
    const r = run('--dry-run', '--out', out, SEED!);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(importBytes(readFileSync(SEED!)).markdown[0]);
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
    expect(r.stderr).toBe('no/such/file.txt: cannot read the file: no such file — check the file name\n');
  });

  it('usage errors exit 2', () => {
    expect(run().status).toBe(2);
    const bad = run('--frobnicate', fx('news-inline-labels.txt'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^import: Unknown option '--frobnicate'.*\n\nusage: npm run import -- \[--out DIR\] \[--force\] \[--dry-run\] \[--report\]/su);
    const help = run('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage:/u);
  });

  it.each([
    [['--date', '2025-13-01'], /^import: --date 2025-13-01 is not a real date: write it YYYY-MM-DD, e.g\. 2025-09-08\n\nusage: /u],
    [['--date', '2025-02-29'], /^import: --date 2025-02-29 is not a real date/u],
    [['--date', '9月8日'], /^import: --date 9月8日 is not a real date/u],
    [['--speaker', '中谷 元(Nakatani)防衛大臣'], /^import: --speaker "中谷 元\(Nakatani\)防衛大臣" is not 名前\(よみ\)役職/u],
    [['--speaker', ''], /^import: --speaker "" is not 名前\(よみ\)役職/u],
    [['--title', ' '], /^import: --title needs one line of text/u],
    [['--timeout', '0'], /^import: --timeout 0 is not a number of seconds/u],
    [['--follow'], /^import: --follow reads listing pages: give their http\(s\) addresses, not files/u],
  ])('bad argument %j: exit 2 with a usage line, nothing written', (args, message) => {
    const out = tempDir();
    const r = run('--out', out, ...args, fx('mod-old.txt'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/\nusage: npm run import -- /u);
    expect(r.stderr).not.toMatch(/\n\s+at /u);
    expect(listFiles(out)).toEqual([]);
  });

  it.each(['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,x'])('refuses %s as a source: only http(s) addresses (exit 2)', (source) => {
    const r = run('--out', tempDir(), source);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/only http:\/\/ and https:\/\/ addresses can be imported/u);
  });

  it('writes one file for one conference given twice in one run, and again in a later run', () => {
    const out = tempDir();
    const copy = join(tempDir(), 'copy.txt');
    writeFileSync(copy, readFileSync(join(FIXTURES, 'mod-old.txt')));
    const r = run('--out', out, fx('mod-old.txt'), fx('mod-old.txt'), copy, fx('mod-old-sjis.txt'));
    expect(r.status, r.stderr).toBe(0);
    expect(listFiles(out)).toEqual(['2017/2017-08-04-daijin-kaiken.md']);
    expect(r.stdout).toBe(`${join(out, '2017/2017-08-04-daijin-kaiken.md')}\n`);
    expect(r.stderr).toMatch(/copy\.txt:3: the 2017-08-04 press conference was already imported from tests\/fixtures\/import\/mod-old\.txt in this run \(.*2017-08-04-daijin-kaiken\.md\); not written twice/u);
    const again = run('--out', out, copy);
    expect(again.status).toBe(0);
    expect(again.stderr).toMatch(/2017-08-04-daijin-kaiken\.md: unchanged/u);
    expect(listFiles(out)).toEqual(['2017/2017-08-04-daijin-kaiken.md']);
  });

  it('a --out that is a file is explained in words (exit 2), not as ENOTDIR', () => {
    const dir = tempDir();
    const file = join(dir, 'content.txt');
    writeFileSync(file, 'not a directory');
    const r = run('--out', file, fx('mod-old.txt'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^import: --out .*content\.txt is a file, not a directory: give the directory to write the transcripts into/u);
    const under = run('--out', join(file, 'sub'), fx('mod-old.txt'));
    expect(under.status).toBe(2);
    expect(under.stderr).toMatch(/^import: --out .*content\.txt\/sub cannot be created: .*content\.txt is a file, not a directory/u);
    expect(`${r.stderr}${under.stderr}`).not.toMatch(/ENOTDIR|internal error/u);
    expect(readFileSync(file, 'utf8')).toBe('not a directory');
  });

  it('a year folder that is a file is explained in words (exit 1), and nothing else is touched', () => {
    const out = tempDir();
    writeFileSync(join(out, '2017'), 'in the way');
    const r = run('--out', out, fx('mod-old.txt'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^tests\/fixtures\/import\/mod-old\.txt: cannot write .*2017-08-04-daijin-kaiken\.md: .*\/2017 exists and is not a directory — choose another --out/u);
    expect(r.stderr).not.toMatch(/ENOTDIR|internal error|\n\s+at /u);
    expect(listFiles(out)).toEqual(['2017']);
  });

  it.skipIf(!unwritableDir())('a --out the user may not write to is explained in words (exit 1)', () => {
    const r = run('--out', unwritableDir()!, fx('mod-old.txt'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/cannot write .*: (?:permission denied on|the file system is read-only)/u);
    expect(r.stderr).not.toMatch(/EACCES|EPERM|EROFS|internal error/u);
  });

  it('--date, --title, --speaker and --kind supply what the page lacks; without them it is refused at the line where the reader looked', () => {
    const out = tempDir();
    const refused = run('--out', out, fx('needs-flags/no-date.txt'));
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/^tests\/fixtures\/import\/needs-flags\/no-date\.txt:2: no date for this press conference: .*found the title 「防衛大臣臨時記者会見」 \(line 1\), 2 speaker labels from line 2 — .*pass --date YYYY-MM-DD/u);
    const r = run('--out', out, '--date', '2023-05-01', '--speaker', '宮城 進(みやぎ すすむ)防衛大臣', '--kind', '臨時', fx('needs-flags/no-date.txt'));
    expect(r.status, r.stderr).toBe(0);
    expect(listFiles(out)).toEqual(['2023/2023-05-01-daijin-rinji.md']);
    const md = readFileSync(join(out, '2023/2023-05-01-daijin-rinji.md'), 'utf8');
    expect(md).toMatch(/^---\ntitle: 防衛大臣臨時記者会見\ndate: 2023-05-01\nkind: 臨時\nspeakers:\n  - name: 宮城 進\n    reading: みやぎ すすむ\n    position: 防衛大臣\n---\n/u);
    const two = run('--out', out, '--date', '2023-05-01', fx('mod-old.txt'), fx('mofa-old.txt'));
    expect(two.status).toBe(2);
    expect(two.stderr).toMatch(/describe one press conference: give them with one FILE or URL/u);
  });

  it('--report accounts for every non-empty line; stray text is a warning even without it', () => {
    const dir = tempDir();
    const page = join(dir, 'stray.txt');
    const text = fixture('mod-current.txt').replace('動画版\n', '動画版\n閣議の概要は別途掲載\n');
    writeFileSync(page, text);
    const r = run('--dry-run', '--report', page);
    expect(r.status, r.stderr).toBe(0);
    const nonEmpty = text.split('\n').map((l, i) => [i + 1, l.trim()] as const).filter(([, l]) => l !== '');
    const rows = r.stderr.split('\n').filter((l) => /^ +\d+  (?:frontmatter|statement|heading|dropped) /u.test(l));
    expect(rows.map((l) => Number(/^ +(\d+)/u.exec(l)![1]))).toEqual(nonEmpty.map(([n]) => n));
    // Lines 5–9 frontmatter; 11 (備考's value, the lead) and 15–26 statements; 14 and 17 headings; the rest
    // (the 備考 label, chrome and the stray line 13) dropped.
    expect(nonEmpty).toHaveLength(30);
    expect(r.stderr).toMatch(/\n  30 non-empty lines: 5 frontmatter, 11 statement, 2 heading, 12 dropped \(11 known page chrome, 1 not\)\n/u);
    expect(r.stderr).toMatch(/stray\.txt:13: warning: dropped 「閣議の概要は別途掲載」 \(not recognised before the transcript starts\): it is not known page chrome/u);
    const quiet = run('--dry-run', page);
    expect(quiet.stderr).toMatch(/stray\.txt:13: warning: dropped 「閣議の概要は別途掲載」/u);
    expect(quiet.stderr).not.toMatch(/non-empty lines/u);
  });

  it('a page of no known layout with a date and labels is imported with a note', () => {
    const out = tempDir();
    const r = run('--out', out, fx('copy-blog-qa.txt'));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^tests\/fixtures\/import\/copy-blog-qa\.txt:1: note: the layout was not recognised .*read by its features \(the 2022-02-18 conference, its transcript from line 2\) — check the result/mu);
    expect(listFiles(out)).toEqual(['2022/2022-02-18-daijin-kaiken.md']);
  });
});

/** A directory this process cannot create files in (as root, only special file systems refuse), or null. */
function unwritableDir(): string | null {
  for (const dir of ['/sys/kaiken-import-test', '/proc/kaiken-import-test']) {
    try {
      mkdirSync(dir);
      rmSync(dir, { recursive: true, force: true });
    } catch (e) {
      if (['EACCES', 'EPERM', 'EROFS', 'ENOENT'].includes((e as NodeJS.ErrnoException).code ?? '')) return dir;
    }
  }
  return null;
}
