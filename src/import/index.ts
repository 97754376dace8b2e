/**
 * The importer: published transcript text → one ImportedBriefing per press conference → Markdown.
 * The CLI (scripts/import.ts) adds file names, validation and writing.
 */
import { decodeBytes, type Encoding } from './decode.ts';
import { detectLayout } from './detect.ts';
import { ImportError } from './errors.ts';
import { toLines } from './lines.ts';
import { renderMarkdown } from './markdown.ts';
import type { ImportedBriefing } from './types.ts';

export { ImportError, formatImportError, isImportError } from './errors.ts';
export { renderMarkdown } from './markdown.ts';
export { relativePath, slugFor } from './slug.ts';
export type { ImportedBriefing, ImportedSection, ImportedTopic, ImportedTurn } from './types.ts';

export function importText(text: string): ImportedBriefing[] {
  if (text.trim() === '') throw new ImportError(1, 'the file is empty', 'copy the published transcript text into it (UTF-8) and import it again');
  const lines = toLines(text.replace(/^\ufeff/u, '').replace(/\r\n?/gu, '\n'));
  const layout = detectLayout(lines);
  const briefings = layout.parse(lines);
  if (briefings.length === 0) {
    throw new ImportError(1, `no press conference found (read as the ${layout.name} layout)`, 'see docs/import.md for the layouts the importer reads');
  }
  return briefings;
}

export interface ImportResult {
  encoding: Encoding;
  briefings: ImportedBriefing[];
  /** Markdown of each briefing, same order. */
  markdown: string[];
}

export function importBytes(bytes: Uint8Array): ImportResult {
  const { text, encoding } = decodeBytes(bytes);
  const briefings = importText(text);
  return { encoding, briefings, markdown: briefings.map(renderMarkdown) };
}
