/**
 * The query engine: one implementation for the browser and the CLI. It reads the index through a
 * `load(path)` function (fetch in the browser, the file system in Node), fetching only the shards a
 * query needs. No Node modules and no kuromoji here: this module is bundled into the search page.
 *
 * Matching is exact: a term matches a statement when the statement's search form contains the term's
 * search form. Postings of character bigrams carry positions, and a run of bigrams at consecutive
 * offsets spells the term, so no text needs to be fetched to decide a match (single characters use
 * doc-level postings of their own). On top of the literal term, a term (not a quoted phrase) also
 * finds:
 * - the words the index records under it as a reading, as whole words (`きょうゆう` → 共有);
 * - the inflected stems recorded under it as a dictionary form, at word starts (`行う` → 行っ…);
 * - itself without a final ー (`サーバー` → サーバ).
 */
import { normalize, normalizeWithMap } from '../japanese/normalize.ts';
import {
  bigramKey,
  ByteReader,
  FLAG_END,
  FLAG_START,
  FORMAT_VERSION,
  filePath,
  gramShard,
  HASH_CHARS,
  MANIFEST,
  PART_SEPARATOR,
  ROLE_OF_LETTER,
  SHARDS_PER_DIR,
  statsLength,
  statsRole,
  stringShard,
  unigramKey,
  type ExpansionShard,
  type Facets,
  type IndexRole,
  type Manifest,
  type MetaChunk,
  type ShardList,
  type TextChunk,
} from './format.ts';

/** Reads a file of the index, by its path relative to the `search/` directory. */
export type Loader = (path: string) => Promise<Uint8Array | string>;

export type SearchRole = IndexRole;

export interface SearchOptions {
  /** Only statements of these roles. */
  role?: SearchRole | SearchRole[];
  /** Only statements whose speaker contains this (normalised, so `中谷` finds 中谷防衛大臣). */
  speaker?: string;
  /** Only briefings of this kind (定例, 臨時, …). */
  kind?: string;
  /** Inclusive date range, YYYY-MM-DD. */
  from?: string;
  to?: string;
  /** Hits to return (0 = all; default 20), after skipping `offset`. */
  limit?: number;
  offset?: number;
  /** Relevance (default), newest first, or oldest first. */
  sort?: 'score' | 'date' | 'date-asc';
}

export interface SearchHit {
  /** `${base}briefings/<briefing>/#<turn>`. */
  url: string;
  briefing: string;
  turn: string;
  order: number;
  title: string;
  date: string;
  kind: string | null;
  role: SearchRole;
  speaker: string;
  topic: string | null;
  section: string | null;
  /** HTML: the statement's text around the matches, escaped, matches wrapped in <mark>. */
  snippet: string;
  score: number;
}

export interface QueryTerm {
  /** Search form of the term (see src/japanese/normalize.ts). */
  text: string;
  phrase: boolean;
  exclude: boolean;
}

export interface SearchResult {
  total: number;
  hits: SearchHit[];
  terms: QueryTerm[];
}

export class SearchIndexError extends Error {
  readonly code: 'missing' | 'stale';
  constructor(code: 'missing' | 'stale', message: string) {
    super(message);
    this.name = 'SearchIndexError';
    this.code = code;
  }
}

// --- query syntax ------------------------------------------------------------------------------

const QUOTES = new Set(['"', '＂', '“', '”', '„']);
const MINUS = new Set(['-', '－', '−']);
const SPACE = /[\s\u3000]/u;

/**
 * Space-separated terms, all required; `"…"` an exact phrase (spaces inside kept); a leading `-`
 * excludes the term or phrase. A `-` inside a term (F-35) is an ordinary character.
 */
export function parseQuery(query: string): QueryTerm[] {
  const terms: QueryTerm[] = [];
  const chars = [...query];
  let i = 0;
  while (i < chars.length) {
    while (i < chars.length && SPACE.test(chars[i]!)) i++;
    if (i >= chars.length) break;
    let exclude = false;
    if (MINUS.has(chars[i]!) && i + 1 < chars.length && !SPACE.test(chars[i + 1]!)) {
      exclude = true;
      i++;
    }
    let raw = '';
    let phrase = false;
    if (QUOTES.has(chars[i]!)) {
      phrase = true;
      i++;
      while (i < chars.length && !QUOTES.has(chars[i]!)) raw += chars[i++];
      i++;
    } else {
      while (i < chars.length && !SPACE.test(chars[i]!)) raw += chars[i++];
    }
    let text = normalize(raw);
    if (phrase) text = text.trim();
    if (text.length > 0 && text !== ' ') terms.push({ text, phrase, exclude });
  }
  return terms;
}

