/**
 * The data exports' files: the list of year files (one function: the build, the home page and the
 * last check read it), the years compressed and cached (a build compresses only the years whose
 * briefings changed, and forgets the years it no longer has), a day's JSON file whose lines are each a
 * briefing's object, and where each statement's text is in it (what the search index points at).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { briefingJsonLayout, dayFile, objectStarts } from '../../src/export/day-json.ts';
import { briefingRecord, CSV_HEADER, exportFiles } from '../../src/export/records.ts';
import { writeYears, type YearParts } from '../../src/export/years.ts';
import { fillExportSizes, formatBytes } from '../../src/astro/steps/export-sizes.ts';

const scratch = mkdtempSync(path.join(tmpdir(), 'kaiken-exports-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('exportFiles: the one list of the statement exports', () => {
  it('per year, oldest first: JSON Lines and CSV gzip-compressed, and plain too when asked', () => {
    expect(exportFiles(['2025', '2024', '2025'], { plain: false }).map((f) => f.path)).toEqual([
      'data/statements-2024.jsonl.gz',
      'data/statements-2024.csv.gz',
      'data/statements-2025.jsonl.gz',
      'data/statements-2025.csv.gz',
    ]);
    expect(exportFiles(['2024'], { plain: true })).toEqual([
      { path: 'data/statements-2024.jsonl.gz', year: '2024', format: 'jsonl', gz: true },
      { path: 'data/statements-2024.csv.gz', year: '2024', format: 'csv', gz: true },
      { path: 'data/statements-2024.jsonl', year: '2024', format: 'jsonl', gz: false },
      { path: 'data/statements-2024.csv', year: '2024', format: 'csv', gz: false },
    ]);
  });
});

/** A briefing's cached part, as write.ts hands it over: `n` statements as JSON Lines and CSV rows. */
function part(name: string, n: number): YearParts['parts'][number] & { jsonl: string; csv: string } {
  const jsonl = Array.from({ length: n }, (_, i) => `${JSON.stringify({ briefing: name, order: i })}\n`).join('');
  const csv = Array.from({ length: n }, (_, i) => `${name},${i}\r\n`).join('');
  return { key: `${name}-${n}`, read: async (format) => Buffer.from(format === 'jsonl' ? jsonl : csv), jsonl, csv };
}

describe('writeYears: each year compressed once, from the cache after', () => {
  const cacheDir = path.join(scratch, 'cache');
  const a = part('a', 2);
  const b = part('b', 3);
  const c = part('c', 1);
  const build = (run: string, years: YearParts[], plain = false) => writeYears(years, path.join(scratch, run), { plain, cacheDir });
  const gz = (run: string, file: string) => gunzipSync(readFileSync(path.join(scratch, run, 'data', file))).toString('utf8');

  it('writes every year\'s JSON Lines and CSV (header first), compressed, and counts the statements', async () => {
    const cold = await build('cold', [{ year: '2024', parts: [a, b] }, { year: '2025', parts: [c] }], true);
    expect(cold).toMatchObject({ statements: 6, made: 2 });
    expect(cold.written.map((w) => w.file.path)).toEqual(exportFiles(['2024', '2025'], { plain: true }).map((f) => f.path));
    expect(gz('cold', 'statements-2024.jsonl.gz')).toBe(a.jsonl + b.jsonl);
    expect(gz('cold', 'statements-2024.csv.gz')).toBe(CSV_HEADER + a.csv + b.csv);
    expect(readFileSync(path.join(scratch, 'cold/data/statements-2025.csv'), 'utf8')).toBe(CSV_HEADER + c.csv);
    for (const w of cold.written) expect(w.bytes).toBe(readFileSync(path.join(scratch, 'cold', w.file.path)).length);
  });

  it('compresses nothing when no briefing changed, and gives the same bytes', async () => {
    const warm = await build('warm', [{ year: '2024', parts: [a, b] }, { year: '2025', parts: [c] }]);
    expect(warm).toMatchObject({ statements: 6, made: 0 });
    expect(readFileSync(path.join(scratch, 'warm/data/statements-2024.jsonl.gz')).equals(readFileSync(path.join(scratch, 'cold/data/statements-2024.jsonl.gz')))).toBe(true);
    expect(readdirSync(path.join(scratch, 'warm/data')).sort()).toEqual(['statements-2024.csv.gz', 'statements-2024.jsonl.gz', 'statements-2025.csv.gz', 'statements-2025.jsonl.gz']);
  });

  it('compresses only the year whose briefing changed, and forgets the years it no longer has', async () => {
    const b2 = part('b', 4);
    const changed = await build('changed', [{ year: '2024', parts: [a, b2] }, { year: '2025', parts: [c] }]);
    expect(changed).toMatchObject({ statements: 7, made: 1 });
    expect(gz('changed', 'statements-2024.jsonl.gz').split('\n')).toHaveLength(7);
    // The cache holds this build's two years: three files each (JSON Lines, CSV, the count).
    expect(readdirSync(path.join(cacheDir, 'years'))).toHaveLength(6);
  });
});

