/**
 * src/export/ — the data exports. Takes each briefing's summary, transcript and statements; gives
 * each day's briefings as JSON (day-json.ts) and the statements of each year as JSON Lines and CSV, gzip-compressed
 * (years.ts; records.ts is their schema and `exportFiles` their list), in a build and from the dev
 * server (dev-server.ts).
 *
 * Writing the data exports at the end of a build, streaming: a briefing's part is made when the build's
 * one pass over the archive reads it (src/astro/steps/index-and-export.ts), and the year files are then
 * written part after part, so memory stays flat however large the archive (10,000 briefings give
 * hundreds of megabytes of text).
 *
 * Each briefing's part (its JSON, its JSON Lines, its CSV rows) is cached under its content hash and
 * the links it was written with, so a build after one briefing changed makes that one part and copies
 * the others' bytes: no other transcript is read back or serialised again. Parts are checked entries
 * (src/fs/checked.ts): one that is damaged when it is read is made again from its transcript, and said
 * once.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { statementsOf } from '../archive/parse.ts';
import type { BriefingSummary, TranscriptArchive } from '../archive/archive.ts';
import type { ParsedTranscript } from '../archive/parse.ts';
import type { Statement } from '../model/model.ts';
import type { Revision } from '../revisions/archive.ts';
import { quietly, readEntry, writeEntry, type DamageReport } from '../fs/checked.ts';
import { eachAtOnce, FILES_AT_ONCE } from '../fs/at-once.ts';
import { ROUTES, yearOf } from '../model/routes.ts';
import { briefingRecord, csvRecord, EXPORT_VERSION, jsonLine, statementRecord, type ExportLinks } from './records.ts';
import { byArchiveOrder, dayFile } from './day-json.ts';
import { writeYears, type WrittenExport, type YearParts } from './years.ts';

export interface ExportSummary {
  /** Files written: the year files, and one JSON a day when those are on. */
  files: number;
  statements: number;
  /** Bytes of the year files. */
  bytes: number;
  /** The year files and their sizes (the home page lists them). */
  written: WrittenExport[];
  /** Parts made in this build (their briefings read), and part keys computed (one per briefing). */
  made: number;
  keys: number;
  /** Years whose compressed files were made in this build. */
  years: number;
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

