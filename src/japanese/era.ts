/**
 * Japanese era (和暦) dates: the one converter, used by the importer to read 令和7年9月8日 and by
 * the site to show 令和7年9月8日 beside 2025年9月8日.
 *
 * An era starts on its first day and the previous one ends the day before; a date outside its
 * era (平成31年5月1日, 令和元年4月30日) or that does not exist (令和5年2月29日) is rejected.
 */

export interface Era {
  name: string;
  /** First day of the era, ISO. */
  start: string;
}

/** Oldest first. 明治 years count from 1868, but its dates before 明治6年1月1日 are lunar (see GREGORIAN_ADOPTION). */
export const ERAS: readonly Era[] = [
  { name: '明治', start: '1868-01-25' },
  { name: '大正', start: '1912-07-30' },
  { name: '昭和', start: '1926-12-25' },
  { name: '平成', start: '1989-01-08' },
  { name: '令和', start: '2019-05-01' },
];

/**
 * The era names as one alternation, `明治|大正|昭和|平成|令和`: every pattern that finds an era date (the
 * importer's, this module's) is built from the table above, so a new era is one line there.
 */
export const ERA_NAMES = /* @__PURE__ */ eraAlternation();

// Pure, so that a bundle which uses no pattern (the search page shows dates) leaves it out.
function eraAlternation(): string {
  return ERAS.map((e) => e.name).join('|');
}

/** Japan's switch to the Gregorian calendar (明治6年1月1日): earlier 和暦 dates are lunisolar and cannot be converted by arithmetic. */
export const GREGORIAN_ADOPTION = '1873-01-01';

const WEEKDAYS = ['日', '月', '火', '水', '木', '金', '土'] as const;

export class EraDateError extends Error {}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** True when y-m-d is a real Gregorian calendar date. */
export function isRealDate(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return false;
  if (m < 1 || m > 12 || d < 1) return false;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/** Parse a strict ISO `YYYY-MM-DD`; null when malformed or not a real date. */
export function parseIsoDate(iso: string): { y: number; m: number; d: number } | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(iso);
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return isRealDate(y, m, d) ? { y, m, d } : null;
}

/**
 * 和暦 → ISO date. `year` is the era year (1 for 元年). Throws EraDateError with a reason a
 * person can act on.
 */
export function eraToIso(eraName: string, year: number, month: number, day: number): string {
  const index = ERAS.findIndex((e) => e.name === eraName);
  if (index < 0) throw new EraDateError(`unknown era "${eraName}" (known: ${ERAS.map((e) => e.name).join(', ')})`);
  const era = ERAS[index]!;
  const startYear = Number(era.start.slice(0, 4));
  const y = startYear + year - 1;
  if (year < 1 || !isRealDate(y, month, day)) {
    throw new EraDateError(`${eraName}${year}年${month}月${day}日 is not a real date`);
  }
  const iso = `${y}-${pad(month)}-${pad(day)}`;
  if (iso < GREGORIAN_ADOPTION) throw new EraDateError(`${eraName}${year}年${month}月${day}日 is a lunisolar-calendar date (before 明治6年1月1日) and cannot be converted`);
  const next = ERAS[index + 1];
  if (iso < era.start) throw new EraDateError(`${eraName}${year}年${month}月${day}日 is before ${eraName} began (${era.start})`);
  if (next && iso >= next.start) {
    throw new EraDateError(`${eraName}${year}年${month}月${day}日 is after ${eraName} ended (${next.name} began ${next.start})`);
  }
  return iso;
}

/** ISO date → its era and era year. */
export function isoToEra(iso: string): { era: string; year: number; month: number; day: number } {
  const p = parseIsoDate(iso);
  if (!p) throw new EraDateError(`"${iso}" is not a real YYYY-MM-DD date`);
  if (iso < GREGORIAN_ADOPTION) throw new EraDateError(`${iso} is before Japan adopted the Gregorian calendar (${GREGORIAN_ADOPTION})`);
  const era = [...ERAS].reverse().find((e) => iso >= e.start)!;
  return { era: era.name, year: p.y - Number(era.start.slice(0, 4)) + 1, month: p.m, day: p.d };
}

/** `令和7年9月8日`, with 元年 for the first year. */
export function formatWareki(iso: string): string {
  const { era, year, month, day } = isoToEra(iso);
  return `${era}${year === 1 ? '元' : year}年${month}月${day}日`;
}

/** `2025年9月8日（月）`. */
export function formatSeireki(iso: string): string {
  const p = parseIsoDate(iso);
  if (!p) throw new EraDateError(`"${iso}" is not a real YYYY-MM-DD date`);
  return `${p.y}年${p.m}月${p.d}日（${weekday(iso)}）`;
}

/** The weekday's one-character Japanese name. */
export function weekday(iso: string): (typeof WEEKDAYS)[number] {
  const p = parseIsoDate(iso);
  if (!p) throw new EraDateError(`"${iso}" is not a real YYYY-MM-DD date`);
  return WEEKDAYS[new Date(Date.UTC(p.y, p.m - 1, p.d)).getUTCDay()]!;
}

/** `2025年9月8日`: the date as a citation writes it. */
export function formatSeirekiDate(iso: string): string {
  const p = parseIsoDate(iso);
  if (!p) throw new EraDateError(`"${iso}" is not a real YYYY-MM-DD date`);
  return `${p.y}年${p.m}月${p.d}日`;
}
