/**
 * Dates and times as press-conference pages write them, read from NFKC-normalised text:
 * `令和7(2025)年9月8日(月)`, `令和元年5月1日`, `平成29年8月4日(金曜日)`, `2025年9月8日`;
 * `17時05分~17時19分`, `10:13〜10:30`, `10時55分`; `(現地時間)` / `(日本時間)`.
 *
 * The era conversion itself is src/japanese/era.ts (`eraToIso`): a date that does not exist, or is
 * outside its era, is an ImportError at the line it is on.
 */
import { ERA_NAMES, EraDateError, eraToIso, isRealDate, weekday } from '../japanese/era.ts';
import { ImportError } from './errors.ts';

export interface FoundDate {
  iso: string;
  /** Where the date starts and ends in the normalised string. */
  index: number;
  end: number;
}

export interface FoundTimes {
  start?: string;
  end?: string;
  /** Where the times end in the string they were searched in. */
  endIndex: number;
}

const FIX_DATE = 'check the date against the published page and correct it in the text file, then import again';

/**
 * `令和7年9月8日`, with the western year in parentheses before or after 年 as pages write it:
 * `令和7(2025)年`, `令和7年(2025)`, `平成19年(2007年)`, `令和7年(2025)年`.
 */
const ERA_DATE = new RegExp(String.raw`(${ERA_NAMES})\s*(元|\d{1,3})\s*(?:\(\s*(\d{4})\s*\)\s*年|年(?:\s*\(\s*(\d{4})\s*年?\s*\)(?:\s*年)?)?)\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:\s*\(\s*([日月火水木金土])(?:曜日?)?\s*\))?`, 'u');
const WESTERN_DATE = /(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:\s*\(\s*([日月火水木金土])(?:曜日?)?\s*\))?/u;

function checkWeekday(iso: string, written: string | undefined, what: string, line: number): void {
  if (written === undefined) return;
  const actual = weekday(iso);
  if (actual !== written) {
    throw new ImportError(line, `${what} was a ${actual}曜日 (${iso}), but the text says (${written})`, FIX_DATE);
  }
}

/**
 * The first date on a (normalised) line: an era date, or failing that a western one. Null when the
 * line has none; ImportError when it has one that does not exist.
 */
