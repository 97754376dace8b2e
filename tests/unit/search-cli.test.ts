import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMAT_VERSION } from '../../src/search/format.ts';
import { writeIndex } from '../../src/search/index/writer.ts';
import type { Statement } from '../../src/model/model.ts';
import { inputsOf } from './search-helpers.ts';
import { createSearch } from '../../src/search/query/engine.ts';
import { fileLoader } from '../../src/search/query/node.ts';
import { damagedSites } from '../helpers/damage.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'scripts/search.ts');

function statement(briefing: string, date: string, turn: number, role: Statement['role'], speaker: string, text: string, topic: string | null = null): Statement {
  const label = role === 'reporter' ? { text: `${speaker} :` } : null;
  const who = role === 'official' ? { person: '中谷 元', position: '防衛大臣' } : { person: null, position: null };
  return { briefing, turn: `t${turn}`, order: turn - 1, title: `${date} の会見`, date, kind: '定例', role, speaker, label, ...who, topic, section: null, text };
}

const STATEMENTS: Statement[] = [
  statement('2025/2025-09-08-seoul', '2025-09-08', 1, 'official', '中谷防衛大臣', '北朝鮮のミサイル警戒データのリアルタイム共有などを実施してまいりました。'),
  statement('2025/2025-09-08-seoul', '2025-09-08', 2, 'reporter', '記者', '情報共有の枠組みについて伺います。', '日米韓の協力'),
  statement('2025/2025-08-01-regular', '2025-08-01', 1, 'official', '中谷防衛大臣', '会談を行いました。共有すべき点を確認しました。'),
  statement('2025/2025-08-01-regular', '2025-08-01', 2, 'reporter', '記者', '<b>共有</b> & more'),
  statement('2025/2025-08-01-regular', '2025-08-01', 3, 'official', '中谷防衛大臣', '東京都の部隊を視察しました。'),
];

