/**
 * A briefing page's structured data (schema.org, JSON-LD): the transcript is a CreativeWork
 * (genre 記者会見録) recorded at an Event — the press conference, with its date, times, place and
 * the officials who held it as performers.
 */
import type { SiteConfig } from '../astro/options.ts';
import type { BriefingFrontmatter } from '../model/frontmatter.ts';

export interface JsonLdLinks {
  /** The page's absolute URL, when the site URL is known. */
  page: string | null;
  /** The site's absolute URL. */
  site: string | null;
  /** Absolute URL of each frontmatter speaker's page, in frontmatter order. */
  speakers: Array<string | null>;
}

export function briefingJsonLd(fm: BriefingFrontmatter, config: SiteConfig, links: JsonLdLinks): Record<string, unknown> {
  const at = (time: string | undefined) => (time ? `${fm.date}T${time}` : fm.date);
  return {
    '@context': 'https://schema.org',
    '@type': 'CreativeWork',
    genre: '記者会見録',
    name: fm.title,
    inLanguage: config.lang,
    ...(links.page ? { url: links.page } : {}),
    ...(fm.source?.url ? { isBasedOn: fm.source.url } : {}),
    ...(fm.source?.credit ? { creditText: fm.source.credit } : {}),
    publisher: { '@type': 'Organization', name: config.publisher.name, ...(config.publisher.url ? { url: config.publisher.url } : {}) },
    isPartOf: { '@type': 'WebSite', name: config.title, ...(links.site ? { url: links.site } : {}) },
    recordedAt: {
      '@type': 'Event',
      name: fm.title,
      startDate: at(fm.start),
      ...(fm.end ? { endDate: at(fm.end) } : {}),
      ...(fm.place ? { location: { '@type': 'Place', name: fm.place } } : {}),
      ...(fm.speakers && fm.speakers.length > 0
        ? {
            performer: fm.speakers.map((s, i) => ({
              '@type': 'Person',
              name: s.name,
              ...(s.position ? { jobTitle: s.position } : {}),
              ...(links.speakers[i] ? { url: links.speakers[i] } : {}),
            })),
          }
        : {}),
    },
  };
}

/**
 * JSON for inside a <script> element: `<` is written as \u003c, so a title holding `</script>` or
 * `<!--` cannot end the element; the JSON it parses to is the same. U+2028/2029 are escaped for old parsers.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</gu, '\\u003c').replace(/>/gu, '\\u003e').replace(/&/gu, '\\u0026').replace(/\u2028/gu, '\\u2028').replace(/\u2029/gu, '\\u2029');
}
