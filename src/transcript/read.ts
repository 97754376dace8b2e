/**
 * Reading transcripts from `content/` outside Astro: frontmatter + body → the model, with every
 * content mistake reported as `path:line: what is wrong and how to fix it`.
 *
 * The build's content check and the search index both start here, so a file is parsed once per
 * build step and an error is worded the same everywhere.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { VFile } from 'vfile';
import { isMap, LineCounter, parseDocument, type Document } from 'yaml';
import { briefingSchema, type BriefingFrontmatter } from './frontmatter.ts';
import type { Statement, TranscriptBody } from './model.ts';
import { createTranscriptParser } from './processor.ts';

export interface Briefing {
  /** Collection id and URL slug: the path under content/ without `.md`. */
  slug: string;
  /** Path as given (relative to the project root when read through loadBriefings). */
  path: string;
  frontmatter: BriefingFrontmatter;
  body: TranscriptBody;
  /** The raw file text, for content hashing. */
  source: string;
}

/** A content mistake, located. Its message is what the user sees; it never needs a stack trace. */
export class TranscriptError extends Error {
  readonly file: string;
  readonly line: number;
  constructor(file: string, line: number, reason: string) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'TranscriptError';
    this.file = file;
    this.line = line;
  }
}

/** Several content mistakes at once, so an author can fix them all in one go. */
export class TranscriptErrors extends Error {
  readonly errors: TranscriptError[];
  constructor(errors: TranscriptError[]) {
    super(errors.map((e) => e.message).join('\n'));
    this.name = 'TranscriptErrors';
    this.errors = errors;
  }
}

/** The slug for a file under content/: its relative path, POSIX separators, no extension. */
export function slugFor(relativePath: string): string {
  return relativePath.split(path.sep).join('/').replace(/\.md$/iu, '');
}

const FRONTMATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/u;

function lineOfKey(doc: Document, counter: LineCounter, keyPath: PropertyKey[]): number | null {
  for (let i = keyPath.length; i > 0; i--) {
    const node = doc.getIn(keyPath.slice(0, i) as (string | number)[], true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return counter.linePos(node.range[0]).line;
  }
  return null;
}

/**
 * Read and validate a transcript's frontmatter; also returns the body with the frontmatter blanked
 * out (line numbers stay file-relative). Throws TranscriptError(s) for content mistakes.
 */
export function readFrontmatter(file: string, source: string): { frontmatter: BriefingFrontmatter; body: string } {
  if (source.charCodeAt(0) === 0xfeff) source = source.slice(1);
  const fm = FRONTMATTER.exec(source);
  if (!fm) {
    throw new TranscriptError(file, 1, 'missing frontmatter: start the file with a `---` line, then `title:` and `date: YYYY-MM-DD`, then `---`');
  }
  const counter = new LineCounter();
  const doc = parseDocument(fm[1]!, { lineCounter: counter, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new TranscriptErrors(
      doc.errors.map((e) => {
        const line = 1 + (e.linePos?.[0]?.line ?? 1);
        return new TranscriptError(file, line, `broken frontmatter YAML: ${e.message.split('\n')[0]} (check indentation and quote values containing ":")`);
      }),
    );
  }
  if (!isMap(doc.contents)) {
    throw new TranscriptError(file, 2, 'frontmatter must be YAML `key: value` lines (at least `title:` and `date:`)');
  }
  const parsed = briefingSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    throw new TranscriptErrors(
      parsed.error.issues.map((issue) => {
        const key = issue.path.map(String).join('.') || '(frontmatter)';
        const located = lineOfKey(doc, counter, issue.path);
        const message =
          issue.code === 'unrecognized_keys'
            ? `unknown frontmatter field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}: remove them or check their spelling (fields: ${Object.keys(briefingSchema.shape).join(', ')})`
            : `frontmatter "${key}" ${issue.message}`;
        const line = issue.code === 'unrecognized_keys' ? lineOfKey(doc, counter, [issue.keys[0]!]) : located;
        return new TranscriptError(file, 1 + (line ?? 1), message);
      }),
    );
  }
  const frontmatterLines = fm[0].split('\n').length - 1;
  return { frontmatter: parsed.data, body: '\n'.repeat(frontmatterLines) + source.slice(fm[0].length) };
}

// One frozen processor for every file: building the plugin chain per file costs more than parsing a small one.
const parser = createTranscriptParser().freeze();

/** Parse and validate one transcript. Throws TranscriptError(s) for content mistakes. */
export function parseTranscript(file: string, source: string, slug: string): Briefing {
  const { frontmatter, body } = readFrontmatter(file, source);
  const vfile = new VFile({ path: file, value: body, data: { astro: { frontmatter } } });
  try {
    parser.runSync(parser.parse(vfile), vfile);
  } catch (cause) {
    const err = cause as { line?: number; reason?: string; message?: string };
    if (typeof err.reason === 'string') throw new TranscriptError(file, err.line ?? 1, err.reason);
    throw new Error(`${file}: transcript pipeline failed`, { cause });
  }
  const model = vfile.data.transcript;
  if (!model) throw new Error(`${file}: remark-sections left no transcript model`);
  return { slug, path: file, frontmatter, body: model, source };
}

/** Transcript files under `dir`, relative to it, unsorted. `_` and `.` files and folders are skipped. */
export async function listMarkdown(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(path.join(dir, prefix), { withFileTypes: true });
  const files: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.') || e.name.startsWith('_')) continue;
    const rel = path.join(prefix, e.name);
    if (e.isDirectory()) files.push(...(await listMarkdown(dir, rel)));
    else if (e.isFile() && e.name.toLowerCase().endsWith('.md')) files.push(rel);
  }
  return files;
}

