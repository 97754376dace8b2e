/**
 * The Targets table of issue 16 (a whole ministry's record on a free static host, fast on a phone for
 * the most frequent words), filled from a run: each target as measured, whether it is met, and by how
 * much it is missed. `now` is what the issue started from (its own figures: bench/RESULTS.md of
 * 2026-11-25 and a quiet rerun), written here once because the run that produced it is not this one.
 * A target whose size is not in the run says so: the table is only as complete as `--sizes`.
 */
import type { Entry } from './phone-profile.ts';
import { QUERY_CLASSES } from './queries.ts';
import type { BenchRun } from './results.ts';

export interface TargetRow {
  target: string;
  now: string;
  goal: string;
  measured: string;
  verdict: string;
}

const pct = (x: number) => `${Math.round(x * 100)} %`;
const kb = (b: number) => `${(b / 1000).toFixed(1)} KB`;
const gb = (mb: number) => `${(mb / 1024).toFixed(2)} GB`;
const s1 = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const num = (x: number) => x.toLocaleString('en');

function at(runs: BenchRun[], size: number): BenchRun | null {
  return runs.find((r) => r.size === size && !r.error) ?? null;
}

const absent = (size: number) => `no ${num(size)}-briefing figures in this run`;

/** "met", or how far a figure is over its limit. */
function within(value: number, limit: number, show: (x: number) => string): string {
  return value <= limit ? 'met' : `missed by ${show(value - limit)}`;
}

/** Phone at 1,000: ours against Pagefind's stock UI with its worker, typed and from a link. */
function phoneRow(runs: BenchRun[]): TargetRow {
  const row = { target: 'phone typed / from a link, 1,000 (own UIs)', now: "typed 0.79× Pagefind's worker", goal: "≤ 0.6× Pagefind's worker" };
  const r = at(runs, 1000);
  const v = r?.phone?.variants;
  if (!r) return { ...row, measured: '—', verdict: absent(1000) };
  if (!v?.ours) return { ...row, measured: '—', verdict: `not measured: ${r.not_measured['phone'] ?? 'no phone figures'}` };
  const measured: string[] = [];
  const verdicts: string[] = [];
  for (const entry of ['typed', 'link'] as Entry[]) {
    const ours = v.ours[entry]?.ms_median ?? null;
    const worker = v.pagefind_worker?.[entry]?.ms_median ?? null;
    const main = v.pagefind_main_thread?.[entry]?.ms_median ?? null;
    if (ours === null || worker === null) {
      measured.push(`${entry}: ${ours === null ? 'ours no result' : `ours ${s1(ours)}, no Pagefind figure`}`);
      verdicts.push(`${entry}: not measured`);
      continue;
    }
    measured.push(`${entry}: ours ${s1(ours)} vs Pagefind ${s1(worker)} with its worker (${(ours / worker).toFixed(2)}×)${main === null ? '' : `, ${s1(main)} on the main thread (${(ours / main).toFixed(2)}×)`}`);
    verdicts.push(`${entry}: ${within(ours / worker, 0.6, (x) => `${x.toFixed(2)}×`)}`);
  }
  return { ...row, measured: measured.join('; '), verdict: verdicts.join('; ') };
}

