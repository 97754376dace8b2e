/**
 * The build's final count reads what was written: the exports' records counted from the files (CSV
 * fields with line breaks and quotes inside, JSON Lines, a briefing's JSON), and the index from its
 * packs — each checked against its content address — never from the writers' own figures.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TranscriptArchive } from '../../src/archive/archive.ts';
import { indexAndExport } from '../../src/astro/steps/index-and-export.ts';
import { gzipSync } from 'node:zlib';
import { exportsToRead, readBackExports } from '../../src/export/verify.ts';
import { CSV_BOM, csvRow } from '../../src/export/records.ts';
import { readBackIndex } from '../../src/search/index/verify.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(path.join(tmpdir(), 'kaiken-read-back-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('reading the exports back', () => {
  const dir = path.join(scratch, 'exports');
  mkdirSync(dir, { recursive: true });
  const count = async (name: string, kind: 'jsonl' | 'csv' | 'day', text: string, gz = false) => {
    writeFileSync(path.join(dir, name), gz ? gzipSync(text) : text);
    const r = await readBackExports(dir, [{ file: name, kind, gz, group: kind }]);
    return { n: r.statements.get(kind), problems: r.problems };
  };

  it('counts CSV records, not lines: quoted fields may hold line breaks, commas and quotes', async () => {
    const rows = [
      ['briefing', 'text'],
      ['a', '一行目\r\n二行目'],
      ['b', '引用符 "は" 二重に, カンマも'],
      ['c', '"\n"'],
      ['d', ''],
    ];
    const csv = CSV_BOM + rows.map(csvRow).join('');
    expect(await count('s.csv', 'csv', csv)).toEqual({ n: 4, problems: [] });
    expect((await count('cut.csv', 'csv', csv.slice(0, csv.indexOf('二行目')))).problems).toEqual(['cut.csv: its last record has no line break (cut short?)']);
    expect((await count('nobom.csv', 'csv', csv.slice(1))).problems).toEqual(['nobom.csv: no byte order mark (Excel would not read it as UTF-8)']);
    // Compressed, as a build publishes them: read through gunzip, the same count and the same checks.
    expect(await count('s.csv.gz', 'csv', csv, true)).toEqual({ n: 4, problems: [] });
    expect((await count('cut.csv.gz', 'csv', csv.slice(0, csv.indexOf('二行目')), true)).problems).toEqual(['cut.csv.gz: its last record has no line break (cut short?)']);
  });

  it('counts JSON Lines records and names a line that is not one object', async () => {
    const lines = ['{"t":"a\\nb"}', '{"t":"{}"}', '{"t":"c"}'].map((l) => `${l}\n`).join('');
    expect(await count('s.jsonl', 'jsonl', lines)).toEqual({ n: 3, problems: [] });
    expect((await count('bad.jsonl', 'jsonl', `${lines}junk\n`)).problems).toEqual(['bad.jsonl:4: not a JSON object on one line']);
    expect((await count('cut.jsonl', 'jsonl', lines.slice(0, -3))).problems).toEqual(['cut.jsonl: its last line has no line break (cut short?)']);
    expect(await count('s.jsonl.gz', 'jsonl', lines, true)).toEqual({ n: 3, problems: [] });
    // A compressed file cut short does not unzip: it cannot be read, and says so.
    writeFileSync(path.join(dir, 'cut.jsonl.gz'), gzipSync(lines).subarray(0, 20));
    const cut = await readBackExports(dir, [{ file: 'cut.jsonl.gz', kind: 'jsonl', gz: true, group: 'jsonl' }]);
    expect(cut.problems).toHaveLength(1);
    expect(cut.problems[0]).toMatch(/^cut\.jsonl\.gz cannot be read/u);
  });

  it("counts each briefing's turns and lead in a day's file", async () => {
    const a = JSON.stringify({ lead: ['前文'], turns: [{ id: 't1' }, { id: 't2' }] });
    const b = JSON.stringify({ lead: [], turns: [{ id: 't1' }] });
    expect(await count('a.json', 'day', `[\n${a},\n${b}\n]\n`)).toEqual({ n: 4, problems: [] });
    expect(await count('b.json', 'day', `[\n${b}\n]\n`)).toEqual({ n: 1, problems: [] });
    expect((await count('c.json', 'day', '[{"lead":[],"tu')).problems[0]).toMatch(/^c\.json: not a day's briefings as JSON/u);
    expect((await count('d.json', 'day', '[{"lead":[]}]')).problems[0]).toMatch(/^d\.json: not a day's briefings as JSON/u);
  });
});

describe('reading the index back', () => {
  it('counts what the blocks hold, and names a pack that is cut, changed or missing', async () => {
    const content = path.join(scratch, 'content');
    cpSync(path.join(ROOT, 'tests/fixtures/content'), content, { recursive: true });
    const archive = new TranscriptArchive({ contentDir: content, root: scratch, cacheDir: path.join(scratch, 'cache') });
    await archive.scan();
    const out = path.join(scratch, 'out');
    await indexAndExport(archive, out, {
      index: { base: '/', cacheDir: path.join(scratch, 'cache/search'), workers: 0, fileBudget: 20 },
      links: { base: '/', site: null },
      exports: { briefingJson: true, plain: true, cacheDir: path.join(scratch, 'cache/exports') },
    });
    const statements = archive.briefings.reduce((n, b) => n + b.statements, 0);
    const exportsRead = await readBackExports(out, exportsToRead(archive.briefings, { briefingJson: true, plain: true }));
    const years = new Set(archive.briefings.map((b) => b.frontmatter.date.slice(0, 4))).size;
    const days = new Set(archive.briefings.map((b) => b.frontmatter.date)).size;
    expect(exportsRead.problems).toEqual([]);
    expect(exportsRead.files).toBe(4 * years + days);
    // Each group of files holds every statement once: compressed and plain, JSON Lines and CSV, the days' JSON.
    expect([...exportsRead.statements.values()]).toEqual([statements, statements, statements, statements, statements]);
    expect(exportsRead.statements.size).toBe(5);

    const search = path.join(out, 'search');
    const whole = readBackIndex(search);
    expect(whole.problems).toEqual([]);
    expect(whole.statements).toBe(statements);
    const packs = readdirSync(path.join(search, 'p')).sort();
    expect(whole.packs).toBe(packs.length);

    const pack = path.join(search, 'p', packs[0]!);
    const bytes = readFileSync(pack);
    truncateSync(pack, bytes.length - 1);
    expect(readBackIndex(search).problems).toEqual([expect.stringMatching(/^search\/p\/.+: the packs of segment \S+ are not the bytes their names stand for$/u)]);
    writeFileSync(pack, bytes.map((b, i) => (i === 10 ? b ^ 1 : b)));
    expect(readBackIndex(search).problems).toHaveLength(1);
    rmSync(pack);
    expect(readBackIndex(search).problems).toEqual([`search/p/${packs[0]} is missing`]);
    writeFileSync(pack, bytes);
    expect(readBackIndex(search)).toEqual(whole);
  });
});
