/**
 * Randomness: mulberry32, a small 32-bit generator; every briefing gets its own stream from (seed, n),
 * and Zipf-like pools to draw words from.
 */


export class Rng {
  private a: number;
  constructor(seed: number) {
    this.a = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    this.a = (this.a + 0x6d2b79f5) | 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
}

/** Mix two 32-bit numbers into a seed (murmur3's finaliser). */
export function mix(a: number, b: number): number {
  let h = (Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Items drawn with Zipf–Mandelbrot weights 1/(rank + q)^s: the first items common, the tail rare.
 * Sampling is O(1) with an alias table (Vose): one uniform number picks a column (integer part) and
 * decides between the column's own item and its alias (fractional part).
 */
export class ZipfPool<T> {
  readonly items: readonly T[];
  private prob: Float64Array;
  private alias: Int32Array;
  constructor(items: readonly T[], s = 1, q = 2.7) {
    const n = items.length;
    if (n === 0) throw new Error('empty word pool');
    this.items = items;
    const scaled = new Float64Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) total += scaled[i] = 1 / Math.pow(i + 1 + q, s);
    for (let i = 0; i < n; i++) scaled[i] = (scaled[i]! * n) / total;
    this.prob = new Float64Array(n);
    this.alias = new Int32Array(n);
    const small: number[] = [];
    const large: number[] = [];
    for (let i = n - 1; i >= 0; i--) (scaled[i]! < 1 ? small : large).push(i);
    while (small.length > 0 && large.length > 0) {
      const lo = small.pop()!;
      const hi = large.pop()!;
      this.prob[lo] = scaled[lo]!;
      this.alias[lo] = hi;
      scaled[hi] = scaled[hi]! + scaled[lo]! - 1;
      (scaled[hi]! < 1 ? small : large).push(hi);
    }
    for (const i of large) this.prob[i] = 1;
    for (const i of small) this.prob[i] = 1;
  }
  draw(rng: Rng): T {
    const u = rng.next() * this.items.length;
    const i = Math.floor(u);
    return this.items[u - i < this.prob[i]! ? i : this.alias[i]!]!;
  }
}
