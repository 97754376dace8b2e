/**
 * The index writer (build time, Node): briefings in, the complete index in `<outDir>/search/` out, with
 * work proportional to what changed.
 *
 * The index is a list of segments (Lucene's design): each build adds one segment for the new and changed
 * briefings and marks the old statements of changed and removed briefings deleted; a merge policy keeps
 * the segments few (see planMerges). Segments and the per-briefing record of what was indexed live in the
 * cache directory, checked before use (state.ts); each build copies their packs into the output — bytes
 * of its own, never a link to the cache (docs/deploy.md, "dist/ owns its files").
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { quietly, type DamageReport } from '../../fs/checked.ts';
import { NORMALIZER_VERSION } from '../../japanese/normalize.ts';
import type { Statement } from '../../model/model.ts';
import { normalizeBase } from '../../model/routes.ts';
import { FORMAT_VERSION, type BlockKind } from '../format.ts';
import { ANALYSIS_VERSION } from './analysis.ts';
import { byDateDesc, SegmentBuilder, type BriefingInput, type BuildFigures, type IndexedBriefing } from './build.ts';
import { mergeSegments } from './merge.ts';
import { BLOCK_BYTES, contentName, TEXT_AT_BLOCK_BYTES, DIRECTORY_FANOUT, DIRECTORY_LOOKUP_BYTES, MIN_PACK_BYTES, packTargets, type BlockTargets, type SegmentTargets } from './packer.ts';
import { publishIndex } from './publish.ts';
import { collectGarbage, dropDamagedSegments, liveDocs, markDeleted, readState, writeState, type BriefingState, type IndexState, type SegmentState } from './state.ts';

export type { BriefingInput, IndexedBriefing } from './build.ts';

export interface WriteIndexOptions {
  /** Site base path, e.g. "/" or "/archive/": result URLs are `${base}briefings/<slug>/#<turn>`. */
  base: string;
  /** Tokenization cache and index state; default `node_modules/.cache/kaiken-search/` of this project. */
  cacheDir?: string | undefined;
  /**
   * Where kuromoji's analyses are cached, if not in `cacheDir`: they are content-addressed and written
   * atomically, so a dev server's index may share them with builds while keeping its own state.
   */
  analysisDir?: string | undefined;
  /**
   * Which statements a topic heading is searchable with: the first turn of the topic (default: a match
   * in the heading leads to where the topic starts, once), every turn of it, or none.
   */
  headings?: 'first' | 'all' | 'none';
  /**
   * Files the index may have (default: fileBudgetFor the archive). It sets how big packs are, which is
   * what a query costs on a host that ignores range requests; see docs/search.md for what it trades.
   */
  fileBudget?: number;
  /** Raw block sizes in bytes, instead of BLOCK_BYTES (tests use tiny ones). */
  blockBytes?: Partial<BlockTargets>;
  /** Smallest pack: the last blocks of kinds below it share one (default MIN_PACK_BYTES). */
  packBytes?: number;
  /** Blocks a directory block lists (default DIRECTORY_FANOUT). */
  directoryFanout?: number;
  /** What a lookup through a directory block is worth (default DIRECTORY_LOOKUP_BYTES); 0 nests every list longer than the fanout. */
  directoryLookupBytes?: number;
  /** Tokenizer worker threads (default: one per core; 0 = this thread). */
  workers?: number;
  /** Progress lines for long builds. */
  onProgress?: (message: string) => void;
  /** Postings held in memory before spilling to temporary files (bytes). */
  spoolBytes?: number;
  /** Told of each damaged cache entry (state, pack, analysis) once it has been rebuilt (src/fs/checked.ts damageWarnings). */
  onDamage?: DamageReport;
  /**
   * The previous build's published index (`dist/search/`): a pack of it that is no cache file and holds
   * the right bytes is linked from there instead of copied from the cache (publish.ts placePack).
   */
  reuse?: string | undefined;
  /**
   * The briefings' text will be handed in as where it is published (IndexedBriefing.text), not as text:
   * how big text blocks are expected to be, for the split of the file budget.
   */
  textPublished?: boolean;
}

