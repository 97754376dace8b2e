/**
 * The transcript pipeline's plugins and the one renderer that runs them.
 *
 * The integration registers these lists in Astro's Markdown config itself (src/astro/integration.ts, as
 * Starlight's integration does); astro.config.mjs lists no plugin. Briefing pages are rendered once
 * per build, by `renderTranscript` through `@astrojs/markdown-remark`'s processor with the same lists,
 * and the result is cached (see parse.ts).
 */
import { createMarkdownProcessor, unified } from '@astrojs/markdown-remark';
import type { BriefingFrontmatter } from '../model/frontmatter.ts';
import { remarkTranscriptClosed } from './remark-closed.ts';
import { remarkTranscriptResult, type TranscriptResult } from './remark-result.ts';
import { remarkTranscriptSafeUrls } from './remark-safe-urls.ts';
import { remarkTranscriptSections } from './remark-sections.ts';
import { remarkTranscriptTurns } from './remark-turns.ts';
import { rehypeTranscriptSanitize } from './sanitize.ts';

/** In order: checks on the tree as written, then turns, then sections; the result last. */
export const transcriptRemarkPlugins = [
  remarkTranscriptClosed,
  remarkTranscriptSafeUrls,
  remarkTranscriptTurns,
  remarkTranscriptSections,
  remarkTranscriptResult,
];
export const transcriptRehypePlugins = [rehypeTranscriptSanitize];

/**
 * SmartyPants off: it would rewrite quotes and dashes, and quotations must stay exact. No code
 * highlighting: transcripts have no code, and loading Shiki costs seconds.
 */
const options = { remarkPlugins: transcriptRemarkPlugins, rehypePlugins: transcriptRehypePlugins, smartypants: false } as const;

/** The processor for Astro's `markdown.processor` config. */
export function transcriptMarkdownProcessor() {
  return unified({ ...options, remarkPlugins: [...options.remarkPlugins], rehypePlugins: [...options.rehypePlugins] });
}

type Renderer = Awaited<ReturnType<typeof createMarkdownProcessor>>;
let renderer: Promise<Renderer> | undefined;

function transcriptRenderer(): Promise<Renderer> {
  renderer ??= createMarkdownProcessor({ ...options, remarkPlugins: [...options.remarkPlugins], rehypePlugins: [...options.rehypePlugins], syntaxHighlight: false });
  return renderer;
}

/**
 * Render a transcript body (positions are the file's: pass the body with its frontmatter blanked).
 * No file path is given, so Astro's own image handling stays out of it: relative images are the
 * pipeline's (remark-safe-urls, parse.ts).
 */
export async function renderTranscript(body: string, frontmatter: Partial<BriefingFrontmatter>): Promise<{ html: string; result: TranscriptResult }> {
  const { code, metadata } = await (await transcriptRenderer()).render(body, { frontmatter: { ...frontmatter } });
  return { html: code, result: metadata.frontmatter['transcript'] as TranscriptResult };
}
