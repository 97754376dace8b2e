/**
 * import-eval: the comparison of a reading with its expectation sidecar, on invented pages
 * (tests/fixtures/import/eval/) and on readings built by hand, so that each figure — wrong field,
 * turn invented or missing, statement lost, chrome kept — is seen to move for its own reason.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { align, comparePage } from '../../src/import/eval/compare.ts';
import { totals } from '../../src/import/eval/report.ts';
import { evaluate } from '../../src/import/eval/run.ts';
import { parseSidecar, SidecarError } from '../../src/import/eval/sidecar.ts';
import type { ImportedBriefing } from '../../src/import/index.ts';

const DIR = 'tests/fixtures/import/eval';

function briefing(turns: { role: 'official' | 'reporter'; label: string | null; paragraphs: string[] }[], fm: Partial<ImportedBriefing['frontmatter']> = {}): ImportedBriefing {
  return {
    layout: 'mod',
    line: 1,
    frontmatter: { title: '防衛大臣記者会見', date: '2024-01-09', ...fm } as ImportedBriefing['frontmatter'],
    lead: [],
    sections: [{ heading: '質疑応答', kind: 'qa', line: 3, topics: [{ heading: null, line: 3, turns: turns.map((t) => ({ ...t, line: 3, labelSep: '', sources: [] })) }] }],
    slug: 'daijin-kaiken',
  };
}

const PAGE = ['防衛大臣記者会見', '令和6年1月9日', 'Q:訓練について伺います。', 'A:例年どおりです。', '動画版'];
const SIDECAR = `site: s\nlayout: l\nconferences:\n  - title: 防衛大臣記者会見\n    date: 2024-01-09\n    body: 3\n    turns: R Q | O A\n    statements: 2\n    drop: [動画版]\n`;

describe('import-eval comparison', () => {
  it('a reading that matches the expectation is fully right', () => {
    const r = comparePage('p.txt', PAGE, parseSidecar(SIDECAR), { briefings: [briefing([{ role: 'reporter', label: 'Q:', paragraphs: ['訓練について伺います。'] }, { role: 'official', label: 'A:', paragraphs: ['例年どおりです。'] }])] });
    expect(r).toMatchObject({ fullyRight: true, wrong: [], lost: [], invented: [], missing: [], kept: [] });
  });

  it('counts a statement the reading does not hold as lost, and the turn as missing', () => {
    const r = comparePage('p.txt', PAGE, parseSidecar(SIDECAR), { briefings: [briefing([{ role: 'reporter', label: 'Q:', paragraphs: ['訓練について伺います。'] }])] });
    expect(r.lost).toEqual([{ line: 4, text: 'A:例年どおりです。' }]);
    expect(r.missing).toEqual([{ conference: 0, turn: 'O A' }]);
    expect(r.wrong).toContainEqual({ conference: 0, field: 'statements', expected: '2', got: '1' });
    expect(r.fullyRight).toBe(false);
  });

  it('counts a turn made of page chrome as invented and the chrome as kept', () => {
    const r = comparePage('p.txt', PAGE, parseSidecar(SIDECAR), {
      briefings: [briefing([{ role: 'reporter', label: 'Q:', paragraphs: ['訓練について伺います。'] }, { role: 'official', label: 'A:', paragraphs: ['例年どおりです。'] }, { role: 'official', label: null, paragraphs: ['動画版'] }])],
    });
    expect(r.invented).toEqual([{ conference: 0, turn: 'O' }]);
    expect(r.kept).toEqual([{ conference: 0, text: '動画版' }]);
  });

  it('names each wrong field with what was expected and what came', () => {
    const r = comparePage('p.txt', PAGE, parseSidecar(SIDECAR), {
      briefings: [briefing([{ role: 'reporter', label: 'Q:', paragraphs: ['訓練について伺います。'] }, { role: 'official', label: 'A:', paragraphs: ['例年どおりです。'] }], { place: '会見室', source: { url: 'https://copy.example/' } })],
    });
    expect(r.wrong).toEqual([
      { conference: 0, field: 'place', expected: '(none)', got: '会見室' },
      { conference: 0, field: 'url', expected: '(none)', got: 'https://copy.example/' },
    ]);
  });

  it('a label written bare on the page matches the importer’s `記者 :`, and a hard-wrapped line is found in its paragraph', () => {
    const page = ['…', '記者', '訓練の規模は', 'どの程度でしょうか。'];
    const exp = parseSidecar('site: s\nlayout: l\nconferences:\n  - title: 防衛大臣記者会見\n    date: 2024-01-09\n    body: 2\n    turns: R 記者\n    statements: 1\n');
    const r = comparePage('p.txt', page, exp, { briefings: [briefing([{ role: 'reporter', label: '記者 :', paragraphs: ['訓練の規模はどの程度でしょうか。'] }])] });
    expect(r.fullyRight).toBe(true);
  });

  it('a refusal is right only where the page must be refused, saying what the sidecar asks and never what it forbids', () => {
    const exp = parseSidecar('site: s\nlayout: l\nrefuse: [no full date]\nrefuse_not: [has no year]\n');
    expect(comparePage('p.txt', PAGE, exp, { refusal: 'p.txt:1: no date for this press conference: no full date …' }).fullyRight).toBe(true);
    const wrong = comparePage('p.txt', PAGE, exp, { refusal: 'p.txt:1: no full date …; nearly: line 2 「令和6年1月」 has no year' });
    expect(wrong.wrong.map((w) => w.expected)).toEqual(['never says "has no year"']);
    const imported = comparePage('p.txt', PAGE, exp, { briefings: [briefing([])] });
    expect(imported.wrong[0]!.field).toBe('import');
  });

  it('aligns turns by their longest common subsequence', () => {
    expect(align(['a', 'b', 'c', 'd'], ['a', 'x', 'c', 'd', 'e'])).toEqual([
      [0, 0],
      [2, 2],
      [3, 3],
    ]);
  });
});

describe('import-eval sidecars', () => {
  it('says path:line, what is wrong and how to fix it', () => {
    const cases: [string, number, RegExp][] = [
      ['site: s\nlayout: l\nconferences:\n  - title: t\n    date: 2024-1-9\n    body: 1\n    turns: O\n    statements: 1\n', 5, /date "2024-1-9" is not YYYY-MM-DD/u],
      ['site: s\nlayout: l\nconferences:\n  - title: t\n    date: 2024-01-09\n    body: 1\n    turns: X Q\n    statements: 1\n', 7, /turn "X Q" is not ROLE/u],
      ['site: s\nlayout: l\nfoo: 1\nrefuse: x\n', 3, /unknown key "foo"/u],
      ['site: s\nlayout: l\n', 1, /neither refuse nor conferences/u],
      ['site: s\nlayout: [\n', 3, /not valid YAML/u],
    ];
    for (const [text, line, message] of cases) {
      let err: unknown;
      try {
        parseSidecar(text);
      } catch (e) {
        err = e;
      }
      expect(err, text).toBeInstanceOf(SidecarError);
      expect((err as SidecarError).line, text).toBe(line);
      expect((err as SidecarError).message).toMatch(message);
    }
  });
});

describe('import-eval on the invented sample', () => {
  it('measures each page in memory against its sidecar', () => {
    const { results, sidecarErrors } = evaluate(DIR);
    expect(sidecarErrors).toEqual([expect.stringMatching(/04-bad\.expect\.yaml:5: date "2024-1-9" is not YYYY-MM-DD/u)]);
    const byFile = Object.fromEntries(results.map((r) => [r.file, r]));
    expect(byFile['01-right.txt']).toMatchObject({ fullyRight: true, outcome: 'imported' });
    expect(byFile['02-wrong.txt']!.wrong).toEqual([
      { conference: 0, field: 'end', expected: '10:30', got: '10:12' },
      { conference: 0, field: 'statements', expected: '3', got: '2' },
    ]);
    expect(byFile['02-wrong.txt']!.missing).toEqual([{ conference: 0, turn: 'R Q' }]);
    expect(byFile['03-refused.txt']).toMatchObject({ fullyRight: true, outcome: 'refused' });
    expect(totals(results)).toMatchObject({ pages: 3, eligible: 2, imported: 2, refused: 1, refusedAsExpected: 1, fullyRight: 2, statementsLost: 0, turnsInvented: 0, turnsMissing: 1 });
  });

  it('the command prints the figures, --json for machines, exit 2 for a bad sidecar or bad arguments', () => {
    const run = (...args: string[]) => spawnSync(process.execPath, ['scripts/import-eval.ts', ...args], { encoding: 'utf8' });
    const text = run(DIR);
    expect(text.status).toBe(2);
    expect(text.stderr).toMatch(/04-bad\.expect\.yaml:5: date "2024-1-9" is not YYYY-MM-DD — write date: 2025-09-08/u);
    expect(text.stdout).toMatch(/^ok {3}01-right\.txt: imported$/mu);
    expect(text.stdout).toMatch(/^FAIL 02-wrong\.txt: imported\n {7}end: expected 10:30, got 10:12$/mu);
    expect(text.stdout).toMatch(/pages with a date and labels: 2, fully right 1 \(50 %\)/u);
    expect(text.stdout).toMatch(/per issue class:\n {2}\(none\) .*\n {2}X /u);
    const json = JSON.parse(run('--json', DIR).stdout);
    expect(json.total).toMatchObject({ pages: 3, fullyRight: 2 });
    expect(json.perSite.ministry.pages).toBe(2);
    for (const bad of [[], ['no/such/dir'], ['--frobnicate', DIR], [join(DIR, '01-right.txt')]]) {
      const r = run(...bad);
      expect(r.status, bad.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^import-eval: .*\nusage: npm run import-eval/u);
    }
    expect(readFileSync(join(DIR, '01-right.txt'), 'utf8')).toMatch(/^# source: /u);
    expect(execFileSync('git', ['status', '--porcelain', '--', 'content'], { encoding: 'utf8' })).toBe('');
  });
});

describe('one invented page per layout class of the real record (tests/fixtures/import/classes/)', () => {
  it('each imports fully right against its sidecar, and every class A–Q has one', () => {
    const { results, sidecarErrors, withoutSidecar } = evaluate(join(DIR, '../classes'));
    expect(sidecarErrors).toEqual([]);
    expect(withoutSidecar).toEqual([]);
    for (const r of results) expect(r, r.file).toMatchObject({ fullyRight: true, wrong: [], lost: [], invented: [], missing: [], kept: [] });
    const classes = new Set(results.flatMap((r) => r.classes));
    for (const c of 'ABCDEFGHIJKLMNOPQ') expect(classes.has(c), `class ${c}`).toBe(true);
  });
});
