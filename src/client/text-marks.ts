/**
 * Marking words in a page's text the way the search finds them: through the one search normaliser
 * (src/japanese/normalize.ts: width, case, kana), so that ﾐｻｲﾙ or みさいる marks ミサイル. A match may
 * run across several text nodes (a link or an emphasis inside a paragraph); it is then several
 * <mark> elements, one per node, returned together.
 *
 * Only text nodes are split and wrapped: the page's text is never re-parsed as HTML.
 */
import { normalize, normalizeWithMap, sourceRange } from '../japanese/normalize.ts';

/**
 * The query's words in search form: split at white space, then each normalised (normalising first would
 * join two Japanese words, as it drops the space between them), empty ones dropped.
 */
export function termsOf(query: string): string[] {
  return [...new Set(query.split(/[\s\u3000]+/u).map(normalize).filter((t) => t.trim().length > 0))];
}

interface Segment {
  start: number;
  end: number;
  match: number;
}

/** Wrap every occurrence of `terms` (search form, see termsOf) in the text under `root`. */
export function markTerms(root: Element, terms: string[], className = ''): HTMLElement[][] {
  if (terms.length === 0) return [];
  const doc = root.ownerDocument;
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  const starts: number[] = [];
  let source = '';
  while (walker.nextNode()) {
    const node = walker.currentNode as Text;
    nodes.push(node);
    starts.push(source.length);
    source += node.data;
  }
  const norm = normalizeWithMap(source);
  const ranges: Array<[number, number]> = [];
  for (const t of terms) {
    for (let at = norm.text.indexOf(t); at >= 0; at = norm.text.indexOf(t, at + 1)) ranges.push(sourceRange(norm, at, at + t.length));
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const kept: Array<[number, number]> = [];
  for (const r of ranges) if (kept.length === 0 || r[0] >= kept.at(-1)![1]) kept.push(r);

  const perNode = new Map<number, Segment[]>();
  kept.forEach(([s, e], match) => {
    nodes.forEach((node, i) => {
      const ns = starts[i]!;
      const ne = ns + node.data.length;
      if (e <= ns || s >= ne) return;
      const list = perNode.get(i) ?? [];
      list.push({ start: Math.max(s, ns) - ns, end: Math.min(e, ne) - ns, match });
      perNode.set(i, list);
    });
  });
  const marks: HTMLElement[][] = kept.map(() => []);
  for (const [i, segments] of perNode) {
    const node = nodes[i]!;
    const frag = doc.createDocumentFragment();
    let pos = 0;
    for (const seg of segments) {
      frag.append(node.data.slice(pos, seg.start));
      const mark = doc.createElement('mark');
      if (className) mark.className = className;
      mark.textContent = node.data.slice(seg.start, seg.end);
      frag.append(mark);
      marks[seg.match]!.push(mark);
      pos = seg.end;
    }
    frag.append(node.data.slice(pos));
    node.replaceWith(frag);
  }
  return marks;
}

/** Undo markTerms for marks of `className` under `root`. */
export function unmark(root: Element, className: string): void {
  const parents = new Set<Node>();
  for (const mark of root.querySelectorAll(`mark.${className}`)) {
    const parent = mark.parentNode;
    if (!parent) continue;
    mark.replaceWith(...mark.childNodes);
    parents.add(parent);
  }
  for (const p of parents) p.normalize();
}
