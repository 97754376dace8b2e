/**
 * remark plugin: links and images may only go where a reader can safely follow them.
 *
 * `[…](javascript:…)`, `<vbscript:…>`, `![](data:…)` and the same through reference definitions are
 * reported (source `transcript`, rule `unsafe-url`) at their line; the sanitiser (rehype, see
 * sanitize.ts) removes them from the HTML as well, so a missed check can never ship a script link.
 *
 * Images that point at a file next to the transcript are recorded on `file.data.transcriptMedia`, for
 * the build to check that the file exists and to publish it with the page.
 *
 * AST contract: reads only; the tree is left as it is.
 */
import type { Root } from 'mdast';
import { definitions } from 'mdast-util-definitions';
import type { Plugin } from 'unified';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { isRelativeFile, isSafeUrl, LINK_PROTOCOLS, MEDIA_PROTOCOLS } from '../model/urls.ts';

export interface MediaReference {
  /** The URL as written (relative to the transcript's folder). */
  url: string;
  line: number;
}

declare module 'vfile' {
  interface DataMap {
    transcriptMedia: MediaReference[];
  }
}

export const remarkTranscriptSafeUrls: Plugin<[], Root> = function () {
  return (tree: Root, file: VFile) => {
    const definition = definitions(tree);
    const media: MediaReference[] = [];
    visit(tree, (node) => {
      let url: string | undefined;
      if (node.type === 'link' || node.type === 'image' || node.type === 'definition') url = node.url;
      else if (node.type === 'imageReference') url = definition(node.identifier)?.url;
      else return;
      const image = node.type === 'image' || node.type === 'imageReference';
      if (url === undefined) return;
      const line = node.position?.start.line ?? 1;
      // A reference is checked where its definition gives the address, once.
      if (node.type !== 'imageReference' && !isSafeUrl(image ? MEDIA_PROTOCOLS : LINK_PROTOCOLS, url)) {
        const allowed = image ? 'http://, https:// or a file next to the transcript' : 'http://, https://, mailto:, a path or a #fragment';
        file.message(`unsafe ${image ? 'image' : 'link'} address "${url.slice(0, 60)}": only ${allowed} may be linked; remove it or write the address as text`, {
          place: { line, column: node.position?.start.column ?? 1 },
          ruleId: 'unsafe-url',
          source: 'transcript',
        });
      } else if (image && isSafeUrl(MEDIA_PROTOCOLS, url) && isRelativeFile(url)) media.push({ url, line });
    });
    file.data.transcriptMedia = media;
  };
};
