/**
 * A feed per speaker (`speakers/<id>/feed.xml`, @astrojs/rss): the briefings in which that speaker
 * speaks, newest first, as many as the whole archive's feed holds — for a reader who follows one
 * official. Linked from the speaker's page (`<link rel="alternate" type="application/rss+xml">`).
 * Added with the whole archive's feed, only when the site URL is known. The channel names its own
 * address (`atom:link rel="self"`), which the shared stylesheet shows as the address to subscribe to.
 */
import rss from '@astrojs/rss';
import type { APIRoute, GetStaticPaths } from 'astro';
import { getArchive } from 'virtual:transcript-archive/archive';
import config, { siteUrl } from 'virtual:transcript-archive/config';
import { speakersOf, type Speaker } from '../speakers/registry.ts';
import { absoluteUrl, href } from './site.ts';
import { ROUTES } from '../model/routes.ts';
import { ATOM_NS, feedItem, newestFirst } from './feed-items.ts';
import { escapeXml } from './feed.xsl.ts';

export const prerender = true;

export const getStaticPaths = (() => speakersOf(getArchive()).speakers.map((speaker) => ({ params: { id: speaker.id }, props: { speaker } }))) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ site, props }) => {
  const { speaker } = props as { speaker: Speaker };
  const archive = getArchive();
  const theirs = speaker.briefings.map((b) => archive.briefing(b.slug)).filter((b) => b !== undefined);
  const history = await archive.revisions();
  const self = absoluteUrl(ROUTES.speakerFeed(speaker.id)) ?? '';
  return rss({
    title: `${speaker.name}の記者会見（${config.title}）`,
    description: `${speaker.name}が発言した記者会見の新着`,
    // The speaker's page is the channel's link.
    site: absoluteUrl(ROUTES.speaker(speaker.id)) ?? siteUrl ?? site!,
    xmlns: ATOM_NS,
    customData: `<language>${config.lang}</language><atom:link href="${escapeXml(self)}" rel="self" type="application/rss+xml"/>`,
    stylesheet: href(ROUTES.feedStylesheet),
    items: theirs.toSorted(newestFirst).slice(0, config.feed.size).map((b) => feedItem(b, history)),
  });
};
