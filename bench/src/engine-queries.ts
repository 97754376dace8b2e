/**
 * Both engines on the bench queries, unthrottled (the phone profile is phone-profile.ts): a cold first
 * query per query (bytes on the wire, requests, time), warm latency, and every hit for the quality
 * score against the generator's truth.
 */
import type { Browser } from 'playwright-core';
import { harness, warmRuns, type BenchServer, type Engine } from './browser.ts';
import { openSearch } from '../../src/search/query/node.ts';
import { QUERY_CLASSES, type BenchQuery, type QueryClass } from './queries.ts';

export interface FirstQuery {
  /** Response bytes on the wire (gzip): engine code, index files, the top 10's data. */
  bytes: number;
  requests: number;
  /** From loading the engine to the top 10 in hand, on this machine, unthrottled. */
  ms: number;
}

/** A cold visitor's first query, top 10 shown, in a new browser context. */
export async function firstQuery(browser: Browser, server: BenchServer, engine: Engine, query: string): Promise<FirstQuery> {
  const h = await harness(browser, server.origin, engine);
  try {
    let requests = 0;
    h.page.context().on('request', () => requests++);
    const before = server.sent();
    const ms = await h.page.evaluate(async (q) => {
      const w = window as unknown as { benchInit: () => Promise<void>; benchSearch: (q: string, all: boolean) => Promise<unknown> };
      const t0 = performance.now();
      await w.benchInit();
      await w.benchSearch(q, false);
      return performance.now() - t0;
    }, query);
    return { bytes: server.sent() - before, requests, ms };
  } finally {
    await h.close();
  }
}

/** Hits listed per engine instance when every hit of ours is listed. */
const HITS_PAGE = 5000;

/**
 * Every hit of ours, through its Node loader over the same files. Listed a page at a time in date
 * order (consecutive statements share text blocks), each page by a new engine so that the blocks read
 * for one page are let go: at 10,000 briefings a frequent word matches most of the archive, and one
 * engine listing it all would end up holding the whole index's text.
 */
export async function everyHitOfOurs(dist: string, query: string): Promise<string[]> {
  const urls: string[] = [];
  for (let offset = 0; ; offset += HITS_PAGE) {
    const r = await openSearch(dist).search(query, { limit: HITS_PAGE, offset, sort: 'date' });
    for (const h of r.hits) urls.push(h.url);
    if (offset + HITS_PAGE >= r.total) return urls;
  }
}

export interface QueryFigures {
  first: FirstQuery[];
  /** Warm latency of each run of each query (ms). */
  times: number[];
  /** Every hit (URL) of each query. */
  hits: Map<string, string[]>;
}

/** The queries on one engine over the served site. */
export async function measureEngine(browser: Browser, server: BenchServer, dist: string, engine: Engine, queries: BenchQuery[], runs: number): Promise<QueryFigures> {
  const first: FirstQuery[] = [];
  for (const q of queries) first.push(await firstQuery(browser, server, engine, q.query));
  // Pagefind's hits can only be listed in the browser; ours through the Node loader (below).
  const warm = await warmRuns(browser, server.origin, engine, queries.map((q) => q.query), runs, engine === 'pagefind');
  if (engine === 'ours') for (const q of queries) warm.hits.set(q.query, await everyHitOfOurs(dist, q.query));
  return { first, times: warm.times, hits: warm.hits };
}

export type Scores = Partial<Record<QueryClass, number>>;

/** Mean recall and precision per query class, at briefing or statement level. */
export function score(hitsByQuery: Map<string, string[]>, queries: BenchQuery[], level: 'briefing' | 'statement'): { recall: Scores; precision: Scores } {
  const recall: Scores = {};
  const precision: Scores = {};
  const key = (u: string) => {
    const m = /briefings\/(.+?)\/?(?:#(.+))?$/u.exec(decodeURI(u));
    if (!m) return null;
    return level === 'briefing' ? m[1]! : `${m[1]}#${m[2] ?? ''}`;
  };
  for (const cls of QUERY_CLASSES) {
    const qs = queries.filter((q) => q.cls === cls);
    if (qs.length === 0) continue;
    let r = 0;
    let p = 0;
    for (const q of qs) {
      const got = new Set((hitsByQuery.get(q.query) ?? []).map(key).filter((k): k is string => k !== null && (level === 'briefing' || !k.endsWith('#'))));
      const want = level === 'briefing' ? new Set([...q.truth].map((k) => k.split('#')[0]!)) : q.truth;
      let found = 0;
      for (const k of want) if (got.has(k)) found++;
      let right = 0;
      for (const k of got) if (want.has(k)) right++;
      r += want.size === 0 ? 1 : found / want.size;
      p += got.size === 0 ? (want.size === 0 ? 1 : 0) : right / got.size;
    }
    recall[cls] = Number((r / qs.length).toFixed(3));
    precision[cls] = Number((p / qs.length).toFixed(3));
  }
  return { recall, precision };
}
