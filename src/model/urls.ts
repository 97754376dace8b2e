/**
 * Which URLs may reach an `href` or `src`: http, https and mailto addresses, paths relative to the
 * page or the site, and `#fragments`. Everything else (`javascript:`, `data:`, `vbscript:`, `file:`…)
 * is refused by the content check and removed by the sanitiser, whatever its spelling (case, spaces,
 * control characters and entities are what browsers ignore when they read a scheme).
 */

export const LINK_PROTOCOLS = ['http:', 'https:', 'mailto:'] as const;
export const MEDIA_PROTOCOLS = ['http:', 'https:'] as const;

/** A scheme as a browser reads it: after dropping control characters and white space. */
function schemeOf(url: string): string | null {
  // eslint-disable-next-line no-control-regex
  const cleaned = url.replace(/[\u0000-\u0020\u007f-\u009f\u200b-\u200d\u2060\ufeff]/gu, '');
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):/u.exec(cleaned);
  // `C:` would be a drive letter elsewhere, but in a browser it is a scheme too.
  return m ? `${m[1]!.toLowerCase()}:` : null;
}

/** Whether `url` is relative (no scheme) or uses one of `protocols`. */
export function isSafeUrl(protocols: readonly string[], url: string): boolean {
  const scheme = schemeOf(url);
  return scheme === null || protocols.includes(scheme);
}

/** A relative reference to a file next to the transcript (not `/…`, `//host`, `#…` or `?…`). */
export function isRelativeFile(url: string): boolean {
  return schemeOf(url) === null && !/^[/#?]/u.test(url.trim()) && url.trim() !== '';
}
