/**
 * The archive's build steps around Astro's own:
 * - before anything is written, read every transcript once and refuse content mistakes with
 *   `path:line: message` (Astro would otherwise print a stack trace, or render a wrong page);
 * - after the pages are written, write the search index from the same parsed transcripts, and
 *   remove the half-built output if that fails.
 */
import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration, AstroIntegrationLogger } from 'astro';
import { writeIndex } from './search/index/writer.ts';
import { loadBriefings, statementsOf, TranscriptErrors, type Briefing } from './transcript/read.ts';

export interface TranscriptArchiveOptions {
  /** Where the transcripts are, relative to the project root (default: $CONTENT_DIR or `content`). */
  contentDir?: string;
}

function refuse(logger: AstroIntegrationLogger, error: TranscriptErrors): never {
  for (const e of error.errors) logger.error(e.message);
  logger.error(`${error.errors.length} problem(s) in content/: nothing was built. Fix them and run the build again.`);
  // A content mistake is not a crash: exit without Astro's stack trace.
  process.exit(1);
}

export function transcriptArchive(options: TranscriptArchiveOptions = {}): AstroIntegration {
  let briefings: Briefing[] = [];
  let root = process.cwd();
  let base = '/';
  return {
    name: 'transcript-archive',
    hooks: {
      'astro:config:setup': async ({ config, command, logger }) => {
        root = fileURLToPath(config.root);
        base = config.base;
        if (command !== 'build') return;
        const started = performance.now();
        try {
          const contentDir = path.resolve(root, options.contentDir ?? process.env['CONTENT_DIR'] ?? 'content');
          briefings = await loadBriefings(contentDir, { displayRoot: root });
        } catch (error) {
          if (error instanceof TranscriptErrors) refuse(logger, error);
          throw new Error('Reading content/ failed', { cause: error });
        }
        logger.info(`${briefings.length} transcript(s) checked in ${Math.round(performance.now() - started)} ms`);
      },
      'astro:build:done': async ({ dir, logger }) => {
        const outDir = fileURLToPath(dir);
        try {
          await writeSearchIndex(briefings, outDir, base, logger);
        } catch (error) {
          await rm(outDir, { recursive: true, force: true });
          throw new Error(`Writing the search index failed; removed ${outDir} so that no half-built site is deployed`, {
            cause: error,
          });
        }
      },
    },
  };
}

async function writeSearchIndex(
  briefings: Briefing[],
  outDir: string,
  base: string,
  logger: AstroIntegrationLogger,
): Promise<void> {
  // The source text covers everything the index takes from a briefing; its slug comes from its path.
  const inputs = briefings.map((b) => ({
    slug: b.slug,
    hash: createHash('sha256').update(b.source).digest('base64url'),
    date: b.frontmatter.date,
    kind: b.frontmatter.kind,
    statements: () => statementsOf(b),
  }));
  const summary = await writeIndex(inputs, outDir, {
    base,
    ...(process.env['KAIKEN_CACHE_DIR'] ? { cacheDir: process.env['KAIKEN_CACHE_DIR'] } : {}),
    onProgress: (message: string) => logger.info(message),
  });
  logger.info(
    `search index: ${summary.statements} statements of ${summary.briefings} briefings → ${summary.files} files, ` +
      `${(summary.bytes / 1024).toFixed(0)} KiB in ${Math.round(summary.ms)} ms, ${summary.segments} segment(s) ` +
      `(${summary.changed} briefings new or changed, ${summary.unchanged} unchanged; ${summary.analysed} tokenized, ${summary.cached} from cache; ` +
      `tokenization ${Math.round(summary.analysisMs)} ms, ${summary.analysedChars} chars)`,
  );
}