/** Oldest briefing first (of `year` only, when given), each read back from the archive's cache only when its turn comes. */
export async function* briefingExports(archive: TranscriptArchive, links: ExportLinks, year?: string): AsyncGenerator<BriefingExport> {
  for (const b of inArchiveOrder(archive.briefings)) {
    if (year !== undefined && yearOf(b.frontmatter.date) !== year) continue;
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

/** Oldest briefing first: the order of the statement exports and of the days' JSON files. */
export function inArchiveOrder(briefings: readonly BriefingSummary[]): BriefingSummary[] {
  return briefings.toSorted((a, b) => byArchiveOrder({ date: a.frontmatter.date, slug: a.slug }, { date: b.frontmatter.date, slug: b.slug }));
}

const PARTS = ['json', 'jsonl', 'csv'] as const;
type PartName = (typeof PARTS)[number];
type PartBytes = Record<PartName, Buffer>;
type Part = Record<PartName, string> & { key: string };
const JSON_ONLY: readonly PartName[] = ['json'];

/** A briefing read back from the archive: what its part is made of. */
export interface ExportSource {
  transcript: Pick<ParsedTranscript, 'frontmatter' | 'body'>;
  statements: Statement[];
}

export interface ExportOptions {
  briefingJson: boolean;
  plain: boolean;
  cacheDir: string;
  /** Reads a briefing again, for a part found damaged after the pass (archive.transcript). */
  reread?: (b: BriefingSummary) => Promise<ExportSource>;
  /** Told of each damaged part once it has been made again. */
  onDamage?: DamageReport;
  /**
   * A briefing's corrections from the git history (src/revisions/), the last field of its JSON
   * (`revisions`); absent without history. Part of the part's key (a correction, or history found or
   * lost, makes the part again) and of its day's version (dayVersions).
   */
  revisions?: RevisionsOf | undefined;
}

export type RevisionsOf = (slug: string) => Revision[] | null;

/** What a briefing's corrections add to the keys of its part and its day: null without history. */
function revisionsKey(revisions: RevisionsOf | undefined, b: BriefingSummary): string | null {
  return revisions ? createHash('sha256').update(JSON.stringify(revisions(b.slug) ?? [])).digest('base64url').slice(0, 16) : null;
}

/**
 * A briefing's JSON with `revisions: [{date, commit, kind, turns}]` as its last field ([] when it never
 * changed): after the turns, so that where each statement's text is in the object (day-json.ts) holds.
 */
export function withRevisions(json: string, revisions: Revision[]): string {
  return `${json.slice(0, -1)},"revisions":${JSON.stringify(revisions)}}`;
}

/** A write of the exports under way: the briefings whose parts are not cached are handed in, then `finish`. */
export interface ExportWrite {
  /** Whether a briefing's part must be made (its transcript read): false when the cache has it. */
  needs(b: BriefingSummary): boolean;
  /** Make a briefing's part from its transcript and statements, read once by the caller. */
  add(b: BriefingSummary, t: Pick<ParsedTranscript, 'frontmatter' | 'body'>, statements: Statement[]): Promise<void>;
  /** The length in bytes of a briefing's JSON object (its part must be made or cached; a damaged one is made again). */
  jsonLength(b: BriefingSummary): Promise<number>;
  /** Every statement of the archive as JSON Lines and CSV by year, and (when `briefingJson`) each day's briefings as JSON, from the parts. */
  finish(): Promise<ExportSummary>;
}

/**
 * A part's entries `which` (all three by default), or the first that is missing or damaged and why. An
 * entry is checked when it is read: the days' files read only the JSON, a year only when it is compressed again.
 */
async function readPart(files: Part, which: readonly PartName[] = PARTS): Promise<{ ok: true; bytes: PartBytes } | { ok: false; file: string; reason: string | null }> {
  const bytes = {} as PartBytes;
  for (const p of which) {
    const read = await readEntry(files[p]);
    if (!read.ok) return { ok: false, file: files[p], reason: read.reason };
    bytes[p] = read.payload;
  }
  return { ok: true, bytes };
}

/**
 * The exports of `briefings`. Each briefing's part is cached in `cacheDir` under a key of its content
 * hash and the links it is written with, computed once per briefing; `finish` writes the year files
 * (years.ts) and the days' JSON files from the parts, each part read through its check.
 */
export function beginExports(briefings: readonly BriefingSummary[], outDir: string, links: ExportLinks, opts: ExportOptions): ExportWrite {
  const parts = new Map<string, Part>();
  let made = 0;
  const partOf = (b: BriefingSummary): Part => {
    let files = parts.get(b.slug);
    if (!files) {
      // The last element is the parts' entry format (2: checked entries).
      const key = createHash('sha256')
        .update(JSON.stringify([EXPORT_VERSION, b.hash, links.base, links.site?.href ?? null, 2, revisionsKey(opts.revisions, b)]))
        .digest('base64url')
        .slice(0, 32);
      files = { key, ...(Object.fromEntries(PARTS.map((p) => [p, path.join(opts.cacheDir, `${key}.${p}`)])) as Record<(typeof PARTS)[number], string>) };
      parts.set(b.slug, files);
    }
    return files;
  };
  const make = async (b: BriefingSummary, t: ExportSource['transcript'], statements: Statement[]) => {
    const files = partOf(b);
    const records = statements.map((s) => statementRecord(s, links));
    const record = JSON.stringify(briefingRecord(b, t, links));
    const text = { json: opts.revisions ? withRevisions(record, opts.revisions(b.slug) ?? []) : record, jsonl: records.map(jsonLine).join(''), csv: records.map(csvRecord).join('') };
    await mkdir(opts.cacheDir, { recursive: true });
    // CSV last: its presence says the part is whole (an interrupted build leaves no half part behind).
    for (const p of PARTS) await writeEntry(files[p], text[p]);
    made++;
  };
  /** A part's bytes (those of `which`); a damaged one is made again from its briefing first. */
  const bytesOf = async (b: BriefingSummary, which: readonly PartName[] = PARTS): Promise<PartBytes> => {
    const first = await readPart(partOf(b), which);
    if (first.ok) return first.bytes;
    if (!opts.reread) throw new Error(`${b.path}: its data export part ${first.file} ${first.reason ?? 'is missing'}`);
    const source = await opts.reread(b);
    await make(b, source.transcript, source.statements);
    (opts.onDamage ?? quietly)(first.file, first.reason, `the data export part of ${b.path} made again`);
    const again = await readPart(partOf(b), which);
    if (!again.ok) throw new Error(`${b.path}: its data export part ${again.file} was made again but cannot be read back (${again.reason ?? 'missing'})`);
    return again.bytes;
  };
  return {
    needs: (b) => !existsSync(partOf(b).csv),
    jsonLength: async (b) => (await bytesOf(b, JSON_ONLY)).json.length,
    add: make,
    async finish() {
      const ordered = inArchiveOrder(briefings);
      const json = opts.briefingJson ? await writeDayFiles(ordered, (b) => bytesOf(b, JSON_ONLY), outDir) : 0;
      const years = await writeYears(byYear(ordered, partOf, bytesOf), outDir, { plain: opts.plain, cacheDir: opts.cacheDir, onDamage: opts.onDamage });
      const bytes = years.written.reduce((n, w) => n + w.bytes, 0);
      return { files: json + years.written.length, statements: years.statements, bytes, written: years.written, made, keys: parts.size, years: years.made };
    },
  };
}

/** The briefings' parts by year, oldest year first (the briefings are in archive order). */
function byYear(ordered: BriefingSummary[], partOf: (b: BriefingSummary) => Part, bytesOf: (b: BriefingSummary, which: readonly PartName[]) => Promise<PartBytes>): YearParts[] {
  const years = new Map<string, YearParts>();
  for (const b of ordered) {
    const year = yearOf(b.frontmatter.date);
    let y = years.get(year);
    if (!y) years.set(year, (y = { year, parts: [] }));
    y.parts.push({ key: partOf(b).key, read: async (format) => (await bytesOf(b, [format]))[format] });
  }
  return [...years.values()];
}

/**
 * Each day's version: a key of what its file's bytes depend on (the export format, the links written
 * in it, its briefings' content hashes in order). Where the search index points into a day's file, it
 * asks for `<file>?v=<version>`, and takes its briefings as changed when the version does.
 */
export function dayVersions(briefings: readonly BriefingSummary[], links: ExportLinks, revisions?: RevisionsOf): Map<string, string> {
  const days = new Map<string, string[]>();
  const hashOf = (b: BriefingSummary) => (revisions ? `${b.hash}.${revisionsKey(revisions, b)}` : b.hash);
  for (const b of inArchiveOrder(briefings)) days.set(b.frontmatter.date, [...(days.get(b.frontmatter.date) ?? []), hashOf(b)]);
  const key = (hashes: string[]) => createHash('sha256').update(JSON.stringify([EXPORT_VERSION, links.base, links.site?.href ?? null, hashes])).digest('base64url').slice(0, 12);
  return new Map([...days].map(([date, hashes]) => [date, key(hashes)]));
}

/** Each day's briefings' JSON in one file (day-json.ts), from their parts; returns the files written. */
async function writeDayFiles(ordered: BriefingSummary[], bytesOf: (b: BriefingSummary) => Promise<Pick<PartBytes, 'json'>>, outDir: string): Promise<number> {
  const days = new Map<string, BriefingSummary[]>();
  for (const b of ordered) {
    const list = days.get(b.frontmatter.date);
    if (list) list.push(b);
    else days.set(b.frontmatter.date, [b]);
  }
  await eachAtOnce([...days], FILES_AT_ONCE, async ([date, list]) => {
    const file = path.join(outDir, ...ROUTES.briefingsJson(date).split('/'));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, dayFile(await Promise.all(list.map(async (b) => (await bytesOf(b)).json.toString('utf8')))));
  });
  return days.size;
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
