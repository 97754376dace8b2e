/**
 * src/client/ — the pages' browser code, bundled by Astro: this search page (with search/: form →
 * runner → render, chart, URL state, failures), find-in-transcript.ts, cite.ts, highlight.ts,
 * print-note.ts and theme.ts. Takes the built pages' markup (the README's HTML contract) and the
 * search index; gives what a reader does with them. The CLIs are in scripts/, the benchmark's in bench/.
 *
 * The search page in the browser: the same query engine as the CLI (src/search/query/engine.ts) over
 * the static index, results as you type, query and filters kept in the URL so a search can be shared.
 *
 * Speed on a phone decides the order of things here: a shared `?q=` link searches before anything
 * else is set up (the page's head has already started fetching the manifest), only the first screen
 * of results is fetched and drawn at once, and the rest follows as the reader scrolls. With no query,
 * the engine's first files are fetched when the box gets focus or the browser is idle.
 */
import { ROUTES, withBase } from '../model/routes.ts';
import { createSearch } from '../search/query/engine.ts';
import { exportFile, save, type ExportFormat } from './search/download.ts';
import { pageLoader } from './search/failure.ts';
import { SearchForm } from './search/form.ts';
import { SearchRunner, type RunnerParts } from './search/runner.ts';
import { isActive, stateFromUrl } from './search/state.ts';

export { resultHref } from './search/render.ts';

/** Set by the inline script in the page's head when the URL holds a search (see search.astro). */
declare global {
  interface Window {
    kaikenSearchManifest?: Promise<ArrayBuffer>;
  }
}

/** The download buttons: each makes its file from the current search when pressed. */
function mountDownload(box: HTMLElement, status: HTMLElement, make: (format: ExportFormat) => Promise<File>): void {
  for (const button of box.querySelectorAll<HTMLButtonElement>('button[data-format]')) {
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        const file = await make(button.dataset['format'] === 'jsonl' ? 'jsonl' : 'csv');
        save(file);
      } catch {
        status.textContent = 'ダウンロードを用意できませんでした。もう一度お試しください。';
      } finally {
        button.disabled = false;
      }
    });
  }
}

export function mountSearch(doc: Document): void {
  const byId = <T extends HTMLElement>(id: string) => doc.getElementById(id) as T;
  const loader = pageLoader(withBase(import.meta.env.BASE_URL, ROUTES.search), window.kaikenSearchManifest ?? null);
  const engine = createSearch(loader.load);
  const form = new SearchForm(byId('search-form'), byId('filters'), byId('speaker-list'), byId('quote-check'));
  const state = stateFromUrl(location.search);
  const parts: RunnerParts = {
    status: byId('search-status'),
    relax: byId('search-relax'),
    operators: byId('search-operators'),
    download: byId('search-download'),
    results: byId('search-results'),
    chart: byId('search-chart'),
    more: byId<HTMLButtonElement>('search-more'),
    retry: byId<HTMLButtonElement>('search-retry'),
  };
  const runner = new SearchRunner(engine, loader, form, parts, state);
  mountDownload(parts.download, parts.status, (format) => exportFile(engine, runner.state, format, parts.download.dataset['site'] ?? null));

  // First the search a shared link asks for: everything below can wait for it. The briefings tables
  // (preload) are fetched beside the query's first blocks instead of after them.
  form.write(state);
  const preload = () => engine.preload().catch(() => {});
  const first = isActive(state) ? Promise.all([runner.search(state), preload()]) : Promise.resolve();

  let facets: Promise<void> | null = null;
  const loadFacets = () => (facets ??= engine.facets().then((f) => form.addFacets(f), () => void (facets = null)));
  const whenIdle = (f: () => void) => ('requestIdleCallback' in window ? requestIdleCallback(() => f(), { timeout: 3000 }) : setTimeout(f, 1000));
  form.box.addEventListener('focus', () => void preload(), { once: true });
  form.onFiltersOpened(() => void loadFacets());
  // The filters' lists compete with a shared link's search for the network: after it.
  void first.then(() =>
    whenIdle(() => {
      void preload();
      void loadFacets();
    }),
  );
  form.onChange((s) => void runner.search(s));

  // On a phone the keyboard would cover the results of a shared link: focus the box only when empty.
  if (!isActive(state)) form.box.focus();
}
