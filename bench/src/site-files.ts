/**
 * What a static host is asked to take: files and bytes of the built site, by kind, and its largest
 * file. Free hosts limit all three (Cloudflare Pages 20,000 files and 25 MiB a file, GitHub Pages
 * 1 GB), so each part is counted, not only the index.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { BlockKind } from '../../src/search/format.ts';
import type { KindBytes } from './index-blocks.ts';

export interface FileCount {
  files: number;
  bytes: number;
}

export const SITE_PARTS = ['pages', 'briefing_json', 'data_exports', 'search_index', 'other'] as const;
export type SitePart = (typeof SITE_PARTS)[number];

export interface SiteInventory extends FileCount {
  parts: Record<SitePart, FileCount>;
  /** The largest single file (hosts limit one file too: Cloudflare Pages 25 MiB), and its path. */
  largest_file_bytes: number;
  largest_file: string;
  /** The search index's stored bytes by kind of block (index-blocks.ts), when the site has an index. */
  search_index_kinds?: Partial<Record<BlockKind, KindBytes>>;
}

/** The part a file of the site belongs to, from its path relative to the site's root (posix). */
export function sitePart(rel: string): SitePart {
  if (rel.endsWith('.html')) return 'pages';
  if (rel.startsWith('search/')) return 'search_index';
  if (rel.startsWith('data/briefings/') && rel.endsWith('.json')) return 'briefing_json';
  if (rel.startsWith('data/')) return 'data_exports';
  return 'other';
}

/** Every file under `dir`, except those `skip` names (paths relative to `dir`, posix). One directory open at a time. */
export function inventory(dir: string, skip: (rel: string) => boolean = () => false): SiteInventory {
  const parts = Object.fromEntries(SITE_PARTS.map((p) => [p, { files: 0, bytes: 0 }])) as Record<SitePart, FileCount>;
  const total: FileCount = { files: 0, bytes: 0 };
  let largest = { bytes: 0, path: '' };
  const walk = (rel: string) => {
    for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (skip(r)) continue;
      if (e.isDirectory()) walk(r);
      else if (e.isFile()) {
        const bytes = statSync(path.join(dir, r)).size;
        const part = parts[sitePart(r)];
        part.files++;
        part.bytes += bytes;
        total.files++;
        total.bytes += bytes;
        if (bytes > largest.bytes) largest = { bytes, path: r };
      }
    }
  };
  walk('');
  return { ...total, parts, largest_file_bytes: largest.bytes, largest_file: largest.path };
}
