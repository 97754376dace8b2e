/**
 * Postings of a segment being built, spooled as varint records in buckets of the key space and spilled
 * to temporary files past a memory limit, so a cold build of the whole archive holds neither the corpus
 * nor its postings. Buckets are contiguous key ranges in key order (by a gram's first code unit), so the
 * segment's sorted gram blocks come out of them one bucket at a time.
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ByteReader, ByteWriter, PostingWriter } from '../codec.ts';
import { firstUnitOf, isBigramKey, POSTING } from '../format.ts';

/** Below kana: one bucket per 256 code units; kana: one per code unit (most text starts there); above: per 64. */
const KANA_START = 0x3040;
const KANA_END = 0x3100;
const LOW_BUCKETS = KANA_START >> 8;
const UNIT_BUCKETS = LOW_BUCKETS + (KANA_END - KANA_START) + ((0x10000 - KANA_END) >> 6);

function unitBucket(c: number): number {
  if (c < KANA_START) return c >> 8;
  if (c < KANA_END) return LOW_BUCKETS + (c - KANA_START);
  return LOW_BUCKETS + (KANA_END - KANA_START) + ((c - KANA_END) >> 6);
}

/** Bucket of a gram key; buckets ascend with keys (all unigrams first). */
export function bucketOf(key: number): number {
  return (isBigramKey(key) ? UNIT_BUCKETS : 0) + unitBucket(firstUnitOf(key));
}
export const BUCKETS = UNIT_BUCKETS * 2;

/** Records: key, doc, stat, n, then n values (bigram: position × 4 + flags) or nothing (unigram: n is the count). */
export class GramSpool {
  private readonly buckets: Array<ByteWriter | undefined> = new Array(BUCKETS);
  private buffered = 0;
  private spillDir: string | null = null;
  private readonly limit: number;
  constructor(limit: number) {
    this.limit = limit;
  }
  private writer(key: number): ByteWriter {
    const b = bucketOf(key);
    let w = this.buckets[b];
    if (!w) {
      w = this.buckets[b] = new ByteWriter(256);
      this.grow(w.buf.length);
    }
    return w;
  }
  addBigram(key: number, doc: number, stat: number, values: number[]): void {
    const w = this.writer(key);
    const before = w.buf.length;
    w.uint(key);
    w.uint(doc);
    w.uint(stat);
    w.uint(values.length);
    for (const v of values) w.uint(v);
    this.grow(w.buf.length - before);
  }
  addUnigram(key: number, doc: number, stat: number, count: number): void {
    const w = this.writer(key);
    const before = w.buf.length;
    w.uint(key);
    w.uint(doc);
    w.uint(stat);
    w.uint(count);
    this.grow(w.buf.length - before);
  }
  /** The memory the buckets take (their buffers' capacity, up to twice what they hold), which the limit bounds. */
  private grow(n: number): void {
    this.buffered += n;
    if (this.buffered > this.limit) this.spill();
  }
  private spill(): void {
    this.spillDir ??= path.join(tmpdir(), `kaiken-search-${randomBytes(6).toString('hex')}`);
    mkdirSync(this.spillDir, { recursive: true });
    this.buckets.forEach((w, i) => {
      if (!w || w.length === 0) return;
      appendFileSync(path.join(this.spillDir!, `${i}`), w.finish());
      this.buckets[i] = undefined;
    });
    this.buffered = 0;
  }
  private take(i: number): Uint8Array | null {
    const mem = this.buckets[i]?.finish() ?? null;
    this.buckets[i] = undefined;
    const file = this.spillDir ? path.join(this.spillDir, `${i}`) : null;
    if (!file || !existsSync(file)) return mem;
    const disk = readFileSync(file);
    if (!mem) return disk;
    const all = new Uint8Array(disk.length + mem.length);
    all.set(disk, 0);
    all.set(mem, disk.length);
    return all;
  }
  /**
   * Every gram's encoded postings, in key order. Records of a key arrive in statement order (statements
   * are indexed in id order), which is what a posting list needs.
   */
  *grams(): Generator<[number, Uint8Array]> {
    for (let i = 0; i < BUCKETS; i++) {
      const records = this.take(i);
      if (!records) continue;
      const lists = new Map<number, PostingWriter>();
      const r = new ByteReader(records);
      const values: number[] = [];
      while (!r.done) {
        const key = r.uint();
        const doc = r.uint();
        const stat = r.uint();
        const n = r.uint();
        const bigram = isBigramKey(key);
        let list = lists.get(key);
        if (!list) lists.set(key, (list = new PostingWriter(bigram ? POSTING.bigram : POSTING.unigram)));
        values.length = 0;
        if (bigram) for (let k = 0; k < n; k++) values.push(r.uint());
        list.add(doc, stat, bigram ? values : [n]);
      }
      for (const key of [...lists.keys()].sort((a, b) => a - b)) yield [key, lists.get(key)!.finish()];
    }
  }
  dispose(): void {
    if (this.spillDir) rmSync(this.spillDir, { recursive: true, force: true });
  }
}
