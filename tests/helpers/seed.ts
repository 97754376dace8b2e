/**
 * The real published transcript the project started from. It is not in the repository (tests use
 * invented text; this one is the project's reference, kept in ../shared/samples/ beside the checkout),
 * so the tests that compare the site against it run only where it is: `SEED_SAMPLE` names it
 * elsewhere. Without it they are skipped, and the test run says so once (tests/global-setup.ts).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const NAME = 'jdefense-2025-09-08-nakatani-seoul.txt';

/** `SEED_SAMPLE` when it is set (and then only it), else `../shared/samples/` beside the checkout. */
const candidate = process.env['SEED_SAMPLE'] || path.resolve(ROOT, '../shared/samples', NAME);

export const SEED_SAMPLE: string | null = existsSync(candidate) ? candidate : null;
