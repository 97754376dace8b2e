/**
 * The dev server's day JSON (`astro dev`, src/export/dev-server.ts) carries each briefing's `revisions`
 * as the build's does, from a git history made here; without history, none.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { TranscriptArchive } from '../../src/archive/archive.ts';
import { exportsMiddleware } from '../../src/export/dev-server.ts';
import { ROUTES } from '../../src/model/routes.ts';

const SLUG = '2025/2025-09-12-nakatani-teirei';
const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/content', `${SLUG}.md`);
const scratch = mkdtempSync(path.join(tmpdir(), 'dev-revisions-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function gitIn(dir: string, args: string[], date: string): void {
  const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@x', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@x', GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
  execFileSync('git', ['-C', dir, ...args], { env });
}

/** The day's JSON as the dev server answers it. */
async function dayJson(content: string): Promise<Array<Record<string, unknown>>> {
  const archive = new TranscriptArchive({ contentDir: content, root: scratch, cacheDir: path.join(content, '..', `cache-${path.basename(content)}`) });
  await archive.scan();
  const res = new PassThrough() as unknown as ServerResponse & PassThrough;
  Object.assign(res, { setHeader: () => res });
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => res.on('end', resolve));
  const req = { url: `/kaiken/${ROUTES.briefingsJson('2025-09-12')}` } as IncomingMessage;
  exportsMiddleware(() => archive, { base: '/kaiken/', site: null }, { briefingJson: true, plain: false })(req, res, (e) => {
    throw e ?? new Error('not served');
  });
  await done;
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Array<Record<string, unknown>>;
}

describe('the dev server\'s day JSON', () => {
  it('ends each briefing with its revisions when the content has git history, and has none without', async () => {
    const content = path.join(scratch, 'content');
    mkdirSync(path.join(content, '2025'), { recursive: true });
    const file = path.join(content, `${SLUG}.md`);
    cpSync(FIXTURE, file);
    gitIn(content, ['init', '-q', '-b', 'main'], '2025-09-12T10:00:00+09:00');
    gitIn(content, ['add', '-A'], '2025-09-12T10:00:00+09:00');
    gitIn(content, ['commit', '-q', '-m', 'one'], '2025-09-12T10:00:00+09:00');
    writeFileSync(file, readFileSync(file, 'utf8').replace('能力は着実に', '能力を着実に'));
    gitIn(content, ['commit', '-q', '-am', 'two'], '2025-09-15T09:30:00+09:00');
    const [withHistory] = await dayJson(content);
    expect(withHistory!['slug']).toBe(SLUG);
    expect(withHistory!['revisions']).toEqual([
      { date: '2025-09-15T09:30:00+09:00', commit: expect.stringMatching(/^[0-9a-f]{40}$/u), kind: 'text', turns: [expect.objectContaining({ diff: expect.arrayContaining([{ op: 'del', text: 'は' }, { op: 'ins', text: 'を' }]) })] },
    ]);
    const plain = path.join(scratch, 'plain');
    cpSync(content, plain, { recursive: true, filter: (src) => path.basename(src) !== '.git' });
    const [without] = await dayJson(plain);
    expect(without).not.toHaveProperty('revisions');
    expect(without!['turns']).toEqual(withHistory!['turns']);
  });
});
