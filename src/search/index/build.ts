/**
 * A fresh segment from new or changed briefings (SegmentBuilder): each briefing's statements indexed
 * with kuromoji's analysis of them (cached by their text), written as one segment's blocks and packs.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readJsonEntrySync, writeEntrySync, type DamageReport } from '../../fs/checked.ts';
import path from 'node:path';
import { foldKana, normalizeForAnalysis, NORMALIZER_VERSION } from '../../japanese/normalize.ts';
import type { Statement } from '../../model/model.ts';
import { PostingWriter } from '../codec.ts';
import { bigramKey, FLAG_BITS, FLAG_END, FLAG_START, lemmaSpan, LITERAL_SPAN, PART_SEPARATOR, POSTING, ROLES, statsByte, unigramKey, type IndexRole, type TextAt } from '../format.ts';
import { AnalysisPool, type AnalysisPart, type BriefingAnalysis } from './analyse.ts';
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
  /** Told of each damaged analysis in the cache (it is analysed again). */
  report: DamageReport;
  /** The new segment's salt (codec.ts blockTag). */
  salt: string;
}

export interface BuildFigures {
  /** Briefings analysed by kuromoji in this run, and taken from the analysis cache. */
  analysed: number;
  cached: number;
  /** Wall time from the first analysis started to the last one finished, and the characters analysed. */
  analysisMs: number;
  analysedChars: number;
  /** Analysis cache keys computed: one per briefing handed in. */
  keys: number;
}

/** What an analysis depends on besides the text; the last part is the entry format (2: checked entries, src/fs/checked.ts). */
const CACHE_VERSION = `${ANALYSIS_VERSION}.${NORMALIZER_VERSION}.2`;

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

/** The cached analysis of a briefing, or null: none, or damaged (then said, and analysed again). */
function readCached(file: string, statements: number, report: (reason: string) => void): BriefingAnalysis | null {
  const read = readJsonEntrySync<BriefingAnalysis & { v: string }>(file);
  if (!read.ok) {
    if (read.reason !== null) report(read.reason);
    return null;
  }
  const c = read.value;
  if (c.v === CACHE_VERSION && c.docs?.length === statements && c.lemmas?.length === statements && Array.isArray(c.readings)) return c;
  report('its analysis does not fit the briefing it is filed under');
  return null;
}

function writeCached(file: string, a: BriefingAnalysis): void {
  // A build killed mid-write leaves no half analysis behind.
  writeEntrySync(file, JSON.stringify({ v: CACHE_VERSION, ...a }));
}

/** Newest first (ties by slug), so that a fresh segment's ids run by date. */
export function byDateDesc(a: { date: string; slug: string }, b: { date: string; slug: string }): number {
  return a.date < b.date ? 1 : a.date > b.date ? -1 : a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0;
}

/** A new or changed briefing as the index takes it: its statements read once, by the caller. */
export interface IndexedBriefing {
  slug: string;
  hash: string;
  date: string;
  kind?: string | undefined;
  statements: Statement[];
  /**
   * Where its statements' text is published, when it is: the version of its day's file and, per
   * statement, the byte range of its text's JSON value there (src/export/day-json.ts). Without it the
   * index holds the text itself.
   */
  text?: { key: string; at: TextAt[] } | undefined;
}

/** A briefing handed in, waiting for its analysis to be written into the segment. */
interface Pending {
  briefing: IndexedBriefing;
  parts: AnalysisPart[];
  analysis: Promise<BriefingAnalysis>;
}

type WordPostings = Map<string, { readings: Map<string, number>; lemma: PostingWriter | null }>;

/**
 * A fresh segment from new or changed briefings, handed in one at a time in segment order (newest
 * first: byDateDesc) as the archive is read once. Each briefing's analysis key is computed once; what
 * the analysis cache lacks goes to kuromoji on every core while the briefings before it are written,
 * and only a few briefings' statements are held at any time.
 */
export class SegmentBuilder {
  private readonly ctx: BuildContext;
  private readonly pool: AnalysisPool;
  private readonly lookahead: number;
  private readonly window: Pending[] = [];
  private readonly writer: SegmentWriter;
  private readonly spool: GramSpool;
  private readonly words: WordPostings = new Map();
  private readonly briefings: BriefingState[] = [];
  private readonly figures: BuildFigures = { analysed: 0, cached: 0, analysisMs: 0, analysedChars: 0, keys: 0 };
  private analysisStarted = 0;

  /** `expected`: how many briefings will be handed in (it decides whether threads are worth starting). */
  constructor(ctx: BuildContext, expected: number) {
    this.ctx = ctx;
    this.pool = new AnalysisPool(expected, ctx.workers);
    this.lookahead = Math.max(1, 2 * this.pool.width);
    mkdirSync(ctx.analysisDir, { recursive: true });
    this.writer = new SegmentWriter(ctx.packDir, ctx.targets, ctx.salt);
    this.spool = new GramSpool(ctx.spoolBytes);
  }

  /** Hand in the next briefing; resolves once the window of briefings being analysed has room again. */
  async add(briefing: IndexedBriefing): Promise<void> {
    const list = briefing.statements;
    if (list.length === 0) return;
    const headings = indexedHeadings(list, this.ctx.headings);
    const parts = partsOf(list, headings);
    this.window.push({ briefing, parts, analysis: this.analysisOf(briefing.slug, cacheFile(this.ctx.analysisDir, list, headings), parts, list.length) });
    this.figures.keys++;
    while (this.window.length > this.lookahead) await this.writeNext();
  }

