/**
 * How the engine reads index files: a `Loader` (fetch in the browser, the file system in Node — see
 * node.ts), memoised per engine session, with every failure turned into a SearchIndexError that says
 * what to do. Files other than the manifest are content-named and immutable, so a session keeps them.
 *
 * Blocks are byte ranges of packs. A host that honours `Range` sends just the block (206); one that
 * does not (or a proxy that drops the header) sends the whole pack (200), which the session keeps and
 * serves every later block of that pack from: right answers everywhere, more bytes only there.
 */
import { CodecError, packSlice } from '../codec.ts';
import { MANIFEST } from '../format.ts';

/** A byte range of a file. */
export interface ByteRange {
  offset: number;
  length: number;
}

/**
 * Reads a file of the index, by its path relative to the `search/` directory — or a file the site
 * publishes beside it that the index points into (`../data/briefings/…`: the statements' text), whose
 * path may end in a `?v=` version that a loader reading files ignores. Given a range, it returns exactly
 * those bytes or, where the host ignores ranges, the whole file: the caller tells them apart by length.
 * A loader that ignores `range` altogether is correct too, only costlier.
 */
export type Loader = (path: string, range?: ByteRange) => Promise<Uint8Array | string>;

/**
 * What is wrong with the index: `missing` (no manifest), `stale` (written by another version, or a file
 * the manifest names is gone: a deploy under an open page), `damaged` (a file is there but its bytes are
 * not what the manifest says: cut short, another build's, edited). The engine never answers from an
 * index it found so: a search either reads every block it needs whole, or fails with this.
 */
export type SearchIndexProblem = 'missing' | 'stale' | 'damaged';

export class SearchIndexError extends Error {
  readonly code: SearchIndexProblem;
  constructor(code: SearchIndexProblem, message: string) {
    super(message);
    this.name = 'SearchIndexError';
    this.code = code;
  }
}

/**
 * A loader's word that the file is there but ends before the range asked for (HTTP 416, or a 206 cut
 * short by the end of the file): the index is damaged, not stale — a file a deploy removed is a 404.
 */
export class ShortFileError extends Error {
  override name = 'ShortFileError';
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
  /** Bytes `range` of file `p` (each range read once per session). */
  range(p: string, range: ByteRange): Promise<Uint8Array>;
  /**
   * Ranges of `p` about to be read (ascending): those not read yet, where they follow one another, are
   * asked for in one request, and `range` then answers each from it.
   */
  prefetch(p: string, ranges: ByteRange[]): void;
}

/** What the engine has read so far: files touched, requests made (whole files and ranges), bytes received. */
export interface LoadStats {
  files: number;
  requests: number;
  bytes: number;
}

/** How a path given to a loader is named in a message: `search/manifest.json`, `data/briefings/…`. */
function shown(p: string): string {
  return p.startsWith('../') ? p.slice('../'.length).replace(/\?.*$/u, '') : `search/${p}`;
}

/** `load`, its failures said as what to do, and what it read counted in `stats`. */
function counted(load: Loader, stats: LoadStats): (p: string, range?: ByteRange) => Promise<Uint8Array> {
  const touched = new Set<string>();
  return async (p, range) => {
    let data: Uint8Array | string;
    try {
      data = await load(p, range);
    } catch (error) {
      if (error instanceof ShortFileError) {
        throw new SearchIndexError('damaged', `${shown(p)} is damaged: it is shorter than the index says (${error.message}). Run \`npm run build\` to write the index again.`);
      }
      throw p === MANIFEST
        ? new SearchIndexError('missing', `The search index is missing (no search/${MANIFEST}). Run \`npm run build\` to create it.`)
        : new SearchIndexError(
            'stale',
            `The search index is incomplete or out of date (${shown(p)} could not be read: ${error instanceof Error ? error.message : String(error)}). Run \`npm run build\` again.`,
          );
    }
    const bytes = typeof data === 'string' ? encoder.encode(data) : data;
    if (!touched.has(p)) {
      touched.add(p);
      stats.files++;
    }
    stats.requests++;
    stats.bytes += bytes.length;
    return bytes;
  };
}

export function sessionFiles(load: Loader, stats: LoadStats): Files {
  const cache = new Map<string, Promise<Uint8Array>>();
  const read = counted(load, stats);
  const binary = (p: string): Promise<Uint8Array> => memo(cache, p, () => read(p));
  const json = async <T>(p: string): Promise<T> => {
    const data = await binary(p);
    try {
      return JSON.parse(decoder.decode(data)) as T;
    } catch {
      throw new SearchIndexError(p === MANIFEST ? 'missing' : 'damaged', `${shown(p)} is damaged (not JSON). Run \`npm run build\` to write the index again.`);
    }
  };
  return { binary, json, ...rangeReader(read, binary) };
}

function slice(p: string, file: Uint8Array, r: ByteRange): Uint8Array {
  try {
    return packSlice(file, r);
  } catch (e) {
    if (e instanceof CodecError) throw new SearchIndexError('damaged', `${shown(p)} is damaged: it is shorter than the index says (${e.message}). Run \`npm run build\` to write the index again.`);
    throw e;
  }
}