// --- postings ----------------------------------------------------------------------------------

interface BigramPosting {
  docs: Int32Array;
  /** Stats byte of each statement (role, length class). */
  stats: Uint8Array;
  /** Positions of doc k are vals[starts[k] .. starts[k+1]), each position × 4 + flags, ascending. */
  starts: Int32Array;
  vals: Int32Array;
}

interface UnigramPosting {
  docs: Int32Array;
  stats: Uint8Array;
  counts: Int32Array;
}

type Posting = BigramPosting | UnigramPosting;

function decodePosting(buf: Uint8Array, at: number, bigram: boolean): Posting {
  const r = new ByteReader(buf, at);
  const nDocs = r.uint();
  const docs = new Int32Array(nDocs);
  const stats = new Uint8Array(nDocs);
  let d = 0;
  if (!bigram) {
    const counts = new Int32Array(nDocs);
    for (let k = 0; k < nDocs; k++) {
      const h = r.uint();
      d += Math.floor(h / 2);
      docs[k] = d;
      stats[k] = r.byte();
      counts[k] = h & 1 ? r.uint() + 2 : 1;
    }
    return { docs, stats, counts };
  }
  const starts = new Int32Array(nDocs + 1);
  const vals: number[] = [];
  for (let k = 0; k < nDocs; k++) {
    const h = r.uint();
    d += Math.floor(h / 2);
    docs[k] = d;
    stats[k] = r.byte();
    starts[k] = vals.length;
    const n = h & 1 ? r.uint() + 2 : 1;
    let p = 0;
    for (let j = 0; j < n; j++) {
      const v = r.uint();
      p += v >>> 2;
      vals.push(p * 4 + (v & 3));
    }
  }
  starts[nDocs] = vals.length;
  return { docs, stats, starts, vals: Int32Array.from(vals) };
}