let dir: string;

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'search-cli-'));
  await writeIndex(inputsOf(STATEMENTS), path.join(dir, 'site'), { base: '/kaiken/', cacheDir: path.join(dir, 'cache') });
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run search (scripts/search.ts)', () => {
  it('--json prints total and hits with the turn URLs under the base path', () => {
    const r = run('--dist', path.join(dir, 'site'), '--json', 'きょうゆう');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.total).toBe(4);
    expect(out.hits).toHaveLength(4);
    for (const h of out.hits) {
      expect(Object.keys(h).sort()).toEqual(['briefing', 'date', 'label', 'order', 'partial', 'person', 'position', 'role', 'score', 'snippet', 'speaker', 'title', 'topic', 'turn', 'url']);
      // What the label says, as data: a reporter's `記者 :`, none for the principal's unlabelled statements.
      expect(h.label).toEqual(h.role === 'reporter' ? { text: '記者 :' } : null);
      expect(h.url).toMatch(/^\/kaiken\/briefings\/2025\/[^#]+\/#t\d$/u);
      expect(Object.keys(h.snippet).sort()).toEqual(['after', 'before', 'marks', 'partial', 'text']);
      expect(h.snippet.marks.length).toBeGreaterThan(0);
    }
    expect(out.histogram).toEqual({ '2025-08': 2, '2025-09': 2 });
    const raw = out.hits.find((h: { url: string }) => h.url === '/kaiken/briefings/2025/2025-08-01-regular/#t2');
    expect(raw.snippet).toEqual({ text: '<b>共有</b> & more', marks: [[3, 5]], partial: [], before: false, after: false });
    expect(out.hits.find((h: { url: string }) => h.url === '/kaiken/briefings/2025/2025-09-08-seoul/#t1')).toMatchObject({
      briefing: '2025/2025-09-08-seoul',
      date: '2025-09-08',
      title: '2025-09-08 の会見',
      role: 'official',
      speaker: '中谷防衛大臣',
      person: '中谷 元',
      position: '防衛大臣',
      topic: null,
    });
  });

  it('applies --role, --speaker, --from/--to and --limit (0 = all)', () => {
    const site = path.join(dir, 'site');
    const json = (...a: string[]) => JSON.parse(run('--dist', site, '--json', ...a).stdout);
    expect(json('--role', 'reporter', '共有').hits.map((h: { role: string }) => h.role)).toEqual(['reporter', 'reporter']);
    expect(json('--speaker', '中谷', '共有').total).toBe(2);
    // A person by full name, spaces ignored; a post however written; never a part of a name.
    expect(json('--speaker', '中谷元', '共有').total).toBe(2);
    expect(json('--speaker', '大臣', '共有').total).toBe(2);
    expect(json('--speaker', '中', '共有').total).toBe(0);
    expect(json('--from', '2025-09-01', '--to', '2025-09-30', '共有').total).toBe(2);
    const limited = json('--limit', '1', '共有');
    expect(limited.total).toBe(4);
    expect(limited.hits).toHaveLength(1);
    expect(json('--limit', '0', '共有').hits).toHaveLength(4);
    expect(json('--role', 'official', '"共有すべき"').hits.map((h: { url: string }) => h.url)).toEqual(['/kaiken/briefings/2025/2025-08-01-regular/#t1']);
  });

  it('takes a query that starts with an excluded word, without `--`', () => {
    const site = path.join(dir, 'site');
    const urls = (...a: string[]) => JSON.parse(run('--dist', site, '--json', ...a).stdout).hits.map((h: { url: string }) => h.url).sort();
    const all = urls('共有');
    expect(all).toHaveLength(4);
    const without = all.filter((u: string) => u !== '/kaiken/briefings/2025/2025-09-08-seoul/#t1');
    expect(urls('-北朝鮮 共有')).toEqual(without);
    expect(urls('-北朝鮮', '共有')).toEqual(without);
    expect(urls('--limit', '0', '-北朝鮮 共有')).toEqual(without);
    const r = run('--dist', site, '-北朝鮮 共有');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('3 statement(s) found');
  });

  it('says which hits are only part of another word (京都 in 東京都)', () => {
    const site = path.join(dir, 'site');
    const out = JSON.parse(run('--dist', site, '--json', '京都').stdout);
    expect(out.hits).toHaveLength(1);
    expect(out.hits[0]).toMatchObject({ partial: true, snippet: { text: '東京都の部隊を視察しました。', marks: [[1, 3]], partial: [[1, 3]] } });
    const r = run('--dist', site, '京都');
    expect(r.stdout).toContain('東‹京都›の部隊');
    expect(r.stdout).toContain('(part of a word only)');
  });

  it('prints a readable list without --json', () => {
    const r = run('--dist', path.join(dir, 'site'), '行う');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('1 statement(s) found');
    expect(r.stdout).toContain('中谷 元 防衛大臣 [official]');
    expect(r.stdout).toContain('«行い»ました');
    expect(run('--dist', path.join(dir, 'site'), '--scope', 'briefing', '北朝鮮 枠組み').stdout).toContain('2 statement(s) found');
    expect(r.stdout).toContain('/kaiken/briefings/2025/2025-08-01-regular/#t1');
  });

  it('defaults --dist to dist/ of the working directory', () => {
    const r = run('--json', '共有');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(path.join(dir, 'dist', 'search'));
  });

  it('a missing index: a clear message to build, exit 1, no stack trace', () => {
    const r = run('--dist', path.join(dir, 'nowhere'), '共有');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('npm run build');
    expect(r.stderr).not.toMatch(/^\s+at /mu);
  });

  it('a stale index (another format, or a shard gone): the same', () => {
    const stale = path.join(dir, 'stale');
    rmSync(stale, { recursive: true, force: true });
    const copy = spawnSync('cp', ['-r', path.join(dir, 'site'), stale]);
    expect(copy.status).toBe(0);
    const manifest = path.join(stale, 'search', 'manifest.json');
    const original = readFileSync(manifest, 'utf8');
    expect(original).toContain(`"format":${FORMAT_VERSION}`);
    writeFileSync(manifest, original.replace(`"format":${FORMAT_VERSION}`, '"format":99'));
    let r = run('--dist', stale, '共有');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('npm run build');
    expect(r.stderr).not.toMatch(/^\s+at /mu);

    writeFileSync(manifest, original);
    rmSync(path.join(stale, 'search', 'p'), { recursive: true });
    r = run('--dist', stale, '共有');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('npm run build');
    expect(r.stderr).not.toMatch(/^\s+at /mu);
  });

  it('a damaged index (the pack every query reads cut short, or another build\'s under its name): says so and to rebuild, exit 1, nothing printed as results', async () => {
    const damaged = await damagedSites(path.join(dir, 'site'), path.join(dir, 'damaged'));
    expect(run('--dist', path.join(dir, 'site'), '共有').status).toBe(0);
    for (const site of [damaged.truncated, damaged.swapped]) {
      const r = run('--dist', site, '--json', '共有');
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr.startsWith(`search: ${damaged.pack} is damaged: `)).toBe(true);
      expect(r.stderr).toContain('Run `npm run build` to write the index again.');
      expect(r.stderr).not.toMatch(/^\s+at /mu);
    }
  });

  it('refuses bad arguments with usage, exit 2', () => {
    for (const args of [
      ['--role', 'minister', 'x'],
      ['--from', '2025/01/01', 'x'],
      ['--from', '2025-13-01', 'x'],
      ['--to', '2023-02-29', 'x'],
      ['--from', '2025-02-01', '--to', '2025-01-01', 'x'],
      ['--scope', 'paragraph', 'x'],
      ['--limit', 'ten', 'x'],
      ['--offset', '-1', 'x'],
      ['--unknown', 'x'],
      [],
    ]) {
      const r = run('--dist', path.join(dir, 'site'), ...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('usage:');
    }
  });

  it('refuses what is not a real date, accepts a leap day', () => {
    const r = run('--dist', path.join(dir, 'site'), '--json', '--from', '2024-02-29', '共有');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).total).toBe(4);
  });

  it('property: random queries and options never crash and always print JSON', () => {
    const site = path.join(dir, 'site');
    const word = fc.constantFrom('共有', 'きょうゆう', '"', '-', '-"', 'ﾐｻｲﾙ', '行う', '<b>', '\u0001', '𠮷', ' ', '　', '－', 'A', '"共 有"', '%', '\\');
    const option = fc.oneof(
      fc.constant([] as string[]),
      fc.tuple(fc.constantFrom('--role', '--speaker', '--kind', '--sort', '--scope', '--limit', '--offset', '--from', '--to'), fc.string({ maxLength: 12 })).map(([k, v]) => [k, v]),
      fc.constantFrom(['--scope', 'briefing'], ['--sort', 'date-asc'], ['--from', '2025-09-01'], ['--role', 'reporter'], ['--limit', '0']),
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 6 }), fc.array(option, { maxLength: 3 }), (words, options) => {
        const query = words.join('');
        const r = run('--dist', site, '--json', ...options.flat(), '--', query);
        if (r.status === 2) {
          expect(r.stderr).toContain('usage:');
          return;
        }
        expect(r.status, r.stderr).toBe(0);
        const out = JSON.parse(r.stdout);
        expect(out.total).toBeGreaterThanOrEqual(out.hits.length);
        expect(r.stderr).not.toMatch(/^\s+at /mu);
      }),
      { numRuns: 25 },
    );
  });
});

