/**
 * The one codec of the index format: every block, pack and directory is encoded and decoded here, so
 * the writer and the engine share no unwritten rule. Layouts are documented in docs/search.md (section
 * "Format"); constants and decoded shapes are in format.ts. No Node imports (bundled for the browser).
 */
import {
  BLOCK,
  BLOCK_KIND_OF_CODE,
  FLAG_BITS,
  FLAG_MASK,
  POSTING,
  STRING_KEYED,
  type BlockKind,
  type BriefingsBlock,
  type DirectoryEntry,
  type GramEntry,
  type PostingKind,
  type PostingList,
  type SpeakersBlock,
  type StatsBlock,
  type TextBlock,
  type WordEntry,
} from './format.ts';

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** The index is damaged: a block ends early or says something impossible. */
export class CodecError extends Error {
  override name = 'CodecError';
}

// --- bytes -----------------------------------------------------------------------------------

/** Growable byte buffer: unsigned LEB128 varints (values up to 2^53), bytes and length-prefixed strings. */
export class ByteWriter {
  buf: Uint8Array;
  length = 0;
  constructor(capacity = 64) {
    this.buf = new Uint8Array(Math.max(8, capacity));
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
    if (!(v >= 0) || !Number.isSafeInteger(v)) throw new CodecError(`not an unsigned integer: ${v}`);
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
  /** Length in bytes, then UTF-8. */
  string(s: string): void {
    const b = utf8.encode(s);
    this.uint(b.length);
    this.bytes(b);
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
  get done(): boolean {
    return this.pos >= this.buf.length;
  }
  byte(): number {
    const b = this.buf[this.pos++];
    if (b === undefined) throw new CodecError('truncated block');
    return b;
  }
  uint(): number {
    let v = 0;
    let mul = 1;
    for (;;) {
      const b = this.buf[this.pos++];
      if (b === undefined) throw new CodecError('truncated varint');
      v += (b & 0x7f) * mul;
      if (b < 0x80) return v;
      mul *= 0x80;
      if (mul > 2 ** 56) throw new CodecError('varint too long');
    }
  }
  bytes(n: number): Uint8Array {
    if (this.pos + n > this.buf.length) throw new CodecError('truncated bytes');
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }
  string(): string {
    return fromUtf8.decode(this.bytes(this.uint()));
  }
}

// --- posting lists ---------------------------------------------------------------------------

/**
 * Writes one posting list, statement by statement in ascending id order:
 *   uint nDocs; per statement: uint (idDelta × 2 + more), the stats byte, [uint n − 2 if more];
 *   then its n occurrences: bigram uint ((position − previous) × 2^FLAG_BITS + flags);
 *   lemma uint (position − previous), uint length. A unigram's n is the character's count and has no
 *   occurrences. Most grams occur once in a statement, so the count costs a bit, not a byte.
 */
export class PostingWriter {
  readonly kind: PostingKind;
  private readonly body = new ByteWriter(32);
  docs = 0;
  private last = 0;
  constructor(kind: PostingKind) {
    this.kind = kind;
  }
  /** `at`/`len` as in PostingList; for a unigram, `at` is [count]. */
  add(doc: number, stat: number, at: ArrayLike<number>, len?: ArrayLike<number>): void {
    if (this.docs > 0 && doc <= this.last) throw new CodecError(`statement ids must ascend (${doc} after ${this.last})`);
    const n = this.kind === POSTING.unigram ? at[0]! : at.length;
    if (n < 1) throw new CodecError('a posting needs at least one occurrence');
    const w = this.body;
    w.uint((doc - (this.docs > 0 ? this.last : 0)) * 2 + (n > 1 ? 1 : 0));
    w.byte(stat);
    if (n > 1) w.uint(n - 2);
    if (this.kind === POSTING.bigram) {
      let prev = 0;
      for (let i = 0; i < n; i++) {
        const p = at[i]! >>> FLAG_BITS;
        w.uint((p - prev) * (1 << FLAG_BITS) + (at[i]! & FLAG_MASK));
        prev = p;
      }
    } else if (this.kind === POSTING.lemma) {
      let prev = 0;
      for (let i = 0; i < n; i++) {
        w.uint(at[i]! - prev);
        w.uint(len![i]!);
        prev = at[i]!;
      }
    }
    this.last = doc;
    this.docs++;
  }
  get bytes(): number {
    return this.body.length;
  }
  finish(): Uint8Array {
    const out = new ByteWriter(this.body.length + 5);
    out.uint(this.docs);
    out.bytes(this.body.finish());
    return out.finish();
  }
}

export function encodePostings(kind: PostingKind, list: PostingList): Uint8Array {
  const w = new PostingWriter(kind);
  for (let k = 0; k < list.docs.length; k++) {
    const from = list.starts[k]!;
    const to = list.starts[k + 1]!;
    w.add(list.docs[k]!, list.stats[k]!, list.at.subarray(from, to), list.len ? list.len.subarray(from, to) : undefined);
  }
  return w.finish();
}

export function decodePostings(kind: PostingKind, buf: Uint8Array): PostingList {
  const r = new ByteReader(buf);
  const nDocs = r.uint();
  const docs = new Int32Array(nDocs);
  const stats = new Uint8Array(nDocs);
  const starts = new Int32Array(nDocs + 1);
  const at: number[] = [];
  const len: number[] | null = kind === POSTING.lemma ? [] : null;
  let d = 0;
  for (let k = 0; k < nDocs; k++) {
    const h = r.uint();
    d += Math.floor(h / 2);
    docs[k] = d;
    stats[k] = r.byte();
    const n = h & 1 ? r.uint() + 2 : 1;
    starts[k] = at.length;
    if (kind === POSTING.unigram) {
      at.push(n);
      continue;
    }
    let p = 0;
    for (let j = 0; j < n; j++) {
      if (kind === POSTING.bigram) {
        const v = r.uint();
        p += Math.floor(v / (1 << FLAG_BITS));
        at.push(p * (1 << FLAG_BITS) + (v & FLAG_MASK));
      } else {
        p += r.uint();
        at.push(p);
        len!.push(r.uint());
      }
    }
  }
  starts[nDocs] = at.length;
  return { docs, stats, starts, at: Int32Array.from(at), len: len ? Int32Array.from(len) : null };
}

// --- gram blocks -------------------------------------------------------------------------------

/**
 * Gram (and heavy) block: uint nKeys; nKeys × (uint keyDelta, uint (entryBytes × 2 + isHeavy)); then the
 * entries in key order: the encoded posting list, or (isHeavy) uint the heavy block's number.
 */
export function encodeGramBlock(entries: GramEntry[]): Uint8Array {
  const head = new ByteWriter(entries.length * 6 + 8);
  const tail = new ByteWriter(1024);
  head.uint(entries.length);
  let prev = 0;
  for (const e of entries) {
    if (e.key < prev) throw new CodecError('gram keys must ascend');
    const before = tail.length;
    if ('heavy' in e) tail.uint(e.heavy);
    else tail.bytes(e.postings);
    head.uint(e.key - prev);
    head.uint((tail.length - before) * 2 + ('heavy' in e ? 1 : 0));
    prev = e.key;
  }
  head.bytes(tail.finish());
  return head.finish();
}

/** A decoded gram block: binary search over its keys, entries read on demand. */
export class GramBlock {
  readonly keys: Float64Array;
  private readonly offsets: Int32Array;
  private readonly heavy: Uint8Array;
  private readonly buf: Uint8Array;
  constructor(buf: Uint8Array) {
    this.buf = buf;
    const r = new ByteReader(buf);
    const n = r.uint();
    this.keys = new Float64Array(n);
    this.offsets = new Int32Array(n + 1);
    this.heavy = new Uint8Array(n);
    const lens = new Int32Array(n);
    let key = 0;
    for (let i = 0; i < n; i++) {
      key += r.uint();
      this.keys[i] = key;
      const v = r.uint();
      this.heavy[i] = v & 1;
      lens[i] = Math.floor(v / 2);
    }
    let at = r.pos;
    for (let i = 0; i < n; i++) {
      this.offsets[i] = at;
      at += lens[i]!;
    }
    this.offsets[n] = at;
    if (at !== buf.length) throw new CodecError('gram block length mismatch');
  }
  get size(): number {
    return this.keys.length;
  }
  entry(i: number): GramEntry {
    const bytes = this.buf.subarray(this.offsets[i]!, this.offsets[i + 1]!);
    return this.heavy[i] ? { key: this.keys[i]!, heavy: new ByteReader(bytes).uint() } : { key: this.keys[i]!, postings: bytes };
  }
  find(key: number): GramEntry | null {
    let lo = 0;
    let hi = this.keys.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const k = this.keys[mid]!;
      if (k === key) return this.entry(mid);
      if (k < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return null;
  }
}

// --- word blocks -------------------------------------------------------------------------------

/** Words block: uint nKeys; per key (ascending): string key, uint nReadings, strings, uint lemmaBytes, lemma postings. */
export function encodeWordsBlock(entries: WordEntry[]): Uint8Array {
  const w = new ByteWriter(1024);
  w.uint(entries.length);
  let prev: string | null = null;
  for (const e of entries) {
    if (prev !== null && !(e.key > prev)) throw new CodecError('word keys must ascend');
    w.string(e.key);
    w.uint(e.readings.length);
    for (const s of e.readings) w.string(s);
    w.uint(e.lemma ? e.lemma.length : 0);
    if (e.lemma) w.bytes(e.lemma);
    prev = e.key;
  }
  return w.finish();
}

export function decodeWordsBlock(buf: Uint8Array): WordEntry[] {
  const r = new ByteReader(buf);
  const n = r.uint();
  const out: WordEntry[] = [];
  for (let i = 0; i < n; i++) {
    const key = r.string();
    const readings: string[] = [];
    for (let k = r.uint(); k > 0; k--) readings.push(r.string());
    const bytes = r.uint();
    out.push({ key, readings, lemma: bytes > 0 ? r.bytes(bytes) : null });
  }
  return out;
}

// --- statement blocks ---------------------------------------------------------------------------

/** Text block: UTF-8 JSON of TextBlock (it is text, and gzip on the wire does the rest). */
export function encodeTextBlock(block: TextBlock): Uint8Array {
  return utf8.encode(JSON.stringify(block));
}
export function decodeTextBlock(buf: Uint8Array): TextBlock {
  try {
    return JSON.parse(fromUtf8.decode(buf)) as TextBlock;
  } catch {
    throw new CodecError('text block is not JSON');
  }
}

/** Speakers block: uint first, uint nSpeakers, strings, uint nDocs, per statement uint speaker index. */
export function encodeSpeakersBlock(block: SpeakersBlock): Uint8Array {
  const w = new ByteWriter(256);
  w.uint(block.first);
  w.uint(block.speakers.length);
  for (const s of block.speakers) w.string(s);
  w.uint(block.of.length);
  for (const i of block.of) w.uint(i);
  return w.finish();
}
export function decodeSpeakersBlock(buf: Uint8Array): SpeakersBlock {
  const r = new ByteReader(buf);
  const first = r.uint();
  const speakers: string[] = [];
  for (let n = r.uint(); n > 0; n--) speakers.push(r.string());
  const of: number[] = [];
  for (let n = r.uint(); n > 0; n--) of.push(r.uint());
  return { first, speakers, of };
}

/** Stats block: uint first, uint n, n stats bytes. */
export function encodeStatsBlock(block: StatsBlock): Uint8Array {
  const w = new ByteWriter(block.stats.length + 8);
  w.uint(block.first);
  w.uint(block.stats.length);
  w.bytes(block.stats);
  return w.finish();
}
export function decodeStatsBlock(buf: Uint8Array): StatsBlock {
  const r = new ByteReader(buf);
  const first = r.uint();
  return { first, stats: r.bytes(r.uint()).slice() };
}

/**
 * Briefings block: uint nKinds, strings; uint n; per briefing: uint statements, uint zigzag(day − previous
 * day), uint (kind index + 1, 0 for none).
 */
export function encodeBriefingsBlock(block: BriefingsBlock): Uint8Array {
  const w = new ByteWriter(block.counts.length * 4 + 16);
  w.uint(block.kinds.length);
  for (const k of block.kinds) w.string(k);
  w.uint(block.counts.length);
  let prev = 0;
  for (let i = 0; i < block.counts.length; i++) {
    const d = block.days[i]! - prev;
    w.uint(block.counts[i]!);
    w.uint(d >= 0 ? d * 2 : -d * 2 - 1);
    w.uint(block.kind[i]! + 1);
    prev = block.days[i]!;
  }
  return w.finish();
}
export function decodeBriefingsBlock(buf: Uint8Array): BriefingsBlock {
  const r = new ByteReader(buf);
  const kinds: string[] = [];
  for (let n = r.uint(); n > 0; n--) kinds.push(r.string());
  const n = r.uint();
  const counts = new Int32Array(n);
  const days = new Int32Array(n);
  const kind = new Int32Array(n);
  let prev = 0;
  for (let i = 0; i < n; i++) {
    counts[i] = r.uint();
    const z = r.uint();
    prev += z % 2 === 0 ? z / 2 : -(z + 1) / 2;
    days[i] = prev;
    kind[i] = r.uint() - 1;
    if (kind[i]! >= kinds.length) throw new CodecError('briefing kind out of range');
  }
  return { kinds, counts, days, kind };
}

// --- packs and directories -----------------------------------------------------------------------

export interface PackedBlock {
  kind: BlockKind;
  bytes: Uint8Array;
}

/** Pack: uint nBlocks; per block: uint kind code, uint length; then the blocks' bytes in order. */
export function encodePack(blocks: PackedBlock[]): Uint8Array {
  const w = new ByteWriter(blocks.reduce((n, b) => n + b.bytes.length, 16));
  w.uint(blocks.length);
  for (const b of blocks) {
    w.uint(BLOCK[b.kind]);
    w.uint(b.bytes.length);
  }
  for (const b of blocks) w.bytes(b.bytes);
  return w.finish();
}
export function decodePack(buf: Uint8Array): PackedBlock[] {
  const r = new ByteReader(buf);
  const head: Array<[BlockKind, number]> = [];
  for (let n = r.uint(); n > 0; n--) {
    const code = r.uint();
    const kind = BLOCK_KIND_OF_CODE[code];
    if (!kind) throw new CodecError(`unknown block kind ${code}`);
    head.push([kind, r.uint()]);
  }
  const blocks = head.map(([kind, n]) => ({ kind, bytes: r.bytes(n) }));
  if (!r.done) throw new CodecError('pack has trailing bytes');
  return blocks;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i;

/** base64url without padding (the manifest is JSON: the directory rides in it as a string). */
export function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let k = 0; k < chars; k++) s += B64[(n >> (18 - 6 * k)) & 63];
  }
  return s;
}
export function fromBase64Url(s: string): Uint8Array {
  const out = new Uint8Array(Math.floor((s.length * 6) / 8));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let i = 0; i < s.length; i++) {
    const v = B64_INDEX[s.charCodeAt(i)] ?? -1;
    if (v < 0) throw new CodecError('not base64url');
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/**
 * Block directory: uint nKinds; per kind: uint kind code, uint n, then per block: uint (pack − previous
 * pack of the kind), uint slot, and its first key: a string for string-keyed kinds, else uint (first −
 * previous first). A kind's blocks ascend by key and by pack, so the deltas are small.
 */
export function encodeDirectory(entries: DirectoryEntry[]): string {
  const w = new ByteWriter(entries.length * 4 + 8);
  const kinds = [...new Set(entries.map((e) => e.kind))];
  w.uint(kinds.length);
  for (const kind of kinds) {
    const list = entries.filter((e) => e.kind === kind);
    w.uint(BLOCK[kind]);
    w.uint(list.length);
    let pack = 0;
    let first = 0;
    for (const e of list) {
      w.uint(e.pack - pack);
      w.uint(e.slot);
      if (STRING_KEYED.has(kind)) w.string(String(e.first));
      else w.uint(Number(e.first) - first);
      pack = e.pack;
      if (!STRING_KEYED.has(kind)) first = Number(e.first);
    }
  }
  return toBase64Url(w.finish());
}
export function decodeDirectory(s: string): DirectoryEntry[] {
  const r = new ByteReader(fromBase64Url(s));
  const out: DirectoryEntry[] = [];
  for (let k = r.uint(); k > 0; k--) {
    const code = r.uint();
    const kind = BLOCK_KIND_OF_CODE[code];
    if (!kind) throw new CodecError(`unknown block kind ${code}`);
    let pack = 0;
    let first = 0;
    for (let n = r.uint(); n > 0; n--) {
      pack += r.uint();
      const slot = r.uint();
      if (STRING_KEYED.has(kind)) out.push({ kind, pack, slot, first: r.string() });
      else {
        first += r.uint();
        out.push({ kind, pack, slot, first });
      }
    }
  }
  return out;
}
