/**
 * The pieces of the site's Content-Security-Policy (src/astro/csp.ts): what the integration adds to a
 * site's `security.csp`, the policy moved to the top of a page's head, and the `_headers` policy made
 * of the pages' own.
 */
import { describe, expect, it } from 'vitest';
import { headerPolicy, headersFile, metaPolicy, policyFirst, siteCsp } from '../../src/astro/csp.ts';

describe("the site's policy", () => {
  it('adds the archive directives the site did not set itself, keeping its algorithm', () => {
    const all = ["default-src 'self'", "img-src 'self' http: https:", "object-src 'none'", "base-uri 'self'", "form-action 'self'"];
    expect(siteCsp(undefined)).toEqual({ algorithm: 'SHA-256', directives: all });
    expect(siteCsp(true)).toEqual({ algorithm: 'SHA-256', directives: all });
    expect(siteCsp({ algorithm: 'SHA-512', directives: ["img-src 'self' https://cdn.example.org", "frame-src 'none'"] })).toEqual({
      algorithm: 'SHA-512',
      directives: all.filter((d) => !d.startsWith('img-src')),
    });
  });

  it("moves a page's policy right after <meta charset>, and leaves a page without one alone", () => {
    const meta = `<meta http-equiv="content-security-policy" content="default-src 'self'; script-src 'self'">`;
    const page = `<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="viewport" content="x"><script>theme()</script><title>t</title>${meta}<style>a{}</style></head><body><p>本文</p></body></html>`;
    expect(policyFirst(page)).toBe(`<!DOCTYPE html><html><head><meta charset="utf-8">${meta}<meta name="viewport" content="x"><script>theme()</script><title>t</title><style>a{}</style></head><body><p>本文</p></body></html>`);
    expect(policyFirst(policyFirst(page))).toBe(policyFirst(page));
    expect(policyFirst('<html><head><title>x</title></head></html>')).toBe('<html><head><title>x</title></head></html>');
    expect(policyFirst(`<html><head lang="ja"><title>x</title>${meta}</head></html>`)).toBe(`<html><head lang="ja">${meta}<title>x</title></head></html>`);
    expect(metaPolicy(policyFirst(page))).toBe("default-src 'self'; script-src 'self'");
  });

  it('the header allows every source any page allows, adds frame-ancestors, and writes the other headers under the base', () => {
    const policy = headerPolicy([
      "default-src 'self';img-src 'self' https:; script-src 'self' 'sha256-a'; style-src 'self' 'sha256-s'",
      "default-src 'self';img-src 'self' https:; script-src 'self' 'sha256-a' 'sha256-b'; style-src 'self'",
    ]);
    expect(policy).toBe("default-src 'self'; img-src 'self' https:; script-src 'self' 'sha256-a' 'sha256-b'; style-src 'self' 'sha256-s'; frame-ancestors 'none'");
    const file = headersFile('/kaiken/', policy);
    expect(file).toContain(`/kaiken/*\n  Content-Security-Policy: ${policy}\n  X-Content-Type-Options: nosniff\n`);
    expect(file).toContain('/kaiken/search/p/*\n  Cache-Control: public, max-age=31536000, immutable');
    expect(headersFile('/', null)).not.toContain('Content-Security-Policy:');
  });
});
