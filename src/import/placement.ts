/**
 * Where each line of a conference's header goes, decided stage by stage before it is put into the
 * ledger: a stage only places lines no earlier stage placed (`free`).
 */
import type { Ledger, Place } from './ledger.ts';
import type { Line } from './lines.ts';

export class Placement {
  /** The page's lines (the header's neighbours are looked at too). */
  readonly all: readonly Line[];
  /** The header's non-empty lines, in order. */
  readonly lines: readonly Line[];
  /** One past the header's last line: where the transcript starts. */
  readonly to: number;
  readonly #places = new Map<number, { place: Place; what: string; known?: boolean }>();

  constructor(all: readonly Line[], from: number, to: number) {
    this.all = all;
    this.lines = all.slice(from, to).filter((l) => l.text !== '');
    this.to = to;
  }

  free(l: Line): boolean {
    return !this.#places.has(l.index);
  }

  mark(l: Line, place: Place, what: string, known?: boolean): void {
    this.#places.set(l.index, { place, what, ...(known !== undefined ? { known } : {}) });
  }

  commit(ledger: Ledger): void {
    for (const l of this.lines) {
      const p = this.#places.get(l.index)!;
      ledger.put(l, p.place, p.what, p.known);
    }
  }
}
