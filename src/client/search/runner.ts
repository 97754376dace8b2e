/**
 * One search at a time on the page: its first screen, the rest batch by batch, the chart, the status
 * line and what to do when it fails. A newer search makes an older one's answer moot.
 *
 * The first screen comes from a bounded read (however frequent the words): its hits are final, and so
 * is its count when the index's own counts give it (one word, no filter) — then the chart is drawn with
 * it. Otherwise the status says "N件以上" (at least what was found) until the full count arrives, and
 * only then is the chart drawn: nothing shown while loading is taken back after.
 */
import { QuoteError, type SearchEngine, type SearchResult } from '../../search/query/engine.ts';
import { histogramChart, type Bucket } from './chart.ts';
import { FAILURE_MESSAGES, failureOf, type Failure, type PageLoader } from './failure.ts';
import type { SearchForm } from './form.ts';
import { relaxations, relaxElement } from './relax.ts';
import { el, ResultList } from './render.ts';
import { quoteList, QUOTE_STATUS } from './quote.ts';
import { isActive, isQuoteCheck, searchKey, stateToSearch, toOptions, type SearchState } from './state.ts';

/** Results fetched per step after the first screen. */
const PAGE = 20;

/**
 * How many results the first screen shows, below the form and the chart: each may need a text block of
 * its own, fetched before anything is drawn, so no more than fit.
 */
export function firstScreen(viewportHeight: number): number {
  return Math.min(6, Math.max(3, Math.ceil(viewportHeight / 220)));
}

export interface RunnerParts {
  status: HTMLElement;
  /** Where zero results say which filters to take away (relax.ts). */
  relax: HTMLElement;
  /** What the query's operators could not be used for (a wrong date, an unknown role…), in Japanese. */
  operators: HTMLElement;
  /** The download of these results (download.ts): shown when there are results. */
  download: HTMLElement;
  results: HTMLElement;
  chart: HTMLElement;
  more: HTMLButtonElement;
  retry: HTMLButtonElement;
}

export class SearchRunner {
  state: SearchState;
  private readonly engine: SearchEngine;
  private readonly loader: PageLoader;
  private readonly form: SearchForm;
  private readonly parts: RunnerParts;
  private readonly nearEnd: IntersectionObserver | null;
  private generation = 0;
  private lastKey: string | null = null;
  private list: ResultList | null = null;
  private shown = 0;
  private total = 0;
  /** `total` counts every match (else it is a lower bound); the chart is drawn once, when it does. */
  private exact = true;
  private charted = false;
  private loading = false;
  private onRetry: (() => void) | null = null;
  private failure: Failure | null = null;

