/**
 * The nothing-lost accounting: every non-empty line of the input ends up in exactly one place — the
 * frontmatter, a statement (a turn or the lead), a heading, or the dropped lines. A dropped line that
 * is not known page chrome is a warning, so no text leaves the transcript unnoticed.
 */
import type { Line } from './lines.ts';

export type Place = 'frontmatter' | 'statement' | 'heading' | 'dropped';
export const PLACES: readonly Place[] = ['frontmatter', 'statement', 'heading', 'dropped'];

export interface LedgerEntry {
  line: Line;
  place: Place;
  /** What the line became (`title`, `date`, `lead`, `t3 記者 :`, `section`, `topic`) or why it was dropped. */
  what: string;
  /** Dropped lines only: known page chrome (true) or text the reader could not place (false: a warning). */
  known?: boolean;
}

export class Ledger {
  readonly #entries = new Map<number, LedgerEntry>();

  readonly lines: readonly Line[];

  constructor(lines: readonly Line[]) {
    this.lines = lines;
  }

  put(line: Line, place: Place, what: string, known?: boolean): void {
    if (line.text === '') return;
    const before = this.#entries.get(line.index);
    // Two places for one line would count its text twice: a reader bug, never the input's fault.
    if (before) throw new Error(`line ${line.no} ("${line.text.slice(0, 30)}") accounted twice: ${before.place} ${before.what}, then ${place} ${what}`);
    this.#entries.set(line.index, place === 'dropped' ? { line, place, what, known: known ?? false } : { line, place, what });
  }

  drop(line: Line, why: string, known = true): void {
    this.put(line, 'dropped', why, known);
  }

  has(line: Line): boolean {
    return this.#entries.has(line.index);
  }

  /** Every non-empty line in input order; a line no stage placed is dropped as unread (a warning). */
  entries(): LedgerEntry[] {
    for (const line of this.lines) {
      if (line.text !== '' && !this.#entries.has(line.index)) this.drop(line, 'not part of any press conference the reader found', false);
    }
    return [...this.#entries.values()].sort((a, b) => a.line.index - b.line.index);
  }

  warnings(): LedgerEntry[] {
    return this.entries().filter((e) => e.place === 'dropped' && !e.known);
  }
}
