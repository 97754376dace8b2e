/**
 * The Astro side of the archive: takes the site's options (options.ts) and Astro's config; gives the
 * site its transcript pipeline. The one place that wires it into Astro:
 * - `astro:config:setup`: adds the transcript Markdown plugins to the site's processor (markdown.ts;
 *   astro.config.mjs lists none), exposes the options and the archive to pages and the collection
 *   loader through virtual modules (virtual.ts), reads every transcript once (src/archive/, cached by
 *   content) and refuses content mistakes with `path:line` lines before anything is built — in
 *   `astro dev` it reports them and goes on, and the affected page shows them; adds the RSS feed
 *   (src/render/feed.xml.ts, with its stylesheet feed.xsl.ts, and one per speaker, speaker-feed.xml.ts) and, unless the site has its own, `@astrojs/sitemap` with each page's
 *   `lastmod` (steps/lastmod.ts) when the site URL is known;
 * - `astro:server:setup` (dev): serves the search index, rewritten incrementally when a transcript is
 *   saved (steps/dev-search.ts), and the data exports (src/export/dev-server.ts);
 * - `astro:build:start`: the search index and the data exports from one pass over the archive, before
 *   the pages, beside the staging directory; `astro:build:done`: those moved in beside the pages, the
 *   images, the read-back of every statement, `_headers` (steps/finish.ts);
 * - a last step (after every other integration) replaces the output directory with the finished
 *   build, so that a failed or interrupted build never leaves a half-written site (steps/publish.ts).
 */
import { createHash } from 'node:crypto';
import { checkPageCopies, sealPageCopies } from './steps/page-copies.ts';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import sitemap from '@astrojs/sitemap';
import type { AstroConfig, AstroIntegration, AstroIntegrationLogger, HookParameters } from 'astro';
import { AstroError } from 'astro/errors';
import { TranscriptArchive } from '../archive/archive.ts';
import { damageWarnings, type DamageReport } from '../fs/checked.ts';
import { exportsMiddleware } from '../export/dev-server.ts';
import { formatProblem } from '../model/problems.ts';
import { normalizeBase, ROUTES } from '../model/routes.ts';
import { siteCsp } from './csp.ts';
import { authorError } from './errors.ts';
import { addTranscriptPlugins, transcriptMarkdownOptions } from './markdown.ts';
import { parseSiteOptions, type SiteConfig, type TranscriptArchiveOptions } from './options.ts';
import { serveDevSearch } from './steps/dev-search.ts';
import { finishBuild, writeIndexAndExports, type FinishOptions, type PassOutput } from './steps/finish.ts';
import { indexMeta } from './steps/index-and-export.ts';
import { lastmodOf, pageChanges } from './steps/lastmod.ts';
import { discard, publish, removeStaleStaging, stagingDirFor } from './steps/publish.ts';
import { vitePluginTranscriptArchive } from './virtual.ts';

export type { TranscriptArchiveOptions } from './options.ts';

/** The one module instance that hands the archive to pages and the loader (see instance.cjs). */
const instances = createRequire(import.meta.url)('./instance.cjs') as typeof import('./instance.cjs');

/**
 * Stop the build on the author's mistakes: every `path:line: …` line is printed as it is (through the
 * logger: Astro's error printer would read Markdown in them), then the build fails with an AstroError
 * that says what happened and what to do, with no stack trace. Nothing has been published.
 */
function refusal(logger: AstroIntegrationLogger, lines: string[], message: string, hint: string): AstroError {
  for (const line of lines) logger.error(line);
  return authorError(message, hint);
}

/** What one integration knows once Astro's config is set up. */
interface Context {
  /** This integration's key in instance.cjs: the same for a project from build to build. */
  id: string;
  readonly site: SiteConfig;
  archive: TranscriptArchive;
  base: string;
  /** The site's origin and base as an absolute URL (`https://example.org/kaiken/`), when SITE_URL is set. */
  siteUrl: URL | null;
  outDir: string;
  /** Where this build writes until it publishes (builds only). */
  staging: string | undefined;
  /** Sitemap `lastmod` by page path (`/kaiken/briefings/…/`), filled once the archive is read. */
  lastmod: Map<string, Date>;
  /** The search index's state and kuromoji's analyses, and each briefing's part of the data exports, in Astro's cache. */
  searchCacheDir: string;
  exportsCacheDir: string;
  /** Says once, naming it, each damaged cache entry that was discarded and rebuilt (src/fs/checked.ts). */
  onDamage: DamageReport;
  publicDir: string;
  /** Astro's cache directory: its incremental build keeps its copies of the pages there (steps/page-copies.ts). */
  astroCacheDir: string;
  /** Astro's copies of the last build's pages, as checked before this build (builds only). */
  pageCopies: Awaited<ReturnType<typeof checkPageCopies>>['kept'] | undefined;
  /** What the pass before the pages wrote (builds only). */
  pass: PassOutput | undefined;
}

