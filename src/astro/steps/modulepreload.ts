/**
 * `<link rel="modulepreload">` for the modules a page's scripts import. Astro 7 emits each page script
 * as `<script type="module" src>` and Vite splits code shared between pages into chunks that the entry
 * imports, so the browser learns of a chunk only once the entry has arrived: one more round trip before
 * the script can run (on a phone, 150 ms and more). Astro has no option for it (Vite adds these links
 * only to HTML entries it builds itself), so the build adds them to the pages where the script is on
 * the critical path.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { normalizeBase } from '../../model/routes.ts';

/** Static imports at the top of a built ES module (`import{a as b}from"./x.js";import"./y.js";`). */
export function staticImports(code: string): string[] {
  const out: string[] = [];
  // Rollup hoists a chunk's static imports to its first statements; stop at the first other statement.
  const statement = /^\s*import\s*(?:[\w$*{}\s,]+?\s*from\s*)?(["'])([^"']+)\1\s*;?/u;
  let rest = code.replace(/^(?:\s*\/\*[\s\S]*?\*\/|\s*\/\/[^\n]*)*/u, '');
  for (let m = statement.exec(rest); m; m = statement.exec(rest)) {
    out.push(m[2]!);
    rest = rest.slice(m[0].length);
  }
  return out;
}

/** Module script sources of a page (`<script type="module" src="…">`), as Astro writes them. */
export function moduleScripts(html: string): string[] {
  return [...html.matchAll(/<script\b[^>]*>/gu)]
    .map((m) => m[0])
    .filter((tag) => /\btype="module"/u.test(tag))
    .flatMap((tag) => /\bsrc="([^"]+)"/u.exec(tag)?.[1] ?? []);
}

/**
 * Adds the preload links to one built page: every module reachable by static imports from its module
 * scripts, except the scripts themselves (the preload scanner finds those). `outDir` is the built site,
 * `base` the site's base path (`/kaiken/`). Returns the URLs added.
 */
export function addModulePreloads(htmlFile: string, outDir: string, basePath: string): string[] {
  if (!existsSync(htmlFile)) return [];
  const base = normalizeBase(basePath);
  const html = readFileSync(htmlFile, 'utf8');
  const entries = moduleScripts(html).filter((src) => src.startsWith(base));
  const fileOf = (url: string) => path.join(outDir, decodeURI(url.slice(base.length)));
  const seen = new Set(entries);
  const queue = [...entries];
  const found: string[] = [];
  while (queue.length > 0) {
    const url = queue.shift()!;
    const file = fileOf(url);
    if (!existsSync(file)) continue;
    for (const spec of staticImports(readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('./') && !spec.startsWith('../') && !spec.startsWith('/')) continue;
      const next = new URL(spec, `http://site${url}`).pathname;
      if (seen.has(next) || !next.startsWith(base)) continue;
      seen.add(next);
      found.push(next);
      queue.push(next);
    }
  }
  const missing = found.filter((url) => !html.includes(`rel="modulepreload" href="${url}"`));
  if (missing.length === 0) return [];
  const links = missing.map((url) => `<link rel="modulepreload" href="${url}">`).join('');
  writeFileSync(htmlFile, html.replace('</head>', `${links}</head>`));
  return missing;
}
