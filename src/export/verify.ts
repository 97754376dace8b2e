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

/** JSON Lines records of a file; a line that is not a JSON object is a problem. */
async function jsonlRecords(file: string, problems: string[], shown: string): Promise<number> {
  let records = 0;
  let rest = '';
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const lines = (rest + (chunk as string)).split('\n');
    rest = lines.pop()!;
    for (const line of lines) {
      records++;
      try {
        const value: unknown = JSON.parse(line);
        if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
      } catch {
        problems.push(`${shown}:${records}: not a JSON object`);
        return records;
      }
    }
  }
  if (rest !== '') problems.push(`${shown}: its last line has no line break (cut short?)`);
  return records;
}

/** CSV records of a file (RFC 4180: a quoted field may hold line breaks), the header row excluded. */
async function csvRecords(file: string, problems: string[], shown: string): Promise<number> {
  let records = 0;
  let quoted = false;
  let first = true;
  let ended = true;
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    let text = chunk as string;
    if (first && !text.startsWith(CSV_BOM)) problems.push(`${shown}: no byte order mark (Excel would not read it as UTF-8)`);
    if (first) text = text.slice(CSV_BOM.length);
    first = false;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x22) quoted = !quoted;
      else if (c === 0x0a && !quoted) records++;
    }
    if (text.length > 0) ended = text.charCodeAt(text.length - 1) === 0x0a && !quoted;
  }
  if (!ended) problems.push(`${shown}: its last record has no line break (cut short?)`);
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
