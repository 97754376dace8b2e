/**
 * src/markdown/ — the Markdown stage. Takes a transcript's Markdown body; gives its model, its page's
 * tree and its mistakes (processor.ts runs the plugins listed here; each plugin's AST contract is at
 * the top of its file).
 *
 * The transcript plugins, in the order they run: the one list that both the archive's processor
 * (processor.ts) and a site's own unified processor (the integration adds them to it,
 * src/astro/markdown.ts) are built from.
 *
 * Takes a Markdown tree as written in `content/`; gives the page's tree (turns, sections, topics,
 * exchanges: the README's HTML contract), and on the file:
 * - `file.data.transcript`: the model (src/model/model.ts `TranscriptBody`);
 * - `file.data.transcriptMedia`: the relative images the page shows;
 * - vfile messages of source `transcript`, one per content mistake, each with its rule id and place.
 * Per file they read `file.data.principal` (who speaks unlabelled paragraphs) and `file.data.speakers`
 * (the frontmatter's speakers, for who is who: remark-speakers). They know nothing of Astro.
 */
import type { PluggableList } from 'unified';
import { remarkTranscriptClosed } from './remark-closed.ts';
import { remarkTranscriptSafeUrls } from './remark-safe-urls.ts';
import { remarkTranscriptSections } from './remark-sections.ts';
import { remarkTranscriptSpeakers } from './remark-speakers.ts';
import { remarkTranscriptTurns } from './remark-turns.ts';
import { rehypeTranscriptSanitize } from './sanitize.ts';

/** Checks on the tree as written, then turns, who speaks them, then sections. */
export const transcriptRemarkPlugins: PluggableList = [remarkTranscriptClosed, remarkTranscriptSafeUrls, remarkTranscriptTurns, remarkTranscriptSpeakers, remarkTranscriptSections];

/** The sanitiser: only the HTML contract's elements and attributes reach a page. */
export const transcriptRehypePlugins: PluggableList = [rehypeTranscriptSanitize];
