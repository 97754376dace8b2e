/**
 * A query planned before anything is matched: each term's alternatives (matching.ts), the postings of
 * each of their keys per segment (whole lists, or heads of long ones), and each term's document
 * frequency for ranking — taken from the lists' sizes and heads, so that it is the same whether a read
 * is full or bounded.
 */
import { alternativesOf, gramKeysOf, type Alternative, type ListSource } from './matching.ts';
import { docsOf, type KeyRefs, type Postings } from './lists.ts';
import { idfOf } from './ranking.ts';
import type { QueryTerm } from './syntax.ts';
import type { PostingList } from '../format.ts';

/** One key an alternative reads: a gram, or a word's lemma postings. */
export interface KeyPlan {
  gram: number | null;
  lemma: string | null;
  refs: KeyRefs;
}

export interface AltPlan {
  alt: Alternative;
  keys: KeyPlan[];
}

export interface TermPlan {
  term: QueryTerm;
  alternatives: Alternative[];
  alts: AltPlan[];
}

export interface QueryPlan {
  positive: TermPlan[];
  negative: TermPlan[];
  /** Per positive term, BM25's inverse document frequency (termDocs). */
  idf: number[];
}

async function planTerm(postings: Postings, term: QueryTerm): Promise<TermPlan> {
  // The term's own text is always an alternative: its keys are looked up now, beside the word's entry
  // that may add others (readings, a dictionary form), not after it — each lookup is a round trip or
  // two (directory, block, head). Failures are the awaits' below.
  for (const gram of gramKeysOf(term.text)) postings.gram(gram).catch(() => {});
  const alternatives = await alternativesOf(term, async (w) => (await postings.word(w)).readings);
  const alts = await Promise.all(
    alternatives.map(async (alt): Promise<AltPlan> => {
      if (alt.lemma !== undefined) return { alt, keys: [{ gram: null, lemma: alt.lemma, refs: (await postings.word(alt.lemma)).lemma }] };
      const keys = gramKeysOf(alt.text);
      return { alt, keys: await Promise.all(keys.map(async (gram) => ({ gram, lemma: null, refs: await postings.gram(gram) }))) };
    }),
  );
  return { term, alternatives, alts };
}

/**
 * A term's document frequency, for ranking: per alternative, the fewest statements any of its keys'
 * postings hold (a text is in no more statements than its rarest bigram), summed over alternatives,
 * and at most `docs`. For a term of one gram it is exactly that gram's statements; for a longer one at
 * least its own. Deleted statements count until their segment is merged, as in every list.
 */
export function termDocs(t: TermPlan, docs: number): number {
  const sum = t.alts.reduce((n, a) => n + Math.min(...a.keys.map((k) => docsOf(k.refs))), 0);
  return Math.min(docs, sum);
}

/** Plans every term; `docs` is the index's live statements (ranking's N). */
export async function planQuery(postings: Postings, terms: QueryTerm[], docs: number): Promise<QueryPlan> {
  const [positive, negative] = await Promise.all([
    Promise.all(terms.filter((t) => !t.exclude).map((t) => planTerm(postings, t))),
    Promise.all(terms.filter((t) => t.exclude).map((t) => planTerm(postings, t))),
  ]);
  return { positive, negative, idf: positive.map((t) => idfOf(termDocs(t, docs), docs)) };
}

/** Every key of the plan's terms read whole (a full read), as a source for matching. */
export async function wholeSource(postings: Postings, plan: QueryPlan): Promise<ListSource> {
  const grams = new Map<number, PostingList | null>();
  const lemmas = new Map<string, PostingList | null>();
  const keys = [...plan.positive, ...plan.negative].flatMap((t) => t.alts.flatMap((a) => a.keys));
  await Promise.all(
    keys.map(async (k) => {
      const list = await postings.whole(k.refs);
      if (k.gram !== null) grams.set(k.gram, list);
      else lemmas.set(k.lemma!, list);
    }),
  );
  return { gram: (key) => grams.get(key) ?? null, lemma: (word) => lemmas.get(word) ?? null };
}
