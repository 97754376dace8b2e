/**
 * The data exports in `astro dev`, so that their links work while editing: the same records and files
 * as the build writes (write.ts), produced on request from the archive and streamed to the response.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { TranscriptArchive } from '../archive/archive.ts';
import { ROUTES, yearOf } from '../model/routes.ts';
import { briefingRecord, CSV_HEADER, EXPORT_TYPES, exportFiles, type ExportFile, type ExportLinks } from './records.ts';
import { dayFile } from './day-json.ts';
import { briefingExports, inArchiveOrder, withRevisions } from './write.ts';

type Next = (error?: unknown) => void;

async function stream(res: ServerResponse, chunks: AsyncIterable<string>, gz = false): Promise<void> {
  await pipeline([Readable.from(chunks), ...(gz ? [createGzip()] : []), res]);
}

/** A year's statements in one format, as the build writes them. */
async function* yearExport(a: TranscriptArchive, links: ExportLinks, file: ExportFile): AsyncGenerator<string> {
  if (file.format === 'csv') yield CSV_HEADER;
  for await (const part of briefingExports(a, links, file.year)) yield part[file.format];
}

export function exportsMiddleware(archive: () => TranscriptArchive, links: ExportLinks, opts: { briefingJson: boolean; plain: boolean }) {
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
    const respond = (type: string, body: AsyncIterable<string>, gz = false) => {
      res.setHeader('content-type', gz ? 'application/gzip' : `${type}; charset=utf-8`);
      stream(res, body, gz).catch(next);
    };
    const file = inSite.startsWith('data/') ? exportFiles(a.briefings.map((b) => yearOf(b.frontmatter.date)), opts).find((f) => f.path === inSite) : undefined;
    if (file) {
      respond(EXPORT_TYPES[file.format], yearExport(a, links, file), file.gz);
    } else if (opts.briefingJson && inSite.startsWith('data/briefings/') && inSite.endsWith('.json')) {
      const day = inArchiveOrder(a.briefings).filter((x) => ROUTES.briefingsJson(x.frontmatter.date) === inSite);
      if (day.length === 0) return next();
      respond('application/json', (async function* () {
        // With the content's git history, each object ends with its corrections, as in a build.
        const history = await a.revisions();
        const objects: string[] = [];
        for (const b of day) {
          const json = JSON.stringify(briefingRecord(b, await a.transcript(b.slug), links));
          objects.push(history.available ? withRevisions(json, history.of(b.slug)?.revisions ?? []) : json);
        }
        yield dayFile(objects);
      })());
    } else next();
  };
}
