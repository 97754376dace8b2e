/**
 * The archive: every transcript under the content directory, read once per build.
 *
 * `scan()` lists the files, checks their names, and parses each one — or takes it from the cache when
 * its bytes did not change (cache.ts). What stays in memory is a summary per briefing (frontmatter,
 * counts, speakers); the full model and HTML are read back from the cache when a page, the index or an
 * export asks for them. The dev server calls `update(file)` when one transcript changes.
 *
 * The integration creates the archive and registers it (`registerArchive`), so that the content
 * collection's loader and the pages, which Astro loads as separate module instances, use this same one.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { BriefingFrontmatter } from './frontmatter.ts';
import type { Statement, StatementRole } from './model.ts';
import { parseTranscriptBytes, statementsOf, type ParsedTranscript } from './parse.ts';
import { sortedProblems, TranscriptErrors, type Problem } from './problems.ts';
import { TranscriptCache, transcriptHash } from './cache.ts';
import { clashingNames, fileNameProblems } from './source.ts';
import type { MediaReference } from './remark-safe-urls.ts';
import { isRelativeFile } from './urls.ts';

export interface SpeakerCount {
  speaker: string;
  role: StatementRole;
  /** Personal name and position, when a label or the frontmatter gives them. */
  name?: string;
  position?: string;
  statements: number;
}

/** What the site needs of a briefing without reading its transcript again. */
export interface BriefingSummary {
  /** URL slug: the path under the content directory, POSIX separators, no `.md`. */
  slug: string;
  /** The file as shown in messages (relative to the project root). */
  path: string;
  /** Absolute path of the file. */
  file: string;
  /** Content hash: the cache key, and what tells the index and the dev server a briefing changed. */
  hash: string;
  frontmatter: BriefingFrontmatter;
  turns: number;
  questions: number;
  /** Search units: the turns, and the lead when there is one. */
  statements: number;
  speakers: SpeakerCount[];
  /** Images to publish with the page: [URL as written, absolute source file]. */
  media: Array<[string, string]>;
}

type CachedSummary = Omit<BriefingSummary, 'slug' | 'path' | 'file' | 'hash' | 'media'> & { mediaRefs: MediaReference[] };

export interface ArchiveOptions {
  contentDir: string;
  /** What messages show paths relative to (the project root). */
  root: string;
  cacheDir: string;
  onProgress?: (message: string) => void;
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

function summarize(t: ParsedTranscript): CachedSummary {
  const speakers = new Map<string, SpeakerCount>();
  const count = (key: string, s: Omit<SpeakerCount, 'statements'>) => {
    const had = speakers.get(key);
    if (had) had.statements++;
    else speakers.set(key, { ...s, statements: 1 });
  };
  let turns = 0;
  let questions = 0;
  for (const section of t.body.sections) {
    for (const topic of section.topics) {
      for (const turn of topic.turns) {
        turns++;
        if (turn.role === 'reporter') questions++;
        count(`${turn.role}\0${turn.speaker}`, {
          speaker: turn.speaker,
          role: turn.role,
          ...(turn.name ? { name: turn.name } : {}),
          ...(turn.position ? { position: turn.position } : {}),
        });
      }
    }
  }
  const statements = turns + (t.body.lead.length > 0 ? 1 : 0);
  return { frontmatter: t.frontmatter, turns, questions, statements, speakers: [...speakers.values()], mediaRefs: t.media };
}

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
  private failed = new Map<string, FileProblems>();
  /** Goes up whenever the briefings change (a scan, a file read again), so that what is derived from them can be kept until then. */
  version = 0;

  constructor(opts: ArchiveOptions) {
    this.opts = opts;
    this.contentDir = path.resolve(opts.contentDir);
    this.cache = new TranscriptCache(path.join(opts.cacheDir, 'transcripts'));
  }

  /** Briefings that read without a mistake, by slug. */
  get briefings(): BriefingSummary[] {
    return [...this.bySlug.values()].sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  }

