/**
 * Parsed transcripts cached by content, across builds: a file whose bytes (and the pipeline that
 * reads them) did not change is not parsed again. Each entry is two files named by the hash: the
 * transcript (frontmatter, model, contents, images: what the index and the exports read) and its
 * page's tree (what only the page reads), so that reading a transcript never parses its page. A small
 * catalog keeps every entry's summary so that a build over 10,000 unchanged briefings reads one file
 * instead of 10,000. Writes are atomic (src/fs/atomic.ts), the page first, so an interrupted build
 * leaves either the old entry or the new one.
 *
 * Every file is a checked entry (src/fs/checked.ts): a read says whether the entry is whole, missing
 * or damaged, and the archive parses a transcript whose entry is not whole again (archive.ts). A
 * damaged catalog is dropped: the summaries are then read from the entries themselves.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { quietly, readJsonEntry, readJsonEntrySync, writeEntry, type DamageReport, type JsonRead } from '../fs/checked.ts';
import type { Root as HastRoot } from 'hast';
import type { TranscriptMarkdownOptions } from '../markdown/processor.ts';
import type { ParsedPage, ParsedTranscript } from './parse.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * What a cached entry depends on besides the file: this pipeline's code and the Markdown packages.
 * Hashing the sources (rather than a version constant someone must remember to bump) makes any change
 * to a plugin, the schema or the label table invalidate the cache by itself.
 */
function pipelineVersion(): string {
  const h = createHash('sha256');
  const sources = [here, path.resolve(here, '../markdown'), path.resolve(here, '../model'), path.resolve(here, '../japanese')];
  for (const dir of sources) {
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.ts')).sort()) h.update(name).update(readFileSync(path.join(dir, name)));
  }
  for (const pkg of ['@astrojs/markdown-remark', 'remark-gfm', 'rehype-sanitize', 'yaml']) {
    const file = path.resolve(here, '../../node_modules', pkg, 'package.json');
    h.update(pkg).update(existsSync(file) ? String((JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version) : 'missing');
  }
  return h.digest('hex').slice(0, 16);
}

let version: string | undefined;

/** The cache key of a transcript's bytes, read with the site's Markdown options. */
export function transcriptHash(bytes: Uint8Array, markdown: TranscriptMarkdownOptions = {}): string {
  version ??= pipelineVersion();
  return createHash('sha256').update(version).update('\0').update(JSON.stringify(markdown)).update('\0').update(bytes).digest('base64url').slice(0, 32);
}

export class TranscriptCache<Summary> {
  readonly dir: string;
  private catalog = new Map<string, Summary>();
  private catalogChanged = false;
  private readonly report: DamageReport;

  constructor(dir: string, report: DamageReport = quietly) {
    this.dir = dir;
    this.report = report;
  }

  private get catalogFile(): string {
    return path.join(this.dir, 'catalog.json');
  }

  async open(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const read = await readJsonEntry<Record<string, Summary>>(this.catalogFile);
    this.catalog = new Map(read.ok ? Object.entries(read.value) : []);
    if (!read.ok && read.reason !== null) {
      this.report(this.catalogFile, read.reason, 'each summary is read again from its entry');
      this.catalogChanged = true;
    }
  }

  /** The summary of a cached entry, if the entry itself is still there. */
  summary(hash: string): Summary | undefined {
    const s = this.catalog.get(hash);
    return s !== undefined && existsSync(this.entryFile(hash)) && existsSync(this.pageFile(hash)) ? s : undefined;
  }

  get(hash: string): Promise<JsonRead<ParsedTranscript>> {
    return readJsonEntry<ParsedTranscript>(this.entryFile(hash));
  }

  getSync(hash: string): JsonRead<ParsedTranscript> {
    return readJsonEntrySync<ParsedTranscript>(this.entryFile(hash));
  }

  /** The entry alone: what a parsing worker thread writes (the catalog is the main thread's). */
  async writeEntry(hash: string, parsed: ParsedPage): Promise<void> {
    const { tree, ...transcript } = parsed;
    await mkdir(this.dir, { recursive: true });
    // Positions are the parser's, not the page's: left out, they are a third of the tree.
    await writeEntry(this.pageFile(hash), JSON.stringify(tree, (key, value: unknown) => (key === 'position' ? undefined : value)));
    await writeEntry(this.entryFile(hash), JSON.stringify(transcript satisfies ParsedTranscript));
  }

  /** A page's tree, or why it cannot be had (the entry is then parsed again). */
  page(hash: string): Promise<JsonRead<HastRoot>> {
    return readJsonEntry<HastRoot>(this.pageFile(hash));
  }

  record(hash: string, summary: Summary): void {
    this.catalog.set(hash, summary);
    this.catalogChanged = true;
  }

  /** Write the catalog, keeping only the entries still in use (unused entry files stay: another checkout may want them). */
  async save(inUse: Iterable<string>): Promise<void> {
    const keep = new Set(inUse);
    for (const hash of this.catalog.keys()) {
      if (!keep.has(hash)) {
        this.catalog.delete(hash);
        this.catalogChanged = true;
      }
    }
    if (!this.catalogChanged) return;
    await writeEntry(this.catalogFile, JSON.stringify(Object.fromEntries(this.catalog)));
    this.catalogChanged = false;
  }

  entryFile(hash: string): string {
    return path.join(this.dir, `${hash}.json`);
  }

  pageFile(hash: string): string {
    return path.join(this.dir, `${hash}.page.json`);
  }
}
