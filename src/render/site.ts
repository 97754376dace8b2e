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
import type { SpeakerCount } from '../archive/archive.ts';
import { formatSeireki } from '../japanese/era.ts';
import type { BriefingFrontmatter } from '../model/frontmatter.ts';
import { fullPosition, identityName } from '../model/identity.ts';
import type { TranscriptToc } from '../model/model.ts';
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

/** Topics a briefing's sharing text names at most, and its length (a card shows about two lines). */
const SHARED_TOPICS = 3;
const DESCRIPTION_CHARS = 140;

/** Who holds a briefing, as a citation names them: its first frontmatter speaker, else its most frequent attributed official. */
export function principalName(fm: BriefingFrontmatter, speakers: readonly SpeakerCount[]): string | null {
  const first = fm.speakers?.[0];
  if (first) return identityName({ person: first.name, ...(first.position ? { position: fullPosition(first.position) } : {}) });
  const busiest = speakers.filter((s) => s.person).toSorted((a, b) => b.statements - a.statements)[0];
  return busiest?.person ? identityName({ person: busiest.person, ...(busiest.position ? { position: busiest.position } : {}) }) : null;
}

/**
 * A briefing's sharing text (`og:description`, `<meta name="description">`): when, who holds it — the
 * principal speaker (the first frontmatter speaker, else the official who speaks most, as the speaker
 * rules resolve them) — and its first topics: 2025年9月8日（月）、中谷 元 防衛大臣の臨時記者会見。話題: …
 */
export function briefingDescription(fm: BriefingFrontmatter, toc: TranscriptToc, speakers: readonly SpeakerCount[]): string {
  const who = principalName(fm, speakers);
  const topics = toc.sections.flatMap((s) => s.topics.flatMap((t) => (t.heading ? [t.heading] : []))).slice(0, SHARED_TOPICS);
  const text = `${formatSeireki(fm.date)}、${who ? `${who}の` : ''}${fm.kind ?? ''}記者会見。${topics.length > 0 ? `話題: ${topics.join('／')}` : '全文を発言ごとに掲載。'}`;
  return text.length > DESCRIPTION_CHARS ? `${text.slice(0, DESCRIPTION_CHARS - 1)}…` : text;
}