/** Phone at 10,000, every query of the phone set, the most frequent words included: the slowest query's median, the heaviest visit. */
function phoneLargeRow(runs: BenchRun[]): TargetRow {
  const row = { target: 'phone, 10,000, every query including the three most frequent words', now: '防衛: 3.0–4.4 s typed, 3.6–5.9 s from a link, 309 KB a visit', goal: 'typed ≤ 1.5 s, from a link ≤ 2.5 s, ≤ 150 KB a visit' };
  const r = at(runs, 10000);
  const ours = r?.phone?.variants.ours;
  if (!r) return { ...row, measured: '—', verdict: absent(10000) };
  if (!ours) return { ...row, measured: '—', verdict: `not measured: ${r.not_measured['phone'] ?? 'no phone figures'}` };
  const measured: string[] = [];
  const verdicts: string[] = [];
  let heaviest: { query: string; bytes: number } | null = null;
  for (const [entry, limit] of [['typed', 1500], ['link', 2500]] as Array<[Entry, number]>) {
    const cell = ours[entry];
    const slow = cell?.slowest ?? null;
    for (const [query, q] of Object.entries(cell?.queries ?? {})) if (q.bytes_median !== null && (heaviest === null || q.bytes_median > heaviest.bytes)) heaviest = { query, bytes: q.bytes_median };
    if (!cell || !slow) {
      measured.push(`${entry}: no result`);
      verdicts.push(`${entry}: not measured`);
      continue;
    }
    measured.push(`${entry}: median ${s1(cell.ms_median!)}, slowest ${slow.query} ${s1(slow.ms_median)}`);
    verdicts.push(`${entry}: ${within(slow.ms_median, limit, s1)}`);
  }
  const frequent = r.phone!.frequent.map((f) => f.word).join('、');
  if (heaviest) {
    measured.push(`heaviest visit ${heaviest.query} ${kb(heaviest.bytes)} (frequent words: ${frequent})`);
    verdicts.push(`bytes: ${within(heaviest.bytes, 150_000, kb)}`);
  }
  return { ...row, measured: measured.join('; '), verdict: verdicts.join('; ') };
}

function qualityRows(runs: BenchRun[]): TargetRow[] {
  const ok = runs.filter((r) => !r.error && Object.keys(r.ours.quality).length > 0);
  const lowest = (pick: (r: BenchRun) => Partial<Record<string, number>> | undefined) => {
    let low: { v: number; cls: string; size: number } | null = null;
    for (const r of ok) for (const cls of QUERY_CLASSES) {
      const v = pick(r)?.[cls];
      if (v !== undefined && (low === null || v < low.v)) low = { v, cls, size: r.size };
    }
    return low;
  };
  const sizes = ok.map((r) => num(r.size)).join(', ');
  const recallB = lowest((r) => r.ours.quality);
  const recallS = lowest((r) => r.ours.statement_recall);
  const precision = lowest((r) => r.ours.statement_precision);
  const below = ok.flatMap((r) => QUERY_CLASSES.filter((c) => (r.ours.statement_precision?.[c] ?? 1) < 0.95).map((c) => `${c} ${r.ours.statement_precision![c]} at ${num(r.size)}`));
  return [
    {
      target: 'search recall, every class, both sizes',
      now: '1.0',
      goal: '1.0 (must not drop)',
      measured: recallB && recallS ? `lowest over ${sizes}: briefings ${recallB.v} (${recallB.cls}), statements ${recallS.v} (${recallS.cls})` : '—',
      verdict: !recallB || !recallS ? 'not measured' : recallB.v === 1 && recallS.v === 1 ? 'met' : `missed: ${recallB.v < recallS.v ? `${recallB.cls} ${recallB.v} at ${num(recallB.size)}` : `${recallS.cls} ${recallS.v} at ${num(recallS.size)}`}`,
    },
    {
      target: 'statement precision, every class, both sizes',
      now: '0.907 (inflection), 0.938 (half-width) – 1.0',
      goal: '≥ 0.95 in every class',
      measured: precision ? `lowest over ${sizes}: ${precision.v} (${precision.cls})` : '—',
      verdict: !precision ? 'not measured' : below.length === 0 ? 'met' : `missed: ${below.join(', ')}`,
    },
  ];
}

