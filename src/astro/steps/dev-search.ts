/**
 * Search in `astro dev`: the index is written by the same incremental writer as a build, into a
 * directory of the dev server's own, and served under `<base>search/`. When a transcript is saved the
 * archive reads it again and the index is rewritten — one new segment for that briefing, not the
 * archive — so search follows edits.
 *
 * The dev index keeps its own state (a build may run beside the dev server), but shares kuromoji's
 * analyses with builds: they are content-addressed and written atomically.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { AstroIntegrationLogger } from 'astro';
import sirv from 'sirv';
import type { ViteDevServer } from 'vite';
import type { DamageReport } from '../../fs/checked.ts';
import { createSearchIndexer, type BriefingSource } from '../../search/index/writer.ts';
import type { TranscriptArchive } from '../../archive/archive.ts';
import { ROUTES, withBase } from '../../model/routes.ts';

export interface DevSearchOptions {
  base: string;
  /** The build's search cache (its analyses are shared). */
  searchCacheDir: string;
  /** Where the dev server keeps its own index state and files. */
  devDir: string;
  inputs: () => BriefingSource[];
  onDamage: DamageReport;
  logger: AstroIntegrationLogger;
}

export function serveDevSearch(server: ViteDevServer, archive: TranscriptArchive, opts: DevSearchOptions): void {
  const siteDir = path.join(opts.devDir, 'site');
  const indexer = createSearchIndexer({
    base: opts.base,
    cacheDir: path.join(opts.devDir, 'state'),
    analysisDir: path.join(opts.searchCacheDir, 'analysis'),
    onProgress: (m) => opts.logger.info(m),
    onDamage: opts.onDamage,
  });
  const write = (why: string) => {
    const started = performance.now();
    const run = indexer.write(opts.inputs(), siteDir).then(
      (s) => opts.logger.info(`search index (${why}): ${s.statements} statements, ${s.changed} briefing(s) indexed in ${Math.round(performance.now() - started)} ms`),
      (error: unknown) => opts.logger.error(`search index (${why}) failed: ${error instanceof Error ? error.message : String(error)}`),
    );
    return run;
  };
  let ready = write('start');
  archive.onUpdate((slug) => {
    ready = write(`${slug} changed`);
  });

  const prefix = withBase(opts.base, ROUTES.search);
  const files = sirv(path.join(siteDir, 'search'), { dev: true, etag: true });
  server.middlewares.use((req, res, next) => {
    const url = req.url ?? '';
    if (!url.startsWith(prefix)) return next();
    const rel = url.slice(prefix.length).split('?')[0]!;
    // The search page itself (`<base>search/`) is Astro's; only the index's files are served here.
    if (rel === '' || rel === 'index.html') return next();
    void ready.then(() => {
      if (!existsSync(path.join(siteDir, 'search', decodeURIComponent(rel)))) return next();
      req.url = `/${rel}`;
      files(req, res, next);
    });
  });
}
