/**
 * The run as bench/results.json and as the table a reader looks at (bench/RESULTS.md): the issue-10
 * targets first, then per size both engines side by side, the site's files, the builds, the phone
 * profile and every query.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ENTRIES, PHONE, PHONE_VARIANTS, type PhoneCell } from './phone-profile.ts';
import { QUERY_CLASSES } from './queries.ts';
import type { BenchResult, BenchRun } from './results.ts';
import { SITE_PARTS } from './site-files.ts';
import { targetsMarkdown } from './targets.ts';

const n = (x: number | null | undefined) => (x === null || x === undefined ? '—' : x.toLocaleString('en'));

function sizeSection(r: BenchRun): string[] {
  if (r.error) return [`## ${r.size} briefings`, '', 'Not measured to the end:', '', '```', r.error.trim(), '```', ''];
  const lines = [`## ${r.size} briefings (${(r.chars / 1e6).toFixed(1)} M characters)`, '', '| metric | ours | Pagefind |', '|---|---|---|'];
  const pfOk = !r.pagefind.error;
  const row = (name: string, a: unknown, b: unknown) => lines.push(`| ${name} | ${a ?? '—'} | ${pfOk ? (b ?? '—') : '—'} |`);
  if (!pfOk) lines.push(`| Pagefind | | ${r.pagefind.error} |`);
  const b = r.builds;
  row('cold build (s)', r.ours.build_s, `${r.pagefind.build_s} (index only, after our build)`);
  row('incremental build, one briefing changed (s, of cold)', b ? `${b.changed.s} (${Math.round(b.changed.fraction_of_cold! * 100)} %)` : null, '—');
  row('incremental build, one briefing added (s, of cold)', b ? `${b.added.s} (${Math.round(b.added.fraction_of_cold! * 100)} %)` : null, '—');
  row('peak RSS, whole process tree (MB): cold / changed / added', b ? `${b.cold.peak_rss_mb} / ${b.changed.peak_rss_mb} / ${b.added.peak_rss_mb}` : null, r.pagefind.peak_rss_mb);
  row('tokenization (chars/s, all cores)', r.ours.tokenize_chars_per_s, '—');
  row('raw kuromoji, one thread, same text (chars/s)', r.ours.kuromoji_chars_per_s, '—');
  row('index files / bytes', `${n(r.ours.index_files)} / ${n(r.ours.index_bytes)}`, `${n(r.pagefind.index_files)} / ${n(r.pagefind.index_bytes)}`);
  row('first query, cold, unthrottled: bytes / requests / ms (medians)', `${n(r.ours.first_query_bytes)} / ${n(r.ours.first_query_requests)} / ${n(r.ours.first_query_ms)}`, `${n(r.pagefind.first_query_bytes)} / ${n(r.pagefind.first_query_requests)} / ${n(r.pagefind.first_query_ms)}`);
  row('warm query p50 / p95 (ms)', `${r.ours.query_ms_p50 ?? '—'} / ${r.ours.query_ms_p95 ?? '—'}`, `${r.pagefind.query_ms_p50 ?? '—'} / ${r.pagefind.query_ms_p95 ?? '—'}`);
  for (const cls of QUERY_CLASSES) {
    if (r.ours.quality[cls] === undefined && r.pagefind.quality[cls] === undefined) continue;
    row(
      `quality: ${cls} (recall [precision])`,
      `${r.ours.quality[cls]} [${r.ours.precision[cls]}]; statements ${r.ours.statement_recall?.[cls]} [${r.ours.statement_precision?.[cls]}]`,
      `${r.pagefind.quality[cls]} [${r.pagefind.precision[cls]}]`,
    );
  }
  lines.push('');

  if (r.site) {
    lines.push(
      `The site (ours, \`dist/\`): **${n(r.site.files)} files, ${n(r.site.bytes)} bytes**; the largest file ${n(r.site.largest_file_bytes)} bytes (\`${r.site.largest_file ?? '—'}\`).`,
      '',
      '| part | files | bytes |',
      '|---|---|---|',
    );
    for (const p of SITE_PARTS) lines.push(`| ${p.replace('_', ' ')} | ${n(r.site.parts[p].files)} | ${n(r.site.parts[p].bytes)} |`);
    lines.push('');
    const kinds = Object.entries(r.site.search_index_kinds ?? {});
    if (kinds.length > 0) {
      lines.push('The search index by kind of block: ' + kinds.map(([k, v]) => `${k} ${n(v.blocks)} blocks, ${n(v.stored)} bytes`).join('; ') + '.', '');
    }
  }
  if (b) {
    lines.push('| build | briefings | s | of cold | peak RSS, tree (MB) | of which Astro (MB) | content check (ms) | index write (ms) | tokenized (chars) |', '|---|---|---|---|---|---|---|---|---|');
    for (const [name, f] of [['cold', b.cold], ['one changed', b.changed], ['one added', b.added]] as const) {
      lines.push(`| ${name} | ${n(f.briefings)} | ${f.s} | ${f.fraction_of_cold === undefined ? '—' : `${Math.round(f.fraction_of_cold * 100)} %`} | ${f.peak_rss_mb} | ${n(f.root_rss_mb)} | ${n(f.content_check_ms)} | ${n(f.index_write_ms)} | ${n(f.tokenized_chars)} |`);
    }
    lines.push('');
  }
  lines.push(...phoneSection(r), `The benchmark's own process peaked at ${n(r.harness_peak_rss_mb)} MB by the end of this size.`, '');
  for (const [stage, why] of Object.entries(r.not_measured)) lines.push(`- not measured: ${stage}: ${why.split('\n')[0]}`);
  if (Object.keys(r.not_measured).length > 0) lines.push('');

  lines.push('<details><summary>queries</summary>', '', '| class | query | truth statements | our hits | Pagefind briefings |', '|---|---|---|---|---|');
  for (const q of r.queries) lines.push(`| ${q.cls} | \`${q.query}\` | ${q.truth} | ${q.ours ?? '—'} | ${q.pagefind ?? '—'} |`);
  lines.push('', '</details>', '');
  return lines;
}

function phoneSection(r: BenchRun): string[] {
  const p = r.phone;
  if (!p) return r.not_measured['phone'] ? [] : ['Phone profile: not measured.', ''];
  const frequent = (p.frequent ?? []).map((f) => `\`${f.word}\` in ${n(f.briefings)} briefings`).join(', ');
  const lines = [
    `Phone profile (${p.queries.map((q) => `\`${q}\``).join(', ')}; ${p.runs_per_query} cold runs each${frequent ? `; the corpus's most frequent content words: ${frequent}` : ''}): time to first result, median (min–max) over every run, the slowest query by its median, and the visit's requests and bytes.`,
    '',
    '| UI | arriving | first result (ms) | slowest query (median ms) | requests (after typing), most in a run | bytes | search in Pagefind\'s worker |',
    '|---|---|---|---|---|---|---|',
  ];
  const cellRow = (name: string, entry: string, c: PhoneCell) => {
    const failed = c.runs.filter((x) => x.ms === null).length;
    const workers = c.runs.filter((x) => x.worker !== undefined);
    lines.push(
      `| ${name} | ${entry} | ${c.ms_median ?? '—'} (${c.ms_min ?? '—'}–${c.ms_max ?? '—'})${failed ? `; ${failed} run(s) without a result` : ''} | ${c.slowest ? `\`${c.slowest.query}\` ${c.slowest.ms_median}` : '—'} | ` +
        `${c.requests_median ?? '—'}${c.requests_after_input_median !== undefined ? ` (${c.requests_after_input_median ?? '—'})` : ''}, ${c.requests_max ?? '—'} | ${n(c.bytes_median)} | ` +
        `${workers.length ? `${workers.filter((x) => x.worker).length} of ${workers.length} runs` : '—'} |`,
    );
  };
  for (const v of PHONE_VARIANTS) {
    const byEntry = p.variants[v];
    if (byEntry) for (const e of ENTRIES) cellRow(v.replace(/_/gu, ' '), e, byEntry[e]);
    else if (p.not_measured[v]) lines.push(`| ${v.replace(/_/gu, ' ')} | | ${p.not_measured[v]} | | | | |`);
  }
  lines.push('', ...phoneQueryTable(p), '');
  return lines;
}

/** Each query on its own, per UI and way of arriving: median time, slowest run, median bytes. */
function phoneQueryTable(p: NonNullable<BenchRun['phone']>): string[] {
  const columns = PHONE_VARIANTS.flatMap((v) => (p.variants[v] ? ENTRIES.map((e) => [v, e] as const) : []));
  if (columns.length === 0) return [];
  const lines = [
    `| query | ${columns.map(([v, e]) => `${v.replace(/_/gu, ' ')} ${e}: ms (slowest), bytes`).join(' | ')} |`,
    `|---|${columns.map(() => '---').join('|')}|`,
  ];
  for (const q of p.queries) {
    const cells = columns.map(([v, e]) => {
      const c = p.variants[v]![e].queries?.[q];
      return c ? `${c.ms_median ?? '—'} (${c.ms_max ?? '—'}), ${n(c.bytes_median)}` : '—';
    });
    lines.push(`| \`${q}\` | ${cells.join(' | ')} |`);
  }
  return lines;
}

