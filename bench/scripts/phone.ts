/**
 * The bench's phone profile (bench/src/phone-profile.ts) alone, on a site already built:
 *   npm run phone -- --site DIST [--query Q]… [--runs N]
 * Pagefind's UIs are measured beside ours when DIST/pagefind/ holds a Pagefind index of the same pages
 * (`npm run bench -- --keep` leaves one). Prints each variant's medians; asserts nothing.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium, serveForBench } from '../src/browser.ts';
import { ENTRIES, measurePhone, writePagefindUiPages, type PhoneVariant } from '../src/phone-profile.ts';

const USAGE = 'usage: npm run phone -- --site DIST [--query Q]… [--runs N]';
let values: { site?: string; query?: string[]; runs?: string };
try {
  ({ values } = parseArgs({ options: { site: { type: 'string' }, query: { type: 'string', multiple: true }, runs: { type: 'string' } }, strict: true }));
} catch (error) {
  process.stderr.write(`phone: ${(error as Error).message}\n${USAGE}\n`);
  process.exit(2);
}
const runs = Number(values.runs ?? 3);
if (!values.site || !existsSync(path.join(values.site, 'search', 'manifest.json')) || !Number.isInteger(runs) || runs < 1) {
  process.stderr.write(`phone: --site must be a built site (its search/manifest.json), --runs a positive whole number\n${USAGE}\n`);
  process.exit(2);
}
const site = path.resolve(values.site);
const variants: PhoneVariant[] = ['ours'];
if (existsSync(path.join(site, 'pagefind', 'pagefind-ui.js'))) {
  writePagefindUiPages(site);
  variants.push('pagefind_worker', 'pagefind_main_thread');
}
const server = await serveForBench(site);
const browser = await launchChromium();
try {
  const cells = await measurePhone(browser, server, variants, values.query ?? ['防衛'], runs, (line) => process.stderr.write(`${line}\n`));
  for (const [variant, byEntry] of cells) {
    for (const entry of ENTRIES) console.log(`${variant}\t${entry}\t${JSON.stringify(byEntry[entry])}`);
  }
} finally {
  await browser.close();
  await server.close();
}
