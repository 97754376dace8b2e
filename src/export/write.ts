/**
 * src/export/ — the data exports. Takes each briefing's summary, transcript and statements; gives
 * `briefings/<slug>.json`, `data/statements.jsonl` and `data/statements.csv` (records.ts is their
 * schema), in a build and from the dev server (dev-server.ts).
 *
 * Writing the data exports at the end of a build, streaming: a briefing's part is made when the build's
 * one pass over the archive reads it (src/astro/steps/index-and-export.ts), and the whole-archive files
 * are then written part after part, so memory stays flat however large the archive (10,000 briefings
 * give files of hundreds of megabytes).
 *
 * Each briefing's part (its JSON, its JSON Lines, its CSV rows) is cached under its content hash and
 * the links it was written with, so a build after one briefing changed makes that one part and copies
 * the others' bytes: no other transcript is read back or serialised again. Parts are checked entries
 * (src/fs/checked.ts): one that is damaged when it is copied is made again from its transcript, and
 * said once.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import path from 'node:path';
import { statementsOf } from '../archive/parse.ts';
import type { BriefingSummary, TranscriptArchive } from '../archive/archive.ts';
import type { ParsedTranscript } from '../archive/parse.ts';
import type { Statement } from '../model/model.ts';
import type { Revision } from '../revisions/archive.ts';
import { quietly, readEntry, writeEntry, type DamageReport } from '../fs/checked.ts';
import { ROUTES } from '../model/routes.ts';
import { ARCHIVE_FILES, briefingRecord, CSV_HEADER, csvRecord, EXPORT_VERSION, jsonLine, statementRecord, type ExportLinks } from './records.ts';


export interface ExportSummary {
  /** Files written: the two archive files, and one JSON per briefing when those are on. */
  files: number;
  statements: number;
  bytes: number;
  /** Parts made in this build (their briefings read), and part keys computed (one per briefing). */
  made: number;
  keys: number;
}

async function write(stream: WriteStream, chunk: string | Uint8Array): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain');
}

async function close(stream: WriteStream): Promise<void> {
  stream.end();
  await finished(stream);
}

/** One briefing's part of every export, in the order the whole-archive files hold them. */
export interface BriefingExport {
  slug: string;
  /** Its own JSON document. */
  json: () => string;
  /** Its statements as JSON Lines and as CSV rows. */
  jsonl: string;
  csv: string;
  statements: number;
}

/** Oldest briefing first, each read back from the archive's cache only when its turn comes. */
export async function* briefingExports(archive: TranscriptArchive, links: ExportLinks): AsyncGenerator<BriefingExport> {
  for (const b of inArchiveOrder(archive.briefings)) {
    const t = await archive.transcript(b.slug);
    const records = statementsOf(b.slug, t).map((s) => statementRecord(s, links));
    yield {
      slug: b.slug,
      json: () => JSON.stringify(briefingRecord(b, t, links)),
      jsonl: records.map(jsonLine).join(''),
      csv: records.map(csvRecord).join(''),
      statements: records.length,
    };
  }
}

/** Oldest briefing first: the order of the whole-archive files. */
function inArchiveOrder(briefings: readonly BriefingSummary[]): BriefingSummary[] {
  return briefings.toSorted((a, b) => a.frontmatter.date.localeCompare(b.frontmatter.date) || a.slug.localeCompare(b.slug));
}

const PARTS = ['json', 'jsonl', 'csv'] as const;
type PartFiles = Record<(typeof PARTS)[number], string>;
type PartBytes = Record<(typeof PARTS)[number], Buffer>;

/** A briefing read back from the archive: what its part is made of. */
export interface ExportSource {
  transcript: Pick<ParsedTranscript, 'frontmatter' | 'body'>;
  statements: Statement[];
}

export interface ExportOptions {
  briefingJson: boolean;
  cacheDir: string;
  /** Reads a briefing again, for a part found damaged after the pass (archive.transcript). */
  reread?: (b: BriefingSummary) => Promise<ExportSource>;
  /** Told of each damaged part once it has been made again. */
  onDamage?: DamageReport;
  /**
   * A briefing's corrections from the git history (src/revisions/), for its JSON's `revisions`; absent
   * without history. Added when the JSON is written, not kept in the part: a part is cached by the
   * transcript's content, which a later correction of it does not change.
   */
  revisions?: ((slug: string) => Revision[] | null) | undefined;
}

/** A write of the exports under way: the briefings whose parts are not cached are handed in, then `finish`. */
export interface ExportWrite {
  /** Whether a briefing's part must be made (its transcript read): false when the cache has it. */
  needs(b: BriefingSummary): boolean;
  /** Make a briefing's part from its transcript and statements, read once by the caller. */
  add(b: BriefingSummary, t: Pick<ParsedTranscript, 'frontmatter' | 'body'>, statements: Statement[]): Promise<void>;
  /** Every statement of the archive as JSON Lines and CSV, and (when `briefingJson`) each briefing as JSON, from the parts. */
  finish(): Promise<ExportSummary>;
}

/** A part's three entries, or the first that is missing or damaged and why. */
async function readPart(files: PartFiles): Promise<{ ok: true; bytes: PartBytes } | { ok: false; file: string; reason: string | null }> {
  const bytes = {} as PartBytes;
  for (const p of PARTS) {
    const read = await readEntry(files[p]);
    if (!read.ok) return { ok: false, file: files[p], reason: read.reason };
    bytes[p] = read.payload;
  }
  return { ok: true, bytes };
}

/**
 * The exports of `briefings`. Each briefing's part is cached in `cacheDir` under a key of its content
 * hash and the links it is written with, computed once per briefing; `finish` writes the whole-archive
 * files oldest briefing first, copying the parts' bytes.
 */