/** The Markdown of a run set: how it was measured, the targets, then each size. */
export function resultsMarkdown(result: BenchResult, command: string): string {
  const m = result.machine;
  const lines = [
    '# Benchmark results',
    '',
    `Machine: ${m.cpus} cores (${m.cpu_model}), ${m.memory_gb} GB memory, Node ${m.node}, ${m.platform}.`,
    `Command: \`${command}\`. Synthetic corpus (\`npm run corpus\`) of size + 1 briefings: the newest is held back from the cold`,
    'build and added last. Builds: cold, one briefing changed, one briefing added, each with the peak resident memory of its',
    'whole process tree. Same dist/ for both engines; Pagefind 1.6 run with `--force-language ja` over pages whose main',
    'content is marked `data-pagefind-body` and whose turns are headings with ids (sub-results). First query: bytes on the',
    'wire (gzip), requests and time from a cold cache, unthrottled, medians over the query list; latency is warm, top 10 shown.',
    `Phone profile: each engine's own UI (our /search/, Pagefind's stock UI) in Chromium at ${PHONE.width}×${PHONE.height}, ${PHONE.cpu_slowdown}× CPU`,
    `throttling, ${PHONE.latency_ms} ms latency, ${PHONE.down_bytes_per_s.toLocaleString('en')} B/s down, cold cache; first result = the first result element inserted into the`,
    "DOM, from the `input` event (typed) or from navigation (a `?q=` link). Pagefind's worker escapes CPU throttling, so Pagefind is",
    "also run on the main thread (its `noWorker` option). Quality is recall per query class at briefing level (precision in",
    'brackets); truth comes from the corpus generator.',
    '',
    '## Targets',
    '',
    ...targetsMarkdown(result.runs),
    '',
  ];
  for (const r of result.runs) lines.push(...sizeSection(r));
  return lines.join('\n');
}

export function writeResults(file: string, result: BenchResult, command: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ machine: result.machine, command, runs: result.runs }, null, 2) + '\n');
  // bench/results.json → bench/RESULTS.md; any other name gets its own table beside it.
  const stem = path.basename(file, '.json');
  const md = path.join(path.dirname(file), stem === 'results' ? 'RESULTS.md' : `${stem}.md`);
  writeFileSync(md, resultsMarkdown(result, command));
  return md;
}
