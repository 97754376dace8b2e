/**
 * People's names, folded one way everywhere: the speaker pages (who is who), the principal speaker of
 * a transcript, and the importer (the same official mentioned twice) all compare names through here.
 *
 * Frontmatter writes a name with a space between family and given name (`中谷 元`); labels and news
 * leads write it without (`中谷`, `中谷元`), and text copied from web pages brings U+3000, no-break or
 * zero-width spaces, or full-width letters. Comparisons ignore all of that; what is shown keeps the
 * name as written.
 */

/** Any space, including U+3000 and the zero-width space some pages put between a family and a given name. */
const SPACES = /[\s\u200b]+/gu;

/** A name for comparing: NFKC (full-width letters meet half-width ones) and without spaces (中谷 元 → 中谷元). */
export function compactName(name: string): string {
  return name.normalize('NFKC').replace(SPACES, '');
}

/** The family name as written: the first of the space-separated parts (中谷 元 → 中谷). */
export function familyName(name: string): string {
  return name.trim().split(SPACES)[0]!;
}

/** The same person's name, however it is spaced or in which width it is written. */
export function sameName(a: string, b: string): boolean {
  return compactName(a) === compactName(b);
}
