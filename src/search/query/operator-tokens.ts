/**
 * The typed query split the way the query syntax splits it (src/search/query/syntax.ts: space-separated,
 * `"…"` phrases with spaces inside, a leading `-` excludes), with two more kinds of token: `name:value`
 * operators and the word NEAR. Each token keeps its raw text, so that what is not an operator goes on
 * to the query syntax exactly as typed.
 */
import { QUERY_MINUS as MINUS, QUERY_QUOTES as QUOTES, QUERY_SPACE as SPACE } from './syntax.ts';
import { KINDS } from '../../model/vocabulary.ts';

export interface Token {
  /** As typed, the `-` included. */
  raw: string;
  exclude: boolean;
  /** The operator's name (lower case), for a `name:value` token whose name is one of the operators. */
  operator?: string;
  /** An operator's value, unquoted. */
  value: string;
  /** The word NEAR (upper case, half or full width), not quoted. */
  near: boolean;
}

/** An operator name: ASCII or full-width letters, then a half- or full-width colon. */
const OPERATOR = /^([A-Za-zＡ-Ｚａ-ｚ]+)[:：]/u;

/** Reads up to the closing quote (or the end); `i` is just after the opening one. Returns [text, next]. */
function quoted(s: string, i: number): [string, number] {
  let j = i;
  while (j < s.length && !QUOTES.has(s[j]!)) j++;
  return [s.slice(i, j), Math.min(s.length, j + 1)];
}

function untilSpace(s: string, i: number): number {
  let j = i;
  while (j < s.length && !SPACE.test(s[j]!)) j++;
  return j;
}

export function operatorTokens(input: string, names: readonly string[]): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    while (i < input.length && SPACE.test(input[i]!)) i++;
    if (i >= input.length) break;
    const start = i;
    const exclude = MINUS.has(input[i]!) && i + 1 < input.length && !SPACE.test(input[i + 1]!);
    if (exclude) i++;
    const m = OPERATOR.exec(input.slice(i, i + 24));
    const name = m ? m[1]!.normalize('NFKC').toLowerCase() : '';
    if (m && names.includes(name)) {
      i += m[0].length;
      let value: string;
      if (QUOTES.has(input[i] ?? '')) [value, i] = quoted(input, i + 1);
      else [value, i] = [input.slice(i, untilSpace(input, i)), untilSpace(input, i)];
      tokens.push({ raw: input.slice(start, i), exclude, operator: name, value, near: false });
      continue;
    }
    if (QUOTES.has(input[i]!)) i = quoted(input, i + 1)[1];
    else i = untilSpace(input, i);
    const raw = input.slice(start, i);
    tokens.push({ raw, exclude, value: '', near: !exclude && raw.normalize('NFKC') === 'NEAR' });
  }
  return tokens;
}

/** A kind as the filter compares it: 定例 for teirei, 定例会見 and 定例記者会見; other words as written. */
export function kindOf(value: string): string {
  const v = value.normalize('NFKC').trim();
  const bySlug = Object.entries(KINDS).find(([, k]) => k.slug === v.toLowerCase());
  if (bySlug) return bySlug[0];
  const bare = v.replace(/(?:記者)?会見$/u, '');
  return bare in KINDS ? bare : value.trim();
}
