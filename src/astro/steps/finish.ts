/**
 * A build's own steps around Astro's. Before the pages (`astro:build:start`): the one pass over the
 * archive that writes the search index and the data exports, into a directory beside the staging one
 * (Astro empties its output directory before it renders). At the end (`astro:build:done`), into the
 * staging directory the pages were written to: the index and exports moved in beside the pages, the
 * transcripts' images, the search page's module preloads and the home page's export sizes, then the
 * checks — every statement counted in the model, on the pages, in the index and in the exports, each
 * read back from the files written (never the writers' own figures) — and the host's limits. A
 * difference in the counts, or a file that does not read back, refuses the build: nothing is published.
 *
 * Why before the pages: the pass runs kuromoji on two threads and spools postings, and Astro's render
 * holds what it holds until the build ends. One after the other, a build's peak memory is the larger of
 * the two, not their sum.
 */
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { appendFile, copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { AstroIntegrationLogger } from 'astro';
import type { AstroError } from 'astro/errors';
import type { BriefingSummary, TranscriptArchive } from '../../archive/archive.ts';
import type { DamageReport } from '../../fs/checked.ts';
import { exportFiles, type ExportLinks } from '../../export/records.ts';
import { exportsToRead, readBackExports } from '../../export/verify.ts';
import type { WrittenExport } from '../../export/years.ts';
import { countFiles, type ExportSummary, type RevisionsOf } from '../../export/write.ts';
import { speakersOf } from '../../speakers/registry.ts';
import { ROUTES, yearOf } from '../../model/routes.ts';
import { readBackIndex } from '../../search/index/verify.ts';
import type { WriteIndexSummary } from '../../search/index/writer.ts';
import type { SiteConfig } from '../options.ts';
import { indexAndExport } from './index-and-export.ts';
import { fillExportSizes } from './export-sizes.ts';
import { addModulePreloads } from './modulepreload.ts';
import { headerPolicy, headersFile, HEADER_VALUE_LIMIT } from '../csp.ts';
import { readBackPages, type PagesReadBack } from './verify.ts';

/** The largest file Cloudflare Pages' free plan takes (25 MiB); the data exports of ~1,000 briefings pass it. */
const HOST_FILE_BYTES = 25 * 2 ** 20;

/** Fewest files the search index is given, even when the pages and exports leave less under the budget. */
const MIN_INDEX_FILES = 1_500;

export interface FinishOptions {
  site: SiteConfig;
  links: ExportLinks;
  searchCacheDir: string;
  exportsCacheDir: string;
  onDamage: DamageReport;
  /** The output directory this build will replace: its index's packs may be linked instead of copied. */
  previousOut?: string | undefined;
  logger: AstroIntegrationLogger;
  /** How a refusal is raised (the integration's: lines printed, then an AstroError). */
  refuse: (lines: string[], message: string, hint: string) => AstroError;
}

/** Each briefing's corrections for its JSON, or null without git history (the build has said so). */
async function revisionsOfBriefing(archive: TranscriptArchive): Promise<RevisionsOf | undefined> {
  const history = await archive.revisions();
  return history.available ? (slug) => history.of(slug)?.revisions ?? null : undefined;
}

/** What the pass before the pages wrote, and where: moved in beside the pages at the end. */
export interface PassOutput {
  dir: string;
  index: WriteIndexSummary;
  exports: ExportSummary;
}

/**
 * Files of the site besides the index, estimated before its pages are written: what the file budget
 * leaves the index is the rest (the build counts the real files at the end and warns past the budget).
 */
function otherFiles(archive: TranscriptArchive, site: SiteConfig, links: ExportLinks, publicDir: string): number {
  const briefings = archive.briefings;
  const years = new Set(briefings.map((b) => yearOf(b.frontmatter.date)));
  const days = new Set(briefings.map((b) => b.frontmatter.date)).size;
  // Pages: each briefing, year and speaker (with its feed when there are feeds), the home, archive,
  // speakers, search, about and 404 pages; the feed, its stylesheet and the sitemap; Astro's assets; the
  // site's public/ folder.
  const speakers = speakersOf(archive).speakers.length;
  const pages = briefings.length + years.size + speakers * (links.site ? 2 : 1) + 6;
  const assets = 20 + (links.site ? 4 : 0) + (existsSync(publicDir) ? countFilesSync(publicDir) : 0);
  return pages + assets + exportFiles(years, { plain: site.plainExports }).length + (site.briefingJson ? days : 0);
}

function countFilesSync(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? countFilesSync(path.join(dir, e.name)) : 1), 0);
}

