/**
 * The query engine: one implementation for the browser and the CLI. It reads the index through a
 * `Loader` (fetch in the browser, the file system in Node), fetching only the blocks a query needs, and
 * returns data — text and match ranges — that callers present. No Node modules and no kuromoji here:
 * this module is bundled into the search page.
 *
 * A query may carry operators (operators.ts: `speaker:`, `role:`, `kind:`, `from:`, `to:`, `year:`,
 * `A NEAR B`): the engine reads them here, so the page, a shared `?q=` link and the CLI take the same
 * queries. An operator's filter is the option of the same name, and wins over it when both are given;
 * `A NEAR B` is a post-filter of every read, full or bounded (evaluate.ts, near.ts). The quote check
 * (`quote`, quote.ts) runs on the same session: the same blocks, read once.
 */
import { speakerQuery, type SpeakerQuery } from '../../model/identity.ts';
import { facetsPath, type Facets, type IndexRole, type Manifest } from '../format.ts';
import { BoundedRun } from './bounded.ts';
import { countsFromHeads, type Counts } from './counts.ts';
import { compareBy, nearOf, scoreStatements, type Evaluation, type Scored } from './evaluate.ts';
import { Facts, filterOf, histogramOf, isFiltered } from './filters.ts';
import { Postings } from './lists.ts';
import { memo, sessionFiles, SearchIndexError, type LoadStats, type Loader } from './loader.ts';
import { isWordWeight, matchTerm, type TermDocMatch } from './matching.ts';
import { planQuery, wholeSource } from './plan.ts';
import { DEFAULT_RANKING, isPartOfWord, type Ranking } from './ranking.ts';
import { DEFAULT_LIMIT, type SearchOptions } from '../options.ts';
import { openIndex, type IndexView } from './segments.ts';
import { snippetOf, type Snippet } from './snippets.ts';
import { headingIndexedAt, statementAt, statementUrl, type IndexedStatement } from './statements.ts';
import { parseQuery, type QueryTerm } from './syntax.ts';
import { parseOperators, withOperators, type NearPair, type OperatorError, type QueryFilters } from './operators.ts';
import { checkQuote, type QuoteMatch, type QuoteOptions } from './quote.ts';

export { fetchLoader, SearchIndexError, type ByteRange, type LoadStats, type Loader, type SearchIndexProblem } from './loader.ts';
export { parseQuery, type QueryTerm } from './syntax.ts';
export { markedWords, type Snippet } from './snippets.ts';
export { DEFAULT_RANKING, type Ranking } from './ranking.ts';
export { OPERATOR_HELP, parseOperators, type OperatorError, type QueryFilters } from './operators.ts';
export { QuoteError, MAX_QUOTE_CHARS, QUOTE_LIMIT, type QuoteMatch, type QuoteOptions, type DiffSegment } from './quote.ts';

export type SearchRole = IndexRole;
export type { SearchOptions } from '../options.ts';

/** A statement found (statements.ts: where it is, who speaks, its text in full) and how it was found. */
export interface SearchHit extends Omit<IndexedStatement, 'headingIndexed'> {
  /** `${base}briefings/<briefing>/#<turn>`. */
  url: string;
  snippet: Snippet;
  score: number;
  /**
   * Found only as part of other words (京都 in 東京都): shown below every whole-word match, with its marks
   * flagged in `snippet.partial`.
   */
  partial: boolean;
}

export interface SearchResult {
  /** Matching statements: all of them when `exact`, else at least this many. */
  total: number;
  hits: SearchHit[];
  terms: QueryTerm[];
  /**
   * Every matching statement (not just this page) per month, YYYY-MM → count, oldest first; null when
   * not known yet (a bounded read whose total is not exact).
   */
  histogram: Record<string, number> | null;
  /** `total` and `histogram` count every matching statement (else `total` is a lower bound). */
  exact: boolean;
  /**
   * The operators the query held: the filters they set (which won over the options of the same name)
   * and those that could not be used (left out of the search; the CLI refuses them, the page says so).
   */
  operators: { filters: QueryFilters; errors: OperatorError[] };
}

/** Every matching statement counted: a full read's total and histogram. */
export interface SearchCounts {
  total: number;
  histogram: Record<string, number>;
}

export interface SearchEngine {
  /**
   * The page of hits `options` asks for. By default (`exact: true`) a full read: total and histogram
   * count every match. With `exact: false`, the first offset + limit hits come from a bounded read — the
   * same hits in the same order — and the total is exact only where the index's counts give it.
   */
  search(query: string, options?: SearchOptions): Promise<SearchResult>;
  /** The total and histogram of a search (a full read, shared with `search` of the same query). */
  count(query: string, options?: SearchOptions): Promise<SearchCounts>;
  /** The statements closest to a quote, best first (quote.ts). */
  quote(text: string, options?: QuoteOptions): Promise<QuoteMatch[]>;
  manifest(): Promise<Manifest>;
  facets(): Promise<Facets>;
  /** Fetches what every first query needs (manifest, briefings tables), e.g. when the search box gets focus. */
  preload(): Promise<void>;
  /** Files touched, requests made and bytes received so far (each block is read once per engine). */
  readonly stats: LoadStats;
}