  constructor(engine: SearchEngine, loader: PageLoader, form: SearchForm, parts: RunnerParts, state: SearchState) {
    this.engine = engine;
    this.loader = loader;
    this.form = form;
    this.parts = parts;
    this.state = state;
    // The rest of the results as the reader nears the end of the list.
    this.nearEnd =
      'IntersectionObserver' in window ? new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && void this.loadMore(), { rootMargin: '0px 0px 300px 0px' }) : null;
    parts.more.addEventListener('click', () => void this.loadMore());
    parts.retry.addEventListener('click', () => this.onRetry?.());
    window.addEventListener('online', () => {
      if (!parts.retry.hidden && this.failure === 'offline') this.onRetry?.();
    });
  }

  /** Searches for `next` and draws its first screen, unless that is what the page already shows. */
  async search(next: SearchState, force = false): Promise<void> {
    const key = `${searchKey(next)}|${next.group}`;
    // `change` follows `input` when a box loses focus: searching again would pull the results from
    // under the reader's keyboard focus.
    if (key === this.lastKey && !force) return;
    this.lastKey = key;
    this.state = next;
    const mine = ++this.generation;
    const { status, results, chart, more, retry, relax, download, operators } = this.parts;
    history.replaceState(null, '', stateToSearch(next) || location.pathname);
    retry.hidden = true;
    this.loading = false;
    relax.replaceChildren();
    operators.replaceChildren();
    download.hidden = true;
    if (!isActive(next)) {
      results.replaceChildren();
      chart.replaceChildren();
      status.textContent = '';
      more.hidden = true;
      return;
    }
    if (isQuoteCheck(next)) return this.checkQuote(next, mine);
    status.textContent = '検索中…';
    try {
      const result = await this.engine.search(next.q, { ...toOptions(next, 0, firstScreen(window.innerHeight)), exact: false });
      if (mine !== this.generation) return;
      this.showOperatorErrors(result);
      this.list = new ResultList(results, next.group === 'briefing');
      this.list.add(result.hits);
      this.shown = result.hits.length;
      this.total = result.total;
      this.exact = result.exact;
      this.charted = false;
      this.showStatus();
      this.drawChart(result.histogram);
      download.hidden = result.total === 0;
      if (!result.exact) void this.countAll(next, mine);
      if (result.total === 0) await this.offerRelaxed(next, mine);
    } catch (error) {
      if (mine !== this.generation) return;
      this.lastKey = null;
      this.fail(error, () => void this.search(next, true));
    }
  }

  /** The quote check: the statements closest to the quote, all at once (there are few). */
  private async checkQuote(next: SearchState, mine: number): Promise<void> {
    const { status, results, chart, more } = this.parts;
    chart.replaceChildren();
    more.hidden = true;
    this.list = null;
    status.textContent = '照合中…';
    try {
      const matches = await this.engine.quote(next.quote);
      if (mine !== this.generation) return;
      results.replaceChildren(...(matches.length > 0 ? [quoteList(matches)] : []));
      status.textContent = matches.length > 0 ? QUOTE_STATUS.found(matches.length) : QUOTE_STATUS.none;
    } catch (error) {
      if (mine !== this.generation) return;
      if (error instanceof QuoteError) {
        results.replaceChildren();
        status.textContent = QUOTE_STATUS.tooLong;
        return;
      }
      this.lastKey = null;
      this.fail(error, () => void this.search(next, true));
    }
  }

  /** Operators the engine left out of the search, each with what to write instead. */
  private showOperatorErrors(result: SearchResult): void {
    const errors = result.operators.errors;
    if (errors.length === 0) return;
    this.parts.operators.replaceChildren(el('p', { className: 'search-operator-errors', textContent: `使えない指定を除いて検索しました: ${errors.map((e) => e.messageJa).join(' ／ ')}` }));
  }

  /** Zero results: the same query with fewer filters, when that finds something. */
  private async offerRelaxed(state: SearchState, mine: number): Promise<void> {
    const found = await relaxations(this.engine, state);
    if (mine !== this.generation || found.length === 0) return;
    this.parts.relax.replaceChildren(relaxElement(found, (s) => void this.change(s)));
  }

  /** The exact total and the chart, after the first screen. */
  private async countAll(state: SearchState, mine: number): Promise<void> {
    try {
      const counts = await this.engine.count(state.q, toOptions(state, 0, 0));
      if (mine !== this.generation) return;
      this.total = counts.total;
      this.exact = true;
      this.showStatus();
      this.drawChart(counts.histogram);
    } catch (error) {
      if (mine === this.generation) this.fail(error, () => void this.countAll(state, mine));
    }
  }

  async loadMore(): Promise<void> {
    if (this.loading || !this.list || (this.exact && this.shown >= this.total)) return;
    this.loading = true;
    const mine = this.generation;
    try {
      const result = await this.engine.search(this.state.q, { ...toOptions(this.state, this.shown, PAGE), exact: false });
      if (mine !== this.generation) return;
      this.list.add(result.hits);
      this.shown += result.hits.length;
      if (!this.exact) {
        // A lower bound only grows; an exact count (the read has come to its end) replaces it.
        this.total = result.exact ? result.total : Math.max(this.total, result.total);
        this.exact = result.exact;
        this.drawChart(result.histogram);
      }
      this.showStatus();
    } catch (error) {
      if (mine === this.generation) this.fail(error, () => void this.loadMore());
    } finally {
      if (mine === this.generation) this.loading = false;
    }
  }

  private showStatus(): void {
    const { status, more } = this.parts;
    if (!this.exact) status.textContent = `${this.total}件以上の発言（${this.shown}件を表示）`;
    else status.textContent = this.total === 0 ? '該当する発言はありません' : `${this.total}件の発言（${this.shown}件を表示）`;
    more.hidden = this.exact && this.shown >= this.total;
    // Observing anew reports where the button is now: a batch too short to push it out of reach is
    // followed by the next one.
    this.nearEnd?.unobserve(more);
    if (!more.hidden) this.nearEnd?.observe(more);
  }

  private fail(error: unknown, again: () => void): void {
    const kind = failureOf(error, this.loader.networkFailed, navigator.onLine);
    this.failure = kind;
    const message = FAILURE_MESSAGES[kind];
    if (kind === 'damaged') {
      // What was shown came from the same index: none of it is left standing as if whole.
      this.parts.results.replaceChildren();
      this.parts.chart.replaceChildren();
      this.parts.more.hidden = true;
      this.list = null;
    }
    this.parts.status.textContent = message.text;
    this.parts.retry.textContent = message.action;
    this.parts.retry.hidden = false;
    this.onRetry = kind === 'offline' || kind === 'missing' ? again : () => location.reload();
  }

  /** The chart, once its counts are exact (drawn once: it never changes shape); until then only the range's clear button. */
  private drawChart(histogram: Record<string, number> | null): void {
    if (this.charted) return;
    this.charted = histogram !== null;
    const chart = histogram && this.total > 0 ? histogramChart(histogram, (b) => this.narrowTo(b)) : null;
    const clear = this.state.from || this.state.to ? el('button', { type: 'button', className: 'chart-clear', textContent: '期間の指定を解除' }) : null;
    clear?.addEventListener('click', () => this.change({ ...this.state, from: '', to: '' }));
    this.parts.chart.replaceChildren(...[chart, clear].filter((n): n is HTMLElement => n !== null));
  }

  /** A bar of the chart: its month or year, within any range already set. */
  private narrowTo(b: Bucket): void {
    const s = this.state;
    void this.change({ ...s, from: s.from > b.from ? s.from : b.from, to: s.to && s.to < b.to ? s.to : b.to }).then(() => this.parts.status.focus());
  }

  private change(next: SearchState): Promise<void> {
    this.form.write(next);
    return this.search(next);
  }
}
