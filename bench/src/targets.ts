/**
 * The Targets table of issue 10, filled from a run: each target as measured, whether it is met, and by
 * how much it is missed. `now` is what the issue started from (bench/RESULTS.md of 2026-11-25 and the
 * phone measurement of issue 9), written here once because the run that produced it is not this one.
 * A target whose size is not in the run says so: the table is only as complete as `--sizes`.
 */
import type { Entry, PhoneCell } from './phone-profile.ts';
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

function incremental(runs: BenchRun[], size: number, now: string, aim: string): TargetRow {
  const r = at(runs, size);
  const b = r?.builds;
  const row = { target: `incremental build, one briefing changed, ${num(size)}`, now, goal: `≤ 25 %, aim ${aim}` };
  if (!b) return { ...row, measured: '—', verdict: r ? 'not measured' : absent(size) };
  const f = b.changed.fraction_of_cold!;
  return {
    ...row,
    measured: `${pct(f)} (${b.changed.s} s of ${b.cold.s} s); one added: ${pct(b.added.fraction_of_cold!)} (${b.added.s} s)`,
    verdict: f <= 0.25 ? `met${f <= Number.parseFloat(aim) / 100 ? ', aim met too' : ''}` : `missed by ${Math.round((f - 0.25) * 100)} points`,
  };
}

function phoneRow(runs: BenchRun[]): TargetRow {
  const row = { target: 'phone profile, cold time to first result, 1,000 (own UIs)', now: '3.3 s vs Pagefind 2.3 s, 80 requests vs 16', goal: '≤ 0.75× Pagefind, ≤ 20 requests' };
  const r = at(runs, 1000);
  const v = r?.phone?.variants;
  if (!r) return { ...row, measured: '—', verdict: absent(1000) };
  if (!v?.ours) return { ...row, measured: '—', verdict: `not measured: ${r.not_measured['phone'] ?? 'no phone figures'}` };
  const ms = (c: PhoneCell | undefined) => c?.ms_median ?? null;
  const measured: string[] = [];
  const verdicts: string[] = [];
  for (const entry of ['typed', 'link'] as Entry[]) {
    const ours = ms(v.ours[entry]);
    const worker = ms(v.pagefind_worker?.[entry]);
    const main = ms(v.pagefind_main_thread?.[entry]);
    if (ours === null) {
      measured.push(`${entry}: ours no result`);
      verdicts.push(`${entry}: not measured`);
      continue;
    }
    const ratio = (p: number | null) => (p === null ? null : ours / p);
    const rw = ratio(worker);
    const rm = ratio(main);
    measured.push(
      `${entry}: ours ${s1(ours)} vs Pagefind ${worker === null ? '—' : s1(worker)} with its worker${rw === null ? '' : ` (${rw.toFixed(2)}×)`}, ` +
        `${main === null ? '—' : s1(main)} on the main thread${rm === null ? '' : ` (${rm.toFixed(2)}×)`}`,
    );
    const pairs: Array<[string, number | null]> = [['its worker', rw], ['the main thread', rm]];
    const against = pairs.filter((a): a is [string, number] => a[1] !== null);
    const missed = against.filter(([, x]) => x > 0.75);
    const names = (xs: Array<[string, number]>) => xs.map(([n]) => `Pagefind with ${n}`).join(' and ');
    if (against.length === 0) verdicts.push(`${entry}: no Pagefind figure`);
    else if (missed.length === 0) verdicts.push(`${entry}: met${against.length < 2 ? ` (against ${names(against)} only)` : ''}`);
    else if (missed.length < against.length) verdicts.push(`${entry}: met against ${names(against.filter((a) => !missed.includes(a)))}, missed against ${names(missed)} by ${(missed[0]![1] - 0.75).toFixed(2)}×`);
    else verdicts.push(`${entry}: missed by ${(Math.min(...missed.map(([, x]) => x)) - 0.75).toFixed(2)}×`);
  }
  const requests = v.ours.typed.requests_median;
  const pf = v.pagefind_worker?.typed;
  measured.push(
    `requests (typed, whole visit / after typing): ours ${requests ?? '—'} / ${v.ours.typed.requests_after_input_median ?? '—'}, ` +
      `Pagefind ${pf?.requests_median ?? '—'} / ${pf?.requests_after_input_median ?? '—'}`,
  );
  verdicts.push(requests === null ? 'requests: not measured' : `requests: ${within(requests, 20, (x) => `${x}`)}`);
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
      target: 'search recall, every class',
      now: '1.0',
      goal: '1.0 (must not drop)',
      measured: recallB && recallS ? `lowest over ${sizes}: briefings ${recallB.v} (${recallB.cls}), statements ${recallS.v} (${recallS.cls})` : '—',
      verdict: !recallB || !recallS ? 'not measured' : recallB.v === 1 && recallS.v === 1 ? 'met' : `missed: ${recallB.v < recallS.v ? `${recallB.cls} ${recallB.v} at ${num(recallB.size)}` : `${recallS.cls} ${recallS.v} at ${num(recallS.size)}`}`,
    },
    {
      target: 'statement precision, every class',
      now: '0.907 (inflection), 0.938 (half-width) – 1.0',
      goal: '≥ 0.95 in every class',
      measured: precision ? `lowest over ${sizes}: ${precision.v} (${precision.cls})` : '—',
      verdict: !precision ? 'not measured' : below.length === 0 ? 'met' : `missed: ${below.join(', ')}`,
    },
  ];
}

