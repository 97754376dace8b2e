/**
 * The home page lists the statement exports with their sizes, but pages are rendered before the
 * build's last step writes the exports. So the page leaves each size empty, marked with the file it is
 * of (`<span class="size" data-export-size="data/statements-2025.jsonl.gz"></span>`), and this step fills
 * them in once the files are written — as modulepreload.ts adds links to the written search page. It
 * replaces what a mark holds, so running it twice gives the same page.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { WrittenExport } from '../../export/years.ts';

/** `7.3 MB`, `820 KB`: decimal units, as a download dialog shows them. */
export function formatBytes(bytes: number): string {
  return bytes >= 999_500 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1e3))} KB`;
}

const SIZE_MARK = /(<span class="size" data-export-size=")([^"]+)(">)[^<]*(<\/span>)/gu;

/** Fill every size mark of a written page; returns the marks filled (a mark of a file not written stays empty). */
export function fillExportSizes(htmlFile: string, written: WrittenExport[]): number {
  if (!existsSync(htmlFile)) return 0;
  const sizes = new Map(written.map((w) => [w.file.path, w.bytes]));
  let filled = 0;
  const html = readFileSync(htmlFile, 'utf8').replace(SIZE_MARK, (_, open: string, file: string, close: string, end: string) => {
    const bytes = sizes.get(file);
    if (bytes !== undefined) filled++;
    return `${open}${file}${close}${bytes === undefined ? '' : formatBytes(bytes)}${end}`;
  });
  writeFileSync(htmlFile, html);
  return filled;
}
