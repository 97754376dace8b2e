/**
 * The transcript plugins on the site's own Markdown processor, as Starlight adds its plugins: pushed
 * onto the options of the `unified()` processor the site configured, never in its place. They act only
 * on files under the content directory, so that a site's other Markdown pages are left as they are,
 * and take the principal speaker and the speakers from the frontmatter Astro hands every file.
 *
 * The archive does not render transcripts through this processor (it parses them itself, in worker
 * threads, with the same plugin list: src/markdown/processor.ts); the plugins are here for a site that
 * renders a transcript through Astro's own content pipeline. Another processor (Astro's default,
 * Sätteri) runs no remark plugins: the site is told so once, at debug level, and loses nothing.
 */
import path from 'node:path';
import { isUnifiedProcessor, type RehypePlugin, type RemarkPlugin } from '@astrojs/markdown-remark';
import type { AstroConfig, AstroIntegrationLogger } from 'astro';
import type { Pluggable, PluggableList, Plugin, Transformer } from 'unified';
import type { Node } from 'unist';
import type { VFile } from 'vfile';
import type { TranscriptMarkdownOptions } from '../markdown/processor.ts';
import { transcriptRehypePlugins, transcriptRemarkPlugins } from '../markdown/plugins.ts';
import { principalSpeaker, type BriefingFrontmatter } from '../model/frontmatter.ts';

type MarkdownProcessor = AstroConfig['markdown']['processor'];

/** Whether `file` is a transcript: a file under the content directory. */
function isTranscript(file: VFile, contentDir: string): boolean {
  return typeof file.path === 'string' && !path.relative(contentDir, file.path).startsWith('..') && path.isAbsolute(file.path);
}

/** One plugin that runs `plugins` in order, on transcripts only. */
function onTranscripts(plugins: PluggableList, contentDir: string): Plugin {
  return function attacher(this: unknown) {
    const transformers = plugins.map((p: Pluggable) => {
      const [plugin, options] = Array.isArray(p) ? p : [p];
      return (plugin as (this: unknown, options?: unknown) => Transformer | void).call(this, options);
    });
    return async (tree: Node, file: VFile) => {
      if (!isTranscript(file, contentDir)) return;
      const astro = file.data['astro'] as { frontmatter?: Partial<BriefingFrontmatter> } | undefined;
      file.data.principal ??= principalSpeaker(astro?.frontmatter ?? {});
      file.data.speakers ??= astro?.frontmatter?.speakers ?? [];
      for (const transform of transformers) if (transform) await (transform as (t: Node, f: VFile) => unknown)(tree, file);
    };
  } as Plugin;
}

/** Add the transcript plugins to the site's processor (a `unified()` one: other processors run no remark plugins). */
export function addTranscriptPlugins(processor: MarkdownProcessor, contentDir: string, logger: AstroIntegrationLogger): void {
  if (!isUnifiedProcessor(processor)) {
    logger.debug(`the site's Markdown processor ("${processor.name}") runs no remark plugins: transcripts are rendered by the archive's own processor only`);
    return;
  }
  processor.options.remarkPlugins.push(onTranscripts(transcriptRemarkPlugins, contentDir) as RemarkPlugin);
  processor.options.rehypePlugins.push(onTranscripts(transcriptRehypePlugins, contentDir) as RehypePlugin);
}

/** The site's Markdown options the archive's own processor follows: GFM, unless the site turned it off. */
export function transcriptMarkdownOptions(config: AstroConfig): TranscriptMarkdownOptions {
  const processor = config.markdown.processor;
  const own = isUnifiedProcessor(processor) ? processor.options.gfm : (processor.options as { features?: { gfm?: boolean } }).features?.gfm;
  return (own ?? config.markdown.gfm) === false ? { gfm: false } : {};
}
