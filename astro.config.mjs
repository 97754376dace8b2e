// @ts-check
import { defineConfig } from 'astro/config';
import { transcriptArchive } from './src/astro/integration.ts';

// Deploying under a sub-path or a CDN: `npm run build -- --base /archive/ --site https://example.org`
// (or SITE_URL / BASE_PATH in the environment). Every link and the search index follow `base`.
// The transcript pipeline (Markdown plugins, content check, search index, sitemap) is the integration's.
export default defineConfig({
  site: process.env.SITE_URL || undefined,
  base: process.env.BASE_PATH || '/',
  outDir: process.env.OUT_DIR || './dist',
  // The benchmark builds cold in a scratch directory: Astro's content cache must go there too.
  ...(process.env.ASTRO_CACHE_DIR ? { cacheDir: process.env.ASTRO_CACHE_DIR } : {}),
  trailingSlash: 'ignore',
  build: { format: 'directory' },
  // Everything about who publishes this archive is set here, once (see README, "Configuration").
  integrations: [
    transcriptArchive({
      title: '防衛記者会見アーカイブ',
      description: '防衛大臣・副大臣・幕僚長などの記者会見を、発言ごとに閲覧・検索できるアーカイブ',
      publisher: { name: '防衛記者会見アーカイブ' },
      lang: 'ja',
      locale: 'ja_JP',
      feed: { title: '防衛記者会見アーカイブ 新着の記者会見', size: 50 },
      image: { src: 'og-default.png', alt: '防衛記者会見アーカイブ', width: 1200, height: 630 },
      briefingJson: true,
    }),
  ],
});
