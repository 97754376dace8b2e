/**
 * An old version of a transcript, read with the project's own transcript parser — the one call to it
 * in this folder, so that it can be pointed at the parsed-once archive (or its content-hash cache)
 * when the build wires the corrections in. Only what a correction shows is kept: each statement (the
 * lead, then every turn) by id with its text, the frontmatter, and the file's words (to tell a change
 * of white space from any other).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { transcriptHash } from '../archive/cache.ts';
import { parseTranscriptBytes } from '../archive/parse.ts';
import { quietly, readJsonEntry, writeEntry, type DamageReport } from '../fs/checked.ts';
import type { TranscriptMarkdownOptions } from '../markdown/processor.ts';

export interface VersionStatement {
  /** `lead` or the turn id (`t1`, `t2`…) in that version. */
  id: string;
  speaker: string;
  /** Paragraphs joined by "\n", as the page and the exports have it. */
  text: string;
}

export interface VersionModel {
  statements: VersionStatement[];
  /** The validated frontmatter, as JSON (key order as parsed). */
  frontmatter: string;
  /** The file without its white space: equal for two versions that differ in white space only. */
  sourceWords: string;
}

/** A version's model, or null when that version does not parse (a correction fixed it, say). */
export function parseVersion(bytes: Uint8Array): Promise<VersionModel | null> {
  return parseVersionWith(bytes, {});
}

/**
 * A version parser for a build: each version's model kept in `dir` under the archive's own cache key
 * (`transcriptHash`: the bytes, the pipeline's version, the site's Markdown options), as a checked
 * entry, so that a build parses only the versions no earlier build has seen; a damaged entry is parsed
 * again and reported once.
 */
export function cachedVersionParser(dir: string, markdown: TranscriptMarkdownOptions = {}, onDamage: DamageReport = quietly): (bytes: Uint8Array) => Promise<VersionModel | null> {
  return async (bytes) => {
    const file = path.join(dir, `${transcriptHash(bytes, markdown)}.json`);
    const read = await readJsonEntry<{ model: VersionModel | null }>(file);
    if (read.ok) return read.value.model;
    const model = await parseVersionWith(bytes, markdown);
    await mkdir(dir, { recursive: true });
    await writeEntry(file, JSON.stringify({ model }));
    if (read.reason !== null) onDamage(file, read.reason, 'the version was parsed again');
    return model;
  };
}

async function parseVersionWith(bytes: Uint8Array, markdown: TranscriptMarkdownOptions): Promise<VersionModel | null> {
  const outcome = await parseTranscriptBytes(bytes, markdown);
  if (!outcome.ok) return null;
  const { body, frontmatter } = outcome.transcript;
  const statements: VersionStatement[] = body.lead.length > 0 ? [{ id: 'lead', speaker: '', text: body.lead.join('\n') }] : [];
  for (const section of body.sections) {
    for (const topic of section.topics) {
      for (const turn of topic.turns) statements.push({ id: turn.id, speaker: turn.speaker, text: turn.paragraphs.join('\n') });
    }
  }
  return { statements, frontmatter: JSON.stringify(frontmatter), sourceWords: new TextDecoder().decode(bytes).replace(/\s+/gu, '') };
}
