/**
 * The feed's stylesheet (`feed.xsl`, referenced from feed.xml by `<?xml-stylesheet?>`): a browser that
 * opens the feed shows a page — the feed's title and description, how to subscribe (its address, to
 * copy into a feed reader), and its newest briefings linked — instead of raw XML. Feed readers ignore
 * it. It is XSLT 1.0 with no script and no inline style attribute (a `<style>` element only), so it
 * runs under a strict Content Security Policy; every text it shows comes from the feed, as text.
 */
import type { APIRoute } from 'astro';
import config, { siteUrl } from 'virtual:transcript-archive/config';
import { ROUTES } from '../model/routes.ts';

export const prerender = true;

export const escapeXml = (s: string) => s.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/"/gu, '&quot;');

export function feedStylesheet(lang: string, feedUrl: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:atom="http://www.w3.org/2005/Atom">
  <xsl:output method="html" encoding="UTF-8" indent="yes" doctype-system="about:legacy-compat"/>
  <xsl:template match="/rss/channel">
    <html lang="${escapeXml(lang)}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="title"/>（RSS フィード）</title>
        <style>
          :root { color-scheme: light dark; font-family: system-ui, 'Hiragino Sans', 'Noto Sans JP', sans-serif; line-height: 1.8; }
          body { max-width: 46rem; margin: 0 auto; padding: 1rem; }
          .subscribe { border: 1px solid #8a8f9c; border-radius: 6px; padding: 0.5rem 1rem; }
          code { word-break: break-all; }
          li { margin: 0.5rem 0; }
          small { display: block; opacity: 0.8; }
        </style>
      </head>
      <body>
        <h1><xsl:value-of select="title"/></h1>
        <p><xsl:value-of select="description"/></p>
        <section class="subscribe" data-subscribe="">
          <h2>購読するには</h2>
          <p>これは RSS フィードです。お使いのフィードリーダー（RSS リーダー）に次のアドレスを登録すると、新しい記者会見の記録が届きます。</p>
          <p><code><xsl:choose><xsl:when test="atom:link[@rel='self']"><xsl:value-of select="atom:link[@rel='self']/@href"/></xsl:when><xsl:otherwise>${escapeXml(feedUrl)}</xsl:otherwise></xsl:choose></code></p>
        </section>
        <h2>新着の記者会見</h2>
        <ul>
          <xsl:for-each select="item">
            <li>
              <a><xsl:attribute name="href"><xsl:value-of select="link"/></xsl:attribute><xsl:value-of select="title"/></a>
              <small><xsl:value-of select="description"/></small>
            </li>
          </xsl:for-each>
        </ul>
        <p><a><xsl:attribute name="href"><xsl:value-of select="link"/></xsl:attribute>サイトのトップページへ</a></p>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
`;
}

export const GET: APIRoute = ({ site }) => {
  const feedUrl = new URL(ROUTES.feed, siteUrl ?? site!).href;
  return new Response(feedStylesheet(config.lang, feedUrl), { headers: { 'content-type': 'text/xsl; charset=utf-8' } });
};
