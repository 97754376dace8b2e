/**
 * Pagefind 1.6 over the same pages, as a Starlight site gives them: main content marked
 * `data-pagefind-body`, turns as headings with ids (so they become sub-results), `--force-language ja`.
 * Its index goes into the served site under `/pagefind/`, beside ours.
 */
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BIN, measured } from './process.ts';
import { inventory, type FileCount } from './site-files.ts';

/** A copy of the built site with the pages marked up for Pagefind (our index left out). */
export function pagefindSite(dist: string, into: string): void {
  cpSync(dist, into, { recursive: true, filter: (src) => !src.includes(`${path.sep}search${path.sep}`) || src.endsWith('.html') });
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.html') && p.includes(`${path.sep}briefings${path.sep}`)) {
        const html = readFileSync(p, 'utf8')
          .replace('<article class="briefing"', '<article data-pagefind-body class="briefing"')
          .replace(/<article id="(t\d+)"([^>]*)><header><span class="speaker">([^<]*)<\/span>/gu, '<article$2><header><h4 id="$1" class="speaker">$3</h4>');
        writeFileSync(p, html);
      }
    }
  };
  walk(into);
}

export interface PagefindBuild {
  s: number;
  peak_rss_mb: number;
  index: FileCount;
}

/** Index the site with Pagefind and put its files under `<dist>/pagefind/`. */
export async function runPagefind(dist: string, scratch: string, log: (line: string) => void, memoryLimitMb?: number): Promise<PagefindBuild> {
  const site = path.join(scratch, 'pagefind-site');
  try {
    pagefindSite(dist, site);
    const run = await measured(path.join(BIN, 'pagefind'), ['--site', site, '--force-language', 'ja'], { log, ...(memoryLimitMb ? { memoryLimitMb } : {}) });
    cpSync(path.join(site, 'pagefind'), path.join(dist, 'pagefind'), { recursive: true });
    const index = inventory(path.join(dist, 'pagefind'));
    return { s: Number(run.s.toFixed(1)), peak_rss_mb: Math.round(run.peakRssMb), index: { files: index.files, bytes: index.bytes } };
  } finally {
    rmSync(site, { recursive: true, force: true });
  }
}