describe('npm run search -- --quote (the quote check)', () => {
  // 共有などを実施してまいりました → 共有が実施してきました: a word dropped, a particle changed, the polite form made plain.
  const QUOTE = '北朝鮮のミサイル警戒データのリアルタイム共有が実施してきました';

  it('--json is the list of {briefing, turn, url, similarity, diff}, the statement first, in the engine\'s (the page\'s) order', async () => {
    const site = path.join(dir, 'site');
    const r = run('--dist', site, '--json', '--quote', QUOTE);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const list = JSON.parse(r.stdout);
    expect(list.length).toBeGreaterThan(1);
    for (const m of list) expect(Object.keys(m).sort()).toEqual(['briefing', 'diff', 'similarity', 'turn', 'url']);
    expect(list[0]).toMatchObject({ briefing: '2025/2025-09-08-seoul', turn: 't1', url: '/kaiken/briefings/2025/2025-09-08-seoul/#t1' });
    expect(list[0].similarity).toBeGreaterThan(0.6);
    expect(list[0].similarity).toBeLessThan(1);
    const said = list[0].diff.filter((d: { op: string }) => d.op !== 'ins').map((d: { text: string }) => d.text).join('');
    const quoted = list[0].diff.filter((d: { op: string }) => d.op !== 'del').map((d: { text: string }) => d.text).join('');
    expect(said).toBe('北朝鮮のミサイル警戒データのリアルタイム共有などを実施してまいりました');
    expect(quoted).toBe(QUOTE);
    expect(list[0].diff).toContainEqual({ op: 'del', text: 'などを' });
    expect(list[0].diff).toContainEqual({ op: 'ins', text: 'が' });
    for (let i = 1; i < list.length; i++) expect(list[i].similarity).toBeLessThanOrEqual(list[i - 1].similarity);
    const page = await createSearch(fileLoader(path.join(site, 'search'))).quote(QUOTE);
    expect(list.map((m: { url: string }) => m.url)).toEqual(page.map((m) => m.url));
  });

  it('prints the differences marked in a pipe, and takes --limit', () => {
    const r = run('--dist', path.join(dir, 'site'), '--limit', '1', '--quote', QUOTE);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('1 statement(s), closest first');
    expect(r.stdout).toContain('共有[-などを-][+が+]実施して[-まいり-][+き+]ました');
    expect(r.stdout).toContain('/kaiken/briefings/2025/2025-09-08-seoul/#t1');
  });

  it('refuses a query or filters beside --quote, an empty or an overlong quote, exit 2', () => {
    for (const args of [['--quote', QUOTE, '共有'], ['--quote', QUOTE, '--role', 'official'], ['--quote', '  '], ['--quote', 'あ'.repeat(1001)]]) {
      const r = run('--dist', path.join(dir, 'site'), ...args);
      expect(r.status, args.join(' ').slice(0, 40)).toBe(2);
      expect(r.stderr).not.toMatch(/^\s+at /mu);
    }
  });
});

