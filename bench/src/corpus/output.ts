/**
 * Output plumbing: removing an earlier run's files and writing large files in chunks.
 */
import { closeSync, existsSync, openSync, readdirSync, rmdirSync, unlinkSync, writeSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import path from 'node:path';
import { TRUTH_FILE } from './truth-file.ts';

export const GENERATED_FILE = /^\d{4}-\d{2}-\d{2}-synthetic-\d+\.md$/u;

/** Remove what an earlier run wrote (only files named like ours), so that a smaller count leaves no strays. */
export async function removePreviousOutput(out: string): Promise<void> {
  const truthPath = path.join(out, TRUTH_FILE);
  if (existsSync(truthPath)) unlinkSync(truthPath);
  for (const entry of readdirSync(out, { withFileTypes: true })) {
    if (!entry.isDirectory() || !/^\d{4}$/u.test(entry.name)) continue;
    const dir = path.join(out, entry.name);
    const ours = readdirSync(dir).filter((f) => GENERATED_FILE.test(f));
    for (let i = 0; i < ours.length; i += MAX_WRITES) {
      await Promise.all(ours.slice(i, i + MAX_WRITES).map((f) => unlink(path.join(dir, f))));
    }
    if (readdirSync(dir).length === 0) rmdirSync(dir);
  }
}

/** Appends text to a file in ~1 MB writes, so the truth file never sits in memory whole. */
export class ChunkedWriter {
  private fd: number;
  private parts: string[] = [];
  private size = 0;
  constructor(file: string) {
    this.fd = openSync(file, 'w');
  }
  write(s: string): void {
    this.parts.push(s);
    this.size += s.length;
    if (this.size > 1 << 20) this.flush();
  }
  flush(): void {
    if (this.parts.length > 0) writeSync(this.fd, this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}


export const MAX_WRITES = 32;
