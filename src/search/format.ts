/**
 * The search index's file format, shared by the writer (Node, build time) and the engine (browser and
 * CLI). Nothing here may import Node modules: the browser bundle includes this file.
 *
 * Layout under `<site>/search/` (docs/search.md tells the why):
 *   manifest.json   fixed name, small, revalidated on every visit: format version, base path, counts,
 *                   and the content-hashed names of every other file (inline, or through d/ lists)
 *   g/<hash>.bin    gram shards: positional postings of character bigrams with word-boundary flags,
 *                   and per-statement counts of single characters; a gram's shard is a hash of the gram
 *   x/<hash>.json   expansion shards: reading → words, dictionary form → inflected stems
 *   s/<hash>.bin    statement stats, one byte per statement (role, length class), for queries made of
 *                   filters only (a query with terms gets the same byte from the postings)
 *   m/<hash>.json   filter data for a run of whole briefings: dates, kinds, speakers
 *   t/<hash>.json   what a result shows: briefing, title, speaker, topic, text (for the snippet)
 *   f/<hash>.json   facets for a search form: kinds, speakers, date range
 *   d/<hash>.json   a slice of a long shard-name list (gram, expansion, stats, text)
 *
 * Statement ids run newest briefing first, so "ties by date, newest first" is "lower id first", and a
 * date range is a range of ids.
 */

import { STATEMENT_ROLES, type StatementRole } from '../transcript/vocabulary.ts';

/** Bump on any change to what the files mean; an engine refuses an index of another format as stale. */
export const FORMAT_VERSION = 1;

export const MANIFEST = 'manifest.json';

/** Width of the content hash in file names (base64url characters, 6 bits each). */
export const HASH_CHARS = 10;

/** Names listed in one d/ file (and the most a manifest lists inline). */
export const SHARDS_PER_DIR = 256;

/** Separates a statement's text from the topic heading indexed with it; the normaliser never produces it. */
export const PART_SEPARATOR = '\u0000';

/** Roles, as stored: a letter in text chunks, two bits in statement stats (the index in this list). */
export const ROLES = STATEMENT_ROLES;
export type IndexRole = StatementRole;

/** The names of a kind of shard or chunk. */
export interface ShardList {
  shards: number;
  /** For doc-range chunks (stats, text): statements per chunk; chunk i holds ids [i × per, (i + 1) × per). */
  per?: number;
  /** Names concatenated (HASH_CHARS each), when listed inline… */
  names?: string;
  /** …or the names of d/ files, each a JSON string of SHARDS_PER_DIR concatenated names. */
  dirs?: string[];
}

export interface Manifest {
  format: number;
  /** Site base path with leading and trailing slash, e.g. "/" or "/archive/". */
  base: string;
  built: string;
  /** Statements indexed, and their mean normalised length (for length normalisation in ranking). */
  docs: number;
  avgLen: number;
  briefings: number;
  gram: ShardList;
  exp: ShardList;
  stats: ShardList;
  text: ShardList;
  /** Filter chunks in id order: [first id, newest date, oldest date, name]. */
  meta: Array<[number, string, string, string]>;
  facets: string;
}

/** Filter data for a run of whole briefings, in id order. */
export interface MetaChunk {
  first: number;
  /** [date, kind or "", number of statements]. */
  briefings: Array<[string, string, number]>;
  speakers: string[];
  /** Index into `speakers`, per statement. */
  spk: number[];
}

/**
 * What results show, for the statements [first, first + per).
 * briefings: [slug, title, date, kind or "", statements of it in this chunk], in order;
 * docs: [turn, order, role letter, speaker index, topic index or -1, section index or -1, text, heading indexed 0|1].
 */
export interface TextChunk {
  first: number;
  briefings: Array<[string, string, string, string, number]>;
  strings: string[];
  docs: Array<[string, number, string, number, number, number, string, number]>;
}

export const ROLE_LETTER: Record<IndexRole, string> = { official: 'o', reporter: 'r', moderator: 'm', lead: 'l' };
export const ROLE_OF_LETTER: Record<string, IndexRole> = { o: 'official', r: 'reporter', m: 'moderator', l: 'lead' };

/**
 * A statement's stats byte: role in bits 0–1 (index in ROLES), length class in bits 2–7. The class is
 * logarithmic (16 % steps), plenty for BM25's length normalisation.
 */
