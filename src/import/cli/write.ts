/**
 * Where each imported conference goes in `content/`, and writing it there: one file per conference
 * however often it is given (in one run or across runs), numbered `-2`, `-3`… only for another
 * conference of the same day and name, never overwriting an edited file without --force, atomic
 * (temporary file, then rename), and file-system failures said in words.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { writeFileAtomicSync } from '../../fs/atomic.ts';
import { dirname, join } from 'node:path';
import { ImportError, SourceError } from '../errors.ts';
import { relativePath } from '../slug.ts';
import type { ImportedBriefing } from '../types.ts';
import { readFrontmatter, validateMarkdown } from '../validate.ts';

export interface Planned {
  briefing: ImportedBriefing;
  markdown: string;
  path: string;
  /** new: no file yet; same: identical file exists; replace: a different file of the same conference exists; again: given earlier in this run. */
  status: 'new' | 'same' | 'replace' | 'again';
  /** For `again`: the input it was first imported from. */
  firstFrom?: string;
}

/** What this run has planned so far: paths taken and conferences seen, with the input each came from. */
export interface RunState {
  paths: Set<string>;
  conferences: Map<string, { path: string; from: string }>;
}

export function newRun(): RunState {
  return { paths: new Set(), conferences: new Map() };
}

type Fm = Record<string, unknown>;

/** Title, date, start and kind identify a press conference among files of the same day and slug. */
function identity(fm: unknown): string {
  const f = (fm ?? {}) as Fm;
  const date = f['date'] instanceof Date ? (f['date'] as Date).toISOString().slice(0, 10) : f['date'];
  return JSON.stringify([f['title'], date, f['start'] ?? null, f['kind'] ?? null]);
}

function sourceUrl(fm: unknown): string | undefined {
  const url = ((fm ?? {}) as { source?: { url?: unknown } }).source?.url;
  return typeof url === 'string' ? url : undefined;
}

function existingFrontmatter(text: string): unknown {
  try {
    return readFrontmatter(text);
  } catch {
    return null;
  }
}

export function plan(briefings: ImportedBriefing[], markdown: string[], from: string, out: string, force: boolean, run: RunState): Planned[] {
  const planned: Planned[] = [];
  briefings.forEach((b, i) => {
    const md = markdown[i]!;
    const fm = validateMarkdown(md, b.line);
    const id = identity(fm);
    const seen = run.conferences.get(id);
    if (seen) {
      planned.push({ briefing: b, markdown: md, path: seen.path, status: 'again', firstFrom: seen.from });
      return;
    }
    for (let n = 1; ; n++) {
      const path = join(out, relativePath(b.frontmatter.date, b.slug, n));
      if (run.paths.has(path)) continue;
      let status: Planned['status'] = 'new';
      if (existsSync(path)) {
        const existing = readFileSync(path, 'utf8');
        const efm = existingFrontmatter(existing);
        const sameConference = existing === md || identity(efm) === id || (sourceUrl(fm) !== undefined && sourceUrl(efm) === sourceUrl(fm));
        if (!sameConference) continue; // another press conference of that day
        if (existing === md) status = 'same';
        else if (force) status = 'replace';
        else throw new ImportError(b.line, `${path} already exists and differs from this import`, 'pass --force to overwrite it, or --dry-run to see the Markdown without writing');
      }
      planned.push({ briefing: b, markdown: md, path, status });
      run.paths.add(path);
      run.conferences.set(id, { path, from });
      return;
    }
  });
  return planned;
}

/** A file-system failure in words: `permission denied`, `… is a file, not a directory`. */
export function fsProblem(e: unknown, path: string): string {
  const err = e as NodeJS.ErrnoException;
  const where = err.path ?? path;
  switch (err.code) {
    case 'ENOTDIR':
      return `cannot write ${path}: a part of ${where} is a file, not a directory`;
    case 'EEXIST':
      return `cannot write ${path}: ${where} exists and is not a directory`;
    case 'EACCES':
    case 'EPERM':
      return `cannot write ${path}: permission denied on ${where}`;
    case 'EROFS':
      return `cannot write ${path}: the file system is read-only`;
    case 'ENOSPC':
      return `cannot write ${path}: the disk is full`;
    case 'EISDIR':
      return `cannot write ${path}: it is a directory`;
    case 'ENAMETOOLONG':
      return `cannot write ${path}: the path is too long`;
    default:
      return `cannot write ${path}: ${err.message}`;
  }
}

/** Write every file of one input, each to a temporary file first and then renamed into place. */
export function writeAll(planned: Planned[]): void {
  const temps: { temp: string; path: string }[] = [];
  let current = '';
  try {
    for (const p of planned) {
      if (p.status === 'same' || p.status === 'again') continue;
      current = p.path;
      mkdirSync(dirname(p.path), { recursive: true });
      const temp = `${p.path}.tmp-${process.pid}`;
      writeFileSync(temp, p.markdown, 'utf8');
      temps.push({ temp, path: p.path });
    }
    for (const t of temps) {
      current = t.path;
      renameSync(t.temp, t.path);
    }
  } catch (e) {
    for (const t of temps) rmSync(t.temp, { force: true });
    throw new SourceError(fsProblem(e, current), 'choose another --out, or fix the directory and its permissions, then import again');
  }
}

/** Every `source.url` of the transcripts under `out`, with the file that has it: conferences a --follow run need not fetch again. */
export function knownSourceUrls(out: string): Map<string, string> {
  const urls = new Map<string, string>();
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.md')) {
        const url = sourceUrl(existingFrontmatter(readFileSync(p, 'utf8')));
        if (url && !urls.has(url)) urls.set(url, p);
      }
    }
  };
  walk(out);
  return urls;
}

/** Write one file atomically (src/fs/atomic.ts), a failure said in words. */
export function writeFileAtomic(path: string, text: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileAtomicSync(path, text);
  } catch (e) {
    throw new SourceError(fsProblem(e, path), 'give a path you can write to');
  }
}
