/**
 * `npm run search-eval`: both engines over a judged set of real statements (judged.ts), scored by
 * relevance.ts at statement and briefing level, per query class.
 *
 * - The site is `<dir>/dist`, built from `<dir>/content` the way the benchmark builds its corpus
 *   (builds.ts: `astro build` with the content, output and caches under `<dir>`) when it is missing or
 *   `build` is asked for.
 * - Ours: every hit of each query, in rank order, through the CLI's engine and Node loader.
 * - Pagefind 1.6 over the same pages, marked as the benchmark marks them (pagefind.ts: main content,
 *   turns as headings with ids), queried in Chromium: each page in rank order, then its sub-results
 *   (headings with ids) in the order Pagefind gives them, each mapped to the statement it opens —
 *   a turn's own heading to the turn, a topic or section heading to the first turn after it, the
 *   page's text before its first heading (title, facts, lead) to the lead, or to no statement when the
 *   briefing has no lead.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { harness, launchChromium, serveForBench } from './browser.ts';
import { scratchLayout } from './builds.ts';
import { resolveJudged, readJudged, type JudgedQuery } from './judged.ts';
import { runPagefind } from './pagefind.ts';
import { BIN, measured, ROOT } from './process.ts';
import { briefingLevel, meanScores, scoreRanking, type Grade, type Mean, type RankedHit, type Scores } from './relevance.ts';
import type { Ranking, SearchEngine } from '../../src/search/query/engine.ts';
import { openSearch } from '../../src/search/query/node.ts';
import { loadBriefings, statementsOf } from '../../src/archive/read.ts';

export type EvalEngine = 'ours' | 'pagefind';

export interface EvalOptions {
  dir: string;
  judged: string;
  /** Build the site even when `<dir>/dist` has one. */
  build: boolean;
  /** Index with Pagefind even when `<dir>/dist/pagefind` exists; false with `pagefind: false`. */
  pagefind: boolean;
  log: (line: string) => void;
}

export interface QueryResult {
  query: string;
  cls: string;
  statement: Record<EvalEngine, Scores & { missed: string[]; wrong: string[]; top: string[] }>;
  briefing: Record<EvalEngine, Scores>;
}

export interface EvalReport {
  statements: number;
  briefings: number;
  engines: EvalEngine[];
  queries: QueryResult[];
  /** Per class, then `all`: means at statement and briefing level per engine. */
  classes: Record<string, Record<'statement' | 'briefing', Partial<Record<EvalEngine, Mean>>>>;
}

const KEEP = /search index|error/iu;

