/**
 * Search the built site from the command line, with the engine and the index files the browser uses:
 *
 *   npm run search -- [--dist DIR] [--role official|reporter] [--speaker S] [--kind K]
 *                     [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--scope statement|briefing]
 *                     [--sort score|date|date-asc] [--limit N (0 = all, default 20)] [--offset N] [--json] "<query>"
 *   npm run search -- [--dist DIR] [--limit N] [--json] --quote "TEXT"
 *
 * The query may carry operators (speaker:, role:, kind:, from:, to:, year:, A NEAR B), read by the engine
 * as the page reads them; one that cannot be used is refused here as a wrong flag is. `--quote` checks a
 * quote: the statements closest to it, best first, in the search page's order (`?quote=`).
 *
 * URLs are printed with the base path recorded in the index, so they are the site's own links.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { OPERATOR_HELP, parseOperators, QUOTE_LIMIT, QuoteError, SearchIndexError, type DiffSegment, type QuoteMatch, type SearchEngine, type SearchOptions, type Snippet } from '../src/search/query/engine.ts';
import { openSearch } from '../src/search/query/node.ts';
import { isStatementRole, STATEMENT_ROLES } from '../src/model/vocabulary.ts';
import { identityName } from '../src/model/identity.ts';
import { choices, DEFAULT_LIMIT, FILTERS, isScope, isSort, SCOPES, SORTS } from '../src/search/options.ts';

const USAGE = `usage: npm run search -- [--dist DIR] [--role ${STATEMENT_ROLES.join('|')}] [--speaker S] [--kind K]
                         [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--scope ${SCOPES.join('|')}] [--sort ${SORTS.join('|')}]
                         [--limit N (0 = all, default ${DEFAULT_LIMIT})] [--offset N] [--json] "<query>"
       npm run search -- [--dist DIR] [--limit N (default ${QUOTE_LIMIT})] [--json] --quote "TEXT"

Query: words separated by spaces must all appear; "a phrase" must appear exactly; -word excludes
(also as the first word: npm run search -- "-北朝鮮 ミサイル").
Operators in the query, the same as the flags: ${OPERATOR_HELP.map((h) => h.syntax).join('  ')}
(e.g. npm run search -- "ミサイル NEAR 発射 speaker:中谷 year:2025").
--quote: the statements closest to a quote, best first, with what differs ([+in the quote only+],
[-said but left out-]); --json prints [{briefing, turn, url, similarity, diff}].
--speaker: a person (中谷 元, or the family name 中谷), a position (統合幕僚長, or 統幕長), or a reporter's outlet.`;

class UsageError extends Error {}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/u;

/** YYYY-MM-DD naming a day that exists (2023-02-29 and 2025-13-01 do not). */
function isRealDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

const OPTIONS = {
  dist: { type: 'string', default: 'dist' },
  role: { type: 'string' },
  speaker: { type: 'string' },
  kind: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  sort: { type: 'string' },
  scope: { type: 'string' },
  limit: { type: 'string' },
  offset: { type: 'string' },
  json: { type: 'boolean', default: false },
  quote: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/**
 * The arguments with the query's words after a `--`: a word starting with `-` is an excluded term
 * (`-北朝鮮 ミサイル`), not an option, unless it is `--name` or `-h`. An option's value is left with it.
 */
function queryAfterOptions(argv: string[]): string[] {
  const options: string[] = [];
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      words.push(...argv.slice(i + 1));
      break;
    }
    if (a === '-h') options.push(a);
    else if (a.startsWith('--')) {
      options.push(a);
      const spec = OPTIONS[a.slice(2) as keyof typeof OPTIONS] as { type: string } | undefined;
      if (spec?.type === 'string' && !a.includes('=') && i + 1 < argv.length) options.push(argv[++i]!);
    } else words.push(a);
  }
  return [...options, '--', ...words];
}

interface Args {
  dist: string;
  json: boolean;
  query: string;
  opts: SearchOptions;
  /** A quote to check instead of a query. */
  quote?: string;
}

