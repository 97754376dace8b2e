/**
 * The RSS feed of the newest briefings (@astrojs/rss). The integration adds this route only when the
 * site URL is known: a feed reader needs absolute links. Each speaker has a feed of their own
 * (speaker-feed.xml.ts); the items are made in one place (feed-items.ts).
 */
import rss from '@astrojs/rss';
import type { APIRoute } from 'astro';
import { getArchive } from 'virtual:transcript-archive/archive';
import config, { siteUrl } from 'virtual:transcript-archive/config';
import { href } from './site.ts';
import { ROUTES } from '../model/routes.ts';
import { feedItem, newestFirst } from './feed-items.ts';

export const prerender = true;

export const GET: APIRoute = async ({ site }) => {
  const newest = getArchive().briefings.toSorted(newestFirst).slice(0, config.feed.size);
  return rss({
    title: config.feed.title ?? config.title,
    description: config.feed.description ?? config.description,
    // The archive's home (with its base) is the channel's link; items link from the site's origin.
    site: siteUrl ?? site!,
    customData: `<language>${config.lang}</language>`,
    // A browser shows the feed as a page that says how to subscribe (feed.xsl.ts); readers ignore it.
    stylesheet: href(ROUTES.feedStylesheet),
    items: newest.map(feedItem),
  });
};
