/** The query language: terms, "phrases", -exclusions. */
import { isHiraganaWord, normalize } from '../../japanese/normalize.ts';

export interface QueryTerm {
  /** Search form of the term (see src/japanese/normalize.ts). */
  text: string;
  phrase: boolean;
  exclude: boolean;
  /**
   * Typed in hiragana, so it may be a reading (`きょうゆう` → 共有). A term typed in katakana (`ﾀｶﾄﾘ`,
   * `タカトリ`) is a written word and finds that word only, not 高取.
   */
  reading: boolean;
}

const QUOTES = new Set(['"', '＂', '“', '”', '„']);
const MINUS = new Set(['-', '－', '−']);
const SPACE = /[\s\u3000]/u;

/**
 * Space-separated terms, all required; `"…"` an exact phrase (spaces inside kept); a leading `-`
 * excludes the term or phrase. A `-` inside a term (F-35) is an ordinary character.
 */
export function parseQuery(query: string): QueryTerm[] {
  const terms: QueryTerm[] = [];
  const chars = [...query];
  let i = 0;
  while (i < chars.length) {
    while (i < chars.length && SPACE.test(chars[i]!)) i++;
    if (i >= chars.length) break;
    let exclude = false;
    if (MINUS.has(chars[i]!) && i + 1 < chars.length && !SPACE.test(chars[i + 1]!)) {
      exclude = true;
      i++;
    }
    let raw = '';
    let phrase = false;
    if (QUOTES.has(chars[i]!)) {
      phrase = true;
      i++;
      while (i < chars.length && !QUOTES.has(chars[i]!)) raw += chars[i++];
      i++;
    } else {
      while (i < chars.length && !SPACE.test(chars[i]!)) raw += chars[i++];
    }
    let text = normalize(raw);
    if (phrase) text = text.trim();
    if (text.length > 0 && text !== ' ') terms.push({ text, phrase, exclude, reading: !phrase && isHiraganaWord(raw.normalize('NFKC')) });
  }
  return terms;
}
export { QUOTES as QUERY_QUOTES, MINUS as QUERY_MINUS, SPACE as QUERY_SPACE };
