/**
 * The site builds of one size, in its scratch directory: cold, then one briefing changed, then one
 * briefing added — each timed with the peak memory of its whole process tree (process.ts); and
 * kuromoji's own speed on the same text, the reference for the build's tokenization.
 *
 * The corpus has one briefing more than the size: the newest is held back from the cold build and is
 * the one added (publishing today's briefing into the archive), so the cold build and the "changed"
 * build are of exactly `size` briefings and the "added" build of size + 1.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import { normalizeForAnalysis } from '../../src/japanese/normalize.ts';
import { getTokenizer, splitPieces } from '../../src/japanese/tokenize.ts';
import { listTranscripts } from '../../src/archive/archive.ts';
import { generateCorpus } from './corpus.ts';
import { BIN, measured, ROOT, type Measured } from './process.ts';

export interface BuildFigures {
  s: number;
  /** This build's time as a fraction of the cold build's (incremental builds). */
  fraction_of_cold?: number;
  peak_rss_mb: number;
  /** The Astro process's own peak; the rest of the tree (esbuild…) is in peak_rss_mb. */
  root_rss_mb: number | null;
  briefings: number;
  /** From the build's log: the content check, the index write, and what the index tokenized. */
  content_check_ms: number | null;
  index_write_ms: number | null;
  tokenization_ms: number | null;
  tokenized_chars: number | null;
}

export interface SizeBuilds {
  /** Characters of the whole corpus (size + 1 briefings, what the queries run over). */
  chars: number;
  cold: BuildFigures;
  changed: BuildFigures;
  added: BuildFigures;
  /** Tokenization of the cold build, all worker threads, chars/s. */
  tokenize_chars_per_s: number | null;
}

export interface ScratchLayout {
  content: string;
  dist: string;
  /** Astro's cache; the parsed transcripts are under `kaiken/` in it. */
  astroCache: string;
  env: Record<string, string>;
}

export function scratchLayout(scratch: string): ScratchLayout {
  const content = path.join(scratch, 'content');
  const dist = path.join(scratch, 'dist');
  const astroCache = path.join(scratch, 'astro-cache');
  return {
    content,
    dist,
    astroCache,
    env: { CONTENT_DIR: content, OUT_DIR: dist, KAIKEN_CACHE_DIR: path.join(scratch, 'token-cache'), ASTRO_CACHE_DIR: astroCache, BASE_PATH: '/' },
  };
}

const KEEP = /tokenized|search index|transcript\(s\)|files in the site|error/iu;

function logged(lines: string[], re: RegExp, group = 1): number | null {
  const m = lines.map((l) => re.exec(l)).find((x) => x !== null);
  return m ? Number(m[group]) : null;
}

function buildFigures(run: Measured, briefings: number, cold?: Measured): BuildFigures {
  return {
    s: Number(run.s.toFixed(1)),
    ...(cold ? { fraction_of_cold: Number((run.s / cold.s).toFixed(3)) } : {}),
    peak_rss_mb: Math.round(run.peakRssMb),
    root_rss_mb: run.rootRssMb === null ? null : Math.round(run.rootRssMb),
    briefings,
    content_check_ms: logged(run.kept, /transcript\(s\) read in (\d+) ms/u),
    index_write_ms: logged(run.kept, /search index: .*? in (\d+) ms, \d+ segment/u),
    tokenization_ms: logged(run.kept, /tokenization (\d+) ms/u),
    tokenized_chars: logged(run.kept, /tokenization \d+ ms, (\d+) chars/u),
  };
}

/** Raw kuromoji on the statements' text (up to `budgetChars`), this thread, the pieces the index tokenizes. */
export async function rawKuromojiCharsPerSecond(texts: Iterable<string>, budgetChars: number): Promise<number> {
  const tokenizer = await getTokenizer();
  // Warm the tokenizer the way a long build is warm.
  tokenizer.tokenize('日韓の防衛相会談につきまして報告させていただきます。');
  let chars = 0;
  const t0 = performance.now();
  for (const text of texts) {
    const norm = normalizeForAnalysis(text).text;
    for (const [s, e] of splitPieces(norm)) tokenizer.tokenize(norm.slice(s, e));
    chars += norm.length;
    if (chars >= budgetChars) break;
  }
  return chars / ((performance.now() - t0) / 1000);
}

/**
 * Wait until the previous output a build replaced is gone: the build leaves its removal to a detached
 * process (src/astro/steps/publish.ts), which would otherwise delete thousands of files under the next
 * build's clock. Anything named `dist.*` beside `dist/` is such a leftover.
 */
async function previousOutputRemoved(scratch: string, log: (line: string) => void): Promise<void> {
  const started = performance.now();
  const leftovers = () => readdirSync(scratch).filter((name) => name.startsWith('dist.'));
  while (leftovers().length > 0 && performance.now() - started < 600_000) await sleep(200);
  if (leftovers().length > 0) log(`  ${leftovers().join(', ')} still there after 10 minutes; going on`);
}

export interface BuildOptions {
  size: number;
  seed: number;
  scratch: string;
  log: (line: string) => void;
  memoryLimitMb?: number;
}

export async function measureBuilds(opts: BuildOptions): Promise<SizeBuilds> {
  const { content, env } = scratchLayout(opts.scratch);
  const corpus = await generateCorpus({ count: opts.size + 1, seed: opts.seed, out: content });
  opts.log(`  corpus: ${corpus.files} files, ${corpus.characters} chars`);
  const files = (await listTranscripts(content)).sort();
  const newest = files.at(-1)!;
  const heldBack = path.join(opts.scratch, 'held-back', newest);
  mkdirSync(path.dirname(heldBack), { recursive: true });
  renameSync(path.join(content, newest), heldBack);

  const astro = [path.join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build', '--root', ROOT];
  const build = async () => {
    const run = await measured(path.join(BIN, 'node'), astro, { env, log: opts.log, keep: KEEP, ...(opts.memoryLimitMb ? { memoryLimitMb: opts.memoryLimitMb } : {}) });
    await previousOutputRemoved(opts.scratch, opts.log);
    return run;
  };

  opts.log(`  cold build (${opts.size} briefings)…`);
  const cold = await build();

  // One briefing changes: a sentence added to its last statement (the oldest briefing, so that it is not the one added next).
  const edited = path.join(content, files[0]!);
  writeFileSync(edited, `${readFileSync(edited, 'utf8').trimEnd()}追記の一文です。\n`);
  opts.log('  incremental build, one briefing changed…');
  const changed = await build();

  renameSync(heldBack, path.join(content, newest));
  opts.log(`  incremental build, one briefing added (${newest})…`);
  const added = await build();

  const coldFigures = buildFigures(cold, opts.size);
  const tokenizeCps = coldFigures.tokenization_ms && coldFigures.tokenized_chars ? coldFigures.tokenized_chars / (coldFigures.tokenization_ms / 1000) : null;
  const result: SizeBuilds = {
    chars: corpus.characters,
    cold: coldFigures,
    changed: buildFigures(changed, opts.size, cold),
    added: buildFigures(added, opts.size + 1, cold),
    tokenize_chars_per_s: tokenizeCps === null ? null : Math.round(tokenizeCps),
  };
  opts.log(
    `  builds: cold ${result.cold.s} s (${result.cold.peak_rss_mb} MB), changed ${result.changed.s} s (${result.changed.fraction_of_cold} of cold, ${result.changed.peak_rss_mb} MB), ` +
      `added ${result.added.s} s (${result.added.fraction_of_cold} of cold, ${result.added.peak_rss_mb} MB)`,
  );
  return result;
}
