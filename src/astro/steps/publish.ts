/**
 * Atomic publish: Astro builds into a staging directory beside the output directory, and only a build
 * whose pages, search index and checks are complete replaces the output — by renaming, so that a
 * deployed `dist/` is never half-written. A failed, refused or interrupted build leaves the previous
 * `dist/` exactly as it was; its staging directory is removed by the next build.
 */
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import path from 'node:path';

const STAGING = '.staging-';
const RETIRED = '.retired-';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Staging directories of builds into `outDir` whose process is gone (killed, crashed). */
export function removeStaleStaging(outDir: string): string[] {
  const dir = path.dirname(outDir);
  const base = path.basename(outDir);
  if (!existsSync(dir)) return [];
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    for (const marker of [STAGING, RETIRED]) {
      if (!name.startsWith(base + marker)) continue;
      const pid = Number(name.slice(base.length + marker.length).split('-')[0]);
      if (Number.isInteger(pid) && pid !== process.pid && alive(pid)) continue;
      rmSync(path.join(dir, name), { recursive: true, force: true });
      removed.push(name);
    }
  }
  return removed;
}

/** Where this build writes until it publishes: a sibling of `outDir`, so that the final rename stays on one file system. */
export function stagingDirFor(outDir: string): string {
  return path.join(path.dirname(outDir), `${path.basename(outDir)}${STAGING}${process.pid}-${Date.now().toString(36)}`);
}

/**
 * Replace `outDir` with the finished `staging` directory. The previous output is removed by a
 * detached process, so the build does not wait for thousands of deletions; if that process dies,
 * the next build removes what it left (`removeStaleStaging`).
 */
export function publish(staging: string, outDir: string): void {
  const retired = path.join(path.dirname(outDir), `${path.basename(outDir)}${RETIRED}${process.pid}`);
  if (existsSync(outDir)) renameSync(outDir, retired);
  renameSync(staging, outDir);
  if (!existsSync(retired)) return;
  const remover = spawn(process.execPath, ['-e', 'require("node:fs").rmSync(process.argv[1], { recursive: true, force: true })', retired], {
    detached: true,
    stdio: 'ignore',
  });
  remover.on('error', () => rmSync(retired, { recursive: true, force: true }));
  remover.unref();
}

export function discard(staging: string): void {
  rmSync(staging, { recursive: true, force: true });
}
