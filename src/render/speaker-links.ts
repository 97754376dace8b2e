/**
 * Speakers linked to their pages, at render time, on the page's tree: the speaker of a turn that the
 * rules attribute to a person (`<article … data-person="中谷 元">`, whose header remark-speakers wrote
 * as `<span class="speaker">中谷 元 防衛大臣</span>`; a transcript's raw HTML is text, so only the
 * pipeline makes these) becomes `<span class="speaker"><a href="…" data-cite="…">中谷 元 防衛大臣</a></span>`
 * when the archive has a speaker page for that person. Which page a person's name belongs to depends on
 * the whole archive (src/speakers/), which is why this is not done when the transcript is parsed and
 * cached on its own.
 */
import type { Element, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { SKIP, visit } from 'unist-util-visit';

/** Where a speaker links to, and how a citation names them. */
export interface SpeakerLink {
  href: string;
  cite: string;
}

function hasClass(node: Element, name: string): boolean {
  const className = node.properties['className'];
  return Array.isArray(className) && className.includes(name);
}

function isElement(node: unknown): node is Element {
  return (node as Element | undefined)?.type === 'element';
}

/** `links`: a turn's person (`data-person`) → their link. The tree is changed in place and returned. */
export function linkSpeakers(tree: Root, links: ReadonlyMap<string, SpeakerLink>): Root {
  if (links.size === 0) return tree;
  visit(tree, 'element', (node) => {
    if (node.tagName !== 'article' || !hasClass(node, 'turn')) return;
    const person = node.properties['dataPerson'];
    const link = typeof person === 'string' ? links.get(person) : undefined;
    const header = node.children.find((c): c is Element => isElement(c) && c.tagName === 'header');
    const span = header?.children.find((c): c is Element => isElement(c) && c.tagName === 'span' && hasClass(c, 'speaker'));
    if (link && span) span.children = [{ type: 'element', tagName: 'a', properties: { href: link.href, dataCite: link.cite }, children: span.children }];
    return SKIP;
  });
  return tree;
}

/** A page's tree as HTML, serialised as Astro's Markdown renderer serialises (rehype-stringify's settings). */
export function transcriptHtml(tree: Root): string {
  return toHtml(tree, { allowDangerousHtml: true });
}
