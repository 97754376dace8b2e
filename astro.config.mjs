// @ts-check
import { unified } from '@astrojs/markdown-remark';
import sitemap from '@astrojs/sitemap';
import { defineConfig } from 'astro/config';
import { transcriptArchive } from './src/integration.ts';
import { transcriptRemarkPlugins } from './src/transcript/processor.ts';

// Deploying under a sub-path or a CDN: `npm run build -- --base /archive/ --site https://example.org`
// (or SITE_URL / BASE_PATH in the environment). Every link and the search index follow `base`.
const site = process.env.SITE_URL || undefined;

export default defineConfig({
  site,
  base: process.env.BASE_PATH || '/',
  outDir: process.env.OUT_DIR || './dist',
  // The benchmark builds cold in a scratch directory: Astro's content cache must go there too.
  ...(process.env.ASTRO_CACHE_DIR ? { cacheDir: process.env.ASTRO_CACHE_DIR } : {}),
  trailingSlash: 'ignore',
  build: { format: 'directory' },
  markdown: {
    // Sätteri (Astro 7's default) does not run remark plugins; the transcript pipeline is remark.
    // SmartyPants stays off: it would rewrite quotes and dashes, and quotations must stay exact.
    processor: unified({ remarkPlugins: [...transcriptRemarkPlugins], smartypants: false }),
  },
  integrations: [transcriptArchive(), ...(site ? [sitemap()] : [])],
});
