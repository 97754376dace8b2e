/**
 * One page of an import-eval sample against its expectation: what the importer gave (its
 * briefings, or its refusal) compared field by field, turn by turn, and line by line.
 *
 * - **wrong fields**: each frontmatter field, the principal speaker, the lead and statement counts;
 * - **turns invented / missing**: the turns (role and label as written) aligned with the expected
 *   ones (longest common subsequence); a turn of the output that aligns with none was invented;
 * - **statements lost**: a line of the page's transcript (from its `body` line) that is not a
 *   `drop` line and whose text is found in none of the conference's statements, headings or topics;
 * - **chrome kept**: a `drop` line that became a whole statement, heading or topic.
 *
 * Texts are compared NFKC-normalised without white space, so that a label written `記者 :` by the
 * importer matches the bare `記者` of the page and a hard-wrapped line is found in its joined paragraph.
 */
import type { ImportedBriefing } from '../types.ts';
import { FIELDS, type Expectation, type ExpectedConference, type ExpectedTurn, type FieldName } from './sidecar.ts';

export interface WrongField {
  conference: number;
  field: string;
  expected: string;
  got: string;
}

export interface PageResult {
  file: string;
  site: string;
  layout: string;
  classes: string[];
  eligible: boolean;
  expected: 'import' | 'refuse';
  outcome: 'imported' | 'refused';
  /** The refusal as the CLI prints it (`line: message — hint`). */
  refusal?: string;
  wrong: WrongField[];
  lost: { line: number; text: string }[];
  invented: { conference: number; turn: string }[];
  missing: { conference: number; turn: string }[];
  kept: { conference: number; text: string }[];
  fullyRight: boolean;
}

export type Reading = { briefings: ImportedBriefing[] } | { refusal: string };

export const compact = (s: string): string => s.normalize('NFKC').replace(/\s+/gu, '');
const tidy = (s: string | undefined): string | undefined => (s === undefined ? undefined : s.normalize('NFKC').replace(/\s+/gu, ' ').trim());
const labelKey = (label: string | null): string => (label === null ? '' : compact(label).replace(/[:：]$/u, ''));
const turnName = (t: ExpectedTurn): string => `${t.role === 'official' ? 'O' : t.role === 'reporter' ? 'R' : 'M'}${t.label === null ? '' : ` ${t.label}`}`;

function gotField(b: ImportedBriefing, f: FieldName): string | undefined {
  const fm = b.frontmatter;
  if (f === 'credit' || f === 'published' || f === 'url') return fm.source?.[f];
  return fm[f];
}

function fieldMatches(f: FieldName, expected: string | undefined, got: string | undefined): boolean {
  if (expected === undefined || got === undefined) return expected === got;
  // The credit names the publisher (or the news site's category) somewhere in its wording.
  if (f === 'credit') return tidy(got)!.includes(tidy(expected)!);
  return tidy(expected) === tidy(got);
}

/** Longest common subsequence of two token lists: the pairs [i, j] that align. */
export function align(a: readonly string[], b: readonly string[]): [number, number][] {
  const n = a.length;
  const m = b.length;
  const t: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) t[i]![j] = a[i] === b[j] ? t[i + 1]![j + 1]! + 1 : Math.max(t[i + 1]![j]!, t[i]![j + 1]!);
  const pairs: [number, number][] = [];
  for (let i = 0, j = 0; i < n && j < m; ) {
    if (a[i] === b[j]) pairs.push([i++, j++]);
    else if (t[i + 1]![j]! >= t[i]![j + 1]!) i++;
    else j++;
  }
  return pairs;
}

function turnsOf(b: ImportedBriefing): ExpectedTurn[] {
  return b.sections.flatMap((s) => s.topics.flatMap((t) => t.turns.map((u) => ({ role: u.role, label: u.label }))));
}

/** Every text of the conference a reader sees: lead, headings, topics, each turn's label and paragraphs. */
function textsOf(b: ImportedBriefing): { statements: string[]; all: string } {
  const statements = [...b.lead];
  const parts: string[] = [...b.lead];
  for (const s of b.sections) {
    if (s.heading) parts.push(s.heading);
    for (const t of s.topics) {
      if (t.heading) parts.push(t.heading);
      for (const u of t.turns) {
        parts.push(`${u.label ?? ''}${u.paragraphs.join('')}`);
        statements.push(...u.paragraphs);
        if (u.label) statements.push(`${u.label}${u.paragraphs[0] ?? ''}`);
      }
    }
  }
  return { statements: [...statements, ...b.sections.flatMap((s) => [s.heading ?? '', ...s.topics.map((t) => t.heading ?? '')])].filter((x) => x !== ''), all: compact(parts.join('')) };
}

