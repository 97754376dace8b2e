/**
 * The last check of a build: every page as written, read back. Each briefing's statements are counted
 * on its page (and compared with its model), and each page's Content-Security-Policy is collected: the
 * header policy is made of them (csp.ts), and a page without one is named. A difference means a
 * statement was lost (or doubled) on the way, and fails the build instead of shipping.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { BriefingSummary } from '../../archive/archive.ts';
import { ROUTES } from '../../model/routes.ts';
import { cspHash, metaPolicy } from '../csp.ts';

/** Statements on a written page: its turns (`<article id="t…" class="turn"`), and its lead when it has one. */
export function statementsOnPage(html: string): number {
  const turns = html.match(/<article id="t\d+" class="turn"/gu)?.length ?? 0;
  return turns + (html.includes('<div id="lead" class="lead">') ? 1 : 0);
}

export interface PagesReadBack {
  /** Statements of the model, and on the briefing pages. */
  model: number;
  pages: number;
  /** Briefings whose page holds another number of statements than their model: [slug, model, page]. */
  pageMismatches: Array<[string, number, number]>;
  /** Each distinct Content-Security-Policy of the pages (and of the pages XSLT stylesheets make), with how many carry it. */
  policies: Map<string, number>;
  /** Pages (relative paths) that carry none. */
  withoutPolicy: string[];
}

/** Every file under `dir` whose name ends with `ext`, relative to it. */
async function filesEnding(dir: string, ext: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith(ext)).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

/**
 * The policy an XSLT stylesheet's page needs (the feed's, src/render/feed.xsl.ts): a browser shows the
 * feed as the page the stylesheet makes, under the header's policy alone (it has no `<meta>`), so the
 * header must allow that page's `<style>` by its hash. XSLT copies a text node as it is.
 */
function stylesheetPolicy(xsl: string): string {
  const hashes = [...xsl.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gu)].map((m) => `'${cspHash(m[1]!)}'`);
  return `style-src 'self' ${hashes.join(' ')}`.trim();
}

/** Reads every page of the written site once: statements on the briefing pages, the policy of each. */
export async function readBackPages(outDir: string, briefings: BriefingSummary[]): Promise<PagesReadBack> {
  const bySlugPage = new Map(briefings.map((b) => [path.join(...ROUTES.briefing(b.slug).split('/'), 'index.html'), b]));
  const out: PagesReadBack = { model: 0, pages: 0, pageMismatches: [], policies: new Map(), withoutPolicy: [] };
  const onPage = new Map<BriefingSummary, number>();
  for (const file of await filesEnding(outDir, '.xsl')) {
    const policy = stylesheetPolicy(await readFile(path.join(outDir, file), 'utf8'));
    out.policies.set(policy, (out.policies.get(policy) ?? 0) + 1);
  }
  const files = await filesEnding(outDir, '.html');
  const concurrency = 32;
  for (let i = 0; i < files.length; i += concurrency) {
    await Promise.all(
      files.slice(i, i + concurrency).map(async (file) => {
        const html = await readFile(path.join(outDir, file), 'utf8');
        const policy = metaPolicy(html);
        if (policy === null) out.withoutPolicy.push(file);
        else out.policies.set(policy, (out.policies.get(policy) ?? 0) + 1);
        const b = bySlugPage.get(file);
        if (b) onPage.set(b, statementsOnPage(html));
      }),
    );
  }
  for (const b of briefings) {
    const page = onPage.get(b) ?? 0;
    out.model += b.statements;
    out.pages += page;
    if (page !== b.statements) out.pageMismatches.push([b.slug, b.statements, page]);
  }
  out.withoutPolicy.sort();
  return out;
}