describe('npm run search -- with operators in the query', () => {
  const urls = (...a: string[]) => JSON.parse(run('--dist', path.join(dir, 'site'), '--json', '--limit', '0', ...a).stdout).hits.map((h: { url: string }) => h.url);

  it.each([
    [['共有 role:reporter'], ['--role', 'reporter', '共有']],
    [['共有 role:記者'], ['--role', 'reporter', '共有']],
    [['共有 speaker:"中谷 元"'], ['--speaker', '中谷 元', '共有']],
    [['共有 kind:定例'], ['--kind', '定例', '共有']],
    [['共有 from:2025-09-01 to:2025-09-30'], ['--from', '2025-09-01', '--to', '2025-09-30', '共有']],
    [['共有 year:2025'], ['--from', '2025-01-01', '--to', '2025-12-31', '共有']],
    [['role:記者'], ['--role', 'reporter']],
  ])('%j gives what the flags %j give', (typed, flags) => {
    const byFlags = urls(...flags);
    expect(byFlags.length).toBeGreaterThan(0);
    expect(urls(...typed)).toEqual(byFlags);
  });

  it('A NEAR B keeps the statements where both are close', () => {
    expect(urls('会談 共有').length).toBe(1);
    expect(urls('会談 NEAR 共有')).toEqual(['/kaiken/briefings/2025/2025-08-01-regular/#t1']);
    expect(urls('ミサイル NEAR 視察')).toEqual([]);
  });

  it('refuses an operator it cannot use as it refuses the flag, exit 2', () => {
    for (const q of ['共有 from:2025-02-30', '共有 role:minister', '共有 speaker:', '共有 -kind:定例', 'NEAR 共有']) {
      const r = run('--dist', path.join(dir, 'site'), q);
      expect(r.status, q).toBe(2);
      expect(r.stderr).toContain('usage:');
    }
    expect(run('--dist', path.join(dir, 'site'), '共有 role:minister').stderr).toContain('role:minister');
  });
});
