/**
 * The site's Content-Security-Policy. Astro writes it into every page (`security.csp`: a
 * `<meta http-equiv="content-security-policy">` whose `script-src` and `style-src` hold the hashes of
 * that page's own inline scripts and styles, with 'self' for the bundled files); the integration adds
 * the directives every page shares (`siteCsp`, merged with a site's own `security.csp`). For hosts that
 * read a `_headers` file (Cloudflare Pages, Netlify) the build writes the same policy as a header, with
 * what a `<meta>` cannot carry (`headersFile`).
 *
 * A page is under both policies where the host sends the header, and a load must pass both. The
 * header's policy is therefore the union of the pages' own (read from the written pages: Astro gives
 * every page the hashes of all the inline scripts and styles it bundled, and a page adds those of its
 * own inline scripts): each page's `<meta>` policy is within it, so the header never blocks what the
 * page allows, and it allows no inline code the site did not write. Data blocks (`<script
 * type="application/ld+json">`) are not run, so no policy concerns them.
 */
import { createHash } from 'node:crypto';
import type { AstroConfig } from 'astro';
import { MEDIA_PROTOCOLS } from '../model/urls.ts';

/**
 * What every page may load, besides the scripts and styles Astro hashes: its own origin, images from
 * where a transcript may show them (the content check's own list: http and https), no plugins, no
 * `<base>` elsewhere, forms (the header's search box) only to the site.
 */
export const SITE_DIRECTIVES = [
  "default-src 'self'",
  `img-src 'self' ${MEDIA_PROTOCOLS.join(' ')}`,
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
] as const;

type SiteCsp = Exclude<AstroConfig['security']['csp'], boolean>;

const directiveName = (d: string) => d.trim().split(/\s+/u)[0]!.toLowerCase();

/**
 * The `security.csp` the integration adds to the site's config (`updateConfig` concatenates lists, so
 * this holds only what the site's own setting lacks): each of SITE_DIRECTIVES the site did not set
 * itself. A site's own directives, hashes, resources and algorithm stay as they are.
 */
export function siteCsp(own: AstroConfig['security']['csp'] | undefined): SiteCsp {
  const set = new Set(typeof own === 'object' ? (own.directives ?? []).map(directiveName) : []);
  // The algorithm is the site's, or Astro's default: Astro's config type wants it named.
  return { algorithm: typeof own === 'object' ? own.algorithm : 'SHA-256', directives: SITE_DIRECTIVES.filter((d) => !set.has(directiveName(d))) };
}

/**
 * A Content-Security-Policy hash of an inline script's or style's text (`sha256-…` without the quotes,
 * as `Astro.csp.insertScriptHash` takes it): what a page adds for each inline script Astro does not
 * bundle (src/client/inline-scripts.ts), and the header for the feed's stylesheet (steps/verify.ts).
 */
export function cspHash(text: string): `sha256-${string}` {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

/** The policy a page carries in its `<meta http-equiv="content-security-policy">`, or null. */
export function metaPolicy(html: string): string | null {
  const tag = /<meta\b[^>]*http-equiv=["']?content-security-policy["']?[^>]*>/iu.exec(html)?.[0];
  const content = tag ? /\bcontent=(?:"([^"]*)"|'([^']*)')/iu.exec(tag) : null;
  return content ? (content[1] ?? content[2] ?? '').replace(/&#39;|&apos;/gu, "'").replace(/&quot;/gu, '"').replace(/&amp;/gu, '&') : null;
}

/** Cloudflare Pages takes header values of up to 2,000 characters. */
export const HEADER_VALUE_LIMIT = 2000;

/**
 * The policy for the header: every directive of the pages' policies with every source any page gives
 * it (so each page's own `<meta>` policy is within it), and `frame-ancestors 'none'`, which a `<meta>`
 * cannot carry.
 */
export function headerPolicy(pagePolicies: Iterable<string>): string {
  const union = new Map<string, Set<string>>();
  for (const policy of pagePolicies) {
    for (const directive of policy.split(';')) {
      const [name, ...sources] = directive.trim().split(/\s+/u);
      if (!name) continue;
      const set = union.get(name.toLowerCase()) ?? new Set<string>();
      for (const source of sources) set.add(source);
      union.set(name.toLowerCase(), set);
    }
  }
  union.set('frame-ancestors', new Set(["'none'"]));
  return [...union].map(([name, sources]) => [name, ...sources].join(' ')).join('; ');
}

/**
 * `_headers` (Cloudflare Pages, Netlify): for every path under `base`, the policy and the headers a
 * `<meta>` cannot set; files named by a hash of their content cached for good, the manifest revalidated.
 * No policy (null) when it is too long for the host: the pages' `<meta>` policies still apply.
 */
export function headersFile(base: string, policy: string | null): string {
  const rule = (p: string, ...headers: string[]) => [`${base}${p}`, ...headers.map((h) => `  ${h}`)].join('\n');
  return [
    '# Written by the build (src/astro/csp.ts): see docs/deploy.md, "Content-Security-Policy and headers".',
    rule(
      '*',
      ...(policy === null ? [] : [`Content-Security-Policy: ${policy}`]),
      'X-Content-Type-Options: nosniff',
      'Referrer-Policy: strict-origin-when-cross-origin',
      'Permissions-Policy: accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()',
    ),
    rule('_astro/*', 'Cache-Control: public, max-age=31536000, immutable'),
    rule('search/p/*', 'Cache-Control: public, max-age=31536000, immutable'),
    rule('search/f/*', 'Cache-Control: public, max-age=31536000, immutable'),
    rule('search/manifest.json', 'Cache-Control: no-cache'),
    '',
  ].join('\n');
}

/**
 * A page with its policy moved to the top of its head, right after `<meta charset>`. Astro writes the
 * `<meta http-equiv="content-security-policy">` at the end of the head, and a policy given by a
 * `<meta>` covers only what comes after it: the head's inline scripts and its structured data (made of
 * a briefing's title) would run before it. Unchanged when the page has no such policy.
 */
export function policyFirst(html: string): string {
  const meta = /<meta\s+http-equiv=["']?content-security-policy["']?[^>]*>/iu.exec(html);
  if (!meta) return html;
  const rest = html.slice(0, meta.index) + html.slice(meta.index + meta[0].length);
  const head = /<head\b[^>]*>(\s*<meta\s+charset=[^>]*>)?/iu.exec(rest);
  if (!head || head.index > meta.index) return html;
  const at = head.index + head[0].length;
  return rest.slice(0, at) + meta[0] + rest.slice(at);
}
