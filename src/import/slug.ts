/**
 * File names: `<YYYY>/<YYYY-MM-DD>-<slug>.md`, the slug ASCII and derived only from what the page
 * says (the principal speaker's position and the kind), so importing the same text gives the
 * same name: `daijin-teirei`, `daijin-rinji`, `gaimu-daijin-kaiken`, `kaijo-bakuryocho-teirei`.
 * Several conferences of the same slug on one day get `-2`, `-3`, … (see scripts/import.ts).
 */
import type { BriefingFrontmatter } from '../model/frontmatter.ts';
import { findPosition, KINDS } from '../model/vocabulary.ts';

function positionSlug(text: string | undefined): string | null {
  return text ? (findPosition(text)?.slug ?? null) : null;
}

export function slugFor(fm: Pick<BriefingFrontmatter, 'title' | 'kind' | 'speakers'>): string {
  const who = positionSlug(fm.speakers?.[0]?.position) ?? positionSlug(fm.title) ?? 'kaiken';
  const kind = fm.kind ? (KINDS[fm.kind]?.slug ?? 'kaiken') : 'kaiken';
  return who === 'kaiken' ? who : `${who}-${kind}`;
}

/** `2025/2025-09-08-daijin-rinji.md`, or `…-2.md` for the second of the day. */
export function relativePath(date: string, slug: string, counter = 1): string {
  return `${date.slice(0, 4)}/${date}-${slug}${counter > 1 ? `-${counter}` : ''}.md`;
}