export function statsByte(role: IndexRole, length: number): number {
  const r = Math.max(0, ROLES.indexOf(role));
  const cls = Math.min(63, Math.round(Math.log(length + 1) / Math.log(1.16)));
  return (cls << 2) | r;
}
export function statsRole(b: number): IndexRole {
  return ROLES[b & 3]!;
}
export function statsLength(b: number): number {
  return Math.pow(1.16, b >> 2) - 1;
}

/** An expansion shard: key → [readings (whole words), inflections (word starts)]; 0 for an empty list. */
export type ExpansionShard = Record<string, [string[] | 0, string[] | 0]>;

export interface Facets {
  kinds: Array<[string, number]>;
  /** [speaker, role, statements], most frequent first. */
  speakers: Array<[string, IndexRole, number]>;
  /** Oldest and newest date. */
  from: string;
  to: string;
}

/** Paths of the content-hashed files, relative to the search directory. */
export const dirOf = { gram: 'g', dir: 'd', exp: 'x', stats: 's', meta: 'm', text: 't', facets: 'f' } as const;

export function filePath(kind: keyof typeof dirOf, name: string): string {
  return `${dirOf[kind]}/${name}.${kind === 'gram' || kind === 'stats' ? 'bin' : 'json'}`;
}

// --- grams -----------------------------------------------------------------------------------

/**
 * A gram's key: single code units below 0x10000, bigrams above (so the two never collide).
 * Keys are exact integers below 2^33, safe in a double.
 */
export function unigramKey(c: number): number {
  return c;
}
export function bigramKey(c1: number, c2: number): number {
  return (c1 + 1) * 0x10000 + c2;
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Which gram shard holds `key`. Identical in Node and browsers (32-bit integer arithmetic only). */
export function gramShard(key: number, shards: number): number {
  const hi = Math.floor(key / 0x10000);
  const lo = key % 0x10000;
  return fmix32(Math.imul(hi, 0x9e3779b1) ^ lo) % shards;
}

/** Which expansion shard holds `key` (FNV-1a over UTF-16 code units, then mixed). */
export function stringShard(key: string, shards: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h) % shards;
}

// --- varints ---------------------------------------------------------------------------------

/** Growable byte buffer writing unsigned LEB128 varints (values up to 2^53). */
export class ByteWriter {
  buf: Uint8Array;
  length = 0;
  constructor(capacity = 64) {
    this.buf = new Uint8Array(capacity);
  }
  private ensure(extra: number): void {
    if (this.length + extra <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.length + extra) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }
  uint(v: number): void {
    this.ensure(8);
    while (v >= 0x80) {
      this.buf[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.length++] = v;
  }
  byte(v: number): void {
    this.ensure(1);
    this.buf[this.length++] = v;
  }
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }
  finish(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}

export class ByteReader {
  readonly buf: Uint8Array;
  pos: number;
  constructor(buf: Uint8Array, start = 0) {
    this.buf = buf;
    this.pos = start;
  }
  byte(): number {
    const b = this.buf[this.pos++];
    if (b === undefined) throw new RangeError('truncated');
    return b;
  }
  uint(): number {
    let v = 0;
    let mul = 1;
    for (;;) {
      const b = this.buf[this.pos++];
      if (b === undefined) throw new RangeError('truncated varint');
      v += (b & 0x7f) * mul;
      if (b < 0x80) return v;
      mul *= 0x80;
    }
  }
}

/**
 * Gram shard layout:
 *   uint nKeys; nKeys × (uint keyDelta, uint (blockBytes × 2 + own)); then the blocks, in key order.
 *   `own` = 1: the block is the HASH_CHARS-character name of a g/ file holding the gram's postings alone
 *   (frequent grams, so that a rare gram's shard stays small).
 * Bigram block: uint nDocs; per statement: uint (idDelta × 2 + more), the statement's stats byte,
 *   [uint nPositions − 2 if more],
 *   then the positions as uint ((position − previous position) × 4 + flags); flags bit 0 = a word starts
 *   at the position, bit 1 = a word starts right after the bigram (or the text ends there). Most bigrams
 *   occur once in a statement, so the count costs a bit, not a byte.
 * Unigram block: uint nDocs; per statement: uint (idDelta × 2 + more), stats byte, [uint count − 2 if more].
 * The stats byte (role, length class; see statsByte) rides with every posting so that ranking and the
 * role filter need nothing else: a separate table would cost a download per id range the hits touch.
 */
export const FLAG_START = 1;
export const FLAG_END = 2;
