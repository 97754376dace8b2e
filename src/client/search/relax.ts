/**
 * A way out of zero results: when the filters leave nothing of a query that finds statements, say how
 * many statements the query finds without them (and without each filter, when several are set) and
 * link to those searches — `<p class="search-relax" data-relax>` under the status line.
 */
import type { SearchEngine } from '../../search/query/engine.ts';
import { el } from './render.ts';
import { hasFilters, stateToSearch, toOptions, type SearchState } from './state.ts';

/** The filters a reader can take away, one at a time (the period is one, both of its ends). */
const RELAXABLE: ReadonlyArray<{ name: string; fields: ReadonlyArray<keyof SearchState> }> = [
  { name: '発言者の立場', fields: ['role'] },
  { name: '発言者', fields: ['speaker'] },
  { name: '種別', fields: ['kind'] },
  { name: '期間', fields: ['from', 'to'] },
];

export interface Relaxation {
  /** What is taken away (すべての絞り込み, or one filter's name). */
  without: string;
  state: SearchState;
  total: number;
}

const without = (s: SearchState, fields: ReadonlyArray<keyof SearchState>): SearchState => ({ ...s, ...Object.fromEntries(fields.map((f) => [f, ''])) });

/** The searches with fewer filters that find something: all filters away, and each one away when several are set. */
export async function relaxations(engine: SearchEngine, state: SearchState): Promise<Relaxation[]> {
  if (state.q.trim() === '' || !hasFilters(state)) return [];
  const active = RELAXABLE.filter((r) => r.fields.some((f) => state[f] !== ''));
  const tries = [{ without: 'すべての絞り込み', state: without(state, RELAXABLE.flatMap((r) => r.fields)) }];
  if (active.length > 1) tries.push(...active.map((r) => ({ without: `「${r.name}」の指定`, state: without(state, r.fields) })));
  const found = await Promise.all(tries.map(async (t) => ({ ...t, total: (await engine.search(t.state.q, toOptions(t.state, 0, 1))).total })));
  return found.filter((r) => r.total > 0);
}

/** The element that says so, its links following `follow` (a plain link without script is the same search). */
export function relaxElement(found: Relaxation[], follow: (s: SearchState) => void): HTMLElement {
  const items = found.map((r) => {
    const a = el('a', { href: stateToSearch(r.state) || location.pathname, textContent: `${r.without}を外して検索（${r.total}件）` });
    a.addEventListener('click', (e) => {
      e.preventDefault();
      follow(r.state);
    });
    return el('li', {}, a);
  });
  const box = el('div', { className: 'search-relax' }, el('p', { textContent: `絞り込みを外すと、この検索語で${found[0]!.total}件の発言が見つかります。` }), el('ul', {}, ...items));
  box.dataset['relax'] = '';
  return box;
}
