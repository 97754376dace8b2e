/**
 * The search page in the browser: the same query engine as the CLI (src/search/query/engine.ts) over
 * the static index, results as you type, query and filters kept in the URL so a search can be shared.
 *
 * Speed on a phone decides the order of things here: a shared `?q=` link searches before anything
 * else is set up (the page's head has already started fetching the manifest), only the first screen
 * of results is fetched and drawn at once, and the rest follows as the reader scrolls. With no query,
 * the engine's first files are fetched when the box gets focus or the browser is idle.
 */
import { createSearch, type SearchResult } from '../search/query/engine.ts';
import type { Facets } from '../search/format.ts';
import { histogramChart, type Bucket } from './search/chart.ts';
import { FAILURE_MESSAGES, failureOf, pageLoader } from './search/failure.ts';
import { el, ResultList } from './search/render.ts';
import { FIELDS, hasFilters, isActive, readState, searchKey, stateFromUrl, stateToSearch, toOptions, type SearchState } from './search/state.ts';

export { resultHref } from './search/render.ts';

/** Results fetched per scroll step after the first screen. */
const PAGE = 20;
const DEBOUNCE_MS = 200;

/** How many results fill the first screen: fewer on a short screen, so fewer text blocks to fetch. */
export function firstScreen(viewportHeight: number): number {
  return Math.min(8, Math.max(4, Math.ceil(viewportHeight / 150)));
}

/** Set by the inline script in the page's head when the URL holds a search (see search.astro). */
declare global {
  interface Window {
    kaikenSearchManifest?: Promise<ArrayBuffer>;
  }
}

