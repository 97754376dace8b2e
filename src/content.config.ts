import { defineCollection } from 'astro:content';
import { z } from 'astro/zod';
import { briefingSchema } from './transcript/frontmatter.ts';
import { briefingsLoader } from './transcript/loader.ts';

/**
 * One briefing per Markdown file anywhere under content/ (CONTENT_DIR lets the benchmark and tests
 * build another set of transcripts with the same site); the id is the path without `.md`. Entries
 * hold the frontmatter plus `file`, the transcript's absolute path, which its page renders.
 */
const briefings = defineCollection({
  loader: briefingsLoader({ base: process.env['CONTENT_DIR'] || './content' }),
  schema: briefingSchema.extend({ file: z.string() }),
});

export const collections = { briefings };
