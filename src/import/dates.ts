/**
 * Dates and times as press-conference pages write them, read from NFKC-normalised text:
 * `令和7(2025)年9月8日(月)`, `令和元年5月1日`, `平成29年8月4日(金曜日)`, `2025年9月8日`;
 * `17時05分~17時19分`, `10:13〜10:30`, `10時55分`; `(現地時間)` / `(日本時間)`.
 *
 * The era conversion itself is src/japanese/era.ts (`eraToIso`): a date that does not exist, or is
 * outside its era, is an ImportError at the line it is on.
 */
import { EraDateError, eraToIso, isRealDate, weekday } from '../japanese/era.ts';
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

const ERA_DATE =
  /(明治|大正|昭和|平成|令和)\s*(元|\d{1,3})\s*(?:\(\s*(\d{4})\s*\)\s*)?年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:\s*\(\s*([日月火水木金土])(?:曜日?)?\s*\))?/u;
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
    const [whole, eraName, yearText, western, month, day, wd] = era;
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

const TIME = String.raw`(\d{1,2})\s*(?:時\s*(?:(\d{1,2})\s*分)?|:\s*(\d{2}))`;
const TIME_RANGE = new RegExp(String.raw`^[\s(]*${TIME}(?:\s*(?:[~〜～\-－‐ー―–—]|から)\s*${TIME})?`, 'u');

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
 * `17時05分~17時19分`, `(10時37分〜10時40分)`, `10:13～10:30`, `10時55分`.
 */
export function findTimes(norm: string, line: number): FoundTimes | null {
  const m = TIME_RANGE.exec(norm);
  if (!m) return null;
  const [whole, h1, m1a, m1b, h2, m2a, m2b] = m;
  const start = hhmm(h1!, m1a ?? m1b, line, whole);
  const end = h2 === undefined ? undefined : hhmm(h2, m2a ?? m2b, line, whole);
  return { start, ...(end ? { end } : {}), endIndex: whole.length };
}

/** `(現地時間)`, `(日本時間)`, `(ワシントン時間)` … on a normalised line. */
export function findTimeNote(norm: string): string | undefined {
  return /\(([^()\s]{0,10}時間)\)/u.exec(norm)?.[1];
}
