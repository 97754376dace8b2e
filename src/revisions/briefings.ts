/**
 * The archive's corrections by briefing, for a build: `archiveRevisions` once over the content
 * directory, keyed by slug (a transcript's path relative to the content directory, without `.md`).
 * What the briefing page (`<section id="revisions">`), the per-briefing JSON (`revisions`) and the
 * feeds (an item updated) read.
 */
import path from 'node:path';
import { archiveRevisions, type Revision, type RevisionOptions } from './archive.ts';

export interface BriefingHistory {
  /** The first version: when the transcript was published (committed). */
  published: { date: string; commit: string };
  /** Later versions, oldest first (empty when it never changed). */
  revisions: Revision[];
}

export type RevisionsBySlug =
  | { available: false; reason: string }
  | {
      available: true;
      /** A shallow clone: its oldest commit looks like every file's publication. */
      shallow: boolean;
      of(slug: string): BriefingHistory | null;
    };

/** A transcript's path relative to the content directory, as git names it (`2025/x.md`). */
function gitPath(contentDir: string, file: string): string {
  return path.relative(contentDir, file).split(path.sep).join('/');
}

export async function revisionsBySlug(
  contentDir: string,
  briefings: ReadonlyArray<{ slug: string; file: string }>,
  opts: Pick<RevisionOptions, 'parse'> = {},
): Promise<RevisionsBySlug> {
  const pathOf = new Map(briefings.map((b) => [b.slug, gitPath(contentDir, b.file)]));
  const history = await archiveRevisions(contentDir, { ...opts, paths: new Set(pathOf.values()) });
  if (history.kind === 'none') return { available: false, reason: history.reason };
  return {
    available: true,
    shallow: history.shallow,
    of(slug) {
      const p = pathOf.get(slug);
      const published = p === undefined ? undefined : history.published.get(p);
      return published ? { published, revisions: history.revisions.get(p!) ?? [] } : null;
    },
  };
}

/** A correction worth announcing (a feed's item updated): anything but a change of white space. */
export function isCorrection(r: Revision): boolean {
  return r.kind !== 'whitespace';
}
