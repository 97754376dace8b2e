/**
 * Debian's Chromium driven by playwright-core. `npx playwright install` cannot work here, so the
 * browser is the system one; when it is missing the browser tests skip locally but FAIL under CI.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const hasBrowser = existsSync(CHROMIUM);

if (!hasBrowser && process.env['CI'] === 'true') {
  throw new Error(`${CHROMIUM} is missing: CI must install it (apt-get install -y chromium); browser tests may not skip in CI`);
}

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}
