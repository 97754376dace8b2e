/**
 * The RSS feed of the newest briefings (@astrojs/rss). The integration adds this route only when the
 * site URL is known: a feed reader needs absolute links.
 */
import rss from '@astrojs/rss';
import type { APIRoute } from 'astro';
import { getArchive } from 'virtual:transcript-archive/archive';
import config, { siteUrl } from 'virtual:transcript-archive/config';
import { formatSeireki } from '../japanese/era.ts';
import { briefingHref, href, speakerLine } from './site.ts';
import { ROUTES } from '../model/routes.ts';
import type { BriefingSummary } from '../archive/archive.ts';

export const prerender = true;

function summaryOf(b: BriefingSummary): string {
  const fm = b.frontmatter;
  const who = fm.speakers?.map(speakerLine).join('、');
  return [
    `${formatSeireki(fm.date)}${fm.kind ? `の${fm.kind}記者会見` : 'の記者会見'}${fm.place ? `（${fm.place}）` : ''}。`,
    who ? `会見者: ${who}。` : '',
    `発言${b.turns}件・質問${b.questions}件。`,
  ].join('');
}

export const GET: APIRoute = async ({ site }) => {
  const newest = getArchive()
    .briefings.toSorted((a, b) => b.frontmatter.date.localeCompare(a.frontmatter.date) || a.slug.localeCompare(b.slug))
    .slice(0, config.feed.size);
  return rss({
    title: config.feed.title ?? config.title,
    description: config.feed.description ?? config.description,
    // The archive's home (with its base) is the channel's link; items link from the site's origin.
    site: siteUrl ?? site!,
    customData: `<language>${config.lang}</language>`,
    // A browser shows the feed as a page that says how to subscribe (feed.xsl.ts); readers ignore it.
    stylesheet: href(ROUTES.feedStylesheet),
    items: newest.map((b) => ({
      title: b.frontmatter.title,
      link: briefingHref(b.slug),
      // The transcripts give a date (and a local time, whose zone they do not say): the day is what is known.
      pubDate: new Date(`${b.frontmatter.date}T00:00:00Z`),
      description: summaryOf(b),
      ...(b.frontmatter.kind ? { categories: [b.frontmatter.kind] } : {}),
    })),
  });
};