/** Byte ranges of packs through `read`, each once, from a host with ranges or without. */
function rangeReader(read: (p: string, range: ByteRange) => Promise<Uint8Array>, binary: (p: string) => Promise<Uint8Array>): Pick<Files, 'range' | 'prefetch'> {
  const ranges = new Map<string, Promise<Uint8Array>>();
  /** Files a host sent whole in answer to a range: every later block of them comes from here. */
  const whole = new Map<string, Uint8Array>();
  /**
   * Whether the last ranged answer was a range. Until one is, a second block of a file waits for the
   * first request of that file to answer, so that a host sending whole files sends each one once.
   */
  let rangesHonoured = false;
  /** Whether a ranged request was ever answered with a whole file. */
  let rangesIgnored = false;
  const firstOf = new Map<string, Promise<unknown>>();
  /** Bytes `r` of `p`, from a whole file the host sent before, or asked for (see rangesHonoured). */
  const fetchRange = async (p: string, r: ByteRange): Promise<Uint8Array> => {
    // Where ranges come back whole, a published file (JSON) is asked for without one, which lets a
    // CDN compress it; a pack is compressed already, and a host may yet answer its ranges.
    if (p.startsWith('../') && rangesIgnored && !rangesHonoured && !whole.has(p)) whole.set(p, await binary(p));
    for (;;) {
      const file = whole.get(p);
      if (file) return slice(p, file, r);
      const pending = rangesHonoured ? undefined : firstOf.get(p);
      if (!pending) break;
      await pending.catch(() => {});
      // Neither a whole file nor a range came of it (it failed): ask for ours.
      if (!whole.has(p) && !rangesHonoured) break;
    }
    const request = read(p, r).then((bytes) => {
      rangesHonoured = bytes.length === r.length;
      if (!rangesHonoured) {
        rangesIgnored = true;
        whole.set(p, bytes);
      }
      return bytes;
    });
    if (!rangesHonoured) {
      firstOf.set(p, request);
      const done = () => void (firstOf.get(p) === request && firstOf.delete(p));
      request.then(done, done);
    }
    const bytes = await request;
    return bytes.length === r.length ? bytes : slice(p, bytes, r);
  };
  const keyOf = (p: string, r: ByteRange) => `${p}@${r.offset}+${r.length}`;
  return {
    range: (p, r) => memo(ranges, keyOf(p, r), () => fetchRange(p, r)),
    prefetch(p, wanted) {
      const missing = wanted.filter((r) => !ranges.has(keyOf(p, r)));
      for (let i = 0; i < missing.length; ) {
        let j = i + 1;
        while (j < missing.length && missing[j]!.offset === missing[j - 1]!.offset + missing[j - 1]!.length) j++;
        const run = missing.slice(i, j);
        if (run.length > 1) {
          const start = run[0]!.offset;
          const all = fetchRange(p, { offset: start, length: run.at(-1)!.offset + run.at(-1)!.length - start });
          for (const r of run) memo(ranges, keyOf(p, r), async () => (await all).subarray(r.offset - start, r.offset - start + r.length));
        }
        i = j;
      }
    },
  };
}

const CONTENT_RANGE = /^bytes (\d+)-(\d+)\/(\d+|\*)$/u;

/**
 * A loader for the browser: `searchUrl` is where the index lives, e.g. `${import.meta.env.BASE_URL}search/`.
 * The manifest is revalidated on every page load; every other file is content-hashed and immutable.
 * A block is asked for with `Range: bytes=a-b`: a 206 is checked against what was asked (a proxy may
 * answer another range), a 200 is the whole file.
 */
export function fetchLoader(searchUrl: string): Loader {
  const dir = searchUrl.endsWith('/') ? searchUrl : `${searchUrl}/`;
  const root = new URL(dir, (globalThis as { location?: { href: string } }).location?.href ?? 'http://localhost/');
  return async (p, range) => {
    const init: RequestInit = p === MANIFEST ? { cache: 'no-cache' } : {};
    const url = new URL(p, root);
    if (range) {
      init.headers = { Range: `bytes=${range.offset}-${range.offset + range.length - 1}` };
      // Chromium's HTTP cache lets one request per URL be in flight: ranges of one pack asked for at
      // once came back one after another, a round trip each. A URL of its own per range (a static host
      // serves the file whatever the query) lets them go together, and each is still cached.
      url.searchParams.set('r', `${range.offset}-${range.length}`);
    }
    const res = await fetch(url, init);
    if (res.status === 416) throw new ShortFileError(`HTTP 416 for bytes ${range?.offset}+${range?.length}`);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const body = new Uint8Array(await res.arrayBuffer());
    if (res.status !== 206 || !range) return body;
    // Content-Range is not readable cross-origin unless exposed: without it, the body must be the range.
    const header = res.headers.get('content-range');
    const m = header ? CONTENT_RANGE.exec(header) : null;
    if (header && !m) throw new Error(`unreadable Content-Range "${header}"`);
    const start = m ? Number(m[1]) : range.offset;
    const from = range.offset - start;
    // The range asked for, answered up to the file's end only: the file is shorter than the index says.
    if (from === 0 && body.length < range.length && (!m || Number(m[2]) + 1 === Number(m[3]))) throw new ShortFileError(`asked for bytes ${range.offset}+${range.length}, the file ends after ${body.length}`);
    if (from < 0 || from + range.length > body.length) throw new Error(`asked for bytes ${range.offset}+${range.length}, got ${header ?? `${body.length} bytes`}`);
    return body.subarray(from, from + range.length);
  };
}
