/**
 * Build the site once for every test file that opens it (browser, CLI, nothing-lost on dist/): the
 * real content/ plus the invented briefings of tests/fixtures/content/ (other label styles, several
 * speakers, hazardous titles), copied together into a scratch content directory, with a site URL so
 * that the feed, the sitemap and the absolute links are built too.
 */
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { SEED_SAMPLE } from './helpers/seed.ts';
import { buildSite, ROOT, SITE_URL, TEST_CONTENT, TEST_DIST } from './helpers/site.ts';

export default function setup(): void {
  if (!SEED_SAMPLE) console.warn('[global-setup] the published seed transcript (../shared/samples/) is not beside this checkout: the tests that compare against it are skipped (set SEED_SAMPLE to run them)');
  const started = performance.now();
  rmSync(TEST_CONTENT, { recursive: true, force: true });
  cpSync(path.join(ROOT, 'content'), TEST_CONTENT, { recursive: true });
  cpSync(path.join(ROOT, 'tests/fixtures/content'), TEST_CONTENT, { recursive: true });
  const { status, output } = buildSite({ extraEnv: { CONTENT_DIR: TEST_CONTENT, SITE_URL } });
  if (status !== 0) throw new Error(`astro build failed (exit ${status}):\n${output}`);
  console.log(`[global-setup] site built into ${TEST_DIST} in ${Math.round(performance.now() - started)} ms`);
}
