/**
 * Importer round trip on the real site: every fixture layout (and the seed, read in place) is
 * imported with the CLI, the site is built from the result, and each page shows exactly the turns
 * the transcript holds — same roles, speakers and statements, in order — with every statement
 * traceable to the published text it came from.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTranscript } from '../../src/transcript/read.ts';
import { turnsOf } from '../helpers/render.ts';
import { buildSite, projectEnv, ROOT } from '../helpers/site.ts';

const FIXTURES = path.join(ROOT, 'tests/fixtures/import');
const SEED = path.resolve(ROOT, '../shared/samples/jdefense-2025-09-08-nakatani-seoul.txt');
const scratch = await mkdtemp(path.join(tmpdir(), 'kaiken-import-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

const flat = (s: string) => s.replace(/[\s\u3000]+/gu, '');

describe('import → build → page', () => {
  it('keeps every statement of every layout, in the right turn', { timeout: 180_000 }, async () => {
    const inputs = [SEED, ...(await readdir(FIXTURES)).filter((f) => f.endsWith('.txt')).map((f) => path.join(FIXTURES, f))];
    const content = path.join(scratch, 'content');
    const imported = spawnSync(path.join(ROOT, 'node_modules/.bin/node'), [path.join(ROOT, 'scripts/import.ts'), '--out', content, ...inputs], {
      encoding: 'utf8',
      env: projectEnv(),
    });
    expect(imported.status, imported.stderr).toBe(0);
    const written = imported.stdout.split('\n').filter((l) => l.endsWith('.md'));
    expect(written.length).toBeGreaterThanOrEqual(inputs.length);

    const out = path.join(scratch, 'dist');
    const built = buildSite({ outDir: out, base: '/', extraEnv: { CONTENT_DIR: content } });
    expect(built.status, built.output).toBe(0);

    // Published text, decoded the way the importer reports it read each file (Shift_JIS/EUC-JP copies too).
    const published = await Promise.all(
      inputs.map(async (f) => {
        const bytes = await readFile(f);
        for (const enc of ['utf-8', 'shift_jis', 'euc-jp']) {
          try {
            return flat(new TextDecoder(enc, { fatal: true }).decode(bytes));
          } catch {
            continue;
          }
        }
        throw new Error(`cannot decode ${f}`);
      }),
    );

    let statements = 0;
    for (const md of written) {
      const rel = path.relative(content, path.resolve(md)).replace(/\.md$/u, '');
      const briefing = await parseTranscript(md, await readFile(md, 'utf8'), rel);
      const expected = briefing.body.sections.flatMap((s) => s.topics.flatMap((t) => t.turns)).map((t) => ({ role: t.role, speaker: t.speaker, paragraphs: t.paragraphs }));
      const html = await readFile(path.join(out, 'briefings', rel, 'index.html'), 'utf8');
      const onPage = turnsOf(fromHtml(html)).map((t) => ({ role: t.role, speaker: t.speaker, paragraphs: t.paragraphs }));
      expect(onPage, rel).toEqual(expected);
      expect(expected.some((t) => t.role === 'reporter'), `${rel} has questions`).toBe(true);
      for (const t of expected) {
        for (const p of t.paragraphs) {
          statements++;
          // Nothing invented: each statement is text of one of the published pages (modulo white space).
          expect(published.some((text) => text.includes(flat(p))), `${rel}: ${p.slice(0, 40)}`).toBe(true);
        }
      }
    }
    expect(statements).toBeGreaterThan(50);
  });
});
