/**
 * The search options, in one table: what a search can be asked (sort, scope, filters) and how each is
 * shown to readers. The engine takes them (`SearchOptions`), the CLI checks its flags against them and
 * prints them in its usage, the search page keeps them in its URL (client/search/state.ts) and draws its
 * form from them (pages/search.astro).
 *
 * No Node imports: the search page's bundle includes this file.
 */
import type { StatementRole } from '../model/vocabulary.ts';

/** How hits are ordered: relevance (newest first for filters alone), newest first, oldest first. */
export const SORTS = ['score', 'date', 'date-asc'] as const;
export type Sort = (typeof SORTS)[number];
export const SORT_NAMES: Record<Sort, string> = { score: '関連度順', date: '新しい順', 'date-asc': '古い順' };

/** Where every term must occur: in one statement, or anywhere in one briefing. */
export const SCOPES = ['statement', 'briefing'] as const;
export type Scope = (typeof SCOPES)[number];
export const SCOPE_NAMES: Record<Scope, string> = { statement: '同じ発言にある', briefing: '同じ会見にある（質問と答えに分かれていてもよい）' };

/** The filters, in the order a URL lists them; a search of filters alone lists what they let through. */
export const FILTERS = ['role', 'speaker', 'kind', 'from', 'to'] as const;
export type Filter = (typeof FILTERS)[number];

/** Hits a search returns unless told otherwise. */
export const DEFAULT_LIMIT = 20;

export function isSort(s: string): s is Sort {
  return (SORTS as readonly string[]).includes(s);
}

export function isScope(s: string): s is Scope {
  return (SCOPES as readonly string[]).includes(s);
}

export interface SearchOptions {
  /** Only statements of these roles. */
  role?: StatementRole | StatementRole[];
  /**
   * Only statements of this person or position, as the speaker rules resolve who speaks (the same
   * statements the speaker pages count): a full or family name (`中谷 元`, `中谷`), a position however
   * written (`統合幕僚長`, `統幕長`); or a reporter's outlet, whole (`共同通信`).
   */
  speaker?: string;
  /** Only briefings of this kind (定例, 臨時, …). */
  kind?: string;
  /** Inclusive date range, YYYY-MM-DD. */
  from?: string;
  to?: string;
  /**
   * Where all the terms must occur: in one statement (default), or anywhere in one briefing — then the
   * hits are the statements of such briefings that match at least one term, and an excluded term
   * excludes whole briefings.
   */
  scope?: Scope;
  /** Hits to return (0 = all; default DEFAULT_LIMIT), after skipping `offset`. */
  limit?: number;
  offset?: number;
  /** Relevance (default; newest first for a query of filters alone), newest first, or oldest first. */
  sort?: Sort;
  /**
   * Count every match (default): the total and the histogram are exact, which for a frequent word means
   * reading all its postings. `false`: the hits come from a bounded read (the same hits, in the same
   * order), and the total is exact only where the index's own counts give it, else a lower bound
   * (SearchResult.exact) — what a first screen needs; `count` gives the rest.
   */
  exact?: boolean;
}

/** `a, b or c`: a list of choices in a message. */
export function choices(list: readonly string[]): string {
  return list.length < 2 ? list.join('') : `${list.slice(0, -1).join(', ')} or ${list.at(-1)}`;
}
