import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSite } from '../helpers/site.ts';

const scratch = await mkdtemp(path.join(tmpdir(), 'kaiken-build-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

async function writeContent(dir: string, files: Record<string, string>): Promise<void> {
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await writeFile(path.join(dir, rel), text);
  }
}

describe('astro build over a content directory', () => {
  it('builds a transcript dropped in a subfolder with only title and date', async () => {
    const content = path.join(scratch, 'good');
    const out = path.join(scratch, 'good-dist');
    await writeContent(content, {
      'deep/nested/mofa.md':
        '---\ntitle: 外務大臣会見\ndate: 2024-09-13\n---\n\n## 冒頭発言\n\n本日は二点です。\n\n## 質疑応答\n\n【NHK　五十嵐記者】中東情勢について。\n\n【上川外務大臣】注視しています。\n\n（問）日程は。\n\n（答）未定です。\n',
    });
    const { status, output } = buildSite({ outDir: out, base: '/', extraEnv: { CONTENT_DIR: content } });
    expect(status, output).toBe(0);
    const html = await readFile(path.join(out, 'briefings/deep/nested/mofa/index.html'), 'utf8');
    expect(html).toContain('data-role="reporter" data-speaker="NHK 五十嵐記者"');
    // No frontmatter speakers: the named label stands for itself; (答) is nobody's.
    expect(html).toContain('data-role="official" data-speaker="上川外務大臣" data-person="上川外務大臣" data-position="外務大臣" data-reply-to="t2"');
    expect(html).toContain('data-role="official" data-speaker="答" data-reply-to="t4"');
    expect(html).toContain('2024年9月13日（金）</time><span class="wareki">／令和6年9月13日</span>');
  });

  it('refuses bad content with path:line messages, exit 1, no stack trace and no output', async () => {
    const content = path.join(scratch, 'bad');
    const out = path.join(scratch, 'bad-dist');
    await writeContent(content, {
      'ok.md': '---\ntitle: 良い\ndate: 2025-01-06\n---\n\n## 質疑応答\n\n記者 :質問。\n\n大臣 :答え。\n',
      'a/broken-yaml.md': '---\ntitle: [oops\ndate: 2025-01-06\n---\n\n本文\n',
      'a/no-date.md': '---\ntitle: 日付なし\n---\n\n本文\n',
      'b/impossible-date.md': '---\ntitle: 存在しない日\ndate: 2023-02-29\n---\n\n本文\n',
      'b/unknown-label.md': '---\ntitle: 未知のラベル\ndate: 2025-01-06\n---\n\n## 質疑応答\n\n記者 :質問。\n\n【ゲスト】一言。\n',
    });
    const { status, output } = buildSite({ outDir: out, base: '/', extraEnv: { CONTENT_DIR: content } });
    expect(status).toBe(1);
    const rel = path.relative(path.resolve(import.meta.dirname, '../..'), content);
    expect(output).toMatch(new RegExp(`${rel}/a/broken-yaml\\.md:2: broken frontmatter YAML`, 'u'));
    expect(output).toMatch(new RegExp(`${rel}/a/no-date\\.md:\\d+: frontmatter "date"`, 'u'));
    expect(output).toContain(`${rel}/b/impossible-date.md:3: frontmatter "date" must be a real date`);
    expect(output).toContain(`${rel}/b/unknown-label.md:10: unknown speaker label "【ゲスト】"`);
    expect(output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/mu);
    expect(existsSync(out)).toBe(false);
  });
});
