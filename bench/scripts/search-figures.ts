/**
 * The search index's figures, writer alone (no site build, no browser):
 *   npm run search-figures -- --corpus DIR [--out DIR] [--cache DIR] [--budget N] [--json FILE] [--changed]
 *
 * Writes the index of the corpus (`npm run corpus`) into --out, then reports: files and bytes on disk,
 * raw and stored bytes per kind of block, and — for each of the benchmark's queries, from a cold engine
 * showing the top 10 — the bytes and requests a first query costs over HTTP from a host that answers
 * `Range` (206) and from one that ignores it (200, whole files), and the time to inflate the blocks it
 * read. JSON (manifest, facets) is counted gzip-compressed, as a CDN sends it; packs as stored. With
 * --changed, last: the index written again after one briefing changed (a sentence appended to its last
 * statement), the state left that way. Measures and reports; asserts nothing.
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
import { decodeDirectory, decodeDirectoryBlock, inflateStored, packSlice } from '../../src/search/codec.ts';
import { MANIFEST, packPath, type BlockKind, type DirectoryEntry, type Manifest } from '../../src/search/format.ts';
import { writeIndex } from '../../src/search/index/writer.ts';
import { createSearch, fetchLoader, type Loader } from '../../src/search/query/engine.ts';
import { openSearch } from '../../src/search/query/node.ts';
import { loadBriefings, statementsOf } from '../../src/archive/read.ts';

const USAGE = 'usage: npm run search-figures -- --corpus DIR [--out DIR] [--cache DIR] [--budget N] [--json FILE] [--changed]';

let values: { corpus?: string; out?: string; cache?: string; budget?: string; json?: string; changed?: boolean };
try {
  ({ values } = parseArgs({
    options: { corpus: { type: 'string' }, out: { type: 'string' }, cache: { type: 'string' }, budget: { type: 'string' }, json: { type: 'string' }, changed: { type: 'boolean' } },
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
const out = path.resolve(values.out ?? `${corpus}-index`);
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
log(`writing the index of ${briefings.length} briefings into ${out}…`);
const written = await timedWrite(inputs);
const searchDir = path.join(out, 'search');

/** Every block of every segment, directory blocks included, read from the packs. */
function allBlocks(): Array<{ entry: DirectoryEntry; stored: Uint8Array; pack: string }> {
  const manifest = JSON.parse(readFileSync(path.join(searchDir, MANIFEST), 'utf8')) as Manifest;
  const blocks: Array<{ entry: DirectoryEntry; stored: Uint8Array; pack: string }> = [];
  for (const s of manifest.segments) {
    const packs = new Map<number, Uint8Array>();
    const stored = (e: DirectoryEntry) => {
      let p = packs.get(e.pack);
      if (!p) packs.set(e.pack, (p = new Uint8Array(readFileSync(path.join(searchDir, packPath(s.id, e.pack))))));
      return packSlice(p, e);
    };
    for (const l of decodeDirectory(s.directory).lists) {
      for (const e of l.entries) {
        blocks.push({ entry: e, stored: stored(e), pack: packPath(s.id, e.pack) });
        if (l.nested) for (const inner of decodeDirectoryBlock(inflateSync(stored(e))).entries) blocks.push({ entry: inner, stored: stored(inner), pack: packPath(s.id, inner.pack) });
      }
    }
  }
  return blocks;
}

