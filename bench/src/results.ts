/**
 * What `npm run bench` records (bench/results.json): per size, the built site's files, the builds,
 * both engines' figures and the phone profile. A figure that could not be measured is null, and the
 * reason is in `not_measured` (or the engine's `error`); nothing is filled in.
 */
import { cpus, totalmem } from 'node:os';
import type { BuildFigures } from './builds.ts';
import type { Scores } from './engine-queries.ts';
import type { PhoneFigures } from './phone-profile.ts';
import type { QueryClass } from './queries.ts';
import type { FileCount, SiteInventory } from './site-files.ts';

export interface EngineFigures {
  /** Ours: cold build of the whole site; Pagefind: its indexing alone, after our build. */
  build_s?: number | null;
  /** One briefing changed (s), and as a fraction of the cold build. */
  incremental_s?: number | null;
  incremental_fraction?: number | null;
  /** One briefing added (s), and as a fraction of the cold build. */
  incremental_added_s?: number | null;
  incremental_added_fraction?: number | null;
  /** Largest peak of the process tree over the builds (ours: cold, changed, added), MB. */
  peak_rss_mb?: number | null;
  tokenize_chars_per_s?: number | null;
  kuromoji_chars_per_s?: number | null;
  index_files: number | null;
  index_bytes: number | null;
  /** Cold first query, top 10 shown, unthrottled: medians over the query list. */
  first_query_bytes: number | null;
  first_query_requests: number | null;
  first_query_ms: number | null;
  /** Warm latency, top 10 shown. */
  query_ms_p50: number | null;
  query_ms_p95: number | null;
  /** Recall and precision per query class, briefing level (the level both engines have). */
  quality: Scores;
  precision: Scores;
  /** Ours: recall and precision at statement level. */
  statement_recall?: Scores;
  statement_precision?: Scores;
  /** Why this engine has no figures for the size. */
  error?: string;
}

export interface QueryRow {
  cls: QueryClass;
  query: string;
  truth: number;
  ours: number | null;
  pagefind: number | null;
}

export interface BenchRun {
  size: number;
  /** Characters of the corpus the queries run over (size + 1 briefings: the added one included). */
  chars: number;
  /** Set when this size could not be measured to the end (e.g. a build failed). */
  error?: string;
  /** The built site (ours, before Pagefind's files are added to serve it). */
  site?: SiteInventory;
  builds?: { cold: BuildFigures; changed: BuildFigures; added: BuildFigures };
  ours: EngineFigures;
  pagefind: EngineFigures;
  phone?: PhoneFigures;
  /** Peak memory of the benchmark's own process so far (MB): it must stay small, whatever the size. */
  harness_peak_rss_mb: number;
  /** Stages that were not measured, and why. */
  not_measured: Record<string, string>;
  queries: QueryRow[];
}

export interface Machine {
  cpus: number;
  cpu_model: string;
  memory_gb: number;
  node: string;
  platform: string;
}

export interface BenchResult {
  machine: Machine;
  /** The command that produced the result, as typed. */
  command?: string;
  runs: BenchRun[];
}

export function machine(): Machine {
  return {
    cpus: cpus().length,
    cpu_model: cpus()[0]?.model ?? 'unknown',
    memory_gb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

export function emptyFigures(error?: string): EngineFigures {
  return {
    index_files: null,
    index_bytes: null,
    first_query_bytes: null,
    first_query_requests: null,
    first_query_ms: null,
    query_ms_p50: null,
    query_ms_p95: null,
    quality: {},
    precision: {},
    ...(error ? { error } : {}),
  };
}

export const indexCount = (c: FileCount | undefined) => ({ index_files: c?.files ?? null, index_bytes: c?.bytes ?? null });
