/**
 * Filters and the facts they need per statement: its briefing (table of each segment: day, kind), its
 * role (the stats byte, from the postings or the stats blocks) and who speaks it (speaker blocks,
 * fetched only for a speaker filter).
 */
import { normalize } from '../../japanese/normalize.ts';
import { namesIdentity, speakerForm, type SpeakerQuery } from '../../model/identity.ts';
import { dateOfDay, dayOf, statsRole, type IndexRole, type SpeakerEntry } from '../format.ts';
import { briefingIndex, type BriefingTable, type IndexView, type Segment } from './segments.ts';

export interface StatementFilter {
  roles: Set<IndexRole> | null;
  /** Who speaks, as asked (speakerMatches); normalised kind; day range (inclusive). */
  speaker: string;
  kind: string;
  fromDay: number;
  toDay: number;
}

export function filterOf(o: { role?: IndexRole | IndexRole[] | undefined; speaker?: string | undefined; kind?: string | undefined; from?: string | undefined; to?: string | undefined }): StatementFilter {
  return {
    roles: o.role === undefined ? null : new Set(Array.isArray(o.role) ? o.role : [o.role]),
    speaker: o.speaker?.trim() ?? '',
    kind: o.kind ? normalize(o.kind).trim() : '',
    fromDay: o.from ? dayOf(o.from) : -Infinity,
    toDay: o.to ? dayOf(o.to) : Infinity,
  };
}

/**
 * Whether a speaker filter names who speaks a statement: the person the speaker rules give it (their
 * full or family name, their position however written: model/identity.ts `namesIdentity`) — the same
 * people and counts as the speaker pages — or, for a reporter, the outlet their label names, whole.
 */
export function speakerMatches(query: SpeakerQuery, [, person, position, outlet]: SpeakerEntry): boolean {
  if (person && namesIdentity(query, { person, ...(position ? { position } : {}) })) return true;
  return outlet !== '' && speakerForm(outlet) === query.form;
}

export function isFiltered(f: StatementFilter): boolean {
  return f.roles !== null || f.speaker !== '' || f.kind !== '' || f.fromDay !== -Infinity || f.toDay !== Infinity;
}

/** Per-statement facts for the candidates of a query, loaded segment by segment. */
export class Facts {
  private readonly view: IndexView;
  private readonly tables = new Map<Segment, BriefingTable>();
  constructor(view: IndexView) {
    this.view = view;
  }
  /** Loads the briefings tables of the segments holding `docs` (ascending). */
  async load(docs: number[]): Promise<void> {
    const segs = new Set<Segment>();
    for (const d of docs) segs.add(this.view.segmentOf(d));
    await Promise.all([...segs].map(async (s) => this.tables.set(s, await s.briefings())));
  }
  /** Loads every segment's briefings table. */
  async loadAll(): Promise<BriefingTable[]> {
    return Promise.all(this.view.segments.map(async (s) => this.tables.set(s, await s.briefings()).get(s)!));
  }
  private table(doc: number): BriefingTable {
    return this.tables.get(this.view.segmentOf(doc))!;
  }
  /** Day and kind of the statement's briefing, and the id of its first statement (its briefing's identity). */
  briefingOf(doc: number): { day: number; kind: string; start: number } {
    const t = this.table(doc);
    const i = briefingIndex(t, doc);
    const k = t.kind[i]!;
    return { day: t.days[i]!, kind: k >= 0 ? t.kinds[k]! : '', start: t.starts[i]! };
  }
  dayOf(doc: number): number {
    const t = this.table(doc);
    return t.days[briefingIndex(t, doc)]!;
  }
  /** Every live statement (a query of filters alone). */
  all(): number[] {
    const out: number[] = [];
    for (const s of this.view.segments) for (let d = s.base; d < s.base + s.docs; d++) if (s.live(d)) out.push(d);
    return out;
  }
}

/**
 * The candidates passing the filter; `statOf` gives a candidate's stats byte when the postings have it;
 * `speakers` reads a speaker filter against the archive's people and positions (speakerQuery).
 */
export async function applyFilter(
  view: IndexView,
  facts: Facts,
  f: StatementFilter,
  docs: number[],
  statOf: ((doc: number) => number) | null,
  speakers: () => Promise<SpeakerQuery>,
): Promise<number[]> {
  const kinds = new Map<string, string>();
  let out = docs.filter((d) => {
    const b = facts.briefingOf(d);
    if (b.day < f.fromDay || b.day > f.toDay) return false;
    if (f.kind) {
      let k = kinds.get(b.kind);
      if (k === undefined) kinds.set(b.kind, (k = normalize(b.kind)));
      if (k !== f.kind) return false;
    }
    return true;
  });
  if (f.roles) {
    const roles = f.roles;
    if (statOf) out = out.filter((d) => roles.has(statsRole(statOf(d))));
    else {
      const stats = await Promise.all(out.map((d) => view.segmentOf(d).stats(d).then((b) => (b ? b.stats[d - view.segmentOf(d).base - b.first]! : 0))));
      out = out.filter((_, i) => roles.has(statsRole(stats[i]!)));
    }
  }
  if (f.speaker) {
    const query = await speakers();
    const of = await Promise.all(
      out.map(async (d) => {
        const seg = view.segmentOf(d);
        const b = await seg.speakers(d);
        return b ? b.speakers[b.of[d - seg.base - b.first]!]! : null;
      }),
    );
    // Each distinct speaker of a block is one array: it is judged once.
    const judged = new Map<SpeakerEntry, boolean>();
    out = out.filter((_, i) => {
      const s = of[i];
      if (!s) return false;
      let yes = judged.get(s);
      if (yes === undefined) judged.set(s, (yes = speakerMatches(query, s)));
      return yes;
    });
  }
  return out;
}

/** Matching statements per month (YYYY-MM), for a hits-over-time chart. */
export function histogramOf(facts: Facts, docs: number[]): Record<string, number> {
  const months = new Map<number, string>();
  const out: Record<string, number> = {};
  for (const d of docs) {
    const day = facts.dayOf(d);
    let m = months.get(day);
    if (m === undefined) months.set(day, (m = dateOfDay(day).slice(0, 7)));
    out[m] = (out[m] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(out).sort((a, b) => (a[0] < b[0] ? -1 : 1)));
}
