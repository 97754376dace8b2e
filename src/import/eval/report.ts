/**
 * import-eval's figures: per page, in total, per layout class, per issue class and per site — as
 * text for a person and as JSON for a machine (`--json`). A figure is only ever counted from the
 * page results; nothing here reads the pages again.
 */
import type { PageResult } from './compare.ts';

export interface Totals {
  pages: number;
  /** Pages that have a date and speaker labels or section headings (the issue's denominator). */
  eligible: number;
  imported: number;
  refused: number;
  /** Refused where the expectation says the page must be refused. */
  refusedAsExpected: number;
  fullyRight: number;
  eligibleFullyRight: number;
  statementsLost: number;
  turnsInvented: number;
  turnsMissing: number;
  chromeKept: number;
  wrongFields: number;
}

export function totals(results: readonly PageResult[]): Totals {
  const t: Totals = { pages: 0, eligible: 0, imported: 0, refused: 0, refusedAsExpected: 0, fullyRight: 0, eligibleFullyRight: 0, statementsLost: 0, turnsInvented: 0, turnsMissing: 0, chromeKept: 0, wrongFields: 0 };
  for (const r of results) {
    t.pages++;
    if (r.eligible) t.eligible++;
    if (r.outcome === 'imported') t.imported++;
    else t.refused++;
    if (r.outcome === 'refused' && r.expected === 'refuse') t.refusedAsExpected++;
    if (r.fullyRight) t.fullyRight++;
    if (r.fullyRight && r.eligible) t.eligibleFullyRight++;
    t.statementsLost += r.lost.length;
    t.turnsInvented += r.invented.length;
    t.turnsMissing += r.missing.length;
    t.chromeKept += r.kept.length;
    t.wrongFields += r.wrong.length;
  }
  return t;
}

function groupBy(results: readonly PageResult[], keys: (r: PageResult) => string[]): Record<string, Totals> {
  const groups = new Map<string, PageResult[]>();
  for (const r of results) for (const k of keys(r)) groups.set(k, [...(groups.get(k) ?? []), r]);
  return Object.fromEntries([...groups.keys()].sort().map((k) => [k, totals(groups.get(k)!)]));
}

export interface EvalReport {
  dir: string;
  total: Totals;
  perLayout: Record<string, Totals>;
  perClass: Record<string, Totals>;
  perSite: Record<string, Totals>;
  pages: PageResult[];
  /** Sidecars that could not be read (`path:line: …`); their pages are not measured. */
  sidecarErrors: string[];
}

export function buildReport(dir: string, pages: PageResult[], sidecarErrors: string[]): EvalReport {
  return {
    dir,
    total: totals(pages),
    perLayout: groupBy(pages, (r) => [r.layout]),
    perClass: groupBy(pages, (r) => (r.classes.length > 0 ? r.classes : ['(none)'])),
    perSite: groupBy(pages, (r) => [r.site]),
    pages,
    sidecarErrors,
  };
}

const pct = (n: number, d: number) => (d === 0 ? '–' : `${Math.round((1000 * n) / d) / 10} %`);

function line(name: string, t: Totals): string {
  return `${name.padEnd(22)} ${String(t.pages).padStart(3)} pages  ${String(t.imported).padStart(3)} imported  ${String(t.refused).padStart(3)} refused (${t.refusedAsExpected} as expected)  ${String(t.fullyRight).padStart(3)} fully right  ${t.statementsLost} lost  ${t.turnsInvented} invented  ${t.wrongFields} wrong fields`;
}

export function formatReport(r: EvalReport): string {
  const out: string[] = [];
  for (const p of r.pages) {
    const head = `${p.fullyRight ? 'ok  ' : 'FAIL'} ${p.file}: ${p.outcome}${p.expected === 'refuse' ? ' (must be refused)' : ''}`;
    out.push(head);
    if (p.fullyRight && p.refusal) out.push(`       ${p.refusal}`);
    for (const w of p.wrong) out.push(`       ${w.conference > 0 ? `#${w.conference + 1} ` : ''}${w.field}: expected ${w.expected}, got ${w.got}`);
    for (const l of p.lost) out.push(`       statement lost: line ${l.line} 「${l.text.slice(0, 40)}${l.text.length > 40 ? '…' : ''}」`);
    for (const t of p.invented) out.push(`       turn invented: ${t.turn}`);
    for (const t of p.missing) out.push(`       turn missing: ${t.turn}`);
    for (const k of p.kept) out.push(`       kept as a statement: 「${k.text}」`);
  }
  for (const e of r.sidecarErrors) out.push(`SIDECAR ${e}`);
  const t = r.total;
  out.push('');
  out.push(`total: ${line('', t).trim()}`);
  out.push(`pages with a date and labels: ${t.eligible}, fully right ${t.eligibleFullyRight} (${pct(t.eligibleFullyRight, t.eligible)}); statements lost ${t.statementsLost}, turns invented ${t.turnsInvented}, turns missing ${t.turnsMissing}, chrome kept ${t.chromeKept}`);
  for (const [title, group] of [['per layout', r.perLayout], ['per issue class', r.perClass], ['per site', r.perSite]] as const) {
    out.push('', `${title}:`);
    for (const [k, v] of Object.entries(group)) out.push(`  ${line(k, v)}`);
  }
  return `${out.join('\n')}\n`;
}
