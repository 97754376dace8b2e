/**
 * `A NEAR B` as a post-filter over one statement: true when some match of A and some match of B are in
 * the same sentence, or at most NEAR_DISTANCE characters apart (from the end of the first to the start
 * of the second; overlapping matches are near).
 *
 * Contract: matches are [start, end) ranges in the statement's search form (src/japanese/normalize.ts),
 * as the engine's matching gives them (`TermDocMatch.spans`: literal matches, readings and dictionary
 * forms); a term whose positions the index does not keep (a single character) is found in the text
 * here. Ranges past the statement's text (its topic heading, indexed after it) are not in the statement
 * and are ignored. Sentences end at 。 ! ? (full width folded), a `.` before a space or the end, and a
 * line break between paragraphs.
 */
import { normalizeWithMap } from '../../japanese/normalize.ts';
import type { TermDocMatch, TermMatches } from './matching.ts';
import type { QueryTerm } from './syntax.ts';

export const NEAR_DISTANCE = 30;

export type Range = [number, number];

/** The statement's search form and, per character of it, the index of its sentence. */
export interface Sentences {
  text: string;
  sentence: Int32Array;
}

export function sentencesOf(statement: string): Sentences {
  const { text, map } = normalizeWithMap(statement);
  const sentence = new Int32Array(text.length);
  let k = 0;
  for (let i = 0; i < text.length; i++) {
    sentence[i] = k;
    const c = text[i]!;
    // A paragraph break is a "\n" of the source: made a space, or dropped between two Japanese words.
    const paragraph = statement.slice(map[i]!, map[i + 1]!).includes('\n');
    if (c === '。' || c === '!' || c === '?' || paragraph || (c === '.' && (i + 1 === text.length || text[i + 1] === ' '))) k++;
  }
  return { text, sentence };
}

/** A term's ranges in one statement: the engine's spans, or — for a single character — its occurrences. */
export function rangesOf(term: QueryTerm, match: TermDocMatch | undefined, s: Sentences): Range[] {
  const out: Range[] = [];
  if (match && match.spans.size > 0) {
    for (const [at, [len]] of match.spans) if (at + len <= s.text.length) out.push([at, at + len]);
    return out;
  }
  for (let i = s.text.indexOf(term.text); i >= 0; i = s.text.indexOf(term.text, i + 1)) out.push([i, i + term.text.length]);
  return out;
}

export function isNear(s: Sentences, a: Range[], b: Range[], distance = NEAR_DISTANCE): boolean {
  for (const x of a) {
    for (const y of b) {
      const [first, second] = x[0] <= y[0] ? [x, y] : [y, x];
      if (second[0] - first[1] <= distance) return true;
      const last = Math.max(first[1], second[1]) - 1;
      if (s.sentence[first[0]] === s.sentence[last]) return true;
    }
  }
  return false;
}

/** A NEAR pair as the engine holds it: each side's term and its matches over the archive. */
export interface NearSides {
  a: QueryTerm;
  b: QueryTerm;
  aMatches: TermMatches;
  bMatches: TermMatches;
}

/** How keepNear reads a statement: its text, and whether its topic heading is indexed after it. */
export interface StatementReader {
  text: (doc: number) => Promise<string>;
  headingIndexed: (doc: number) => Promise<boolean>;
}

/** Some span of `a` and some span of `b` at most `distance` apart (isNear's first rule, on positions). */
function spansNear(a: TermDocMatch | undefined, b: TermDocMatch | undefined, distance: number): boolean {
  if (!a || !b) return false;
  for (const [x, [xl]] of a.spans) for (const [y, [yl]] of b.spans) if ((x <= y ? y - (x + xl) : x - (y + yl)) <= distance) return true;
  return false;
}

/**
 * The statements of `docs` in which every pair is near. A pair whose matches are close by their
 * positions is near without reading the text — when the statement has no topic heading indexed after
 * it (the text block says so), since positions run on into the heading; every other pair is decided
 * on the text (`read.text`), the only way to know the sentences.
 */
export async function keepNear(docs: number[], pairs: NearSides[], read: StatementReader): Promise<number[]> {
  if (pairs.length === 0) return docs;
  const kept = await Promise.all(
    docs.map(async (doc) => {
      let sentences: Sentences | null = null;
      let heading: boolean | null = null;
      for (const p of pairs) {
        const [ma, mb] = [p.aMatches.get(doc), p.bMatches.get(doc)];
        if (spansNear(ma, mb, NEAR_DISTANCE) && !(heading ??= await read.headingIndexed(doc))) continue;
        sentences ??= sentencesOf(await read.text(doc));
        if (!isNear(sentences, rangesOf(p.a, ma, sentences), rangesOf(p.b, mb, sentences))) return false;
      }
      return true;
    }),
  );
  return docs.filter((_, i) => kept[i]);
}
