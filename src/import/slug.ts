/**
 * File names: `<YYYY>/<YYYY-MM-DD>-<slug>.md`, the slug ASCII and derived only from what the page
 * says (the principal speaker's position and the kind), so importing the same text gives the
 * same name: `daijin-teirei`, `daijin-rinji`, `gaimu-daijin-kaiken`, `kaijo-bakuryocho-teirei`.
 * Several conferences of the same slug on one day get `-2`, `-3`, … (see scripts/import.ts).
 */
import type { BriefingFrontmatter } from '../transcript/frontmatter.ts';

/** Position → slug word. Longest first: a title is searched for the first one it contains. */
const POSITION_SLUGS: readonly (readonly [string, string])[] = [
  ['防衛大臣政務官', 'seimukan'],
  ['外務大臣政務官', 'gaimu-seimukan'],
  ['内閣総理大臣', 'sori'],
  ['内閣官房長官', 'kanbochokan'],
  ['防衛事務次官', 'jimujikan'],
  ['防衛装備庁長官', 'sobicho-chokan'],
  ['統合幕僚長', 'togo-bakuryocho'],
  ['陸上幕僚長', 'rikujo-bakuryocho'],
  ['海上幕僚長', 'kaijo-bakuryocho'],
  ['航空幕僚長', 'koku-bakuryocho'],
  ['防衛副大臣', 'fukudaijin'],
  ['外務副大臣', 'gaimu-fukudaijin'],
  ['外務報道官', 'gaimu-hodokan'],
  ['防衛審議官', 'shingikan'],
  ['防衛大臣', 'daijin'],
  ['外務大臣', 'gaimu-daijin'],
  ['大臣政務官', 'seimukan'],
  ['官房長官', 'kanbochokan'],
  ['事務次官', 'jimujikan'],
  ['総理大臣', 'sori'],
  ['副大臣', 'fukudaijin'],
  ['政務官', 'seimukan'],
  ['報道官', 'hodokan'],
  ['幕僚長', 'bakuryocho'],
  ['大臣', 'daijin'],
  ['総理', 'sori'],
];

const KIND_SLUGS: Record<string, string> = { 定例: 'teirei', 臨時: 'rinji' };

function positionSlug(text: string | undefined): string | null {
  if (!text) return null;
  for (const [position, slug] of POSITION_SLUGS) if (text.includes(position)) return slug;
  return null;
}

export function slugFor(fm: Pick<BriefingFrontmatter, 'title' | 'kind' | 'speakers'>): string {
  const who = positionSlug(fm.speakers?.[0]?.position) ?? positionSlug(fm.title) ?? 'kaiken';
  const kind = fm.kind ? (KIND_SLUGS[fm.kind] ?? 'kaiken') : 'kaiken';
  return who === 'kaiken' ? who : `${who}-${kind}`;
}

/** `2025/2025-09-08-daijin-rinji.md`, or `…-2.md` for the second of the day. */
export function relativePath(date: string, slug: string, counter = 1): string {
  return `${date.slice(0, 4)}/${date}-${slug}${counter > 1 ? `-${counter}` : ''}.md`;
}