const kinds = new Map<BlockKind, { blocks: number; raw: number; stored: number }>();
/** Which kind of block a byte range of a pack is (`<pack path>@<offset>`). */
const kindAt = new Map<string, BlockKind>();
let inflateMs = 0;
let rawTotal = 0;
for (const { entry, stored, pack } of allBlocks()) {
  kindAt.set(`${pack}@${entry.offset}`, entry.kind);
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
const queries = await benchQueries(corpus, { slugs: briefings.map((b) => b.slug), statements: (slug) => statementsOf(bySlug.get(slug)!) });
const ranged = await serve(true);
const whole = await serve(false);
const rows: Array<{ cls: string; query: string; ranged: [number, number]; whole: [number, number]; byKind: Record<string, number>; inflateMs: number; blocks: number; ms: number; same: boolean }> = [];
try {
  for (const q of queries) {
    const expected = (await openSearch(out).search(q.query, { limit: 10 })).hits.map((h) => h.url);
    const read: Uint8Array[] = [];
    const byKind: Record<string, number> = {};
    const base = fetchLoader(ranged.url);
    const keep: Loader = async (p, range) => {
      const data = await base(p, range);
      const kind = range ? (kindAt.get(`${p}@${range.offset}`) ?? 'unknown') : p === MANIFEST ? 'manifest' : 'json';
      // JSON as a CDN sends it (gzip), blocks as stored: the bytes on the wire.
      const wire = range ? data.length : gzipSync(typeof data === 'string' ? data : Buffer.from(data)).length;
      byKind[kind] = (byKind[kind] ?? 0) + wire;
      if (range && typeof data !== 'string') read.push(data);
      return data;
    };
    let before = [ranged.bytes, ranged.requests];
    const t0 = performance.now();
    const r1 = await createSearch(keep).search(q.query, { limit: 10 });
    const ms = performance.now() - t0;
    const viaRanges: [number, number] = [ranged.bytes - before[0]!, ranged.requests - before[1]!];
    before = [whole.bytes, whole.requests];
    const r2 = await createSearch(fetchLoader(whole.url)).search(q.query, { limit: 10 });
    const viaWhole: [number, number] = [whole.bytes - before[0]!, whole.requests - before[1]!];
    // The cost of compression at rest: inflating what the first query read, as the browser does.
    const t1 = performance.now();
    for (const b of read) await inflateStored(b);
    const inflate = performance.now() - t1;
    const same = [r1, r2].every((r) => JSON.stringify(r.hits.map((h) => h.url)) === JSON.stringify(expected));
    rows.push({ cls: q.cls, query: q.query, ranged: viaRanges, whole: viaWhole, byKind, inflateMs: inflate, blocks: read.length, ms, same });
    log(`  ${q.cls} ${q.query}: ranges ${kb(viaRanges[0])} / ${viaRanges[1]} requests, whole files ${kb(viaWhole[0])} / ${viaWhole[1]}, inflate ${inflate.toFixed(1)} ms${same ? '' : ' — ANSWERS DIFFER'}`);
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
  `| index write: wall / CPU (${written.analysed} briefings tokenized) | ${(written.ms / 1000).toFixed(1)} s / ${(written.cpuMs / 1000).toFixed(1)} s |`,
  ...(rewritten ? [`| one briefing changed: wall / CPU (${rewritten.changed} written, ${rewritten.analysed} tokenized) | ${(rewritten.ms / 1000).toFixed(2)} s / ${(rewritten.cpuMs / 1000).toFixed(2)} s |`] : []),
  `| inflate the whole index (node:zlib) | ${(inflateMs / 1000).toFixed(1)} s, ${(rawTotal / 1e6 / (inflateMs / 1000)).toFixed(0)} MB/s raw |`,
  `| first query, range host: bytes median / max | ${kb(median(rows.map((r) => r.ranged[0])))} / ${kb(max(rows.map((r) => r.ranged[0])))} |`,
  `| first query, range host: requests median / max | ${median(rows.map((r) => r.ranged[1]))} / ${max(rows.map((r) => r.ranged[1]))} |`,
  `| first query, host ignoring Range: bytes median / max | ${kb(median(rows.map((r) => r.whole[0])))} / ${kb(max(rows.map((r) => r.whole[0])))} |`,
  `| first query, host ignoring Range: requests median / max | ${median(rows.map((r) => r.whole[1]))} / ${max(rows.map((r) => r.whole[1]))} |`,
  `| first query: blocks inflated, median / max; inflate time (DecompressionStream) median / max | ${median(rows.map((r) => r.blocks))} / ${max(rows.map((r) => r.blocks))}; ${median(rows.map((r) => r.inflateMs)).toFixed(1)} / ${max(rows.map((r) => r.inflateMs)).toFixed(1)} ms |`,
  `| first query wall time over loopback, median | ${median(rows.map((r) => r.ms)).toFixed(0)} ms |`,
  `| same top 10 over both hosts as from the files | ${rows.every((r) => r.same) ? 'yes, every query' : `NO: ${rows.filter((r) => !r.same).map((r) => r.query).join(', ')}`} |`,
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
  '| class | query | range host: bytes / requests | ignoring Range: bytes / requests | inflate ms |',
  '|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.cls} | \`${r.query}\` | ${kb(r.ranged[0])} / ${r.ranged[1]} | ${kb(r.whole[0])} / ${r.whole[1]} | ${r.inflateMs.toFixed(1)} |`),
];
process.stdout.write(`${lines.join('\n')}\n`);
if (values.json) writeFileSync(values.json, JSON.stringify({ briefings: briefings.length, statements: statements.length, fileBudget, files, diskBytes, rawTotal, kinds: Object.fromEntries(kinds), manifest: manifestBytes.length, written, rewritten, rows }, null, 2));
