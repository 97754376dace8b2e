/**
 * The query engine: one implementation for the browser and the CLI. It reads the index through a
 * `Loader` (fetch in the browser, the file system in Node), fetching only the blocks a query needs, and
 * returns data — text and match ranges — that callers present. No Node modules and no kuromoji here:
 * this module is bundled into the search page.
 *
 * A query may carry operators (operators.ts: `speaker:`, `role:`, `kind:`, `from:`, `to:`, `year:`,
 * `A NEAR B`): the engine reads them here, so the page, a shared `?q=` link and the CLI take the same
 * queries. An operator's filter is the option of the same name, and wins over it when both are given
 * (the search page shows the operator's value in that field); `A NEAR B` is a post-filter (near.ts).
 * The quote check (`quote`, quote.ts) runs on the same session: the same blocks, read once.
 */
import { speakerQuery, type SpeakerQuery } from '../../model/identity.ts';
import { facetsPath, type Facets, type IndexRole, type Manifest } from '../format.ts';
import { applyFilter, Facts, filterOf, histogramOf, isFiltered } from './filters.ts';
import { sessionFiles, SearchIndexError, type LoadStats, type Loader } from './loader.ts';
import { createMatcher, isWordWeight, type TermMatches } from './matching.ts';
import { DEFAULT_RANKING, idfOf, isPartOfWord, statementScore, type Ranking } from './ranking.ts';
import { DEFAULT_LIMIT, type SearchOptions } from '../options.ts';
import { openIndex, type IndexView } from './segments.ts';
import { snippetOf, type Snippet } from './snippets.ts';
import { statementAt, statementUrl, type IndexedStatement } from './statements.ts';
import { parseQuery, type QueryTerm } from './syntax.ts';
import { keepNear, type NearSides } from './near.ts';
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
  total: number;
  hits: SearchHit[];
  terms: QueryTerm[];
  /** Every matching statement (not just this page) per month, YYYY-MM → count, oldest first. */
  histogram: Record<string, number>;
  /**
   * The operators the query held: the filters they set (which won over the options of the same name)
   * and those that could not be used (left out of the search; the CLI refuses them, the page says so).
   */
  operators: { filters: QueryFilters; errors: OperatorError[] };
}

export interface SearchEngine {
  search(query: string, options?: SearchOptions): Promise<SearchResult>;
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
  facets(): Promise<Facets>;
  preload(): Promise<void>;
}

function openSession(load: Loader, stats: LoadStats, ranking: Ranking): Session {
  const files = sessionFiles(load, stats);
  let viewP: Promise<IndexView> | null = null;
  const view = (): Promise<IndexView> => {
    viewP ??= openIndex(files);
    viewP.catch(() => (viewP = null));
    return viewP;
  };
  let matcher: ReturnType<typeof createMatcher> | null = null;
  const facets = async () => files.json<Facets>(facetsPath((await view()).manifest.facets));
  // A speaker filter is read against the archive's people and positions: the facets, fetched once.
  const speakers = (speaker: string) => async () => {
    const f = await facets();
    return speakerQuery(speaker, { people: f.people.map(([p]) => p), positions: f.positions.map(([p]) => p) });
  };
  return {
    view,
    facets,
    preload: async () => {
      const v = await view();
      await Promise.all(v.segments.map((s) => s.briefings()));
    },
    search: async (query, options = {}) => {
      const v = await view();
      matcher ??= createMatcher(v);
      const typed = parseOperators(query);
      const asked = withOperators(options, typed.filters);
      const result = await runSearch(v, matcher, { query: typed.query, near: typed.near }, asked, ranking, speakers(asked.speaker ?? ''));
      return { ...result, operators: { filters: typed.filters, errors: typed.errors } };
    },
  };
}

