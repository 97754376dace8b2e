/**
 * Corrections from git history: a repository made here, with invented transcripts and a correction of
 * each kind (words, white space, frontmatter, a turn added in the middle, a rename), read in one pass.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveRevisions } from '../../src/revisions/archive.ts';
import { changedStatements, revisionOf } from '../../src/revisions/diff.ts';
import { readHistory } from '../../src/revisions/history.ts';
import { cachedVersionParser, parseVersion } from '../../src/revisions/parse.ts';
import { sealEntry } from '../../src/fs/checked.ts';

function transcript(opts: { place?: string; answer?: string; extra?: boolean; gap?: string } = {}): string {
  return `---
title: 【架空】定例会見（テスト用）
date: 2025-04-01
place: ${opts.place ?? '防衛省会見室'}
kind: 定例
speakers:
  - name: 山川 一郎
    position: 防衛大臣
---

## 質疑応答

記者 :
演習の日程を教えてください。

大臣 :
${opts.answer ?? '演習は来週に実施する予定です。'}
${opts.extra ? '\n記者 :\n参加部隊の規模はどうですか。\n\n大臣 :\n約千人が参加する予定です。\n' : ''}${opts.gap ?? ''}
記者 :
天候の影響はありますか。

大臣 :
現時点では影響はないと考えております。
`;
}

let root: string;
let repo: string;
const commits: string[] = [];

function git(args: string[], date?: string): string {
  const env = { ...process.env, GIT_AUTHOR_DATE: date ?? '', GIT_COMMITTER_DATE: date ?? '', GIT_CONFIG_NOSYSTEM: '1', HOME: root };
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.org', '-c', 'init.defaultBranch=main', ...args], { cwd: repo, env, encoding: 'utf8' });
}

function commit(message: string, date: string): void {
  git(['add', '-A']);
  git(['commit', '-qm', message], date);
  commits.push(git(['rev-parse', 'HEAD']).trim());
}

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'revisions-'));
  repo = path.join(root, 'repo');
  const content = path.join(repo, 'content');
  mkdirSync(path.join(content, '2025'), { recursive: true });
  git(['init', '-q']);
  writeFileSync(path.join(content, 'a.md'), transcript());
  writeFileSync(path.join(content, '2025', 'b.md'), transcript());
  writeFileSync(path.join(repo, 'README.md'), 'outside the content directory');
  commit('publish', '2025-04-01T12:00:00+09:00');
  // A particle corrected in a; white space only in b.
  writeFileSync(path.join(content, 'a.md'), transcript({ answer: '演習は来週に実施される予定です。' }));
  writeFileSync(path.join(content, '2025', 'b.md'), transcript({ gap: '\n\n' }));
  commit('correct', '2025-04-03T09:30:00+09:00');
  // a moved into 2025/ unchanged; b's place corrected (frontmatter only).
  renameSync(path.join(content, 'a.md'), path.join(content, '2025', 'a.md'));
  writeFileSync(path.join(content, '2025', 'b.md'), transcript({ gap: '\n\n', place: '防衛省A棟会見室' }));
  commit('move', '2025-04-05T10:00:00+09:00');
  // A question and its answer added in the middle of a.
  writeFileSync(path.join(content, '2025', 'a.md'), transcript({ answer: '演習は来週に実施される予定です。', extra: true }));
  commit('add an exchange', '2025-04-07T10:00:00+09:00');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('readHistory', () => {
  it('gives every transcript its versions, oldest first, following the rename, in one pass', () => {
    const h = readHistory(path.join(repo, 'content'));
    expect(h.kind).toBe('history');
    if (h.kind !== 'history') return;
    expect(h.shallow).toBe(false);
    expect([...h.files.keys()].sort()).toEqual(['2025/a.md', '2025/b.md']);
    // The rename kept the blob: that commit is not a version.
    expect(h.files.get('2025/a.md')!.map((v) => v.commit)).toEqual([commits[0], commits[1], commits[3]]);
    expect(h.files.get('2025/b.md')!.map((v) => v.date)).toEqual(['2025-04-01T12:00:00+09:00', '2025-04-03T09:30:00+09:00', '2025-04-05T10:00:00+09:00']);
  });

  it('says there is no history outside git and with one commit (a shallow clone)', () => {
    const plain = mkdtempSync(path.join(root, 'plain-'));
    expect(readHistory(plain)).toMatchObject({ kind: 'none', reason: expect.stringContaining('not in a git checkout') });
    const shallow = path.join(root, 'shallow');
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${repo}`, shallow]);
    expect(readHistory(path.join(shallow, 'content'))).toMatchObject({ kind: 'none', reason: expect.stringContaining('one commit') });
  });

  it('marks a deeper shallow clone as shallow', () => {
    const shallow = path.join(root, 'shallow2');
    execFileSync('git', ['clone', '-q', '--depth', '2', `file://${repo}`, shallow]);
    expect(readHistory(path.join(shallow, 'content'))).toMatchObject({ kind: 'history', shallow: true });
  });
});

describe('archiveRevisions', () => {
  it('diffs a changed statement, and lists white-space and frontmatter changes without a diff', async () => {
    const r = await archiveRevisions(path.join(repo, 'content'));
    expect(r.kind).toBe('history');
    if (r.kind !== 'history') return;
    expect(r.published.get('2025/a.md')).toEqual({ commit: commits[0], date: '2025-04-01T12:00:00+09:00' });
    expect(r.revisions.get('2025/b.md')).toEqual([
      { date: '2025-04-03T09:30:00+09:00', commit: commits[1], kind: 'whitespace', turns: [] },
      { date: '2025-04-05T10:00:00+09:00', commit: commits[2], kind: 'frontmatter', turns: [] },
    ]);
    const [particle, added] = r.revisions.get('2025/a.md')!;
    expect(particle).toEqual({
      date: '2025-04-03T09:30:00+09:00',
      commit: commits[1],
      kind: 'text',
      turns: [{ id: 't2', diff: [{ op: 'equal', text: '演習は来週に実施' }, { op: 'del', text: 'す' }, { op: 'ins', text: 'され' }, { op: 'equal', text: 'る予定です。' }] }],
    });
    // Two turns inserted: two additions, and the turns after them are not shown as changed.
    expect(added!.turns).toEqual([
      { id: 't3', diff: [{ op: 'ins', text: '参加部隊の規模はどうですか。' }] },
      { id: 't4', diff: [{ op: 'ins', text: '約千人が参加する予定です。' }] },
    ]);
  });

  it('keeps to the paths asked for', async () => {
    const r = await archiveRevisions(path.join(repo, 'content'), { paths: new Set(['2025/b.md']) });
    expect(r.kind === 'history' && [...r.revisions.keys()]).toEqual(['2025/b.md']);
  });
});

describe('revisionOf and changedStatements', () => {
  const s = (id: string, text: string) => ({ id, speaker: '大臣', text });
  const model = (texts: string[], frontmatter = '{}') => ({ statements: texts.map((t, i) => s(`t${i + 1}`, t)), frontmatter, sourceWords: texts.join('').replace(/\s+/gu, '') + frontmatter });

  it('pairs a removed statement by its old id, and renumbered ones by both ids', () => {
    expect(changedStatements([s('t1', 'あ'), s('t2', 'い'), s('t3', 'う')], [s('t1', 'あ'), s('t2', 'うえ')])).toEqual([
      { id: 't2', diff: [{ op: 'del', text: 'い' }, { op: 'ins', text: 'うえ' }] },
      { was: 't3', diff: [{ op: 'del', text: 'う' }] },
    ]);
    expect(changedStatements([s('t1', 'あ'), s('t2', 'い')], [s('t1', 'ん'), s('t2', 'あ'), s('t3', 'いい')])).toEqual([
      { id: 't1', diff: [{ op: 'ins', text: 'ん' }] },
      { id: 't3', was: 't2', diff: [{ op: 'equal', text: 'い' }, { op: 'ins', text: 'い' }] },
    ]);
  });

  it('lists a version that does not parse, and an edit of the layout alone as other', () => {
    const at = { date: '2025-01-01T00:00:00Z', commit: 'c' };
    expect(revisionOf(null, model(['あ']), at)).toEqual({ ...at, kind: 'unreadable', turns: [] });
    expect(revisionOf(model(['あ']), { ...model(['あ']), sourceWords: '## 見出し' }, at).kind).toBe('other');
    expect(revisionOf(model(['あ い']), model(['あい']), at).kind).toBe('whitespace');
  });
});

describe('cachedVersionParser', () => {
  it('parses a version once, then reads it back; a damaged entry is parsed again and reported', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'revisions-cache-'));
    try {
      const damaged: string[] = [];
      const parse = cachedVersionParser(dir, {}, (entry, reason) => damaged.push(`${path.basename(entry)} ${reason}`));
      const bytes = new TextEncoder().encode(transcript({ answer: '演習は再来週に実施する予定です。' }));
      const first = await parse(bytes);
      expect(first).toEqual(await parseVersion(bytes));
      expect(first!.statements.map((s) => s.text)).toContain('演習は再来週に実施する予定です。');
      const [entry] = readdirSync(dir);
      expect(readdirSync(dir)).toHaveLength(1);
      // Read back from the entry: a model written there (and only there) is what comes back.
      const planted = { ...first!, frontmatter: '"planted"' };
      writeFileSync(path.join(dir, entry!), sealEntry(JSON.stringify({ model: planted })));
      expect(await parse(bytes)).toEqual(planted);
      writeFileSync(path.join(dir, entry!), 'not an entry');
      expect(await parse(bytes)).toEqual(first);
      expect(damaged).toHaveLength(1);
      // A version that does not parse is kept as such.
      expect(await parse(new TextEncoder().encode('---\ntitle: x\n---\n'))).toBeNull();
      expect(readdirSync(dir)).toHaveLength(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
