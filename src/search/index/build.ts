/**
 * A fresh segment from new or changed briefings: kuromoji for those whose analysis is not cached (on
 * every core), then one streaming pass that indexes each briefing's statements and writes the segment.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { foldKana, normalizeForAnalysis, NORMALIZER_VERSION } from '../../japanese/normalize.ts';
import type { Statement } from '../../transcript/model.ts';
import { PostingWriter } from '../codec.ts';
import { bigramKey, FLAG_BITS, FLAG_END, FLAG_START, lemmaSpan, PART_SEPARATOR, POSTING, ROLES, statsByte, unigramKey, type IndexRole } from '../format.ts';
import { analyseAll, analyseBriefing, type AnalysisPart, type BriefingAnalysis } from './analyse.ts';
import { ANALYSIS_VERSION, type LemmaEntry } from './analysis.ts';
import type { SegmentTargets } from './packer.ts';
import { MAX_READINGS, SegmentWriter, type SegmentStatement } from './segment.ts';
import { GramSpool } from './spool.ts';
import type { BriefingState, SegmentState } from './state.ts';

/** What the writer is given for each briefing; `statements()` is called only when it is new or changed. */
export interface BriefingInput {
  slug: string;
  /** Content hash of everything the index takes from the briefing (statements and metadata). */
  hash: string;
  date: string;
  kind?: string | undefined;
  statements: () => Statement[];
}

export interface BuildContext {
  analysisDir: string;
  packDir: string;
  targets: SegmentTargets;
  headings: 'first' | 'all' | 'none';
  workers?: number | undefined;
  spoolBytes: number;
  onProgress?: ((message: string) => void) | undefined;
}

export interface BuildFigures {
  analysed: number;
  cached: number;
  analysisMs: number;
  analysedChars: number;
}

const CACHE_VERSION = `${ANALYSIS_VERSION}.${NORMALIZER_VERSION}`;

/** The topic heading searchable with each statement (see WriteIndexOptions.headings). */
function indexedHeadings(list: Statement[], mode: BuildContext['headings']): Array<string | null> {
  return list.map((s, i) => {
    if (mode === 'none' || !s.topic) return null;
    if (mode === 'all') return s.topic;
    const prev = list[i - 1];
    return prev && prev.topic === s.topic && prev.section === s.section ? null : s.topic;
  });
}

function partsOf(list: Statement[], headings: Array<string | null>): AnalysisPart[] {
  return list.map((s, i) => {
    const body = normalizeForAnalysis(s.text);
    const heading = headings[i] ? normalizeForAnalysis(headings[i]!) : null;
    return { body: body.text, bodyBreaks: body.breaks ?? [], heading: heading?.text ?? null, headingBreaks: heading?.breaks ?? [] };
  });
}

/** The analysis of a briefing depends only on its statements' text and indexed headings. */
function cacheFile(dir: string, list: Statement[], headings: Array<string | null>): string {
  const key = createHash('sha256').update(JSON.stringify([CACHE_VERSION, list.map((s, i) => [s.text, headings[i]])])).digest('hex');
  return path.join(dir, `${key}.json`);
}

function readCached(file: string, statements: number): BriefingAnalysis | null {
  if (!existsSync(file)) return null;
  try {
    const c = JSON.parse(readFileSync(file, 'utf8')) as BriefingAnalysis & { v: string };
    return c.v === CACHE_VERSION && c.docs.length === statements && c.lemmas?.length === statements ? c : null;
  } catch {
    return null;
  }
}

function writeCached(file: string, a: BriefingAnalysis): void {
  // Through a temporary file: a build killed mid-write leaves no half analysis behind.
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ v: CACHE_VERSION, ...a }));
  renameSync(tmp, file);
}

/** Newest first (ties by slug), so that a fresh segment's ids run by date. */
export function byDateDesc(a: { date: string; slug: string }, b: { date: string; slug: string }): number {
  return a.date < b.date ? 1 : a.date > b.date ? -1 : a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0;
}

/** Analyse what the cache lacks, on every core. */
async function analyseMissing(inputs: BriefingInput[], ctx: BuildContext): Promise<BuildFigures> {
  mkdirSync(ctx.analysisDir, { recursive: true });
  const missing: number[] = [];
  for (let i = 0; i < inputs.length; i++) {
    const list = inputs[i]!.statements();
    if (!existsSync(cacheFile(ctx.analysisDir, list, indexedHeadings(list, ctx.headings)))) missing.push(i);
  }
  const started = performance.now();
  let chars = 0;
  let done = 0;
  await analyseAll(
    missing.length,
    (i) => {
      const list = inputs[missing[i]!]!.statements();
      const parts = partsOf(list, indexedHeadings(list, ctx.headings));
      chars += parts.reduce((n, p) => n + p.body.length + (p.heading?.length ?? 0), 0);
      return parts;
    },
    {
      ...(ctx.workers !== undefined ? { workers: ctx.workers } : {}),
      onResult: (i, analysis) => {
        const list = inputs[missing[i]!]!.statements();
        writeCached(cacheFile(ctx.analysisDir, list, indexedHeadings(list, ctx.headings)), analysis);
        done++;
        if (ctx.onProgress && (done % 100 === 0 || done === missing.length)) {
          ctx.onProgress(`tokenized ${done}/${missing.length} briefings (${Math.round(chars / ((performance.now() - started) / 1000))} chars/s)`);
        }
      },
    },
  );
  return { analysed: missing.length, cached: inputs.length - missing.length, analysisMs: performance.now() - started, analysedChars: chars };
}

