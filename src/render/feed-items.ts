/**
 * What the RSS feeds say of a briefing — the whole archive's (feed.xml.ts) and each speaker's
 * (speaker-feed.xml.ts) — in one place, so that an item reads the same in both.
 */
import type { RSSFeedItem } from '@astrojs/rss';
import type { BriefingSummary } from '../archive/archive.ts';
import { formatSeireki } from '../japanese/era.ts';
import { briefingHref, speakerLine } from './site.ts';
import { isCorrection, type RevisionsBySlug } from '../revisions/briefings.ts';
import { revisionDay } from './revisions.ts';

export const ATOM_NS = { atom: 'http://www.w3.org/2005/Atom' } as const;

function summaryOf(b: BriefingSummary): string {
  const fm = b.frontmatter;
  const who = fm.speakers?.map(speakerLine).join('、');
  return [
    `${formatSeireki(fm.date)}${fm.kind ? `の${fm.kind}記者会見` : 'の記者会見'}${fm.place ? `（${fm.place}）` : ''}。`,
    who ? `会見者: ${who}。` : '',
    `発言${b.turns}件・質問${b.questions}件。`,
  ].join('');
}

/** Newest first, then by slug: the order both feeds list briefings in. */
export function newestFirst(a: BriefingSummary, b: BriefingSummary): number {
  return b.frontmatter.date.localeCompare(a.frontmatter.date) || a.slug.localeCompare(b.slug);
}

/** When a briefing was last corrected (not a change of white space alone), or null. */
export function lastCorrection(b: BriefingSummary, history: RevisionsBySlug): string | null {
  if (!history.available) return null;
  return history.of(b.slug)?.revisions.filter(isCorrection).at(-1)?.date ?? null;
}

/**
 * A briefing as a feed item. A corrected one is announced as an update of the same item (same link
 * and guid): its description starts with 【訂正】 and the day, and `<atom:updated>` gives the time of
 * the correction (the channel then declares `xmlns:atom`, ATOM_NS), which feed readers show as an
 * updated item.
 */
export function feedItem(b: BriefingSummary, history: RevisionsBySlug): RSSFeedItem {
  const corrected = lastCorrection(b, history);
  return {
    title: b.frontmatter.title,
    link: briefingHref(b.slug),
    // The transcripts give a date (and a local time, whose zone they do not say): the day is what is known.
    pubDate: new Date(`${b.frontmatter.date}T00:00:00Z`),
    description: `${corrected ? `【訂正 ${revisionDay(corrected)}】` : ''}${summaryOf(b)}`,
    ...(b.frontmatter.kind ? { categories: [b.frontmatter.kind] } : {}),
    ...(corrected ? { customData: `<atom:updated>${new Date(corrected).toISOString()}</atom:updated>` } : {}),
  };
}
