/**
 * Fetching a published page by its address: the bytes, whether it is HTML, and the charset the HTTP
 * header gives. Every failure is said in words (`the server answered 404 Not Found`, `cannot find
 * the host …`, `no answer within 20 s`), never as a stack trace.
 */
import { SourceError } from './errors.ts';

export interface Fetched {
  bytes: Uint8Array;
  /** The address the page came from, after redirects. */
  url: string;
  /** From the Content-Type; absent when the server gives none (the bytes tell). */
  html?: boolean;
  charset?: string;
}

const MAX_BYTES = 20 * 1024 * 1024;
const SAVE_INSTEAD = 'or open the page in a browser, save it (or copy its text) into a file and import the file';

function networkError(e: unknown, url: URL, timeoutMs: number): SourceError {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') {
    return new SourceError(`no answer from ${url.host} within ${timeoutMs / 1000} s`, `try again later or with a longer --timeout, ${SAVE_INSTEAD}`);
  }
  const code = err.cause?.code ?? '';
  const why: Record<string, string> = {
    ENOTFOUND: `cannot find the host ${url.hostname} (no such host, or no network)`,
    EAI_AGAIN: `cannot look up the host ${url.hostname} (no network, or the name server does not answer)`,
    ECONNREFUSED: `${url.host} refused the connection (nothing answers at that address)`,
    ECONNRESET: `${url.host} closed the connection`,
    ENETUNREACH: `cannot reach ${url.host}: the network is unreachable (no network?)`,
    EHOSTUNREACH: `cannot reach ${url.host}: no route to the host`,
    CERT_HAS_EXPIRED: `${url.host}'s certificate has expired`,
  };
  return new SourceError(why[code] ?? `cannot fetch the page: ${err.cause?.message ?? err.message}`, `check the address and your network connection, ${SAVE_INSTEAD}`);
}

export async function fetchPage(address: string, timeoutMs: number): Promise<Fetched> {
  const url = new URL(address);
  let res: Response;
  try {
    res = await fetch(url, {
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'follow',
      headers: { accept: 'text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1', 'user-agent': 'kaiken-archive-importer (see docs/import.md)' },
    });
  } catch (e) {
    throw networkError(e, url, timeoutMs);
  }
  if (!res.ok) {
    await res.body?.cancel();
    const hint = res.status === 404 || res.status === 410 ? 'check the address (open it in a browser); the page may have moved' : `try again later, ${SAVE_INSTEAD}`;
    throw new SourceError(`the server answered ${res.status} ${res.statusText || 'error'}`, hint);
  }
  const type = res.headers.get('content-type') ?? '';
  const mime = type.split(';')[0]!.trim().toLowerCase();
  if (mime !== '' && !/^(?:text\/|application\/xhtml\+xml$)/u.test(mime)) {
    await res.body?.cancel();
    throw new SourceError(`the address gives ${mime}, not a web page`, 'give the address of the page that shows the transcript');
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await res.arrayBuffer());
  } catch (e) {
    throw networkError(e, url, timeoutMs);
  }
  if (bytes.length > MAX_BYTES) throw new SourceError(`the page is larger than ${MAX_BYTES / 1024 / 1024} MB`, 'give the address of a single press conference');
  const charset = /charset\s*=\s*"?([^";\s]+)/iu.exec(type)?.[1];
  return { bytes, url: res.url || url.href, ...(mime !== '' ? { html: mime !== 'text/plain' } : {}), ...(charset ? { charset } : {}) };
}

/**
 * At most one request a second to a publisher's server: the next request starts a second after the
 * previous one has finished.
 */
export class Pacer {
  #last = -Infinity;
  readonly #intervalMs: number;
  constructor(intervalMs = 1000) {
    this.#intervalMs = intervalMs;
  }
  async run<T>(request: () => Promise<T>): Promise<T> {
    const due = this.#last + this.#intervalMs - performance.now();
    if (due > 0) await new Promise((r) => setTimeout(r, due));
    try {
      return await request();
    } finally {
      this.#last = performance.now();
    }
  }
}
