/**
 * src/render/ — what pages need besides Astro's templates: links (this module), structured data
 * (jsonld.ts), the speaker links on a page's tree (speaker-links.ts), and the RSS feed (feed.xml.ts, an
 * endpoint the integration injects when the site URL is known). Takes the model, the archive and the
 * options (through the integration's virtual modules); gives strings, trees and the feed for
 * src/pages/, src/layouts/ and src/components/. Nothing in src/astro/ imports it.
 *
 * Site-wide helpers for pages: links that respect `base` (the paths are src/model/routes.ts), absolute
 * URLs under the site URL, and the briefing list order. The site's name and texts are the integration's
 * settings (virtual:transcript-archive/config, src/astro/virtual.ts).
 */
import type { CollectionEntry } from 'astro:content';
import { siteUrl } from 'virtual:transcript-archive/config';
import { ROUTES, withBase } from '../model/routes.ts';

/** A path inside the site, prefixed with the configured base (`/` or `/archive/`). */
export function href(p: string): string {
  return withBase(import.meta.env.BASE_URL, p);
}

export function briefingHref(id: string): string {
  return href(ROUTES.briefing(id));
}

/** `https://example.org/kaiken/<p>` when the site URL is set, otherwise null. */
export function absoluteUrl(p: string): string | null {
  return siteUrl ? new URL(href(p), siteUrl).href : null;
}

/** Newest first; same-day briefings by id so the order is stable. */
export function byDateDesc(a: CollectionEntry<'briefings'>, b: CollectionEntry<'briefings'>): number {
  return b.data.date.localeCompare(a.data.date) || a.id.localeCompare(b.id);
}

/** `中谷 元（なかたに げん） 防衛大臣` */
export function speakerLine(s: { name: string; reading?: string | undefined; position?: string | undefined }): string {
  return `${s.name}${s.reading ? `（${s.reading}）` : ''}${s.position ? ` ${s.position}` : ''}`;
}
