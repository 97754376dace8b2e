/**
 * The search page in the browser: the same query engine as the CLI (src/search/engine.ts) over the
 * static index, results as you type, query and filters kept in the URL so a search can be shared.
 *
 * Every string from the query or the index reaches the DOM through textContent; the snippet's matches
 * become <mark> elements built here from the engine's ranges.
 */
import { createSearch, fetchLoader, markedWords, type SearchHit, type SearchOptions, type Snippet } from '../search/query/engine.ts';
import { ROLE_NAMES } from '../transcript/vocabulary.ts';

const PAGE = 50;
const DEBOUNCE_MS = 200;
const FIELDS = ['q', 'role', 'speaker', 'kind', 'from', 'to', 'sort', 'group'] as const;
type Field = (typeof FIELDS)[number];

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

/** The turn's URL with the matched words in `hl`, before the fragment. */
export function resultHref(hit: SearchHit): string {
  const [path, fragment] = hit.url.split('#');
  const words = markedWords(hit.snippet);
  const query = words.length > 0 ? `?${new URLSearchParams({ hl: words.join('\n') })}` : '';
  return `${path}${query}${fragment ? `#${fragment}` : ''}`;
}

/** The snippet's text with its matches in <mark>, and … where text was left out. */
function snippetNodes(s: Snippet): Array<Node | string> {
  const out: Array<Node | string> = s.before ? ['…'] : [];
  let at = 0;
  for (const [a, b] of s.marks) {
    out.push(s.text.slice(at, a), el('mark', { textContent: s.text.slice(a, b) }));
    at = b;
  }
  out.push(s.text.slice(at));
  if (s.after) out.push('…');
  return out;
}

function hitItem(hit: SearchHit): HTMLLIElement {
  const snippet = el('p', { className: 'hit-snippet' }, ...snippetNodes(hit.snippet));
  const meta = el(
    'p',
    { className: 'hit-meta' },
    el('span', { className: `hit-role role-${hit.role}`, textContent: ROLE_NAMES[hit.role] }),
    ' ',
    el('span', { className: 'hit-speaker', textContent: hit.speaker }),
    hit.topic ? el('span', { className: 'hit-topic', textContent: ` — ${hit.topic}` }) : '',
  );
  return el('li', { className: 'hit' }, el('a', { href: resultHref(hit), className: 'hit-link' }, meta, snippet));
}

function briefingHeader(hit: SearchHit): HTMLElement {
  return el(
    'h2',
    { className: 'hit-briefing' },
    el('time', { dateTime: hit.date, textContent: hit.date }),
    ' ',
    el('a', { href: hit.url.split('#')[0]!, textContent: hit.title }),
  );
}

export function mountSearch(doc: Document): void {
  const form = doc.getElementById('search-form') as HTMLFormElement;
  const input = (name: Field) => form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement;
  const status = doc.getElementById('search-status')!;
  const results = doc.getElementById('search-results')!;
  const more = doc.getElementById('search-more') as HTMLButtonElement;
  const base = import.meta.env.BASE_URL.replace(/\/?$/u, '/');
  const engine = createSearch(fetchLoader(`${base}search/`));

  const params = new URLSearchParams(location.search);
  for (const f of FIELDS) {
    const v = params.get(f);
    if (v !== null) input(f).value = v;
  }
  if (['role', 'speaker', 'kind', 'from', 'to'].some((f) => params.get(f))) (doc.getElementById('filters') as HTMLDetailsElement).open = true;
  const headerBox = doc.getElementById('site-search-q') as HTMLInputElement | null;

  void engine.facets().then((facets) => {
    const kind = input('kind') as HTMLSelectElement;
    for (const [k, n] of facets.kinds) kind.append(el('option', { value: k, textContent: `${k}（${n}）`, selected: params.get('kind') === k }));
    const list = doc.getElementById('speaker-list')!;
    for (const [s] of facets.speakers.slice(0, 200)) list.append(el('option', { value: s }));
  }, () => {});

  let generation = 0;
  let shown = 0;
  let lastBriefing = '';
  let list: HTMLOListElement | null = null;

  const options = (offset: number): SearchOptions => {
    const o: SearchOptions = { limit: PAGE, offset };
    const role = input('role').value;
    if (role) o.role = role as SearchOptions['role'] & string;
    for (const f of ['speaker', 'kind', 'from', 'to'] as const) {
      const v = input(f).value.trim();
      if (v) o[f] = v;
    }
    const sort = input('sort').value;
    if (sort === 'date' || sort === 'date-asc') o.sort = sort;
    return o;
  };

  const syncUrl = () => {
    const next = new URLSearchParams();
    for (const f of FIELDS) {
      const v = input(f).value.trim();
      if (v && !(f === 'sort' && v === 'score') && !(f === 'group' && v === 'briefing')) next.set(f, v);
    }
    const qs = next.toString();
    history.replaceState(null, '', qs ? `?${qs}` : location.pathname);
  };

  const render = (hits: SearchHit[], reset: boolean) => {
    const grouped = input('group').value !== 'flat';
    if (reset) {
      results.replaceChildren();
      list = null;
      lastBriefing = '';
    }
    // Grouped: each briefing once per batch, at the rank of its best hit.
    const ordered = grouped ? [...Map.groupBy(hits, (h) => h.briefing).values()].flat() : hits;
    for (const hit of ordered) {
      if (grouped && hit.briefing !== lastBriefing) {
        results.append(briefingHeader(hit));
        list = null;
        lastBriefing = hit.briefing;
      }
      if (!list) {
        list = el('ol', { className: 'hits' });
        results.append(list);
      }
      list.append(hitItem(hit));
    }
  };

  let lastKey = '';
  const run = async (reset: boolean) => {
    const q = input('q').value;
    // `change` follows `input` when the box loses focus: re-rendering then would pull the result
    // list from under the reader's keyboard focus.
    const key = JSON.stringify([q, options(0), input('group').value]);
    if (reset && key === lastKey) return;
    lastKey = key;
    const mine = ++generation;
    if (reset) shown = 0;
    syncUrl();
    if (headerBox && reset) headerBox.value = q;
    const filtered = ['role', 'speaker', 'kind', 'from', 'to'].some((f) => input(f as Field).value.trim());
    if (!q.trim() && !filtered) {
      results.replaceChildren();
      status.textContent = '';
      more.hidden = true;
      return;
    }
    status.textContent = '検索中…';
    try {
      const result = await engine.search(q, options(shown));
      if (mine !== generation) return;
      render(result.hits, reset);
      shown += result.hits.length;
      status.textContent = result.total === 0 ? '該当する発言はありません' : `${result.total}件の発言（${shown}件を表示）`;
      more.hidden = shown >= result.total;
    } catch (error) {
      if (mine !== generation) return;
      status.textContent = `検索できませんでした: ${(error as Error).message}`;
    }
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void run(true), DEBOUNCE_MS);
  };
  // Fetch the manifest and what every first query needs while the reader is still typing.
  input('q').addEventListener('focus', () => void engine.preload().catch(() => {}), { once: true });
  form.addEventListener('input', soon);
  form.addEventListener('change', soon);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(timer);
    void run(true);
  });
  more.addEventListener('click', () => void run(false));
  if (input('q').value.trim() || ['role', 'speaker', 'kind', 'from', 'to'].some((f) => params.get(f))) void run(true);
  (input('q') as HTMLInputElement).focus();
}
