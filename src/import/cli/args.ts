/**
 * The import command's arguments, checked before anything is read or written: a bad one is a usage
 * error (exit 2) that says which argument is wrong and how to write it.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseIsoDate } from '../../japanese/era.ts';
import type { Overrides } from '../header.ts';
import { parseSpeakerFlag } from '../speakers.ts';

export const USAGE = `usage: npm run import -- [--out DIR] [--force] [--dry-run] [--report] [--date YYYY-MM-DD] [--title TEXT]
                         [--speaker "名前(よみ)役職"] [--kind 定例|臨時] [--follow [--summary FILE]] [--timeout SECONDS] FILE|URL...

  Reads each FILE (text copied from a published press-conference page, or the page saved from the
  browser as HTML) or URL (http/https), and writes one Markdown transcript per press conference to
  DIR/<YYYY>/<YYYY-MM-DD>-<slug>.md. See docs/import.md.

  -o, --out DIR        where to write (default: content)
  -f, --force          overwrite a file that exists and differs
  -n, --dry-run        print the Markdown instead of writing it
      --report         print where every line of the input went (frontmatter, statement, heading, dropped)
      --date DATE      the conference's date, YYYY-MM-DD, when the page lacks it (or gives it wrong)
      --title TEXT     the title, when the page lacks one
      --speaker S      the principal speaker, "名前(よみ)役職", e.g. "中谷 元(なかたに げん)防衛大臣"
      --kind KIND      定例 or 臨時 (other words are kept as written)
      --follow         each URL is a listing page (年別一覧): import every conference it links to,
                       one request a second, skipping those already in DIR; then print what the
                       listing covers (imported, already in DIR, refused and why)
      --summary FILE   with --follow: also write that coverage as JSON to FILE
      --timeout S      seconds to wait for a web server (default 20)
  -h, --help           show this help
`;

export class UsageError extends Error {}

export interface Options {
  out: string;
  force: boolean;
  dryRun: boolean;
  report: boolean;
  follow: boolean;
  /** With --follow: where to write the coverage summary as JSON. */
  summary?: string;
  timeoutMs: number;
  overrides: Overrides;
  sources: string[];
}

/** http(s) addresses are fetched; anything else written like an address is refused, not read as a file name. */
export function isUrl(source: string): boolean {
  return /^https?:\/\//iu.test(source);
}
function looksLikeOtherScheme(source: string): boolean {
  return /^[a-z][a-z0-9+.-]+:/iu.test(source) && !isUrl(source);
}

function oneLine(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === '' || /[\n\r]/u.test(value)) throw new UsageError(`--${name} needs one line of text`);
  return value.trim();
}

/** Whether transcripts can be written under `out` (created when missing); a reason when not. */
export function outDirProblem(out: string): string | null {
  let dir = resolve(out);
  for (;;) {
    let isDir: boolean;
    try {
      isDir = statSync(dir).isDirectory();
    } catch {
      const parent = dirname(dir);
      if (parent === dir) return `--out ${out}: no part of the path exists`;
      dir = parent;
      continue;
    }
    if (!isDir) {
      return dir === resolve(out)
        ? `--out ${out} is a file, not a directory: give the directory to write the transcripts into (it is created when missing)`
        : `--out ${out} cannot be created: ${dir} is a file, not a directory`;
    }
    try {
      accessSync(dir, constants.W_OK);
    } catch {
      return `--out ${out}: cannot write into ${dir} (permission denied): choose a directory you can write to`;
    }
    return null;
  }
}

function existsDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export function parseOptions(argv: string[]): Options | 'help' {
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
        report: { type: 'boolean', default: false },
        date: { type: 'string' },
        title: { type: 'string' },
        speaker: { type: 'string' },
        kind: { type: 'string' },
        follow: { type: 'boolean', default: false },
        summary: { type: 'string' },
        timeout: { type: 'string', default: '20' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values: v, positionals } = parsed;
  if (v.help) return 'help';
  if (positionals.length === 0) throw new UsageError('no FILE or URL given');
  if (v.out.trim() === '') throw new UsageError('--out needs a directory');
  for (const p of positionals) {
    if (looksLikeOtherScheme(p)) throw new UsageError(`${p}: only http:// and https:// addresses can be imported (save other pages as a file and import the file)`);
  }
  if (v.follow && positionals.some((p) => !isUrl(p))) throw new UsageError('--follow reads listing pages: give their http(s) addresses, not files');
  if (v.summary !== undefined && !v.follow) throw new UsageError('--summary writes what --follow found on listing pages: give it with --follow');
  if (v.summary !== undefined && (v.summary.trim() === '' || existsDir(v.summary))) throw new UsageError(`--summary ${v.summary}: give the name of a JSON file to write`);

  if (v.date !== undefined && (!/^\d{4}-\d{2}-\d{2}$/u.test(v.date) || parseIsoDate(v.date) === null)) {
    throw new UsageError(`--date ${v.date} is not a real date: write it YYYY-MM-DD, e.g. 2025-09-08`);
  }
  const speaker = v.speaker === undefined ? undefined : parseSpeakerFlag(v.speaker);
  if (v.speaker !== undefined && (!speaker || (speaker.reading !== undefined && !/^[\p{Script=Hiragana}\p{Script=Katakana}ー\s]+$/u.test(speaker.reading)))) {
    throw new UsageError(`--speaker "${v.speaker}" is not 名前(よみ)役職: write e.g. --speaker "中谷 元(なかたに げん)防衛大臣" (the reading in kana; reading and position may be left out)`);
  }
  const timeout = Number(v.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0 || timeout > 600) throw new UsageError(`--timeout ${v.timeout} is not a number of seconds between 0 and 600`);
  const overrides: Overrides = {
    ...(v.date !== undefined ? { date: v.date } : {}),
    ...(v.title !== undefined ? { title: oneLine('title', v.title)! } : {}),
    ...(speaker ? { speaker } : {}),
    ...(v.kind !== undefined ? { kind: oneLine('kind', v.kind)! } : {}),
  };
  if (Object.keys(overrides).length > 0 && (positionals.length > 1 || v.follow)) {
    throw new UsageError('--date, --title, --speaker and --kind describe one press conference: give them with one FILE or URL');
  }
  if (!v['dry-run']) {
    const problem = outDirProblem(v.out);
    if (problem) throw new UsageError(problem);
  }
  return {
    out: v.out,
    force: v.force,
    dryRun: v['dry-run'],
    report: v.report,
    follow: v.follow,
    ...(v.summary !== undefined ? { summary: v.summary } : {}),
    timeoutMs: timeout * 1000,
    overrides,
    sources: positionals,
  };
}
