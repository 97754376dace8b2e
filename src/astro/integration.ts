/**
 * The archive as an Astro integration — the one place that wires the transcript pipeline into Astro:
 * - `astro:config:setup`: adds the transcript Markdown plugins to the site's processor (markdown.ts;
 *   astro.config.mjs lists none),
 *   reads every transcript once (parse.ts, cached by content), and refuses content mistakes with
 *   `path:line: message` before anything is built; in `astro dev` it reports them and goes on, and the
 *   affected page shows them;
 * - `astro:config:setup` also takes the site's settings (config.ts: title, publisher, feed…) and adds
 *   the RSS feed and `@astrojs/sitemap` (with each page's `lastmod`) when the site URL is known;
 * - `astro:server:setup` (dev): serves the search index, rewritten incrementally when a transcript is
 *   saved (build/dev-search.ts), and the data exports (export/dev-server.ts);
 * - `astro:build:done`: publishes the transcripts' images, writes the search index and the data
 *   exports from the same parsed transcripts, counts every statement in the model, on the pages, in the
 *   index and in the exports, and warns when the site holds more files than a static host may take;
 * - a last step (after every other integration) replaces the output directory with the finished
 *   build, so that a failed or interrupted build never leaves a half-written site (build/publish.ts).
 */
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import sitemap from '@astrojs/sitemap';
import type { AstroIntegration, AstroIntegrationLogger } from 'astro';
import { AstroError } from 'astro/errors';
import { authorError } from './errors.ts';
import { addTranscriptPlugins, transcriptMarkdownOptions } from './markdown.ts';
import { addModulePreloads } from './steps/modulepreload.ts';
import { discard, publish, removeStaleStaging, stagingDirFor } from './steps/publish.ts';
import { serveDevSearch } from './steps/dev-search.ts';
import { lastmodOf, pageChanges } from './steps/lastmod.ts';
import { countStatements } from './steps/verify.ts';
import { parseSiteOptions, type SiteConfig, type TranscriptArchiveOptions } from './options.ts';
import { vitePluginTranscriptArchive } from './virtual.ts';
import { exportsMiddleware } from '../export/dev-server.ts';
import { ARCHIVE_FILES } from '../export/records.ts';
import { countFiles, writeExports } from '../export/write.ts';
import { writeIndex } from '../search/index/writer.ts';
import { TranscriptArchive, type BriefingSummary } from '../archive/archive.ts';
import { formatProblem } from '../model/problems.ts';
import { normalizeBase, ROUTES } from '../model/routes.ts';

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

function problemLines(archive: TranscriptArchive): string[] {
  return archive.problems.flatMap((f) => f.problems.map((p) => formatProblem(f.path, p)));
}