export function transcriptArchive(options: TranscriptArchiveOptions): AstroIntegration {
  const ctx = { id: '', site: parseSiteOptions(options), lastmod: new Map(), staging: undefined } as Context;
  return {
    name: 'transcript-archive',
    hooks: {
      'astro:config:setup': (params) => setup(ctx, params),
      'astro:server:setup': ({ server, logger }) => {
        const { archive, base } = ctx;
        const inputs = () => archive.briefings.map((b) => ({ ...indexMeta(b), statements: () => archive.readStatements(b.slug) }));
        const devDir = path.join(path.dirname(ctx.searchCacheDir), 'dev');
        serveDevSearch(server, archive, { base, searchCacheDir: ctx.searchCacheDir, devDir, inputs, logger, onDamage: ctx.onDamage });
        server.middlewares.use(exportsMiddleware(() => archive, { base, site: ctx.siteUrl }, { briefingJson: ctx.site.briefingJson, plain: ctx.site.plainExports }));
      },
      'astro:build:start': async ({ logger }) => {
        const passDir = `${ctx.staging ?? ctx.outDir}.pass`;
        try {
          const copies = await checkPageCopies(ctx.astroCacheDir, ctx.onDamage);
          ctx.pageCopies = copies.kept;
          if (copies.kept.size + copies.removed > 0) logger.info(`${copies.kept.size} page(s) of the last build checked for reuse${copies.removed > 0 ? `, ${copies.removed} removed` : ''}`);
          ctx.pass = await writeIndexAndExports(ctx.archive, passDir, { ...finishOptions(ctx, logger), publicDir: ctx.publicDir });
        } catch (error) {
          for (const d of [passDir, ctx.staging]) if (d) discard(d);
          if (AstroError.is(error)) throw error;
          throw new Error('Writing the search index and the data exports failed; the previous output was left as it was', { cause: error });
        }
      },
      'astro:build:done': async ({ dir, logger }) => {
        try {
          await finishBuild(ctx.archive, fileURLToPath(dir), ctx.pass!, finishOptions(ctx, logger));
          await sealPageCopies(ctx.astroCacheDir, ctx.pageCopies ?? new Map());
        } catch (error) {
          for (const d of [ctx.pass?.dir, ctx.staging]) if (d) discard(d);
          if (AstroError.is(error)) throw error;
          throw new Error('Finishing the build failed; the previous output was left as it was', { cause: error });
        }
      },
    },
  };
}

function finishOptions(ctx: Context, logger: AstroIntegrationLogger): FinishOptions {
  const { site, siteUrl, base, searchCacheDir, exportsCacheDir, onDamage } = ctx;
  const refuse = (lines: string[], message: string, hint: string) => refusal(logger, lines, message, hint);
  return { site, links: { base, site: siteUrl }, searchCacheDir, exportsCacheDir, onDamage, previousOut: ctx.outDir, logger, refuse };
}

