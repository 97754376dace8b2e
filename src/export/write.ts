/**
 * Writing the data exports at the end of a build, streaming: one briefing's transcript is read back
 * from the archive's cache at a time and its lines are written before the next is read, so memory
 * stays flat however large the archive (10,000 briefings give files of hundreds of megabytes).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import path from 'node:path';
import { statementsOf } from '../transcript/parse.ts';
import type { TranscriptArchive } from '../transcript/archive.ts';
import { ARCHIVE_FILES, briefingJsonPath, briefingRecord, CSV_BOM, csvRecord, csvRow, jsonLine, STATEMENT_COLUMNS, statementRecord, type ExportLinks } from './records.ts';

export interface ExportSummary {
  /** Files written: the two archive files, and one JSON per briefing when those are on. */
  files: number;
  statements: number;
  bytes: number;
}

async function write(stream: WriteStream, chunk: string): Promise<void> {
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
  const briefings = archive.briefings.toSorted((a, b) => a.frontmatter.date.localeCompare(b.frontmatter.date) || a.slug.localeCompare(b.slug));
  for (const b of briefings) {
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

export const CSV_HEADER = CSV_BOM + csvRow(STATEMENT_COLUMNS);

/** Every statement of the archive as JSON Lines and CSV, and (when `briefingJson`) each briefing as JSON. */
export async function writeExports(archive: TranscriptArchive, outDir: string, links: ExportLinks, opts: { briefingJson: boolean }): Promise<ExportSummary> {
  await mkdir(path.join(outDir, 'data'), { recursive: true });
  const jsonl = createWriteStream(path.join(outDir, ARCHIVE_FILES.jsonl));
  const csv = createWriteStream(path.join(outDir, ARCHIVE_FILES.csv));
  let statements = 0;
  let files = 2;
  try {
    await write(csv, CSV_HEADER);
    for await (const part of briefingExports(archive, links)) {
      if (opts.briefingJson) {
        const file = path.join(outDir, ...briefingJsonPath(part.slug).split('/'));
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, part.json());
        files++;
      }
      await write(jsonl, part.jsonl);
      await write(csv, part.csv);
      statements += part.statements;
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
