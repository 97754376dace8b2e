/** Build the site once for every test file that opens it (browser, CLI, nothing-lost on dist/). */
import { buildSite, TEST_DIST } from './helpers/site.ts';

export default function setup(): void {
  const started = performance.now();
  const { status, output } = buildSite();
  if (status !== 0) throw new Error(`astro build failed (exit ${status}):\n${output}`);
  console.log(`[global-setup] site built into ${TEST_DIST} in ${Math.round(performance.now() - started)} ms`);
}
