/**
 * `npm run dev` checks transcripts as the build does: a broken one is named with path:line in the
 * terminal and in Astro's error overlay on its own page (no silent 404), and the page comes back as
 * soon as the file is fixed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSearch } from '../../src/search/query/engine.ts';
import { fetchLoader } from '../../src/search/query/loader.ts';
import { hasBrowser, launch } from '../helpers/browser.ts';
import { projectEnv, ROOT } from '../helpers/site.ts';

const GOOD = '---\ntitle: 良い会見\ndate: 2025-01-06\n---\n\n## 質疑応答\n\n記者 :質問です。\n\n大臣 :答えです。\n';
const BAD = '---\ntitle: 悪い会見\ndate: 2025-01-07\n---\n\n## 質疑応答\n\n記者 :質問です。\n\n【ゲスト】一言。\n';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Waits for the dev server, which on a loaded 2-core machine can take tens of seconds to pick up a save. */
async function until<T>(what: string, probe: () => Promise<T | null>, ms = 90_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const v = await probe().catch(() => null);
    if (v !== null) return v;
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('astro dev over a content directory with a broken transcript', () => {
  let dir: string;
  let dev: ChildProcess;
  let log = '';
  let origin = '';
  const status = async (p: string) => (await fetch(origin + p)).status;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kaiken-dev-'));
    await mkdir(path.join(dir, 'content/2025'), { recursive: true });
    await writeFile(path.join(dir, 'content/2025/good.md'), GOOD);
    await writeFile(path.join(dir, 'content/2025/bad.md'), BAD);
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    dev = spawn(path.join(ROOT, 'node_modules/.bin/astro'), ['dev', '--root', ROOT, '--port', String(port), '--host', '127.0.0.1'], {
      cwd: ROOT,
      env: projectEnv({ CONTENT_DIR: path.join(dir, 'content'), ASTRO_CACHE_DIR: path.join(dir, 'astro-cache') }),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    dev.stdout!.on('data', (c: Buffer) => (log += c.toString()));
    dev.stderr!.on('data', (c: Buffer) => (log += c.toString()));
    await until('the dev server', async () => ((await status('/')) === 200 ? true : null), 90_000);
  }, 120_000);
  afterAll(async () => {
    if (dev?.pid) process.kill(-dev.pid, 'SIGTERM');
    await rm(dir, { recursive: true, force: true });
  });

  it('names the mistake with path:line in the terminal, and serves the good page', async () => {
    expect(await status('/briefings/2025/good/')).toBe(200);
    expect(log).toMatch(/content\/2025\/bad\.md:10: unknown speaker label "【ゲスト】"/u);
  });

  it('shows the mistake on the broken page (an error, not a 404)', async () => {
    expect(await status('/briefings/2025/bad/')).toBe(500);
  });

  it('serves the data exports while editing, from the transcripts that read', async () => {
    const gunzip = async (p: string) => gunzipSync(Buffer.from(await (await fetch(`${origin}${p}`)).arrayBuffer()));
    const lines = (await gunzip('/data/statements-2025.jsonl.gz')).toString('utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.briefing, l.turn, l.text])).toEqual([
      ['2025/good', 't1', '質問です。'],
      ['2025/good', 't2', '答えです。'],
    ]);
    // Bytes: a text decoder would drop the byte order mark that Excel needs.
    const csv = await gunzip('/data/statements-2025.csv.gz');
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.subarray(3).toString('utf8').split('\r\n')[0]).toBe('briefing,date,title,kind,turn,order,role,speaker,person,position,section,topic,text,url');
    const [json] = await (await fetch(`${origin}/data/briefings/2025/2025-01-06.json`)).json();
    expect(json.turns).toEqual([
      { id: 't1', role: 'reporter', speaker: '記者', person: null, position: null, text: '質問です。' },
      { id: 't2', role: 'official', speaker: '大臣', person: null, position: null, text: '答えです。' },
    ]);
  });

  it.skipIf(!hasBrowser)('puts path:line in the error overlay of the broken page', async () => {
    const browser = await launch();
    try {
      const page = await browser.newPage();
      await page.goto(`${origin}/briefings/2025/bad/`);
      const overlay = await until('the error overlay', async () => {
        const text = await page.evaluate(() => document.querySelector('vite-error-overlay')?.shadowRoot?.textContent ?? null);
        return text && text.includes('bad.md') ? text : null;
      });
      expect(overlay).toMatch(/content\/2025\/bad\.md:10: unknown speaker label "【ゲスト】"/u);
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('serves the search index, and search follows a saved transcript', async () => {
    const manifest = await until('the search manifest', async () => {
      const r = await fetch(`${origin}/search/manifest.json`);
      return r.status === 200 ? ((await r.json()) as { briefings?: number }) : null;
    });
    expect(manifest).toBeTruthy();
    const engine = () => createSearch(fetchLoader(`${origin}/search/`));
    expect((await engine().search('答えです')).hits.map((h) => h.briefing)).toEqual(['2025/good']);
    await writeFile(path.join(dir, 'content/2025/good.md'), GOOD.replace('答えです。', '答えです。新型の哨戒艦について触れました。'));
    const hits = await until('the saved word in the index', async () => {
      const r = await engine().search('哨戒艦');
      return r.total > 0 ? r.hits : null;
    });
    expect(hits.map((h) => [h.briefing, h.turn, h.role])).toEqual([['2025/good', 't2', 'official']]);
    expect(log).toMatch(/search index \(2025\/good changed\)/u);
  }, 180_000);

  it('recovers when the file is fixed, and reports a newly broken one', async () => {
    await writeFile(path.join(dir, 'content/2025/bad.md'), BAD.replace('【ゲスト】', '【大臣】'));
    await until('the fixed page', async () => ((await status('/briefings/2025/bad/')) === 200 ? true : null));
    const html = await (await fetch(`${origin}/briefings/2025/bad/`)).text();
    expect(html).toContain('data-role="official" data-speaker="大臣" data-reply-to="t1"');

    await writeFile(path.join(dir, 'content/2025/good.md'), GOOD.replace('大臣 :', '謎の人 :'));
    await until('the mistake in the terminal', async () => (/content\/2025\/good\.md:10: unknown speaker label "謎の人 :"/u.test(log) ? true : null));
    expect(await status('/briefings/2025/good/')).toBe(500);
    expect(log).not.toMatch(/no briefing 2025\/good/u);
  }, 240_000);
});
