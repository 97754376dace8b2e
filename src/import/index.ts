/**
 * The importer: a published page (text or saved HTML) → one ImportedBriefing per press conference →
 * Markdown, with the accounting of where every line of the input went. The CLI (scripts/import.ts)
 * adds fetching, file names, validation and writing.
 */
import { decodeBytes, type Encoding } from './decode.ts';
import { ImportError } from './errors.ts';
import type { Overrides } from './header.ts';
import { decodeHtml, htmlToLines, looksLikeHtml } from './html.ts';
import { toLines } from './lines.ts';
import { renderMarkdown } from './markdown.ts';
import { readPage, type PageReading } from './page.ts';
import type { ImportedBriefing } from './types.ts';

export { ImportError, formatImportError, isImportError } from './errors.ts';
export { renderMarkdown } from './markdown.ts';
export { relativePath, slugFor } from './slug.ts';
export type { Overrides } from './header.ts';
export type { ImportedBriefing, ImportedSection, ImportedTopic, ImportedTurn } from './types.ts';

function checkNotEmpty(text: string): void {
  if (text.trim() === '') throw new ImportError(1, 'the file is empty', 'copy the published transcript text into it (UTF-8) and import it again');
}

/** Read the text of a page (line ends `\n`, no byte-order mark needed). */
export function readText(text: string, overrides: Overrides = {}): PageReading {
  checkNotEmpty(text);
  return readPage(toLines(text.replace(/^\ufeff/u, '').replace(/\r\n?/gu, '\n')), { overrides });
}

export function importText(text: string, overrides: Overrides = {}): ImportedBriefing[] {
  return readText(text, overrides).briefings;
}

export interface ImportResult extends PageReading {
  format: 'text' | 'html';
  encoding: Encoding;
  /** Where the encoding came from when the page declared it (`the HTTP header`, `<meta>`). */
  declaredBy?: string;
  /** A declaration the bytes contradict (`<meta> declared Shift_JIS, but its bytes are utf-8`). */
  mismatch?: string;
  /** Markdown of each briefing, same order. */
  markdown: string[];
}

export interface PageSource {
  /** HTML (saved or fetched page) rather than copied text; detected from the bytes when absent. */
  html?: boolean;
  /** The charset of the HTTP response the page came in. */
  httpCharset?: string;
}

export function importBytes(bytes: Uint8Array, overrides: Overrides = {}, source: PageSource = {}): ImportResult {
  if (source.html ?? looksLikeHtml(bytes)) {
    const decoded = decodeHtml(bytes, source.httpCharset);
    const page = htmlToLines(decoded.text);
    if (page.lines.every((l) => page.dropped.has(l.index))) {
      throw new ImportError(1, 'the page has no text outside its navigation, header and footer', 'save the page again once it has loaded fully (the transcript must be in the page), or copy its text into a .txt file');
    }
    const reading = readPage(page.lines, { overrides: { ...overrides, pageUrl: overrides.pageUrl ?? page.url }, dropped: page.dropped });
    return {
      ...reading,
      format: 'html',
      encoding: decoded.encoding,
      ...(decoded.declaredBy ? { declaredBy: decoded.declaredBy } : {}),
      ...(decoded.mismatch ? { mismatch: decoded.mismatch } : {}),
      markdown: reading.briefings.map(renderMarkdown),
    };
  }
  const { text, encoding } = decodeBytes(bytes);
  const reading = readText(text, overrides);
  return { ...reading, format: 'text', encoding, markdown: reading.briefings.map(renderMarkdown) };
}
