/**
 * src/speakers/ — who is who. Takes the briefings' summaries; gives the archive's speakers, their
 * positions over time and their briefings (this module): each turn's person as its transcript's
 * parse resolved it (src/model/identity.ts), joined across the archive by identity.ts.
 *
 * The speakers of the whole archive (identity.ts decides who is who), built from the archive's
 * briefing summaries — no transcript is read again — and kept until the archive changes.
 */
import type { BriefingSummary, TranscriptArchive } from '../archive/archive.ts';
import { compactName, familyName } from '../model/names.ts';
import { attribute, type Attribution, type IdentityKey } from './identity.ts';

export interface SpeakerBriefing {
  slug: string;
  date: string;
  title: string;
  kind?: string;
  /** Their position in that briefing, when the frontmatter or their label says it. */
  position?: string;
  /** Their statements in it (turns attributed to them). */
  statements: number;
}

export interface SpeakerTenure {
  position: string;
  /** First and last briefing date in this position (ISO). */
  from: string;
  to: string;
  briefings: number;
}

export interface Speaker {
  key: IdentityKey;
  /** The URL segment: `/speakers/<id>/`. */
  id: string;
  /** As written: the frontmatter's full name (中谷 元), or the label's name and position (上川外務大臣). */
  name: string;
  reading?: string;
  /** `full`: a name from the frontmatter; `label`: only a speaker label names them. */
  source: 'full' | 'label';
  /** Positions in date order, one entry per run of briefings in the same position. */
  tenures: SpeakerTenure[];
  /** Newest first. */
  briefings: SpeakerBriefing[];
  statements: number;
  /** Other entries whose name starts with the same family name (for "see also", never merged). */
  related: string[];
}

export interface SpeakerIndex {
  /** Most recent briefing first. */
  speakers: Speaker[];
  byId: Map<string, Speaker>;
  /** A briefing's attribution: its frontmatter speakers, and its turns' people (`Turn.identity.person`), as speaker pages. */
  of(slug: string): { frontmatter: Array<Speaker | undefined>; people: Map<string, Speaker> };
}

/** A URL segment from a name: letters, digits, ー・ and hyphens; never a character a URL or a file name would choke on. */
function segmentOf(name: string): string {
  return name.normalize('NFC').replace(/[^\p{L}\p{N}ー・-]+/gu, '') || 'speaker';
}

/** Rule 1: a name the archive gives two readings is two people. The names (compacted) it does that for. */
function namesWithTwoReadings(briefings: readonly BriefingSummary[]): Set<string> {
  const readings = new Map<string, Set<string>>();
  for (const b of briefings) {
    for (const s of b.frontmatter.speakers ?? []) {
      if (!s.reading) continue;
      const set = readings.get(compactName(s.name)) ?? new Set<string>();
      set.add(compactName(s.reading));
      readings.set(compactName(s.name), set);
    }
  }
  return new Set([...readings].filter(([, r]) => r.size > 1).map(([n]) => n));
}

/** Each run of briefings in one position, in date order. */
function tenuresOf(chronological: SpeakerBriefing[]): SpeakerTenure[] {
  const tenures: SpeakerTenure[] = [];
  for (const b of chronological) {
    if (!b.position) continue;
    const last = tenures.at(-1);
    if (last && last.position === b.position) {
      last.to = b.date;
      last.briefings++;
    } else tenures.push({ position: b.position, from: b.date, to: b.date, briefings: 1 });
  }
  return tenures;
}

/** "See also": a full name and the labels that start with its family name, never merged. */
function linkRelated(speakers: Speaker[]): void {
  for (const s of speakers) {
    const family = s.source === 'full' ? compactName(familyName(s.name)) : null;
    s.related = speakers
      .filter((o) => o !== s && (family ? o.source === 'label' && compactName(o.name).startsWith(family) : o.source === 'full' && compactName(s.name).startsWith(compactName(familyName(o.name)))))
      .map((o) => o.id);
  }
}

export function buildSpeakerIndex(briefings: readonly BriefingSummary[]): SpeakerIndex {
  const splitByReading = namesWithTwoReadings(briefings);

  const people = new Map<IdentityKey, Omit<Speaker, 'id' | 'tenures' | 'related'>>();
  const attributions = new Map<string, Attribution>();
  const person = (key: IdentityKey, name: string, source: Speaker['source'], reading?: string) => {
    let p = people.get(key);
    if (!p) {
      p = { key, name, source, ...(reading ? { reading } : {}), briefings: [], statements: 0 };
      people.set(key, p);
    }
    return p;
  };
  for (const b of briefings) {
    const fm = b.frontmatter;
    const a = attribute(fm, b.speakers, splitByReading);
    attributions.set(b.slug, a);
    (fm.speakers ?? []).forEach((s, i) => person(a.frontmatter[i]!, s.name, 'full', s.reading));
    for (const [key, words] of a.labels) person(key, words, 'label');
    for (const key of new Set([...a.frontmatter, ...a.labels.keys()])) {
      const p = people.get(key)!;
      const position = a.positions.get(key);
      const statements = a.statements.get(key) ?? 0;
      p.briefings.push({ slug: b.slug, date: fm.date, title: fm.title, ...(fm.kind ? { kind: fm.kind } : {}), ...(position ? { position } : {}), statements });
      p.statements += statements;
    }
  }

  const speakers: Speaker[] = [];
  const taken = new Set<string>();
  for (const key of [...people.keys()].sort()) {
    const p = people.get(key)!;
    const chronological = p.briefings.toSorted((x, y) => x.date.localeCompare(y.date) || x.slug.localeCompare(y.slug));
    const tenures = tenuresOf(chronological);
    let id = segmentOf(p.source === 'full' && p.reading && key.split('|').length > 2 ? `${p.name}-${p.reading}` : p.name);
    for (let n = 2; taken.has(id); n++) id = `${segmentOf(p.name)}-${n}`;
    taken.add(id);
    speakers.push({ ...p, id, tenures, briefings: chronological.toReversed(), related: [] });
  }
  linkRelated(speakers);
  speakers.sort((x, y) => (y.briefings[0]?.date ?? '').localeCompare(x.briefings[0]?.date ?? '') || x.name.localeCompare(y.name, 'ja'));

  const byKey = new Map(speakers.map((s) => [s.key, s]));
  return {
    speakers,
    byId: new Map(speakers.map((s) => [s.id, s])),
    of(slug) {
      const a = attributions.get(slug);
      if (!a) return { frontmatter: [], people: new Map() };
      return { frontmatter: a.frontmatter.map((k) => byKey.get(k)), people: new Map([...a.people].map(([person, k]) => [person, byKey.get(k)!])) };
    },
  };
}

const cache = new WeakMap<TranscriptArchive, { version: number; index: SpeakerIndex }>();

/** The index of the archive as it is now (built again only after the archive changed). */
export function speakersOf(archive: TranscriptArchive): SpeakerIndex {
  const had = cache.get(archive);
  if (had && had.version === archive.version) return had.index;
  const index = buildSpeakerIndex(archive.briefings);
  cache.set(archive, { version: archive.version, index });
  return index;
}
