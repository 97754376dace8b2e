/**
 * The transcript plugins on a site's own unified processor (src/astro/markdown.ts): added to what the
 * site configured, never in its place, acting on transcripts (files under the content directory) only,
 * with the principal speaker from the frontmatter Astro hands the file.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { unified } from '@astrojs/markdown-remark';
import type { AstroIntegrationLogger } from 'astro';
import { describe, expect, it } from 'vitest';
import { addTranscriptPlugins, transcriptMarkdownOptions } from '../../src/astro/markdown.ts';

const contentDir = path.resolve('/site/content');
const logger = { debug: () => {} } as unknown as AstroIntegrationLogger;
const body = '## 発表事項\n\n本日は発表があります。\n\n## 質疑応答\n\n記者 :質問です。\n\n大臣 :答えです。\n';

async function renderAt(file: string, processor = unified({ smartypants: false })) {
  addTranscriptPlugins(processor, contentDir, logger);
  const renderer = await processor.createRenderer({ syntaxHighlight: false });
  const { code } = await renderer.render(body, { fileURL: pathToFileURL(file), frontmatter: { speakers: [{ name: '中谷 元', position: '防衛大臣' }] } });
  return code;
}

describe("the transcript plugins on the site's processor", () => {
  it('turn a transcript under the content directory into turns, the principal and who speaks from its frontmatter', async () => {
    const html = await renderAt(path.join(contentDir, '2025/x.md'));
    expect(html).toContain('<article id="t1" class="turn" data-role="official" data-speaker="中谷防衛大臣" data-person="中谷 元" data-position="防衛大臣">');
    expect(html).toContain('data-role="official" data-speaker="大臣" data-person="中谷 元" data-position="防衛大臣" data-reply-to="t2"');
  });

  it("leave the site's other Markdown pages as they are", async () => {
    const html = await renderAt(path.resolve('/site/src/pages/about.md'));
    expect(html).not.toContain('class="turn"');
    expect(html).toContain('<p>記者 :質問です。</p>');
  });

  it('are added after the plugins the site configured', () => {
    const own = () => () => {};
    const processor = unified({ remarkPlugins: [own] });
    addTranscriptPlugins(processor, contentDir, logger);
    expect(processor.options.remarkPlugins[0]).toBe(own);
    expect(processor.options.remarkPlugins).toHaveLength(2);
    expect(processor.options.rehypePlugins).toHaveLength(1);
  });

  it("follow the site's GFM switch in the archive's own processor", () => {
    const config = (processor: ReturnType<typeof unified>) => ({ markdown: { processor } }) as Parameters<typeof transcriptMarkdownOptions>[0];
    expect(transcriptMarkdownOptions(config(unified()))).toEqual({});
    expect(transcriptMarkdownOptions(config(unified({ gfm: false })))).toEqual({ gfm: false });
  });
});
