/**
 * From the terms' matches to scored statements: candidates (every positive term in one statement, or in
 * one briefing), exclusions, filters, scores. The same for a full read (matches over the whole index)
 * and for each range of a bounded one (matches over the range, whole briefings in it), so that both
 * give each statement the same answer.
 */
import type { SpeakerQuery } from '../../model/identity.ts';
import type { Sort } from '../options.ts';
import { applyFilter, type Facts, type StatementFilter } from './filters.ts';
import type { TermMatches } from './matching.ts';
import { statementScore, type Ranking } from './ranking.ts';
import type { IndexView } from './segments.ts';
import { keepNear, type StatementReader } from './near.ts';
import type { NearPair } from './operators.ts';
import type { QueryTerm } from './syntax.ts';

/** A statement found, with what orders it. */
export interface Scored {
  doc: number;
  score: number;
  day: number;
}

export interface Evaluation {
  view: IndexView;
  facts: Facts;
  filter: StatementFilter;
  briefingScope: boolean;
  idf: number[];
  avgLen: number;
  ranking: Ranking;
  /** A speaker filter read against the archive's people and positions (filters.ts applyFilter). */
  speakers: () => Promise<SpeakerQuery>;
  /** The query's `A NEAR B` pairs, kept after the filters; null without any. */
  near: NearCheck | null;
}

/** NEAR pairs by the index of each side among the positive terms, and how a statement is read (near.ts StatementReader). */
export interface NearCheck {
  pairs: Array<{ a: QueryTerm; b: QueryTerm; ia: number; ib: number }>;
  read: StatementReader;
}

export function nearOf(near: NearPair[], positive: QueryTerm[], read: StatementReader): NearCheck | null {
  if (near.length === 0) return null;
  const at = (t: QueryTerm) => positive.findIndex((p) => p.text === t.text && p.phrase === t.phrase);
  return { pairs: near.map(({ a, b }) => ({ a, b, ia: at(a), ib: at(b) })), read };
}

/** Candidates of the positive terms' matches: in every one (statement scope) or in any (briefing scope); live. */
function candidatesOf(ev: Evaluation, pos: TermMatches[], everyDoc: () => number[]): number[] {
  let candidates: number[];
  if (pos.length === 0) candidates = everyDoc();
  else if (!ev.briefingScope) {
    const order = pos.map((_, k) => k).sort((a, b) => pos[a]!.size - pos[b]!.size);
    candidates = [...pos[order[0]!]!.keys()].filter((d) => order.every((k) => pos[k]!.has(d)));
  } else candidates = [...new Set(pos.flatMap((p) => [...p.keys()]))];
  const { view } = ev;
  candidates = candidates.filter((d) => view.segmentOf(d).live(d)).sort((a, b) => a - b);
  if (ev.briefingScope && pos.length > 0) {
    // Briefings (by their first statement) in which every positive term matches some statement.
    const briefingsOf = (p: TermMatches) => new Set([...p.keys()].filter((d) => view.segmentOf(d).live(d)).map((d) => ev.facts.briefingOf(d).start));
    const sets = pos.map(briefingsOf);
    candidates = candidates.filter((d) => sets.every((s) => s.has(ev.facts.briefingOf(d).start)));
  }
  return candidates;
}

/**
 * The statements that answer the query among `pos` and `neg` (each term's matches), scored; with no
 * positive term, among `everyDoc()`. Briefing tables must be loaded (facts).
 */
export async function scoreStatements(ev: Evaluation, pos: TermMatches[], neg: TermMatches[], everyDoc: () => number[]): Promise<Scored[]> {
  const { view, facts } = ev;
  let candidates = candidatesOf(ev, pos, everyDoc);
  if (neg.length > 0) {
    if (ev.briefingScope) {
      const excluded = new Set(neg.flatMap((n) => [...n.keys()].filter((d) => view.segmentOf(d).live(d))));
      const gone = new Set([...excluded].map((d) => facts.briefingOf(d).start));
      candidates = candidates.filter((d) => !gone.has(facts.briefingOf(d).start));
    } else candidates = candidates.filter((d) => !neg.some((n) => n.has(d)));
  }
  const statOf = pos.length > 0 ? (d: number) => pos.find((p) => p.has(d))!.get(d)!.stat : null;
  candidates = await applyFilter(view, facts, ev.filter, candidates, statOf, ev.speakers);
  if (ev.near) {
    const sides = ev.near.pairs.map(({ a, b, ia, ib }) => ({ a, b, aMatches: pos[ia] ?? new Map(), bMatches: pos[ib] ?? new Map() }));
    candidates = await keepNear(candidates, sides, ev.near.read);
  }
  return candidates.map((doc) => ({
    doc,
    score: statOf ? statementScore(pos.map((p) => p.get(doc)), ev.idf, statOf(doc), ev.avgLen, ev.ranking) : 0,
    day: facts.dayOf(doc),
  }));
}

/** How results are ordered: ties and date order newest day first, then id order (a briefing's statements stay together, in order). */
export function compareBy(sort: Sort): (a: Scored, b: Scored) => number {
  if (sort === 'date-asc') return (a, b) => a.day - b.day || a.doc - b.doc;
  if (sort === 'date') return (a, b) => b.day - a.day || a.doc - b.doc;
  return (a, b) => b.score - a.score || b.day - a.day || a.doc - b.doc;
}
