/**
 * The search index's figures, writer alone (no site build, no browser):
 *   npm run search-figures -- --corpus DIR [--out DIR] [--cache DIR] [--budget N] [--json FILE] [--changed] [--query Q]…
 * or of a site built from the corpus, as it is (its index points into the data it publishes):
 *   npm run search-figures -- --corpus DIR --site DIST [--json FILE] [--query Q]…
 *
 * Writes the index of the corpus (`npm run corpus`) into --out, then reports: files and bytes on disk,
 * raw and stored bytes per kind of block, and — for each of the benchmark's queries and each --query,
 * from a cold engine showing the top 10 as the search page asks for a first screen (`exact: false`: a
 * bounded read) — the bytes and requests a first query costs over HTTP from a host that answers `Range`
 * (206) and from one that ignores it (200, whole files), the time to inflate the blocks it read, whether
 * its total was exact, and what the exact count costs after it (host with ranges). Every first screen
 * is checked against a full read's top 10. JSON (manifest, facets) is counted gzip-compressed, as a CDN
 * sends it; packs as stored. With --changed, last: the index written again after one briefing changed
 * (a sentence appended to its last statement), the state left that way. With --site, nothing is
 * written, and the statements' text a query reads from the site's published data is counted apart
 * ("published text"). Measures and reports; asserts nothing.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync, inflateSync } from 'node:zlib';
import { benchQueries } from '../src/queries.ts';
import { median } from '../src/stats.ts';
import { indexBlocks } from '../src/index-blocks.ts';
import { inflateStored } from '../../src/search/codec.ts';
import { MANIFEST, type BlockKind } from '../../src/search/format.ts';
import { writeIndex } from '../../src/search/index/writer.ts';
import { createSearch, fetchLoader, type Loader } from '../../src/search/query/engine.ts';
import { openSearch } from '../../src/search/query/node.ts';
import { loadBriefings, statementsOf } from '../../src/archive/read.ts';

const USAGE = 'usage: npm run search-figures -- --corpus DIR [--out DIR] [--cache DIR] [--budget N] [--json FILE] [--changed] [--query Q]… | --corpus DIR --site DIST [--json FILE] [--query Q]…';

let values: { corpus?: string; site?: string; out?: string; cache?: string; budget?: string; json?: string; changed?: boolean; query?: string[] };
try {
  ({ values } = parseArgs({
    options: { corpus: { type: 'string' }, site: { type: 'string' }, out: { type: 'string' }, cache: { type: 'string' }, budget: { type: 'string' }, json: { type: 'string' }, changed: { type: 'boolean' }, query: { type: 'string', multiple: true } },
    strict: true,
  }));
} catch (error) {
  process.stderr.write(`search-figures: ${(error as Error).message}\n${USAGE}\n`);
  process.exit(2);
}
if (!values.corpus) {
  process.stderr.write(`search-figures: --corpus is required\n${USAGE}\n`);
  process.exit(2);
}
const corpus = path.resolve(values.corpus);
const fileBudget = values.budget === undefined ? undefined : Number(values.budget);
// The queries and their truth come from the generator's record: only a corpus it wrote will do.
if (!existsSync(path.join(corpus, '_truth.json'))) {
  process.stderr.write(`search-figures: ${values.corpus} has no _truth.json: give a corpus written by \`npm run corpus\`\n${USAGE}\n`);
  process.exit(2);
}
if (fileBudget !== undefined && !(Number.isInteger(fileBudget) && fileBudget > 0)) {
  process.stderr.write(`search-figures: --budget takes a positive whole number\n${USAGE}\n`);
  process.exit(2);
}
if (values.site && (values.out || values.cache || values.budget || values.changed)) {
  process.stderr.write(`search-figures: --site measures a built site as it is: --out, --cache, --budget and --changed write an index\n${USAGE}\n`);
  process.exit(2);
}
const out = path.resolve(values.site ?? values.out ?? `${corpus}-index`);
const cacheDir = path.resolve(values.cache ?? `${corpus}-cache`);
const log = (line: string) => process.stderr.write(`${line}\n`);

const max = (xs: number[]) => Math.max(...xs);
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

// --- the index ---------------------------------------------------------------------------------

const briefings = await loadBriefings(corpus).catch((error: Error) => {
  // ArchiveErrors: every mistake as path:line, as the build says them.
  process.stderr.write(`${error.message}\nsearch-figures: the corpus did not read\n`);
  process.exit(1);
});
const statements = briefings.flatMap(statementsOf);
const inputs = briefings.map((b) => ({
  slug: b.slug,
  hash: createHash('sha256').update(b.source).digest('base64url'),
  date: b.frontmatter.date,
  kind: b.frontmatter.kind,
  statements: () => statementsOf(b),
}));
/** The writer's wall time and the process's CPU time (worker threads included) for one write. */
async function timedWrite(list: typeof inputs): Promise<{ ms: number; cpuMs: number; changed: number; analysed: number }> {
  const cpu = process.cpuUsage();
  const s = await writeIndex(list, out, { base: '/', cacheDir, ...(fileBudget ? { fileBudget } : {}), onProgress: log });
  const used = process.cpuUsage(cpu);
  return { ms: s.ms, cpuMs: (used.user + used.system) / 1000, changed: s.changed, analysed: s.analysed };
}
// --site: the index of a site built from the corpus, with the text its snippets read where the site publishes it.
if (!values.site) log(`writing the index of ${briefings.length} briefings into ${out}…`);
const written = values.site ? null : await timedWrite(inputs);
const searchDir = path.join(out, 'search');

