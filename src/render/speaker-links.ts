/**
 * Speakers linked to their pages, at render time, on the page's tree: a turn header's speaker
 * (`<span class="speaker">大臣</span>`, which only remark-turns makes — a transcript's raw HTML is
 * text) becomes `<span class="speaker"><a href="…" data-cite="…">大臣</a></span>` when the archive
 * knows who that speaker is. Who is who depends on the whole archive (src/speakers/), which is why this
 * is not done when the transcript is parsed and cached on its own.
 */
import type { Element, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { SKIP, visit } from 'unist-util-visit';

/** Where a speaker links to, and how a citation names them. */
export interface SpeakerLink {
  href: string;
  cite: string;
}

function isSpeakerSpan(node: Element): boolean {
  const className = node.properties['className'];
  return node.tagName === 'span' && Array.isArray(className) && className.length === 1 && className[0] === 'speaker';
}

/** `links`: speaker as on the page (`data-speaker`) → their link. The tree is changed in place and returned. */
export function linkSpeakers(tree: Root, links: ReadonlyMap<string, SpeakerLink>): Root {
  if (links.size === 0) return tree;
  visit(tree, 'element', (node) => {
    if (!isSpeakerSpan(node)) return;
    const [text, ...rest] = node.children;
    const link = text?.type === 'text' && rest.length === 0 ? links.get(text.value) : undefined;
    if (link) node.children = [{ type: 'element', tagName: 'a', properties: { href: link.href, dataCite: link.cite }, children: [text!] }];
    return SKIP;
  });
  return tree;
}

/** A page's tree as HTML, serialised as Astro's Markdown renderer serialises (rehype-stringify's settings). */
export function transcriptHtml(tree: Root): string {
  return toHtml(tree, { allowDangerousHtml: true });
}