export function transcriptArchive(options: TranscriptArchiveOptions): AstroIntegration {
  const site: SiteConfig = parseSiteOptions(options);
  /** This integration's key for its archive in instance.cjs (virtual.ts). */
  const id = randomUUID();
  let archive: TranscriptArchive;
  let base = '/';
  let siteUrl: URL | null = null;
  let outDir = '';
  let staging: string | undefined;
  /** Sitemap `lastmod` by page path (`/kaiken/briefings/…/`), filled once the archive is read. */
  const lastmod = new Map<string, Date>();
  /** The search index's state and kuromoji's analyses, beside the parsed transcripts in Astro's cache. */
  let searchCacheDir = '';
  /** Each briefing's part of the data exports, by content hash. */
  let exportsCacheDir = '';

  const publishStep: AstroIntegration = {
    name: 'transcript-archive:publish',
    hooks: {
      'astro:build:done': ({ logger }) => {
        if (!staging) return;
        publish(staging, outDir);
        logger.info(`published ${path.relative(process.cwd(), outDir) || outDir}`);
      },
    },
  };

  return {
    name: 'transcript-archive',
    hooks: {
      'astro:config:setup': async ({ config, command, updateConfig, injectRoute, logger }) => {
        const root = fileURLToPath(config.root);
        base = normalizeBase(config.base);
        siteUrl = config.site ? new URL(base, config.site) : null;
        const contentDir = path.resolve(root, site.contentDir ?? process.env['CONTENT_DIR'] ?? 'content');
        const cacheDir = path.join(fileURLToPath(config.cacheDir), 'kaiken');
        searchCacheDir = path.join(cacheDir, 'search');
        exportsCacheDir = path.join(cacheDir, 'exports');
        archive = new TranscriptArchive({
          contentDir,
          root,
          cacheDir,
          markdown: transcriptMarkdownOptions(config),
          onProgress: (m) => logger.info(m),
        });
        addTranscriptPlugins(config.markdown.processor, contentDir, logger);
        instances.setArchive(id, archive);

        if (siteUrl) {
          injectRoute({ pattern: `/${ROUTES.feed}`, entrypoint: new URL('./endpoints/feed.xml.ts', import.meta.url), prerender: true });
        } else if (command === 'build') {
          logger.warn('no RSS feed and no sitemap: they need absolute URLs, so set the site URL (SITE_URL=https://… or `site` in astro.config.mjs)');
        }
        const integrations: AstroIntegration[] = [];
        // A sitemap the site configured itself is left as it is (without the transcripts' lastmod).
        if (config.site && !config.integrations.some((i) => i.name === '@astrojs/sitemap')) {
          integrations.push(sitemap({ serialize: (item) => ({ ...item, ...lastmodOf(item.url, lastmod) }) }));
        }
        if (command === 'build') {
          outDir = fileURLToPath(config.outDir).replace(/[\\/]$/u, '');
          for (const name of removeStaleStaging(outDir)) logger.info(`removed ${name}, left by an interrupted build`);
          staging = stagingDirFor(outDir);
          integrations.push(publishStep);
        }
        updateConfig({
          integrations,
          vite: { plugins: [vitePluginTranscriptArchive({ id, config: site, siteUrl })] },
          ...(staging ? { outDir: pathToFileURL(`${staging}/`) } : {}),
        });

        const started = performance.now();
        const { parsed, cached } = await archive.scan();
        const problems = problemLines(archive);
        if (problems.length > 0 && command === 'build') {
          throw refusal(logger, problems, `${problems.length} problem(s) in ${path.relative(root, contentDir) || '.'}/: nothing was built.`, 'Fix each mistake at the line named above and run the build again.');
        }
        for (const line of problems) logger.error(line);
        logger.info(`${archive.briefings.length} transcript(s) read in ${Math.round(performance.now() - started)} ms (${parsed} parsed, ${cached} unchanged)`);
        if (siteUrl && command === 'build') for (const [p, d] of await pageChanges(archive, base)) lastmod.set(p, d);
      },
      'astro:server:setup': ({ server, logger }) => {
        serveDevSearch(server, archive, { base, searchCacheDir, devDir: path.join(path.dirname(searchCacheDir), 'dev'), inputs: () => indexInputs(archive), logger });
        server.middlewares.use(exportsMiddleware(() => archive, { base, site: siteUrl }, { briefingJson: site.briefingJson }));
      },
      'astro:build:done': async ({ dir, logger }) => {
        const out = fileURLToPath(dir);
        const briefings = archive.briefings;
        try {
          await publishMedia(briefings, out);
          // The search page's script is on the path to a shared link's first result (build/modulepreload.ts).
          addModulePreloads(path.join(out, 'search', 'index.html'), out, base);
          // The index gets what the host's file limit leaves after the pages, the exports and the sitemap.
          const otherFiles = (await countFiles(out)) + 2 + (site.briefingJson ? briefings.length : 0) + (siteUrl ? 2 : 0);
          const indexBudget = Math.max(MIN_INDEX_FILES, site.fileBudget - otherFiles);
          const indexed = await writeSearchIndex(archive, out, { base, cacheDir: searchCacheDir, fileBudget: indexBudget }, logger);
          const exported = await writeExports(archive, out, { base, site: siteUrl }, { briefingJson: site.briefingJson, cacheDir: exportsCacheDir });
          logger.info(`data exports: ${exported.statements} statements → ${exported.files} files, ${(exported.bytes / 1024).toFixed(0)} KiB (JSON Lines + CSV)`);
          const count = await countStatements(out, briefings, indexed);
          const lines = count.pageMismatches.map(([slug, model, page]) => `briefings/${slug}: ${model} statement(s) in the transcript, ${page} on its page`);
          if (count.index !== count.model) lines.push(`the search index holds ${count.index} statement(s), the transcripts ${count.model}`);
          if (exported.statements !== count.model) lines.push(`the data exports hold ${exported.statements} statement(s), the transcripts ${count.model}`);
          if (lines.length > 0) {
            throw refusal(logger, lines, 'Statements were lost or doubled between the transcripts, the pages, the index and the exports: nothing was published.', 'This is a bug of the archive, not of the content: report it with the lines above.');
          }
          logger.info(`${count.model} statements: all on their pages, in the index and in the exports`);
          for (const file of Object.values(ARCHIVE_FILES)) {
            const size = statSync(path.join(out, file)).size;
            if (size > HOST_FILE_BYTES) {
              logger.warn(
                `${file} is ${(size / 2 ** 20).toFixed(0)} MiB, more than the ${HOST_FILE_BYTES / 2 ** 20} MiB a file that Cloudflare Pages takes: ` +
                  'publish on a host without that limit, or serve the data exports from other storage (docs/deploy.md)',
              );
            }
          }
          const files = await countFiles(out);
          logger.info(`${files} files in the site`);
          if (files > site.fileBudget) {
            logger.warn(
              `the site holds ${files} files, more than ${site.fileBudget} (fileBudget), the limit of many static hosts` +
                (site.briefingJson ? ` — transcriptArchive({ briefingJson: false }) in astro.config.mjs leaves out the ${archive.briefings.length} per-briefing JSON files` : ''),
            );
          }
        } catch (error) {
          if (staging) discard(staging);
          if (AstroError.is(error)) throw error;
          throw new Error('Finishing the build failed; the previous output was left as it was', { cause: error });
        }
      },
    },
  };
}

