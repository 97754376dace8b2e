/**
 * The one codec of the index format: every block, pack and directory is encoded and decoded here, so
 * the writer and the engine share no unwritten rule. Layouts are documented in docs/search.md (section
 * "Format"); constants and decoded shapes are in format.ts. No Node imports (bundled for the browser):
 * the writer hands in node:zlib's deflate, the engine inflates with DecompressionStream.
 */
import {
  BLOCK,
  BLOCK_KIND_OF_CODE,
  DIRECTORY_LISTS,
  EXACT_KEYED,
  LIST_EXTRAS,
  FLAG_BITS,
  FLAG_MASK,
  POSTING,
  STORED_FORMAT,
  STRING_KEYED,
  type BlockKind,
  type BlockLocation,
  type BriefingsBlock,
  type Directory,
  type DirectoryEntry,
  type DirectoryList,
  type Frontier,
  type GramEntry,
  type ListHead,
  type PartSummary,
  type PostingKind,
  type PostingList,
  type SpeakerEntry,
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
 *   lemma uint (position − previous), uint (length × 2 + derived) — `lemmaSpan` — or LITERAL_SPAN. A unigram's n is the character's count and has no
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
 * Gram block: uint nKeys; nKeys × (uint keyDelta, uint entryBytes); then the entries' posting lists in
 * key order. A frequent gram is not in any gram block: it is a heavy block (its posting list alone).
 */
export function encodeGramBlock(entries: GramEntry[]): Uint8Array {
  const head = new ByteWriter(entries.length * 6 + 8);
  const tail = new ByteWriter(1024);
  head.uint(entries.length);
  let prev = 0;
  for (const e of entries) {
    if (e.key < prev) throw new CodecError('gram keys must ascend');
    tail.bytes(e.postings);
    head.uint(e.key - prev);
    head.uint(e.postings.length);
    prev = e.key;
  }
  head.bytes(tail.finish());
  return head.finish();
}

/** A decoded gram block: binary search over its keys, entries read on demand. */
export class GramBlock {
  readonly keys: Float64Array;
  private readonly offsets: Int32Array;
  private readonly buf: Uint8Array;
  constructor(buf: Uint8Array) {
    this.buf = buf;
    const r = new ByteReader(buf);
    const n = r.uint();
    this.keys = new Float64Array(n);
    this.offsets = new Int32Array(n + 1);
    const lens = new Int32Array(n);
    let key = 0;
    for (let i = 0; i < n; i++) {
      key += r.uint();
      this.keys[i] = key;
      lens[i] = r.uint();
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
    return { key: this.keys[i]!, postings: this.buf.subarray(this.offsets[i]!, this.offsets[i + 1]!) };
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

/**
 * Words block: uint nKeys; per key (ascending): string key, uint nReadings, strings, uint (lemmaBytes × 2
 * + long), lemma postings. `long`: the lemma postings are a long list (its head is in the words list
 * under the key), and lemmaBytes is 0.
 */
export function encodeWordsBlock(entries: WordEntry[]): Uint8Array {
  const w = new ByteWriter(1024);
  w.uint(entries.length);
  let prev: string | null = null;
  for (const e of entries) {
    if (prev !== null && !(e.key > prev)) throw new CodecError('word keys must ascend');
    w.string(e.key);
    w.uint(e.readings.length);
    for (const s of e.readings) w.string(s);
    if (e.lemmaHead && e.lemma) throw new CodecError('a word has its lemma postings inline or in a long list, not both');
    w.uint((e.lemma ? e.lemma.length : 0) * 2 + (e.lemmaHead ? 1 : 0));
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
    const v = r.uint();
    const bytes = Math.floor(v / 2);
    const entry: WordEntry = { key, readings, lemma: bytes > 0 ? r.bytes(bytes) : null };
    if (v % 2 === 1) entry.lemmaHead = true;
    out.push(entry);
  }
  return out;
}

// --- long posting lists ----------------------------------------------------------------------------

/**
 * Head block: uint kind (POSTING), uint docs, uint nParts; per part: uint (window − previous part's
 * end window), uint windows, uint docs, uint stored length, uint maxWhole, uint flags, uint nPoints,
 * per frontier point uint (count − previous count), uint (length − previous length) (the first point's
 * from 0); then uint firstMonth, uint nMonths, nMonths × uint statements. The parts are stored blocks
 * right after the head in its pack, in this order.
 */
export function encodeHeadBlock(head: ListHead): Uint8Array {
  const w = new ByteWriter(16 + head.parts.length * 10 + head.months.length * 2);
  w.uint(head.kind);
  w.uint(head.docs);
  w.uint(head.parts.length);
  let end = 0;
  for (const p of head.parts) {
    if (p.window < end || p.windows < 1) throw new CodecError('parts must cover ascending, disjoint runs of windows');
    w.uint(p.window - end);
    for (const v of [p.windows, p.docs, p.length, p.maxWhole, p.flags, p.frontier.length]) w.uint(v);
    let [count, length] = [0, 0];
    for (const [c, l] of p.frontier) {
      if (c <= count || (count > 0 && l <= length)) throw new CodecError('a frontier ascends in both occurrences and length');
      w.uint(c - count);
      w.uint(l - length);
      [count, length] = [c, l];
    }
    end = p.window + p.windows;
  }
  w.uint(head.firstMonth);
  w.uint(head.months.length);
  for (const n of head.months) w.uint(n);
  return w.finish();
}
export function decodeHeadBlock(buf: Uint8Array): ListHead {
  const r = new ByteReader(buf);
  const kind = r.uint() as PostingKind;
  if (kind !== POSTING.unigram && kind !== POSTING.bigram && kind !== POSTING.lemma) throw new CodecError(`unknown posting kind ${kind}`);
  const docs = r.uint();
  const parts: PartSummary[] = [];
  let end = 0;
  for (let n = r.uint(); n > 0; n--) {
    const window = end + r.uint();
    const [windows, pdocs, length, maxWhole, flags] = [r.uint(), r.uint(), r.uint(), r.uint(), r.uint()] as const;
    const frontier: Frontier = [];
    let [count, len] = [0, 0];
    for (let k = r.uint(); k > 0; k--) frontier.push([(count += r.uint()), (len += r.uint())]);
    parts.push({ window, windows, docs: pdocs, length, frontier, maxWhole, flags });
    end = window + windows;
  }
  const firstMonth = r.uint();
  const months: number[] = [];
  for (let n = r.uint(); n > 0; n--) months.push(r.uint());
  if (!r.done) throw new CodecError('head block has trailing bytes');
  return { kind, docs, parts, firstMonth, months };
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

/** Speakers block: uint first, uint nSpeakers, per speaker its four strings (SpeakerEntry), uint nDocs, per statement uint speaker index. */
export function encodeSpeakersBlock(block: SpeakersBlock): Uint8Array {
  const w = new ByteWriter(256);
  w.uint(block.first);
  w.uint(block.speakers.length);
  for (const s of block.speakers) for (const field of s) w.string(field);
  w.uint(block.of.length);
  for (const i of block.of) w.uint(i);
  return w.finish();
}
export function decodeSpeakersBlock(buf: Uint8Array): SpeakersBlock {
  const r = new ByteReader(buf);
  const first = r.uint();
  const speakers: SpeakerEntry[] = [];
  for (let n = r.uint(); n > 0; n--) speakers.push([r.string(), r.string(), r.string(), r.string()]);
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

// --- stored blocks and packs --------------------------------------------------------------------

/** Compresses a block into a zlib stream (STORED_FORMAT): the writer's node:zlib deflate. */
export type Deflate = (raw: Uint8Array) => Uint8Array;
/** The reverse, synchronous: node:zlib's inflate, for merges at build time. */
export type Inflate = (stored: Uint8Array) => Uint8Array;

/** Bytes after every stored block's zlib stream: which block of which segment it is (blockTag). */
export const TAG_BYTES = 4;

/**
 * A block's tag: FNV-1a (32 bits) of its segment's salt, its kind and its first key. A range that holds
 * another block — of another segment, another build, or another place in its own pack (a pack swapped
 * or cut, a wrong directory) — ends with another tag, and is refused instead of decoded into a wrong
 * answer. The salt is the manifest's (`ManifestSegment.salt`), fixed before the segment is written.
 */
export function blockTag(salt: string, kind: BlockKind, first: number | string): Uint8Array {
  const s = `${salt}\u0000${BLOCK[kind]}\u0000${String(first)}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return Uint8Array.of(h >>> 24, (h >>> 16) & 0xff, (h >>> 8) & 0xff, h & 0xff);
}

/**
 * A stored block's zlib stream, once its tag is checked (when `tag` is given: the engine and the
 * writer always give it). A zlib stream starts with CMF (deflate, window ≤ 32 KiB) and FLG (no preset
 * dictionary, CMF·256 + FLG divisible by 31). Anything else — an HTML error page, the wrong byte
 * range, another block — is not this block.
 */
function checkStored(stored: Uint8Array, tag: Uint8Array | undefined): Uint8Array {
  const cmf = stored[0] ?? 0;
  const flg = stored[1] ?? 0;
  if (stored.length < 6 + TAG_BYTES || (cmf & 0x0f) !== 8 || cmf >> 4 > 7 || (cmf * 256 + flg) % 31 !== 0 || flg & 0x20) {
    throw new CodecError('not a stored block');
  }
  const end = stored.length - TAG_BYTES;
  if (tag && tag.some((b, i) => stored[end + i] !== b)) throw new CodecError('a block of another index (its tag differs)');
  return stored.subarray(0, end);
}

/** A block as stored: compressed on its own, so that it is readable from its byte range alone, then its tag. */
export function storeBlock(raw: Uint8Array, deflate: Deflate, tag: Uint8Array): Uint8Array {
  const zlib = deflate(raw);
  const stored = new Uint8Array(zlib.length + TAG_BYTES);
  stored.set(zlib);
  stored.set(tag, zlib.length);
  checkStored(stored, tag);
  return stored;
}

/**
 * A stored block's bytes, with the platform's DecompressionStream (browsers, Node). Read through the
 * stream's own reader: wrapping it in a Response costs Node ~100 ms of CPU on first use, the reader ~20.
 */
export async function inflateStored(stored: Uint8Array, tag?: Uint8Array): Promise<Uint8Array> {
  const zlib = checkStored(stored, tag);
  const stream = new DecompressionStream(STORED_FORMAT);
  const writer = stream.writable.getWriter();
  // Failures surface on the reading side, once; these would only repeat them.
  writer.write(zlib as Uint8Array<ArrayBuffer>).catch(() => {});
  writer.close().catch(() => {});
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      length += value.length;
    }
  } catch (e) {
    throw new CodecError(`damaged block (${e instanceof Error ? e.message : String(e)})`);
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** The same, synchronously, with node:zlib's inflate (the writer's merges, the build's read-back). */
export function inflateStoredWith(stored: Uint8Array, inflate: Inflate, tag?: Uint8Array): Uint8Array {
  const zlib = checkStored(stored, tag);
  try {
    return inflate(zlib);
  } catch (e) {
    throw new CodecError(`damaged block (${e instanceof Error ? e.message : String(e)})`);
  }
}

/**
 * Pack: stored blocks back to back, with nothing around them: the directory holds each block's offset
 * and length, so a block is one byte range of its pack.
 */
export function encodePack(stored: Uint8Array[]): { bytes: Uint8Array; spans: Array<{ offset: number; length: number }> } {
  const bytes = new Uint8Array(stored.reduce((n, b) => n + b.length, 0));
  const spans: Array<{ offset: number; length: number }> = [];
  let at = 0;
  for (const b of stored) {
    bytes.set(b, at);
    spans.push({ offset: at, length: b.length });
    at += b.length;
  }
  return { bytes, spans };
}

/** The stored block at `at` of a whole pack. */
export function packSlice(pack: Uint8Array, at: Pick<BlockLocation, 'offset' | 'length'>): Uint8Array {
  if (at.offset + at.length > pack.length) throw new CodecError(`pack too short (${pack.length} bytes) for a block at ${at.offset}+${at.length}`);
  return pack.subarray(at.offset, at.offset + at.length);
}

// --- directories ---------------------------------------------------------------------------------

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
 * A list of directory entries, by ascending key: uint n; per entry, its key — a string for string-keyed
 * lists, else uint ((first − previous first) × 2 + heavy) — then uint (length × 4 + head × 2 + follows),
 * and only when it does not follow the previous block of its kind in the same pack: uint (pack − that
 * block's pack), uint offset. A kind's blocks are written in key order, mostly back to back: an entry is
 * usually its key delta and its length, two or three bytes.
 */
function writeEntries(w: ByteWriter, list: DirectoryList, entries: DirectoryEntry[], nested: boolean): void {
  const stringKeyed = STRING_KEYED.has(list);
  w.uint(entries.length);
  let first = 0;
  const last = new Map<BlockKind, { pack: number; end: number }>();
  for (const e of entries) {
    const expected = nested ? e.kind === 'directory' : e.kind === list || LIST_EXTRAS[list].includes(e.kind);
    if (!expected) throw new CodecError(`a ${e.kind} block in the ${nested ? 'nested ' : ''}${list} list`);
    if (stringKeyed) w.string(String(e.first));
    else {
      w.uint((Number(e.first) - first) * 2 + (e.kind === 'heavy' ? 1 : 0));
      first = Number(e.first);
    }
    const prev = last.get(e.kind) ?? { pack: 0, end: 0 };
    const follows = e.pack === prev.pack && e.offset === prev.end;
    w.uint(e.length * 4 + (e.kind === 'head' ? 2 : 0) + (follows ? 1 : 0));
    if (!follows) {
      w.uint(e.pack - prev.pack);
      w.uint(e.offset);
    }
    last.set(e.kind, { pack: e.pack, end: e.offset + e.length });
  }
}

function readEntries(r: ByteReader, list: DirectoryList, nested: boolean): DirectoryEntry[] {
  const stringKeyed = STRING_KEYED.has(list);
  const out: DirectoryEntry[] = [];
  let first = 0;
  const last = new Map<BlockKind, { pack: number; end: number }>();
  const allowed = (kind: BlockKind) => {
    if (nested || !LIST_EXTRAS[list].includes(kind)) throw new CodecError(`a ${kind} block in the ${list} list`);
    return kind;
  };
  for (let n = r.uint(); n > 0; n--) {
    let key: number | string;
    let kind: BlockKind = nested ? 'directory' : list;
    if (stringKeyed) key = r.string();
    else {
      const v = r.uint();
      first += Math.floor(v / 2);
      key = first;
      if (v % 2 === 1) kind = allowed('heavy');
    }
    const v = r.uint();
    if (v & 2) kind = allowed('head');
    const prev = last.get(kind) ?? { pack: 0, end: 0 };
    const length = Math.floor(v / 4);
    const pack = v % 2 === 1 ? prev.pack : prev.pack + r.uint();
    const offset = v % 2 === 1 ? prev.end : r.uint();
    out.push({ kind, first: key, pack, offset, length });
    last.set(kind, { pack, end: offset + length });
  }
  return out;
}

function listCode(r: ByteReader): DirectoryList {
  const code = r.uint();
  const kind = BLOCK_KIND_OF_CODE[code];
  if (!kind || !(DIRECTORY_LISTS as readonly string[]).includes(kind)) throw new CodecError(`unknown directory list ${code}`);
  return kind as DirectoryList;
}

/**
 * The manifest's directory of a segment: uint nLists; per list: uint its kind code, uint nested (1: the
 * entries are directory blocks, each listing a run of the list's blocks), its entries.
 */
export function encodeDirectory(d: Directory): string {
  const w = new ByteWriter(256);
  w.uint(d.lists.length);
  for (const l of d.lists) {
    w.uint(BLOCK[l.list]);
    w.uint(l.nested ? 1 : 0);
    writeEntries(w, l.list, l.entries, l.nested);
  }
  return toBase64Url(w.finish());
}
export function decodeDirectory(s: string): Directory {
  const r = new ByteReader(fromBase64Url(s));
  const lists: Directory['lists'] = [];
  for (let n = r.uint(); n > 0; n--) {
    const list = listCode(r);
    const nested = r.uint() === 1;
    lists.push({ list, nested, entries: readEntries(r, list, nested) });
  }
  if (!r.done) throw new CodecError('directory has trailing bytes');
  return { lists };
}

/**
 * Directory block: uint the list's kind code, then a run of its entries. A run that starts with
 * exact-key blocks (heavy, head) begins with the range block in effect before them (so a lookup never
 * needs the previous run).
 */
export function encodeDirectoryBlock(list: DirectoryList, entries: DirectoryEntry[]): Uint8Array {
  const w = new ByteWriter(entries.length * 6 + 8);
  w.uint(BLOCK[list]);
  writeEntries(w, list, entries, false);
  return w.finish();
}
export function decodeDirectoryBlock(buf: Uint8Array): { list: DirectoryList; entries: DirectoryEntry[] } {
  const r = new ByteReader(buf);
  const list = listCode(r);
  const entries = readEntries(r, list, false);
  if (!r.done) throw new CodecError('directory block has trailing bytes');
  return { list, entries };
}

/**
 * A list's blocks cut into runs of `perRun` for directory blocks; a run that does not start with a
 * range block gets the range block in effect at its start put first. Each run is listed in the
 * manifest under the first key of its own blocks.
 */
export function directoryRuns(list: DirectoryList, entries: DirectoryEntry[], perRun: number): Array<{ first: number | string; entries: DirectoryEntry[] }> {
  const runs: Array<{ first: number | string; entries: DirectoryEntry[] }> = [];
  let inEffect: DirectoryEntry | null = null;
  for (let i = 0; i < entries.length; i += Math.max(1, perRun)) {
    const run = entries.slice(i, i + Math.max(1, perRun));
    const lead = EXACT_KEYED.has(run[0]!.kind) && inEffect ? [inEffect] : [];
    runs.push({ first: run[0]!.first, entries: [...lead, ...run] });
    for (const e of run) if (!EXACT_KEYED.has(e.kind)) inEffect = e;
  }
  return runs;
}

/**
 * The entry of a list (ascending keys) that holds `key`. `exact`: the exact-key block (heavy, head) of
 * exactly that key; `range`: the last range block whose first key is ≤ key (it covers keys up to the
 * next one's first, exact keys excepted); `any` (a gram's postings): the exact-key block, else the range
 * block. Null when there is none.
 */
export function findInList(entries: DirectoryEntry[], key: number | string, want: 'any' | 'exact' | 'range' = 'any'): DirectoryEntry | null {
  let lo = 0;
  let hi = entries.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (entries[mid]!.first <= key) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  // Exact-key blocks of one key sit together (a word's head beside nothing else of its key).
  for (let i = found; want !== 'range' && i >= 0 && entries[i]!.first === key; i--) if (EXACT_KEYED.has(entries[i]!.kind)) return entries[i]!;
  if (want === 'exact') return null;
  while (found >= 0 && EXACT_KEYED.has(entries[found]!.kind)) found--;
  return found >= 0 ? entries[found]! : null;
}