async function setup(ctx: Context, { config, command, updateConfig, injectRoute, addMiddleware, logger }: HookParameters<'astro:config:setup'>): Promise<void> {
  const root = fileURLToPath(config.root);
  ctx.base = normalizeBase(config.base);
  ctx.siteUrl = config.site ? new URL(ctx.base, config.site) : null;
  const contentDir = path.resolve(root, ctx.site.contentDir ?? process.env['CONTENT_DIR'] ?? 'content');
  const cacheDir = path.join(fileURLToPath(config.cacheDir), 'kaiken');
  ctx.searchCacheDir = path.join(cacheDir, 'search');
  ctx.exportsCacheDir = path.join(cacheDir, 'exports');
  ctx.publicDir = fileURLToPath(config.publicDir);
  ctx.astroCacheDir = fileURLToPath(config.cacheDir);
  ctx.onDamage = damageWarnings((m) => logger.warn(m), root);
  ctx.archive = new TranscriptArchive({
    contentDir,
    root,
    cacheDir,
    markdown: transcriptMarkdownOptions(config),
    onProgress: (m) => logger.info(m),
    onDamage: ctx.onDamage,
    // Said once a build: the briefing pages, the JSON and the feeds then show no corrections.
    onNoHistory: (reason) => logger.info(`no corrections shown (the briefing pages' revisions need the content's git history): ${reason}`),
  });
  // The id is part of the pages' code (the archive's virtual module): one that stays the same from
  // build to build lets Astro's incremental build (incremental.ts) see that their code did not change.
  ctx.id = createHash('sha256').update(`${root}\0${contentDir}\0${cacheDir}`).digest('base64url').slice(0, 16);
  instances.setArchive(ctx.id, ctx.archive);
  addTranscriptPlugins(config.markdown.processor, contentDir, logger);
  if (ctx.siteUrl) {
    injectRoute({ pattern: `/${ROUTES.feed}`, entrypoint: new URL('../render/feed.xml.ts', import.meta.url), prerender: true });
    injectRoute({ pattern: `/${ROUTES.feedStylesheet}`, entrypoint: new URL('../render/feed.xsl.ts', import.meta.url), prerender: true });
    injectRoute({ pattern: `/${ROUTES.speakerFeed('[id]')}`, entrypoint: new URL('../render/speaker-feed.xml.ts', import.meta.url), prerender: true });
  } else if (command === 'build') {
    logger.warn('no RSS feed and no sitemap: they need absolute URLs, so set the site URL (SITE_URL=https://… or `site` in astro.config.mjs)');
  }
  const integrations = command === 'build' ? [...siteMap(ctx, config), publishStep(ctx, config, logger)] : siteMap(ctx, config);
  // The policy Astro writes at the end of each page's head, moved to its top (Astro applies no policy in dev).
  if (command === 'build') addMiddleware({ entrypoint: new URL('./csp-first.ts', import.meta.url), order: 'post' });
  updateConfig({
    integrations,
    // Every page gets a Content-Security-Policy: Astro hashes each page's inline scripts and styles, these are the rest.
    security: { csp: siteCsp(config.security?.csp) },
    vite: { plugins: [vitePluginTranscriptArchive({ id: ctx.id, config: ctx.site, siteUrl: ctx.siteUrl })] },
    // A briefing page whose code and cache key (render/page-key.ts) are those of the last build is
    // copied from it, checked first (steps/page-copies.ts), instead of rendered again.
    experimental: { incrementalBuild: true },
    ...(ctx.staging ? { outDir: pathToFileURL(`${ctx.staging}/`) } : {}),
  });
  await readArchive(ctx, command, path.relative(root, contentDir) || '.', logger);
}

/** Read every transcript; in a build, any mistake stops it here, before anything is written. */
async function readArchive(ctx: Context, command: string, shownDir: string, logger: AstroIntegrationLogger): Promise<void> {
  const started = performance.now();
  const { parsed, cached } = await ctx.archive.scan();
  const problems = ctx.archive.problems.flatMap((f) => f.problems.map((p) => formatProblem(f.path, p)));
  if (problems.length > 0 && command === 'build') {
    throw refusal(logger, problems, `${problems.length} problem(s) in ${shownDir}/: nothing was built.`, 'Fix each mistake at the line named above and run the build again.');
  }
  for (const line of problems) logger.error(line);
  logger.info(`${ctx.archive.briefings.length} transcript(s) read in ${Math.round(performance.now() - started)} ms (${parsed} parsed, ${cached} unchanged)`);
  if (ctx.siteUrl && command === 'build') for (const [p, d] of await pageChanges(ctx.archive, ctx.base)) ctx.lastmod.set(p, d);
}

/** `@astrojs/sitemap` with each page's `lastmod`, when the site URL is known and the site has no sitemap of its own (that one is left as it is). */
function siteMap(ctx: Context, config: AstroConfig): AstroIntegration[] {
  if (!config.site || config.integrations.some((i) => i.name === '@astrojs/sitemap')) return [];
  return [sitemap({ serialize: (item) => ({ ...item, ...lastmodOf(item.url, ctx.lastmod) }) })];
}

/** Runs after every other integration: replaces the output directory with the finished build. */
function publishStep(ctx: Context, config: AstroConfig, logger: AstroIntegrationLogger): AstroIntegration {
  ctx.outDir = fileURLToPath(config.outDir).replace(/[\\/]$/u, '');
  for (const name of removeStaleStaging(ctx.outDir)) logger.info(`removed ${name}, left by an interrupted build`);
  ctx.staging = stagingDirFor(ctx.outDir);
  return {
    name: 'transcript-archive:publish',
    hooks: {
      'astro:build:done': ({ logger: publishLogger }) => {
        if (!ctx.staging) return;
        publish(ctx.staging, ctx.outDir);
        publishLogger.info(`published ${path.relative(process.cwd(), ctx.outDir) || ctx.outDir}`);
      },
    },
  };
}
