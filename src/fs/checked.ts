/**
 * Cache entries that check themselves. Every cache of the build (parsed transcripts, kuromoji's
 * analyses, the index state, the export parts) writes its entries through this module and reads them
 * back through it, so that an entry cut short, overwritten with junk or edited by hand is found the
 * moment it is read — and then rebuilt, never trusted.
 *
 * An entry is one header line, then the payload:
 *
 *   kaiken-entry 1 sha256-<SHA-256 of the payload, base64url> <payload length in bytes>\n<payload>
 *
 * Its name stays what the cache keys it by (the hash of its input); the header vouches for its bytes.
 * Files that are named by the hash of their own bytes (the index's packs) are checked against their
 * name instead (src/search/index/). Writes are atomic (atomic.ts): a reader sees a whole entry or none.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic, writeFileAtomicSync } from './atomic.ts';

const MAGIC = 'kaiken-entry 1 sha256-';
const NEWLINE = 0x0a;
/** The header is MAGIC, 43 base64url characters, a space, the length and a newline: never longer. */
const MAX_HEADER = MAGIC.length + 43 + 1 + 16 + 1;

export type EntryRead = { ok: true; payload: Buffer } | { ok: false; reason: string | null };

function digest(payload: Uint8Array): string {
  return createHash('sha256').update(payload).digest('base64url');
}

/** The bytes of an entry holding `payload`. */
export function sealEntry(payload: string | Uint8Array): Buffer {
  const bytes = typeof payload === 'string' ? Buffer.from(payload) : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  return Buffer.concat([Buffer.from(`${MAGIC}${digest(bytes)} ${bytes.length}\n`), bytes]);
}

/** An entry's payload, or why its bytes are not an entry this module wrote (`reason`). */
export function openEntry(bytes: Buffer): EntryRead {
  const end = bytes.subarray(0, MAX_HEADER).indexOf(NEWLINE);
  const header = end < 0 ? '' : bytes.subarray(0, end).toString('latin1');
  const m = /^kaiken-entry 1 sha256-([\w-]{43}) (\d+)$/u.exec(header);
  if (!m) return { ok: false, reason: 'it does not start with a checksum header' };
  const payload = bytes.subarray(end + 1);
  const length = Number(m[2]);
  if (payload.length !== length) return { ok: false, reason: `it holds ${payload.length} of its ${length} bytes` };
  if (digest(payload) !== m[1]) return { ok: false, reason: 'its bytes do not match its checksum' };
  return { ok: true, payload };
}

function missing(error: unknown): EntryRead {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: false, reason: null };
  return { ok: false, reason: `it cannot be read (${(error as Error).message})` };
}

/** Reads an entry: its payload, `reason: null` when there is none, or why it is damaged. */
export async function readEntry(file: string): Promise<EntryRead> {
  try {
    return openEntry(await readFile(file));
  } catch (error) {
    return missing(error);
  }
}

export function readEntrySync(file: string): EntryRead {
  try {
    return openEntry(readFileSync(file));
  } catch (error) {
    return missing(error);
  }
}

export function writeEntry(file: string, payload: string | Uint8Array): Promise<void> {
  return writeFileAtomic(file, sealEntry(payload));
}

export function writeEntrySync(file: string, payload: string | Uint8Array): void {
  writeFileAtomicSync(file, sealEntry(payload));
}

/** A JSON entry's value; a payload that is not JSON is damage too (a sound checksum of a bad write). */
export type JsonRead<T> = { ok: true; value: T } | { ok: false; reason: string | null };

export function parseJsonEntry<T>(read: EntryRead): JsonRead<T> {
  if (!read.ok) return read;
  try {
    return { ok: true, value: JSON.parse(read.payload.toString('utf8')) as T };
  } catch {
    return { ok: false, reason: 'its payload is not JSON' };
  }
}

export async function readJsonEntry<T>(file: string): Promise<JsonRead<T>> {
  return parseJsonEntry<T>(await readEntry(file));
}

export function readJsonEntrySync<T>(file: string): JsonRead<T> {
  return parseJsonEntry<T>(readEntrySync(file));
}

/**
 * Where a cache says it found a damaged entry and what it did about it: `entry` is the file, `reason`
 * what is wrong with it (openEntry's words, or null when it was missing), `remedy` what was done instead.
 */
export type DamageReport = (entry: string, reason: string | null, remedy: string) => void;

/**
 * One warning per damaged entry, however often it is read, naming the file (relative to `root`). The
 * build goes on: the entry has been rebuilt, so there is nothing for the reader to delete or to do.
 */
export function damageWarnings(warn: (message: string) => void, root: string): DamageReport {
  const said = new Set<string>();
  return (entry, reason, remedy) => {
    if (said.has(entry)) return;
    said.add(entry);
    warn(`cache entry ${path.relative(root, entry) || entry} ${reason === null ? 'was missing' : `is damaged (${reason}): discarded`}; ${remedy}`);
  };
}

/** For code run outside a build (tests, the benchmark's readers): damage is healed without a word. */
export const quietly: DamageReport = () => {};