export function mountSearch(doc: Document): void {
  const byId = <T extends HTMLElement>(id: string) => doc.getElementById(id) as T;
  const form = byId<HTMLFormElement>('search-form');
  const status = byId<HTMLElement>('search-status');
  const results = byId<HTMLElement>('search-results');
  const chartBox = byId<HTMLElement>('search-chart');
  const more = byId<HTMLButtonElement>('search-more');
  const retry = byId<HTMLButtonElement>('search-retry');
  const filters = byId<HTMLDetailsElement>('filters');
  const base = import.meta.env.BASE_URL.replace(/\/?$/u, '/');
  const loader = pageLoader(`${base}search/`, window.kaikenSearchManifest ?? null);
  const engine = createSearch(loader.load);

  let state = stateFromUrl(location.search);
  let generation = 0;
  let lastKey: string | null = null;
  let list: ResultList | null = null;
  let shown = 0;
  let total = 0;
  let loading = false;
  let onRetry: (() => void) | null = null;

  const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | RadioNodeList | null;
  const readForm = (): SearchState => readState((name) => field(name)?.value ?? null);
  const writeForm = (s: SearchState) => {
    const kind = field('kind') as HTMLSelectElement;
    // The kinds arrive with the facets; a shared ?kind= must show (and search) before they do.
    if (s.kind && ![...kind.options].some((o) => o.value === s.kind)) kind.append(el('option', { value: s.kind, textContent: s.kind }));
    for (const f of FIELDS) {
      const input = field(f);
      if (input) input.value = s[f];
    }
    if (hasFilters(s)) filters.open = true;
  };

  const showStatus = () => {
    status.textContent = total === 0 ? '該当する発言はありません' : `${total}件の発言（${shown}件を表示）`;
    more.hidden = shown >= total;
  };

  const fail = (error: unknown, again: () => void) => {
    const kind = failureOf(error, loader.networkFailed, navigator.onLine);
    const message = FAILURE_MESSAGES[kind];
    status.textContent = message.text;
    retry.textContent = message.action;
    retry.hidden = false;
    onRetry = kind === 'offline' || kind === 'missing' ? again : () => location.reload();
  };

  const drawChart = (result: SearchResult) => {
    const chart = total > 0 ? histogramChart(result.histogram, narrowTo) : null;
    const clear = state.from || state.to ? el('button', { type: 'button', className: 'chart-clear', textContent: '期間の指定を解除' }) : null;
    clear?.addEventListener('click', () => {
      const next = { ...state, from: '', to: '' };
      writeForm(next);
      void search(next);
    });
    chartBox.replaceChildren(...[chart, clear].filter((n): n is HTMLElement => n !== null));
  };

  /** Runs the state's search and draws its first screen; a newer search makes an older one's answer moot. */
  const search = async (next: SearchState, force = false): Promise<void> => {
    const key = `${searchKey(next)}|${next.group}`;
    // `change` follows `input` when a box loses focus: searching again would pull the results from
    // under the reader's keyboard focus.
    if (key === lastKey && !force) return;
    lastKey = key;
    state = next;
    const mine = ++generation;
    history.replaceState(null, '', stateToSearch(next) || location.pathname);
    retry.hidden = true;
    loading = false;
    if (!isActive(next)) {
      results.replaceChildren();
      chartBox.replaceChildren();
      status.textContent = '';
      more.hidden = true;
      return;
    }
    status.textContent = '検索中…';
    try {
      const result = await engine.search(next.q, toOptions(next, 0, firstScreen(window.innerHeight)));
      if (mine !== generation) return;
      list = new ResultList(results, next.group === 'briefing');
      list.add(result.hits);
      shown = result.hits.length;
      total = result.total;
      showStatus();
      drawChart(result);
    } catch (error) {
      if (mine !== generation) return;
      lastKey = null;
      fail(error, () => void search(next, true));
    }
  };

  const loadMore = async (): Promise<void> => {
    if (loading || !list || shown >= total) return;
    loading = true;
    const mine = generation;
    try {
      const result = await engine.search(state.q, toOptions(state, shown, PAGE));
      if (mine !== generation) return;
      list.add(result.hits);
      shown += result.hits.length;
      total = result.total;
      showStatus();
    } catch (error) {
      if (mine === generation) fail(error, () => void loadMore());
    } finally {
      if (mine === generation) loading = false;
    }
  };

  /** A bar of the chart: its month or year, within any range already set. */
  function narrowTo(b: Bucket): void {
    const next = { ...state, from: state.from > b.from ? state.from : b.from, to: state.to && state.to < b.to ? state.to : b.to };
    writeForm(next);
    void search(next).then(() => status.focus());
  }

  // First the search a shared link asks for: everything below can wait for it.
  writeForm(state);
  if (isActive(state)) void search(state);

  let facets: Promise<void> | null = null;
  const loadFacets = () => (facets ??= engine.facets().then(addFacets, () => void (facets = null)));
  const addFacets = (f: Facets) => {
    const kind = field('kind') as HTMLSelectElement;
    for (const [k, n] of f.kinds) {
      const existing = [...kind.options].find((o) => o.value === k);
      if (existing) existing.textContent = `${k}（${n}）`;
      else kind.append(el('option', { value: k, textContent: `${k}（${n}）` }));
    }
    // The index lists a speaker once per role; a statement without a label has an empty speaker.
    const names = [...new Set(f.speakers.map(([s]) => s.trim()).filter((s) => s !== ''))].slice(0, 200);
    byId('speaker-list').replaceChildren(...names.map((s) => el('option', { value: s })));
  };
  const preload = () => void engine.preload().catch(() => {});
  const whenIdle = (f: () => void) => ('requestIdleCallback' in window ? requestIdleCallback(() => f(), { timeout: 3000 }) : setTimeout(f, 1000));

  const box = field('q') as HTMLInputElement;
  box.addEventListener('focus', preload, { once: true });
  filters.addEventListener('toggle', () => filters.open && void loadFacets());
  whenIdle(() => {
    preload();
    void loadFacets();
  });

  let timer: ReturnType<typeof setTimeout> | undefined;
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void search(readForm()), DEBOUNCE_MS);
  };
  form.addEventListener('input', soon);
  form.addEventListener('change', soon);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(timer);
    void search(readForm());
  });
  more.addEventListener('click', () => void loadMore());
  retry.addEventListener('click', () => onRetry?.());
  window.addEventListener('online', () => {
    if (!retry.hidden) onRetry?.();
  });
  // The rest of the results as the reader nears the end of the list.
  if ('IntersectionObserver' in window) {
    new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && void loadMore(), { rootMargin: '0px 0px 300px 0px' }).observe(more);
  }
  // On a phone the keyboard would cover the results of a shared link: focus the box only when empty.
  if (!isActive(state)) box.focus();
}
