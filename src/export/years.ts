/**
 * The statement exports by year: each year's JSON Lines and CSV, gzip-compressed, made from its
 * briefings' parts (write.ts) oldest briefing first, and plain as well when the site asks for them.
 *
 * A year's compressed files are cached under a key of its parts (their content keys, in order), with
 * the number of statements they hold: a build after one briefing changed compresses that briefing's
 * year again and copies every other year's files. Compressing is the costly step (a year of 10,000
 * briefings is ~27 MB of text); years are compressed on every core. A cached year is checked before
 * it is copied: its seal (a checked entry, src/fs/checked.ts) holds the statements and the SHA-256 of
 * both files; files that do not match are compressed again, and said once.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { constants, copyFile, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { createGzip } from 'node:zlib';
import { writeStreamAtomic } from '../fs/atomic.ts';
import { quietly, readJsonEntry, writeEntry, type DamageReport } from '../fs/checked.ts';
import { CSV_HEADER, EXPORT_VERSION, exportFiles, type ExportFile, type ExportFormat } from './records.ts';
import { eachAtOnce } from '../fs/at-once.ts';

/** A briefing's part of the exports (write.ts): its cache key, and its bytes in a format, read through their check. */
export interface PartSource {
  key: string;
  read: (format: ExportFormat) => Promise<Uint8Array>;
}

export interface YearParts {
  year: string;
  /** Its briefings' parts, oldest briefing first. */
  parts: PartSource[];
}

export interface WrittenExport {
  file: ExportFile;
  bytes: number;
}

export interface YearsSummary {
  written: WrittenExport[];
  /** Statements in the exports (JSON Lines records, counted when a year's files were made). */
  statements: number;
  /** Years compressed in this build (the others came from the cache). */
  made: number;
}

/** The bytes of a year in one format: the CSV header first, then every part. */
async function* yearBytes(parts: PartSource[], format: ExportFormat, onPart?: (bytes: Uint8Array) => void): AsyncGenerator<string | Uint8Array> {
  if (format === 'csv') yield CSV_HEADER;
  for (const part of parts) {
    const bytes = await part.read(format);
    onPart?.(bytes);
    yield bytes;
  }
}

/** One JSON Lines record per statement, and no line break inside a record. */
function recordsIn(bytes: Uint8Array): number {
  let n = 0;
  for (const byte of bytes) if (byte === 0x0a) n++;
  return n;
}

/** What a cached year's seal holds: its statements, and each file's SHA-256. */
interface YearSeal {
  statements: number;
  sha256: Record<ExportFormat, string>;
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('base64url');
}

/** The first of a year's cached files that is not what its seal says, and how; null when both are. */
async function firstMismatch(files: Record<ExportFormat, string>, seal: YearSeal): Promise<{ file: string; reason: string } | null> {
  if (!Number.isInteger(seal.statements)) return { file: files.jsonl, reason: 'its seal holds no count' };
  for (const format of ['jsonl', 'csv'] as const) {
    const sum = await sha256Of(files[format]).catch(() => null);
    if (sum === null) return { file: files[format], reason: 'missing, though its seal is there' };
    if (sum !== seal.sha256[format]) return { file: files[format], reason: 'not the bytes its seal names' };
  }
  return null;
}

/** A year's cached, compressed files and the statements they hold; made when missing or damaged. */
async function cachedYear(y: YearParts, dir: string, onDamage: DamageReport): Promise<{ key: string; files: Record<ExportFormat, string>; statements: number; made: boolean }> {
  const key = createHash('sha256').update(JSON.stringify([EXPORT_VERSION, y.year, y.parts.map((p) => p.key)])).digest('base64url').slice(0, 32);
  const files = { jsonl: path.join(dir, `${key}.jsonl.gz`), csv: path.join(dir, `${key}.csv.gz`) };
  // The seal is written last: its presence says both files are whole, and what they hold.
  const sealFile = path.join(dir, `${key}.seal`);
  const seal = await readJsonEntry<YearSeal>(sealFile);
  if (seal.ok) {
    const bad = await firstMismatch(files, seal.value);
    if (!bad) return { key, files, statements: seal.value.statements, made: false };
    onDamage(bad.file, bad.reason, `the exports of ${y.year} made again`);
  } else if (seal.reason !== null) onDamage(sealFile, seal.reason, `the exports of ${y.year} made again`);
  let statements = 0;
  await writeStreamAtomic(files.jsonl, yearBytes(y.parts, 'jsonl', (b) => (statements += recordsIn(b))), createGzip());
  await writeStreamAtomic(files.csv, yearBytes(y.parts, 'csv'), createGzip());
  const sealed: YearSeal = { statements, sha256: { jsonl: await sha256Of(files.jsonl), csv: await sha256Of(files.csv) } };
  await writeEntry(sealFile, JSON.stringify(sealed));
  return { key, files, statements, made: true };
}

/**
 * Write every year's exports into `outDir` (the files of `exportFiles`), compressed from the cache in
 * `cacheDir`, plain from the parts when `plain`. Cached years this build no longer has are removed.
 */
export async function writeYears(years: YearParts[], outDir: string, opts: { plain: boolean; cacheDir: string; onDamage?: DamageReport | undefined }): Promise<YearsSummary> {
  const dir = path.join(opts.cacheDir, 'years');
  await mkdir(dir, { recursive: true });
  await mkdir(path.join(outDir, 'data'), { recursive: true });
  const byYear = new Map(years.map((y) => [y.year, y]));
  const cached = new Map<string, Awaited<ReturnType<typeof cachedYear>>>();
  await eachAtOnce(years, availableParallelism(), async (y) => void cached.set(y.year, await cachedYear(y, dir, opts.onDamage ?? quietly)));
  const written: WrittenExport[] = [];
  for (const file of exportFiles(byYear.keys(), { plain: opts.plain })) {
    const target = path.join(outDir, file.path);
    if (file.gz) await copyFile(cached.get(file.year)!.files[file.format], target, constants.COPYFILE_FICLONE);
    else await writeStreamAtomic(target, yearBytes(byYear.get(file.year)!.parts, file.format));
    written.push({ file, bytes: (await stat(target)).size });
  }
  const all = [...cached.values()];
  // A year's files are large and only this archive's state uses them: the ones it left behind go.
  const inUse = new Set(all.map((c) => c.key));
  for (const name of await readdir(dir)) if (!inUse.has(name.split('.')[0]!)) await rm(path.join(dir, name), { force: true });
  return { written, statements: all.reduce((n, c) => n + c.statements, 0), made: all.filter((c) => c.made).length };
}
