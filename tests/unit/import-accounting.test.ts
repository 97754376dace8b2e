/**
 * Nothing lost, provably, on every fixture (and the seed): every non-empty line of the input is in
 * exactly one place — frontmatter, a statement, a heading, or the dropped lines — and each place holds
 * what it says: a statement line's text is in the written transcript's statements, in input order; a
 * heading line's words are a heading; a frontmatter line's field is in the frontmatter; every dropped
 * line is known page chrome (no warnings on any fixture).
 *
 * The lines are counted independently of the importer: a text file split at its line breaks, a saved
 * page's text as hast-util-to-text gives it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { select } from 'hast-util-select';
import { toText } from 'hast-util-to-text';
import { describe, expect, it } from 'vitest';
import { notes, report } from '../../src/import/cli/report.ts';
import { importBytes, type Overrides } from '../../src/import/index.ts';
import type { LedgerEntry } from '../../src/import/ledger.ts';
import { parseTranscript } from '../../src/archive/read.ts';
import { FIXTURES, SEED } from '../fixtures/import/helpers.ts';

const flat = (s: string) => s.replace(/[\s\u3000]+/gu, '');

const INPUTS: [string, string, Overrides][] = [
  ...(SEED ? [['seed', SEED, {}] as [string, string, Overrides]] : []),
  ...readdirSync(FIXTURES)
    .filter((f) => /\.(?:txt|html)$/u.test(f))
    .map((f): [string, string, Overrides] => [f, join(FIXTURES, f), {}]),
  ['needs-flags/no-date.txt', join(FIXTURES, 'needs-flags/no-date.txt'), { date: '2023-05-01' }],
];

function decode(bytes: Uint8Array, encoding: string): string {
  return new TextDecoder(encoding).decode(bytes).replace(/^\ufeff/u, '');
}

/** Frontmatter field each kind of frontmatter line feeds (a 備考 label's value is the lead). */
const FIELD_OF: Record<string, string> = {
  title: 'title',
  date: 'date',
  'date and title': 'date',
  'date (again)': 'date',
  '日時': 'date',
  '日時 label': 'date',
  'start/end': 'start',
  timeNote: 'timeNote',
  '場所': 'place',
  '場所 label': 'place',
  'source.url': 'source',
  'source.published': 'source',
  'source.credit (category)': 'source',
};

describe.each(INPUTS)('%s', (_name, path, overrides) => {
  const bytes = readFileSync(path);
  const result = importBytes(bytes, overrides);
  const entries = result.ledger.entries();
  const byPlace = (p: string) => entries.filter((e) => e.place === p);

  it('every non-empty line is accounted once', () => {
    const text = decode(bytes, result.encoding);
    if (result.format === 'text') {
      const lines = text.replace(/\r\n?/gu, '\n').split('\n').map((l, i) => ({ no: i + 1, text: l.trim() })).filter((l) => l.text !== '');
      expect(entries.map((e) => ({ no: e.line.no, text: e.line.text }))).toEqual(lines);
    } else {
      // Every character of the page's text, in order, in exactly one entry.
      const tree = fromHtml(text);
      expect(entries.map((e) => flat(e.line.text)).join('')).toBe(flat(toText(select('body', tree)!)));
    }
    expect(new Set(entries.map((e) => e.line.index)).size).toBe(entries.length);
  });

  it('statement lines are in the written statements, in order; heading lines are headings', async () => {
    const models = (await Promise.all(result.markdown.map((md) => parseTranscript('x.md', md, 'x')))).map((t) => t.body);
    const statements = flat(
      models
        .flatMap((m) => [...m.lead, ...m.sections.flatMap((s) => s.topics.flatMap((t) => t.turns.flatMap((u) => [u.label ?? '', ...u.paragraphs])))])
        .join(''),
    );
    let from = 0;
    for (const e of byPlace('statement')) {
      const at = statements.indexOf(flat(e.line.text), from);
      expect(at, `line ${e.line.no} 「${e.line.text}」 in the statements after position ${from}`).toBeGreaterThanOrEqual(0);
      from = at + flat(e.line.text).length;
    }
    const headings = models.flatMap((m) => m.sections.flatMap((s) => [s.heading, ...s.topics.map((t) => t.heading)])).filter((h): h is string => h !== null);
    for (const e of byPlace('heading')) {
      expect(headings.some((h) => flat(e.line.text).endsWith(flat(h))), `line ${e.line.no} 「${e.line.text}」 is a heading`).toBe(true);
    }
  });

  it('frontmatter lines feed a field that is there; dropped lines are all known page chrome', () => {
    for (const e of byPlace('frontmatter')) {
      const field = FIELD_OF[e.what];
      expect(field, `line ${e.line.no}: ${e.what}`).toBeDefined();
      expect(result.briefings.some((b) => (b.frontmatter as Record<string, unknown>)[field!] !== undefined)).toBe(true);
      if (e.what === 'title') expect(result.briefings.some((b) => flat(e.line.text).includes(flat(b.frontmatter.title)))).toBe(true);
    }
    const unknown = (x: LedgerEntry) => x.place === 'dropped' && !x.known;
    expect(entries.filter(unknown).map((x) => `${x.line.no}: ${x.line.text} (${x.what})`)).toEqual([]);
  });

  it('no note says a last statement ends unfinished (every fixture ends its transcript with a sentence)', () => {
    expect(notes(_name, result).filter((n) => n.includes('does not end a sentence'))).toEqual([]);
  });

  it('--report prints every one of those lines, with the totals', () => {
    const printed = report(_name, result).split('\n');
    const rows = printed.filter((l) => /^ +\d+  (?:frontmatter|statement|heading|dropped) /u.test(l));
    expect(rows.map((l) => Number(/^ +(\d+)/u.exec(l)![1]))).toEqual(entries.map((e) => e.line.no));
    const total = (p: string) => byPlace(p).length;
    expect(printed[1]).toBe(
      `  ${entries.length} non-empty lines: ${total('frontmatter')} frontmatter, ${total('statement')} statement, ${total('heading')} heading, ${total('dropped')} dropped (${total('dropped')} known page chrome, 0 not)`,
    );
  });
});

describe('text after the last statement that no phrase marks as page chrome', () => {
  // Invented: a 防衛省-style page whose footer starts with a line of its own, unknown to the chrome table.
  const page = ['青木防衛大臣閣議後会見', '令和6年2月9日（金）10時30分～10時45分', '1　発表事項', '　本日、訓練の日程を発表いたしました。', '2　質疑応答',
    'Ｑ：訓練の規模を伺います。', 'Ａ：約500名が参加する予定です。', '関連する政策の一覧', 'ページの先頭へ戻る'].join('\n');
  const result = importBytes(new TextEncoder().encode(page));

  it('joins the last statement, and a note names its line instead of letting it pass unnoticed', () => {
    const last = result.briefings[0]!.sections.at(-1)!.topics.at(-1)!.turns.at(-1)!;
    expect(last.paragraphs).toEqual(['約500名が参加する予定です。', '関連する政策の一覧']);
    expect(notes('page.txt', result)).toContain(
      'page.txt:8: note: the 2024-02-09 conference\'s last statement ends with 「関連する政策の一覧」, which does not end a sentence; ' +
        'if it is page text after the transcript, delete it from the input and import again (--report shows where each line went)',
    );
  });
});
