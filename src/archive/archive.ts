/**
 * src/archive/ — the parse stage and its cache. Takes the transcript files under the content
 * directory; gives each briefing's summary in memory, its transcript and page tree from the cache
 * (parse.ts, cache.ts — checked on every read, a damaged entry parsed again by heal.ts —, run on every
 * core by parse-pool.ts), its mistakes as `path:line` problems, and
 * one pass over all of them for the end of a build (pass.ts). read.ts reads transcripts outside a build.
 *
 * The archive: every transcript under the content directory, read once per build.
 *
 * `scan()` lists the files, checks their names, and parses each one — or takes it from the cache when
 * its bytes did not change (cache.ts). What stays in memory is a summary per briefing (frontmatter,
 * counts, speakers); the full model and HTML are read back from the cache when a page, the index or an
 * export asks for them. The dev server calls `update(file)` when one transcript changes.
 *
 * The integration creates the archive; the content collection's loader and the pages reach that same
 * one through `virtual:transcript-archive/archive` (src/astro/virtual.ts).
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Statement } from '../model/model.ts';
import { statementsOf, type ParsedTranscript } from './parse.ts';
import { HealingReader } from './heal.ts';
import { parseAll, type ParseJob, type ParseResult } from './parse-pool.ts';
import { sortedProblems, TranscriptErrors, type Problem } from '../model/problems.ts';
import { TranscriptCache, transcriptHash } from './cache.ts';
import { quietly, type DamageReport } from '../fs/checked.ts';
import { revisionsBySlug, type RevisionsBySlug } from '../revisions/briefings.ts';
import { cachedVersionParser } from '../revisions/parse.ts';
import { clashingNames, fileNameProblems } from './source.ts';
import type { Root as HastRoot } from 'hast';
import type { TranscriptMarkdownOptions } from '../markdown/processor.ts';
import type { MediaReference } from '../markdown/remark-safe-urls.ts';
import { summarize, type BriefingSummary, type CachedSummary } from './summary.ts';
import { isRelativeFile } from '../model/urls.ts';
import { FILES_AT_ONCE, mapAtOnce } from '../fs/at-once.ts';

export interface ArchiveOptions {
  contentDir: string;
  /** What messages show paths relative to (the project root). */
  root: string;
  cacheDir: string;
  /** The site's Markdown options that change how a transcript reads (part of every cache key). */
  markdown?: TranscriptMarkdownOptions;
  onProgress?: (message: string) => void;
  /** Told of each damaged or missing cache entry, once it has been parsed again (src/fs/checked.ts damageWarnings). */
  onDamage?: DamageReport;
  /** Told once why there are no corrections to show (no git history: a tarball, a depth-1 clone). */
  onNoHistory?: (reason: string) => void;
}

/** Images a transcript may show; SVG could run script when opened on its own, so it is not among them. */
const MEDIA_TYPES = /\.(png|jpe?g|gif|webp|avif)$/iu;

/** The slug of a file under the content directory. */
export function slugFor(relativePath: string): string {
  return relativePath.split(path.sep).join('/').replace(/\.md$/iu, '');
}

/** Transcript files under `dir`, relative to it. `_` and `.` files and folders are skipped. */
export async function listTranscripts(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(path.join(dir, prefix), { withFileTypes: true });
  const files: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.') || e.name.startsWith('_')) continue;
    const rel = path.join(prefix, e.name);
    if (e.isDirectory()) files.push(...(await listTranscripts(dir, rel)));
    else if (e.isFile() && e.name.toLowerCase().endsWith('.md')) files.push(rel);
  }
  return files;
}

export type { BriefingSummary, SpeakerCount } from './summary.ts';

/** A file read, and its summary if the cache had it. */
interface Pending extends ParseJob {
  slug: string;
  shown: string;
  problems: Problem[];
  summary: CachedSummary | undefined;
}

const posix = (p: string) => p.split(path.sep).join('/');

const clashProblem = (clash: string): Problem => ({
  line: 1,
  rule: 'source:file-name',
  reason: `this file's URL would be the same as ${clash}'s (the names differ only in case or Unicode form): rename one of them`,
});

export interface FileProblems {
  path: string;
  slug: string;
  problems: Problem[];
}

export class TranscriptArchive {
  readonly contentDir: string;
  private readonly opts: ArchiveOptions;
  private readonly cache: TranscriptCache<CachedSummary>;
  private bySlug = new Map<string, BriefingSummary>();
  private readonly listeners = new Set<(slug: string) => void>();
  private failed = new Map<string, FileProblems>();
  /** Reads entries from the cache, parsing a briefing again when one is damaged (heal.ts). */
  private readonly reader: HealingReader;
  /** Goes up whenever the briefings change (a scan, a file read again), so that what is derived from them can be kept until then. */
  version = 0;

