/**
 * The search form: its fields as a SearchState and back, the filters' lists once the facets arrive,
 * and when to search as the reader types.
 */
import type { Facets } from '../../search/format.ts';
import { el } from './render.ts';
import { FIELDS, hasFilters, isQuoteCheck, readState, type SearchState } from './state.ts';

const DEBOUNCE_MS = 200;

export class SearchForm {
  readonly form: HTMLFormElement;
  readonly box: HTMLInputElement;
  private readonly filters: HTMLDetailsElement;
  private readonly speakers: HTMLDataListElement;
  private readonly quote: HTMLDetailsElement;

  constructor(form: HTMLFormElement, filters: HTMLDetailsElement, speakers: HTMLDataListElement, quote: HTMLDetailsElement) {
    this.form = form;
    this.filters = filters;
    this.speakers = speakers;
    this.quote = quote;
    this.box = this.field('q') as HTMLInputElement;
  }

  private field(name: string): HTMLInputElement | HTMLSelectElement | RadioNodeList | null {
    return this.form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | RadioNodeList | null;
  }

  read(): SearchState {
    return readState((name) => this.field(name)?.value ?? null);
  }

  write(s: SearchState): void {
    // The kinds arrive with the facets; a shared ?kind= must show (and search) before they do.
    const kind = this.field('kind') as HTMLSelectElement;
    if (s.kind && ![...kind.options].some((o) => o.value === s.kind)) kind.append(el('option', { value: s.kind, textContent: s.kind }));
    for (const f of FIELDS) {
      const input = this.field(f);
      if (input) input.value = s[f];
    }
    if (hasFilters(s)) this.filters.open = true;
    if (isQuoteCheck(s)) this.quote.open = true;
  }

  /** Kinds with their counts, and the people and positions to suggest (never a bare label: Q, A, 問). */
  addFacets(f: Facets): void {
    const kind = this.field('kind') as HTMLSelectElement;
    for (const [k, n] of f.kinds) {
      const existing = [...kind.options].find((o) => o.value === k);
      if (existing) existing.textContent = `${k}（${n}）`;
      else kind.append(el('option', { value: k, textContent: `${k}（${n}）` }));
    }
    const people = f.people.slice(0, 200).map(([person, positions, n]) => el('option', { value: person, label: `${positions.length > 0 ? `${positions.join('・')}、` : ''}発言${n}件` }));
    const positions = f.positions.map(([position, n]) => el('option', { value: position, label: `役職、発言${n}件` }));
    this.speakers.replaceChildren(...people, ...positions);
  }

  onFiltersOpened(f: () => void): void {
    this.filters.addEventListener('toggle', () => this.filters.open && f());
  }

  /**
   * Calls `search` when the reader changes something: key by key after a pause; at once for a word
   * that arrives whole (an IME conversion committed, a paste) and on submit. Nothing is searched while
   * a conversion is still being composed.
   */
  onChange(search: (s: SearchState) => void): void {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const soon = () => {
      clearTimeout(timer);
      timer = setTimeout(() => search(this.read()), DEBOUNCE_MS);
    };
    const now = () => {
      clearTimeout(timer);
      search(this.read());
    };
    const box = this.box;
    let composing = false;
    let typed = box.value.length;
    box.addEventListener('compositionstart', () => (composing = true));
    box.addEventListener('compositionend', () => {
      composing = false;
      typed = box.value.length;
      now();
    });
    this.form.addEventListener('input', (e) => {
      if (e.target !== box) return (e as InputEvent).isComposing ? undefined : soon();
      if (composing || (e as InputEvent).isComposing) return;
      const jump = Math.abs(box.value.length - typed) > 1;
      typed = box.value.length;
      if (jump) now();
      else soon();
    });
    this.form.addEventListener('change', soon);
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      now();
    });
  }
}
