/**
 * When each transcript last changed, for the sitemap's `lastmod`: the date of the last commit that
 * touched it, read with one `git log` over the content directory. A file git does not track, or one
 * changed since its last commit, has its modification time instead — as does every file when the
 * content is not in a git checkout. (A fresh clone sets every modification time to the clone's, so
 * the commit date is the one that means something on a build server.)
 */
import { spawnSync } from 'node:child_process';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { ROUTES, withBase, yearOf } from '../../model/routes.ts';
import { speakersOf } from '../../speakers/registry.ts';
import type { TranscriptArchive } from '../../archive/archive.ts';

function git(cwd: string, args: string[]): string | null {
  const r = spawnSync('git', ['-c', 'core.quotePath=false', ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return r.status === 0 ? r.stdout : null;
}

/** Last change of each file (absolute paths) under `contentDir`. */
export async function lastChanges(contentDir: string, files: string[]): Promise<Map<string, Date>> {
  const committed = new Map<string, Date>();
  const dirty = new Set<string>();
  const top = git(contentDir, ['rev-parse', '--show-toplevel'])?.trim();
  if (top) {
    // Newest commit first: the first date seen for a file is its last change.
    const log = git(contentDir, ['log', '--format=%x00%cI', '--name-only', '--no-renames', '--', '.']) ?? '';
    let date: Date | null = null;
    for (const line of log.split('\n')) {
      if (line.startsWith('\0')) date = new Date(line.slice(1));
      else if (line && date) {
        const file = path.resolve(top, line);
        if (!committed.has(file)) committed.set(file, date);
      }
    }
    const status = git(contentDir, ['status', '--porcelain', '-z', '--untracked-files=all', '--', '.']) ?? '';
    for (const entry of status.split('\0')) if (entry.length > 3) dirty.add(path.resolve(top, entry.slice(3)));
  }
  const out = new Map<string, Date>();
  for (const file of files) {
    const fromGit = dirty.has(file) ? undefined : committed.get(file);
    out.set(file, fromGit ?? (await stat(file)).mtime);
  }
  return out;
}

/** The sitemap's `lastmod`: a briefing page's is its transcript's last change; a list's (speaker pages included), its newest briefing's. */
export async function pageChanges(archive: TranscriptArchive, base: string): Promise<Map<string, Date>> {
  const briefings = archive.briefings;
  const changed = await lastChanges(archive.contentDir, briefings.map((b) => b.file));
  const pages = new Map<string, Date>();
  const later = (p: string, d: Date) => {
    const had = pages.get(p);
    if (!had || had < d) pages.set(p, d);
  };
  for (const b of briefings) {
    const d = changed.get(b.file)!;
    later(withBase(base, ROUTES.briefing(b.slug)), d);
    later(withBase(base, ROUTES.year(yearOf(b.frontmatter.date))), d);
    later(withBase(base, ROUTES.archive), d);
    later(withBase(base, ROUTES.home), d);
    later(withBase(base, ROUTES.speakers), d);
  }
  for (const speaker of speakersOf(archive).speakers) {
    for (const b of speaker.briefings) later(withBase(base, ROUTES.speaker(speaker.id)), changed.get(archive.briefing(b.slug)!.file)!);
  }
  return pages;
}

export function lastmodOf(url: string, pages: Map<string, Date>): { lastmod?: string } {
  let pathname: string;
  try {
    pathname = decodeURI(new URL(url).pathname);
  } catch {
    return {};
  }
  const d = pages.get(pathname.endsWith('/') ? pathname : `${pathname}/`);
  return d ? { lastmod: d.toISOString() } : {};
}