/** Images next to a transcript go next to its page, where their relative URLs point. */
async function publishMedia(briefings: BriefingSummary[], out: string): Promise<void> {
  for (const b of briefings) {
    for (const [url, source] of b.media) {
      const pageDir = path.join(out, ...ROUTES.briefing(b.slug).split('/'));
      const target = path.resolve(pageDir, decodeURI(url.split(/[?#]/u)[0]!));
      if (path.relative(out, target).startsWith('..')) continue;
      await mkdir(path.dirname(target), { recursive: true });
      await copyFile(source, target);
    }
  }
}

/** The index's inputs: a briefing's statements are read from the parsed transcript only if its content hash is new to the index. */
function indexInputs(archive: TranscriptArchive) {
  return archive.briefings.map((b) => ({
    slug: b.slug,
    hash: b.hash,
    date: b.frontmatter.date,
    kind: b.frontmatter.kind,
    statements: () => archive.statements(b.slug),
  }));
}

/** The largest file Cloudflare Pages' free plan takes (25 MiB); the data exports of ~1,000 briefings pass it. */
const HOST_FILE_BYTES = 25 * 2 ** 20;

/** Fewest files the search index is given, even when the pages and exports leave less under the budget. */
const MIN_INDEX_FILES = 1_500;

async function writeSearchIndex(
  archive: TranscriptArchive,
  outDir: string,
  opts: { base: string; cacheDir: string; fileBudget: number },
  logger: AstroIntegrationLogger,
): Promise<number> {
  const summary = await writeIndex(indexInputs(archive), outDir, {
    base: opts.base,
    cacheDir: process.env['KAIKEN_CACHE_DIR'] ?? opts.cacheDir,
    fileBudget: opts.fileBudget,
    onProgress: (message: string) => logger.info(message),
  });
  logger.info(
    `search index: ${summary.statements} statements of ${summary.briefings} briefings → ${summary.files} files, ` +
      `${(summary.bytes / 1024).toFixed(0)} KiB in ${Math.round(summary.ms)} ms, ${summary.segments} segment(s) ` +
      `(${summary.changed} briefings new or changed, ${summary.unchanged} unchanged; ${summary.analysed} tokenized, ${summary.cached} from cache; ` +
      `tokenization ${Math.round(summary.analysisMs)} ms, ${summary.analysedChars} chars)`,
  );
  return summary.statements;
}

