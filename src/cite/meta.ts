/**
 * A briefing page's citation metadata for its `<head>`, as data (`[{name, content}]`, one
 * `<meta name content>` each): the Highwire Press `citation_*` tags that Zotero, Google Scholar and
 * other reference managers read from a page, and their Dublin Core `DC.*` equivalents (with the
 * `schema.DC` link that declares the prefix).
 *
 * - `citation_author` / `DC.creator`: one per principal speaker (the frontmatter's), `family, given`,
 *   the form those readers split names by (a name without a space is one family name).
 * - `citation_publication_date`: YYYY/MM/DD, the date of the briefing (the transcript gives the day
 *   it was held; its first publication is later and unknown); `DC.date` the same as YYYY-MM-DD.
 * - `citation_public_url` and `citation_fulltext_html_url`: the page itself — it is the full text, and
 *   readers take the public URL as the item's address. Only with an absolute URL (SITE_URL set): a
 *   path is no address for a citation. `citation_abstract_html_url` is left out: there is no abstract
 *   page.
 */
import { invertedName, type CitedBriefing } from './formats.ts';

export interface MetaTag {
  name: string;
  content: string;
}

/** `<link rel="schema.DC" href="http://purl.org/dc/elements/1.1/">`: what `DC.` names stand for. */
export const DUBLIN_CORE_SCHEMA = { rel: 'schema.DC', href: 'http://purl.org/dc/elements/1.1/' } as const;

const isAbsolute = (url: string): boolean => /^https?:\/\//iu.test(url);

export function highwireMeta(b: CitedBriefing): MetaTag[] {
  const tags: MetaTag[] = [{ name: 'citation_title', content: b.title }];
  for (const s of b.speakers) tags.push({ name: 'citation_author', content: invertedName(s.name) });
  tags.push(
    { name: 'citation_publication_date', content: b.date.replaceAll('-', '/') },
    { name: 'citation_publisher', content: b.publisher },
    { name: 'citation_language', content: b.lang },
  );
  if (isAbsolute(b.url)) tags.push({ name: 'citation_public_url', content: b.url }, { name: 'citation_fulltext_html_url', content: b.url });
  return tags;
}

export function dublinCoreMeta(b: CitedBriefing): MetaTag[] {
  const tags: MetaTag[] = [{ name: 'DC.title', content: b.title }];
  for (const s of b.speakers) tags.push({ name: 'DC.creator', content: invertedName(s.name) });
  tags.push(
    { name: 'DC.date', content: b.date },
    { name: 'DC.publisher', content: b.publisher },
    { name: 'DC.language', content: b.lang },
    { name: 'DC.type', content: 'Text' },
    { name: 'DC.format', content: 'text/html' },
  );
  if (isAbsolute(b.url)) tags.push({ name: 'DC.identifier', content: b.url });
  if (b.source?.url) tags.push({ name: 'DC.source', content: b.source.url });
  return tags;
}

/** Both lists, Highwire first: what the page's head carries. */
export function citationMeta(b: CitedBriefing): MetaTag[] {
  return [...highwireMeta(b), ...dublinCoreMeta(b)];
}
