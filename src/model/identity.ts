/**
 * Who speaks each turn, as a person and a position: the speaker rules that need nothing but the
 * briefing's own frontmatter (README, "Speakers"). They are resolved once, when a transcript is
 * parsed (src/markdown/remark-speakers.ts), and stored on each turn (`Turn.identity`) — so the cache
 * entry of a transcript depends on that transcript only. The one archive-wide rule (the same full
 * name is one person across the archive, unless the archive gives it two readings) is applied where
 * the archive is whole, by the speaker pages (src/speakers/registry.ts); it never changes a turn's
 * person or position, only which speaker page a name belongs to.
 *
 * 1. The principal's unlabelled paragraphs are the first frontmatter speaker (the format says so).
 * 2. A label with a name (`【上川外務大臣】`, `上川大臣 :`) is the frontmatter speaker of its own
 *    briefing with that family (or full) name and a compatible position, when exactly one is; when
 *    none is, the label stands for itself: the person is the label's words (上川外務大臣), never joined
 *    to a full name by guess. When several are, nobody.
 * 3. A label with a position and no name (`大臣 :`, `統幕長 :`) is the one frontmatter speaker with a
 *    compatible position (or the only one, when the frontmatter gives no position); a label with
 *    neither (`Ａ：`, `(答)`) is the frontmatter speaker only when the briefing lists just one.
 *    Anything else is nobody's. Reporters and moderators are nobody's.
 *
 * A position is written in full (統幕長 → 統合幕僚長): the frontmatter's position of the person, else
 * the first position a label of theirs gives in the briefing, so that all of one person's turns in a
 * briefing carry the same position.
 *
 * No Node imports: the search engine (browser) matches its speaker filter here (`namesIdentity`).
 */
import { normalize } from '../japanese/normalize.ts';
import type { BriefingFrontmatter } from './frontmatter.ts';
import { compactName, familyName, sameName } from './names.ts';
import { POSITIONS } from './vocabulary.ts';

export type FrontmatterSpeaker = NonNullable<BriefingFrontmatter['speakers']>[number];

/** Who a turn is, as the speaker rules resolve it. */
export interface Identity {
  /** The frontmatter's full name (中谷 元), or a label's own words when no frontmatter speaker is meant (上川外務大臣). */
  person: string;
  /** Their position in the briefing, written in full (防衛大臣, 統合幕僚長), when known. */
  position?: string;
}

/** What the rules read of a turn: its role, whether it has a label, and the name and position the label gives. */
export interface TurnSpeaker {
  role: string;
  label: string | null;
  name?: string;
  position?: string;
}

function positionSlug(position: string): string | null {
  return POSITIONS.find((p) => p.name === position)?.slug ?? null;
}

/** The same post, however it is written: 統幕長 = 統合幕僚長, 大臣 = 防衛大臣, 副大臣 = 防衛副大臣 (not 外務大臣). */
export function samePosts(a: string, b: string): boolean {
  if (speakerForm(a) === speakerForm(b)) return true;
  const slug = positionSlug(a);
  return slug !== null && slug === positionSlug(b);
}

/** A position in full: 統幕長 → 統合幕僚長, 次官 → 事務次官; anything else as written. */
export function fullPosition(position: string): string {
  return POSITIONS.find((p) => p.name === position)?.full ?? position;
}

