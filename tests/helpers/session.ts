/**
 * The built test site served and a Chromium opened for a describe block: `const s = useSite();`
 * then `s.site.url(…)` and `s.browser` inside the tests.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launch } from './browser.ts';
import { serve, TEST_DIST, type Served } from './site.ts';

export interface SiteSession {
  browser: Browser;
  site: Served;
}

export function useSite(dir = TEST_DIST): SiteSession {
  const session = {} as SiteSession;
  beforeAll(async () => {
    session.site = await serve(dir);
    session.browser = await launch();
  });
  afterAll(async () => {
    await session.browser?.close();
    await session.site?.close();
  });
  return session;
}
