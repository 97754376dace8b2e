/**
 * A Content-Security-Policy hash of an inline script's text (`'sha256-…'` without the quotes, as
 * `Astro.csp.insertScriptHash` takes it): what a page adds for each inline script Astro does not
 * bundle (src/client/inline-scripts.ts).
 */
import { createHash } from 'node:crypto';

export function cspHash(text: string): `sha256-${string}` {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}
