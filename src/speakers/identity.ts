/**
 * Which speaker page a briefing's people belong to: the archive-wide part of the speaker rules. Each
 * turn's person and position are resolved per transcript, from its own frontmatter, when it is parsed
 * (src/model/identity.ts, README "Speakers"); what only the whole archive can say is decided here:
 *
 * - Frontmatter names are people: the same full name (spaces ignored) is one person across the
 *   archive — unless the archive gives that name two different readings, then each reading is one
 *   person (and the name written without a reading stays apart from both).
 * - A label that stands for itself (its person is the label's words, 上川外務大臣) is one entry for
 *   every briefing with that same label — never joined to a full name by guess.
 *
 * Reporters and moderators are not listed.
 */
import type { BriefingFrontmatter } from '../model/frontmatter.ts';
import type { FrontmatterSpeaker } from '../model/identity.ts';
import { fullPosition } from '../model/identity.ts';
import { compactName, sameName } from '../model/names.ts';
import type { SpeakerCount } from '../archive/archive.ts';

/** Identity keys: `fm|<name>` (or `fm|<name>|<reading>` when readings tell two people apart), `label|<words>`. */
export type IdentityKey = string;

export interface Attribution {
  /** The frontmatter speakers' keys, in frontmatter order. */
  frontmatter: IdentityKey[];
  /** A turn's person (as the turns carry it, `Turn.identity.person`) → who it is in the archive. */
  people: Map<string, IdentityKey>;
  /** Statements per identity in this briefing. */
  statements: Map<IdentityKey, number>;
  /** Each identity's position in this briefing, when known. */
  positions: Map<IdentityKey, string>;
  /** People only a label names (no frontmatter speaker of this briefing): key → the label's words. */
  labels: Map<IdentityKey, string>;
}

export function frontmatterKey(s: FrontmatterSpeaker, splitByReading: ReadonlySet<string>): IdentityKey {
  const name = compactName(s.name);
  return splitByReading.has(name) ? `fm|${name}|${s.reading ? compactName(s.reading) : ''}` : `fm|${name}`;
}

export function labelKey(person: string): IdentityKey {
  return `label|${compactName(person)}`;
}

/** Who speaks in one briefing, in the archive: its turns' resolved people, given their archive-wide keys. */
export function attribute(fm: BriefingFrontmatter, speakers: readonly SpeakerCount[], splitByReading: ReadonlySet<string>): Attribution {
  const listed = fm.speakers ?? [];
  const keys = listed.map((s) => frontmatterKey(s, splitByReading));
  const out: Attribution = { frontmatter: keys, people: new Map(), statements: new Map(), positions: new Map(), labels: new Map() };
  listed.forEach((s, i) => s.position && out.positions.set(keys[i]!, fullPosition(s.position)));
  for (const c of speakers) {
    if (c.role !== 'official' || !c.person) continue;
    const person = c.person;
    const i = listed.findIndex((s) => sameName(s.name, person));
    const key = i >= 0 ? keys[i]! : labelKey(person);
    if (i < 0) out.labels.set(key, person);
    out.people.set(person, key);
    out.statements.set(key, (out.statements.get(key) ?? 0) + c.statements);
    if (c.position && !out.positions.has(key)) out.positions.set(key, c.position);
  }
  return out;
}