  async finish(): Promise<{ segment: SegmentState; figures: BuildFigures }> {
    try {
      while (this.window.length > 0) await this.writeNext();
      for (const [key, postings] of this.spool.grams()) this.writer.addGram(key, postings);
    } finally {
      this.spool.dispose();
      await this.pool.close();
    }
    for (const key of [...this.words.keys()].sort()) {
      const w = this.words.get(key)!;
      const readings = [...w.readings].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, MAX_READINGS).map(([s]) => s);
      this.writer.addWord({ key, readings, lemma: w.lemma ? w.lemma.finish() : null });
    }
    const packer = this.writer.finish();
    const segment = { id: packer.id, docs: this.writer.docs, deleted: [], briefings: this.briefings, packs: packer.packCount, hashes: [...packer.hashes], salt: packer.salt, directory: packer.directory, blocks: packer.blocks, bytes: packer.bytesByKind };
    return { segment, figures: this.figures };
  }

  /** The cached analysis, or kuromoji's on a free thread (then cached). */
  private analysisOf(slug: string, file: string, parts: AnalysisPart[], statements: number): Promise<BriefingAnalysis> {
    const cached = readCached(file, statements, (reason) => this.ctx.report(file, reason, `the briefing ${slug} analysed again with kuromoji`));
    if (cached) {
      this.figures.cached++;
      return Promise.resolve(cached);
    }
    this.analysisStarted ||= performance.now();
    this.figures.analysedChars += parts.reduce((n, p) => n + p.body.length + (p.heading?.length ?? 0), 0);
    return this.pool.analyse(parts).then((analysis) => {
      writeCached(file, analysis);
      const done = ++this.figures.analysed;
      this.figures.analysisMs = performance.now() - this.analysisStarted;
      if (this.ctx.onProgress && done % 100 === 0) {
        this.ctx.onProgress(`tokenized ${done} briefings (${Math.round(this.figures.analysedChars / (this.figures.analysisMs / 1000))} chars/s)`);
      }
      return analysis;
    });
  }

  /** The oldest briefing of the window, written into the segment once its analysis is there. */
  private async writeNext(): Promise<void> {
    const { briefing, parts, analysis: pending } = this.window.shift()!;
    const analysis = await pending;
    const list = briefing.statements;
    for (const [key, surface] of analysis.readings) {
      const r = this.word(key).readings;
      r.set(surface, (r.get(surface) ?? 0) + 1);
    }
    const statements: SegmentStatement[] = [];
    const people = new Map<string, [string, string, number]>();
    let len = 0;
    const first = this.writer.docs;
    list.forEach((s, i) => {
      const p = parts[i]!;
      const norm = foldKana(p.heading === null ? p.body : p.body + PART_SEPARATOR + p.heading);
      const role: IndexRole = (ROLES as readonly string[]).includes(s.role) ? s.role : 'moderator';
      const stat = statsByte(role, norm.length);
      const doc = first + i;
      indexGrams(this.spool, doc, stat, norm, analysis.docs[i]!);
      indexLemmas(analysis.lemmas[i]!, doc, stat, norm, (key) => (this.word(key).lemma ??= new PostingWriter(POSTING.lemma)));
      const text = briefing.text?.at[i] ?? s.text;
      statements.push({ turn: s.turn, order: s.order, role, speaker: s.speaker, label: s.label, person: s.person, position: s.position, topic: s.topic, section: s.section, text, headingIndexed: p.heading !== null, stat });
      len += norm.length;
      if (s.person !== null) {
        const key = `${s.person}\0${s.position ?? ''}`;
        const who = people.get(key);
        if (who) who[2]++;
        else people.set(key, [s.person, s.position ?? '', 1]);
      }
    });
    const kind = briefing.kind ?? '';
    this.writer.addBriefing({ slug: briefing.slug, title: list[0]!.title, date: briefing.date, kind, textKey: briefing.text?.key ?? '', statements });
    this.briefings.push({ slug: briefing.slug, hash: briefing.hash, first, count: list.length, date: briefing.date, kind, len, people: [...people.values()] });
  }

  private word(key: string) {
    let w = this.words.get(key);
    if (!w) this.words.set(key, (w = { readings: new Map(), lemma: null }));
    return w;
  }
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

/**
 * Lemma occurrences of one statement, grouped by key, positions ascending; kuromoji's own form wins over
 * a derived one at the same place. Where the key's own text is also in the statement at a place no
 * word of that form starts (LITERAL_SPAN), that place is listed too: a query of the dictionary form
 * (考える) matches both the word and the text, at one place each, so the statement's count of the two
 * together is what bounds its score (bounded.ts), and a part's head can say it without the text's
 * bigrams. Matching skips those places (matching.ts).
 */
function indexLemmas(entries: LemmaEntry[], doc: number, stat: number, norm: string, listOf: (key: string) => PostingWriter): void {
  const byKey = new Map<string, Map<number, number>>();
  for (const [key, start, length, derived] of entries) {
    let l = byKey.get(key);
    if (!l) byKey.set(key, (l = new Map()));
    const span = lemmaSpan(length, derived === 1);
    const had = l.get(start);
    if (had === undefined || span < had) l.set(start, span);
  }
  for (const [key, occ] of byKey) {
    for (let p = norm.indexOf(key); p >= 0; p = norm.indexOf(key, p + 1)) if (!occ.has(p)) occ.set(p, LITERAL_SPAN);
    const at = [...occ.keys()].sort((a, b) => a - b);
    listOf(key).add(doc, stat, at, at.map((p) => occ.get(p)!));
  }
}
