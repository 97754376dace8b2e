import { defineCollection } from 'astro:content';
import { z } from 'astro/zod';
import { briefingSchema } from './model/frontmatter.ts';
import { briefingsLoader } from './astro/loader.ts';
import { STATEMENT_ROLES } from './model/vocabulary.ts';

/**
 * One briefing per transcript under the content directory (the integration's `contentDir`); the id is
 * the path without `.md`. Entries hold the frontmatter and the summary the archive read; a page gets
 * its transcript's HTML from the archive (src/archive/archive.ts).
 */
const briefings = defineCollection({
  loader: briefingsLoader(),
  schema: briefingSchema.extend({
    hash: z.string(),
    turns: z.number(),
    questions: z.number(),
    statements: z.number(),
    turnSpeakers: z.array(
      z.object({ speaker: z.string(), role: z.enum(STATEMENT_ROLES), name: z.string().optional(), position: z.string().optional(), statements: z.number() }),
    ),
  }),
});

export const collections = { briefings };
