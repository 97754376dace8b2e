/**
 * The search page's state as the URL carries it (`?q=…&kind=臨時&scope=briefing`, or `?quote=…` for a
 * quote check), so that a search can be shared, bookmarked and reloaded. `q` is passed to the engine as
 * typed: its operators (`speaker:`, `year:`, `A NEAR B`…) are the engine's to read. The URL is read before the form exists (a shared link starts
 * searching at once) and values that are not valid are dropped rather than sent to the engine.
 */
import { parseIsoDate } from '../../japanese/era.ts';
import { FILTERS, SCOPES, SORTS, type SearchOptions } from '../../search/options.ts';
import { isStatementRole } from '../../model/vocabulary.ts';

/** How the page shows hits: grouped by briefing, or one by one (the page's own choice; the engine's are options.ts). */
export const GROUPS = ['briefing', 'flat'] as const;

export interface SearchState {
  q: string;
  /** A quote to check: when there is one, the page lists the statements closest to it instead of hits. */
  quote: string;
  role: string;
  speaker: string;
  kind: string;
  from: string;
  to: string;
  sort: (typeof SORTS)[number];
  group: (typeof GROUPS)[number];
  scope: (typeof SCOPES)[number];
}

/** The fields in the order they appear in a URL. */
export const FIELDS = ['q', 'quote', 'scope', ...FILTERS, 'sort', 'group'] as const satisfies ReadonlyArray<keyof SearchState>;

export const DEFAULT_STATE: Readonly<SearchState> = { q: '', quote: '', role: '', speaker: '', kind: '', from: '', to: '', sort: 'score', group: 'briefing', scope: 'statement' };

const oneOf = <T extends string>(allowed: readonly T[], value: string | null, fallback: T): T =>
  allowed.includes(value as T) ? (value as T) : fallback;

const isoOrEmpty = (v: string | null): string => (v !== null && parseIsoDate(v.trim()) ? v.trim() : '');

/** State from any source of name → value (URL parameters, form data); invalid values fall back to the default. */
export function readState(get: (name: keyof SearchState) => string | null): SearchState {
  const role = get('role')?.trim() ?? '';
  const state: SearchState = {
    q: get('q') ?? '',
    quote: get('quote') ?? '',
    role: isStatementRole(role) ? role : '',
    speaker: get('speaker')?.trim() ?? '',
    kind: get('kind')?.trim() ?? '',
    from: isoOrEmpty(get('from')),
    to: isoOrEmpty(get('to')),
    sort: oneOf(SORTS, get('sort'), 'score'),
    group: oneOf(GROUPS, get('group'), 'briefing'),
    scope: oneOf(SCOPES, get('scope'), 'statement'),
  };
  // A reversed range would find nothing; read it the way the reader meant it.
  if (state.from && state.to && state.from > state.to) [state.from, state.to] = [state.to, state.from];
  return state;
}

export function stateFromUrl(search: string): SearchState {
  const params = new URLSearchParams(search);
  return readState((name) => params.get(name));
}

/** The query string for a state: only what differs from the defaults, in a fixed order. */
export function stateToSearch(state: SearchState): string {
  const params = new URLSearchParams();
  for (const f of FIELDS) {
    const v = f === 'q' || f === 'quote' ? state[f].trim() : state[f];
    if (v && v !== DEFAULT_STATE[f]) params.set(f, v);
  }
  const qs = params.toString();
  return qs ? `?${qs}` : '';
}

export function hasFilters(state: SearchState): boolean {
  return FILTERS.some((f) => state[f] !== '');
}

/** A query or a filter: something to list. */
export function isActive(state: SearchState): boolean {
  return state.q.trim() !== '' || hasFilters(state) || isQuoteCheck(state);
}

/** A quote to check: the page's other mode, which takes neither the query nor the filters. */
export function isQuoteCheck(state: SearchState): boolean {
  return state.quote.trim() !== '';
}

export function toOptions(state: SearchState, offset: number, limit: number): SearchOptions {
  const o: SearchOptions = { limit, offset };
  if (isStatementRole(state.role)) o.role = state.role;
  if (state.speaker) o.speaker = state.speaker;
  if (state.kind) o.kind = state.kind;
  if (state.from) o.from = state.from;
  if (state.to) o.to = state.to;
  if (state.sort !== 'score') o.sort = state.sort;
  if (state.scope !== 'statement') o.scope = state.scope;
  return o;
}

/** What the engine is asked: equal keys give equal results (grouping only changes how they are shown). */
export function searchKey(state: SearchState): string {
  const { group: _group, ...asked } = state;
  return JSON.stringify({ ...asked, q: asked.q.trim(), quote: asked.quote.trim() });
}