export interface EngineOptions {
  /** Ranking parameters (ranking.ts); the defaults are the tuned ones. */
  ranking?: Partial<Ranking>;
}

/**
 * The engine over the index that `load` reads. Files are fetched on demand and kept for the engine's
 * lifetime (they are immutable: their names are content hashes).
 */
export function createSearch(load: Loader, opts: EngineOptions = {}): SearchEngine {
  const stats: LoadStats = { files: 0, requests: 0, bytes: 0 };
  const ranking: Ranking = { ...DEFAULT_RANKING, ...opts.ranking };
  let session = openSession(load, stats, ranking);
  const retrying = async <T>(f: (s: Session) => Promise<T>): Promise<T> => {
    try {
      return await f(session);
    } catch (e) {
      // A rebuild under an open page removes the files its manifest names, or (on a host that answers
      // a name with whatever it has) serves other bytes under one: read the new manifest once.
      if (!(e instanceof SearchIndexError) || e.code === 'missing') throw e;
      session = openSession(load, stats, ranking);
      return f(session);
    }
  };
  return {
    search: (query, options) => retrying((s) => s.search(query, options)),
    count: (query, options) => retrying((s) => s.count(query, options)),
    quote: (text, options) => retrying(async (s) => checkQuote(text, await s.view(), options)),
    manifest: () => retrying(async (s) => (await s.view()).manifest),
    facets: () => retrying((s) => s.facets()),
    preload: () => retrying((s) => s.preload()),
    stats,
  };
}

interface Session {
  view(): Promise<IndexView>;
  search(query: string, options?: SearchOptions): Promise<SearchResult>;
  count(query: string, options?: SearchOptions): Promise<SearchCounts>;
  facets(): Promise<Facets>;
  preload(): Promise<void>;
}

/** Queries a session keeps (their plans, bounded reads and full reads), most recent last. */
const KEPT_QUERIES = 4;

function openSession(load: Loader, stats: LoadStats, ranking: Ranking): Session {
  const files = sessionFiles(load, stats);
  let viewP: Promise<IndexView> | null = null;
  const view = (): Promise<IndexView> => {
    viewP ??= openIndex(files);
    viewP.catch(() => (viewP = null));
    return viewP;
  };
  const facets = async () => files.json<Facets>(facetsPath((await view()).manifest.facets));
  // A speaker filter is read against the archive's people and positions: the facets, fetched once.
  const speakers = (speaker: string) => async () => {
    const f = await facets();
    return speakerQuery(speaker, { people: f.people.map(([p]) => p), positions: f.positions.map(([p]) => p) });
  };
  let postings: Postings | null = null;
  const queries = new Map<string, Promise<Query>>();
  /** A query's plan, kept for its next page and its count. */
  const query = async ({ terms, near }: Typed, options: SearchOptions): Promise<Query> => {
    const { role, speaker, kind, from, to, scope, sort } = options;
    const key = JSON.stringify([terms, near, role, speaker, kind, from, to, scope ?? 'statement', sort ?? 'score']);
    const p = memo(queries, key, async () => {
      const v = await view();
      postings ??= new Postings(v);
      return openQuery(v, postings, { terms, near }, options, ranking, speakers(speaker ?? ''));
    });
    queries.delete(key);
    queries.set(key, p);
    for (const old of queries.keys()) if (queries.size > KEPT_QUERIES) queries.delete(old);
    return p;
  };
  return {
    view,
    facets,
    preload: async () => {
      const v = await view();
      await Promise.all(v.segments.map((s) => s.briefings()));
    },
    search: async (text, options = {}) => {
      const { typed, asked, operators } = withTyped(text, options);
      if (isEmpty(typed.terms, asked)) return { total: 0, hits: [], terms: typed.terms, histogram: {}, exact: true, operators };
      return { ...(await (await query(typed, asked)).page(asked)), operators };
    },
    count: async (text, options = {}) => {
      const { typed, asked } = withTyped(text, options);
      if (isEmpty(typed.terms, asked)) return { total: 0, histogram: {} };
      const { total, histogram } = await (await query(typed, asked)).full();
      return { total, histogram };
    },
  };
}

/** A query as typed, its operators read: the terms, the NEAR pairs, and the filters over the options. */
interface Typed {
  terms: QueryTerm[];
  near: NearPair[];
}

function withTyped(text: string, options: SearchOptions): { typed: Typed; asked: SearchOptions; operators: SearchResult['operators'] } {
  const typed = parseOperators(text);
  return { typed: { terms: parseQuery(typed.query), near: typed.near }, asked: withOperators(options, typed.filters), operators: { filters: typed.filters, errors: typed.errors } };
}

