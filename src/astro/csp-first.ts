/**
 * Build-time middleware (added by the integration in builds only): every page's Content-Security-Policy
 * moved to the top of its head (csp.ts `policyFirst`), so that it covers the whole page.
 */
import { defineMiddleware } from 'astro:middleware';
import { policyFirst } from './csp.ts';

export const onRequest = defineMiddleware(async (_context, next) => {
  const response = await next();
  if (!(response.headers.get('content-type') ?? '').includes('text/html')) return response;
  return new Response(policyFirst(await response.text()), { status: response.status, statusText: response.statusText, headers: response.headers });
});