function compareConference(k: number, exp: ExpectedConference, b: ImportedBriefing, page: readonly string[], out: PageResult, last: number): void {
  const wrong = (field: string, expected: string | number | undefined, got: string | number | undefined) =>
    out.wrong.push({ conference: k, field, expected: expected === undefined ? '(none)' : String(expected), got: got === undefined ? '(none)' : String(got) });
  for (const f of FIELDS) if (!fieldMatches(f, exp.fields[f], gotField(b, f))) wrong(f, exp.fields[f], gotField(b, f));
  const sp = b.frontmatter.speakers?.[0];
  const want = exp.speaker;
  const reading = (s: string | undefined) => s?.replace(/[・\s\u3000]+/gu, ' ').trim();
  if (!want || !sp) {
    if (want || sp) wrong('speaker', want ? JSON.stringify(want) : undefined, sp ? JSON.stringify(sp) : undefined);
  } else {
    if (compact(want.name) !== compact(sp.name)) wrong('speaker.name', want.name, sp.name);
    if (reading(want.reading) !== reading(sp.reading)) wrong('speaker.reading', want.reading, sp.reading);
    if (tidy(want.position) !== tidy(sp.position)) wrong('speaker.position', want.position, sp.position);
  }
  if (exp.lead !== b.lead.length) wrong('lead', exp.lead, b.lead.length);
  const gotTurns = turnsOf(b);
  const statements = b.sections.reduce((n, s) => n + s.topics.reduce((m, t) => m + t.turns.reduce((x, u) => x + u.paragraphs.length, 0), 0), 0);
  if (exp.statements !== statements) wrong('statements', exp.statements, statements);

  const key = (t: ExpectedTurn) => `${t.role}|${labelKey(t.label)}`;
  const pairs = align(exp.turns.map(key), gotTurns.map(key));
  const matchedExp = new Set(pairs.map(([i]) => i));
  const matchedGot = new Set(pairs.map(([, j]) => j));
  exp.turns.forEach((t, i) => matchedExp.has(i) || out.missing.push({ conference: k, turn: turnName(t) }));
  gotTurns.forEach((t, j) => matchedGot.has(j) || out.invented.push({ conference: k, turn: turnName(t) }));

  const texts = textsOf(b);
  const drop = new Set(exp.drop.map(compact));
  const statementSet = new Set(texts.statements.map(compact));
  for (const d of exp.drop) if (statementSet.has(compact(d))) out.kept.push({ conference: k, text: d });
  for (let no = exp.body; no <= last && no <= page.length; no++) {
    const text = page[no - 1]!.trim();
    if (text === '' || drop.has(compact(text))) continue;
    // A section number or list mark (`1 発表事項`, `◯冒頭発言`) is not part of the heading the reader keeps.
    const words = compact(text).replace(/^(?:\d{1,2}[.、)]?(?=\D)|[○◯●■□◆◇◎・])/u, '');
    if (!texts.all.includes(compact(text)) && !texts.all.includes(words)) out.lost.push({ line: no, text });
  }
}

export function comparePage(file: string, page: readonly string[], exp: Expectation, reading: Reading): PageResult {
  const out: PageResult = {
    file,
    site: exp.site,
    layout: exp.layout,
    classes: exp.classes,
    eligible: exp.eligible,
    expected: exp.refuse ? 'refuse' : 'import',
    outcome: 'refusal' in reading ? 'refused' : 'imported',
    ...('refusal' in reading ? { refusal: reading.refusal } : {}),
    wrong: [],
    lost: [],
    invented: [],
    missing: [],
    kept: [],
    fullyRight: false,
  };
  if ('refusal' in reading) {
    if (exp.refuse) {
      for (const must of exp.refuse) if (!reading.refusal.includes(must)) out.wrong.push({ conference: 0, field: 'refusal', expected: `says "${must}"`, got: reading.refusal });
      for (const not of exp.refuseNot) if (reading.refusal.includes(not)) out.wrong.push({ conference: 0, field: 'refusal', expected: `never says "${not}"`, got: reading.refusal });
    } else out.wrong.push({ conference: 0, field: 'import', expected: 'imported', got: `refused: ${reading.refusal}` });
  } else if (exp.refuse) {
    out.wrong.push({ conference: 0, field: 'import', expected: `refused (${exp.refuse.join('; ')})`, got: `imported ${reading.briefings.length} conference(s), the first dated ${reading.briefings[0]?.frontmatter.date ?? '?'}` });
  } else {
    const got = reading.briefings;
    if (got.length !== exp.conferences.length) out.wrong.push({ conference: 0, field: 'conferences', expected: String(exp.conferences.length), got: String(got.length) });
    exp.conferences.forEach((c, k) => {
      const last = c.last ?? (exp.conferences[k + 1] ? exp.conferences[k + 1]!.body - 1 : page.length);
      const b = got[k];
      if (b) compareConference(k, c, b, page, out, last);
      else c.turns.forEach((t) => out.missing.push({ conference: k, turn: turnName(t) }));
    });
    for (const b of got.slice(exp.conferences.length)) for (const t of turnsOf(b)) out.invented.push({ conference: exp.conferences.length, turn: turnName(t) });
  }
  out.fullyRight = out.wrong.length === 0 && out.lost.length === 0 && out.invented.length === 0 && out.missing.length === 0 && out.kept.length === 0;
  return out;
}
