/**
 * The corpus's most frequent content words by the number of briefings that hold them — what people
 * type first, and what costs a search the most — taken from the corpus generator's own record of what
 * it wrote (`_truth.json`), never from an index.
 *
 * A content word is a noun (not a pronoun, numeral, suffix or dependent noun) or an independent verb or
 * adjective, counted by its dictionary form, written with at least one kanji or katakana and at least
 * two characters: する, いる, 年 are left to the query list's other classes.
 */
import { readTruth } from './truth.ts';

const CONTENT_POS = /^(名詞,(?!非自立|代名詞|数|接尾|特殊)|動詞,自立|形容詞,自立)/u;
const WRITTEN = /[\u4e00-\u9fff\u30a1-\u30f6]/u;

export interface FrequentWord {
  word: string;
  /** Briefings holding the word (any of its forms), by the generator's record. */
  briefings: number;
}

/** The `n` content words held by the most briefings, most first (ties by the word). */
export async function frequentContentWords(corpusDir: string, n: number): Promise<FrequentWord[]> {
  // The word table is at the end of the record: a first pass reads it, a second counts.
  const words = await readTruth(corpusDir, () => {});
  // Several word ids (surfaces, conjugations) share a dictionary form: a briefing counts once per form.
  const idForm = new Map<number, string>();
  words.forEach(([, base, , pos], id) => {
    if (CONTENT_POS.test(pos) && WRITTEN.test(base) && [...base].length >= 2) idForm.set(id, base);
  });
  const count = new Map<string, number>();
  await readTruth(corpusDir, (b) => {
    const forms = new Set<string>();
    for (const [, ids] of b.statements) for (const id of ids) if (idForm.has(id)) forms.add(idForm.get(id)!);
    for (const f of forms) count.set(f, (count.get(f) ?? 0) + 1);
  });
  return [...count]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, n)
    .map(([word, briefings]) => ({ word, briefings }));
}
