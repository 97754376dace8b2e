/**
 * Importer round trip on the real site: every fixture — text in each layout and variant, saved HTML
 * pages, a page imported with --date, one page per layout class of the real record — and the seed (read in place) is imported with the CLI, the site
 * is built from the result, and each page shows exactly the turns the transcript holds — same roles,
 * speakers and statements, in order — with every statement traceable to the published text it came from.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { toText } from 'hast-util-to-text';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTranscript } from '../../src/archive/read.ts';
import { turnsOf } from '../helpers/render.ts';
import { SEED_SAMPLE } from '../helpers/seed.ts';
import { buildSite, projectEnv, ROOT } from '../helpers/site.ts';

const FIXTURES = path.join(ROOT, 'tests/fixtures/import');
const CLASSES = path.join(FIXTURES, 'classes');

const scratch = await mkdtemp(path.join(tmpdir(), 'kaiken-import-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

const flat = (s: string) => s.replace(/[\s\u3000]+/gu, '');

describe('import → build → page', () => {
  it('keeps every statement of every layout, in the right turn', { timeout: 180_000 }, async () => {
    // The fixture of each layout class of issue #15 (tests/fixtures/import/classes/) that its sidecar says imports.
    const classes = (await readdir(CLASSES)).filter((f) => f.endsWith('.txt')).filter((f) => !/^refuse:/mu.test(readFileSync(path.join(CLASSES, f.replace(/\.txt$/u, '.expect.yaml')), 'utf8')));
    expect(classes.length).toBeGreaterThanOrEqual(16);
    const inputs = [
      ...(SEED_SAMPLE ? [SEED_SAMPLE] : []),
      ...(await readdir(FIXTURES)).filter((f) => /\.(?:txt|html)$/u.test(f)).map((f) => path.join(FIXTURES, f)),
      ...classes.map((f) => path.join(CLASSES, f)),
    ];
    const needsDate = path.join(FIXTURES, 'needs-flags/no-date.txt');
    const content = path.join(scratch, 'content');
    const importer = (...args: string[]) =>
      spawnSync(path.join(ROOT, 'node_modules/.bin/node'), [path.join(ROOT, 'scripts/import.ts'), '--out', content, ...args], { encoding: 'utf8', env: projectEnv() });
    const imported = importer(...inputs);
    expect(imported.status, imported.stderr).toBe(0);
    const withDate = importer('--date', '2023-05-01', needsDate);
    expect(withDate.status, withDate.stderr).toBe(0);
    inputs.push(needsDate);
    const written = `${imported.stdout}${withDate.stdout}`.split('\n').filter((l) => l.endsWith('.md'));
    expect(written.length).toBeGreaterThanOrEqual(inputs.length);

    const out = path.join(scratch, 'dist');
    const built = buildSite({ outDir: out, base: '/', extraEnv: { CONTENT_DIR: content } });
    expect(built.status, built.output).toBe(0);

    // Published text, decoded the way the importer reports it read each file (Shift_JIS/EUC-JP copies too);
    // a saved page's text as hast-util-to-text reads it.
    const published = await Promise.all(
      inputs.map(async (f) => {
        const bytes = await readFile(f);
        for (const enc of ['utf-8', 'shift_jis', 'euc-jp']) {
          try {
            const text = new TextDecoder(enc, { fatal: true }).decode(bytes);
            return flat(f.endsWith('.html') ? toText(fromHtml(text)) : text);
          } catch {
            continue;
          }
        }
        throw new Error(`cannot decode ${f}`);
      }),
    );

    let statements = 0;
    let withQuestions = 0;
    for (const md of written) {
      const rel = path.relative(content, path.resolve(md)).replace(/\.md$/u, '');
      const briefing = await parseTranscript(md, await readFile(md, 'utf8'), rel);
      const expected = briefing.body.sections.flatMap((s) => s.topics.flatMap((t) => t.turns)).map((t) => ({ role: t.role, speaker: t.speaker, paragraphs: t.paragraphs }));
      const html = await readFile(path.join(out, 'briefings', rel, 'index.html'), 'utf8');
      const onPage = turnsOf(fromHtml(html)).map((t) => ({ role: t.role, speaker: t.speaker, paragraphs: t.paragraphs }));
      expect(onPage, rel).toEqual(expected);
      expect(expected.length, `${rel} has turns`).toBeGreaterThan(0);
      if (expected.some((t) => t.role === 'reporter')) withQuestions++;
      for (const t of expected) {
        for (const p of t.paragraphs) {
          statements++;
          // Nothing invented: each statement is text of one of the published pages (modulo white space).
          expect(published.some((text) => text.includes(flat(p))), `${rel}: ${p.slice(0, 40)}`).toBe(true);
        }
      }
    }
    expect(statements).toBeGreaterThan(150);
    // Only the statement-only write-ups (news-statement-only.txt, classes/c-…, classes/m-…) have no questions.
    expect(withQuestions).toBe(written.length - 3);
  });
});