export function beginExports(briefings: readonly BriefingSummary[], outDir: string, links: ExportLinks, opts: ExportOptions): ExportWrite {
  const parts = new Map<string, PartFiles>();
  let made = 0;
  const partOf = (b: BriefingSummary): PartFiles => {
    let files = parts.get(b.slug);
    if (!files) {
      // The last element is the parts' entry format (2: checked entries).
      const key = createHash('sha256').update(JSON.stringify([EXPORT_VERSION, b.hash, links.base, links.site?.href ?? null, 2])).digest('base64url').slice(0, 32);
      files = Object.fromEntries(PARTS.map((p) => [p, path.join(opts.cacheDir, `${key}.${p}`)])) as PartFiles;
      parts.set(b.slug, files);
    }
    return files;
  };
  const make = async (b: BriefingSummary, t: ExportSource['transcript'], statements: Statement[]) => {
    const files = partOf(b);
    const records = statements.map((s) => statementRecord(s, links));
    const text = { json: JSON.stringify(briefingRecord(b, t, links)), jsonl: records.map(jsonLine).join(''), csv: records.map(csvRecord).join('') };
    await mkdir(opts.cacheDir, { recursive: true });
    // CSV last: its presence says the part is whole (an interrupted build leaves no half part behind).
    for (const p of PARTS) await writeEntry(files[p], text[p]);
    made++;
  };
  /** A part's bytes; a damaged one is made again from its briefing first. */
  const bytesOf = async (b: BriefingSummary): Promise<PartBytes> => {
    const first = await readPart(partOf(b));
    if (first.ok) return first.bytes;
    if (!opts.reread) throw new Error(`${b.path}: its data export part ${first.file} ${first.reason ?? 'is missing'}`);
    const source = await opts.reread(b);
    await make(b, source.transcript, source.statements);
    (opts.onDamage ?? quietly)(first.file, first.reason, `the data export part of ${b.path} made again`);
    const again = await readPart(partOf(b));
    if (!again.ok) throw new Error(`${b.path}: its data export part ${again.file} was made again but cannot be read back (${again.reason ?? 'missing'})`);
    return again.bytes;
  };
  return {
    needs: (b) => !existsSync(partOf(b).csv),
    add: make,
    async finish() {
      const json = opts.revisions ? withRevisions(opts.revisions) : (_b: BriefingSummary, part: Buffer) => part;
      const written = await writeWholeArchive(inArchiveOrder(briefings), bytesOf, outDir, opts.briefingJson ? json : null);
      return { ...written, made, keys: parts.size };
    },
  };
}

/** A briefing's JSON with `revisions: [{date, commit, kind, turns}]` last (empty when it never changed). */
function withRevisions(of: (slug: string) => Revision[] | null): (b: BriefingSummary, part: Buffer) => string {
  return (b, part) => {
    const json = part.toString('utf8');
    // The part is one JSON object: its closing brace is its last character.
    return `${json.slice(0, json.lastIndexOf('}'))},"revisions":${JSON.stringify(of(b.slug) ?? [])}}`;
  };
}

/** The whole-archive files and the per-briefing JSON, from the parts, in archive order. */
async function writeWholeArchive(
  briefings: BriefingSummary[],
  bytesOf: (b: BriefingSummary) => Promise<PartBytes>,
  outDir: string,
  briefingJson: ((b: BriefingSummary, part: Buffer) => Buffer | string) | null,
): Promise<Omit<ExportSummary, 'made' | 'keys'>> {
  await mkdir(path.join(outDir, 'data'), { recursive: true });
  const jsonl = createWriteStream(path.join(outDir, ARCHIVE_FILES.jsonl));
  const csv = createWriteStream(path.join(outDir, ARCHIVE_FILES.csv));
  let statements = 0;
  let files = 2;
  try {
    await write(csv, CSV_HEADER);
    for (const b of briefings) {
      const part = await bytesOf(b);
      if (briefingJson) {
        const file = path.join(outDir, ...ROUTES.briefingJson(b.slug).split('/'));
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, briefingJson(b, part.json));
        files++;
      }
      await write(jsonl, part.jsonl);
      await write(csv, part.csv);
      // One JSON Lines record per statement, and no line break inside a record.
      for (const byte of part.jsonl) if (byte === 0x0a) statements++;
    }
  } finally {
    await Promise.all([close(jsonl), close(csv)]);
  }
  return { files, statements, bytes: jsonl.bytesWritten + csv.bytesWritten };
}

/** What an export file holds: statements as JSON Lines or CSV records, or one briefing as JSON. */
export type ExportFileKind = 'jsonl' | 'csv' | 'briefing';

/** Every export file a build writes (relative to the output directory), with its kind: what the build reads back (verify.ts). */
export function exportFiles(briefings: readonly BriefingSummary[], briefingJson: boolean): Array<{ file: string; kind: ExportFileKind }> {
  const files: Array<{ file: string; kind: ExportFileKind }> = [
    { file: ARCHIVE_FILES.jsonl, kind: 'jsonl' },
    { file: ARCHIVE_FILES.csv, kind: 'csv' },
  ];
  if (briefingJson) for (const b of inArchiveOrder(briefings)) files.push({ file: ROUTES.briefingJson(b.slug), kind: 'briefing' });
  return files;
}

/** Files under `dir`, counted without holding their names. */
export async function countFiles(dir: string): Promise<number> {
  let n = 0;
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (e.isDirectory()) n += await countFiles(path.join(dir, e.name));
    else n++;
  }
  return n;
}