async function runSearch(
  view: IndexView,
  matcher: ReturnType<typeof createMatcher>,
  { query, near }: { query: string; near: NearPair[] },
  options: SearchOptions,
  ranking: Ranking,
  speakers: () => Promise<SpeakerQuery>,
): Promise<Omit<SearchResult, 'operators'>> {
  const m = view.manifest;
  const terms = parseQuery(query);
  const positive = terms.filter((t) => !t.exclude);
  const negative = terms.filter((t) => t.exclude);
  const filter = filterOf(options);
  const briefingScope = options.scope === 'briefing';
  if (positive.length === 0 && negative.length === 0 && !isFiltered(filter)) return { total: 0, hits: [], terms, histogram: {} };

  const [pos, neg] = await Promise.all([Promise.all(positive.map((t) => matcher.matchTerm(t))), Promise.all(negative.map((t) => matcher.matchTerm(t)))]);
  const facts = new Facts(view);
  let candidates: number[];
  if (positive.length === 0) candidates = await facts.all();
  else if (!briefingScope) {
    const order = pos.map((_, k) => k).sort((a, b) => pos[a]!.size - pos[b]!.size);
    candidates = [...pos[order[0]!]!.keys()].filter((d) => order.every((k) => pos[k]!.has(d)));
  } else candidates = [...new Set(pos.flatMap((p) => [...p.keys()]))];
  candidates = candidates.filter((d) => view.segmentOf(d).live(d)).sort((a, b) => a - b);
  await facts.load(candidates);
  if (briefingScope && positive.length > 0) {
    // Briefings (by their first statement) in which every positive term matches some statement.
    const briefingsOf = (p: TermMatches) => new Set([...p.keys()].filter((d) => view.segmentOf(d).live(d)).map((d) => facts.briefingOf(d).start));
    const sets = pos.map(briefingsOf);
    candidates = candidates.filter((d) => sets.every((s) => s.has(facts.briefingOf(d).start)));
  }
  if (neg.length > 0) {
    if (briefingScope) {
      const excluded = new Set(neg.flatMap((n) => [...n.keys()].filter((d) => view.segmentOf(d).live(d))));
      await facts.load([...excluded].sort((a, b) => a - b));
      const gone = new Set([...excluded].map((d) => facts.briefingOf(d).start));
      candidates = candidates.filter((d) => !gone.has(facts.briefingOf(d).start));
    } else candidates = candidates.filter((d) => !neg.some((n) => n.has(d)));
  }
  const statOf = positive.length > 0 ? (d: number) => pos.find((p) => p.has(d))!.get(d)!.stat : null;
  candidates = await applyFilter(view, facts, filter, candidates, statOf, speakers);
  candidates = await keepNear(candidates, nearSides(near, positive, pos), async (d) => (await statementAt(view, d)).text);

  const idf = pos.map((p) => idfOf(p.size, m.docs));
  const scored = candidates.map((doc) => {
    if (positive.length === 0) return { doc, score: 0, day: facts.dayOf(doc) };
    return { doc, score: statementScore(pos.map((p) => p.get(doc)), idf, statOf!(doc), m.avgLen, ranking), day: facts.dayOf(doc) };
  });
  // Ties and date order: newest day first, then id order (a briefing's statements stay together, in order).
  const sort = options.sort ?? 'score';
  if (sort === 'date-asc') scored.sort((a, b) => a.day - b.day || a.doc - b.doc);
  else if (sort === 'date') scored.sort((a, b) => b.day - a.day || a.doc - b.doc);
  else scored.sort((a, b) => b.score - a.score || b.day - a.day || a.doc - b.doc);

  const offset = Math.max(0, options.offset ?? 0);
  const limit = options.limit ?? DEFAULT_LIMIT;
  const page = limit > 0 ? scored.slice(offset, offset + limit) : scored.slice(offset);
  const hits = await Promise.all(page.map((s) => hitOf(view, s.doc, s.score, positive, pos)));
  return { total: scored.length, hits, terms, histogram: histogramOf(facts, candidates) };
}

/** Each NEAR pair with its two terms' matches (both sides are among the query's positive terms). */
function nearSides(near: NearPair[], positive: QueryTerm[], pos: TermMatches[]): NearSides[] {
  const matchesOf = (t: QueryTerm) => pos[positive.findIndex((p) => p.text === t.text && p.phrase === t.phrase)] ?? new Map();
  return near.map(({ a, b }) => ({ a, b, aMatches: matchesOf(a), bMatches: matchesOf(b) }));
}

async function hitOf(view: IndexView, doc: number, score: number, positive: QueryTerm[], pos: TermMatches[]): Promise<SearchHit> {
  const { headingIndexed, ...s } = await statementAt(view, doc);
  const spans: Array<[number, number, boolean]> = [];
  const chars: string[] = [];
  pos.forEach((p, k) => {
    const match = p.get(doc);
    if (!match) return;
    if (match.spans.size === 0) chars.push(positive[k]!.text);
    for (const [at, [len, weight]] of match.spans) spans.push([at, at + len, !isWordWeight(weight)]);
  });
  return {
    url: statementUrl(view, s),
    ...s,
    snippet: snippetOf(s.text, headingIndexed && s.topic !== null ? s.topic : null, spans, chars),
    score: Math.round(score * 1e4) / 1e4,
    partial: isPartOfWord(
      pos.map((p) => p.get(doc)),
      positive,
    ),
  };
}
