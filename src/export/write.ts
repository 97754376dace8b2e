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
 * the others' bytes: no other transcript is read back or serialised again.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { copyFile, mkdir, readdir, readFile } from 'node:fs/promises';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import path from 'node:path';
import { statementsOf } from '../archive/parse.ts';
import type { BriefingSummary, TranscriptArchive } from '../archive/archive.ts';
import type { ParsedTranscript } from '../archive/parse.ts';
import type { Statement } from '../model/model.ts';
import { writeFileAtomic } from '../fs/atomic.ts';
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

/** A write of the exports under way: the briefings whose parts are not cached are handed in, then `finish`. */
export interface ExportWrite {
  /** Whether a briefing's part must be made (its transcript read): false when the cache has it. */
  needs(b: BriefingSummary): boolean;
  /** Make a briefing's part from its transcript and statements, read once by the caller. */
  add(b: BriefingSummary, t: Pick<ParsedTranscript, 'frontmatter' | 'body'>, statements: Statement[]): Promise<void>;
  /** Every statement of the archive as JSON Lines and CSV, and (when `briefingJson`) each briefing as JSON, from the parts. */
  finish(): Promise<ExportSummary>;
}

/**
 * The exports of `briefings`. Each briefing's part is cached in `cacheDir` under a key of its content
 * hash and the links it is written with, computed once per briefing; `finish` writes the whole-archive
 * files oldest briefing first, copying the parts' bytes.
 */
export function beginExports(briefings: readonly BriefingSummary[], outDir: string, links: ExportLinks, opts: { briefingJson: boolean; cacheDir: string }): ExportWrite {
  const parts = new Map<string, PartFiles>();
  let made = 0;
  const partOf = (b: BriefingSummary): PartFiles => {
    let files = parts.get(b.slug);
    if (!files) {
      const key = createHash('sha256').update(JSON.stringify([EXPORT_VERSION, b.hash, links.base, links.site?.href ?? null])).digest('base64url').slice(0, 32);
      files = Object.fromEntries(PARTS.map((p) => [p, path.join(opts.cacheDir, `${key}.${p}`)])) as PartFiles;
      parts.set(b.slug, files);
    }
    return files;
  };
  return {
    needs: (b) => !existsSync(partOf(b).csv),
    async add(b, t, statements) {
      const files = partOf(b);
      const records = statements.map((s) => statementRecord(s, links));
      const text = { json: JSON.stringify(briefingRecord(b, t, links)), jsonl: records.map(jsonLine).join(''), csv: records.map(csvRecord).join('') };
      await mkdir(opts.cacheDir, { recursive: true });
      // CSV last: its presence says the part is whole (an interrupted build leaves no half part behind).
      for (const p of PARTS) await writeFileAtomic(files[p], text[p]);
      made++;
    },
    async finish() {
      const written = await writeWholeArchive(inArchiveOrder(briefings).map((b) => [b, partOf(b)]), outDir, opts.briefingJson);
      return { ...written, made, keys: parts.size };
    },
  };
}

/** The whole-archive files and the per-briefing JSON, from the parts, in archive order. */
async function writeWholeArchive(parts: Array<[BriefingSummary, PartFiles]>, outDir: string, briefingJson: boolean): Promise<Omit<ExportSummary, 'made' | 'keys'>> {
  await mkdir(path.join(outDir, 'data'), { recursive: true });
  const jsonl = createWriteStream(path.join(outDir, ARCHIVE_FILES.jsonl));
  const csv = createWriteStream(path.join(outDir, ARCHIVE_FILES.csv));
  let statements = 0;
  let files = 2;
  try {
    await write(csv, CSV_HEADER);
    for (const [b, part] of parts) {
      if (briefingJson) {
        const file = path.join(outDir, ...ROUTES.briefingJson(b.slug).split('/'));
        await mkdir(path.dirname(file), { recursive: true });
        await copyFile(part.json, file);
        files++;
      }
      const lines = await readFile(part.jsonl);
      await write(jsonl, lines);
      await write(csv, await readFile(part.csv));
      // One JSON Lines record per statement, and no line break inside a record.
      for (const byte of lines) if (byte === 0x0a) statements++;
    }
  } finally {
    await Promise.all([close(jsonl), close(csv)]);
  }
  return { files, statements, bytes: jsonl.bytesWritten + csv.bytesWritten };
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
