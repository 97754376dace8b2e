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
