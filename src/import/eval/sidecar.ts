/**
 * The expectation sidecar of a page in an import-eval sample (`NNN-site-date.expect.yaml` beside
 * `NNN-site-date.txt`), written by a person reading the page — never from the importer's output.
 * The format is documented in docs/import.md ("Measuring on real pages"); a problem in a sidecar is
 * reported as `path:line: what is wrong — how to fix it`.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml';

export interface ExpectedSpeaker {
  name: string;
  reading?: string;
  position?: string;
}

/** One expected turn: its role and the label as written (null for unlabelled text). */
export interface ExpectedTurn {
  role: 'official' | 'reporter' | 'moderator';
  label: string | null;
}

export interface ExpectedConference {
  /** Frontmatter fields; absent means the page does not state it and the output must not have it. */
  fields: Record<FieldName, string | undefined>;
  speaker: ExpectedSpeaker | undefined;
  lead: number;
  /** 1-based line of the page where the transcript starts (its first heading or label). */
  body: number;
  /** Last line of this conference (inclusive); the next conference's first line − 1, or the page's end. */
  last: number | undefined;
  turns: ExpectedTurn[];
  statements: number;
  /** Lines of the page that must never become a statement, heading or topic (chrome, contents, なし。). */
  drop: string[];
  line: number;
}

export interface Expectation {
  site: string;
  layout: string;
  classes: string[];
  /** Counted among "pages with a date and labels" (the figure). */
  eligible: boolean;
  /** The page must be refused; the refusal must contain each of these. */
  refuse: string[] | undefined;
  /** The refusal must contain none of these (`has no year` for a line that has one). */
  refuseNot: string[];
  conferences: ExpectedConference[];
}

export const FIELDS = ['title', 'date', 'start', 'end', 'timeNote', 'place', 'kind', 'credit', 'published', 'url'] as const;
export type FieldName = (typeof FIELDS)[number];

const ROLE_CODES: Record<string, ExpectedTurn['role']> = { O: 'official', R: 'reporter', M: 'moderator' };
const TOP_KEYS = ['site', 'layout', 'classes', 'eligible', 'refuse', 'refuse_not', 'conferences', 'note'];
const CONF_KEYS = [...FIELDS, 'speaker', 'lead', 'body', 'last', 'turns', 'statements', 'drop', 'note'];

export class SidecarError extends Error {
  readonly line: number;
  readonly hint: string;

  constructor(line: number, message: string, hint: string) {
    super(message);
    this.line = line;
    this.hint = hint;
  }
}

/** `O`, `R Q:`, `O 【岩屋外務大臣】` → a turn; `|` separates turns in a one-line list. */
export function parseTurn(token: string, line: number): ExpectedTurn {
  const m = /^\s*([ORM])(?:\s+(\S.*?))?\s*$/u.exec(token);
  if (!m) throw new SidecarError(line, `turn "${token}" is not ROLE [LABEL]`, 'write O (official), R (reporter) or M (moderator), then the label as written: "R Q:", "O A:", "O" for unlabelled text');
  return { role: ROLE_CODES[m[1]!]!, label: m[2] ?? null };
}

function str(node: Node | null | undefined, what: string, lines: LineCounter): string | undefined {
  if (node == null || (isScalar(node) && node.value === null)) return undefined;
  if (!isScalar(node) || (typeof node.value !== 'string' && typeof node.value !== 'number')) {
    throw new SidecarError(lineOf(node, lines), `${what} must be a text`, `write ${what}: "…" (quote times: "09:30")`);
  }
  const v = String(node.value).trim();
  return v === '' ? undefined : v;
}

function int(node: Node | null | undefined, what: string, lines: LineCounter, fallback?: number): number {
  if (node == null) {
    if (fallback !== undefined) return fallback;
    throw new SidecarError(1, `${what} is missing`, `add ${what}: N`);
  }
  if (!isScalar(node) || typeof node.value !== 'number' || !Number.isInteger(node.value) || node.value < 0) {
    throw new SidecarError(lineOf(node, lines), `${what} must be a whole number`, `write ${what}: N`);
  }
  return node.value;
}

function lineOf(node: Node | null | undefined, lines: LineCounter): number {
  const offset = node?.range?.[0];
  return offset === undefined ? 1 : lines.linePos(offset).line;
}

function strings(node: Node | null | undefined, what: string, lines: LineCounter): string[] {
  if (node == null) return [];
  if (isScalar(node)) return [str(node, what, lines)].filter((s): s is string => s !== undefined);
  if (!isSeq(node)) throw new SidecarError(lineOf(node, lines), `${what} must be a list`, `write ${what}: [a, b]`);
  return node.items.map((n) => str(n as Node, what, lines)).filter((s): s is string => s !== undefined);
}

function checkKeys(map: YAMLMap, allowed: string[], where: string, lines: LineCounter): void {
  for (const pair of map.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!allowed.includes(key)) {
      throw new SidecarError(lineOf(pair.key as Node, lines), `unknown key "${key}" in ${where}`, `use one of: ${allowed.join(', ')}`);
    }
  }
}

