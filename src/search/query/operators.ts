/**
 * Operators typed in the search box (and in a shared `?q=` link, and the CLI's query): who, what kind
 * and when, plus proximity. Parsed here into exactly the filter object the form's fields and the CLI's
 * flags give the engine (`SearchOptions`' role, speaker, kind, from, to), and the query that remains
 * for the query syntax (src/search/query/syntax.ts: terms, "phrases", -exclusions).
 *
 *   speaker:NAME  speaker:"中谷 元"   the speaker filter (a part of the speaker's name)
 *   role:official|reporter|moderator|lead, or the words the page shows: 会見者 記者 司会 リード
 *                                    (several role: operators: any of them)
 *   kind:定例|臨時 (teirei, rinji, 定例会見 and 定例記者会見 too; other kinds as written)
 *   from:YYYY-MM-DD  to:YYYY-MM-DD   inclusive dates; year:YYYY is from YYYY-01-01 to YYYY-12-31
 *   A NEAR B                         both terms in one statement, in the same sentence or within 30
 *                                    characters (A and B stay in the query; `near` lists the pairs for
 *                                    the post-filter, near.ts)
 *
 * Operator names are ASCII, any case; the colon may be full width (`speaker：中谷`); a value may be
 * quoted with any of the query syntax's quotes. A word with a colon that is not an operator (`10:13`,
 * `F-35:`) stays a term. Nothing throws: a value that cannot be used (an impossible date, an unknown
 * role, an empty value, a second speaker:, an excluded operator, a NEAR without a term on each side) is
 * an error in `errors`, with messages in English (CLI) and Japanese (page), and is left out.
 */
import { parseIsoDate } from '../../japanese/era.ts';
import { parseQuery, type QueryTerm } from './syntax.ts';
import { ROLE_NAMES, STATEMENT_ROLES, type StatementRole } from '../../model/vocabulary.ts';
import { kindOf, operatorTokens, type Token } from './operator-tokens.ts';

/** The filters a typed query gives: the same fields as the form's and the CLI's. */
export interface QueryFilters {
  role?: StatementRole | StatementRole[];
  speaker?: string;
  kind?: string;
  from?: string;
  to?: string;
}

export interface NearPair {
  a: QueryTerm;
  b: QueryTerm;
}

export interface OperatorError {
  code: 'empty' | 'role' | 'date' | 'year' | 'range' | 'repeat' | 'exclude' | 'near';
  /** The token as typed. */
  token: string;
  message: string;
  messageJa: string;
}

export interface OperatorQuery {
  /** What remains for the query syntax, as typed (terms, phrases and exclusions, NEAR's terms included). */
  query: string;
  filters: QueryFilters;
  near: NearPair[];
  errors: OperatorError[];
}

export const OPERATOR_NAMES = ['speaker', 'role', 'kind', 'from', 'to', 'year'] as const;
export type OperatorName = (typeof OPERATOR_NAMES)[number];

/** The help under the search box: each operator, an example and what it does. */
export const OPERATOR_HELP: ReadonlyArray<{ syntax: string; example: string; ja: string }> = [
  { syntax: 'speaker:名前', example: 'speaker:"中谷 元"', ja: '発言者の名前（一部でよい）で絞り込む' },
  { syntax: 'role:会見者|記者|司会', example: 'role:記者', ja: '発言者の役割で絞り込む（official / reporter / moderator も可）' },
  { syntax: 'kind:定例|臨時', example: 'kind:臨時', ja: '会見の種別で絞り込む' },
  { syntax: 'from:YYYY-MM-DD', example: 'from:2025-04-01', ja: 'この日以降の会見' },
  { syntax: 'to:YYYY-MM-DD', example: 'to:2025-09-30', ja: 'この日以前の会見' },
  { syntax: 'year:YYYY', example: 'year:2025', ja: 'その年の会見' },
  { syntax: 'A NEAR B', example: 'ミサイル NEAR 発射', ja: '同じ発言の、同じ文の中か30字以内に両方がある' },
];

const ROLE_OF_WORD: ReadonlyMap<string, StatementRole> = new Map([
  ...STATEMENT_ROLES.map((r): [string, StatementRole] => [r, r]),
  ...STATEMENT_ROLES.map((r): [string, StatementRole] => [ROLE_NAMES[r], r]),
]);

type Draft = { filters: QueryFilters; roles: StatementRole[]; year: string | null; errors: OperatorError[] };

function fail(d: Draft, code: OperatorError['code'], token: string, message: string, messageJa: string): void {
  d.errors.push({ code, token, message: `${token}: ${message}`, messageJa: `${token}：${messageJa}` });
}