export function findDate(norm: string, line: number): FoundDate | null {
  const era = ERA_DATE.exec(norm);
  if (era) {
    const [whole, eraName, yearText, westernBefore, westernAfter, month, day, wd] = era;
    const western = westernBefore ?? westernAfter;
    const year = yearText === '元' ? 1 : Number(yearText);
    let iso: string;
    try {
      iso = eraToIso(eraName!, year, Number(month), Number(day));
    } catch (e) {
      if (e instanceof EraDateError) throw new ImportError(line, `impossible date: ${e.message}`, FIX_DATE);
      throw e;
    }
    if (western !== undefined && Number(western) !== Number(iso.slice(0, 4))) {
      throw new ImportError(
        line,
        `inconsistent date ${whole.trim()}: ${eraName}${yearText}年 is ${iso.slice(0, 4)}, not ${western}`,
        FIX_DATE,
      );
    }
    checkWeekday(iso, wd, `${eraName}${yearText}年${Number(month)}月${Number(day)}日`, line);
    return { iso, index: era.index, end: era.index + whole.length };
  }
  const w = WESTERN_DATE.exec(norm);
  if (w) {
    const [whole, y, m, d, wd] = w;
    if (!isRealDate(Number(y), Number(m), Number(d))) {
      throw new ImportError(line, `impossible date: ${whole.trim()} is not a real date`, FIX_DATE);
    }
    const iso = `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
    checkWeekday(iso, wd, `${y}年${Number(m)}月${Number(d)}日`, line);
    return { iso, index: w.index, end: w.index + whole.length };
  }
  return null;
}

const TIME = String.raw`(\d{1,2})\s*(?:時\s*(?:(\d{1,2})\s*分?)?|:\s*(\d{2}))`;
/** The end of a range may give only the minutes of the same hour: `11時08~15分`. */
const TIME_RANGE = new RegExp(
  String.raw`^[\s(]*${TIME}(?:\s*(?:[~〜～\-－‐ー―–—]|から)\s*(?:${TIME}|(\d{1,2})\s*分))?`,
  'u',
);

function hhmm(h: string, m: string | undefined, line: number, written: string): string {
  const hour = Number(h);
  const minute = m === undefined ? 0 : Number(m);
  if (hour > 23 || minute > 59) {
    throw new ImportError(line, `time "${written}" is not a time of day`, 'correct the time in the text file (24-hour clock, e.g. 17時05分 or 17:05)');
  }
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

/**
 * A time or time range at the start of `norm` (after spaces or an opening parenthesis):
 * `17時05分~17時19分`, `(10時37分〜10時40分)`, `10:13～10:30`, `10時55分`, `11時08~15分`, `1051~1105`.
 */
export function findTimes(norm: string, line: number): FoundTimes | null {
  const m = TIME_RANGE.exec(norm);
  // A PDF's cover writes the range as four digits each: `1051~1105`.
  const digits = m ? null : /^[\s(]*([0-2]\d)([0-5]\d)\s*[~〜～\-－]\s*([0-2]\d)([0-5]\d)(?!\d)/u.exec(norm);
  if (digits) {
    const [whole, h1, m1, h2, m2] = digits;
    return { start: hhmm(h1!, m1, line, whole), end: hhmm(h2!, m2, line, whole), endIndex: whole.length };
  }
  if (!m) return null;
  const [whole, h1, m1a, m1b, h2, m2a, m2b, minutesOnly] = m;
  const start = hhmm(h1!, m1a ?? m1b, line, whole);
  let end: string | undefined;
  if (h2 !== undefined) end = hhmm(h2, m2a ?? m2b, line, whole);
  else if (minutesOnly !== undefined) {
    end = hhmm(h1!, minutesOnly, line, whole);
    if (end < start) {
      throw new ImportError(line, `time range "${whole.trim()}" ends before it starts`, 'write the end with its hour (e.g. 11時50分~12時05分) in the text file');
    }
  }
  return { start, ...(end ? { end } : {}), endIndex: whole.length };
}

/**
 * The times of a conference on the line that gives its date: right after the date
 * (`令和7年9月8日(月)17時05分~17時19分`), or after `同日` later on the line
 * (`…を訪問した。同日13時30分~13時50分、…`).
 */
export function timesAfterDate(norm: string, dateEnd: number, line: number): (FoundTimes & { from: number }) | null {
  const after = norm.slice(dateEnd);
  const lead = /^[\s、,]*/u.exec(after)![0].length;
  const direct = findTimes(after.slice(lead), line);
  if (direct) return { ...direct, from: dateEnd + lead, endIndex: dateEnd + lead + direct.endIndex };
  for (const m of norm.matchAll(/同日\s*/gu)) {
    const from = m.index + m[0].length;
    const t = findTimes(norm.slice(from), line);
    if (t) return { ...t, from, endIndex: from + t.endIndex };
  }
  return null;
}

/** Whether a (normalised) line contains something written as a full date, real or not. */
export function hasDate(norm: string): boolean {
  return ERA_DATE.test(norm) || WESTERN_DATE.test(norm);
}

/** `(現地時間)`, `(日本時間)`, `(ワシントン時間)` … on a normalised line. */
export function findTimeNote(norm: string): string | undefined {
  return /\(([^()\s]{0,10}時間)\)/u.exec(norm)?.[1];
}

/**
 * Something that nearly is a date, for refusal messages: a month and day without a year
 * (`(9月8日)`, `9月8日(月)`), or an era year and month without a day (`令和6年9月`).
 */
const NEAR_DATE = new RegExp(String.raw`(?:(?:${ERA_NAMES})\s*(?:元|\d{1,3})\s*(?:\(\s*\d{4}\s*\)\s*)?年\s*(?:\(\s*\d{4}\s*年?\s*\)\s*)?\d{1,2}\s*月(?!\s*\d{1,2}\s*日))|(?<![年\d)])\d{1,2}\s*月\s*\d{1,2}\s*日`, 'u');

export function nearDate(norm: string): string | null {
  const m = NEAR_DATE.exec(norm);
  return m ? m[0] : null;
}

/** The line starts with a date, after spaces or an opening bracket: `（令和6年9月13日…`, `《令和6年10月2日…`. */
export function startsWithDate(norm: string): boolean {
  return [ERA_DATE, WESTERN_DATE].some((re) => {
    const m = re.exec(norm);
    return m !== null && /^[\s(《〈【[]*$/u.test(norm.slice(0, m.index));
  });
}

/** A month and day written without a year (`6月8日`), where on the (normalised) line it stands. */
export function monthDayOf(norm: string): { month: number; day: number; index: number; end: number } | null {
  const m = /(?<![年\d])(\d{1,2})\s*月\s*(\d{1,2})\s*日/u.exec(norm);
  return m ? { month: Number(m[1]), day: Number(m[2]), index: m.index, end: m.index + m[0].length } : null;
}

/**
 * The date a month and day stand for on a page dated `pageIso`: the latest such day on or before the
 * page's date, when it is at most `maxDays` before it; null when no year can be told so.
 */
export function dayBefore(pageIso: string, month: number, day: number, maxDays = 62): string | null {
  const page = new Date(`${pageIso}T00:00:00Z`);
  for (const year of [page.getUTCFullYear(), page.getUTCFullYear() - 1]) {
    if (!isRealDate(year, month, day)) continue;
    const d = new Date(Date.UTC(year, month - 1, day));
    const days = (page.getTime() - d.getTime()) / 86_400_000;
    if (days >= 0 && days <= maxDays) return d.toISOString().slice(0, 10);
  }
  return null;
}
