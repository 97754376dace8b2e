/**
 * The index writer (build time, Node): statements in, `<outDir>/search/` out.
 *
 * Memory stays bounded at archive scale (10 000 briefings, ~80 M characters): postings are spooled
 * per shard as varint records and spilled to temporary files past `spoolBytes`, then each shard is
 * assembled on its own; metadata and text chunks are written as soon as they fill.
 *
 * kuromoji runs only for briefings whose statements changed since the last build: the analysis of a
 * briefing (word boundaries and expansion entries) is cached under the SHA-256 of its statements.
 */
import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { foldKana, normalizeForAnalysis, NORMALIZER_VERSION } from '../japanese/normalize.ts';
import { analyseAll, analyseBriefing, type AnalysisPart } from './analyse.ts';
import type { Statement } from '../transcript/model.ts';
import { ANALYSIS_VERSION, type ExpansionEntry } from './analysis.ts';
import {
  bigramKey,
  ByteReader,
  ByteWriter,
  dirOf,
  FORMAT_VERSION,
  filePath,
  gramShard,
  HASH_CHARS,
  MANIFEST,
  PART_SEPARATOR,
  ROLE_LETTER,
  ROLES,
  SHARDS_PER_DIR,
  statsByte,
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

export interface WriteIndexOptions {
  /** Site base path, e.g. "/" or "/archive/": result URLs are `${base}briefings/<slug>/#<turn>`. */
  base: string;
  /** Tokenization cache; default `node_modules/.cache/kaiken-search/` of this project. */
  cacheDir?: string;
  /**
   * Which statements a topic heading is searchable with: the first turn of the topic (default: a match
   * in the heading leads to where the topic starts, once), every turn of it, or none.
   */
  headings?: 'first' | 'all' | 'none';
  /** Target size of a gram shard (bytes). */
  gramShardBytes?: number;
  /** Statements per text chunk (what a result shows; a page of results fetches one chunk per hit at most). */
  textChunkDocs?: number;
  /** Statements per stats chunk (one byte each). */
  statsChunkDocs?: number;
  /** Statements per filter chunk (a chunk always holds whole briefings). */
  metaChunkDocs?: number;
  /** Target size of an expansion shard (bytes). */
  expShardBytes?: number;
  /** Tokenizer worker threads (default: one per core; 0 = this thread). */
  workers?: number;
  /** Progress lines for long builds. */
  onProgress?: (message: string) => void;
  /** Postings held in memory before spilling to temporary files (bytes). */
  spoolBytes?: number;
}

export interface WriteIndexSummary {
  files: number;
  bytes: number;
  ms: number;
  statements: number;
  briefings: number;
  /** Briefings analysed with kuromoji in this run, and briefings whose analysis came from the cache. */
  analysed: number;
  cached: number;
  /** Wall time of the tokenization phase, and the characters it tokenized. */
  analysisMs: number;
  analysedChars: number;
  gramShards: number;
  expShards: number;
  metaChunks: number;
  textChunks: number;
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_CACHE_DIR = path.resolve(here, '../../node_modules/.cache/kaiken-search');

/** One briefing's cached analysis: per statement, word boundaries as deltas; expansion entries. */
interface CachedAnalysis {
  v: string;
  docs: number[][];
  exp: ExpansionEntry[];
}

const CACHE_VERSION = `${ANALYSIS_VERSION}.${NORMALIZER_VERSION}`;

function hashName(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('base64url').slice(0, HASH_CHARS);
}

function normalBase(base: string): string {
  let b = base.trim() || '/';
  if (!b.startsWith('/')) b = '/' + b;
  if (!b.endsWith('/')) b += '/';
  return b;
}

function partsOf(list: Statement[], headings: Array<string | null>): AnalysisPart[] {
  return list.map((s, i) => ({
    body: normalizeForAnalysis(s.text).text,
    heading: headings[i] ? normalizeForAnalysis(headings[i]!).text : null,
  }));
}

/** The analysis of a briefing depends only on its statements' text and indexed headings. */
function cacheEntry(cacheDir: string, list: Statement[], headings: Array<string | null>): { file: string } {
  const key = createHash('sha256')
    .update(JSON.stringify([CACHE_VERSION, list.map((s, i) => [s.text, headings[i]])]))
    .digest('hex');
  return { file: path.join(cacheDir, `${key}.json`) };
}

function readCached(file: string, statements: number): CachedAnalysis | null {
  if (!existsSync(file)) return null;
  try {
    const c = JSON.parse(readFileSync(file, 'utf8')) as CachedAnalysis;
    return c.v === CACHE_VERSION && c.docs.length === statements ? c : null;
  } catch {
    return null;
  }
}

/** Postings spooled per shard as records: key, doc, stats byte, n, then n values (positions × 4 + flags) or nothing. */
class GramSpool {
  readonly shards: ByteWriter[];
  private buffered = 0;
  private spillDir: string | null = null;
  private readonly limit: number;
  constructor(count: number, limit: number) {
    this.shards = Array.from({ length: count }, () => new ByteWriter(256));
    this.limit = limit;
  }
  addBigram(key: number, doc: number, stat: number, values: number[]): void {
    const w = this.shards[gramShard(key, this.shards.length)]!;
    const before = w.length;
    w.uint(key);
    w.uint(doc);
    w.uint(stat);
    w.uint(values.length);
    for (const v of values) w.uint(v);
    this.grow(w.length - before);
  }
  addUnigram(key: number, doc: number, stat: number, count: number): void {
    const w = this.shards[gramShard(key, this.shards.length)]!;
    const before = w.length;
    w.uint(key);
    w.uint(doc);
    w.uint(stat);
    w.uint(count);
    this.grow(w.length - before);
  }
  private grow(n: number): void {
    this.buffered += n;
    if (this.buffered > this.limit) this.spill();
  }
  private spill(): void {
    this.spillDir ??= path.join(tmpdir(), `kaiken-search-${randomBytes(6).toString('hex')}`);
    mkdirSync(this.spillDir, { recursive: true });
    this.shards.forEach((w, i) => {
      if (w.length === 0) return;
      appendFileSync(path.join(this.spillDir!, `${i}`), w.finish());
      w.length = 0;
    });
    this.buffered = 0;
  }
  /** Everything spooled for shard `i`, in the order it was added. */
  take(i: number): Uint8Array {
    const mem = this.shards[i]!.finish();
    const file = this.spillDir ? path.join(this.spillDir, `${i}`) : null;
    if (!file || !existsSync(file)) return mem;
    const disk = readFileSync(file);
    const all = new Uint8Array(disk.length + mem.length);
    all.set(disk, 0);
    all.set(mem, disk.length);
    return all;
  }
  dispose(): void {
    if (this.spillDir) rmSync(this.spillDir, { recursive: true, force: true });
  }
}

/**
 * Turn one shard's spooled records into the shard file (see format.ts for the layout). A gram whose
 * postings exceed `heavyBytes` gets a file of its own, so a query for a rare gram does not download the
 * postings of a frequent one that hashed to the same shard.
 */
function assembleGramShard(records: Uint8Array, heavyBytes: number, writeHeavy: (block: Uint8Array) => string): Uint8Array {
  const lists = new Map<number, { w: ByteWriter; docs: number; lastDoc: number }>();
  const r = new ByteReader(records);
  while (r.pos < records.length) {
    const key = r.uint();
    const doc = r.uint();
    const stat = r.uint();
    const n = r.uint();
    let list = lists.get(key);
    if (!list) {
      list = { w: new ByteWriter(32), docs: 0, lastDoc: 0 };
      lists.set(key, list);
    }
    // n is a position count (bigram) or a character count (unigram); ≥ 1 either way.
    list.w.uint((doc - list.lastDoc) * 2 + (n > 1 ? 1 : 0));
    list.w.byte(stat);
    if (n > 1) list.w.uint(n - 2);
    list.lastDoc = doc;
    list.docs++;
    if (key >= 0x10000) {
      let prev = 0;
      for (let k = 0; k < n; k++) {
        const v = r.uint();
        const p = v >>> 2;
        list.w.uint((p - prev) * 4 + (v & 3));
        prev = p;
      }
    }
  }
  const keys = [...lists.keys()].sort((a, b) => a - b);
  const blocks: Uint8Array[] = [];
  const head = new ByteWriter(keys.length * 6 + 8);
  head.uint(keys.length);
  let prevKey = 0;
  for (const key of keys) {
    const list = lists.get(key)!;
    const block = new ByteWriter(list.w.length + 4);
    block.uint(list.docs);
    block.bytes(list.w.finish());
    let bytes = block.finish();
    const heavy = bytes.length > heavyBytes;
    if (heavy) bytes = new TextEncoder().encode(writeHeavy(bytes));
    blocks.push(bytes);
    head.uint(key - prevKey);
    head.uint(bytes.length * 2 + (heavy ? 1 : 0));
    prevKey = key;
  }
  for (const b of blocks) head.bytes(b);
  return head.finish();
}

interface BriefingGroup {
  slug: string;
  statements: Statement[];
}

/** Newest briefing first, so ties in ranking (lower document id first) read newest first. */
function groupBriefings(statements: Statement[]): BriefingGroup[] {
  const by = new Map<string, Statement[]>();
  for (const s of statements) {
    let list = by.get(s.briefing);
    if (!list) by.set(s.briefing, (list = []));
    list.push(s);
  }
  const groups = [...by].map(([slug, list]) => ({ slug, statements: list.sort((a, b) => a.order - b.order) }));
  return groups.sort((a, b) => {
    const da = a.statements[0]!.date;
    const db = b.statements[0]!.date;
    return da < db ? 1 : da > db ? -1 : a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0;
  });
}

/** The topic heading searchable with each statement (see WriteIndexOptions.headings). */
function indexedHeadings(list: Statement[], mode: 'first' | 'all' | 'none'): Array<string | null> {
  return list.map((s, i) => {
    if (mode === 'none' || !s.topic) return null;
    if (mode === 'all') return s.topic;
    const prev = list[i - 1];
    return prev && prev.topic === s.topic && prev.section === s.section ? null : s.topic;
  });
}

export async function writeIndex(statements: Statement[], outDir: string, opts: WriteIndexOptions): Promise<WriteIndexSummary> {
  const started = performance.now();
  const base = normalBase(opts.base);
  const cacheDir = opts.cacheDir ?? DEFAULT_CACHE_DIR;
  const headingMode = opts.headings ?? 'first';
  const gramShardBytes = opts.gramShardBytes ?? 16 * 1024;
  const textChunkDocs = opts.textChunkDocs ?? 4;
  const statsChunkDocs = opts.statsChunkDocs ?? 16 * 1024;
  const metaChunkDocs = opts.metaChunkDocs ?? 4096;
  const expShardBytes = opts.expShardBytes ?? 8 * 1024;
  const searchDir = path.join(outDir, 'search');

  // Remove only what an earlier index wrote: the site may have pages of its own under search/ (a search page).
  for (const sub of [...Object.values(dirOf), MANIFEST]) rmSync(path.join(searchDir, sub), { recursive: true, force: true });
  mkdirSync(searchDir, { recursive: true });
  mkdirSync(cacheDir, { recursive: true });

  let files = 0;
  let bytes = 0;
  const written = new Set<string>();
  const writeFile = (kind: Parameters<typeof filePath>[0], data: Uint8Array | string): string => {
    const name = hashName(data);
    const rel = filePath(kind, name);
    if (!written.has(rel)) {
      written.add(rel);
      mkdirSync(path.join(searchDir, path.dirname(rel)), { recursive: true });
      writeFileSync(path.join(searchDir, rel), data);
      files++;
      bytes += typeof data === 'string' ? Buffer.byteLength(data) : data.length;
    }
    return name;
  };

  const groups = groupBriefings(statements);
  // Postings take about 3.3 bytes per character on a large corpus (measured on 14 M characters) and
  // more on a small one, where most bigrams occur once; a frequent bigram leaves its shard for a file of
  // its own, so 4 keeps the light shards near the target either way.
  const totalChars = statements.reduce((n, s) => n + s.text.length + (s.topic?.length ?? 0), 0);
  const gramShards = Math.max(1, Math.ceil((totalChars * 4) / gramShardBytes));
  const spool = new GramSpool(gramShards, opts.spoolBytes ?? 128 * 1024 * 1024);

  const expansions = new Map<string, [Map<string, number>, Map<string, number>]>();
  const facetKinds = new Map<string, number>();
  const facetSpeakers = new Map<string, { role: IndexRole; n: number }>();
  const metaEntries: Manifest['meta'] = [];
  let analysed = 0;
  let cached = 0;
  let totalLen = 0;
  let doc = 0;

  // Filter chunk being filled (whole briefings).
  let meta: MetaChunk = { first: 0, briefings: [], speakers: [], spk: [] };
  let metaSpeakers = new Map<string, number>();
  let metaNewest = '';
  let metaOldest = '';
  const flushMeta = (): void => {
    if (meta.spk.length === 0) return;
    metaEntries.push([meta.first, metaNewest, metaOldest, writeFile('meta', JSON.stringify(meta))]);
    meta = { first: doc, briefings: [], speakers: [], spk: [] };
    metaSpeakers = new Map();
    metaNewest = metaOldest = '';
  };

  // Text chunks hold a fixed number of statements, so the engine finds a statement's chunk by arithmetic.
  let textNames = '';
  let text: TextChunk = { first: 0, briefings: [], strings: [], docs: [] };
  let textStrings = new Map<string, number>();
  const stringIndex = (t: string | null): number => {
    if (t === null) return -1;
    let i = textStrings.get(t);
    if (i === undefined) {
      i = text.strings.length;
      text.strings.push(t);
      textStrings.set(t, i);
    }
    return i;
  };
  const flushText = (): void => {
    if (text.docs.length === 0) return;
    textNames += writeFile('text', JSON.stringify(text));
    text = { first: doc, briefings: [], strings: [], docs: [] };
    textStrings = new Map();
  };

  let statsNames = '';
  const stats = new Uint8Array(statsChunkDocs);
  let statsFill = 0;
  const flushStats = (): void => {
    if (statsFill === 0) return;
    statsNames += writeFile('stats', stats.slice(0, statsFill));
    statsFill = 0;
  };

  // kuromoji only for briefings the cache does not have, on every core, before the index is assembled.
  const analysisStarted = performance.now();
  const missing: Array<{ file: string; parts: AnalysisPart[] }> = [];
  for (const g of groups) {
    const headings = indexedHeadings(g.statements, headingMode);
    const { file } = cacheEntry(cacheDir, g.statements, headings);
    // Existence only: the main loop reads (and, if damaged, redoes) each cached analysis once.
    if (existsSync(file)) {
      cached++;
      continue;
    }
    missing.push({ file, parts: partsOf(g.statements, headings) });
  }
  analysed = missing.length;
  const analysedChars = missing.reduce((n, m) => n + m.parts.reduce((k, p) => k + p.body.length + (p.heading?.length ?? 0), 0), 0);
  let done = 0;
  await analyseAll(
    missing.map((m) => m.parts),
    {
      ...(opts.workers !== undefined ? { workers: opts.workers } : {}),
      onResult: (i, a) => {
        writeFileSync(missing[i]!.file, JSON.stringify({ v: CACHE_VERSION, ...a } satisfies CachedAnalysis));
        missing[i]!.parts = [];
        done++;
        if (opts.onProgress && (done % 100 === 0 || done === missing.length)) {
          const s = (performance.now() - analysisStarted) / 1000;
          opts.onProgress(`tokenized ${done}/${missing.length} briefings (${Math.round(analysedChars / missing.length * done / s)} chars/s)`);
        }
      },
    },
  );
  const analysisMs = performance.now() - analysisStarted;

  try {
    for (const g of groups) {
      const list = g.statements;
      const headings = indexedHeadings(list, headingMode);
      const parts = partsOf(list, headings);

      const { file: cacheFile } = cacheEntry(cacheDir, list, headings);
      let analysis = readCached(cacheFile, list.length);
      if (!analysis) {
        analysis = { v: CACHE_VERSION, ...(await analyseBriefing(parts)) };
        writeFileSync(cacheFile, JSON.stringify(analysis));
      }

      for (const [key, surface, kind] of analysis.exp) {
        let e = expansions.get(key);
        if (!e) expansions.set(key, (e = [new Map(), new Map()]));
        e[kind].set(surface, (e[kind].get(surface) ?? 0) + 1);
      }

      if (meta.spk.length >= metaChunkDocs) flushMeta();
      const first = list[0]!;
      const kind = first.kind ?? '';
      meta.briefings.push([first.date, kind, list.length]);
      if (!metaNewest || first.date > metaNewest) metaNewest = first.date;
      if (!metaOldest || first.date < metaOldest) metaOldest = first.date;
      if (kind) facetKinds.set(kind, (facetKinds.get(kind) ?? 0) + 1);

      list.forEach((s, i) => {
        const p = parts[i]!;
        const norm = foldKana(p.heading === null ? p.body : p.body + PART_SEPARATOR + p.heading);
        const isBoundary = new Uint8Array(norm.length + 1);
        let at = 0;
        for (const d of analysis!.docs[i]!) {
          at += d;
          if (at <= norm.length) isBoundary[at] = 1;
        }
        const role: IndexRole = (ROLES as readonly string[]).includes(s.role) ? (s.role as IndexRole) : 'moderator';
        const stat = statsByte(role, norm.length);
        indexGrams(spool, doc, stat, norm, isBoundary);

        let spk = metaSpeakers.get(s.speaker);
        if (spk === undefined) {
          spk = meta.speakers.length;
          meta.speakers.push(s.speaker);
          metaSpeakers.set(s.speaker, spk);
        }
        meta.spk.push(spk);
        totalLen += norm.length;
        const fs = facetSpeakers.get(s.speaker);
        if (fs) fs.n++;
        else facetSpeakers.set(s.speaker, { role, n: 1 });

        stats[statsFill++] = stat;
        if (statsFill === statsChunkDocs) flushStats();

        const lastB = text.briefings[text.briefings.length - 1];
        if (lastB && lastB[0] === g.slug) lastB[4]++;
        else text.briefings.push([g.slug, s.title, s.date, kind, 1]);
        text.docs.push([s.turn, s.order, ROLE_LETTER[role], stringIndex(s.speaker), stringIndex(s.topic), stringIndex(s.section), s.text, p.heading === null ? 0 : 1]);
        doc++;
        if (text.docs.length === textChunkDocs) flushText();
      });
    }
    flushMeta();
    flushText();
    flushStats();

    // Shards are listed inline in the manifest while few, else through d/ files, so that the manifest
    // every query loads first stays small at any archive size.
    const shardList = (names: string, shards: number, per?: number): ShardList => {
      const list: ShardList = { shards };
      if (per !== undefined) list.per = per;
      if (shards <= SHARDS_PER_DIR) list.names = names;
      else {
        list.dirs = [];
        const step = SHARDS_PER_DIR * HASH_CHARS;
        for (let i = 0; i < names.length; i += step) list.dirs.push(writeFile('dir', JSON.stringify(names.slice(i, i + step))));
      }
      return list;
    };
    let names = '';
    const heavyBytes = Math.max(256, gramShardBytes / 4);
    for (let i = 0; i < gramShards; i++) {
      names += writeFile('gram', assembleGramShard(spool.take(i), heavyBytes, (block) => writeFile('gram', block)));
    }
    const gram = shardList(names, gramShards);
    const expShards = writeExpansions(expansions, expShardBytes, writeFile);

    const facets: Facets = {
      kinds: [...facetKinds].sort((a, b) => b[1] - a[1]),
      speakers: [...facetSpeakers]
        .map(([name, v]): [string, IndexRole, number] => [name, v.role, v.n])
        .sort((a, b) => b[2] - a[2])
        .slice(0, 2000),
      from: groups.length ? groups[groups.length - 1]!.statements[0]!.date : '',
      to: groups.length ? groups[0]!.statements[0]!.date : '',
    };

    const manifest: Manifest = {
      format: FORMAT_VERSION,
      base,
      built: new Date().toISOString(),
      docs: doc,
      avgLen: doc ? totalLen / doc : 0,
      briefings: groups.length,
      gram,
      exp: shardList(expShards.names, expShards.count),
      stats: shardList(statsNames, statsNames.length / HASH_CHARS, statsChunkDocs),
      text: shardList(textNames, textNames.length / HASH_CHARS, textChunkDocs),
      meta: metaEntries,
      facets: writeFile('facets', JSON.stringify(facets)),
    };
    const manifestJson = JSON.stringify(manifest);
    writeFileSync(path.join(searchDir, MANIFEST), manifestJson);
    files++;
    bytes += Buffer.byteLength(manifestJson);

    return {
      files,
      bytes,
      ms: Math.round(performance.now() - started),
      statements: doc,
      briefings: groups.length,
      analysed,
      cached,
      analysisMs,
      analysedChars,
      gramShards,
      expShards: expShards.count,
      metaChunks: metaEntries.length,
      textChunks: textNames.length / HASH_CHARS,
    };
  } finally {
    spool.dispose();
  }
}

/** Bigram postings with word-boundary flags, and single-character counts, of one statement. */
function indexGrams(spool: GramSpool, doc: number, stat: number, norm: string, isBoundary: Uint8Array): void {
  const sep = PART_SEPARATOR.charCodeAt(0);
  const bigrams = new Map<number, number[]>();
  const unigrams = new Map<number, number>();
  const n = norm.length;
  for (let p = 0; p < n; p++) {
    const c1 = norm.charCodeAt(p);
    if (c1 === sep) continue;
    if (c1 !== 0x20) unigrams.set(c1, (unigrams.get(c1) ?? 0) + 1);
    if (p + 1 >= n) continue;
    const c2 = norm.charCodeAt(p + 1);
    if (c2 === sep) continue;
    const key = bigramKey(c1, c2);
    const flags = (isBoundary[p] ? 1 : 0) | (isBoundary[p + 2] ? 2 : 0);
    let list = bigrams.get(key);
    if (!list) bigrams.set(key, (list = []));
    list.push(p * 4 + flags);
  }
  for (const [key, values] of bigrams) spool.addBigram(key, doc, stat, values);
  for (const [c, count] of unigrams) spool.addUnigram(unigramKey(c), doc, stat, count);
}

/** Most expansions a key keeps per kind: a query turns each into postings to fetch. */
const MAX_EXPANSIONS = 24;

function writeExpansions(
  expansions: Map<string, [Map<string, number>, Map<string, number>]>,
  targetBytes: number,
  writeFile: (kind: 'exp', data: string) => string,
): { count: number; names: string } {
  const pick = (m: Map<string, number>, prefixPrune: boolean): string[] | 0 => {
    let list = [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([s]) => s);
    // A word-start match of 報告す already finds every 報告する.
    if (prefixPrune) list = list.filter((s) => !list.some((t) => t !== s && s.startsWith(t)));
    list = list.slice(0, MAX_EXPANSIONS);
    return list.length ? list : 0;
  };
  const entries: Array<[string, [string[] | 0, string[] | 0]]> = [];
  let total = 0;
  for (const [key, [reading, inflection]] of expansions) {
    const value: [string[] | 0, string[] | 0] = [pick(reading, false), pick(inflection, true)];
    entries.push([key, value]);
    total += (key.length + JSON.stringify(value).length) * 2;
  }
  const count = Math.max(1, Math.ceil(total / targetBytes));
  const shards: ExpansionShard[] = Array.from({ length: count }, () => ({}));
  for (const [key, value] of entries) shards[stringShard(key, count)]![key] = value;
  let names = '';
  for (const s of shards) names += writeFile('exp', JSON.stringify(s));
  return { count, names };
}
