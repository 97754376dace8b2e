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
import { ATOM_NS, feedItem, lastCorrection, newestFirst } from './feed-items.ts';

export const prerender = true;

export const GET: APIRoute = async ({ site }) => {
  const newest = getArchive().briefings.toSorted(newestFirst).slice(0, config.feed.size);
  const history = await getArchive().revisions();
  return rss({
    title: config.feed.title ?? config.title,
    description: config.feed.description ?? config.description,
    // The archive's home (with its base) is the channel's link; items link from the site's origin.
    site: siteUrl ?? site!,
    customData: `<language>${config.lang}</language>`,
    // A browser shows the feed as a page that says how to subscribe (feed.xsl.ts); readers ignore it.
    stylesheet: href(ROUTES.feedStylesheet),
    // The Atom namespace only for a correction's <atom:updated>: without one the feed is as before.
    ...(newest.some((b) => lastCorrection(b, history)) ? { xmlns: ATOM_NS } : {}),
    items: newest.map((b) => feedItem(b, history)),
  });
};