export function targetRows(runs: BenchRun[]): TargetRow[] {
  const rows: TargetRow[] = [incremental(runs, 1000, '59 % of cold', '10 %'), incremental(runs, 10000, '60 % (404 s)', '15 %')];

  const r1 = at(runs, 1000);
  const r10 = at(runs, 10000);
  const cold = r1?.builds?.cold.s;
  rows.push({ target: 'cold build, 1,000', now: '66.6 s', goal: '≤ 60 s', measured: cold === undefined ? '—' : `${cold} s`, verdict: cold === undefined ? (r1 ? 'not measured' : absent(1000)) : within(cold, 60, (x) => `${x.toFixed(1)} s`) });

  const rss = (r: BenchRun | null) => r?.ours.peak_rss_mb ?? null;
  const [m1, m10] = [rss(r1), rss(r10)];
  rows.push({
    target: 'peak RSS, 1,000 / 10,000',
    now: '1.8 / 3.1 GB',
    goal: '≤ 1 / ≤ 2 GB',
    measured: `${m1 === null ? '—' : gb(m1)} / ${m10 === null ? '—' : gb(m10)} (largest of the three builds, whole process tree)`,
    verdict: [m1 === null ? `1,000: ${r1 ? 'not measured' : absent(1000)}` : `1,000: ${within(m1, 1024, gb)}`, m10 === null ? `10,000: ${r10 ? 'not measured' : absent(10000)}` : `10,000: ${within(m10, 2048, gb)}`].join('; '),
  });

  const ours1 = r1?.ours.index_bytes ?? null;
  const pf1 = r1?.pagefind.index_bytes ?? null;
  rows.push({
    target: 'index bytes vs Pagefind, 1,000',
    now: '1.79×',
    goal: '≤ 1×',
    measured: ours1 !== null && pf1 !== null ? `${(ours1 / pf1).toFixed(2)}× (${num(ours1)} vs ${num(pf1)} bytes)` : '—',
    verdict: ours1 !== null && pf1 !== null ? within(ours1 / pf1, 1, (x) => `${x.toFixed(2)}×`) : r1 ? `not measured${r1.pagefind.error ? `: ${r1.pagefind.error}` : ''}` : absent(1000),
  });

  const site = r10?.site;
  rows.push({
    target: 'site files / bytes, 10,000',
    now: 'index alone 77,574 / 0.55 GB, pages on top',
    goal: '≤ 20,000 / ≤ 1 GB',
    measured: site ? `${num(site.files)} / ${(site.bytes / 1e9).toFixed(2)} GB (index ${num(site.parts.search_index.files)} / ${(site.parts.search_index.bytes / 1e9).toFixed(2)} GB)` : '—',
    verdict: site ? `files ${within(site.files, 20000, num)}; bytes ${within(site.bytes / 1e9, 1, (x) => `${x.toFixed(2)} GB`)}` : r10 ? 'not measured' : absent(10000),
  });

  const fq10 = r10?.ours.first_query_bytes ?? null;
  const fq1 = r1?.ours.first_query_bytes ?? null;
  const pfq1 = r1?.pagefind.first_query_bytes ?? null;
  const parts: string[] = [];
  if (fq10 !== null && fq1 !== null) parts.push(`${(fq10 / fq1).toFixed(2)}× the 1,000 figure (${kb(fq1)}): ${within(fq10 / fq1, 2, (x) => `${x.toFixed(2)}×`)}`);
  if (fq10 !== null && pfq1 !== null) parts.push(`${(fq10 / pfq1).toFixed(2)}× Pagefind's at 1,000 (${kb(pfq1)}): ${within(fq10 / pfq1, 0.5, (x) => `${x.toFixed(2)}×`)}`);
  rows.push({
    target: 'first-query bytes, 10,000',
    now: 'not measured',
    goal: "≤ 2× the 1,000 figure, ≤ 0.5× Pagefind's at 1,000",
    measured: fq10 === null ? '—' : `${kb(fq10)} median, ${r10!.ours.first_query_requests} requests, ${r10!.ours.first_query_ms} ms unthrottled`,
    verdict: fq10 === null ? (r10 ? `not measured: ${r10.not_measured['ours_queries'] ?? ''}` : absent(10000)) : parts.length > 0 ? parts.join('; ') : absent(1000),
  });

  rows.push(phoneRow(runs), ...qualityRows(runs));
  return rows;
}

export function targetsMarkdown(runs: BenchRun[]): string[] {
  return [
    '| target (issue 10) | now | goal | measured | |',
    '|---|---|---|---|---|',
    ...targetRows(runs).map((t) => `| ${t.target} | ${t.now} | ${t.goal} | ${t.measured} | ${t.verdict} |`),
  ];
}
