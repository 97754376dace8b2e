/**
 * Arriving from a search result (`…/?hl=word1%0Aword2#t12`): mark the words in the target turn, the
 * way the results list marked them. Matching goes through the search normaliser, so a word found as
 * ﾐｻｲﾙ is marked in a page that says ミサイル.
 */
import { normalizeWithMap } from '../japanese/normalize.ts';

function markIn(root: Element, words: string[]): number {
  const targets = words.map((w) => normalizeWithMap(w).text).filter((w) => w.length > 0);
  let count = 0;
  for (const p of root.querySelectorAll('p')) {
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    const texts: Text[] = [];
    while (walker.nextNode()) texts.push(walker.currentNode as Text);
    for (const node of texts) {
      const { text, map } = normalizeWithMap(node.data);
      const ranges: Array<[number, number]> = [];
      for (const t of targets) {
        for (let at = text.indexOf(t); at >= 0; at = text.indexOf(t, at + 1)) ranges.push([map[at]!, map[at + t.length]!]);
      }
      if (ranges.length === 0) continue;
      ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
      const frag = document.createDocumentFragment();
      let pos = 0;
      for (const [s, e] of ranges) {
        if (s < pos) continue;
        frag.append(node.data.slice(pos, s));
        const mark = document.createElement('mark');
        mark.textContent = node.data.slice(s, e);
        frag.append(mark);
        pos = e;
        count += 1;
      }
      frag.append(node.data.slice(pos));
      node.replaceWith(frag);
    }
  }
  return count;
}

export function highlightFromUrl(): void {
  const words = new URLSearchParams(location.search).get('hl')?.split('\n').filter(Boolean) ?? [];
  const id = decodeURIComponent(location.hash.slice(1));
  if (words.length === 0 || !id) return;
  const turn = document.getElementById(id);
  if (!turn) return;
  markIn(turn, words);
  turn.classList.add('is-target');
  // Marking changed the text under the browser's fragment scroll; land on the turn again.
  turn.scrollIntoView({ block: 'start' });
}
