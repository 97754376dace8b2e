/**
 * Import every page of a sample folder in memory — nothing is written — and compare each with its
 * expectation sidecar. A page is `NAME.txt` (its first line may be `# source: URL`, read as a blank
 * line so that line numbers stay those of the file) or `NAME.html`; its sidecar is `NAME.expect.yaml`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatImportError, importBytes, isImportError } from '../index.ts';
import { comparePage, type PageResult, type Reading } from './compare.ts';
import { parseSidecar, SidecarError } from './sidecar.ts';

const SOURCE_LINE = /^# source: \S+/u;

export interface SamplePage {
  name: string;
  page: string;
  sidecar: string;
}

/** The pages of DIR that have a sidecar, in name order; pages without one are listed apart. */
export function samplePages(dir: string): { pages: SamplePage[]; withoutSidecar: string[] } {
  const files = readdirSync(dir).sort();
  const pages: SamplePage[] = [];
  const withoutSidecar: string[] = [];
  for (const f of files) {
    const m = /^(.+)\.(txt|html?)$/u.exec(f);
    if (!m) continue;
    const sidecar = `${m[1]}.expect.yaml`;
    if (files.includes(sidecar)) pages.push({ name: f, page: join(dir, f), sidecar: join(dir, sidecar) });
    else withoutSidecar.push(f);
  }
  return { pages, withoutSidecar };
}

/** The bytes the importer reads: a text page's `# source:` line blanked, a saved page as it is. */
export function pageBytes(name: string, bytes: Buffer): Uint8Array {
  if (!name.endsWith('.txt')) return bytes;
  const text = bytes.toString('utf8');
  const first = text.split('\n', 1)[0]!;
  return SOURCE_LINE.test(first) ? Buffer.from(text.slice(first.length), 'utf8') : bytes;
}

export function readSample(p: SamplePage): Reading {
  const bytes = pageBytes(p.name, readFileSync(p.page));
  try {
    return { briefings: importBytes(bytes).briefings };
  } catch (e) {
    if (isImportError(e)) return { refusal: formatImportError(p.name, e) };
    return { refusal: `${p.name}: internal error: ${(e as Error).message}` };
  }
}

export function evaluate(dir: string): { results: PageResult[]; sidecarErrors: string[]; withoutSidecar: string[] } {
  const { pages, withoutSidecar } = samplePages(dir);
  const results: PageResult[] = [];
  const sidecarErrors: string[] = [];
  for (const p of pages) {
    let exp;
    try {
      exp = parseSidecar(readFileSync(p.sidecar, 'utf8'));
    } catch (e) {
      if (!(e instanceof SidecarError)) throw e;
      sidecarErrors.push(`${p.sidecar}:${e.line}: ${e.message} — ${e.hint}`);
      continue;
    }
    const lines = readFileSync(p.page, 'utf8').replace(/\r\n?/gu, '\n').split('\n');
    results.push(comparePage(p.name, lines, exp, readSample(p)));
  }
  return { results, sidecarErrors, withoutSidecar };
}
