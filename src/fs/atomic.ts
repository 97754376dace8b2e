/**
 * src/fs/ — file-system helpers the stages share. Takes a path and data; gives a file written whole.
 *
 * Writing a file so that a reader never sees half of it: the data goes to a temporary file beside it,
 * which is then renamed over it (a rename within one directory is atomic). A build killed mid-write
 * leaves the old file or the new one, never a torn one — what every cache of the build relies on.
 *
 * The temporary name carries the process id and a random part, so that two processes (a dev server
 * and a build, two worker threads) writing the same entry at once each rename a whole file of their own.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, renameSync, rmSync, writeFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

function temporaryName(file: string): string {
  return `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
}

/** A write that fails leaves no temporary file behind. */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = temporaryName(file);
  try {
    await writeFile(tmp, data);
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

export function writeFileAtomicSync(file: string, data: string | Uint8Array): void {
  const tmp = temporaryName(file);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

/** The chunks of `source`, through `transforms` (a gzip stream…), written whole or not at all. */
export async function writeStreamAtomic(file: string, source: AsyncIterable<string | Uint8Array>, ...transforms: Transform[]): Promise<void> {
  const tmp = temporaryName(file);
  try {
    await pipeline([Readable.from(source), ...transforms, createWriteStream(tmp)]);
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}