/** The search index and the data exports, into `dir`, before Astro renders the pages. */
export async function writeIndexAndExports(archive: TranscriptArchive, dir: string, opts: FinishOptions & { publicDir: string }): Promise<PassOutput> {
  const { site, links, logger } = opts;
  const { index, exports } = await indexAndExport(archive, dir, {
    index: {
      base: links.base,
      cacheDir: process.env['KAIKEN_CACHE_DIR'] ?? opts.searchCacheDir,
      fileBudget: Math.max(MIN_INDEX_FILES, site.fileBudget - otherFiles(archive, site, links, opts.publicDir)),
      reuse: opts.previousOut ? path.join(opts.previousOut, 'search') : undefined,
      onProgress: (message: string) => logger.info(message),
    },
    links,
    exports: { briefingJson: site.briefingJson, plain: site.plainExports, cacheDir: opts.exportsCacheDir, revisions: await revisionsOfBriefing(archive) },
    onDamage: opts.onDamage,
  });
  logIndex(index, logger);
  logger.info(
    `data exports: ${exports.statements} statements → ${exports.written.length} year files, ${(exports.bytes / 1024).toFixed(0)} KiB (JSON Lines + CSV; ${exports.years} year(s) compressed, the others from the cache)`,
  );
  return { dir, index, exports };
}

/** Move every file under `from` to the same place under `to` (directories merged), then remove `from`. */
function moveInto(from: string, to: string): void {
  for (const name of readdirSync(from)) {
    const source = path.join(from, name);
    const target = path.join(to, name);
    if (!existsSync(target)) renameSync(source, target);
    else if (statSync(source).isDirectory() && statSync(target).isDirectory()) moveInto(source, target);
    else throw new Error(`${path.relative(to, target)} is written both by the site's pages (or public/) and by the search index or the data exports`);
  }
  rmSync(from, { recursive: true, force: true });
}

export async function finishBuild(archive: TranscriptArchive, out: string, pass: PassOutput, opts: FinishOptions): Promise<void> {
  const { site, links, logger } = opts;
  const briefings = archive.briefings;
  moveInto(pass.dir, out);
  await publishMedia(briefings, out);
  // The search page's script is on the path to a shared link's first result (modulepreload.ts).
  addModulePreloads(path.join(out, ROUTES.search, 'index.html'), out, links.base);
  fillExportSizes(path.join(out, 'index.html'), pass.exports.written);
  const started = performance.now();
  const { lines, pages } = await readBack(out, briefings, site);
  logger.info(`the pages, the search index and the data exports read back from the output in ${Math.round(performance.now() - started)} ms`);
  if (lines.length > 0) {
    throw opts.refuse(lines, 'The site as written does not read back whole (statements lost or doubled between the transcripts, the pages, the index and the exports, or a file damaged): nothing was published.', 'This is a bug of the archive, not of the content: report it with the lines above.');
  }
  logger.info(`${pages.model} statements: all on their pages, in the index and in the exports, as read back from the files`);
  await writeHeaders(out, links.base, pages, logger);
  await warnOfHostLimits(out, site, pass.exports.written, new Set(briefings.map((b) => b.frontmatter.date)).size, logger);
}

/**
 * The written site read back: statements on the pages, in the index (every pack checked, the
 * statements counted from its blocks: src/search/index/verify.ts) and in every export file, unzipped
 * (src/export/verify.ts), against the model. What is wrong, one line each; none when all agree.
 */
