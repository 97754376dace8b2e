/**
 * The archive's transcript processor: a transcript's Markdown body in; its model, its page's tree and
 * its content mistakes out. Built from the transcript plugins (plugins.ts) and the site's Markdown
 * options, once per thread (the archive parses in worker threads, src/archive/parse-pool.ts).
 *
 * It runs what Astro's unified renderer runs around the plugins — remark-parse, GFM unless the site
 * turned it off, remark-rehype, heading ids for a heading the plugins left without one, rehype-raw —
 * with two differences, both on purpose: SmartyPants never runs (it would rewrite quotes and dashes,
 * and a quotation must stay exact), and no code highlighting is loaded (transcripts have no code;
 * Shiki costs seconds). The site's own remark and rehype plugins are not applied to transcripts: they
 * could not cross into the worker threads, and the cache could not know when they change.
 */
import { rehypeHeadingIds } from '@astrojs/markdown-remark';
import type { Root as HastRoot } from 'hast';
import type { Root as MdastRoot } from 'mdast';
import rehypeRaw from 'rehype-raw';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified, type Processor } from 'unified';
import { VFile } from 'vfile';
import type { MediaReference } from './remark-safe-urls.ts';
import type { TranscriptBody } from '../model/model.ts';
import type { FrontmatterSpeaker } from '../model/identity.ts';
import type { Problem } from '../model/problems.ts';
import { transcriptRehypePlugins, transcriptRemarkPlugins } from './plugins.ts';

/** The site's Markdown options that change how a transcript reads (data only: they cross into worker threads). */
export interface TranscriptMarkdownOptions {
  /** GitHub-flavoured Markdown (tables, autolinks, strikethrough, footnotes); on unless the site turned it off. */
  gfm?: boolean;
}

type TranscriptProcessor = Processor<MdastRoot, MdastRoot, HastRoot, undefined, undefined>;

export function createTranscriptProcessor(options: TranscriptMarkdownOptions = {}): TranscriptProcessor {
  const processor = unified().use(remarkParse);
  if (options.gfm !== false) processor.use(remarkGfm);
  return processor
    .use(transcriptRemarkPlugins)
    .use(remarkRehype, { allowDangerousHtml: true, passThrough: [] })
    .use(transcriptRehypePlugins)
    .use(rehypeHeadingIds)
    .use(rehypeRaw) as unknown as TranscriptProcessor;
}

export interface TranscriptRun {
  /** The model the plugins left on `file.data.transcript`. */
  body: TranscriptBody;
  /** The page's tree, sanitised (the README's HTML contract). */
  tree: HastRoot;
  media: MediaReference[];
  problems: Problem[];
}

/**
 * Run a transcript body (positions are the file's: pass the body with its frontmatter blanked). No file
 * path is given, so that no image handling of Astro's can take part: relative images are the
 * pipeline's (remark-safe-urls, src/archive/archive.ts). `speakers` are the frontmatter's (who is who).
 */
export async function runTranscript(processor: TranscriptProcessor, body: string, principal: string, speakers: FrontmatterSpeaker[] = []): Promise<TranscriptRun> {
  const file = new VFile({ value: body, data: { principal, speakers } });
  const tree = await processor.run(processor.parse(file), file);
  return {
    body: file.data.transcript ?? { lead: [], sections: [] },
    tree,
    media: file.data.transcriptMedia ?? [],
    problems: problemsOf(file),
  };
}

/** The plugins' vfile messages as content problems; a column says more than the line only past the first one. */
function problemsOf(file: VFile): Problem[] {
  return file.messages
    .filter((m) => m.source === 'transcript')
    .map((m) => ({ line: m.line ?? 1, ...(m.column && m.column > 1 ? { column: m.column } : {}), rule: `transcript:${m.ruleId ?? 'problem'}`, reason: m.reason }));
}
