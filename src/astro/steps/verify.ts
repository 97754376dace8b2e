/**
 * The last check of a build: every statement of the model is on its page and in the search index,
 * counted in the files actually written. A difference means a statement was lost (or doubled) on the
 * way, and fails the build instead of shipping.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { BriefingSummary } from '../../archive/archive.ts';
import { ROUTES } from '../../model/routes.ts';

/** Statements on a written page: its turns (`<article id="t…" class="turn"`), and its lead when it has one. */
export function statementsOnPage(html: string): number {
  const turns = html.match(/<article id="t\d+" class="turn"/gu)?.length ?? 0;
  return turns + (html.includes('<div id="lead" class="lead">') ? 1 : 0);
}

export interface StatementCount {
  model: number;
  pages: number;
  index: number;
  /** Briefings whose page holds another number of statements than their model: [slug, model, page]. */
  pageMismatches: Array<[string, number, number]>;
}

export async function countStatements(outDir: string, briefings: BriefingSummary[], indexed: number): Promise<StatementCount> {
  let model = 0;
  let pages = 0;
  const pageMismatches: StatementCount['pageMismatches'] = [];
  const concurrency = 32;
  for (let i = 0; i < briefings.length; i += concurrency) {
    await Promise.all(
      briefings.slice(i, i + concurrency).map(async (b) => {
        const file = path.join(outDir, ...ROUTES.briefing(b.slug).split('/'), 'index.html');
        const onPage = existsSync(file) ? statementsOnPage(await readFile(file, 'utf8')) : 0;
        model += b.statements;
        pages += onPage;
        if (onPage !== b.statements) pageMismatches.push([b.slug, b.statements, onPage]);
      }),
    );
  }
  return { model, pages, index: indexed, pageMismatches };
}