function options(argv: string[]): Args {
  let parsed;
  try {
    parsed = parseArgs({
      args: queryAfterOptions(argv),
      allowPositionals: true,
      options: OPTIONS,
    });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const v = parsed.values;
  if (v.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const opts: SearchOptions = {};
  if (v.role !== undefined) {
    if (!isStatementRole(v.role)) throw new UsageError(`--role must be one of ${STATEMENT_ROLES.join(', ')} (got "${v.role}")`);
    opts.role = v.role;
  }
  if (v.speaker) opts.speaker = v.speaker;
  if (v.kind) opts.kind = v.kind;
  for (const k of ['from', 'to'] as const) {
    const d = v[k];
    if (d === undefined) continue;
    if (!isRealDate(d)) throw new UsageError(`--${k} must be a real date written YYYY-MM-DD (got "${d}")`);
    opts[k] = d;
  }
  if (v.sort !== undefined) {
    if (!isSort(v.sort)) throw new UsageError(`--sort must be ${choices(SORTS)} (got "${v.sort}")`);
    opts.sort = v.sort;
  }
  if (v.scope !== undefined) {
    if (!isScope(v.scope)) throw new UsageError(`--scope must be ${choices(SCOPES)} (got "${v.scope}")`);
    opts.scope = v.scope;
  }
  if (opts.from && opts.to && opts.from > opts.to) throw new UsageError(`--from ${opts.from} is after --to ${opts.to}`);
  opts.limit = DEFAULT_LIMIT;
  if (v.limit !== undefined) {
    if (!/^\d{1,9}$/u.test(v.limit)) throw new UsageError(`--limit must be a whole number, 0 for all (got "${v.limit}")`);
    opts.limit = Number(v.limit);
  }
  if (v.offset !== undefined) {
    if (!/^\d{1,9}$/u.test(v.offset)) throw new UsageError(`--offset must be a whole number (got "${v.offset}")`);
    opts.offset = Number(v.offset);
  }
  const query = parsed.positionals.join(' ').trim();
  if (v.quote !== undefined) return quoteArgs(v.quote, query, opts, { dist: v.dist!, json: v.json!, limited: v.limit !== undefined });
  checkQuery(query, opts);
  return { dist: v.dist!, json: v.json!, query, opts };
}

/** The typed operators refused as their flags are; a query, an operator or a flag must say something. */
function checkQuery(query: string, opts: SearchOptions): void {
  const typed = parseOperators(query);
  if (typed.errors.length > 0) throw new UsageError(typed.errors.map((e) => e.message).join('\n'));
  const filtered = FILTERS.some((f) => opts[f] || typed.filters[f]);
  if (!typed.query.trim() && !filtered) throw new UsageError('give a query (or at least one filter)');
}

/** --quote alone: no query words, filters, sorting or paging beside it (the page's quote mode has none). */
function quoteArgs(quote: string, query: string, opts: SearchOptions, a: { dist: string; json: boolean; limited: boolean }): Args {
  if (query) throw new UsageError(`--quote takes the quote as its value, with no query beside it (got also "${query}")`);
  const extra = (Object.keys(opts) as Array<keyof SearchOptions>).filter((k) => k !== 'limit');
  if (extra.length > 0) throw new UsageError(`--quote cannot be combined with --${extra.join(', --')}`);
  if (!quote.trim()) throw new UsageError('give the quote to check: --quote "TEXT"');
  const limit = a.limited ? opts.limit || Number.MAX_SAFE_INTEGER : QUOTE_LIMIT;
  return { dist: a.dist, json: a.json, query: '', opts: { limit }, quote };
}

/**
 * A snippet for a terminal: marks in bold yellow, or «…» when the output is not a terminal; a match
 * that is only part of another word dim, or ‹…›.
 */
function plainSnippet(snippet: Snippet, tty: boolean): string {
  const partial = new Set(snippet.partial.map(([s, e]) => `${s}:${e}`));
  let out = snippet.before ? '…' : '';
  let at = 0;
  for (const [s, e] of snippet.marks) {
    const part = partial.has(`${s}:${e}`);
    const [open, close] = tty ? [part ? '\x1b[2;33m' : '\x1b[1;33m', '\x1b[0m'] : part ? ['‹', '›'] : ['«', '»'];
    out += snippet.text.slice(at, s) + open + snippet.text.slice(s, e) + close;
    at = e;
  }
  return out + snippet.text.slice(at) + (snippet.after ? '…' : '');
}

/** A quote's diff for a terminal: what only the quote has in green, what it left out in red; [+…+] and [-…-] in a pipe. */
function plainDiff(diff: DiffSegment[], tty: boolean): string {
  const marks = { ins: tty ? ['\x1b[32m', '\x1b[0m'] : ['[+', '+]'], del: tty ? ['\x1b[9;31m', '\x1b[0m'] : ['[-', '-]'] };
  return diff.map((d) => (d.op === 'equal' ? d.text : marks[d.op][0] + d.text + marks[d.op][1])).join('');
}

function printQuote(matches: QuoteMatch[], json: boolean): void {
  if (json) {
    const list = matches.map((m) => ({ briefing: m.briefing, turn: m.turn, url: m.url, similarity: m.similarity, diff: m.diff }));
    process.stdout.write(JSON.stringify(list, null, 2) + '\n');
    return;
  }
  const tty = process.stdout.isTTY === true;
  console.log(`${matches.length} statement(s), closest first`);
  matches.forEach((m, i) => {
    const who = m.person ? identityName({ person: m.person, ...(m.position ? { position: m.position } : {}) }) : m.speaker;
    console.log('');
    console.log(`${i + 1}. similarity ${m.similarity.toFixed(2)}  ${m.date}  ${m.title}`);
    console.log(`   ${who || '(lead)'} [${m.role}]`);
    console.log(`   ${plainDiff(m.diff, tty)}`);
    console.log(`   ${m.url}`);
    for (const o of m.others ?? []) console.log(`   also joined: 「${o.piece}」 ${o.url}`);
  });
}

async function runQuote(engine: SearchEngine, args: Args): Promise<void> {
  printQuote(await engine.quote(args.quote!, { limit: args.opts.limit! }), args.json);
}

async function main(): Promise<number> {
  let args;
  try {
    args = options(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`search: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
  const engine = openSearch(args.dist);
  try {
    if (args.quote !== undefined) await runQuote(engine, args);
    else await runSearch(engine, args);
  } catch (e) {
    if (e instanceof SearchIndexError) {
      console.error(`search: ${e.message}\n(index looked for in ${path.resolve(args.dist, 'search')})`);
      return 1;
    }
    if (e instanceof QuoteError) {
      console.error(`search: ${e.message}`);
      return 2;
    }
    throw e;
  }
  return 0;
}

async function runSearch(engine: SearchEngine, args: Args): Promise<void> {
  const result = await engine.search(args.query, args.opts);
  if (args.json) {
    const hits = result.hits.map((h) => ({
      url: h.url,
      briefing: h.briefing,
      turn: h.turn,
      order: h.order,
      title: h.title,
      date: h.date,
      role: h.role,
      speaker: h.speaker,
      label: h.label,
      person: h.person,
      position: h.position,
      topic: h.topic,
      snippet: h.snippet,
      score: h.score,
      partial: h.partial,
    }));
    process.stdout.write(JSON.stringify({ total: result.total, hits, histogram: result.histogram }, null, 2) + '\n');
    return;
  }
  const tty = process.stdout.isTTY === true;
  const shown = result.hits.length;
  console.log(`${result.total} statement(s) found${shown < result.total ? `, showing ${shown}` : ''}`);
  result.hits.forEach((h, i) => {
    console.log('');
    console.log(`${i + 1}. ${h.date}  ${h.title}`);
    const who = h.person ? identityName({ person: h.person, ...(h.position ? { position: h.position } : {}) }) : h.speaker;
    console.log(`   ${who || '(lead)'} [${h.role}]${h.topic ? `  — ${h.topic}` : ''}${h.partial ? '  (part of a word only)' : ''}`);
    console.log(`   ${plainSnippet(h.snippet, tty)}`);
    console.log(`   ${h.url}`);
  });
}

// exitCode rather than exit(): a large --json answer must drain into a pipe before the process ends.
main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(`search: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  },
);
