/**
 * The data exports read back from the output (build time): every export file the build writes
 * (`exportsToRead`: each year's statements, compressed and plain, from records.ts `exportFiles`, and
 * each day's briefings' JSON) is read as it was written and its statements counted — JSON Lines
 * records (each a JSON object), CSV records (quotes and line breaks inside fields understood, the header
 * row left out), a day's briefings (each one's turns, and its lead when it has one) — so that the
 * build's final count is what the files hold, not what the writer says it wrote. Files are streamed
 * (and unzipped) as they are read: memory stays flat however large the exports.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createGunzip } from 'node:zlib';
import type { BriefingSummary } from '../archive/archive.ts';
import { FILES_AT_ONCE, mapAtOnce } from '../fs/at-once.ts';
import { ROUTES, yearOf } from '../model/routes.ts';
import { CSV_BOM, exportFiles } from './records.ts';

/** What an export file holds: statements as JSON Lines or CSV records, or a day's briefings as JSON. */
export type ExportFileKind = 'jsonl' | 'csv' | 'day';

/** A file to read back; files of one `group` must together hold every statement once. */
export interface ExportToRead {
  file: string;
  kind: ExportFileKind;
  gz: boolean;
  group: string;
}

/** Every export file a build writes for `briefings` (relative to the output directory). */
export function exportsToRead(briefings: readonly BriefingSummary[], opts: { briefingJson: boolean; plain: boolean }): ExportToRead[] {
  const files: ExportToRead[] = exportFiles(
    briefings.map((b) => yearOf(b.frontmatter.date)),
    opts,
  ).map((f) => ({ file: f.path, kind: f.format, gz: f.gz, group: `${f.format === 'jsonl' ? 'JSON Lines' : 'CSV'} export${f.gz ? 's (compressed)' : 's'}` }));
  if (opts.briefingJson) {
    for (const date of [...new Set(briefings.map((b) => b.frontmatter.date))].sort()) files.push({ file: ROUTES.briefingsJson(date), kind: 'day', gz: false, group: "briefings' JSON" });
  }
  return files;
}

/** A file's bytes, unzipped when `gz`, in chunks. */
function chunksOf(file: string, gz: boolean): AsyncIterable<Buffer> {
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  return (gz ? raw.pipe(createGunzip()) : raw) as AsyncIterable<Buffer>;
}

export interface ExportReadBack {
  /** Statements counted in each group of files: every group must hold each statement once. */
  statements: Map<string, number>;
  files: number;
  problems: string[];
}

/**
 * JSON Lines records of a file: its lines, each of which must open with `{` and close with `}` (every
 * record is one object on one line). Counted on the bytes, with the native indexOf: a JSON.parse per
 * line would triple the read-back's cost at 10,000 briefings (266 MB) for what the checksums of the
 * parts it was copied from already vouch for.
 */
async function jsonlRecords(file: string, gz: boolean, problems: string[], shown: string): Promise<number> {
  let records = 0;
  let carry = 0x0a;
  let bad = 0;
  for await (const chunk of chunksOf(file, gz)) {
    for (let from = 0; from < chunk.length; ) {
      const before = from > 0 ? chunk[from - 1]! : carry;
      if (before === 0x0a && chunk[from] !== 0x7b) bad ||= records + 1;
      const nl = chunk.indexOf(0x0a, from);
      if (nl < 0) break;
      if ((nl > 0 ? chunk[nl - 1]! : carry) !== 0x7d) bad ||= records + 1;
      records++;
      from = nl + 1;
    }
    if (chunk.length > 0) carry = chunk[chunk.length - 1]!;
  }
  if (bad) problems.push(`${shown}:${bad}: not a JSON object on one line`);
  if (carry !== 0x0a) problems.push(`${shown}: its last line has no line break (cut short?)`);
  return records;
}

/** CSV records of a file (RFC 4180: a quoted field may hold line breaks), the header row excluded; on the bytes, like jsonlRecords. */
async function csvRecords(file: string, gz: boolean, problems: string[], shown: string): Promise<number> {
  let records = 0;
  let quoted = false;
  let first = true;
  let carry = 0x0a;
  for await (const chunk of chunksOf(file, gz)) {
    if (first && !chunk.subarray(0, 3).equals(Buffer.from(CSV_BOM))) problems.push(`${shown}: no byte order mark (Excel would not read it as UTF-8)`);
    first = false;
    for (let i = 0; i < chunk.length; ) {
      const quote = chunk.indexOf(0x22, i);
      const end = quote < 0 ? chunk.length : quote;
      // Line breaks between quotes are inside a field; an escaped quote ("") closes and opens again.
      if (!quoted) for (let nl = chunk.indexOf(0x0a, i); nl >= 0 && nl < end; nl = chunk.indexOf(0x0a, nl + 1)) records++;
      if (quote < 0) break;
      quoted = !quoted;
      i = quote + 1;
    }
    if (chunk.length > 0) carry = chunk[chunk.length - 1]!;
  }
  if (carry !== 0x0a || quoted) problems.push(`${shown}: its last record has no line break (cut short?)`);
  return Math.max(0, records - 1);
}

/** Statements of a day's briefings (day-json.ts: a JSON array of briefing objects): each one's turns, and its lead (one statement) when it has one. */
async function dayStatements(file: string, _gz: boolean, problems: string[], shown: string): Promise<number> {
  try {
    const day = JSON.parse(await readFile(file, 'utf8')) as unknown;
    if (!Array.isArray(day) || day.length === 0) throw new Error('not a list of briefings');
    let n = 0;
    for (const b of day as Array<{ turns?: unknown; lead?: unknown }>) {
      if (!Array.isArray(b.turns) || !Array.isArray(b.lead)) throw new Error('a briefing with no turns or lead');
      n += b.turns.length + (b.lead.length > 0 ? 1 : 0);
    }
    return n;
  } catch (error) {
    problems.push(`${shown}: not a day's briefings as JSON (${(error as Error).message})`);
    return 0;
  }
}

const COUNTERS: Record<ExportFileKind, (file: string, gz: boolean, problems: string[], shown: string) => Promise<number>> = {
  jsonl: jsonlRecords,
  csv: csvRecords,
  day: dayStatements,
};

/** Reads every file of `files` under `outDir` back and counts the statements of each group. */
export async function readBackExports(outDir: string, files: readonly ExportToRead[]): Promise<ExportReadBack> {
  const out: ExportReadBack = { statements: new Map(), files: 0, problems: [] };
  for (const { group } of files) out.statements.set(group, 0);
  // Each file's problems kept apart, then said in the files' order.
  const problems = await mapAtOnce(files, FILES_AT_ONCE, async ({ file, kind, gz, group }) => {
    const mine: string[] = [];
    try {
      const n = await COUNTERS[kind](path.join(outDir, file), gz, mine, file);
      out.statements.set(group, out.statements.get(group)! + n);
      out.files++;
    } catch (error) {
      mine.push(`${file} cannot be read (${(error as Error).message})`);
    }
    return mine;
  });
  out.problems.push(...problems.flat());
  return out;
}