async function readBack(out: string, briefings: BriefingSummary[], site: SiteConfig): Promise<{ lines: string[]; pages: PagesReadBack }> {
  const index = readBackIndex(path.join(out, 'search'));
  const exports = await readBackExports(out, exportsToRead(briefings, { briefingJson: site.briefingJson, plain: site.plainExports }));
  const pages = await readBackPages(out, briefings);
  const lines = pages.pageMismatches.map(([slug, model, page]) => `briefings/${slug}: ${model} statement(s) in the transcript, ${page} on its page`);
  lines.push(...index.problems, ...exports.problems);
  if (index.statements !== pages.model) lines.push(`the search index holds ${index.statements} statement(s), the transcripts ${pages.model}`);
  for (const [group, n] of exports.statements) if (n !== pages.model) lines.push(`the ${group} hold ${n} statement(s), the transcripts ${pages.model}`);
  return { lines, pages };
}

/**
 * `_headers` for the hosts that read one (Cloudflare Pages, Netlify): the pages' policy as a header,
 * and what a `<meta>` cannot say (csp.ts). A site's own `public/_headers` is kept, ours after it.
 */
async function writeHeaders(out: string, base: string, pages: PagesReadBack, logger: AstroIntegrationLogger): Promise<void> {
  if (pages.withoutPolicy.length > 0) {
    const some = pages.withoutPolicy.slice(0, 5).join(', ');
    logger.warn(`${pages.withoutPolicy.length} page(s) carry no Content-Security-Policy (${some}${pages.withoutPolicy.length > 5 ? ', …' : ''}): pages copied from public/ as they are get none`);
  }
  const policy = headerPolicy(pages.policies.keys());
  const fits = policy.length <= HEADER_VALUE_LIMIT;
  if (!fits) logger.warn(`_headers carries no Content-Security-Policy: it would be ${policy.length} characters, more than the ${HEADER_VALUE_LIMIT} Cloudflare Pages takes; each page's own <meta> policy still applies`);
  const file = path.join(out, '_headers');
  await appendFile(file, `${existsSync(file) ? '\n' : ''}${headersFile(base, fits ? policy : null)}`);
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

function logIndex(summary: WriteIndexSummary, logger: AstroIntegrationLogger): void {
  logger.info(
    `search index: ${summary.statements} statements of ${summary.briefings} briefings → ${summary.files} files, ` +
      `${(summary.bytes / 1024).toFixed(0)} KiB in ${Math.round(summary.ms)} ms, ${summary.segments} segment(s) ` +
      `(${summary.changed} briefings new or changed, ${summary.unchanged} unchanged; ${summary.analysed} tokenized, ${summary.cached} from cache; ` +
      `tokenization ${Math.round(summary.analysisMs)} ms, ${summary.analysedChars} chars; the cache's packs checked in ${summary.checkMs} ms)`,
  );
}

/** An export file past what Cloudflare Pages takes, and a site past the file budget, are said once each. */
async function warnOfHostLimits(out: string, site: SiteConfig, exports: WrittenExport[], days: number, logger: AstroIntegrationLogger): Promise<void> {
  for (const { file, bytes } of exports) {
    if (bytes > HOST_FILE_BYTES) {
      logger.warn(
        `${file.path} is ${(bytes / 2 ** 20).toFixed(0)} MiB, more than the ${HOST_FILE_BYTES / 2 ** 20} MiB a file that Cloudflare Pages takes: ` +
          `publish on a host without that limit${file.gz ? '' : ', or leave plainExports off (the compressed files are a quarter of the size)'} (docs/deploy.md)`,
      );
    }
  }
  const files = await countFiles(out);
  logger.info(`${files} files in the site`);
  if (files > site.fileBudget) {
    logger.warn(
      `the site holds ${files} files, more than ${site.fileBudget} (fileBudget), the limit of many static hosts` +
        (site.briefingJson ? ` — transcriptArchive({ briefingJson: false }) in astro.config.mjs leaves out the ${days} files of the briefings' JSON (one a day)` : ''),
    );
  }
}
