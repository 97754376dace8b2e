import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { briefingSchema } from './transcript/frontmatter.ts';
import { slugFor } from './transcript/read.ts';

/** One briefing per Markdown file anywhere under content/; the id is the path without `.md`. */
const briefings = defineCollection({
  loader: glob({
    pattern: ['**/*.md', '!**/_*', '!**/.*'],
    // CONTENT_DIR lets the benchmark and tests build another set of transcripts with the same site.
    base: process.env['CONTENT_DIR'] || './content',
    generateId: ({ entry }) => slugFor(entry),
  }),
  schema: briefingSchema,
});

export const collections = { briefings };
