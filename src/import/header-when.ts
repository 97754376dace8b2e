/**
 * When a conference was held, from its header: the date line (its anchor, the `日時` value, the first
 * line with a date, or a date in the first section heading), the times right after the date or after
 * `同日`, or on the next line (`11時05分～11時12分（日本時間）`), and the time note.
 */
import { datedTitle } from './conferences.ts';
import { dayBefore, findDate, findTimeNote, findTimes, hasDate, monthDayOf, timesAfterDate, type FoundDate, type FoundTimes } from './dates.ts';
import { ImportError } from './errors.ts';
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

/**
 * A copy that dates itself (a mail magazine's `平成19年(2007年)6月12日`) and gives its conference as
 * a line that names it with a month and day only (`■【6月8日防衛省発表 久間大臣会見概要 (9時21分~9時26分)】`):
 * the conference's date is that day, in the year that puts it on or before the page's date (at most
 * two months before), and its times are the ones on that line. Said in a note; refused when no year fits.
 */
export function conferenceDayBelow(at: Placement, pageDate: Line, when: When): { when: When; note: string } | null {
  if (!when.date || /会見|談話/u.test(pageDate.norm) || pageDate.text.includes('。')) return null;
  const line = at.lines.find((l) => l.index > pageDate.index && at.free(l) && /会見|談話/u.test(l.norm) && !hasDate(l.norm) && monthDayOf(l.norm));
  if (!line) return null;
  const md = monthDayOf(line.norm)!;
  const iso = dayBefore(when.date.iso, md.month, md.day);
  const written = line.norm.slice(md.index, md.end);
  if (!iso) {
    throw new ImportError(
      line.no,
      `the conference's date ${written} has no year, and it is not within two months before the page's own date (line ${pageDate.no}, ${when.date.iso})`,
      'copy the line with the conference\'s full date from the published page into the file, or pass --date YYYY-MM-DD',
    );
  }
  const paren = /\(\s*(\d{1,2}\s*(?:時|:)[^()]*)\)/u.exec(line.norm.slice(md.end));
  const times = paren ? findTimes(paren[1]!, line.no) : null;
  at.mark(pageDate, 'dropped', 'the date of the page itself, not of the conference', true);
  return {
    when: { dateLine: line, date: { iso, index: md.index, end: md.end }, times },
    note: `the conference's date ${written} has no year: ${iso.slice(0, 4)} is taken from the page's own date on line ${pageDate.no} (${when.date.iso}) — check it against the published page`,
  };
}

/**
 * A write-up whose lead dates its own report (`…は令和6(2024)年12月6日(金)、公式サイトにおいて、前日に行った…記者会見の概要を公表した。`)
 * and whose next line names the conference with its own date (`令和6年12月5日 陸上幕僚長 定例記者会見`): the
 * conference is held on that line's day. When the two differ, the lead's times and place are the report's, so
 * none are taken from it, and a note says which date was taken; when they agree the line only names the conference.
 */
export function ownDatedTitle(at: Placement, lead: Line, when: When): { line: Line; when: When | null; note?: string } | null {
  const line = at.lines.find((l) => l.index > lead.index && at.free(l) && datedTitle(l));
  if (!line || !when.date) return null;
  const date = findDate(line.norm, line.no)!;
  if (date.iso === when.date.iso) return { line, when: null };
  return {
    line,
    when: { dateLine: line, date, times: timesAfterDate(line.norm, date.end, line.no) },
    note: `the lead (line ${lead.no}) dates the report ${when.date.iso}; the line naming the conference dates it ${date.iso}, which is taken — check it against the published page`,
  };
}
