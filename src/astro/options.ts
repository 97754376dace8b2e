/**
 * The site's settings: everything a web team changes to run this archive for another ministry or
 * office, given once to the integration in astro.config.mjs (`transcriptArchive({ title, … })`) and
 * validated here. Pages read them back from `virtual:transcript-archive/config` (virtual.ts); nothing
 * about one publisher is written in a page.
 */
import { z } from 'astro/zod';
import { authorError } from './errors.ts';

const httpUrl = z.url({ protocol: /^https?$/u, error: 'must be an http:// or https:// address' });

export const siteOptionsSchema = z
  .object({
    /** The site's name: page titles, the header, the feed, sharing cards. */
    title: z.string().min(1),
    /** One sentence on what the archive holds: the home page's description and the default sharing text. */
    description: z.string().min(1),
    /** Who publishes the archive (JSON-LD `publisher`, the footer). */
    publisher: z.object({ name: z.string().min(1), url: httpUrl.optional() }).strict(),
    /**
     * The terms on which the archive's texts may be reused, as the about page (/about/) states them:
     * plain text, paragraphs separated by a blank line, http(s) addresses linked. No default: without
     * it the page says that no terms were given.
     */
    rights: z.string().trim().min(1).optional(),
    /** More about the archive for its about page (who runs it, how to reach them): plain text as `rights`. */
    about: z.string().trim().min(1).optional(),
    /** Language of the transcripts and the site, a BCP 47 tag: `<html lang>`, the feed's `<language>`, JSON-LD `inLanguage`. */
    lang: z.string().regex(/^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$/u, { error: 'must be a BCP 47 language tag such as ja or ja-JP' }).default('ja'),
    /** OpenGraph locale, `language_TERRITORY`. */
    locale: z.string().regex(/^[a-z]{2,3}_[A-Z]{2}$/u, { error: 'must look like ja_JP' }).default('ja_JP'),
    feed: z
      .object({
        /** The feed's title (default: the site title). */
        title: z.string().min(1).optional(),
        /** The feed's description (default: the site description). */
        description: z.string().min(1).optional(),
        /** How many of the newest briefings the feed lists. */
        size: z.number().int().min(1).max(1000).default(50),
      })
      .strict()
      .prefault({}),
    /** The default sharing image (OpenGraph / Twitter card): a path under `public/` (e.g. `og.png`) or an http(s) URL. */
    image: z
      .object({
        src: z.string().min(1).refine((s) => !/^[a-z][a-z0-9+.-]*:/iu.test(s) || /^https?:/iu.test(s), { error: 'must be a path under public/ or an http(s) URL' }),
        alt: z.string().min(1),
        width: z.number().int().positive().optional(),
        height: z.number().int().positive().optional(),
      })
      .strict()
      .optional(),
    /**
     * Publish each briefing as JSON, in the file of its day (`data/briefings/<year>/<date>.json`),
     * linked from its page (one file a day keeps a large archive within a host's file limit). The search
     * page reads its snippets' text from these files; without them the search index holds the text.
     */
    briefingJson: z.boolean().default(true),
    /**
     * Publish each year's statement exports uncompressed too (`data/statements-<year>.jsonl` and `.csv`)
     * beside the gzip-compressed ones: they triple the exports' bytes (a 10,000-briefing archive passes a
     * 1 GB host limit with them) and a year of a large archive passes the 25 MiB a file some hosts take.
     */
    plainExports: z.boolean().default(false),
    /** The build warns (once) when the published site holds more files than this; many static hosts stop at 20,000. */
    fileBudget: z.number().int().positive().default(20_000),
    /** Where the transcripts are, relative to the project root (default: $CONTENT_DIR or `content`). */
    contentDir: z.string().min(1).optional(),
  })
  .strict();

/** What astro.config.mjs passes (defaults may be left out). */
export type TranscriptArchiveOptions = z.input<typeof siteOptionsSchema>;
/** The settings with their defaults, as pages see them. */
export type SiteConfig = z.output<typeof siteOptionsSchema>;

/** Validate the options, or say in one AstroError every field that is wrong. */
export function parseSiteOptions(options: unknown): SiteConfig {
  const parsed = siteOptionsSchema.safeParse(options);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${i.path.map(String).join('.') || '(options)'}: ${i.message}`);
  throw authorError(
    `transcriptArchive() options in astro.config.mjs are not valid:\n${lines.join('\n')}`,
    'Correct each field named above in the transcriptArchive({ … }) call of astro.config.mjs; the README\'s "Configuration" lists every option and its default.',
  );
}