  private get markdown(): TranscriptMarkdownOptions {
    return this.opts.markdown ?? {};
  }

  constructor(opts: ArchiveOptions) {
    this.opts = opts;
    this.contentDir = path.resolve(opts.contentDir);
    this.cache = new TranscriptCache(path.join(opts.cacheDir, 'transcripts'), opts.onDamage);
    this.reader = new HealingReader(this.cache, opts.markdown ?? {}, opts.onDamage);
  }

  /** Briefings that read without a mistake, by slug. */
  get briefings(): BriefingSummary[] {
    return [...this.bySlug.values()].sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  }

  /** Files with content mistakes, each with every mistake found in it. */
  get problems(): FileProblems[] {
    return [...this.failed.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
  }

  private history: Promise<RevisionsBySlug> | null = null;

  /**
   * The corrections of every briefing from the content directory's git history (src/revisions/), read
   * once for the process on first use: the briefing pages, the per-briefing JSON and the feeds of a
   * build share it. Without history, `onNoHistory` is told why, once.
   */
  revisions(): Promise<RevisionsBySlug> {
    const parse = cachedVersionParser(path.join(this.opts.cacheDir, 'revisions'), this.markdown, this.opts.onDamage);
    this.history ??= revisionsBySlug(this.contentDir, this.briefings, { parse }).then((r) => {
      if (!r.available) this.opts.onNoHistory?.(r.reason);
      return r;
    });
    return this.history;
  }

  briefing(slug: string): BriefingSummary | undefined {
    return this.bySlug.get(slug);
  }

  /** The mistakes of one file, if it has any. */
  problemsOf(slug: string): FileProblems | undefined {
    return this.failed.get(slug);
  }

  /** Read every transcript (from the cache where its bytes did not change). */
  async scan(): Promise<{ parsed: number; cached: number }> {
    await this.cache.open();
    const files = (await listTranscripts(this.contentDir)).sort();
    const clashes = clashingNames(files.map(posix));
    this.bySlug = new Map();
    this.failed = new Map();
    const pending: Pending[] = [];
    // Read and hashed side by side, settled in the files' order.
    const prepared = await mapAtOnce(files, FILES_AT_ONCE, (rel) => {
      const clash = clashes.get(posix(rel));
      return this.prepare(path.join(this.contentDir, rel), clash ? [clashProblem(clash)] : []);
    });
    for (const p of prepared) {
      if (p.summary) this.settle(p, { ok: true, summary: p.summary });
      else pending.push(p);
    }
    let done = 0;
    await parseAll(
      pending,
      this.cache.dir,
      (job, result) => {
        this.settle(job as Pending, result);
        if (++done % 500 === 0) this.opts.onProgress?.(`parsed ${done}/${pending.length} transcripts`);
      },
      { markdown: this.markdown },
    );
    await this.cache.save([...this.bySlug.values()].map((b) => b.hash));
    this.version++;
    return { parsed: pending.length, cached: files.length - pending.length };
  }

  /** Call `listener` with the slug of every file `update` read again (dev: the search index follows). */
  onUpdate(listener: (slug: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Read one file again (dev: it was added or changed), or forget it (removed). Returns its slug. */
  async update(file: string): Promise<string> {
    const slug = await this.reread(file);
    this.version++;
    for (const listener of this.listeners) listener(slug);
    return slug;
  }

  private async reread(file: string): Promise<string> {
    const rel = path.relative(this.contentDir, file);
    const slug = slugFor(rel);
    if (!existsSync(file)) {
      this.bySlug.delete(slug);
      this.failed.delete(slug);
      return slug;
    }
    const others = [...this.bySlug.values()].filter((b) => b.slug !== slug).map((b) => posix(path.relative(this.contentDir, b.file)));
    const clash = clashingNames([...others, posix(rel)]).get(posix(rel));
    const p = await this.prepare(file, clash ? [clashProblem(clash)] : []);
    if (p.summary) this.settle(p, { ok: true, summary: p.summary });
    else await parseAll([p], this.cache.dir, (job, result) => this.settle(job as Pending, result), { markdown: this.markdown });
    await this.cache.save([...this.bySlug.values()].map((b) => b.hash));
    return slug;
  }

  /** The full parsed transcript (model and HTML) of a briefing, from the cache; parsed again if its entry is damaged. */
  async transcript(slug: string): Promise<ParsedTranscript> {
    const b = this.known(slug);
    return this.reader.read(b, () => this.cache.get(b.hash), this.cache.entryFile(b.hash));
  }

  /** A briefing page's tree (sanitised: the README's HTML contract), from the cache; parsed again if its entry is damaged. */
  async page(slug: string): Promise<HastRoot> {
    const b = this.known(slug);
    return this.reader.read(b, () => this.cache.page(b.hash), this.cache.pageFile(b.hash));
  }

  /** A briefing's search units, from the cache (parsed again if its entry is damaged). */
  async readStatements(slug: string): Promise<Statement[]> {
    return statementsOf(slug, await this.transcript(slug));
  }

  /**
   * A briefing's search units, read from the cache synchronously, for readers outside a build (the
   * benchmark's truth sets). A damaged entry is not parsed again here: the message says which.
   */
  statements(slug: string): Statement[] {
    const b = this.known(slug);
    const t = this.cache.getSync(b.hash);
    if (!t.ok) throw new Error(`${b.path}: its parsed transcript ${this.cache.entryFile(b.hash)} ${t.reason ?? 'is missing'}; a build (or readStatements) parses it again`);
    return statementsOf(slug, t.value);
  }

  private known(slug: string): BriefingSummary {
    const b = this.bySlug.get(slug);
    if (!b) throw new Error(`no briefing ${slug} in ${this.contentDir}`);
    return b;
  }

  /** Refuse the whole archive when any file has a mistake: every mistake of every file, in one error. */
  assertClean(): void {
    const problems = this.problems;
    if (problems.length > 0) throw new ArchiveErrors(problems.map((f) => new TranscriptErrors(f.path, f.problems)));
  }

  /** Read a file's bytes and find its summary in the cache, if it has not changed. */
  private async prepare(file: string, extra: Problem[]): Promise<Pending> {
    const rel = path.relative(this.contentDir, file);
    const hash = transcriptHash(await readFile(file), this.markdown);
    let summary = this.cache.summary(hash);
    if (!summary) {
      // An entry another content directory cached (tests, a second checkout): no need to parse again.
      const entry = await this.cache.get(hash);
      if (entry.ok) this.cache.record(hash, (summary = summarize(entry.value)));
      else if (entry.reason !== null) (this.opts.onDamage ?? quietly)(this.cache.entryFile(hash), entry.reason, `${path.relative(this.opts.root, file) || file} parsed again`);
    }
    return { file, hash, slug: slugFor(rel), shown: path.relative(this.opts.root, file) || file, problems: [...fileNameProblems(posix(rel)), ...extra], summary };
  }

  /** A file's result: a briefing, or its mistakes. Replaced, never removed first, so a page asked for meanwhile sees the old state or the new one. */
  private settle(p: Pending, result: ParseResult): void {
    if (result.ok) this.cache.record(p.hash, result.summary);
    const { mediaRefs, ...rest } = result.ok ? result.summary : { mediaRefs: [] };
    const media = this.media(p.file, mediaRefs);
    const problems = [...p.problems, ...(result.ok ? [] : result.problems), ...media.problems];
    if (problems.length > 0 || !result.ok) {
      this.failed.set(p.slug, { path: p.shown, slug: p.slug, problems: sortedProblems(problems) });
      this.bySlug.delete(p.slug);
    } else {
      this.bySlug.set(p.slug, { ...(rest as Omit<CachedSummary, 'mediaRefs'>), slug: p.slug, path: p.shown, file: p.file, hash: p.hash, media: media.files });
      this.failed.delete(p.slug);
    }
  }

  /** Relative images must be files next to the transcript, inside the content directory. */
  private media(file: string, refs: MediaReference[]): { files: Array<[string, string]>; problems: Problem[] } {
    const files: Array<[string, string]> = [];
    const problems: Problem[] = [];
    for (const ref of refs) {
      if (!isRelativeFile(ref.url)) continue;
      let decoded: string;
      try {
        decoded = decodeURI(ref.url.split(/[?#]/u)[0]!);
      } catch {
        decoded = ref.url;
      }
      const abs = path.resolve(path.dirname(file), decoded);
      const inside = !path.relative(this.contentDir, abs).startsWith('..');
      if (!inside) problems.push({ line: ref.line, rule: 'transcript:image', reason: `the image "${ref.url}" is outside the content directory: put it next to the transcript` });
      else if (!MEDIA_TYPES.test(abs)) problems.push({ line: ref.line, rule: 'transcript:image', reason: `"${ref.url}" is not a PNG, JPEG, GIF, WebP or AVIF image: convert it, or link to it instead` });
      else if (!existsSync(abs)) problems.push({ line: ref.line, rule: 'transcript:image', reason: `the image "${ref.url}" is not there (looked for ${path.relative(this.opts.root, abs)}): add the file or fix the path` });
      else files.push([ref.url, abs]);
    }
    return { files, problems };
  }
}

/** Mistakes in several files, so that an author can fix them all in one go. */
export class ArchiveErrors extends Error {
  readonly files: TranscriptErrors[];
  constructor(files: TranscriptErrors[]) {
    super(files.map((f) => f.message).join('\n'));
    this.name = 'ArchiveErrors';
    this.files = files;
    this.stack = `${this.name}: ${this.message}`;
  }
  get count(): number {
    return this.files.reduce((n, f) => n + f.problems.length, 0);
  }
}