/** The position and the short forms that stand for it (統合幕僚長: 統合幕僚長, 統幕長). */
function positionForms(position: string): string[] {
  return [position, ...POSITIONS.filter((p) => p.full === position).map((p) => p.name)];
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

/** Rules 1–3: the index of the frontmatter speaker a turn is, a label's own person, or nobody (null). */
function resolveOne(listed: readonly FrontmatterSpeaker[], t: TurnSpeaker): number | Identity | null {
  if (t.role !== 'official') return null;
  const only = (found: number[]) => (found.length === 1 ? found[0]! : null);
  if (t.label === null) return listed.length > 0 ? 0 : null;
  if (t.name) {
    const name = t.name;
    const named = listed.flatMap((s, i) => ((sameName(familyName(s.name), name) || sameName(s.name, name)) && compatiblePositions(t.position, s.position) ? [i] : []));
    if (named.length === 0) return { person: compactName(`${name}${t.position ?? ''}`), ...(t.position ? { position: fullPosition(t.position) } : {}) };
    return only(named);
  }
  if (t.position) {
    const holders = listed.flatMap((s, i) => (s.position && compatiblePositions(t.position, s.position) ? [i] : []));
    if (holders.length === 0 && listed.length === 1 && !listed[0]!.position) return 0;
    return only(holders);
  }
  return listed.length === 1 ? 0 : null;
}

/** Every turn's identity (null: nobody's), in the turns' order. */
export function identify(speakers: readonly FrontmatterSpeaker[] | undefined, turns: readonly TurnSpeaker[]): Array<Identity | null> {
  const listed = speakers ?? [];
  const resolved = turns.map((t) => resolveOne(listed, t));
  // A frontmatter speaker's position: the frontmatter's, else the first a label of theirs gives.
  const positions = listed.map((s) => (s.position ? fullPosition(s.position) : undefined));
  resolved.forEach((r, k) => {
    const said = turns[k]!.position;
    if (typeof r === 'number' && positions[r] === undefined && said) positions[r] = fullPosition(said);
  });
  return resolved.map((r) => {
    if (r === null || typeof r !== 'number') return r;
    const position = positions[r];
    return { person: listed[r]!.name, ...(position ? { position } : {}) };
  });
}

/** The position a label's own words end with (上川外務大臣 → 外務大臣), in the form they write it. */
function positionWritten(id: Identity): string | undefined {
  const compact = compactName(id.person);
  return id.position ? positionForms(id.position).find((p) => compact.endsWith(p)) : undefined;
}

/** How a page, a result or a citation names a person: 中谷 元 防衛大臣; a label's own words alone (上川外務大臣). */
export function identityName(id: Identity): string {
  return !id.position || positionWritten(id) ? id.person : `${id.person} ${id.position}`;
}

/** A label's own words without their position (上川外務大臣 → 上川), or null. */
function labelName(id: Identity): string | null {
  const written = positionWritten(id);
  const compact = compactName(id.person);
  return written && compact.length > written.length ? compact.slice(0, -written.length) : null;
}

/** A name or position as the speaker filter compares it: the search normaliser's form, without spaces. */
export function speakerForm(s: string): string {
  return normalize(compactName(s)).replace(/\s+/gu, '');
}

/** A speaker filter as asked, read against the archive's people and positions. */
export interface SpeakerQuery {
  /** As typed, trimmed. */
  text: string;
  /** In `speakerForm`. */
  form: string;
  /** It is a person's name or a position exactly (short forms included): then it names exactly that. */
  exact: boolean;
  /** The people it names (`speakerForm` of their names): the person of that name, or those of that family name. */
  people: ReadonlySet<string>;
}

/**
 * A speaker filter, read against everyone the archive has (the search index's facets). A query that is
 * exactly a person's name (spaces and width ignored: 中谷元 = 中谷 元) or a position (in full or a short
 * form) names just that — so the filter by a speaker page's name finds exactly that page's statements,
 * even where another person's family name (岩屋 for 岩屋 毅) or another way of writing a post (大臣 for
 * 防衛大臣) is the same. Otherwise it names the people whose family name it is (中谷: 中谷 元, however
 * spaced in each briefing), a label's own words by their name (上川 for 上川外務大臣), or a post
 * however written (大臣 for 防衛大臣, but not for 外務大臣: `samePosts`). 中 names nobody.
 */
export function speakerQuery(query: string, known: { people: readonly string[]; positions: readonly string[] }): SpeakerQuery {
  const form = speakerForm(query);
  const named = known.people.filter((p) => speakerForm(p) === form);
  const exact = named.length > 0 || known.positions.some((p) => positionForms(p).some((f) => speakerForm(f) === form));
  const family = exact ? [] : known.people.filter((p) => /\s/u.test(p.trim()) && speakerForm(familyName(p)) === form);
  return { text: query.trim(), form, exact, people: new Set([...named, ...family].map(speakerForm)) };
}

/** Whether a speaker filter (speakerQuery) names this identity. */
export function namesIdentity(q: SpeakerQuery, id: Identity): boolean {
  if (q.form === '') return false;
  const position = id.position;
  if (q.people.has(speakerForm(id.person))) return true;
  if (q.exact) return position !== undefined && positionForms(position).some((f) => speakerForm(f) === q.form);
  const label = labelName(id);
  if (label !== null && speakerForm(label) === q.form) return true;
  return position !== undefined && samePosts(q.text, position);
}
