/**
 * A judged set for `npm run search-eval`: queries in classes, each with the statements a reader judged
 * relevant (grade 1 or 2; every other statement is 0), written by reading the statements — never from
 * an engine's output. It is kept outside the repository (the statements are published text).
 *
 *   queries:
 *     - q: "京都"                 # the query as a reader types it
 *       class: partial
 *       note: "東京都 is Tokyo"    # optional: why
 *       relevant:                 # [briefing slug, excerpt of the statement's text, grade]
 *         - [2025/2025-07-22-daijin-kaiken, "赤坂プレス・センターについて伺います", 2]
 *
 * A statement is named by its briefing and a piece of its text (white space ignored) rather than by its
 * turn id, so that the judgments survive a re-import that numbers turns differently; `resolveJudged`
 * finds the one statement of the briefing holding the excerpt, and refuses with the file's line when
 * there is none or more than one.
 */
import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { Grade } from './relevance.ts';

export interface JudgedStatement {
  briefing: string;
  excerpt: string;
  grade: Grade;
  line: number;
}

export interface JudgedQuery {
  query: string;
  cls: string;
  note: string | null;
  relevant: JudgedStatement[];
  line: number;
}

/** A mistake in the judged set: `file:line: what is wrong`. */
export class JudgedSetError extends Error {}

function lineOf(node: Node | null | undefined, lines: LineCounter): number {
  const at = node?.range?.[0];
  return at === undefined ? 1 : lines.linePos(at).line;
}

/** Reads and checks the judged set's YAML. */
export function readJudged(file: string): JudgedQuery[] {
  const lines = new LineCounter();
  const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter: lines });
  const fail = (node: Node | null | undefined, what: string): never => {
    throw new JudgedSetError(`${file}:${lineOf(node, lines)}: ${what}`);
  };
  if (doc.errors.length > 0) fail(null, `not YAML: ${doc.errors[0]!.message}`);
  const root = doc.contents;
  const list = isMap(root) ? root.get('queries', true) : null;
  if (!isSeq(list)) return fail(root, 'expected a `queries:` list (see bench/src/judged.ts)');
  return list.items.map((item): JudgedQuery => {
    if (!isMap(item)) return fail(item as Node, 'each query is a mapping with q, class and relevant');
    const str = (key: string, optional = false): string | null => {
      const v = item.get(key, true);
      if (v === undefined && optional) return null;
      if (!isScalar(v) || typeof v.value !== 'string' || v.value.trim() === '') return fail(v ?? item, `\`${key}\` must be a non-empty string`);
      return v.value;
    };
    const relevantNode = item.get('relevant', true);
    if (!isSeq(relevantNode)) return fail(relevantNode ?? item, '`relevant` must be a list of [briefing, excerpt, grade] (an empty list: nothing is relevant)');
    const relevant = relevantNode.items.map((r): JudgedStatement => {
      const node = r as Node;
      const v = isSeq(r) ? r.toJSON() : null;
      if (!Array.isArray(v) || v.length !== 3 || typeof v[0] !== 'string' || typeof v[1] !== 'string' || (v[2] !== 1 && v[2] !== 2)) {
        return fail(node, 'a relevant statement is [briefing slug, excerpt of its text, grade 1 or 2]');
      }
      return { briefing: v[0], excerpt: v[1], grade: v[2], line: lineOf(node, lines) };
    });
    return { query: str('q')!, cls: str('class')!, note: str('note', true), relevant, line: lineOf(item, lines) };
  });
}

/** A statement to resolve excerpts against. */
export interface ResolvableStatement {
  briefing: string;
  turn: string;
  text: string;
}

const squash = (s: string): string => s.replace(/\s+/gu, '');

/**
 * Each query's judgments as `briefing#turn` → grade. Refuses (JudgedSetError) an excerpt that names no
 * statement of its briefing, or more than one, and a briefing the archive does not have.
 */
export function resolveJudged(file: string, queries: JudgedQuery[], statements: Iterable<ResolvableStatement>): Map<JudgedQuery, Map<string, Grade>> {
  const byBriefing = new Map<string, Array<{ key: string; text: string }>>();
  for (const s of statements) {
    let list = byBriefing.get(s.briefing);
    if (!list) byBriefing.set(s.briefing, (list = []));
    list.push({ key: `${s.briefing}#${s.turn}`, text: squash(s.text) });
  }
  const problems: string[] = [];
  const out = new Map<JudgedQuery, Map<string, Grade>>();
  for (const q of queries) {
    const grades = new Map<string, Grade>();
    for (const r of q.relevant) {
      const list = byBriefing.get(r.briefing);
      if (!list) {
        problems.push(`${file}:${r.line}: no briefing ${r.briefing} in the archive (renamed by a re-import? correct the slug)`);
        continue;
      }
      const hits = list.filter((s) => s.text.includes(squash(r.excerpt)));
      if (hits.length !== 1) {
        problems.push(
          `${file}:${r.line}: 「${r.excerpt}」 is in ${hits.length === 0 ? 'no statement' : `${hits.length} statements`} of ${r.briefing} — ` +
            (hits.length === 0 ? 'the text changed: take an excerpt of the statement as it reads now' : 'take a longer excerpt'),
        );
        continue;
      }
      grades.set(hits[0]!.key, Math.max(grades.get(hits[0]!.key) ?? 0, r.grade) as Grade);
    }
    out.set(q, grades);
  }
  if (problems.length > 0) throw new JudgedSetError(problems.join('\n'));
  return out;
}
