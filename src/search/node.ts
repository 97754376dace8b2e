/**
 * Node side of the search: a file-system loader for the engine, so the CLI (and tests) run the same
 * engine over the same files the browser fetches. Kept apart from engine.ts so that the browser bundle
 * never sees `node:` imports.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createSearch, type Loader, type SearchEngine } from './engine.ts';

/** Reads index files from `searchDir` (the `search/` directory of a built site). */
export function fileLoader(searchDir: string): Loader {
  return async (p) => {
    const abs = path.resolve(searchDir, p);
    // Paths come from the manifest; refuse anything that would leave the index directory.
    if (path.relative(searchDir, abs).startsWith('..')) throw new Error(`outside the index: ${p}`);
    return new Uint8Array(await readFile(abs));
  };
}

/** The search engine over a built site in `distDir` (reads `<distDir>/search/`). */
export function openSearch(distDir: string): SearchEngine {
  return createSearch(fileLoader(path.resolve(distDir, 'search')));
}
