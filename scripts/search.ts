/**
 * Search the built site from the command line, with the engine and the index files the browser uses:
 *
 *   npm run search -- [--dist DIR] [--role official|reporter] [--speaker S] [--kind K]
 *                     [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--sort score|date|date-asc]
 *                     [--limit N (0 = all, default 20)] [--json] "<query>"
 *
 * URLs are printed with the base path recorded in the index, so they are the site's own links.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SearchIndexError, type SearchOptions } from '../src/search/engine.ts';
import { openSearch } from '../src/search/node.ts';
import { isStatementRole, STATEMENT_ROLES } from '../src/transcript/vocabulary.ts';

const USAGE = `usage: npm run search -- [--dist DIR] [--role official|reporter|moderator|lead] [--speaker S] [--kind K]
                         [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--sort score|date|date-asc]
                         [--limit N (0 = all, default 20)] [--json] "<query>"

Query: words separated by spaces must all appear; "a phrase" must appear exactly; -word excludes.`;

class UsageError extends Error {}

const DATE = /^\d{4}-\d{2}-\d{2}$/u;

function options(argv: string[]): { dist: string; json: boolean; query: string; opts: SearchOptions } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        dist: { type: 'string', default: 'dist' },
        role: { type: 'string' },
        speaker: { type: 'string' },
        kind: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        sort: { type: 'string' },
        limit: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
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
    if (!DATE.test(d)) throw new UsageError(`--${k} must be a date written YYYY-MM-DD (got "${d}")`);
    opts[k] = d;
  }
  if (v.sort !== undefined) {
    if (v.sort !== 'score' && v.sort !== 'date' && v.sort !== 'date-asc') throw new UsageError(`--sort must be score, date or date-asc (got "${v.sort}")`);
    opts.sort = v.sort;
  }
  opts.limit = 20;
  if (v.limit !== undefined) {
    if (!/^\d+$/u.test(v.limit)) throw new UsageError(`--limit must be a whole number, 0 for all (got "${v.limit}")`);
    opts.limit = Number(v.limit);
  }
  const query = parsed.positionals.join(' ').trim();
  const filtered = opts.role || opts.speaker || opts.kind || opts.from || opts.to;
  if (!query && !filtered) throw new UsageError('give a query (or at least one filter)');
  return { dist: v.dist!, json: v.json!, query, opts };
}

/** Readable form of a snippet: marks as «…» (bold on a terminal), entities decoded. */
function plainSnippet(html: string, tty: boolean): string {
  const [open, close] = tty ? ['\x1b[1;33m', '\x1b[0m'] : ['«', '»'];
  return html
    .replace(/<mark>/gu, open)
    .replace(/<\/mark>/gu, close)
    .replace(/&lt;/gu, '<')
    .replace(/&gt;/gu, '>')
    .replace(/&quot;/gu, '"')
    .replace(/&#39;/gu, "'")
    .replace(/&amp;/gu, '&');
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
  let result;
  try {
    result = await engine.search(args.query, args.opts);
  } catch (e) {
    if (e instanceof SearchIndexError) {
      console.error(`search: ${e.message}\n(index looked for in ${path.resolve(args.dist, 'search')})`);
      return 1;
    }
    throw e;
  }
  if (args.json) {
    const hits = result.hits.map((h) => ({
      url: h.url,
      briefing: h.briefing,
      title: h.title,
      date: h.date,
      role: h.role,
      speaker: h.speaker,
      topic: h.topic,
      snippet: h.snippet,
      score: h.score,
    }));
    process.stdout.write(JSON.stringify({ total: result.total, hits }, null, 2) + '\n');
    return 0;
  }
  const tty = process.stdout.isTTY === true;
  const shown = result.hits.length;
  console.log(`${result.total} statement(s) found${shown < result.total ? `, showing ${shown}` : ''}`);
  result.hits.forEach((h, i) => {
    console.log('');
    console.log(`${i + 1}. ${h.date}  ${h.title}`);
    console.log(`   ${h.speaker || '(lead)'} [${h.role}]${h.topic ? `  — ${h.topic}` : ''}`);
    console.log(`   ${plainSnippet(h.snippet, tty)}`);
    console.log(`   ${h.url}`);
  });
  return 0;
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