function isEmpty(terms: QueryTerm[], options: SearchOptions): boolean {
  return terms.length === 0 && !isFiltered(filterOf(options));
}

/** A full read: every answer in order, counted, with each one's matches. */
interface FullRead extends SearchCounts {
  sorted: Scored[];
  matchesOf(doc: number): Array<TermDocMatch | undefined>;
}

/** A query planned, with its bounded read and (once asked for) its full read. */
interface Query {
  page(options: SearchOptions): Promise<Omit<SearchResult, 'operators'>>;
  full(): Promise<FullRead>;
}

async function openQuery(
  view: IndexView,
  postings: Postings,
  { terms, near }: Typed,
  options: SearchOptions,
  ranking: Ranking,
  speakers: () => Promise<SpeakerQuery>,
): Promise<Query> {
  const facts = new Facts(view);
  const [plan, tables] = await Promise.all([planQuery(postings, terms, view.manifest.docs), facts.loadAll()]);
  const ev: Evaluation = {
    view,
    facts,
    filter: filterOf(options),
    briefingScope: options.scope === 'briefing',
    idf: plan.idf,
    avgLen: view.manifest.avgLen,
    ranking,
    speakers,
    near: nearOf(near, plan.positive.map((t) => t.term), { text: async (d) => (await statementAt(view, d)).text, headingIndexed: (d) => headingIndexedAt(view, d) }),
  };
  const sort = options.sort ?? 'score';
  let full: Promise<FullRead> | null = null;
  let run: BoundedRun | null = null;
  let counts: Promise<Counts | null> | null = null;
  const positive = plan.positive.map((t) => t.term);
  const readFull = async (): Promise<FullRead> => {
    const source = await wholeSource(postings, plan);
    const pos = plan.positive.map((t) => matchTerm(t.alternatives, source));
    const neg = plan.negative.map((t) => matchTerm(t.alternatives, source));
    const scored = await scoreStatements(ev, pos, neg, () => facts.all());
    return { sorted: scored.sort(compareBy(sort)), total: scored.length, histogram: histogramOf(facts, scored.map((s) => s.doc)), matchesOf: (d) => pos.map((p) => p.get(d)) };
  };
  /** The full read once it is done: later pages come from it, while it runs they do not wait for it. */
  let done: FullRead | null = null;
  const fullRead = () => (full ??= readFull().then((f) => (done = f), (e: unknown) => ((full = null), Promise.reject(e))));
  return {
    full: fullRead,
    async page(o) {
      const offset = Math.max(0, o.offset ?? 0);
      const limit = o.limit ?? DEFAULT_LIMIT;
      const hitsOf = (list: Scored[], matchesOf: FullRead['matchesOf']) => Promise.all(list.map((s) => hitOf(view, s.doc, s.score, positive, matchesOf(s.doc))));
      if (o.exact !== false || done) {
        const f = done ?? (await fullRead());
        const page = limit > 0 ? f.sorted.slice(offset, offset + limit) : f.sorted.slice(offset);
        return { total: f.total, hits: await hitsOf(page, f.matchesOf), terms, histogram: f.histogram, exact: true };
      }
      run ??= new BoundedRun({ ev, plan, sort }, tables);
      // The index's counts know nothing of NEAR: a NEAR query is counted by reading.
      counts ??= ev.near ? Promise.resolve(null) : countsFromHeads(view, facts, plan, ev.filter);
      const [top, known] = await Promise.all([run.top(limit > 0 ? offset + limit : 0), counts]);
      const page = limit > 0 ? top.slice(offset, offset + limit) : top.slice(offset);
      const hits = await hitsOf(page, (d) => run!.matches.get(d) ?? []);
      if (run.complete) return { total: run.count, hits, terms, histogram: histogramOf(facts, run.answers.map((s) => s.doc)), exact: true };
      return known ? { ...known, hits, terms, exact: true } : { total: run.count, hits, terms, histogram: null, exact: false };
    },
  };
}

async function hitOf(view: IndexView, doc: number, score: number, positive: QueryTerm[], matches: Array<TermDocMatch | undefined>): Promise<SearchHit> {
  const { headingIndexed, ...s } = await statementAt(view, doc);
  const spans: Array<[number, number, boolean]> = [];
  const chars: string[] = [];
  matches.forEach((match, k) => {
    if (!match) return;
    if (match.spans.size === 0) chars.push(positive[k]!.text);
    for (const [at, [len, weight]] of match.spans) spans.push([at, at + len, !isWordWeight(weight)]);
  });
  return {
    url: statementUrl(view, s),
    ...s,
    snippet: snippetOf(s.text, headingIndexed && s.topic !== null ? s.topic : null, spans, chars),
    score: Math.round(score * 1e4) / 1e4,
    partial: isPartOfWord(matches, positive),
  };
}