async function buildSite(dir: string, log: (line: string) => void): Promise<void> {
  const { env } = scratchLayout(dir);
  log(`building the site of ${path.join(dir, 'content')}…`);
  const astro = [path.join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build', '--root', ROOT];
  await measured(path.join(BIN, 'node'), astro, { env: { ...env, ASTRO_TELEMETRY_DISABLED: '1' }, log, keep: KEEP });
}

/** Every hit of ours, in rank order. */
async function oursHits(engine: SearchEngine, query: string): Promise<RankedHit[]> {
  const r = await engine.search(query, { limit: 0 });
  return r.hits.map((h) => ({ key: `${h.briefing}#${h.turn}`, partial: h.partial }));
}

/** Anchors of a briefing page in document order → the statement each opens (see the module comment). */
function anchorMap(dist: string, slug: string): (anchor: string) => string {
  const file = path.join(dist, 'briefings', slug, 'index.html');
  const html = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const ids = [...html.matchAll(/\sid="(lead|t\d+|section-\d+-title|topic-\d+-title)"/gu)].map((m) => m[1]!);
  const hasLead = ids.includes('lead');
  return (anchor) => {
    if (!anchor) return `${slug}#${hasLead ? 'lead' : '(page)'}`;
    if (/^t\d+$/u.test(anchor) || anchor === 'lead') return `${slug}#${anchor}`;
    const next = ids.slice(ids.indexOf(anchor) + 1).find((id) => /^t\d+$/u.test(id));
    return `${slug}#${next ?? '(page)'}`;
  };
}

interface PagefindPage {
  url: string;
  subs: string[];
}

/** Every result of Pagefind's own `pagefind.js` for each query, with its sub-results. */
async function pagefindResults(browser: Browser, origin: string, queries: string[]): Promise<PagefindPage[][]> {
  const h = await harness(browser, origin, 'pagefind');
  try {
    return await h.page.evaluate(async (qs) => {
      const pf = (await import('/pagefind/pagefind.js' as string)) as {
        options(o: object): Promise<void>;
        search(q: string): Promise<{ results: Array<{ data(): Promise<{ url: string; sub_results?: Array<{ url: string }> }> }> }>;
      };
      await pf.options({});
      const out: Array<Array<{ url: string; subs: string[] }>> = [];
      for (const q of qs) {
        const r = await pf.search(q);
        const data = await Promise.all(r.results.map((x) => x.data()));
        out.push(data.map((d) => ({ url: d.url, subs: (d.sub_results ?? []).map((s) => s.url) })));
      }
      return out;
    }, queries);
  } finally {
    await h.close();
  }
}

function pagefindHits(dist: string, pages: PagefindPage[], maps: Map<string, (a: string) => string>): RankedHit[] {
  const hits: RankedHit[] = [];
  for (const p of pages) {
    const m = /\/briefings\/(.+?)\/?$/u.exec(decodeURI(p.url));
    if (!m) continue;
    const slug = m[1]!;
    if (!maps.has(slug)) maps.set(slug, anchorMap(dist, slug));
    const map = maps.get(slug)!;
    const subs = p.subs.length > 0 ? p.subs : [p.url];
    for (const s of subs) hits.push({ key: map(decodeURI(s).split('#')[1] ?? ''), partial: false });
  }
  return hits;
}

function detail(hits: RankedHit[], judged: Map<string, Grade>): Scores & { missed: string[]; wrong: string[]; top: string[] } {
  const answers = new Set(hits.filter((h) => !h.partial).map((h) => h.key));
  return {
    ...scoreRanking(hits, judged),
    missed: [...judged].filter(([k, g]) => g > 0 && !answers.has(k)).map(([k]) => k),
    wrong: [...answers].filter((k) => (judged.get(k) ?? 0) === 0),
    top: hits.slice(0, 10).map((h) => `${h.key}${h.partial ? ' (part of a word)' : ''} ${judged.get(h.key) ?? 0}`),
  };
}

interface Prepared {
  dist: string;
  queries: JudgedQuery[];
  judged: Map<JudgedQuery, Map<string, Grade>>;
  statements: number;
  briefings: number;
}

/** The judged set resolved against DIR's transcripts, and the site built when it is missing (or `build`). */
async function prepare(opts: EvalOptions): Promise<Prepared> {
  const { content, dist } = scratchLayout(opts.dir);
  if (!existsSync(content)) throw new Error(`${opts.dir} has no content/ folder: give the folder whose content/ holds the transcripts`);
  const queries = readJudged(opts.judged);
  const briefings = await loadBriefings(content);
  const statements = briefings.flatMap(statementsOf);
  const judged = resolveJudged(opts.judged, queries, statements);
  if (opts.build || !existsSync(path.join(dist, 'search', 'manifest.json'))) await buildSite(opts.dir, opts.log);
  return { dist, queries, judged, statements: statements.length, briefings: briefings.length };
}

export async function runSearchEval(opts: EvalOptions, engines: EvalEngine[]): Promise<EvalReport> {
  const p = await prepare(opts);
  const { dist, queries } = p;
  const hits = new Map<EvalEngine, RankedHit[][]>();
  if (engines.includes('ours')) {
    const engine = openSearch(dist);
    hits.set('ours', await Promise.all(queries.map((q) => oursHits(engine, q.query))));
  }
  if (engines.includes('pagefind')) {
    if (opts.pagefind || !existsSync(path.join(dist, 'pagefind', 'pagefind.js'))) {
      opts.log('indexing the same pages with Pagefind…');
      await runPagefind(dist, opts.dir, opts.log);
    }
    const server = await serveForBench(dist);
    const browser = await launchChromium();
    try {
      const pages = await pagefindResults(browser, server.origin, queries.map((q) => q.query));
      const maps = new Map<string, (a: string) => string>();
      hits.set('pagefind', pages.map((pg) => pagefindHits(dist, pg, maps)));
    } finally {
      await browser.close();
      await server.close();
    }
  }
  return report(queries, p.judged, hits, engines, p.statements, p.briefings);
}

export interface TuningRow extends Ranking {
  /** Mean nDCG@10 over the judged queries, statement and briefing level; recall and precision do not depend on the ranking. */
  statement: number;
  briefing: number;
}

/** Ours on the judged set under every ranking of the grid (ranking.ts), best first. */
export async function tuneRanking(opts: EvalOptions, grid: { k1: number[]; b: number[]; lead: number[] }): Promise<TuningRow[]> {
  const p = await prepare(opts);
  const rows: TuningRow[] = [];
  for (const k1 of grid.k1) {
    for (const b of grid.b) {
      for (const lead of grid.lead) {
        const engine = openSearch(p.dist, { ranking: { k1, b, lead } });
        const s: Scores[] = [];
        const br: Scores[] = [];
        for (const q of p.queries) {
          const h = await oursHits(engine, q.query);
          const j = p.judged.get(q)!;
          s.push(scoreRanking(h, j));
          const bl = briefingLevel(h, j);
          br.push(scoreRanking(bl.hits, bl.judged));
        }
        rows.push({ k1, b, lead, statement: meanScores(s).ndcg10 ?? 0, briefing: meanScores(br).ndcg10 ?? 0 });
      }
    }
  }
  return rows.sort((x, y) => y.statement - x.statement || y.briefing - x.briefing);
}

function report(queries: JudgedQuery[], judged: Map<JudgedQuery, Map<string, Grade>>, hits: Map<EvalEngine, RankedHit[][]>, engines: EvalEngine[], statements: number, briefings: number): EvalReport {
  const results: QueryResult[] = queries.map((q, i) => {
    const j = judged.get(q)!;
    const statement = {} as QueryResult['statement'];
    const briefing = {} as QueryResult['briefing'];
    for (const e of engines) {
      const h = hits.get(e)![i]!;
      statement[e] = detail(h, j);
      const b = briefingLevel(h, j);
      briefing[e] = scoreRanking(b.hits, b.judged);
    }
    return { query: q.query, cls: q.cls, statement, briefing };
  });
  const classes: EvalReport['classes'] = {};
  for (const cls of [...new Set(queries.map((q) => q.cls)), 'all']) {
    const rs = results.filter((r) => cls === 'all' || r.cls === cls);
    classes[cls] = { statement: {}, briefing: {} };
    for (const e of engines) {
      classes[cls].statement[e] = meanScores(rs.map((r) => r.statement[e]));
      classes[cls].briefing[e] = meanScores(rs.map((r) => r.briefing[e]));
    }
  }
  return { statements, briefings, engines, queries: results, classes };
}

const f = (x: number | null | undefined): string => (x === null || x === undefined ? '  –  ' : x.toFixed(3));

/** The per-class table (statement level, then briefing level), and, with `details`, every query of ours that missed or found a wrong statement. */
export function formatReport(r: EvalReport, details: boolean): string {
  const lines: string[] = [`${r.queries.length} queries over ${r.statements} statements of ${r.briefings} briefings (recall and precision count answers; nDCG@10 the ranking as shown)`];
  for (const level of ['statement', 'briefing'] as const) {
    lines.push('', `${level} level`.padEnd(16) + r.engines.map((e) => `| ${e.padEnd(8)} recall precision nDCG@10 `).join(''));
    for (const [cls, m] of Object.entries(r.classes)) {
      lines.push(`${cls.padEnd(12)}${String(m[level].ours?.queries ?? m[level].pagefind?.queries).padStart(4)}` + r.engines.map((e) => `| ${' '.repeat(8)} ${f(m[level][e]!.recall)}  ${f(m[level][e]!.precision)}    ${f(m[level][e]!.ndcg10)}  `).join(''));
    }
  }
  if (details && r.engines.includes('ours')) {
    lines.push('', 'ours, queries short of 1.0 (statement level):');
    for (const q of r.queries) {
      const s = q.statement.ours;
      if (s.recall === 1 && s.precision === 1 && (s.ndcg10 === null || s.ndcg10 > 0.999)) continue;
      lines.push(`  [${q.cls}] ${q.query}: recall ${f(s.recall)} precision ${f(s.precision)} nDCG@10 ${f(s.ndcg10)}`);
      if (s.missed.length > 0) lines.push(`    missed: ${s.missed.join(', ')}`);
      if (s.wrong.length > 0) lines.push(`    wrong:  ${s.wrong.join(', ')}`);
      if (s.ndcg10 !== null && s.ndcg10 < 0.999) lines.push(`    top:    ${s.top.join(' · ')}`);
    }
  }
  return lines.join('\n');
}
