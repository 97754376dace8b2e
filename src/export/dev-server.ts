/**
 * The data exports in `astro dev`, so that their links work while editing: the same records as the
 * build writes (write.ts), produced on request from the archive and streamed to the response.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TranscriptArchive } from '../archive/archive.ts';
import { ROUTES } from '../model/routes.ts';
import { ARCHIVE_FILES, briefingRecord, CSV_HEADER, type ExportLinks } from './records.ts';
import { briefingExports } from './write.ts';

type Next = (error?: unknown) => void;

async function stream(res: ServerResponse, chunks: AsyncIterable<string>): Promise<void> {
  for await (const chunk of chunks) {
    if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
  }
  res.end();
}

export function exportsMiddleware(archive: () => TranscriptArchive, links: ExportLinks, opts: { briefingJson: boolean }) {
  return (req: IncomingMessage, res: ServerResponse, next: Next): void => {
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://dev').pathname);
    } catch {
      next();
      return;
    }
    if (!pathname.startsWith(links.base)) return next();
    const inSite = pathname.slice(links.base.length);
    const a = archive();
    const respond = (type: string, body: AsyncIterable<string>) => {
      res.setHeader('content-type', `${type}; charset=utf-8`);
      stream(res, body).catch(next);
    };
    if (inSite === ARCHIVE_FILES.jsonl) {
      respond('application/x-ndjson', (async function* () {
        for await (const part of briefingExports(a, links)) yield part.jsonl;
      })());
    } else if (inSite === ARCHIVE_FILES.csv) {
      respond('text/csv', (async function* () {
        yield CSV_HEADER;
        for await (const part of briefingExports(a, links)) yield part.csv;
      })());
    } else if (opts.briefingJson && inSite.startsWith('briefings/') && inSite.endsWith('.json')) {
      const b = a.briefings.find((x) => ROUTES.briefingJson(x.slug) === inSite);
      if (!b) return next();
      respond('application/json', (async function* () {
        yield JSON.stringify(briefingRecord(b, await a.transcript(b.slug), links));
      })());
    } else next();
  };
}