const kinds = new Map<BlockKind, { blocks: number; raw: number; stored: number }>();
/** Which kind of block a byte range of a pack is (`<pack path>@<offset>`), and its length. */
const kindAt = new Map<string, BlockKind>();
const lengthAt = new Map<string, number>();
let inflateMs = 0;
let rawTotal = 0;
for (const { entry, stored, pack } of indexBlocks(searchDir)) {
  kindAt.set(`${pack}@${entry.offset}`, entry.kind);
  lengthAt.set(`${pack}@${entry.offset}`, entry.length);
  const t0 = performance.now();
  const raw = inflateSync(stored);
  inflateMs += performance.now() - t0;
  rawTotal += raw.length;
  const k = kinds.get(entry.kind) ?? { blocks: 0, raw: 0, stored: 0 };
  k.blocks++;
  k.raw += raw.length;
  k.stored += stored.length;
  kinds.set(entry.kind, k);
}
let files = 0;
let diskBytes = 0;
const walk = (dir: string) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) walk(path.join(dir, e.name));
    else {
      files++;
      diskBytes += statSync(path.join(dir, e.name)).size;
    }
  }
};
walk(searchDir);
const manifestBytes = readFileSync(path.join(searchDir, MANIFEST));

// --- first queries over HTTP ----------------------------------------------------------------------

interface Counted {
  url: string;
  bytes: number;
  requests: number;
  close(): Promise<void>;
}

