/**
 * The data exports read back from the output (build time): every export file the export module lists
 * (write.ts `exportFiles`) is read as it was written and its statements counted — JSON Lines records
 * (each a JSON object), CSV records (quotes and line breaks inside fields understood, the header row
 * left out), a briefing's JSON (its turns, and its lead when it has one) — so that the build's final
 * count is what the files hold, not what the writer says it wrote. Files are streamed: memory stays
 * flat however large the exports.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CSV_BOM } from './records.ts';
import type { ExportFileKind } from './write.ts';

export interface ExportReadBack {
  /** Statements counted in each kind of file: every kind must hold each statement once. */
  statements: Record<ExportFileKind, number>;
  files: number;
  problems: string[];
}

/**
 * JSON Lines records of a file: its lines, each of which must open with `{` and close with `}` (every
 * record is one object on one line). Counted on the bytes, with the native indexOf: a JSON.parse per
 * line would triple the read-back's cost at 10,000 briefings (266 MB) for what the checksums of the
 * parts it was copied from already vouch for.
 */
async function jsonlRecords(file: string, problems: string[], shown: string): Promise<number> {
  let records = 0;
  let carry = 0x0a;
  let bad = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
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
async function csvRecords(file: string, problems: string[], shown: string): Promise<number> {
  let records = 0;
  let quoted = false;
  let first = true;
  let carry = 0x0a;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
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

/** Statements of a briefing's JSON: its turns, and its lead (one statement) when it has one. */
async function briefingStatements(file: string, problems: string[], shown: string): Promise<number> {
  try {
    const b = JSON.parse(await readFile(file, 'utf8')) as { turns?: unknown; lead?: unknown };
    if (!Array.isArray(b.turns) || !Array.isArray(b.lead)) throw new Error('no turns or lead');
    return b.turns.length + (b.lead.length > 0 ? 1 : 0);
  } catch (error) {
    problems.push(`${shown}: not a briefing's JSON (${(error as Error).message})`);
    return 0;
  }
}

const COUNTERS: Record<ExportFileKind, (file: string, problems: string[], shown: string) => Promise<number>> = {
  jsonl: jsonlRecords,
  csv: csvRecords,
  briefing: briefingStatements,
};

/** Reads every file of `files` under `outDir` back and counts the statements of each kind. */
export async function readBackExports(outDir: string, files: ReadonlyArray<{ file: string; kind: ExportFileKind }>): Promise<ExportReadBack> {
  const out: ExportReadBack = { statements: { jsonl: 0, csv: 0, briefing: 0 }, files: 0, problems: [] };
  for (const { file, kind } of files) {
    try {
      out.statements[kind] += await COUNTERS[kind](path.join(outDir, file), out.problems, file);
      out.files++;
    } catch (error) {
      out.problems.push(`${file} cannot be read (${(error as Error).message})`);
    }
  }
  return out;
}
