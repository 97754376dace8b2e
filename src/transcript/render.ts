/**
 * Briefing pages' HTML: the transcript body through `@astrojs/markdown-remark`'s unified processor
 * with our plugins — the processor astro.config.mjs configures — called from the page itself.
 *
 * Why not the content collection's own rendering: the glob loader keeps every entry's rendered HTML
 * in Astro's data store, which is serialised as one string; at 10,000 briefings that string passes
 * what V8 and the bundler can hold and the build dies ("Failed to convert rust `&str` into napi
 * `string`"). The collection keeps only frontmatter (src/transcript/loader.ts); each page renders its
 * own body when it is built.
 */
import { readFile } from 'node:fs/promises';
import { createMarkdownProcessor } from '@astrojs/markdown-remark';
import type { BriefingFrontmatter } from './frontmatter.ts';
import { transcriptRemarkPlugins } from './processor.ts';
import { readFrontmatter } from './read.ts';
import type { TranscriptToc } from './remark-sections.ts';

type Renderer = Awaited<ReturnType<typeof createMarkdownProcessor>>;
let renderer: Promise<Renderer> | undefined;

/** The one Markdown renderer of transcripts (also what the tests render through). */
export function transcriptRenderer(): Promise<Renderer> {
  // SmartyPants off: it would rewrite quotes and dashes, and quotations must stay exact. No code
  // highlighting: transcripts have no code, and loading Shiki costs seconds.
  renderer ??= createMarkdownProcessor({ remarkPlugins: [...transcriptRemarkPlugins], smartypants: false, syntaxHighlight: false });
  return renderer;
}

export async function renderTranscriptBody(body: string, frontmatter: Partial<BriefingFrontmatter>): Promise<{ html: string; toc: TranscriptToc }> {
  const { code, metadata } = await (await transcriptRenderer()).render(body, { frontmatter: { ...frontmatter } });
  return { html: code, toc: metadata.frontmatter['transcript'] as TranscriptToc };
}

/** Render the transcript file at `file` (absolute path). */
export async function renderBriefingFile(file: string): Promise<{ html: string; toc: TranscriptToc; frontmatter: BriefingFrontmatter }> {
  const { frontmatter, body } = readFrontmatter(file, await readFile(file, 'utf8'));
  return { ...(await renderTranscriptBody(body, frontmatter)), frontmatter };
}
