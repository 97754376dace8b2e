/**
 * The benchmark: for each corpus size, in a scratch directory — generate the corpus, build the site
 * cold and again after one transcript changed, index the same dist/ with Pagefind, and query both
 * engines in Chromium. Measures and reports; asserts nothing.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalizeForAnalysis } from '../japanese/normalize.ts';
import { getTokenizer, splitPieces } from '../japanese/tokenize.ts';
import { loadBriefings, statementsOf } from '../transcript/read.ts';
import { firstQueryBytes, launchChromium, serveForBench, warmRuns, type Engine } from './browser.ts';
import { generateCorpus } from './corpus.ts';
import { openSearch } from '../search/query/node.ts';
import { benchQueries, QUERY_CLASSES, type BenchQuery, type QueryClass } from './queries.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'node_modules/.bin');

export interface EngineFigures {
  build_s?: number;
  incremental_s?: number;
  peak_rss_mb?: number;
  tokenize_chars_per_s?: number;
  kuromoji_chars_per_s?: number;
  index_bytes: number;
  first_query_bytes: number;
  query_ms_p50: number;
  query_ms_p95: number;
  /** Recall per query class, briefing level (the level both engines have). */
  quality: Partial<Record<QueryClass, number>>;
  /** Precision per class at briefing level, and (ours) recall/precision at statement level. */
  precision: Partial<Record<QueryClass, number>>;
  statement_recall?: Partial<Record<QueryClass, number>>;
  statement_precision?: Partial<Record<QueryClass, number>>;
  /** Why this engine has no figures for the size. */
  error?: string;
}

export interface BenchRun {
  size: number;
  chars: number;
  /** Set when this size could not be measured to the end (e.g. the build ran out of memory). */
  error?: string;
  queries: Array<{ cls: QueryClass; query: string; truth: number; ours: number; pagefind: number }>;
  ours: EngineFigures;
  pagefind: EngineFigures;
}

export interface BenchOptions {
  sizes: number[];
  seed: number;
  runs: number;
  log: (line: string) => void;
  keep?: boolean;
  /** At most this many queries of each class (the smoke test's shortcut); default all. */
  perClass?: number;
  /** Do not run Pagefind (e.g. at a size where it was already seen to run out of memory); recorded as skipped. */
  skipPagefind?: string;
}