export interface WriteIndexSummary {
  files: number;
  bytes: number;
  ms: number;
  statements: number;
  briefings: number;
  /** Briefings given that were new or changed (their statements were read), and unchanged ones. */
  changed: number;
  unchanged: number;
  /** Of the changed: analysed with kuromoji in this run, and taken from the analysis cache. */
  analysed: number;
  cached: number;
  /** Wall time of the tokenization, and the characters it tokenized. */
  analysisMs: number;
  analysedChars: number;
  /** Analysis cache keys computed (one per new or changed briefing). */
  keys: number;
  segments: number;
  /** Segments written by merges in this run, and the statements they rewrote. */
  merged: number;
  mergedStatements: number;
  /** Time taken to check every pack of the cache against its content hash (state.ts dropDamagedSegments), and the briefings whose segment failed it. */
  checkMs: number;
  dropped: number;
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_CACHE_DIR = path.resolve(here, '../../../node_modules/.cache/kaiken-search');
/**
 * The default file budget: what a static host's file limit leaves to the index (Cloudflare Pages' free
 * plan: 20,000 files a site) after a page and a JSON export per briefing and a reserve for the rest of the
 * site, but never fewer than MIN_FILE_BUDGET. Fewer files mean bigger ones, and a query downloads whole
 * files: a small archive gets small files, a 10,000-briefing one ~1,500 files.
 */
const SITE_FILE_LIMIT = 20_000;
const SITE_FILES_PER_BRIEFING = 2;
const SITE_FILES_RESERVED = 500;
const MIN_FILE_BUDGET = 1500;
export function fileBudgetFor(briefings: number): number {
  return Math.max(MIN_FILE_BUDGET, SITE_FILE_LIMIT - SITE_FILES_RESERVED - SITE_FILES_PER_BRIEFING * briefings);
}

/**
 * Merge policy: segments oldest first, each at least MERGE_RATIO times the size of the next, and at most
 * MAX_SEGMENTS of them (each costs a request per query term). A segment more than MAX_DELETED_SHARE
 * deleted is merged too. A build then rewrites at most ~1/MERGE_RATIO² of the index on top of the new
 * segment, and the whole index once per ~1/MERGE_RATIO of it changed.
 */
const MERGE_RATIO = 8;
const MAX_SEGMENTS = 3;
const MAX_DELETED_SHARE = 0.5;

/**
 * Stored bytes of each kind of block per briefing, measured on the synthetic bench corpus (7.8 k
 * characters a briefing, 1,000 briefings): a fresh index's pack sizes are planned from these, a later
 * one's from what the index holds. Text blocks without the text (it is published) are ~800.
 */
const BYTES_PER_BRIEFING: Partial<Record<BlockKind, number>> = { gram: 7_000, heavy: 4_400, head: 150, part: 13_700, words: 3_800, text: 11_000, speakers: 20, stats: 10, briefings: 2, directory: 40 };
const TEXT_AT_BYTES_PER_BRIEFING = 800;

/**
 * Memory the postings of a segment being written may take before they spill to temporary files (their
 * buffers' capacity). 64 MB: a cold build of 10,000 briefings spills a few times; the build's memory,
 * tokenizer threads included, stays within 1 GB at 1,000 briefings.
 */
const SPOOL_BYTES = 64 * 1024 * 1024;

/** Which adjacent segments to merge (indexes of the first of each pair), applied one at a time. */
export function planMerge(sizes: Array<{ live: number; docs: number }>): number | null {
  const n = sizes.length;
  for (let i = 0; i < n; i++) if (sizes[i]!.live < sizes[i]!.docs * (1 - MAX_DELETED_SHARE) && n > 1) return Math.min(i, n - 2);
  for (let i = n - 1; i >= 1; i--) if (sizes[i - 1]!.live < MERGE_RATIO * sizes[i]!.live) return i - 1;
  return n > MAX_SEGMENTS ? n - 2 : null;
}

/** Pack sizes per kind for the file budget, from the stored bytes so far and those expected of `incoming` briefings. */
function packTargetsFor(state: IndexState, incoming: number, fileBudget: number, textPublished: boolean): Record<BlockKind, number> {
  const bytes: Partial<Record<BlockKind, number>> = {};
  let briefings = 0;
  for (const s of state.segments) {
    briefings += s.briefings.length;
    for (const [k, v] of Object.entries(s.bytes) as Array<[BlockKind, number]>) bytes[k] = (bytes[k] ?? 0) + v;
  }
  const perBriefing = { ...BYTES_PER_BRIEFING, ...(textPublished ? { text: TEXT_AT_BYTES_PER_BRIEFING } : {}) };
  for (const [k, per] of Object.entries(perBriefing) as Array<[BlockKind, number]>) {
    const measured = briefings > 0 ? (bytes[k] ?? 0) / briefings : per;
    bytes[k] = (bytes[k] ?? 0) + measured * incoming;
  }
  return packTargets(bytes, fileBudget);
}

/** A briefing as the index plans it: what tells whether it changed, without its statements. */
export type BriefingMeta = Omit<BriefingInput, 'statements'>;

/** A briefing whose statements may take a read (the archive's cache, which may parse a damaged entry again). */
export type BriefingSource = BriefingMeta & { statements: () => Statement[] | Promise<Statement[]> };

/** A write of the index under way: the briefings it needs are handed in one at a time (`add`), in `changed` order. */
export interface IndexWrite {
  /** New or changed briefings (their statements are needed), newest first: the order `add` takes them in. */
  readonly changed: readonly BriefingMeta[];
  add(briefing: IndexedBriefing): Promise<void>;
  /** Write the segment, merge, and publish the complete index into `<outDir>/search/`. */
  finish(): Promise<WriteIndexSummary>;
}

/**
 * Brings the index state in `cacheDir` up to date with `briefings` and writes the complete index into
 * `<outDir>/search/`. Unchanged briefings (same slug and hash) are neither read nor re-encoded, except
 * when the merge policy rewrites their segment. Each changed briefing's `statements()` is called once.
 */
export async function writeIndex(briefings: Iterable<BriefingSource>, outDir: string, opts: WriteIndexOptions): Promise<WriteIndexSummary> {
  const inputs = new Map<string, BriefingSource>();
  const metas: BriefingMeta[] = [];
  for (const b of briefings) {
    if (!inputs.has(b.slug)) inputs.set(b.slug, b);
    metas.push(b);
  }
  const write = beginIndexWrite(metas, outDir, opts);
  for (const b of write.changed) await write.add({ ...b, statements: await inputs.get(b.slug)!.statements() });
  return write.finish();
}

/** The first half of writeIndex: which briefings changed; their statements are handed in by the caller. */
export function beginIndexWrite(briefings: Iterable<BriefingMeta>, outDir: string, opts: WriteIndexOptions): IndexWrite {
  const started = performance.now();
  const cacheDir = opts.cacheDir ?? DEFAULT_CACHE_DIR;
  const headings = opts.headings ?? 'first';
  const stateDir = path.join(cacheDir, 'index');
  const packDir = path.join(stateDir, 'packs');
  const report = opts.onDamage ?? quietly;
  const state = readState(stateDir, `${FORMAT_VERSION}.${ANALYSIS_VERSION}.${NORMALIZER_VERSION}.${headings}`, report);
  mkdirSync(packDir, { recursive: true });
  const checkStarted = performance.now();
  const dropped = dropDamagedSegments(state, packDir, report);
  const checkMs = Math.round(performance.now() - checkStarted);
  const { changed, seen } = changesOf(state, briefings);
  const targets: SegmentTargets = {
    ...BLOCK_BYTES,
    ...opts.blockBytes,
    textAt: opts.blockBytes?.text ?? TEXT_AT_BLOCK_BYTES,
    packs: packTargetsFor(state, changed.length, opts.fileBudget ?? fileBudgetFor(seen), opts.textPublished ?? false),
    pack: opts.packBytes ?? MIN_PACK_BYTES,
    fanout: opts.directoryFanout ?? DIRECTORY_FANOUT,
    lookup: opts.directoryLookupBytes ?? DIRECTORY_LOOKUP_BYTES,
  };
  const builder =
    changed.length > 0
      ? new SegmentBuilder(
          {
            analysisDir: opts.analysisDir ?? path.join(cacheDir, 'analysis'),
            packDir,
            targets,
            headings,
            workers: opts.workers,
            spoolBytes: opts.spoolBytes ?? SPOOL_BYTES,
            onProgress: opts.onProgress,
            report,
            // What the segment is made of and how it is cut: a segment from other briefings or other targets has another salt.
            salt: contentName(JSON.stringify([FORMAT_VERSION, headings, targets, changed.map((b) => [b.slug, b.hash])])),
          },
          changed.length,
        )
      : null;
  let next = 0;
  return {
    changed,
    async add(briefing) {
      if (changed[next]?.slug !== briefing.slug) throw new Error(`the index expected ${changed[next]?.slug ?? 'no more briefings'}, not ${briefing.slug}`);
      next++;
      await builder!.add(briefing);
    },
    async finish() {
      if (next < changed.length) throw new Error(`the index was given ${next} of its ${changed.length} new or changed briefings`);
      let figures: BuildFigures = { analysed: 0, cached: 0, analysisMs: 0, analysedChars: 0, keys: 0 };
      if (builder) {
        const built = await builder.finish();
        figures = built.figures;
        if (built.segment.docs > 0) state.segments.push(built.segment);
      }
      const merges = mergeAsNeeded(state, packDir, targets);
      writeState(stateDir, state);
      collectGarbage(packDir, state);
      const out = publishIndex(state, packDir, path.join(outDir, 'search'), normalizeBase(opts.base), opts.reuse);
      return { ...out, ms: Math.round(performance.now() - started), changed: changed.length, unchanged: seen - changed.length, ...figures, segments: state.segments.length, ...merges, checkMs, dropped };
    },
  };
}

/** Marks the old statements of changed and removed briefings deleted; the new and changed ones, newest first. */
function changesOf(state: IndexState, briefings: Iterable<BriefingMeta>): { changed: BriefingMeta[]; seen: number } {
  const known = new Map<string, [SegmentState, BriefingState]>();
  for (const s of state.segments) for (const b of s.briefings) known.set(b.slug, [s, b]);
  const changed: BriefingMeta[] = [];
  const seen = new Set<string>();
  for (const b of briefings) {
    if (seen.has(b.slug)) throw new Error(`two briefings share the slug ${b.slug}`);
    seen.add(b.slug);
    const k = known.get(b.slug);
    if (k && k[1].hash === b.hash) continue;
    if (k) markDeleted(k[0], k[1]);
    changed.push(b);
  }
  for (const [slug, [s, b]] of known) if (!seen.has(slug)) markDeleted(s, b);
  return { changed: changed.sort(byDateDesc), seen: seen.size };
}

/** Applies the merge policy until it asks for nothing more. */
function mergeAsNeeded(state: IndexState, packDir: string, targets: SegmentTargets): { merged: number; mergedStatements: number } {
  state.segments = state.segments.filter((s) => liveDocs(s) > 0);
  let merged = 0;
  let mergedStatements = 0;
  for (let at = planMerge(sizes(state)); at !== null; at = planMerge(sizes(state))) {
    const pair = state.segments.slice(at, at + 2);
    const segment = mergeSegments(pair, packDir, targets);
    state.segments.splice(at, 2, segment);
    merged++;
    mergedStatements += segment.docs;
  }
  return { merged, mergedStatements };
}

function sizes(state: IndexState): Array<{ live: number; docs: number }> {
  return state.segments.map((s) => ({ live: liveDocs(s), docs: s.docs }));
}

/**
 * For the dev server: rewrites the index into a directory of its choosing after transcripts change,
 * one write at a time (a save during a write is picked up by the next). Each write costs the changed
 * briefings' segment, not the archive.
 */
export function createSearchIndexer(opts: WriteIndexOptions): { write(briefings: Iterable<BriefingSource>, outDir: string): Promise<WriteIndexSummary> } {
  let queue: Promise<unknown> = Promise.resolve();
  return {
    write(briefings, outDir) {
      const list = [...briefings];
      const run = queue.then(() => writeIndex(list, outDir, opts));
      queue = run.catch(() => {});
      return run;
    },
  };
}