/** One operator's value into the draft, or an error. */
function apply(d: Draft, t: Token & { operator: OperatorName }): void {
  const v = t.value.trim();
  if (t.exclude) return fail(d, 'exclude', t.raw, `a filter cannot be excluded; remove the "-"`, '絞り込みは除外できません。「-」を外してください');
  if (!v) return fail(d, 'empty', t.raw, `give a value after the colon, e.g. ${exampleOf(t.operator)}`, `コロンの後に値を書いてください（例: ${exampleOf(t.operator)}）`);
  switch (t.operator) {
    case 'role': {
      const role = ROLE_OF_WORD.get(v.toLowerCase()) ?? ROLE_OF_WORD.get(v);
      if (!role) return fail(d, 'role', t.raw, `role is one of ${STATEMENT_ROLES.join(', ')} (or ${Object.values(ROLE_NAMES).join(', ')})`, `役割は ${Object.values(ROLE_NAMES).join('・')} のどれかです`);
      if (!d.roles.includes(role)) d.roles.push(role);
      return;
    }
    case 'speaker':
    case 'kind': {
      if (d.filters[t.operator] !== undefined) return fail(d, 'repeat', t.raw, `only one ${t.operator}: operator can be used`, `${t.operator}: は一つだけ使えます`);
      d.filters[t.operator] = t.operator === 'kind' ? kindOf(v) : v;
      return;
    }
    case 'from':
    case 'to': {
      if (!parseIsoDate(v)) return fail(d, 'date', t.raw, `"${v}" is not a real date written YYYY-MM-DD`, `「${v}」は YYYY-MM-DD で書いた実在の日付ではありません`);
      if (d.filters[t.operator] !== undefined) return fail(d, 'repeat', t.raw, `only one ${t.operator}: operator can be used`, `${t.operator}: は一つだけ使えます`);
      d.filters[t.operator] = v;
      return;
    }
    case 'year': {
      if (!/^\d{4}$/u.test(v)) return fail(d, 'year', t.raw, `"${v}" is not a year written YYYY`, `「${v}」は YYYY で書いた年ではありません`);
      if (d.year !== null) return fail(d, 'repeat', t.raw, 'only one year: operator can be used', 'year: は一つだけ使えます');
      d.year = v;
    }
  }
}

function exampleOf(op: OperatorName): string {
  return OPERATOR_HELP.find((h) => h.syntax.startsWith(`${op}:`))!.example;
}

/** year: narrows from:/to: (both hold); a range that ends before it starts is an error. */
function finishDates(d: Draft): void {
  if (d.year !== null) {
    const [from, to] = [`${d.year}-01-01`, `${d.year}-12-31`];
    if (!d.filters.from || d.filters.from < from) d.filters.from = from;
    if (!d.filters.to || d.filters.to > to) d.filters.to = to;
  }
  if (d.filters.from && d.filters.to && d.filters.from > d.filters.to) {
    fail(d, 'range', `from:${d.filters.from} to:${d.filters.to}`, 'the dates give an empty range (from is after to)', '期間の始まりが終わりより後です');
    delete d.filters.from;
    delete d.filters.to;
  }
}

/** `A NEAR B [NEAR C …]` → pairs of adjacent terms; NEAR itself leaves the query. */
function nearPairs(d: Draft, tokens: Token[]): { kept: Token[]; near: NearPair[] } {
  const kept: Token[] = [];
  const near: NearPair[] = [];
  const termOf = (t: Token | undefined): QueryTerm | null => {
    if (!t || t.operator || t.near || t.exclude) return null;
    return parseQuery(t.raw)[0] ?? null;
  };
  tokens.forEach((t, i) => {
    if (!t.near) return void kept.push(t);
    const a = termOf(tokens[i - 1]);
    const b = termOf(tokens[i + 1]);
    if (a && b) near.push({ a, b });
    else fail(d, 'near', t.raw, 'NEAR needs a word or "phrase" on each side (not a filter, not an excluded word)', 'NEAR の両側には語か "フレーズ" が必要です（絞り込みや除外語は不可）');
  });
  return { kept, near };
}

export function parseOperators(input: string): OperatorQuery {
  const d: Draft = { filters: {}, roles: [], year: null, errors: [] };
  const tokens = operatorTokens(input, OPERATOR_NAMES);
  for (const t of tokens) if (t.operator) apply(d, t as Token & { operator: OperatorName });
  finishDates(d);
  if (d.roles.length > 0) d.filters.role = d.roles.length === 1 ? d.roles[0]! : d.roles;
  const { kept, near } = nearPairs(d, tokens);
  return { query: kept.filter((t) => !t.operator).map((t) => t.raw).join(' '), filters: d.filters, near, errors: d.errors };
}

/**
 * The options a search runs with: the form's fields (or the CLI's flags) with the typed operators'
 * filters over them — an operator wins over the field of the same name (`year:` sets both ends).
 */
export function withOperators<O extends QueryFilters>(options: O, filters: QueryFilters): O {
  return { ...options, ...filters };
}
