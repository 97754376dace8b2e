/**
 * Errors that are the site author's to fix — a wrong option in astro.config.mjs, a mistake in a
 * transcript — in Astro's style: `AstroError(message, hint)`, which Astro prints as the message and a
 * hint. They carry no stack: Astro prints the stack of an error that has one, and for a mistake in
 * someone's content or config a trace into this code is noise (tests/e2e/build.test.ts holds it so).
 */
import { AstroError } from 'astro/errors';

export function authorError(message: string, hint: string): AstroError {
  const error = new AstroError(message, hint);
  error.stack = '';
  return error;
}
