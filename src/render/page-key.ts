/**
 * The cache key of a briefing page for Astro's incremental build (`experimental.incrementalBuild`):
 * everything the page is made of that is not its code — Astro hashes the page's modules itself, the
 * site's options included (the config's virtual module). Astro copies the page of the last build when
 * both are unchanged, and renders it again otherwise.
 *
 * The transcript's hash covers the file, the Markdown options and the parsing pipeline's code
 * (archive/cache.ts); the rest is what the page takes from other briefings: its neighbours, its place
 * in the day's JSON, the speaker pages it links to, and its corrections from git.
 */
import { createHash } from 'node:crypto';
import type { Speaker } from '../speakers/registry.ts';
import type { BriefingHistory } from '../revisions/briefings.ts';

export interface BriefingPageParts {
  hash: string;
  prev: unknown;
  next: unknown;
  json: string | null;
  speakers: { frontmatter: Array<Speaker | undefined>; people: Map<string, Speaker> };
  corrections: BriefingHistory | null;
  slug: string;
}

export function briefingPageKey(p: BriefingPageParts): string {
  const people = [...p.speakers.people].map(([person, s]) => [person, s.id, s.briefings.find((b) => b.slug === p.slug)?.position ?? null]);
  const parts = [p.hash, p.prev, p.next, p.json, people, p.speakers.frontmatter.map((s) => s?.id ?? null), p.corrections];
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}
