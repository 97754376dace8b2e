/**
 * Import published press-conference text into content/ Markdown.
 *
 *     npm run import -- [--out DIR] [--force] [--dry-run] FILE...
 *
 * Writes one Markdown transcript per press conference found in each FILE (a page may hold several),
 * as DIR/<YYYY>/<YYYY-MM-DD>-<slug>.md, and prints the paths written. The same text always gives the
 * same file; an existing file is left alone unless --force is given (an identical one is reported
 * as unchanged). --dry-run prints the Markdown instead of writing it.
 *
 * Exit status: 0 ok; 1 a file could not be imported (each problem printed as FILE:LINE: what is
 * wrong — how to fix it, and nothing written for that file); 2 usage.
 * See docs/import.md.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { ImportError, formatImportError, importBytes, isImportError, relativePath } from '../src/import/index.ts';
import type { ImportedBriefing } from '../src/import/index.ts';
import { readFrontmatter, validateMarkdown } from '../src/import/validate.ts';

const USAGE = `usage: npm run import -- [--out DIR] [--force] [--dry-run] FILE...

  Reads each FILE (text copied from a published press-conference page, UTF-8 or Shift_JIS)
  and writes one Markdown transcript per press conference to DIR/<YYYY>/<YYYY-MM-DD>-<slug>.md.

  -o, --out DIR   where to write (default: content)
  -f, --force     overwrite existing files
  -n, --dry-run   print the Markdown instead of writing it
  -h, --help      show this help
`;

const ENCODING_NAMES: Record<string, string> = {
  shift_jis: 'Shift_JIS',
  'euc-jp': 'EUC-JP',
  'utf-16le': 'UTF-16LE',
  'utf-16be': 'UTF-16BE',
};

interface Planned {
  briefing: ImportedBriefing;
  markdown: string;
  path: string;
  /** new: no file yet; same: identical file exists; replace: a different file of the same conference exists. */
  status: 'new' | 'same' | 'replace';
}

interface Options {
  out: string;
  force: boolean;
  dryRun: boolean;
}

/** Title, date, start and kind identify a press conference among files of the same day and slug. */
function identity(fm: unknown): string {
  const f = (fm ?? {}) as Record<string, unknown>;
  const date = f['date'] instanceof Date ? (f['date'] as Date).toISOString().slice(0, 10) : f['date'];
  return JSON.stringify([f['title'], date, f['start'] ?? null, f['kind'] ?? null]);
}

function plan(briefings: ImportedBriefing[], markdown: string[], opts: Options, reserved: Set<string>): Planned[] {
  const mine = new Set<string>();
  const out: Planned[] = [];
  briefings.forEach((b, i) => {
    const md = markdown[i]!;
    const fm = validateMarkdown(md, b.line);
    const id = identity(fm);
    for (let n = 1; ; n++) {
      const path = join(opts.out, relativePath(b.frontmatter.date, b.slug, n));
      if (reserved.has(path) || mine.has(path)) continue;
      if (!existsSync(path)) {
        out.push({ briefing: b, markdown: md, path, status: 'new' });
        mine.add(path);
        return;
      }
      const existing = readFileSync(path, 'utf8');
      let existingId: string;
      try {
        existingId = identity(readFrontmatter(existing));
      } catch {
        existingId = '';
      }
      if (existing !== md && existingId !== id) continue; // another press conference of that day
      if (existing === md) out.push({ briefing: b, markdown: md, path, status: 'same' });
      else if (opts.force || opts.dryRun) out.push({ briefing: b, markdown: md, path, status: 'replace' });
      else {
        throw new ImportError(
          b.line,
          `${path} already exists and differs from this import`,
          'pass --force to overwrite it, or --dry-run to see the Markdown without writing',
        );
      }
      mine.add(path);
      return;
    }
  });
  for (const p of mine) reserved.add(p);
  return out;
}

/** Write every file of one input, each to a temporary file first and then renamed into place. */
function writeAll(planned: Planned[]): void {
  const temps: { temp: string; path: string }[] = [];
  try {
    for (const p of planned) {
      if (p.status === 'same') continue;
      mkdirSync(dirname(p.path), { recursive: true });
      const temp = `${p.path}.tmp-${process.pid}`;
      writeFileSync(temp, p.markdown, 'utf8');
      temps.push({ temp, path: p.path });
    }
  } catch (e) {
    for (const t of temps) rmSync(t.temp, { force: true });
    throw e;
  }
  for (const t of temps) renameSync(t.temp, t.path);
}

function importOne(file: string, opts: Options, reserved: Set<string>): boolean {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message;
    process.stderr.write(`${file}: cannot read the file: ${why}\n`);
    return false;
  }
  try {
    const { encoding, briefings, markdown } = importBytes(bytes);
    if (encoding !== 'utf-8') {
      process.stderr.write(`${file}: note: the file is ${ENCODING_NAMES[encoding] ?? encoding}, not UTF-8; it was converted (the Markdown is UTF-8)\n`);
    }
    const planned = plan(briefings, markdown, opts, reserved);
    if (opts.dryRun) {
      for (const p of planned) {
        const note = p.status === 'new' ? '' : p.status === 'same' ? ' (exists, unchanged)' : opts.force ? ' (would overwrite)' : ' (exists and differs: needs --force)';
        process.stderr.write(`${file}: would write ${p.path}${note}\n`);
        process.stdout.write(p.markdown);
      }
      return true;
    }
    writeAll(planned);
    for (const p of planned) {
      if (p.status === 'same') process.stderr.write(`${p.path}: unchanged\n`);
      else process.stdout.write(`${p.path}\n`);
    }
    return true;
  } catch (e) {
    if (isImportError(e)) {
      process.stderr.write(`${formatImportError(file, e)}\n`);
    } else {
      process.stderr.write(`${file}: internal error: ${(e as Error).message} (set IMPORT_DEBUG=1 for details)\n`);
      if (process.env['IMPORT_DEBUG']) process.stderr.write(`${(e as Error).stack}\n`);
    }
    return false;
  }
}

function main(argv: string[]): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        out: { type: 'string', short: 'o', default: 'content' },
        force: { type: 'boolean', short: 'f', default: false },
        'dry-run': { type: 'boolean', short: 'n', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    process.stderr.write(`import: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length === 0) {
    process.stderr.write(`import: no FILE given\n\n${USAGE}`);
    return 2;
  }
  if (values.out === '') {
    process.stderr.write(`import: --out needs a directory\n\n${USAGE}`);
    return 2;
  }
  const opts: Options = { out: values.out, force: values.force, dryRun: values['dry-run'] };
  const reserved = new Set<string>();
  let ok = true;
  for (const file of positionals) ok = importOne(file, opts, reserved) && ok;
  return ok ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
