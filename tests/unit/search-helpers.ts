/** Statements grouped into the writer's briefing inputs, as the integration gives them. */
import { createHash } from 'node:crypto';
import type { BriefingInput } from '../../src/search/index/writer.ts';
import type { Statement } from '../../src/model/model.ts';

export function inputsOf(statements: Statement[]): BriefingInput[] {
  const by = new Map<string, Statement[]>();
  for (const s of statements) {
    let l = by.get(s.briefing);
    if (!l) by.set(s.briefing, (l = []));
    l.push(s);
  }
  return [...by].map(([slug, list]) => ({
    slug,
    hash: createHash('sha256').update(JSON.stringify(list)).digest('base64url'),
    date: list[0]!.date,
    kind: list[0]!.kind,
    statements: () => list,
  }));
}

/**
 * Characters the normaliser's context folds look across (src/japanese/normalize.ts, A6–A10): a piece of
 * a text cut next to one of them may fold differently from the whole (三|か国, 1,|810, イージス・|アショア),
 * so properties about pieces cut elsewhere.
 */
const CONTEXT = new Set([' ', '\u3000', '\n', '・', '·', '＝', '‐', '―', '－', '−', 'ー', 'ｰ', ',', '1', '１', '三', '十', '数', 'ヶ', 'ヵ', 'か', 'カ', 'ケ', '箇', '国', '人', '月']);

/** True when cutting `units` before index k leaves the folds of both sides as they are in the whole. */
export function safeCut(units: readonly string[], k: number): boolean {
  return !CONTEXT.has(units[k - 1] ?? '') && !CONTEXT.has(units[k] ?? '');
}
