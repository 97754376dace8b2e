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
 * answers of one briefing) lists each of them, each with the other's piece as `ins`. A result whose
 * quote has a long run that its statement does not say also names, in `others`, the statement of the
 * same briefing that says that run (the clause joined from another answer); see docs/toolkit.md.
 */
import { normalize } from '../../japanese/normalize.ts';
import type { IndexRole } from '../format.ts';
import type { SpeakerLabel } from '../../model/model.ts';
import type { IndexView } from './segments.ts';
import { statementAt, statementUrl, type IndexedStatement } from './statements.ts';
import { hardChars } from '../../compare/align.ts';
import { quoteCandidates, type CandidateOptions } from './quote-candidates.ts';
import { quoteAlignment, type DiffSegment } from '../../compare/diff.ts';

export type { DiffSegment } from '../../compare/diff.ts';

/** Longest quote checked, in normalised characters: the alignment is quote × statement cells. */
export const MAX_QUOTE_CHARS = 1000;

/** Up to this many cells (~10 ms) a candidate is aligned whole; past it, within its bigrams' window. */
const WHOLE_STATEMENT_CELLS = 1_000_000;

/** Results a quote check returns unless told (the search page's and the CLI's number). */
export const QUOTE_LIMIT = 10;

export interface QuoteOptions extends CandidateOptions {
  /** Results returned (default QUOTE_LIMIT). */
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
  /** The speaker as on the page, and who speaks by the speaker rules (as a search hit's). */
  speaker: string;
  label: SpeakerLabel | null;
  person: string | null;
  position: string | null;
  /**
   * Other statements of the same briefing that say a piece of the quote this one does not (see
   * joinedPieces), most of the quote first: the quote joined them. Absent when there is none.
   */
  others?: QuotePiece[];
}

/** Where a piece of the quote that the statement does not say was said. */
export interface QuotePiece {
  turn: string;
  url: string;
  /** The piece of the quote, as typed, that this statement says and the match does not. */
  piece: string;
  similarity: number;
  diff: DiffSegment[];
}

/** Fewer characters (not counting punctuation) than this are a changed word, not a joined clause. */
export const JOINED_MIN_CHARS = 5;
export const JOINED_MIN_SIMILARITY = 0.8;

export class QuoteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QuoteError';
  }
}

/** The statements closest to `quote`, best first: by similarity, then by the candidates' bigram score. */
export async function checkQuote(quote: string, view: IndexView, opts: QuoteOptions = {}): Promise<QuoteMatch[]> {
  const q = normalize(quote).trim();
  if (q.length > MAX_QUOTE_CHARS) throw new QuoteError(`the quote is ${q.length} characters long; check at most ${MAX_QUOTE_CHARS} at a time`);
  if (q.length < 2) return [];
  const candidates = await quoteCandidates(view, q, opts);
  const matches = await Promise.all(
    candidates.map(async (c, rank) => {
      const s = await statementAt(view, c.doc);
      // A whole statement when it is cheap (a clause dropped from the middle may be longer than the window).
      const a = quoteAlignment(s.text, quote, s.text.length * q.length > WHOLE_STATEMENT_CELLS ? c.window : undefined);
      const match: QuoteMatch = { briefing: s.briefing, turn: s.turn, url: statementUrl(view, s), similarity: rounded(a.similarity), diff: a.diff, span: a.span, ...pick(s) };
      return { match, rank, said: a.said };
    }),
  );
  matches.sort((a, b) => b.match.similarity - a.match.similarity || a.rank - b.rank);
  const top = matches.slice(0, opts.limit ?? QUOTE_LIMIT);
  for (const m of top) {
    const others = joinedPieces(quote, m, matches);
    if (others.length > 0) m.match.others = others;
  }
  return top.map((m) => m.match);
}

const rounded = (x: number): number => Math.round(x * 1e4) / 1e4;


type Aligned = { match: QuoteMatch; said: Array<[number, number]> };

/**
 * Other statements of the briefing that say part of the quote this match does not: the characters
 * another candidate says and this one does not, from the first to the last (the piece), when there are
 * JOINED_MIN_CHARS of them and that statement says the piece alone with JOINED_MIN_SIMILARITY.
 */
function joinedPieces(quote: string, m: Aligned, all: Aligned[]): QuotePiece[] {
  const mine = new Uint8Array(quote.length);
  for (const [s, e] of m.said) mine.fill(1, s, e);
  const pieces: Array<QuotePiece & { gain: number }> = [];
  for (const other of all) {
    if (other.match.briefing !== m.match.briefing || other.match.turn === m.match.turn) continue;
    let [first, last, gain] = [-1, -1, 0];
    for (const [s, e] of other.said) {
      for (let i = s; i < e; i++) {
        if (mine[i] || hardChars(quote, i, i + 1) === 0) continue;
        gain++;
        if (first < 0) first = i;
        last = i + 1;
      }
    }
    if (gain < JOINED_MIN_CHARS) continue;
    const piece = quote.slice(first, last);
    const a = quoteAlignment(other.match.text, piece);
    if (a.similarity >= JOINED_MIN_SIMILARITY) pieces.push({ turn: other.match.turn, url: other.match.url, piece, similarity: rounded(a.similarity), diff: a.diff, gain });
  }
  return pieces.sort((a, b) => b.gain - a.gain).slice(0, 3).map(({ gain: _gain, ...p }) => p);
}

function pick(s: IndexedStatement): Pick<QuoteMatch, 'text' | 'title' | 'date' | 'role' | 'speaker' | 'label' | 'person' | 'position'> {
  return { text: s.text, title: s.title, date: s.date, role: s.role, speaker: s.speaker, label: s.label, person: s.person, position: s.position };
}
