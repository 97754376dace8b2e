/**
 * The site's addresses, in one place: every path a page links to, the exports and the feed write, the
 * sitemap dates, the build's checks and the search index's hits use. Paths are relative to the site's
 * base (`briefings/2025/x/`); `withBase` puts the base in front of one, and `normalizeBase` gives a base
 * the one form every caller expects (`/` or `/kaiken/`, a slash at both ends).
 *
 * No Node imports: the search engine (bundled for the browser) builds its hits' URLs here too.
 */

/** `kaiken`, `/kaiken`, ` /kaiken/ ` → `/kaiken/`; an empty base is the root, `/`. */
export function normalizeBase(base: string): string {
  let b = base.trim() || '/';
  if (!b.startsWith('/')) b = `/${b}`;
  if (!b.endsWith('/')) b += '/';
  return b;
}

/** A path inside the site (`archive/2025/`), with the base in front (`/kaiken/archive/2025/`). */
export function withBase(base: string, p: string): string {
  return normalizeBase(base) + p.replace(/^\//u, '');
}

/** A slug (`2025/2025-09-08-x`) as URL path segments, each percent-encoded. */
export function encodeSlug(slug: string): string {
  return slug.split('/').map(encodeURIComponent).join('/');
}

/** The paths of the site's pages and files, relative to its base. */
export const ROUTES = {
  home: '',
  archive: 'archive/',
  year: (year: string) => `archive/${year}/`,
  briefing: (slug: string) => `briefings/${slug}/`,
  /** The data of the briefings of one day, YYYY-MM-DD (when `briefingJson` is on): src/export/day-json.ts. */
  briefingsJson: (date: string) => `data/briefings/${date.slice(0, 4)}/${date}.json`,
  speakers: 'speakers/',
  speaker: (id: string) => `speakers/${id}/`,
  /** A speaker's own RSS feed (with the site URL, as the whole archive's). */
  speakerFeed: (id: string) => `speakers/${id}/feed.xml`,
  search: 'search/',
  about: 'about/',
  feed: 'feed.xml',
  /** The feed's stylesheet: a browser opening the feed shows a page that says how to subscribe. */
  feedStylesheet: 'feed.xsl',
  /** A year of the statement exports (`data/statements-2025.jsonl.gz`), gzip-compressed or plain. */
  statements: (year: string, format: 'jsonl' | 'csv', gz: boolean) => `data/statements-${year}.${format}${gz ? '.gz' : ''}`,
} as const;

/** The year page a briefing of `date` (YYYY-MM-DD) is listed on. */
export function yearOf(date: string): string {
  return date.slice(0, 4);
}
