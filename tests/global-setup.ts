/** Build the site once for every test file that opens it (browser, CLI, nothing-lost on dist/). */
import { SEED_SAMPLE } from './helpers/seed.ts';
import { buildSite, TEST_DIST } from './helpers/site.ts';

export default function setup(): void {
  if (!SEED_SAMPLE) console.warn('[global-setup] the published seed transcript (../shared/samples/) is not beside this checkout: the tests that compare against it are skipped (set SEED_SAMPLE to run them)');
  const started = performance.now();
  const { status, output } = buildSite();
  if (status !== 0) throw new Error(`astro build failed (exit ${status}):\n${output}`);
  console.log(`[global-setup] site built into ${TEST_DIST} in ${Math.round(performance.now() - started)} ms`);
}
