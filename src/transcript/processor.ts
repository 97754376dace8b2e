/**
 * The transcript pipeline's plugin lists — the one place that says which plugins run in which
 * order, for Astro (astro.config.mjs) and for everything that reads transcripts outside Astro.
 */
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { remarkTranscriptSections } from './remark-sections.ts';
import { remarkTranscriptTurns } from './remark-turns.ts';

export const transcriptRemarkPlugins = [remarkTranscriptTurns, remarkTranscriptSections] as const;

/**
 * Markdown → mdast with our plugins applied, no HTML. What the index and the checks use; Astro's own
 * processor (same remark-parse + remark-gfm + these plugins) renders the pages.
 */
export function createTranscriptParser() {
  return unified().use(remarkParse).use(remarkGfm).use(remarkTranscriptTurns).use(remarkTranscriptSections);
}
