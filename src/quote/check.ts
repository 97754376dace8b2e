/**
 * The quote check: a pasted quote → the statements closest to it, best first, each with a similarity
 * in [0, 1] and the character-level differences (diff.ts). Candidates come from the quote's bigrams on
 * the static index (candidates.ts); each candidate's text (one text block, as a search result's) is
 * then aligned with the quote. Runs where the engine runs — browser and CLI — with no Node imports.
 *
 * Contract (the CLI's `--quote … --json` and the page's `data-quote-match` elements, same order):
 *   [{ briefing, turn, url, similarity, diff: [{ op: 'equal' | 'ins' | 'del', text }] }, …]
 * `ins` is in the quote but was not said, `del` was said but left out of the quote; `equal` + `del`
 * is the statement from the quote's first aligned character to its last (`span`).
 *
 * One statement a result: a quote that joins pieces of two statements (a question and its answer, two
 * answers of one briefing) lists each of them, each with the other's piece as `ins`; see
 * docs/quote-check.md.
 */
import { normalize } from '../japanese/normalize.ts';
import { ROLE_OF_LETTER, type IndexRole } from '../search/format.ts';
import { sessionFiles, SearchIndexError, type LoadStats, type Loader } from '../search/query/loader.ts';
import { openIndex, type IndexView } from '../search/query/segments.ts';
import { quoteCandidates, type CandidateOptions } from './candidates.ts';
import { quoteAlignment, type DiffSegment } from './diff.ts';

export type { DiffSegment } from './diff.ts';

/** Longest quote checked, in normalised characters: the alignment is quote × statement cells. */
export const MAX_QUOTE_CHARS = 1000;

export interface QuoteOptions extends CandidateOptions {
  /** Results returned (default 10). */
  limit?: number;
}

export interface QuoteMatch {
  briefing: string;
  turn: string;
  /** `${base}briefings/<briefing>/#<turn>`, as a search hit's. */
  url: string;
  /** Rounded to 4 decimals. See QuoteAlignment.similarity. */
  similarity: number;
  diff: DiffSegment[];
  /** [start, end) of the statement's text that `diff` covers (`equal` + `del`). */
  span: [number, number];
  /** The whole statement, for showing the diff in its context. */
  text: string;
  title: string;
  date: string;
  role: IndexRole;
  speaker: string;
}

export class QuoteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QuoteError';
  }
}

/** The index as the quote check reads it (the engine's segments), through a loader of its own. */
export function openQuoteIndex(load: Loader, stats: LoadStats = { files: 0, requests: 0, bytes: 0 }): Promise<IndexView> {
  return openIndex(sessionFiles(load, stats));
}

interface StatementText {
  briefing: string;
  turn: string;
  title: string;
  date: string;
  role: IndexRole;
  speaker: string;
  text: string;
}

/** A statement's text and where it is, from its text block. */
async function statementOf(view: IndexView, doc: number): Promise<StatementText> {
  const seg = view.segmentOf(doc);
  const chunk = await seg.text(doc);
  const local = doc - seg.base - (chunk?.first ?? 0);
  const row = chunk?.docs[local];
  if (!chunk || !row) throw new SearchIndexError('stale', 'a text block of the search index is missing a statement. Run `npm run build` again.');
  let bi = 0;
  for (let seen = chunk.briefings[0]![4]; seen <= local; seen += chunk.briefings[++bi]![4]);
  const [briefing, title, date] = chunk.briefings[bi]!;
  const [turn, , roleLetter, speakerIdx, , , text] = row;
  return { briefing, turn, title, date, role: ROLE_OF_LETTER[roleLetter] ?? 'moderator', speaker: chunk.strings[speakerIdx] ?? '', text };
}

/** The statements closest to `quote`, best first: by similarity, then by the candidates' bigram score. */
export async function checkQuote(quote: string, view: IndexView, opts: QuoteOptions = {}): Promise<QuoteMatch[]> {
  const q = normalize(quote).trim();
  if (q.length > MAX_QUOTE_CHARS) throw new QuoteError(`the quote is ${q.length} characters long; check at most ${MAX_QUOTE_CHARS} at a time`);
  if (q.length < 2) return [];
  const candidates = await quoteCandidates(view, q, opts);
  const matches = await Promise.all(
    candidates.map(async (c, rank) => {
      const s = await statementOf(view, c.doc);
      const a = quoteAlignment(s.text, quote, c.window);
      const url = `${view.manifest.base}briefings/${s.briefing.split('/').map(encodeURIComponent).join('/')}/#${encodeURIComponent(s.turn)}`;
      const match: QuoteMatch = { briefing: s.briefing, turn: s.turn, url, similarity: Math.round(a.similarity * 1e4) / 1e4, diff: a.diff, span: a.span, ...pick(s) };
      return { match, rank };
    }),
  );
  matches.sort((a, b) => b.match.similarity - a.match.similarity || a.rank - b.rank);
  return matches.slice(0, opts.limit ?? 10).map((m) => m.match);
}

function pick(s: StatementText): Pick<QuoteMatch, 'text' | 'title' | 'date' | 'role' | 'speaker'> {
  return { text: s.text, title: s.title, date: s.date, role: s.role, speaker: s.speaker };
}