export function targetRows(runs: BenchRun[]): TargetRow[] {
  const rows: TargetRow[] = [];
  const r1 = at(runs, 1000);
  const r10 = at(runs, 10000);

  const site = r10?.site;
  rows.push({
    target: 'site at 10,000 (default options, every feature on)',
    now: '21,558 files, 1.51 GB, largest file 266 MB',
    goal: '≤ 20,000 files, ≤ 1 GB, no file over 25 MiB',
    measured: site ? `${num(site.files)} files, ${(site.bytes / 1e9).toFixed(2)} GB, largest ${(site.largest_file_bytes / 2 ** 20).toFixed(1)} MiB (${site.largest_file})` : '—',
    verdict: site
      ? `files ${within(site.files, 20000, num)}; bytes ${within(site.bytes / 1e9, 1, (x) => `${x.toFixed(2)} GB`)}; largest file ${within(site.largest_file_bytes / 2 ** 20, 25, (x) => `${x.toFixed(1)} MiB`)}`
      : r10 ? 'not measured' : absent(10000),
  });

  rows.push(phoneLargeRow(runs));

  const fq10 = r10?.ours.first_query_bytes ?? null;
  const fq1 = r1?.ours.first_query_bytes ?? null;
  rows.push({
    target: 'first-query bytes, 10,000 vs 1,000',
    now: '2.47×',
    goal: '≤ 1.5×',
    measured: fq10 !== null && fq1 !== null ? `${(fq10 / fq1).toFixed(2)}× (${kb(fq10)} vs ${kb(fq1)} median; ${r10!.ours.first_query_requests} vs ${r1!.ours.first_query_requests} requests)` : '—',
    verdict: fq10 !== null && fq1 !== null ? within(fq10 / fq1, 1.5, (x) => `${x.toFixed(2)}×`) : !r10 ? absent(10000) : !r1 ? absent(1000) : 'not measured',
  });

  const rss = (r: BenchRun | null) => r?.ours.peak_rss_mb ?? null;
  const [m1, m10] = [rss(r1), rss(r10)];
  rows.push({
    target: "peak RSS of the build's process tree, 1,000 / 10,000",
    now: '1.4–1.6 / 2.2 GB',
    goal: '≤ 1 GB at both',
    measured: `${m1 === null ? '—' : gb(m1)} / ${m10 === null ? '—' : gb(m10)} (largest of the three builds)`,
    verdict: [m1 === null ? `1,000: ${r1 ? 'not measured' : absent(1000)}` : `1,000: ${within(m1, 1024, gb)}`, m10 === null ? `10,000: ${r10 ? 'not measured' : absent(10000)}` : `10,000: ${within(m10, 1024, gb)}`].join('; '),
  });

  const b10 = r10?.builds;
  rows.push({
    target: 'cold build, 10,000',
    now: '482 s (quiet rerun; tokenization 278 s)',
    goal: '≤ 6 min',
    measured: b10 ? `${b10.cold.s} s${b10.cold.tokenization_ms ? ` (tokenization ${s1(b10.cold.tokenization_ms)})` : ''}` : '—',
    verdict: b10 ? within(b10.cold.s, 360, (x) => `${x.toFixed(1)} s`) : r10 ? 'not measured' : absent(10000),
  });
  rows.push({
    target: 'one briefing changed, 10,000',
    now: '8 % (38 s)',
    goal: '≤ 5 % of the cold build',
    measured: b10 ? `${pct(b10.changed.fraction_of_cold!)} (${b10.changed.s} s of ${b10.cold.s} s); one added: ${pct(b10.added.fraction_of_cold!)} (${b10.added.s} s)` : '—',
    verdict: b10 ? within(b10.changed.fraction_of_cold!, 0.05, (x) => `${Math.round(x * 100)} points`) : r10 ? 'not measured' : absent(10000),
  });

  const ours1 = r1?.ours.index_bytes ?? null;
  const pf1 = r1?.pagefind.index_bytes ?? null;
  rows.push({
    target: 'index bytes vs Pagefind, 1,000',
    now: '1.16×',
    goal: '≤ 1×',
    measured: ours1 !== null && pf1 !== null ? `${(ours1 / pf1).toFixed(2)}× (${num(ours1)} vs ${num(pf1)} bytes)` : '—',
    verdict: ours1 !== null && pf1 !== null ? within(ours1 / pf1, 1, (x) => `${x.toFixed(2)}×`) : r1 ? `not measured${r1.pagefind.error ? `: ${r1.pagefind.error}` : ''}` : absent(1000),
  });

  rows.push(phoneRow(runs), ...qualityRows(runs));
  return rows;
}

export function targetsMarkdown(runs: BenchRun[]): string[] {
  return [
    '| target (issue 16) | before | goal | measured | |',
    '|---|---|---|---|---|',
    ...targetRows(runs).map((t) => `| ${t.target} | ${t.now} | ${t.goal} | ${t.measured} | ${t.verdict} |`),
  ];
}
