/**
 * What the RSS feeds say of a briefing — the whole archive's (feed.xml.ts) and each speaker's
 * (speaker-feed.xml.ts) — in one place, so that an item reads the same in both.
 */
import type { RSSFeedItem } from '@astrojs/rss';
import type { BriefingSummary } from '../archive/archive.ts';
import { formatSeireki } from '../japanese/era.ts';
import { briefingHref, speakerLine } from './site.ts';

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

export function feedItem(b: BriefingSummary): RSSFeedItem {
  return {
    title: b.frontmatter.title,
    link: briefingHref(b.slug),
    // The transcripts give a date (and a local time, whose zone they do not say): the day is what is known.
    pubDate: new Date(`${b.frontmatter.date}T00:00:00Z`),
    description: summaryOf(b),
    ...(b.frontmatter.kind ? { categories: [b.frontmatter.kind] } : {}),
  };
}