/** A gram shard: a sorted key directory over blocks that are postings or names of postings files. */
class GramShard {
  private readonly keys: Float64Array;
  private readonly offsets: Int32Array;
  private readonly own: Uint8Array;
  readonly buf: Uint8Array;
  constructor(buf: Uint8Array) {
    this.buf = buf;
    const r = new ByteReader(buf);
    const n = r.uint();
    this.keys = new Float64Array(n);
    this.offsets = new Int32Array(n + 1);
    this.own = new Uint8Array(n);
    let key = 0;
    const lens: number[] = [];
    for (let i = 0; i < n; i++) {
      key += r.uint();
      this.keys[i] = key;
      const v = r.uint();
      this.own[i] = v & 1;
      lens.push(Math.floor(v / 2));
    }
    let at = r.pos;
    for (let i = 0; i < n; i++) {
      this.offsets[i] = at;
      at += lens[i]!;
    }
    this.offsets[n] = at;
  }
  /** Where `key`'s postings are: at an offset of this shard, or in a file of its own; null if nowhere. */
  find(key: number): { at: number } | { file: string } | null {
    let lo = 0;
    let hi = this.keys.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const k = this.keys[mid]!;
      if (k === key) {
        const at = this.offsets[mid]!;
        return this.own[mid] ? { file: decoder.decode(this.buf.subarray(at, this.offsets[mid + 1]!)) } : { at };
      }
      if (k < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return null;
  }
}

/** First index in sorted `a[from..to)` whose value is ≥ x. */
function lowerBound(a: Int32Array, x: number, from: number, to: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the position `p` among vals[from..to) (stored as p × 4 + flags), or -1. */
function findPosition(vals: Int32Array, p: number, from: number, to: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (vals[mid]! >>> 2 < p) lo = mid + 1;
    else hi = mid;
  }
  return lo < to && vals[lo]! >>> 2 === p ? lo : -1;
}

// --- matching ----------------------------------------------------------------------------------

/** How an alternative of a term must sit in the text: anywhere, as whole words, or at a word start. */
const LITERAL = 0;
const WORD = 1;
const WORD_START = 2;
type Mode = typeof LITERAL | typeof WORD | typeof WORD_START;

interface Alternative {
  text: string;
  mode: Mode;
}

/** One statement's matches of one term. */
interface TermDocMatch {
  /** The statement's stats byte (role, length class), from the postings. */
  stat: number;
  /** Match start → [length, weight]. Empty for single-character terms (positions not indexed). */
  spans: Map<number, [number, number]>;
  /** Weighted count of matches (the `tf` of ranking). */
  tf: number;
  /** Some match is a whole word (or a reading/inflection expansion). */
  word: boolean;
}

/** Weights of a literal match by how it sits on word boundaries; expansions count as whole words. */
const W_WORD = 1;
const W_START = 0.5;
const W_END = 0.35;
const W_INSIDE = 0.25;
const W_EXPANSION = 0.9;
const W_CHAR = 0.25;

const BM25_K1 = 1.2;
const BM25_B = 0.75;

/** Snippet length in source characters. */
const SNIPPET = 120;

interface LoadedMeta {
  raw: MetaChunk;
  /** Per statement of the chunk: index into raw.briefings. */
  briefingOf: Int32Array;
  speakersNorm: string[] | null;
}

export interface SearchEngine {
  search(query: string, options?: SearchOptions): Promise<SearchResult>;
  manifest(): Promise<Manifest>;
  facets(): Promise<Facets>;
  /** Files and bytes loaded so far (each file is loaded once per engine). */
  readonly stats: { files: number; bytes: number };
}

const decoder = new TextDecoder();

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/gu, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

function isKana(c: string): boolean {
  const cp = c.charCodeAt(0);
  return cp >= 0x3041 && cp <= 0x309f;
}

/**
 * The engine over the index that `load` reads. Files are fetched on demand and kept for the engine's
 * lifetime (they are immutable: their names are content hashes).
 */
export function createSearch(load: Loader): SearchEngine {
  const stats = { files: 0, bytes: 0 };
  let session = openSession(load, stats);
  return {
    async search(query, options) {
      try {
        return await session.search(query, options);
      } catch (e) {
        // A rebuild under an open page removes the files its manifest names: read the new manifest once.
        if (!(e instanceof SearchIndexError) || e.code !== 'stale') throw e;
        session = openSession(load, stats);
        return session.search(query, options);
      }
    },
    manifest: () => session.manifest(),
    facets: () => session.facets(),
    stats,
  };
}

/** Memoise an async load by key; a failure is not remembered, so a later call tries again. */
function memo<K, V>(map: Map<K, Promise<V>>, key: K, make: () => Promise<V>): Promise<V> {
  let p = map.get(key);
  if (!p) {
    p = make();
    map.set(key, p);
    p.catch(() => map.delete(key));
  }
  return p;
}

type Session = Omit<SearchEngine, 'stats'>;

function openSession(load: Loader, stats: { files: number; bytes: number }): Session {
  const cache = new Map<string, Promise<Uint8Array | string>>();

  const fetchFile = (p: string): Promise<Uint8Array | string> => {
    let hit = cache.get(p);
    if (!hit) {
      hit = load(p).then(
        (data) => {
          stats.files++;
          stats.bytes += typeof data === 'string' ? new TextEncoder().encode(data).length : data.length;
          return data;
        },
        (error: unknown) => {
          cache.delete(p);
          throw new SearchIndexError(
            p === MANIFEST ? 'missing' : 'stale',
            p === MANIFEST
              ? `The search index is missing (no search/${MANIFEST}). Run \`npm run build\` to create it.`
              : `The search index is incomplete or out of date (search/${p} could not be read: ${error instanceof Error ? error.message : String(error)}). Run \`npm run build\` again.`,
          );
        },
      );
      cache.set(p, hit);
    }
    return hit;
  };
  const json = async <T>(p: string): Promise<T> => {
    const data = await fetchFile(p);
    try {
      return JSON.parse(typeof data === 'string' ? data : decoder.decode(data)) as T;
    } catch {
      throw new SearchIndexError(p === MANIFEST ? 'missing' : 'stale', `search/${p} is damaged (not JSON). Run \`npm run build\` again.`);
    }
  };
  const binary = async (p: string): Promise<Uint8Array> => {
    const data = await fetchFile(p);
    if (typeof data === 'string') throw new SearchIndexError('stale', `search/${p} was read as text; the loader must return bytes for .bin files`);
    return data;
  };

  let manifestP: Promise<Manifest> | null = null;
  const manifest = (): Promise<Manifest> => {
    manifestP ??= json<Manifest>(MANIFEST).then(
      (m) => {
        if (!m || m.format !== FORMAT_VERSION) {
          throw new SearchIndexError(
            'stale',
            `The search index was written by another version (format ${String(m?.format)}, this engine reads ${FORMAT_VERSION}). Run \`npm run build\` to rewrite it.`,
          );
        }
        return m;
      },
      (e: unknown) => {
        manifestP = null;
        throw e;
      },
    );
    return manifestP;
  };

  const shardName = async (list: ShardList, i: number): Promise<string> => {
    if (list.names !== undefined) return list.names.slice(i * HASH_CHARS, (i + 1) * HASH_CHARS);
    const names = await json<string>(filePath('dir', list.dirs![Math.floor(i / SHARDS_PER_DIR)]!));
    const j = i % SHARDS_PER_DIR;
    return names.slice(j * HASH_CHARS, (j + 1) * HASH_CHARS);
  };

  const shards = new Map<string, Promise<GramShard>>();
  const gramShardFor = async (m: Manifest, key: number): Promise<GramShard> => {
    const p = filePath('gram', await shardName(m.gram, gramShard(key, m.gram.shards)));
    return memo(shards, p, async () => new GramShard(await binary(p)));
  };
  const decoded = new Map<number, Promise<Posting | null>>();
  const posting = (m: Manifest, key: number): Promise<Posting | null> =>
    memo(decoded, key, async () => {
      const shard = await gramShardFor(m, key);
      const where = shard.find(key);
      if (!where) return null;
      if ('at' in where) return decodePosting(shard.buf, where.at, key >= 0x10000);
      return decodePosting(await binary(filePath('gram', where.file)), 0, key >= 0x10000);
    });

  const expansionsOf = async (m: Manifest, key: string): Promise<[string[], string[]]> => {
    const shard = await json<ExpansionShard>(filePath('exp', await shardName(m.exp, stringShard(key, m.exp.shards))));
    const v = Object.prototype.hasOwnProperty.call(shard, key) ? shard[key]! : null;
    return [v && v[0] ? v[0] : [], v && v[1] ? v[1] : []];
  };

  const metaChunks = new Map<number, Promise<LoadedMeta>>();
  const metaChunk = (m: Manifest, i: number): Promise<LoadedMeta> =>
    memo(metaChunks, i, async () => {
      const raw = await json<MetaChunk>(filePath('meta', m.meta[i]![3]));
      const briefingOf = new Int32Array(raw.spk.length);
      let at = 0;
      raw.briefings.forEach((b, k) => {
        for (let j = 0; j < b[2]; j++) briefingOf[at++] = k;
      });
      return { raw, briefingOf, speakersNorm: null };
    });
  const metaIndexOf = (m: Manifest, doc: number): number => {
    let lo = 0;
    let hi = m.meta.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (m.meta[mid]![0] <= doc) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };

  /** The id of the first statement of each statement's briefing (from the filter chunks). */
  const briefingStarts = async (m: Manifest, docs: number[]): Promise<Map<number, number>> => {
    const ids = [...new Set(docs.map((d) => metaIndexOf(m, d)))];
    const chunks = new Map(await Promise.all(ids.map(async (i): Promise<[number, LoadedMeta]> => [i, await metaChunk(m, i)])));
    const out = new Map<number, number>();
    for (const d of docs) {
      const c = chunks.get(metaIndexOf(m, d))!;
      let start = c.raw.first;
      const bi = c.briefingOf[d - c.raw.first]!;
      for (let k = 0; k < bi; k++) start += c.raw.briefings[k]![2];
      out.set(d, start);
    }
    return out;
  };

  const statsChunks = new Map<number, Promise<Uint8Array>>();
  const statsChunk = (m: Manifest, i: number): Promise<Uint8Array> =>
    memo(statsChunks, i, async () => binary(filePath('stats', await shardName(m.stats, i))));
  const textChunk = async (m: Manifest, i: number): Promise<TextChunk> => json<TextChunk>(filePath('text', await shardName(m.text, i)));

  /** Statements whose search form contains `alt.text`, with the spans where it sits as `alt.mode` asks. */
  const matchAlternative = async (m: Manifest, alt: Alternative): Promise<Map<number, TermDocMatch>> => {
    const out = new Map<number, TermDocMatch>();
    const s = alt.text;
    if (s.length === 1) {
      if (alt.mode !== LITERAL) return out;
      const p = (await posting(m, unigramKey(s.charCodeAt(0)))) as UnigramPosting | null;
      if (!p) return out;
      for (let k = 0; k < p.docs.length; k++) out.set(p.docs[k]!, { stat: p.stats[k]!, spans: new Map(), tf: p.counts[k]! * W_CHAR, word: false });
      return out;
    }
    // Bigrams at offsets 0, 2, 4, … and one ending the term: together they spell it exactly.
    const offsets: number[] = [];
    for (let o = 0; o + 2 <= s.length; o += 2) offsets.push(o);
    if (offsets[offsets.length - 1]! + 2 < s.length) offsets.push(s.length - 2);
    const lists = (await Promise.all(offsets.map((o) => posting(m, bigramKey(s.charCodeAt(o), s.charCodeAt(o + 1)))))) as Array<BigramPosting | null>;
    if (lists.some((l) => !l)) return out;
    const covers = lists as BigramPosting[];
    const last = covers.length - 1;
    // Walk the shortest doc list; find each doc in the others.
    let shortest = 0;
    covers.forEach((c, k) => {
      if (c.docs.length < covers[shortest]!.docs.length) shortest = k;
    });
    const cursor = new Int32Array(covers.length);
    const docAt = new Int32Array(covers.length);
    for (const doc of covers[shortest]!.docs) {
      let all = true;
      for (let k = 0; k < covers.length; k++) {
        const c = covers[k]!;
        const j = lowerBound(c.docs, doc, cursor[k]!, c.docs.length);
        cursor[k] = j;
        if (j >= c.docs.length || c.docs[j] !== doc) {
          all = false;
          break;
        }
        docAt[k] = j;
      }
      if (!all) continue;
      const first = covers[0]!;
      const f0 = first.starts[docAt[0]!]!;
      const f1 = first.starts[docAt[0]! + 1]!;
      let match: TermDocMatch | undefined;
      for (let x = f0; x < f1; x++) {
        const v = first.vals[x]!;
        const p = v >>> 2;
        let ok = true;
        let endFlags = v & 3;
        for (let k = 1; k < covers.length && ok; k++) {
          const c = covers[k]!;
          const y = findPosition(c.vals, p + offsets[k]!, c.starts[docAt[k]!]!, c.starts[docAt[k]! + 1]!);
          if (y < 0) ok = false;
          else if (k === last) endFlags = c.vals[y]! & 3;
        }
        if (!ok) continue;
        const atStart = (v & FLAG_START) !== 0;
        const atEnd = (endFlags & FLAG_END) !== 0;
        let weight: number;
        if (alt.mode === WORD) {
          if (!atStart || !atEnd) continue;
          weight = W_EXPANSION;
        } else if (alt.mode === WORD_START) {
          if (!atStart) continue;
          weight = W_EXPANSION;
        } else weight = atStart && atEnd ? W_WORD : atStart ? W_START : atEnd ? W_END : W_INSIDE;
        match ??= { stat: first.stats[docAt[0]!]!, spans: new Map(), tf: 0, word: false };
        match.spans.set(p, [s.length, weight]);
        if (weight >= W_EXPANSION) match.word = true;
      }
      if (match) {
        for (const [, [, w]] of match.spans) match.tf += w;
        out.set(doc, match);
      }
    }
    return out;
  };

  const alternativesOf = async (m: Manifest, term: QueryTerm): Promise<Alternative[]> => {
    const alts: Alternative[] = [{ text: term.text, mode: LITERAL }];
    if (term.phrase) return alts;
    const t = term.text;
    if (t.length >= 3 && t.endsWith('ー') && isKana(t[t.length - 2]!)) alts.push({ text: t.slice(0, -1), mode: LITERAL });
    if (t.length >= 2 && isKana(t[t.length - 1]!)) {
      const [readings, inflections] = await expansionsOf(m, t);
      for (const r of readings) alts.push({ text: r, mode: WORD });
      for (const s of inflections) alts.push({ text: s, mode: WORD_START });
    }
    // A literal alternative already finds anything another alternative finds inside its own matches.
    const seen = new Set<string>();
    return alts.filter((a) => (seen.has(a.text) ? false : (seen.add(a.text), true)));
  };

  const matchTerm = async (m: Manifest, term: QueryTerm): Promise<Map<number, TermDocMatch>> => {
    const alts = await alternativesOf(m, term);
    const results = await Promise.all(alts.map((a) => matchAlternative(m, a)));
    const merged = new Map<number, TermDocMatch>();
    for (const r of results) {
      for (const [doc, match] of r) {
        const into = merged.get(doc);
        if (!into) {
          merged.set(doc, { stat: match.stat, spans: new Map(match.spans), tf: match.tf, word: match.word });
          continue;
        }
        if (match.spans.size === 0) into.tf += match.tf;
        for (const [p, span] of match.spans) {
          const had = into.spans.get(p);
          if (!had) {
            into.spans.set(p, span);
            into.tf += span[1];
          } else if (span[1] > had[1] || (span[1] === had[1] && span[0] > had[0])) {
            into.tf += span[1] - had[1];
            into.spans.set(p, span);
          }
        }
        into.word ||= match.word;
      }
    }
    return merged;
  };

  const search = async (query: string, options: SearchOptions = {}): Promise<SearchResult> => {
    const m = await manifest();
    const terms = parseQuery(query);
    const positive = terms.filter((t) => !t.exclude);
    const negative = terms.filter((t) => t.exclude);
    const roles = options.role === undefined ? null : new Set(Array.isArray(options.role) ? options.role : [options.role]);
    const speaker = options.speaker ? normalize(options.speaker).trim() : '';
    const kind = options.kind ? normalize(options.kind).trim() : '';
    const from = options.from ?? '';
    const to = options.to ?? '';
    const filtered = roles !== null || speaker !== '' || kind !== '' || from !== '' || to !== '';
    if (positive.length === 0 && negative.length === 0 && !filtered) return { total: 0, hits: [], terms };

    const [posMatches, negMatches] = await Promise.all([
      Promise.all(positive.map((t) => matchTerm(m, t))),
      Promise.all(negative.map((t) => matchTerm(m, t))),
    ]);

    // Candidates: statements matching every positive term (or all statements in the date range).
    const chunkInRange = (i: number): boolean => {
      const [, newest, oldest] = m.meta[i]!;
      return !(from && newest < from) && !(to && oldest > to);
    };
    let candidates: number[] = [];
    if (positive.length > 0) {
      const order = posMatches.map((_, k) => k).sort((a, b) => posMatches[a]!.size - posMatches[b]!.size);
      for (const doc of posMatches[order[0]!]!.keys()) {
        if (order.every((k) => posMatches[k]!.has(doc))) candidates.push(doc);
      }
      candidates.sort((a, b) => a - b);
    } else {
      m.meta.forEach(([first], i) => {
        if (!chunkInRange(i)) return;
        const end = i + 1 < m.meta.length ? m.meta[i + 1]![0] : m.docs;
        for (let d = first; d < end; d++) candidates.push(d);
      });
    }
    if (negMatches.length > 0) candidates = candidates.filter((d) => !negMatches.some((n) => n.has(d)));

    // Filter chunks only when a filter needs them: speaker and kind always, a date range only where a
    // chunk straddles its ends (ids run by date, so whole chunks fall inside or outside).
    const needMeta = (i: number): boolean => {
      if (speaker || kind) return true;
      if (!from && !to) return false;
      const [, newest, oldest] = m.meta[i]!;
      return !((!from || oldest >= from) && (!to || newest <= to));
    };
    const metaIds = new Set<number>();
    const statsIds = new Set<number>();
    candidates = candidates.filter((d) => {
      const i = metaIndexOf(m, d);
      if (!chunkInRange(i)) return false;
      if (needMeta(i)) metaIds.add(i);
      // Statements found through postings carry their stats byte; a filters-only query reads s/ chunks.
      if (positive.length === 0) statsIds.add(Math.floor(d / m.stats.per!));
      return true;
    });
    const metas = new Map<number, LoadedMeta>();
    const statsOf = new Map<number, Uint8Array>();
    await Promise.all([
      ...[...metaIds].map(async (i) => metas.set(i, await metaChunk(m, i))),
      ...[...statsIds].map(async (i) => statsOf.set(i, await statsChunk(m, i))),
    ]);

    interface Scored {
      doc: number;
      score: number;
    }
    const scored: Scored[] = [];
    const df = posMatches.map((x) => x.size);
    const idf = df.map((n) => Math.log(1 + (m.docs - n + 0.5) / (n + 0.5)));
    const per = m.stats.per!;
    for (const doc of candidates) {
      const stat = positive.length > 0 ? posMatches[0]!.get(doc)!.stat : statsOf.get(Math.floor(doc / per))![doc % per]!;
      if (roles && !roles.has(statsRole(stat))) continue;
      const mi = metaIndexOf(m, doc);
      const meta = metas.get(mi);
      if (meta) {
        const local = doc - meta.raw.first;
        const b = meta.raw.briefings[meta.briefingOf[local]!]!;
        if (from && b[0] < from) continue;
        if (to && b[0] > to) continue;
        if (kind && normalize(b[1]) !== kind) continue;
        if (speaker) {
          meta.speakersNorm ??= meta.raw.speakers.map((x) => normalize(x));
          if (!meta.speakersNorm[meta.raw.spk[local]!]!.includes(speaker)) continue;
        }
      }
      let words = 0;
      let bm25 = 0;
      const len = statsLength(stat);
      posMatches.forEach((pm, k) => {
        const match = pm.get(doc)!;
        if (match.word) words++;
        bm25 += (idf[k]! * match.tf * (BM25_K1 + 1)) / (match.tf + BM25_K1 * (1 - BM25_B + (BM25_B * len) / (m.avgLen || 1)));
      });
      // Whole-word matches first (京都 in 京都府 before 東京都), then BM25: rarer terms, denser matches.
      scored.push({ doc, score: words + bm25 / (1 + bm25) });
    }

    const sort = options.sort ?? 'score';
    if (sort === 'score') scored.sort((a, b) => b.score - a.score || a.doc - b.doc);
    else if (sort === 'date') scored.sort((a, b) => a.doc - b.doc);
    else {
      // Oldest first, with the statements of a briefing still in order: reverse the briefings, not the turns.
      const startOf = await briefingStarts(m, scored.map((x) => x.doc));
      scored.sort((a, b) => startOf.get(b.doc)! - startOf.get(a.doc)! || a.doc - b.doc);
    }

    const offset = Math.max(0, options.offset ?? 0);
    const limit = options.limit ?? 20;
    const page = limit > 0 ? scored.slice(offset, offset + limit) : scored.slice(offset);

    const hits = await Promise.all(
      page.map(async (s): Promise<SearchHit> => {
        const chunk = await textChunk(m, Math.floor(s.doc / m.text.per!));
        const local = s.doc - chunk.first;
        let bi = 0;
        for (let seen = chunk.briefings[0]![4]; seen <= local; seen += chunk.briefings[++bi]![4]);
        const b = chunk.briefings[bi]!;
        const [turn, order, roleLetter, speakerIdx, topicIdx, sectionIdx, text, headingIndexed] = chunk.docs[local]!;
        const topic = topicIdx >= 0 ? chunk.strings[topicIdx]! : null;
        const spans: Array<[number, number]> = [];
        const chars: string[] = [];
        posMatches.forEach((pm, k) => {
          const match = pm.get(s.doc)!;
          if (match.spans.size === 0) chars.push(positive[k]!.text);
          for (const [p, [len]] of match.spans) spans.push([p, p + len]);
        });
        const slug = b[0];
        return {
          url: `${m.base}briefings/${slug.split('/').map(encodeURIComponent).join('/')}/#${encodeURIComponent(turn)}`,
          briefing: slug,
          turn,
          order,
          title: b[1],
          date: b[2],
          kind: b[3] || null,
          role: ROLE_OF_LETTER[roleLetter] ?? 'moderator',
          speaker: chunk.strings[speakerIdx] ?? '',
          topic,
          section: sectionIdx >= 0 ? chunk.strings[sectionIdx]! : null,
          snippet: snippetOf(text, headingIndexed && topic !== null ? topic : null, spans, chars),
          score: Math.round(s.score * 1e4) / 1e4,
        };
      }),
    );
    return { total: scored.length, hits, terms };
  };

  return {
    search,
    manifest,
    facets: async () => json<Facets>(filePath('facets', (await manifest()).facets)),
  };
}

/**
 * The snippet: up to SNIPPET source characters around the densest group of matches, escaped, matches in
 * <mark>. `spans` are [start, end) in the statement's search form (text, separator, heading); `chars`
 * are single-character terms, whose positions the index does not keep, found here in the text.
 */
export function snippetOf(text: string, heading: string | null, spans: Array<[number, number]>, chars: string[]): string {
  const body = normalizeWithMap(text);
  const n = body.text.length;
  const bodySpans: Array<[number, number]> = [];
  const headSpans: Array<[number, number]> = [];
  for (const [s, e] of spans) {
    if (e <= n) bodySpans.push([s, e]);
    else if (s > n) headSpans.push([s - n - PART_SEPARATOR.length, e - n - PART_SEPARATOR.length]);
  }
  const findChars = (t: string, into: Array<[number, number]>): void => {
    for (const c of chars) for (let i = t.indexOf(c); i >= 0; i = t.indexOf(c, i + 1)) into.push([i, i + c.length]);
  };
  findChars(body.text, bodySpans);
  if (bodySpans.length === 0 && heading !== null) {
    const head = normalizeWithMap(heading);
    findChars(head.text, headSpans);
    if (headSpans.length > 0) return render(heading, head.map, head.text.length, headSpans);
  }
  return render(text, body.map, n, bodySpans);
}

function render(source: string, map: Int32Array, n: number, spans: Array<[number, number]>): string {
  // Normalised spans → source ranges, merged.
  const ranges = spans
    .map(([s, e]): [number, number] => [map[Math.min(s, n)]!, map[Math.min(e, n)]!])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  // The window holding the most matches, a little context before the first.
  let winStart = 0;
  if (merged.length > 0) {
    let best = -1;
    for (const [s] of merged) {
      const from = Math.max(0, s - 20);
      const count = merged.filter(([a, b]) => a >= from && b <= from + SNIPPET).length;
      if (count > best) {
        best = count;
        winStart = from;
      }
    }
  }
  let winEnd = Math.min(source.length, winStart + SNIPPET);
  if (winEnd - winStart < SNIPPET) winStart = Math.max(0, winEnd - SNIPPET);
  // Never cut a surrogate pair or a match.
  if (winStart > 0 && /[\udc00-\udfff]/u.test(source[winStart] ?? '')) winStart--;
  if (/[\udc00-\udfff]/u.test(source[winEnd] ?? '')) winEnd++;
  for (const [s, e] of merged) {
    if (s < winStart && e > winStart) winStart = s;
    if (s < winEnd && e > winEnd) winEnd = e;
  }
  let html = winStart > 0 ? '…' : '';
  let at = winStart;
  const plain = (s: string): string => escapeHtml(s.replace(/\s+/gu, ' '));
  for (const [s, e] of merged) {
    if (e <= winStart || s >= winEnd) continue;
    html += plain(source.slice(at, s));
    html += `<mark>${plain(source.slice(s, e))}</mark>`;
    at = e;
  }
  html += plain(source.slice(at, winEnd));
  if (winEnd < source.length) html += '…';
  return html;
}

/**
 * A loader for the browser: `searchUrl` is where the index lives, e.g. `${import.meta.env.BASE_URL}search/`.
 * The manifest is revalidated on every page load; every other file is content-hashed and immutable.
 */
export function fetchLoader(searchUrl: string): Loader {
  const dir = searchUrl.endsWith('/') ? searchUrl : `${searchUrl}/`;
  const root = new URL(dir, (globalThis as { location?: { href: string } }).location?.href ?? 'http://localhost/');
  return async (p) => {
    const res = await fetch(new URL(p, root), p === MANIFEST ? { cache: 'no-cache' } : {});
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  };
}