/** The index served as a CDN would: JSON gzipped on the wire, packs as stored; ranges answered or not. */
async function serve(ranges: boolean): Promise<Counted> {
  const counted = { bytes: 0, requests: 0 };
  const server: Server = createServer((req, res) => {
    const file = path.join(out, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    let data: Buffer;
    try {
      data = readFileSync(file);
    } catch {
      return void res.writeHead(404).end();
    }
    counted.requests++;
    const m = /^bytes=(\d+)-(\d+)$/u.exec(req.headers.range ?? '');
    if (ranges && m) {
      const start = Number(m[1]);
      const end = Math.min(data.length - 1, Number(m[2]));
      counted.bytes += end - start + 1;
      return void res.writeHead(206, { 'content-range': `bytes ${start}-${end}/${data.length}` }).end(data.subarray(start, end + 1));
    }
    if (file.endsWith('.json')) {
      const z = gzipSync(data);
      counted.bytes += z.length;
      return void res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'application/json' }).end(z);
    }
    counted.bytes += data.length;
    res.writeHead(200).end(data);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/search/`,
    get bytes() {
      return counted.bytes;
    },
    get requests() {
      return counted.requests;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const bySlug = new Map(briefings.map((b) => [b.slug, b]));
const queries: Array<{ cls: string; query: string }> = [
  ...(await benchQueries(corpus, { slugs: briefings.map((b) => b.slug), statements: (slug) => statementsOf(bySlug.get(slug)!) })),
  ...(values.query ?? []).map((query) => ({ cls: 'given', query })),
];
const ranged = await serve(true);
const whole = await serve(false);
/** What the search page asks for first. */
const FIRST_SCREEN = { limit: 10, exact: false } as const;
const rows: Array<{ cls: string; query: string; ranged: [number, number]; whole: [number, number]; byKind: Record<string, number>; inflateMs: number; blocks: number; ms: number; same: boolean; exact: boolean; count: [number, number] }> = [];
try {
  for (const q of queries) {
    const expected = (await openSearch(out).search(q.query, { limit: 10 })).hits.map((h) => h.url);
    const read: Uint8Array[] = [];
    const byKind: Record<string, number> = {};
    const base = fetchLoader(ranged.url);
    const keep: Loader = async (p, range) => {
      const data = await base(p, range);
      const kind = p.startsWith('../') ? 'published text' : range ? (kindAt.get(`${p}@${range.offset}`) ?? 'unknown') : p === MANIFEST ? 'manifest' : 'json';
      // JSON as a CDN sends it (gzip), blocks and ranges as stored: the bytes on the wire.
      const wire = range ? data.length : gzipSync(typeof data === 'string' ? data : Buffer.from(data)).length;
      byKind[kind] = (byKind[kind] ?? 0) + wire;
      // A range may hold several blocks (neighbouring parts asked for together); published text is not a block.
      for (let at = 0; range && typeof data !== 'string' && !p.startsWith('../') && at < data.length; ) {
        const length = lengthAt.get(`${p}@${range.offset + at}`) ?? data.length - at;
        read.push(data.subarray(at, at + length));
        at += length;
      }
      return data;
    };
    let before = [ranged.bytes, ranged.requests];
    const t0 = performance.now();
    const engine = createSearch(keep);
    const r1 = await engine.search(q.query, FIRST_SCREEN);
    const ms = performance.now() - t0;
    const viaRanges: [number, number] = [ranged.bytes - before[0]!, ranged.requests - before[1]!];
    // The exact count after the first screen, where the first screen's total was not exact (its
    // blocks are not the first screen's).
    before = [ranged.bytes, ranged.requests];
    const firstByKind = { ...byKind };
    const firstBlocks = read.length;
    if (!r1.exact) await engine.count(q.query);
    const count: [number, number] = [ranged.bytes - before[0]!, ranged.requests - before[1]!];
    before = [whole.bytes, whole.requests];
    const r2 = await createSearch(fetchLoader(whole.url)).search(q.query, FIRST_SCREEN);
    const viaWhole: [number, number] = [whole.bytes - before[0]!, whole.requests - before[1]!];
    // The cost of compression at rest: inflating what the first query read, as the browser does.
    const t1 = performance.now();
    for (const b of read.slice(0, firstBlocks)) await inflateStored(b);
    const inflate = performance.now() - t1;
    const same = [r1, r2].every((r) => JSON.stringify(r.hits.map((h) => h.url)) === JSON.stringify(expected));
    rows.push({ cls: q.cls, query: q.query, ranged: viaRanges, whole: viaWhole, byKind: firstByKind, inflateMs: inflate, blocks: firstBlocks, ms, same, exact: r1.exact, count });
    log(`  ${q.cls} ${q.query}: ranges ${kb(viaRanges[0])} / ${viaRanges[1]} requests, whole files ${kb(viaWhole[0])} / ${viaWhole[1]}, inflate ${inflate.toFixed(1)} ms, total ${r1.exact ? 'exact' : `at least ${r1.total}, counted for ${kb(count[0])} / ${count[1]} more`}${same ? '' : ' — ANSWERS DIFFER'}`);
  }
} finally {
  await ranged.close();
  await whole.close();
}

let rewritten: Awaited<ReturnType<typeof timedWrite>> | null = null;
if (values.changed) {
  const [first, ...rest] = inputs;
  const edited = first!.statements().map((st, i, all) => (i === all.length - 1 ? { ...st, text: `${st.text}追記の一文です。` } : st));
  log(`one briefing changed (${first!.slug})…`);
  rewritten = await timedWrite([{ ...first!, hash: `${first!.hash}+edited`, statements: () => edited }, ...rest]);
}

// --- report ------------------------------------------------------------------------------------------

const lines = [
  `## ${briefings.length} briefings, ${statements.length} statements (file budget ${fileBudget ?? 'default'})`,
  '',
  `| | |`,
  `|---|---|`,
  `| index files / bytes on disk | ${files.toLocaleString('en')} / ${mb(diskBytes)} (${diskBytes.toLocaleString('en')} B) |`,
  `| blocks raw → stored | ${mb(rawTotal)} → ${mb([...kinds.values()].reduce((n, k) => n + k.stored, 0))} |`,
  `| manifest raw / gzip | ${kb(manifestBytes.length)} / ${kb(gzipSync(manifestBytes).length)} |`,
  ...(written ? [`| index write: wall / CPU (${written.analysed} briefings tokenized) | ${(written.ms / 1000).toFixed(1)} s / ${(written.cpuMs / 1000).toFixed(1)} s |`] : [`| the site measured | ${out} |`]),
  ...(rewritten ? [`| one briefing changed: wall / CPU (${rewritten.changed} written, ${rewritten.analysed} tokenized) | ${(rewritten.ms / 1000).toFixed(2)} s / ${(rewritten.cpuMs / 1000).toFixed(2)} s |`] : []),
  `| inflate the whole index (node:zlib) | ${(inflateMs / 1000).toFixed(1)} s, ${(rawTotal / 1e6 / (inflateMs / 1000)).toFixed(0)} MB/s raw |`,
  `| first query, range host: bytes median / max | ${kb(median(rows.map((r) => r.ranged[0])))} / ${kb(max(rows.map((r) => r.ranged[0])))} |`,
  `| first query, range host: requests median / max | ${median(rows.map((r) => r.ranged[1]))} / ${max(rows.map((r) => r.ranged[1]))} |`,
  `| first query, host ignoring Range: bytes median / max | ${kb(median(rows.map((r) => r.whole[0])))} / ${kb(max(rows.map((r) => r.whole[0])))} |`,
  `| first query, host ignoring Range: requests median / max | ${median(rows.map((r) => r.whole[1]))} / ${max(rows.map((r) => r.whole[1]))} |`,
  `| first query: blocks inflated, median / max; inflate time (DecompressionStream) median / max | ${median(rows.map((r) => r.blocks))} / ${max(rows.map((r) => r.blocks))}; ${median(rows.map((r) => r.inflateMs)).toFixed(1)} / ${max(rows.map((r) => r.inflateMs)).toFixed(1)} ms |`,
  `| first query wall time over loopback, median | ${median(rows.map((r) => r.ms)).toFixed(0)} ms |`,
  `| first screen (bounded read) over both hosts the same top 10 as a full read from the files | ${rows.every((r) => r.same) ? 'yes, every query' : `NO: ${rows.filter((r) => !r.same).map((r) => r.query).join(', ')}`} |`,
  `| first screens with an exact total | ${rows.filter((r) => r.exact).length} of ${rows.length}${rows.some((r) => !r.exact) ? `; the exact count after the others, range host: bytes median / max ${kb(median(rows.filter((r) => !r.exact).map((r) => r.count[0])))} / ${kb(max(rows.filter((r) => !r.exact).map((r) => r.count[0])))}` : ''} |`,
  '',
  `First query from the range host, bytes on the wire by what they were (median over the queries, and share of all the queries' bytes): ${[
    ...new Set(rows.flatMap((r) => Object.keys(r.byKind))),
  ]
    .map((k) => `${k} ${kb(median(rows.map((r) => r.byKind[k] ?? 0)))} (${((100 * rows.reduce((n, r) => n + (r.byKind[k] ?? 0), 0)) / rows.reduce((n, r) => n + Object.values(r.byKind).reduce((a, b) => a + b, 0), 0)).toFixed(0)} %)`)
    .join(', ')}.`,
  '',
  '| kind | blocks | raw | stored | stored / raw |',
  '|---|---|---|---|---|',
  ...[...kinds].map(([k, v]) => `| ${k} | ${v.blocks.toLocaleString('en')} | ${mb(v.raw)} | ${mb(v.stored)} | ${(v.stored / v.raw).toFixed(3)} |`),
  '',
  '| class | query | range host: bytes / requests | ignoring Range: bytes / requests | inflate ms | total | exact count after it (range host) |',
  '|---|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.cls} | \`${r.query}\` | ${kb(r.ranged[0])} / ${r.ranged[1]} | ${kb(r.whole[0])} / ${r.whole[1]} | ${r.inflateMs.toFixed(1)} | ${r.exact ? 'exact' : 'at least'} | ${r.exact ? '—' : `${kb(r.count[0])} / ${r.count[1]}`} |`),
];
process.stdout.write(`${lines.join('\n')}\n`);
if (values.json) writeFileSync(values.json, JSON.stringify({ briefings: briefings.length, statements: statements.length, fileBudget, files, diskBytes, rawTotal, kinds: Object.fromEntries(kinds), manifest: manifestBytes.length, written, rewritten, rows }, null, 2));
