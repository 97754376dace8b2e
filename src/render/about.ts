/**
 * What the about page (/about/) says, from the archive itself: what it holds (counts, dates, people,
 * kinds) and where its transcripts come from (the sources the transcripts credit), beside the terms of
 * reuse the site's options give (`rights`) — nothing about any one publisher is written here.
 */
import type { BriefingSummary } from '../archive/archive.ts';
import { isSafeUrl, MEDIA_PROTOCOLS } from '../model/urls.ts';

export interface ArchiveFacts {
  briefings: number;
  statements: number;
  /** Oldest and newest briefing date (ISO), or null for an empty archive. */
  from: string | null;
  to: string | null;
  /** Briefings per kind (定例, 臨時…), most first; those without a kind are not listed. */
  kinds: Array<[string, number]>;
  /**
   * The sources the transcripts credit: the credit (or the address's host), the site (origin) of their
   * addresses when all of the group's briefings give one on the same site, and how many briefings; most first.
   */
  sources: Array<{ credit: string; url: string | null; briefings: number }>;
  /** Briefings that name no source. */
  unsourced: number;
}

const byCount = <T>(n: (x: T) => number, name: (x: T) => string) => (a: T, b: T) => n(b) - n(a) || name(a).localeCompare(name(b), 'ja');

/** A source is named by its credit, else by its address's site; its briefings are grouped under that name. */
function sourceKey(source: NonNullable<BriefingSummary['frontmatter']['source']>): string | null {
  return source.credit ?? (source.url ? new URL(source.url).host : null);
}

export function archiveFacts(briefings: readonly BriefingSummary[]): ArchiveFacts {
  const kinds = new Map<string, number>();
  const sources = new Map<string, { credit: string; url: string | null; briefings: number }>();
  let statements = 0;
  let unsourced = 0;
  let from: string | null = null;
  let to: string | null = null;
  for (const b of briefings) {
    const fm = b.frontmatter;
    statements += b.statements;
    if (fm.kind) kinds.set(fm.kind, (kinds.get(fm.kind) ?? 0) + 1);
    if (from === null || fm.date < from) from = fm.date;
    if (to === null || fm.date > to) to = fm.date;
    const key = fm.source ? sourceKey(fm.source) : null;
    if (!key) {
      unsourced++;
      continue;
    }
    const site = fm.source?.url ? new URL(fm.source.url).origin : null;
    const s = sources.get(key) ?? { credit: key, url: site, briefings: 0 };
    if (s.url !== site) s.url = null;
    s.briefings++;
    sources.set(key, s);
  }
  return {
    briefings: briefings.length,
    statements,
    from,
    to,
    kinds: [...kinds].sort(byCount((k) => k[1], (k) => k[0])),
    sources: [...sources.values()].sort(byCount((s) => s.briefings, (s) => s.credit)),
    unsourced,
  };
}

/** Plain text as paragraphs (split at blank lines), each a run of text and http(s) links. */
export function linkedParagraphs(text: string): Array<Array<{ text: string; href?: string }>> {
  return text
    .split(/\n\s*\n/u)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) =>
      p.split(/(https?:\/\/[^\s<>"「」、。）)]+)/u).flatMap((part, i) => {
        if (part === '') return [];
        return i % 2 === 1 && isSafeUrl(MEDIA_PROTOCOLS, part) ? [{ text: part, href: part }] : [{ text: part }];
      }),
    );
}