function conference(node: Node, lines: LineCounter): ExpectedConference {
  if (!isMap(node)) throw new SidecarError(lineOf(node, lines), 'a conference must be a map of fields', 'write - title: … / date: … (see docs/import.md)');
  checkKeys(node, CONF_KEYS, 'a conference', lines);
  const get = (k: string) => node.get(k, true) as Node | undefined;
  const fields = Object.fromEntries(FIELDS.map((f) => [f, str(get(f), f, lines)])) as Record<FieldName, string | undefined>;
  const at = lineOf(node, lines);
  if (!fields.title || !fields.date) throw new SidecarError(at, 'a conference needs its title and date', 'add title: … and date: YYYY-MM-DD as the page states them');
  if (!/^\d{4}-\d{2}-\d{2}$/u.test(fields.date)) throw new SidecarError(lineOf(get('date'), lines), `date "${fields.date}" is not YYYY-MM-DD`, 'write date: 2025-09-08');
  for (const t of ['start', 'end'] as const) {
    if (fields[t] && !/^\d{2}:\d{2}$/u.test(fields[t])) throw new SidecarError(lineOf(get(t), lines), `${t} "${fields[t]}" is not HH:MM`, `write ${t}: "09:30" (quoted)`);
  }
  const sp = get('speaker');
  let speaker: ExpectedSpeaker | undefined;
  if (sp != null && !(isScalar(sp) && sp.value === null)) {
    if (!isMap(sp)) throw new SidecarError(lineOf(sp, lines), 'speaker must be a map', 'write speaker: {name: 中谷 元, reading: なかたに げん, position: 防衛大臣}');
    checkKeys(sp, ['name', 'reading', 'position'], 'speaker', lines);
    const name = str(sp.get('name', true) as Node, 'speaker.name', lines);
    if (!name) throw new SidecarError(lineOf(sp, lines), 'speaker has no name', 'add name: …, or write speaker: ~ when the page names nobody');
    const reading = str(sp.get('reading', true) as Node, 'speaker.reading', lines);
    const position = str(sp.get('position', true) as Node, 'speaker.position', lines);
    speaker = { name, ...(reading ? { reading } : {}), ...(position ? { position } : {}) };
  }
  const turnsNode = get('turns');
  const turnsLine = lineOf(turnsNode, lines);
  const turnTokens = isSeq(turnsNode) ? strings(turnsNode, 'turns', lines) : (str(turnsNode, 'turns', lines) ?? '').split('|').filter((t) => t.trim() !== '');
  const last = get('last');
  return {
    fields,
    speaker,
    lead: int(get('lead'), 'lead', lines, 0),
    body: int(get('body'), 'body', lines),
    last: last == null ? undefined : int(last, 'last', lines),
    turns: turnTokens.map((t) => parseTurn(t, turnsLine)),
    statements: int(get('statements'), 'statements', lines),
    drop: strings(get('drop'), 'drop', lines),
    line: at,
  };
}

export function parseSidecar(text: string): Expectation {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) throw new SidecarError(first.linePos?.[0]?.line ?? 1, `not valid YAML: ${first.message.split('\n')[0]}`, 'fix the YAML syntax');
  const root = doc.contents;
  if (!isMap(root)) throw new SidecarError(1, 'the sidecar must be a YAML map', 'start with site: … / layout: … (see docs/import.md)');
  checkKeys(root, TOP_KEYS, 'the sidecar', lines);
  const get = (k: string) => root.get(k, true) as Node | undefined;
  const site = str(get('site'), 'site', lines);
  const layout = str(get('layout'), 'layout', lines);
  if (!site || !layout) throw new SidecarError(1, 'the sidecar needs site and layout', 'add site: mod (or mofa, jdefense, blog…) and layout: the layout class');
  const refuse = get('refuse') == null ? undefined : strings(get('refuse'), 'refuse', lines);
  const confs = get('conferences');
  if (refuse === undefined && !isSeq(confs)) throw new SidecarError(1, 'the sidecar has neither refuse nor conferences', 'add conferences: (a list) or refuse: "what the refusal must say"');
  if (refuse !== undefined && confs != null) throw new SidecarError(lineOf(confs, lines), 'a page is either refused or imported', 'keep refuse: or conferences:, not both');
  const eligibleNode = get('eligible');
  if (eligibleNode != null && !(isScalar(eligibleNode) && typeof eligibleNode.value === 'boolean')) {
    throw new SidecarError(lineOf(eligibleNode, lines), 'eligible must be true or false', 'write eligible: false for a page without a date or without labels');
  }
  return {
    site,
    layout,
    classes: strings(get('classes'), 'classes', lines),
    eligible: eligibleNode == null ? true : (eligibleNode as { value: boolean }).value,
    refuse,
    refuseNot: strings(get('refuse_not'), 'refuse_not', lines),
    conferences: isSeq(confs) ? confs.items.map((n) => conference(n as Node, lines)) : [],
  };
}
