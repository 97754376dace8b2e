/**
 * Reading transcripts outside a site build — the benchmark's truth sets, the importer's round trips,
 * tests — through the same parse as the build (parse.ts), with mistakes thrown as `TranscriptErrors`.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TranscriptArchive } from './archive.ts';
import type { Statement } from '../model/model.ts';
import { parseTranscriptText, statementsOf as statementsOfTranscript, type ParsedTranscript } from './parse.ts';
import { TranscriptErrors } from '../model/problems.ts';

export { TranscriptErrors, formatProblem, type Problem } from '../model/problems.ts';

export interface Briefing extends ParsedTranscript {
  slug: string;
  /** The file as given (shown in messages). */
  path: string;
  /** The file's text. */
  source: string;
}

/** Parse one transcript's text; throws TranscriptErrors with every mistake in it. */
export async function parseTranscript(file: string, source: string, slug: string): Promise<Briefing> {
  const outcome = await parseTranscriptText(source.replace(/^\ufeff/u, ''));
  if (!outcome.ok) throw new TranscriptErrors(file, outcome.problems);
  return { ...outcome.transcript, slug, path: file, source };
}

export function statementsOf(b: Briefing): Statement[] {
  return statementsOfTranscript(b.slug, b);
}

const DEFAULT_CACHE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../node_modules/.cache/kaiken');

/** Every transcript under `contentDir`, in slug order; throws ArchiveErrors listing every mistake. */
export async function loadBriefings(contentDir: string, opts: { root?: string; cacheDir?: string } = {}): Promise<Briefing[]> {
  const archive = new TranscriptArchive({ contentDir, root: opts.root ?? process.cwd(), cacheDir: opts.cacheDir ?? DEFAULT_CACHE });
  await archive.scan();
  archive.assertClean();
  return Promise.all(
    archive.briefings.map(async (b) => ({ ...(await archive.transcript(b.slug)), slug: b.slug, path: b.path, source: await readFile(b.file, 'utf8') })),
  );
}