/**
 * Every transcript under `contentDir`, in path order. Collects all content mistakes before
 * throwing, as one TranscriptErrors.
 */
export async function loadBriefings(contentDir: string, opts: { displayRoot?: string } = {}): Promise<Briefing[]> {
  const files = (await listMarkdown(contentDir)).sort();
  const displayRoot = opts.displayRoot ?? process.cwd();
  const briefings: Briefing[] = [];
  const errors: TranscriptError[] = [];
  const slugs = new Map<string, string>();
  for (const rel of files) {
    const abs = path.join(contentDir, rel);
    const shown = path.relative(displayRoot, abs) || abs;
    const source = await readFile(abs, 'utf8');
    try {
      const b = parseTranscript(shown, source, slugFor(rel));
      const clash = slugs.get(b.slug.toLowerCase());
      if (clash) errors.push(new TranscriptError(shown, 1, `same URL as ${clash} (names differ only in case): rename one of them`));
      slugs.set(b.slug.toLowerCase(), shown);
      briefings.push(b);
    } catch (e) {
      if (e instanceof TranscriptErrors) errors.push(...e.errors);
      else if (e instanceof TranscriptError) errors.push(e);
      else throw e;
    }
  }
  if (errors.length > 0) throw new TranscriptErrors(errors);
  return briefings;
}

/** The search units of a briefing: the lead (if any), then every turn, in document order. */
export function statementsOf(b: Briefing): Statement[] {
  const common = { briefing: b.slug, title: b.frontmatter.title, date: b.frontmatter.date, ...(b.frontmatter.kind ? { kind: b.frontmatter.kind } : {}) };
  const out: Statement[] = [];
  if (b.body.lead.length > 0) {
    out.push({ ...common, turn: 'lead', order: 0, role: 'lead', speaker: '', topic: null, section: null, text: b.body.lead.join('\n') });
  }
  for (const s of b.body.sections) {
    for (const t of s.topics) {
      for (const turn of t.turns) {
        out.push({
          ...common,
          turn: turn.id,
          order: out.length,
          role: turn.role,
          speaker: turn.speaker,
          topic: t.heading,
          section: s.heading,
          text: turn.paragraphs.join('\n'),
        });
      }
    }
  }
  return out;
}