function machine() {
  return {
    cpus: cpus().length,
    cpu_model: cpus()[0]?.model ?? 'unknown',
    memory_gb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

function duBytes(dir: string, skip: (rel: string) => boolean = () => false, rel = ''): number {
  let n = 0;
  for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = path.join(rel, e.name);
    if (skip(r)) continue;
    n += e.isDirectory() ? duBytes(dir, skip, r) : statSync(path.join(dir, r)).size;
  }
  return n;
}

function emptyFigures(): EngineFigures {
  return { index_bytes: NaN, first_query_bytes: NaN, query_ms_p50: NaN, query_ms_p95: NaN, quality: {}, precision: {} };
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const median = (xs: number[]) => percentile(xs, 50);

/** Run a command with the project's Node first on PATH; resolve with wall time, peak RSS and output. */
function timed(cmd: string, args: string[], env: Record<string, string>, log: (l: string) => void): Promise<{ s: number; rssMb: number; output: string }> {
  const rssFile = path.join(tmpdir(), `kaiken-rss-${process.pid}-${Date.now()}`);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: ROOT,
      env: {
        ...process.env,
        PATH: `${BIN}${path.delimiter}${process.env['PATH'] ?? ''}`,
        ASTRO_TELEMETRY_DISABLED: '1',
        // Peak RSS of the whole build process (worker threads included), written when it exits.
        NODE_OPTIONS: `${process.env['NODE_OPTIONS'] ?? ''} --import ${path.join(ROOT, 'scripts/report-rss.mjs')}`.trim(),
        KAIKEN_RSS_FILE: rssFile,
        ...env,
      },
    });
    let output = '';
    const take = (d: Buffer) => {
      output += d;
      for (const line of String(d).split('\n')) if (/tokenized|search index|transcript\(s\)|error/iu.test(line)) log(`    ${line.trim()}`);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', reject);
    child.on('close', (code) => {
      const s = (performance.now() - started) / 1000;
      if (code !== 0) return reject(new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${output.slice(-4000)}`));
      const rssMb = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) / 1024 : NaN;
      rmSync(rssFile, { force: true });
      resolve({ s, rssMb, output });
    });
  });
}

/** Raw kuromoji on the same text, this thread, same pieces: the reference for our throughput. */
async function rawKuromojiCharsPerSecond(texts: string[], budgetChars: number): Promise<number> {
  const tokenizer = await getTokenizer();
  // Warm the tokenizer the way a long build is warm.
  tokenizer.tokenize('日韓の防衛相会談につきまして報告させていただきます。');
  let chars = 0;
  const t0 = performance.now();
  for (const text of texts) {
    const norm = normalizeForAnalysis(text).text;
    for (const [s, e] of splitPieces(norm)) tokenizer.tokenize(norm.slice(s, e));
    chars += norm.length;
    if (chars >= budgetChars) break;
  }
  return chars / ((performance.now() - t0) / 1000);
}

/** Pagefind over the same pages, as a Starlight site gives them: main content marked, turns as headings with ids. */
export function pagefindSite(dist: string, into: string): void {
  cpSync(dist, into, { recursive: true, filter: (src) => !src.includes(`${path.sep}search${path.sep}`) || src.endsWith('.html') });
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.html') && p.includes(`${path.sep}briefings${path.sep}`)) {
        const html = readFileSync(p, 'utf8')
          .replace('<article class="briefing"', '<article data-pagefind-body class="briefing"')
          .replace(/<article id="(t\d+)"([^>]*)><header><span class="speaker">([^<]*)<\/span>/gu, '<article$2><header><h4 id="$1" class="speaker">$3</h4>');
        writeFileSync(p, html);
      }
    }
  };
  walk(into);
}

function score(hitsByQuery: Map<string, string[]>, queries: BenchQuery[], level: 'briefing' | 'statement') {
  const recall: Partial<Record<QueryClass, number>> = {};
  const precision: Partial<Record<QueryClass, number>> = {};
  for (const cls of QUERY_CLASSES) {
    const qs = queries.filter((q) => q.cls === cls);
    if (qs.length === 0) continue;
    let r = 0;
    let p = 0;
    for (const q of qs) {
      const key = (u: string) => {
        const m = /briefings\/(.+?)\/?(?:#(.+))?$/u.exec(decodeURI(u));
        if (!m) return null;
        return level === 'briefing' ? m[1]! : `${m[1]}#${m[2] ?? ''}`;
      };
      const got = new Set((hitsByQuery.get(q.query) ?? []).map(key).filter((k): k is string => k !== null && (level === 'briefing' || !k.endsWith('#'))));
      const want = level === 'briefing' ? new Set([...q.truth].map((k) => k.split('#')[0]!)) : q.truth;
      const found = [...want].filter((k) => got.has(k)).length;
      r += want.size === 0 ? 1 : found / want.size;
      p += got.size === 0 ? (want.size === 0 ? 1 : 0) : [...got].filter((k) => want.has(k)).length / got.size;
    }
    recall[cls] = Number((r / qs.length).toFixed(3));
    precision[cls] = Number((p / qs.length).toFixed(3));
  }
  return { recall, precision };
}

export async function runBench(opts: BenchOptions): Promise<{ machine: ReturnType<typeof machine>; runs: BenchRun[] }> {
  const runs: BenchRun[] = [];
  const browser = await launchChromium();
  try {
    for (const size of opts.sizes) {
      const scratch = mkdtempSync(path.join(tmpdir(), `kaiken-bench-${size}-`));
      opts.log(`size ${size}: scratch ${scratch}`);
      try {
        const content = path.join(scratch, 'content');
        const corpus = await generateCorpus({ count: size, seed: opts.seed, out: content });
        opts.log(`  corpus: ${corpus.files} files, ${corpus.characters} chars`);
        const env = {
          CONTENT_DIR: content,
          OUT_DIR: path.join(scratch, 'dist'),
          KAIKEN_CACHE_DIR: path.join(scratch, 'token-cache'),
          ASTRO_CACHE_DIR: path.join(scratch, 'astro-cache'),
          BASE_PATH: '/',
        };
        const astro = [path.join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build', '--root', ROOT];
        const node = path.join(BIN, 'node');

        opts.log('  cold build…');
        const cold = await timed(node, astro, env, opts.log);
        const tok = /tokenization (\d+) ms, (\d+) chars/u.exec(cold.output);
        const tokenizeCps = tok ? Number(tok[2]) / (Number(tok[1]) / 1000) : NaN;

        // One transcript changes: a sentence added to its last statement.
        const first = readdirSync(content, { recursive: true, withFileTypes: true }).find((e) => e.isFile() && e.name.endsWith('.md'))!;
        const edited = path.join(first.parentPath, first.name);
        writeFileSync(edited, `${readFileSync(edited, 'utf8').trimEnd()}追記の一文です。\n`);
        opts.log('  incremental build…');
        const incremental = await timed(node, astro, env, opts.log);

        const dist = env.OUT_DIR;
        const briefings = await loadBriefings(content);
        const statements = briefings.flatMap(statementsOf);
        opts.log('  raw kuromoji on the same text…');
        const kuromojiCps = await rawKuromojiCharsPerSecond(statements.map((s) => s.text), 2_000_000);

        opts.log(`  ours: cold ${cold.s.toFixed(1)} s (peak RSS ${Math.round(cold.rssMb)} MB), incremental ${incremental.s.toFixed(1)} s`);
        opts.log('  pagefind…');
        const pfSite = path.join(scratch, 'pagefind-site');
        if (!opts.skipPagefind) pagefindSite(dist, pfSite);
        // Pagefind failing (at 10,000 briefings it was killed for memory) is a result, not the end of the run.
        let pf: { s: number; rssMb: number } | null = null;
        let pagefindError: string | undefined;
        try {
          if (opts.skipPagefind) throw new Error(`skipped: ${opts.skipPagefind}`);
          pf = await timed(path.join(BIN, 'pagefind'), ['--site', pfSite, '--force-language', 'ja'], {}, opts.log);
          cpSync(path.join(pfSite, 'pagefind'), path.join(dist, 'pagefind'), { recursive: true });
        } catch (error) {
          pagefindError = `Pagefind did not finish: ${(error as Error).message.split('\n')[0]}`;
          opts.log(`  ${pagefindError}`);
        }
        rmSync(pfSite, { recursive: true, force: true });

        const queries = benchQueries(content, statements).filter(
          (q, i, all) => opts.perClass === undefined || all.filter((x) => x.cls === q.cls).indexOf(q) < opts.perClass,
        );
        opts.log(`  ${queries.length} queries in Chromium…`);
        const server = await serveForBench(dist);
        const figures: Record<Engine, { bytes: number[]; times: number[]; hits: Map<string, string[]> }> = {
          ours: { bytes: [], times: [], hits: new Map() },
          pagefind: { bytes: [], times: [], hits: new Map() },
        };
        try {
          for (const engine of pf ? (['ours', 'pagefind'] as const) : (['ours'] as const)) {
            for (const q of queries) figures[engine].bytes.push(await firstQueryBytes(browser, server, engine, q.query));
            const warm = await warmRuns(browser, server.origin, engine, queries.map((q) => q.query), opts.runs, engine === 'pagefind');
            figures[engine].times = warm.times;
            figures[engine].hits = warm.hits;
          }
          // Every hit of ours: the same engine over the same files, through its Node loader.
          const ours = openSearch(dist);
          for (const q of queries) figures.ours.hits.set(q.query, (await ours.search(q.query, { limit: 0 })).hits.map((h) => h.url));
        } finally {
          await server.close();
        }
        const oursB = score(figures.ours.hits, queries, 'briefing');
        const oursS = score(figures.ours.hits, queries, 'statement');
        const pfB = score(figures.pagefind.hits, queries, 'briefing');
        const brief = (urls: string[] | undefined) => new Set((urls ?? []).map((u) => u.split('#')[0])).size;
        runs.push({
          size,
          chars: corpus.characters,
          queries: queries.map((q) => ({ cls: q.cls, query: q.query, truth: q.truth.size, ours: figures.ours.hits.get(q.query)?.length ?? 0, pagefind: brief(figures.pagefind.hits.get(q.query)) })),
          ours: {
            build_s: Number(cold.s.toFixed(1)),
            incremental_s: Number(incremental.s.toFixed(1)),
            peak_rss_mb: Math.round(cold.rssMb),
            tokenize_chars_per_s: Math.round(tokenizeCps),
            kuromoji_chars_per_s: Math.round(kuromojiCps),
            index_bytes: duBytes(path.join(dist, 'search'), (r) => r === 'index.html'),
            first_query_bytes: Math.round(median(figures.ours.bytes)),
            query_ms_p50: Number(median(figures.ours.times).toFixed(2)),
            query_ms_p95: Number(percentile(figures.ours.times, 95).toFixed(2)),
            quality: oursB.recall,
            precision: oursB.precision,
            statement_recall: oursS.recall,
            statement_precision: oursS.precision,
          },
          pagefind: pf === null ? { ...emptyFigures(), error: pagefindError! } : {
            build_s: Number(pf.s.toFixed(1)),
            peak_rss_mb: Math.round(pf.rssMb),
            index_bytes: duBytes(path.join(dist, 'pagefind')),
            first_query_bytes: Math.round(median(figures.pagefind.bytes)),
            query_ms_p50: Number(median(figures.pagefind.times).toFixed(2)),
            query_ms_p95: Number(percentile(figures.pagefind.times, 95).toFixed(2)),
            quality: pfB.recall,
            precision: pfB.precision,
          },
        });
        opts.log(`  done: ours ${JSON.stringify(runs.at(-1)!.ours)}`);
        opts.log(`        pagefind ${JSON.stringify(runs.at(-1)!.pagefind)}`);
      } catch (error) {
        // A size that fails (out of memory, say) is itself a result: record it and go on.
        const message = error instanceof Error ? error.message : String(error);
        opts.log(`  size ${size} failed: ${message.slice(0, 2000)}`);
        runs.push({ size, chars: 0, error: message.slice(-2000), queries: [], ours: emptyFigures(), pagefind: emptyFigures() });
      } finally {
        if (!opts.keep) rmSync(scratch, { recursive: true, force: true });
      }
    }
  } finally {
    await browser.close();
  }
  return { machine: machine(), runs };
}

/** The Markdown table of a run set, both engines side by side. */
export function resultsMarkdown(result: { machine: ReturnType<typeof machine>; runs: BenchRun[] }, command: string): string {
  const m = result.machine;
  const lines = [
    '# Benchmark results',
    '',
    `Machine: ${m.cpus} cores (${m.cpu_model}), ${m.memory_gb} GB memory, Node ${m.node}, ${m.platform}.`,
    `Command: \`${command}\`. Synthetic corpus (\`npm run corpus\`), same dist/ for both engines; Pagefind 1.6 run with`,
    '`--force-language ja` over pages whose main content is marked `data-pagefind-body` and whose turns are headings with ids',
    '(sub-results). Bytes are on the wire (gzip), cold cache, median over the query list; latency is warm, top 10 shown.',
    'Quality is recall per query class at briefing level (precision in brackets); truth comes from the corpus generator.',
    '',
  ];
  for (const r of result.runs) {
    if (r.error) {
      lines.push(`## ${r.size} briefings`, '', 'Not measured to the end:', '', '```', r.error.trim(), '```', '');
      continue;
    }
    lines.push(`## ${r.size} briefings (${(r.chars / 1e6).toFixed(1)} M characters)`, '', '| metric | ours | Pagefind |', '|---|---|---|');
    const pfOk = !r.pagefind.error;
    const row = (name: string, a: unknown, b: unknown) => lines.push(`| ${name} | ${a ?? '—'} | ${pfOk ? (b ?? '—') : '—'} |`);
    if (!pfOk) lines.push(`| Pagefind | | ${r.pagefind.error} |`);
    row('cold build (s)', r.ours.build_s, `${r.pagefind.build_s} (index only, after our build)`);
    row('incremental build, one transcript changed (s)', r.ours.incremental_s, '—');
    row('peak RSS (MB)', r.ours.peak_rss_mb, r.pagefind.peak_rss_mb);
    row('tokenization (chars/s, all cores)', r.ours.tokenize_chars_per_s, '—');
    row('raw kuromoji, one thread, same text (chars/s)', r.ours.kuromoji_chars_per_s, '—');
    row('index bytes', r.ours.index_bytes.toLocaleString('en'), r.pagefind.index_bytes.toLocaleString('en'));
    row('first-query bytes (median)', r.ours.first_query_bytes.toLocaleString('en'), r.pagefind.first_query_bytes.toLocaleString('en'));
    row('warm query p50 / p95 (ms)', `${r.ours.query_ms_p50} / ${r.ours.query_ms_p95}`, `${r.pagefind.query_ms_p50} / ${r.pagefind.query_ms_p95}`);
    for (const cls of QUERY_CLASSES) {
      if (r.ours.quality[cls] === undefined) continue;
      row(
        `quality: ${cls} (recall [precision])`,
        `${r.ours.quality[cls]} [${r.ours.precision[cls]}]; statements ${r.ours.statement_recall?.[cls]} [${r.ours.statement_precision?.[cls]}]`,
        `${r.pagefind.quality[cls]} [${r.pagefind.precision[cls]}]`,
      );
    }
    lines.push('', '<details><summary>queries</summary>', '', '| class | query | truth statements | our hits | Pagefind briefings |', '|---|---|---|---|---|');
    for (const q of r.queries) lines.push(`| ${q.cls} | \`${q.query}\` | ${q.truth} | ${q.ours} | ${q.pagefind} |`);
    lines.push('', '</details>', '');
  }
  return lines.join('\n');
}

export function writeResults(file: string, result: { machine: ReturnType<typeof machine>; runs: BenchRun[] }, command: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  const { machine: m, runs } = result;
  writeFileSync(
    file,
    JSON.stringify({ machine: m, runs: runs.map(({ size, chars, error, ours, pagefind, queries }) => ({ size, chars, ...(error ? { error } : {}), ours, pagefind, queries })) }, null, 2) + '\n',
  );
  // bench/results.json → bench/RESULTS.md; any other name gets its own table beside it.
  const stem = path.basename(file, '.json');
  const md = path.join(path.dirname(file), stem === 'results' ? 'RESULTS.md' : `${stem}.md`);
  writeFileSync(md, resultsMarkdown(result, command));
  return md;
}
