/**
 * When a conference was held, from its header: the date line (its anchor, the `日時` value, the first
 * line with a date, or a date in the first section heading), the times right after the date or after
 * `同日`, or on the next line (`11時05分～11時12分（日本時間）`), and the time note.
 */
import { findDate, findTimeNote, findTimes, hasDate, timesAfterDate, type FoundDate, type FoundTimes } from './dates.ts';
import type { Line } from './lines.ts';
import { nextNonBlank } from './lines.ts';
import type { Placement } from './placement.ts';

export interface When {
  dateLine: Line | null;
  /** Null only when --date supplies the date. */
  date: FoundDate | null;
  times: FoundTimes | null;
  timeNote?: string;
}

const TIME_NOTE_ONLY = /^\((?:[^()\s]{0,10}時間)\)$/u;

/** The date on `line`; with a --date flag, an unreadable date there is not fatal (the flag replaces it). */
function findDateOrKeep(line: Line, flag: string | undefined): FoundDate | null {
  if (flag === undefined) return findDate(line.norm, line.no);
  try {
    return findDate(line.norm, line.no);
  } catch {
    return null;
  }
}

export function dateLineOf(at: Placement, anchor: Line | null, dateField: Line | undefined, firstHeading: Line | null): Line | null {
  return anchor ?? dateField ?? at.lines.find((l) => at.free(l) && hasDate(l.norm)) ?? (firstHeading && hasDate(firstHeading.norm) ? firstHeading : null);
}

export function readWhen(at: Placement, dateLine: Line | null, inHeader: boolean, flag: string | undefined): When {
  const date = dateLine ? findDateOrKeep(dateLine, flag) : null;
  if (!dateLine || !date) return { dateLine, date, times: null };
  let times: FoundTimes | null = timesAfterDate(dateLine.norm, date.end, dateLine.no);
  let timeNote = findTimeNote(dateLine.norm.slice(date.end, (times?.endIndex ?? date.end) + 12));
  if (!inHeader) return { dateLine, date, times, ...(timeNote ? { timeNote } : {}) };
  // 防衛省 older pages: the times on the line after the date, then maybe `(日本時間)`.
  const all = at.all;
  let next = nextNonBlank(all, dateLine.index);
  const nextFree = () => next >= 0 && next < at.to && at.free(all[next]!);
  if (!times && nextFree()) {
    const onNext = findTimes(all[next]!.norm, all[next]!.no);
    // The whole line is the times, perhaps in parentheses: `11時05分～11時12分（日本時間）`, `(16時55分〜17時38分)`.
    if (onNext && onNext.endIndex >= all[next]!.norm.replace(/\(\S{0,10}時間\)$/u, '').replace(/[\s)]+$/u, '').length) {
      times = onNext;
      timeNote ??= findTimeNote(all[next]!.norm);
      at.mark(all[next]!, 'frontmatter', 'start/end');
      next = nextNonBlank(all, next);
    }
  }
  if (nextFree() && TIME_NOTE_ONLY.test(all[next]!.norm)) {
    timeNote ??= findTimeNote(all[next]!.norm);
    at.mark(all[next]!, 'frontmatter', 'timeNote');
  }
  return { dateLine, date, times, ...(timeNote ? { timeNote } : {}) };
}