/** Builds one segment from `inputs` (new or changed briefings) into `ctx.packDir`. */
export async function buildSegment(inputs: BriefingInput[], ctx: BuildContext): Promise<{ segment: SegmentState; figures: BuildFigures }> {
  const ordered = [...inputs].sort(byDateDesc);
  const figures = await analyseMissing(ordered, ctx);
  const writer = new SegmentWriter(ctx.packDir, ctx.targets);
  const spool = new GramSpool(ctx.spoolBytes);
  const words = new Map<string, { readings: Map<string, number>; lemma: PostingWriter | null }>();
  const word = (key: string) => {
    let w = words.get(key);
    if (!w) words.set(key, (w = { readings: new Map(), lemma: null }));
    return w;
  };
  const briefings: BriefingState[] = [];
  try {
    for (const input of ordered) {
      const list = input.statements();
      if (list.length === 0) continue;
      const headings = indexedHeadings(list, ctx.headings);
      const parts = partsOf(list, headings);
      const file = cacheFile(ctx.analysisDir, list, headings);
      let analysis = readCached(file, list.length);
      if (!analysis) {
        analysis = await analyseBriefing(parts);
        writeCached(file, analysis);
      }
      for (const [key, surface] of analysis.readings) {
        const r = word(key).readings;
        r.set(surface, (r.get(surface) ?? 0) + 1);
      }
      const statements: SegmentStatement[] = [];
      const speakers = new Map<string, [IndexRole, number]>();
      let len = 0;
      const first = writer.docs;
      list.forEach((s, i) => {
        const p = parts[i]!;
        const norm = foldKana(p.heading === null ? p.body : p.body + PART_SEPARATOR + p.heading);
        const role: IndexRole = (ROLES as readonly string[]).includes(s.role) ? s.role : 'moderator';
        const stat = statsByte(role, norm.length);
        const doc = first + i;
        indexGrams(spool, doc, stat, norm, analysis!.docs[i]!);
        indexLemmas(analysis!.lemmas[i]!, doc, stat, (key) => (word(key).lemma ??= new PostingWriter(POSTING.lemma)));
        statements.push({ turn: s.turn, order: s.order, role, speaker: s.speaker, topic: s.topic, section: s.section, text: s.text, headingIndexed: p.heading !== null, stat });
        len += norm.length;
        const sp = speakers.get(s.speaker);
        if (sp) sp[1]++;
        else speakers.set(s.speaker, [role, 1]);
      });
      const firstStatement = list[0]!;
      writer.addBriefing({ slug: input.slug, title: firstStatement.title, date: input.date, kind: input.kind ?? '', statements });
      briefings.push({ slug: input.slug, hash: input.hash, first, count: list.length, date: input.date, kind: input.kind ?? '', len, speakers: [...speakers].map(([name, [role, n]]) => [name, role, n]) });
    }
    for (const [key, postings] of spool.grams()) writer.addGram(key, postings);
  } finally {
    spool.dispose();
  }
  for (const key of [...words.keys()].sort()) {
    const w = words.get(key)!;
    const readings = [...w.readings].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, MAX_READINGS).map(([s]) => s);
    writer.addWord({ key, readings, lemma: w.lemma ? w.lemma.finish() : null });
  }
  const packer = writer.finish();
  return {
    segment: { id: packer.id, docs: writer.docs, deleted: [], briefings, packs: packer.packCount, directory: packer.directory, blocks: packer.blocks, bytes: packer.bytesByKind },
    figures,
  };
}

/** Bigram postings with word-boundary flags, and single-character counts, of one statement. */
function indexGrams(spool: GramSpool, doc: number, stat: number, norm: string, boundaryDeltas: number[]): void {
  const isBoundary = new Uint8Array(norm.length + 1);
  let at = 0;
  for (const d of boundaryDeltas) {
    at += d;
    if (at <= norm.length) isBoundary[at] = 1;
  }
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
    const flags = (isBoundary[p] ? FLAG_START : 0) | (isBoundary[p + 2] ? FLAG_END : 0);
    let list = bigrams.get(key);
    if (!list) bigrams.set(key, (list = []));
    list.push(p * (1 << FLAG_BITS) + flags);
  }
  for (const [key, values] of bigrams) spool.addBigram(key, doc, stat, values);
  for (const [c, count] of unigrams) spool.addUnigram(unigramKey(c), doc, stat, count);
}

/** Lemma occurrences of one statement, grouped by key, positions ascending; kuromoji's own form wins over a derived one at the same place. */
function indexLemmas(entries: LemmaEntry[], doc: number, stat: number, listOf: (key: string) => PostingWriter): void {
  const byKey = new Map<string, Map<number, number>>();
  for (const [key, start, length, derived] of entries) {
    let l = byKey.get(key);
    if (!l) byKey.set(key, (l = new Map()));
    const span = lemmaSpan(length, derived === 1);
    const had = l.get(start);
    if (had === undefined || span < had) l.set(start, span);
  }
  for (const [key, occ] of byKey) {
    const at = [...occ.keys()].sort((a, b) => a - b);
    listOf(key).add(doc, stat, at, at.map((p) => occ.get(p)!));
  }
}
