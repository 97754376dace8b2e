/**
 * The corpus's calendar: the days its briefings fall on, and how its leads write a date in the
 * Japanese era (令和7(2025)年9月8日(月)). The benchmark keeps its own small era table rather than the
 * product's (src/japanese/era.ts): the truth must not inherit a mistake of the code it measures.
 */

/** Briefings fall on days from 2007-01-01 to 2026-12-31. */
export const FIRST_DAY = Date.UTC(2007, 0, 1);
export const DAYS = Math.round((Date.UTC(2026, 11, 31) - FIRST_DAY) / 86_400_000) + 1;

/** The eras of those years, newest last. */
const ERAS = [
  { name: '平成', start: '1989-01-08' },
  { name: '令和', start: '2019-05-01' },
] as const;

/** An ISO date (2007 or later) as era, era year, month and day. */
export function eraDate(iso: string): { era: string; year: number; month: number; day: number } {
  const era = ERAS.findLast((e) => iso >= e.start) ?? ERAS[0];
  return { era: era.name, year: Number(iso.slice(0, 4)) - Number(era.start.slice(0, 4)) + 1, month: Number(iso.slice(5, 7)), day: Number(iso.slice(8, 10)) };
}

/** The weekday's one-character name (月, 火…). */
export function weekdayName(iso: string): string {
  return '日月火水木金土'[new Date(`${iso}T00:00:00Z`).getUTCDay()]!;
}
