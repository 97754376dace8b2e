/**
 * The archive as an Astro integration — the one place that wires the transcript pipeline into Astro:
 * - `astro:config:setup`: registers the transcript Markdown plugins (astro.config.mjs lists none),
 *   reads every transcript once (parse.ts, cached by content), and refuses content mistakes with
 *   `path:line: message` before anything is built; in `astro dev` it reports them and goes on, and the
 *   affected page shows them;
 * - `astro:server:setup` (dev): serves the search index, rewritten incrementally when a transcript is
 *   saved (build/dev-search.ts);
 * - `astro:build:done`: publishes the transcripts' images, writes the search index from the same
 *   parsed transcripts, and counts every statement in the model, on the pages and in the index;
 * - a last step (after every other integration) replaces the output directory with the finished
 *   build, so that a failed or interrupted build never leaves a half-written site (build/publish.ts).
 */
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import sitemap from '@astrojs/sitemap';
import type { AstroIntegration, AstroIntegrationLogger } from 'astro';
import { discard, publish, removeStaleStaging, stagingDirFor } from './build/publish.ts';
import { serveDevSearch } from './build/dev-search.ts';
import { countStatements } from './build/verify.ts';
import { writeIndex } from './search/index/writer.ts';
import { registerArchive, TranscriptArchive, type BriefingSummary } from './transcript/archive.ts';
import { formatProblem } from './transcript/problems.ts';
import { transcriptMarkdownProcessor } from './transcript/processor.ts';

export interface TranscriptArchiveOptions {
  /** Where the transcripts are, relative to the project root (default: $CONTENT_DIR or `content`). */
  contentDir?: string;
}

/** Stop the build without Astro's stack trace: a content mistake is the author's to fix, not a crash. */
function refuse(logger: AstroIntegrationLogger, lines: string[], summary: string, staging?: string): never {
  for (const line of lines) logger.error(line);
  logger.error(summary);
  if (staging) discard(staging);
  process.exit(1);
}

function problemLines(archive: TranscriptArchive): string[] {
  return archive.problems.flatMap((f) => f.problems.map((p) => formatProblem(f.path, p)));
}

export function transcriptArchive(options: TranscriptArchiveOptions = {}): AstroIntegration {
  let archive: TranscriptArchive;
  let base = '/';
  let outDir = '';
  let staging: string | undefined;
  /** The search index's state and kuromoji's analyses, beside the parsed transcripts in Astro's cache. */
  let searchCacheDir = '';

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
      'astro:config:setup': async ({ config, command, updateConfig, logger }) => {
        const root = fileURLToPath(config.root);
        base = config.base;
        const contentDir = path.resolve(root, options.contentDir ?? process.env['CONTENT_DIR'] ?? 'content');
        const cacheDir = path.join(fileURLToPath(config.cacheDir), 'kaiken');
        searchCacheDir = path.join(cacheDir, 'search');
        archive = new TranscriptArchive({
          contentDir,
          root,
          cacheDir,
          onProgress: (m) => logger.info(m),
        });
        registerArchive(archive);

        const integrations: AstroIntegration[] = config.site ? [sitemap()] : [];
        if (command === 'build') {
          outDir = fileURLToPath(config.outDir).replace(/[\\/]$/u, '');
          for (const name of removeStaleStaging(outDir)) logger.info(`removed ${name}, left by an interrupted build`);
          staging = stagingDirFor(outDir);
          integrations.push(publishStep);
        }
        updateConfig({
          markdown: { processor: transcriptMarkdownProcessor() },
          integrations,
          ...(staging ? { outDir: pathToFileURL(`${staging}/`) } : {}),
        });

        const started = performance.now();
        const { parsed, cached } = await archive.scan();
        const problems = problemLines(archive);
        if (problems.length > 0 && command === 'build') {
          refuse(logger, problems, `${problems.length} problem(s) in ${path.relative(root, contentDir) || '.'}/: nothing was built. Fix them and run the build again.`);
        }
        for (const line of problems) logger.error(line);
        logger.info(`${archive.briefings.length} transcript(s) read in ${Math.round(performance.now() - started)} ms (${parsed} parsed, ${cached} unchanged)`);
      },
      'astro:server:setup': ({ server, logger }) => {
        serveDevSearch(server, archive, { base, searchCacheDir, devDir: path.join(path.dirname(searchCacheDir), 'dev'), inputs: () => indexInputs(archive), logger });
      },
      'astro:build:done': async ({ dir, logger }) => {
        const out = fileURLToPath(dir);
        const briefings = archive.briefings;
        try {
          await publishMedia(briefings, out);
          const indexed = await writeSearchIndex(archive, out, base, searchCacheDir, logger);
          const count = await countStatements(out, briefings, indexed);
          const lines = count.pageMismatches.map(([slug, model, page]) => `briefings/${slug}: ${model} statement(s) in the transcript, ${page} on its page`);
          if (count.index !== count.model) lines.push(`the search index holds ${count.index} statement(s), the transcripts ${count.model}`);
          if (lines.length > 0) refuse(logger, lines, 'statements were lost or doubled between the transcripts, the pages and the index: nothing was published', staging);
          logger.info(`${count.model} statements: all on their pages and in the index`);
        } catch (error) {
          if (staging) discard(staging);
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
      const pageDir = path.join(out, 'briefings', ...b.slug.split('/'));
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

async function writeSearchIndex(archive: TranscriptArchive, outDir: string, base: string, cacheDir: string, logger: AstroIntegrationLogger): Promise<number> {
  const summary = await writeIndex(indexInputs(archive), outDir, {
    base,
    cacheDir: process.env['KAIKEN_CACHE_DIR'] ?? cacheDir,
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
