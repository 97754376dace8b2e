/**
 * How the engine reads index files: a `Loader` (fetch in the browser, the file system in Node — see
 * node.ts), memoised per engine session, with every failure turned into a SearchIndexError that says
 * what to do. Files other than the manifest are content-named and immutable, so a session keeps them.
 */
import { MANIFEST } from '../format.ts';

/** Reads a file of the index, by its path relative to the `search/` directory. */
export type Loader = (path: string) => Promise<Uint8Array | string>;

export class SearchIndexError extends Error {
  readonly code: 'missing' | 'stale';
  constructor(code: 'missing' | 'stale', message: string) {
    super(message);
    this.name = 'SearchIndexError';
    this.code = code;
  }
}

/** Memoise an async load by key; a failure is not remembered, so a later call tries again. */
export function memo<K, V>(map: Map<K, Promise<V>>, key: K, make: () => Promise<V>): Promise<V> {
  let p = map.get(key);
  if (!p) {
    p = make();
    map.set(key, p);
    p.catch(() => map.delete(key));
  }
  return p;
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

export interface Files {
  binary(p: string): Promise<Uint8Array>;
  json<T>(p: string): Promise<T>;
}

/** Files and bytes loaded so far (each file is loaded once per session). */
export interface LoadStats {
  files: number;
  bytes: number;
}

export function sessionFiles(load: Loader, stats: LoadStats): Files {
  const cache = new Map<string, Promise<Uint8Array>>();
  const binary = (p: string): Promise<Uint8Array> =>
    memo(cache, p, async () => {
      let data: Uint8Array | string;
      try {
        data = await load(p);
      } catch (error) {
        throw p === MANIFEST
          ? new SearchIndexError('missing', `The search index is missing (no search/${MANIFEST}). Run \`npm run build\` to create it.`)
          : new SearchIndexError(
              'stale',
              `The search index is incomplete or out of date (search/${p} could not be read: ${error instanceof Error ? error.message : String(error)}). Run \`npm run build\` again.`,
            );
      }
      const bytes = typeof data === 'string' ? encoder.encode(data) : data;
      stats.files++;
      stats.bytes += bytes.length;
      return bytes;
    });
  const json = async <T>(p: string): Promise<T> => {
    const data = await binary(p);
    try {
      return JSON.parse(decoder.decode(data)) as T;
    } catch {
      throw new SearchIndexError(p === MANIFEST ? 'missing' : 'stale', `search/${p} is damaged (not JSON). Run \`npm run build\` again.`);
    }
  };
  return { binary, json };
}

/**
 * A loader for the browser: `searchUrl` is where the index lives, e.g. `${import.meta.env.BASE_URL}search/`.
 * The manifest is revalidated on every page load; every other file is content-hashed and immutable.
 */
export function fetchLoader(searchUrl: string): Loader {
  const dir = searchUrl.endsWith('/') ? searchUrl : `${searchUrl}/`;
  const root = new URL(dir, (globalThis as { location?: { href: string } }).location?.href ?? 'http://localhost/');
  return async (p) => {
    const res = await fetch(new URL(p, root), p === MANIFEST ? { cache: 'no-cache' } : {});
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  };
}