  /** Files with content mistakes, each with every mistake found in it. */
  get problems(): FileProblems[] {
    return [...this.failed.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
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
    const clashes = clashingNames(files.map((f) => f.split(path.sep).join('/')));
    this.bySlug = new Map();
    this.failed = new Map();
    let parsed = 0;
    let cached = 0;
    for (const [i, rel] of files.entries()) {
      const clash = clashes.get(rel.split(path.sep).join('/'));
      const extra: Problem[] = clash
        ? [{ line: 1, rule: 'source:file-name', reason: `this file's URL would be the same as ${clash}'s (the names differ only in case or Unicode form): rename one of them` }]
        : [];
      const fromCache = await this.read(path.join(this.contentDir, rel), extra);
      if (fromCache) cached++;
      else parsed++;
      if (this.opts.onProgress && (i + 1) % 1000 === 0) this.opts.onProgress(`read ${i + 1}/${files.length} transcripts`);
    }
    await this.cache.save([...this.bySlug.values()].map((b) => b.hash));
    this.version++;
    return { parsed, cached };
  }

  /** Read one file again (dev: it was added or changed), or forget it (removed). Returns its slug. */
  async update(file: string): Promise<string> {
    const rel = path.relative(this.contentDir, file);
    const slug = slugFor(rel);
    if (!existsSync(file)) {
      this.bySlug.delete(slug);
      this.failed.delete(slug);
    } else {
      // The file's own earlier version is not another file with its name.
      const others = [...this.bySlug.values()].filter((b) => b.slug !== slug).map((b) => path.relative(this.contentDir, b.file));
      const clash = clashingNames([...others, rel].map((f) => f.split(path.sep).join('/'))).get(rel.split(path.sep).join('/'));
      await this.read(file, clash ? [{ line: 1, rule: 'source:file-name', reason: `this file's URL would be the same as ${clash}'s: rename one of them` }] : []);
      await this.cache.save([...this.bySlug.values()].map((b) => b.hash));
    }
    this.version++;
    return slug;
  }

  /** The full parsed transcript (model and HTML) of a briefing, from the cache. */
  async transcript(slug: string): Promise<ParsedTranscript> {
    const b = this.bySlug.get(slug);
    if (!b) throw new Error(`no briefing ${slug} in ${this.contentDir}`);
    const t = await this.cache.get(b.hash);
    if (!t) throw new Error(`${b.path}: its parsed transcript is missing from the cache (${this.cache.dir}); run the build again`);
    return t;
  }

  async statements(slug: string): Promise<Statement[]> {
    return statementsOf(slug, await this.transcript(slug));
  }

  /** Refuse the whole archive when any file has a mistake: every mistake of every file, in one error. */
  assertClean(): void {
    const problems = this.problems;
    if (problems.length > 0) throw new ArchiveErrors(problems.map((f) => new TranscriptErrors(f.path, f.problems)));
  }

  /** Returns true when the parse came from the cache. */
  private async read(file: string, extra: Problem[]): Promise<boolean> {
    const rel = path.relative(this.contentDir, file);
    const shown = path.relative(this.opts.root, file) || file;
    const slug = slugFor(rel);
    // Replaced, never removed first: a page asked for meanwhile sees the old state or the new one.
    const fail = (problems: Problem[]) => {
      this.failed.set(slug, { path: shown, slug, problems: sortedProblems(problems) });
      this.bySlug.delete(slug);
    };
    const nameProblems = [...fileNameProblems(rel.split(path.sep).join('/')), ...extra];

    const bytes = await readFile(file);
    const hash = transcriptHash(bytes);
    let summary = this.cache.summary(hash);
    let fromCache = summary !== undefined;
    if (!summary) {
      const cachedEntry = await this.cache.get(hash);
      if (cachedEntry) {
        summary = summarize(cachedEntry);
        await this.cache.put(hash, cachedEntry, summary);
        fromCache = true;
      } else {
        const outcome = await parseTranscriptBytes(bytes);
        if (!outcome.ok) {
          fail([...nameProblems, ...outcome.problems]);
          return false;
        }
        summary = summarize(outcome.transcript);
        await this.cache.put(hash, outcome.transcript, summary);
      }
    }
    const { mediaRefs, ...rest } = summary;
    const media = this.media(file, mediaRefs);
    const problems = [...nameProblems, ...media.problems];
    if (problems.length > 0) fail(problems);
    else {
      this.bySlug.set(slug, { ...rest, slug, path: shown, file, hash, media: media.files });
      this.failed.delete(slug);
    }
    return fromCache;
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

const REGISTRY = Symbol.for('kaiken.transcript-archive');

export function registerArchive(archive: TranscriptArchive): void {
  (globalThis as Record<symbol, unknown>)[REGISTRY] = archive;
}

/** The archive the integration read. Pages and the collection loader run in Astro's module runner, apart from the integration's modules. */
export function getArchive(): TranscriptArchive {
  const archive = (globalThis as Record<symbol, unknown>)[REGISTRY] as TranscriptArchive | undefined;
  if (!archive) throw new Error('No transcript archive: add transcriptArchive() to the integrations in astro.config.mjs');
  return archive;
}