describe('a day\'s JSON file, and where each statement\'s text is in it', () => {
  const record = (lead: string[], texts: string[]) =>
    briefingRecord(
      { slug: '2025/x' },
      {
        frontmatter: { title: '題', date: '2025-01-06' },
        body: { lead, sections: [{ heading: '質疑', kind: 'qa', topics: [{ heading: null, turns: texts.map((t, i) => ({ id: `t${i + 1}`, role: 'reporter', speaker: '記者', label: '記者 :', paragraphs: t.split('\n'), line: 1 })) }] }] },
      } as never,
      { base: '/', site: null },
    );

  it('each statement\'s bytes are its text\'s JSON value: the lead\'s paragraphs, each turn\'s text', () => {
    const text = fc.string({ unit: fc.constantFrom('防', '衛', 'a', '"', '\\', '\n', '\u2028', '😀', ' ') });
    fc.assert(
      fc.property(fc.array(text, { maxLength: 3 }), fc.array(text, { minLength: 1, maxLength: 4 }), (lead, texts) => {
        const r = record(lead, texts);
        const { json, texts: at } = briefingJsonLayout(r);
        expect(json).toBe(JSON.stringify(r));
        const bytes = Buffer.from(json);
        const values = at.map(([offset, length]) => JSON.parse(bytes.subarray(offset, offset + length).toString('utf8')));
        expect(values).toEqual([...(lead.length > 0 ? [lead] : []), ...texts]);
      }),
    );
  });

  it('a day\'s file is a JSON array; each object starts where objectStarts says, a line of its own', () => {
    const objects = [JSON.stringify(record(['前文'], ['一つ目'])), JSON.stringify(record([], ['二つ目の「会見」']))];
    const file = Buffer.from(dayFile(objects));
    expect(JSON.parse(file.toString('utf8'))).toEqual(objects.map((o) => JSON.parse(o)));
    const starts = objectStarts(objects.map((o) => Buffer.byteLength(o)));
    objects.forEach((o, i) => expect(file.subarray(starts[i], starts[i]! + Buffer.byteLength(o)).toString('utf8')).toBe(o));
    expect(file.toString('utf8').split('\n').slice(1, 3).map((l) => l.replace(/,$/u, ''))).toEqual(objects);
  });

  it('refuses a turn whose text is not its last field: the offsets would be wrong', () => {
    const r = record([], ['一つ目']);
    const turns = r.turns.map(({ text, ...rest }) => ({ text, ...rest }));
    expect(() => briefingJsonLayout({ ...r, turns })).toThrow(/last field/u);
  });
});

describe('the home page\'s export sizes, filled in once the files are written', () => {
  it('fills every mark of a written file, leaves the others empty, and gives the same page when run again', () => {
    const page = path.join(scratch, 'index.html');
    const mark = (file: string, inside = '') => `<span class="size" data-export-size="${file}">${inside}</span>`;
    writeFileSync(page, `<td>${mark('data/statements-2025.jsonl.gz')}</td><td>${mark('data/statements-2025.csv.gz', 'old')}</td><td>${mark('data/other')}</td>`);
    const written = [
      { file: exportFiles(['2025'], { plain: false })[0]!, bytes: 7_345_678 },
      { file: exportFiles(['2025'], { plain: false })[1]!, bytes: 820_400 },
    ];
    expect(fillExportSizes(page, written)).toBe(2);
    const once = readFileSync(page, 'utf8');
    expect(once).toBe(`<td>${mark('data/statements-2025.jsonl.gz', '7.3 MB')}</td><td>${mark('data/statements-2025.csv.gz', '820 KB')}</td><td>${mark('data/other')}</td>`);
    fillExportSizes(page, written);
    expect(readFileSync(page, 'utf8')).toBe(once);
    expect([formatBytes(1), formatBytes(999_499), formatBytes(999_999)]).toEqual(['1 KB', '999 KB', '1.0 MB']);
  });
});
