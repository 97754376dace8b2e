/**
 * Node side of the search: a file-system loader for the engine, so the CLI (and tests) run the same
 * engine over the same files the browser fetches. Kept apart from engine.ts so that the browser bundle
 * never sees `node:` imports.
 */
import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createSearch, type EngineOptions, type SearchEngine } from './engine.ts';
import type { Loader } from './loader.ts';

/**
 * Files read at once. `--limit 0` on a frequent term at archive scale asks for tens of thousands of
 * text chunks together; opening them all at once ran out of file descriptors (EMFILE) at 10,000
 * briefings.
 */
const MAX_OPEN = 64;

/**
 * Reads index files from `searchDir` (the `search/` directory of a built site), and the site's
 * published data beside it that the index points into (`../data/…`, a `?v=` version ignored); a range
 * is read alone.
 */
export function fileLoader(searchDir: string): Loader {
  let opened = 0;
  const waiting: Array<() => void> = [];
  const data = path.resolve(searchDir, '../data');
  return async (p, range) => {
    const abs = path.resolve(searchDir, p.replace(/\?.*$/u, ''));
    // Paths come from the manifest; refuse anything that would leave the index or the site's data.
    if (path.relative(searchDir, abs).startsWith('..') && path.relative(data, abs).startsWith('..')) throw new Error(`outside the index: ${p}`);
    if (opened >= MAX_OPEN) await new Promise<void>((resolve) => waiting.push(resolve));
    opened++;
    try {
      if (!range) return new Uint8Array(await readFile(abs));
      const file = await open(abs, 'r');
      try {
        const bytes = new Uint8Array(range.length);
        const { bytesRead } = await file.read(bytes, 0, range.length, range.offset);
        // Short of the range (a damaged or replaced pack): what there is, which the engine refuses as stale.
        return bytes.subarray(0, bytesRead);
      } finally {
        await file.close();
      }
    } finally {
      opened--;
      waiting.shift()?.();
    }
  };
}

/** The search engine over a built site in `distDir` (reads `<distDir>/search/`). */
export function openSearch(distDir: string, opts: EngineOptions = {}): SearchEngine {
  return createSearch(fileLoader(path.resolve(distDir, 'search')), opts);
}
