/**
 * What one correction changed: two versions of a transcript (parse.ts) → the statements that changed,
 * each with a character-level diff (`<del>`/`<ins>`-ready segments from the quote check's one diff,
 * src/compare/diff.ts). Shape, as the per-briefing JSON carries it:
 *
 *   { date, commit, kind, turns: [{ id, was?, diff: [{ op: 'equal' | 'ins' | 'del', text }] }] }
 *
 * - `kind: 'text'`: some statement's words changed, or a statement was added or removed; `turns` lists
 *   them. `id` is the statement's id in the corrected version (what the page links, `#t3`); `was` its id
 *   before when that differs (a turn inserted above it renumbers it); a removed statement has only
 *   `was`, its diff one `del`; an added one, its diff one `ins`.
 * - `kind: 'frontmatter' | 'whitespace' | 'other' | 'unreadable'`: listed, not diffed (`turns` empty) —
 *   only the frontmatter changed; only white space; something else (a heading, a speaker label, markup);
 *   or one of the two versions does not parse.
 *
 * Statements are paired between versions by the same alignment, over sequences of statements instead
 * of characters (each statement a symbol, equal when its words are), so that a statement inserted in
 * the middle is one addition, not a change to every statement after it. A run of changed statements is
 * paired in order, extra ones added or removed.
 */
import { align, DIFF_COSTS } from '../compare/align.ts';
import { textDiff, type DiffSegment } from '../compare/diff.ts';
import type { VersionModel, VersionStatement } from './parse.ts';

export type RevisionKind = 'text' | 'frontmatter' | 'whitespace' | 'other' | 'unreadable';

export interface TurnChange {
  /** Id in the corrected version; absent for a removed statement. */
  id?: string;
  /** Id in the earlier version, when it differs from `id` (or the statement was removed). */
  was?: string;
  diff: DiffSegment[];
}

export interface Revision {
  /** When the correction landed (committer date, ISO 8601). */
  date: string;
  commit: string;
  kind: RevisionKind;
  turns: TurnChange[];
}

const words = (s: string): string => s.replace(/\s+/gu, '');

/** Statements → one character each, equal characters for statements with equal words. */
function symbols(before: VersionStatement[], after: VersionStatement[]): [string, string] {
  const codes = new Map<string, number>();
  const code = (s: VersionStatement): string => {
    const w = words(s.text);
    let c = codes.get(w);
    // Code units from U+0100 up: about 65,000 distinct statements a briefing, far more than any has.
    if (c === undefined) codes.set(w, (c = 0x100 + codes.size));
    return String.fromCharCode(c);
  };
  return [before.map(code).join(''), after.map(code).join('')];
}

/** The statements whose words differ, paired across the two versions. */
export function changedStatements(before: VersionStatement[], after: VersionStatement[]): TurnChange[] {
  const [a, b] = symbols(before, after);
  const runs = align(a, b, DIFF_COSTS, 'global');
  const out: TurnChange[] = [];
  for (let k = 0; k < runs.length; k++) {
    const r = runs[k]!;
    if (r.op === 'equal') continue;
    // A del run and the ins run after it are one change: pair them in order.
    const del = r.op === 'del' ? r : null;
    const ins = r.op === 'ins' ? r : runs[k + 1]?.op === 'ins' ? runs[++k]! : null;
    const removed = del ? before.slice(del.as, del.ae) : [];
    const added = ins ? after.slice(ins.bs, ins.be) : [];
    for (let i = 0; i < Math.max(removed.length, added.length); i++) out.push(changeOf(removed[i], added[i]));
  }
  return out;
}

function changeOf(was: VersionStatement | undefined, now: VersionStatement | undefined): TurnChange {
  if (!now) return { was: was!.id, diff: [{ op: 'del', text: was!.text }] };
  if (!was) return { id: now.id, diff: [{ op: 'ins', text: now.text }] };
  return { id: now.id, ...(was.id !== now.id ? { was: was.id } : {}), diff: textDiff(was.text, now.text) };
}

/** One correction: `before` and `after` are the two versions (null: it does not parse). */
export function revisionOf(before: VersionModel | null, after: VersionModel | null, at: { date: string; commit: string }): Revision {
  const listed = (kind: RevisionKind): Revision => ({ date: at.date, commit: at.commit, kind, turns: [] });
  if (!before || !after) return listed('unreadable');
  const turns = changedStatements(before.statements, after.statements);
  if (turns.length > 0) return { date: at.date, commit: at.commit, kind: 'text', turns };
  if (before.frontmatter !== after.frontmatter) return listed('frontmatter');
  // Same statements and frontmatter: white space if the files differ in nothing else.
  return listed(before.sourceWords === after.sourceWords ? 'whitespace' : 'other');
}
