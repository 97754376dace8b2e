/**
 * A build publishes all or nothing: refused, failed or killed half-way, it leaves the previous site
 * exactly as it was. And every link of a published site resolves, at `/` and under a sub-path.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkLinks } from '../helpers/links.ts';
import { buildSite, projectEnv, ROOT, serve, TEST_DIST, BASE } from '../helpers/site.ts';

const scratch = await mkdtemp(path.join(tmpdir(), 'kaiken-publish-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

/** Every file under `dir` with the hash of its bytes: the site as a deploy would see it. */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out.set(path.relative(dir, file), createHash('sha256').update(await readFile(file)).digest('hex'));
  }
  return out;
}

const siblings = async (out: string) => (await readdir(path.dirname(out))).filter((n) => n.startsWith(`${path.basename(out)}.`));

describe('publishing a build', () => {
  const content = path.join(scratch, 'content');
  const out = path.join(scratch, 'dist');
  const env = { CONTENT_DIR: content, ASTRO_CACHE_DIR: path.join(scratch, 'astro-cache') };

  it('builds the seed plus a transcript with an image and links; every href, src and #fragment resolves at /', async () => {
    await cp(path.join(ROOT, 'content'), content, { recursive: true });
    await mkdir(path.join(content, '2024'), { recursive: true });
    await writeFile(
      path.join(content, '2024/2024-05-10-links.md'),
      '---\ntitle: リンクと図のある会見\ndate: 2024-05-10\n---\n\n## 発表事項\n\n配布資料は![配置図](haichi.png)のとおりです。[前の発言](#t1)と[年別一覧](../../../archive/)もご覧ください。\n\n## 質疑応答\n\n記者 :資料について。\n\n大臣 :[t1 の発言](#t1)を参照してください。\n',
    );
    await writeFile(path.join(content, '2024/haichi.png'), Buffer.from('89504e470d0a1a0a', 'hex'));
    const { status, output } = buildSite({ outDir: out, base: '/', extraEnv: env });
    expect(status, output).toBe(0);
    expect(existsSync(path.join(out, 'briefings/2024/2024-05-10-links/haichi.png'))).toBe(true);
    const site = await serve(out, '/');
    try {
      const report = await checkLinks(site.url(''));
      expect(report.broken).toEqual([]);
      expect(report.pages).toBeGreaterThanOrEqual(6);
    } finally {
      await site.close();
    }
  });

  it('a refused build leaves the previous site exactly as it was', async () => {
    const before = await snapshot(out);
    await writeFile(path.join(content, '2024/2024-06-01-bad.md'), '---\ntitle: 壊れた会見\ndate: 2024-06-01\n---\n\n## 質疑応答\n\n記者 :質問。\n---\n');
    const { status, output } = buildSite({ outDir: out, base: '/', extraEnv: env });
    expect(status).toBe(1);
    expect(output).toContain('2024-06-01-bad.md:8: the `---` line under this text');
    expect(output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/mu);
    expect(await snapshot(out)).toEqual(before);
    expect(await siblings(out)).toEqual([]);
    await rm(path.join(content, '2024/2024-06-01-bad.md'));
  });

  it('a build killed half-way leaves the previous site exactly as it was, and the next build cleans up after it', async () => {
    const before = await snapshot(out);
    await writeFile(path.join(content, '2024/2024-06-02-new.md'), '---\ntitle: 新しい会見\ndate: 2024-06-02\n---\n\n## 発表事項\n\n新しい発表です。\n');
    const child = spawn(path.join(ROOT, 'node_modules/.bin/astro'), ['build', '--root', ROOT], {
      cwd: ROOT,
      env: projectEnv({ BASE_PATH: '/', OUT_DIR: out, ...env }),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Kill it once it is writing pages into its staging directory.
    await new Promise<void>((resolve, reject) => {
      let log = '';
      const timer = setTimeout(() => reject(new Error(`the build never started writing pages:\n${log}`)), 120_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        log += chunk.toString();
        if (/generating static routes/u.test(log)) {
          clearTimeout(timer);
          process.kill(-child.pid!, 'SIGKILL');
          resolve();
        }
      });
    });
    await new Promise((resolve) => child.on('exit', resolve));
    expect(await snapshot(out)).toEqual(before);
    // Left behind by the kill: its staging directory, and beside it the index and exports written before the pages.
    const left = await siblings(out);
    expect(left.length).toBeGreaterThanOrEqual(1);
    expect(left.every((n) => /^dist\.staging-\d+-\w+(\.pass)?$/u.test(n)), left.join(', ')).toBe(true);

    const { status, output } = buildSite({ outDir: out, base: '/', extraEnv: env });
    expect(status, output).toBe(0);
    for (const name of left) expect(output).toContain(`removed ${name}, left by an interrupted build`);
    // The replaced output is deleted by a detached process after the build returns.
    for (let i = 0; i < 100 && (await siblings(out)).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await siblings(out)).toEqual([]);
    expect(existsSync(path.join(out, 'briefings/2024/2024-06-02-new/index.html'))).toBe(true);
  }, 300_000);

  it('the link checker itself finds a missing page, a missing fragment and a script link', async () => {
    const dir = path.join(scratch, 'links');
    await mkdir(path.join(dir, 'a'), { recursive: true });
    await writeFile(path.join(dir, 'index.html'), '<a href="a/">a</a> <a href="a/#nope">x</a> <a href="gone/">y</a> <img src="missing.png"> <a href="javascript:alert(1)">z</a>');
    await writeFile(path.join(dir, 'a/index.html'), '<p id="here">a</p> <a href="../#top">back</a>');
    const site = await serve(dir, '/');
    try {
      const report = await checkLinks(site.url(''));
      expect(report.broken.map((b) => b.replace(site.origin, ''))).toEqual([
        '/: a a/#nope → no id "nope"',
        '/: a gone/ → 404',
        '/: img missing.png → 404',
        '/: a javascript:alert(1) (scheme javascript:)',
        '/a/: a ../#top → no id "top"',
      ]);
    } finally {
      await site.close();
    }
  });

  it('every href, src and #fragment of the test site resolves under the sub-path base', async () => {
    const site = await serve(TEST_DIST, BASE);
    try {
      const report = await checkLinks(site.url(''));
      expect(report.broken).toEqual([]);
      expect(report.links).toBeGreaterThan(20);
    } finally {
      await site.close();
    }
  });
});
