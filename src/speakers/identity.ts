/**
 * Who the officials of the archive are, from what the transcripts say and nothing more.
 *
 * A person is named by the frontmatter (`speakers: [{ name: 中谷 元, position: 防衛大臣 }]`) or by a
 * speaker label that carries a name (`【上川外務大臣】` → 上川 + 外務大臣). The rules (README, "Speakers"):
 *
 * 1. Frontmatter names are people: the same full name (spaces ignored) is one person across the
 *    archive — unless the archive gives that name two different readings, then each reading is one
 *    person (and the name written without a reading stays apart from both).
 * 2. A named label is that frontmatter person when *its own briefing's* frontmatter lists exactly one
 *    speaker with that family name (or full name) and a compatible position (大臣 ~ 外務大臣,
 *    海幕長 = 海上幕僚長, 副大臣 ≁ 大臣). Otherwise it stands for itself: "the label 上川外務大臣", one
 *    entry for every briefing with that same label — never joined to a full name by guess.
 * 3. The principal's unlabelled paragraphs are the first frontmatter speaker (the transcript format
 *    says so). A label with a position but no name (`大臣 :`, `副大臣 :`) is the one frontmatter speaker
 *    of its briefing with a compatible position, if exactly one is; a label with neither (`Ａ：`,
 *    `(答)`) is the frontmatter speaker only when the briefing lists just one. Otherwise nobody's.
 *
 * Reporters and moderators are not listed.
 */
import type { BriefingFrontmatter } from '../model/frontmatter.ts';
import { principalSpeaker } from '../model/frontmatter.ts';
import { compactName, familyName, sameName } from '../model/names.ts';
import type { SpeakerCount } from '../archive/archive.ts';
import { POSITIONS } from '../model/vocabulary.ts';

export type FrontmatterSpeaker = NonNullable<BriefingFrontmatter['speakers']>[number];

function positionSlug(position: string): string | null {
  return POSITIONS.find((p) => p.name === position)?.slug ?? null;
}

/**
 * Whether a label's position can be the frontmatter's: the same, a short form of it (海幕長 for
 * 海上幕僚長), or its generic head word (大臣 for 外務大臣, 幕僚長 for 海上幕僚長) — but not a
 * different post that merely ends alike (大臣 is not 副大臣). A missing position is compatible.
 */
export function compatiblePositions(label: string | undefined, frontmatter: string | undefined): boolean {
  if (!label || !frontmatter || label === frontmatter) return true;
  const a = positionSlug(label);
  const b = positionSlug(frontmatter);
  if (!a || !b) return false;
  return a === b || b.endsWith(`-${a}`) || a.endsWith(`-${b}`);
}

/** Identity keys: `fm|<name>` (or `fm|<name>|<reading>` when readings tell two people apart), `label|<name>|<position>`. */
export type IdentityKey = string;

export interface Attribution {
  /** The frontmatter speakers' keys, in frontmatter order. */
  frontmatter: IdentityKey[];
  /** Official turn speaker (as on the page, `data-speaker`) → who it is. */
  turns: Map<string, IdentityKey>;
  /** Statements per identity in this briefing. */
  statements: Map<IdentityKey, number>;
  /** Labels that named a person who is not in this briefing's frontmatter: key → name and position. */
  labels: Map<IdentityKey, { name: string; position?: string }>;
}

export function frontmatterKey(s: FrontmatterSpeaker, splitByReading: ReadonlySet<string>): IdentityKey {
  const name = compactName(s.name);
  return splitByReading.has(name) ? `fm|${name}|${s.reading ? compactName(s.reading) : ''}` : `fm|${name}`;
}

export function labelKey(name: string, position: string | undefined): IdentityKey {
  return `label|${name}|${position ?? ''}`;
}

/** Who speaks in one briefing, by the rules above. */
export function attribute(fm: BriefingFrontmatter, speakers: SpeakerCount[], splitByReading: ReadonlySet<string>): Attribution {
  const listed = fm.speakers ?? [];
  const keys = listed.map((s) => frontmatterKey(s, splitByReading));
  const principal = listed.length > 0 ? principalSpeaker(fm) : null;
  const out: Attribution = { frontmatter: keys, turns: new Map(), statements: new Map(), labels: new Map() };
  for (const c of speakers) {
    if (c.role !== 'official') continue;
    let key: IdentityKey | undefined;
    if (c.name) {
      const named = listed.flatMap((s, i) =>
        (sameName(familyName(s.name), c.name!) || sameName(s.name, c.name!)) && compatiblePositions(c.position, s.position) ? [i] : [],
      );
      if (named.length === 1) key = keys[named[0]!];
      else if (named.length === 0) {
        key = labelKey(c.name, c.position);
        out.labels.set(key, { name: c.name, ...(c.position ? { position: c.position } : {}) });
      }
    } else if (c.speaker === principal) {
      key = keys[0];
    } else if (c.position) {
      const holders = listed.flatMap((s, i) => (s.position && compatiblePositions(c.position, s.position) ? [i] : []));
      if (holders.length === 1) key = keys[holders[0]!];
      else if (holders.length === 0 && listed.length === 1 && !listed[0]!.position) key = keys[0];
    } else if (listed.length === 1) {
      key = keys[0];
    }
    if (!key) continue;
    out.turns.set(c.speaker, key);
    out.statements.set(key, (out.statements.get(key) ?? 0) + c.statements);
  }
  return out;
}
