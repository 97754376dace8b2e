/**
 * src/japanese/era.ts — the one 和暦 converter (importer and site). Examples at every era boundary,
 * impossible dates rejected, and property tests over the whole 明治..令和 range.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ERAS,
  EraDateError,
  GREGORIAN_ADOPTION,
  eraToIso,
  formatSeireki,
  formatWareki,
  isRealDate,
  isoToEra,
  parseIsoDate,
  weekday,
} from '../../src/japanese/era.ts';

const ERA_NAMES = ERAS.map((e) => e.name);

function isoOf(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}
const DAY = 86_400_000;
const t0 = Date.UTC(1873, 0, 1); // 明治6年1月1日: Japan's first Gregorian day
const t1 = Date.UTC(2150, 11, 31);
/** Any real date from the Gregorian adoption to well into 令和. */
const anyIso = fc.integer({ min: 0, max: Math.floor((t1 - t0) / DAY) }).map((d) => isoOf(t0 + d * DAY));

describe('eraToIso: boundaries', () => {
  it.each([
    ['平成', 31, 4, 30, '2019-04-30'],
    ['令和', 1, 5, 1, '2019-05-01'],
    ['昭和', 64, 1, 7, '1989-01-07'],
    ['平成', 1, 1, 8, '1989-01-08'],
    ['大正', 15, 12, 24, '1926-12-24'],
    ['昭和', 1, 12, 25, '1926-12-25'],
    ['明治', 45, 7, 29, '1912-07-29'],
    ['大正', 1, 7, 30, '1912-07-30'],
    ['明治', 6, 1, 1, '1873-01-01'],
  ])('%s%i年%i月%i日 → %s', (era, y, m, d, iso) => {
    expect(eraToIso(era, y, m, d)).toBe(iso);
    expect(isoToEra(iso)).toEqual({ era, year: y, month: m, day: d });
  });

  it.each([
    ['平成', 31, 5, 1, /after 平成 ended/u],
    ['令和', 1, 4, 30, /before 令和 began/u],
    ['昭和', 64, 1, 8, /after 昭和 ended/u],
    ['平成', 1, 1, 7, /before 平成 began/u],
    ['大正', 15, 12, 25, /after 大正 ended/u],
    ['昭和', 1, 12, 24, /before 昭和 began/u],
    ['明治', 45, 7, 30, /after 明治 ended/u],
    ['大正', 1, 7, 29, /before 大正 began/u],
  ])('%s%i年%i月%i日 is outside its era', (era, y, m, d, why) => {
    expect(() => eraToIso(era, y, m, d)).toThrow(EraDateError);
    expect(() => eraToIso(era, y, m, d)).toThrow(why);
  });
});

describe('eraToIso: impossible dates rejected', () => {
  it.each([
    ['令和', 5, 2, 29],
    ['令和', 7, 4, 31],
    ['令和', 7, 13, 1],
    ['令和', 7, 0, 1],
    ['令和', 7, 1, 0],
    ['令和', 7, 1, 32],
    ['令和', 0, 6, 1],
    ['令和', -1, 6, 1],
    ['令和', 1.5, 6, 1],
    ['平成', 11, 2, 29],
    ['平成', 12, 2, 30],
  ])('%s%s年%s月%s日', (era, y, m, d) => {
    expect(() => eraToIso(era, y, m, d)).toThrow(EraDateError);
  });

  it('leap days that exist are accepted (平成12年 = 2000, 令和6年 = 2024)', () => {
    expect(eraToIso('平成', 12, 2, 29)).toBe('2000-02-29');
    expect(eraToIso('令和', 6, 2, 29)).toBe('2024-02-29');
  });

  it('unknown era names are rejected with the known ones listed', () => {
    expect(() => eraToIso('慶応', 4, 1, 1)).toThrow(/unknown era "慶応".*明治, 大正, 昭和, 平成, 令和/u);
  });

  it('isoToEra rejects malformed and impossible ISO dates, and dates before 明治', () => {
    for (const bad of ['2025-02-29', '2025-9-8', '2025-13-01', '20250908', '']) expect(() => isoToEra(bad)).toThrow(EraDateError);
    expect(() => isoToEra('1868-01-24')).toThrow(EraDateError);
    // 明治 dates before 明治6年1月1日 are lunisolar: no arithmetic converts them.
    expect(() => isoToEra('1872-12-31')).toThrow(/Gregorian/u);
    expect(() => eraToIso('明治', 5, 12, 3)).toThrow(/lunisolar/u);
    expect(eraToIso('明治', 6, 1, 1)).toBe('1873-01-01');
  });
});

describe('formatting', () => {
  it('writes 元年 for the first year of an era', () => {
    expect(formatWareki('2019-05-01')).toBe('令和元年5月1日');
    expect(formatWareki('2019-04-30')).toBe('平成31年4月30日');
    expect(formatWareki('2025-09-08')).toBe('令和7年9月8日');
    expect(formatWareki('1989-01-08')).toBe('平成元年1月8日');
  });
  it('gives the weekday', () => {
    expect(weekday('2025-09-08')).toBe('月');
    expect(weekday('2019-05-01')).toBe('水');
    expect(formatSeireki('2025-09-08')).toBe('2025年9月8日（月）');
  });
});

describe('properties', () => {
  it('isoToEra then eraToIso is the identity over 明治6年..令和', () => {
    fc.assert(
      fc.property(anyIso, (iso) => {
        const w = isoToEra(iso);
        expect(eraToIso(w.era, w.year, w.month, w.day)).toBe(iso);
        expect(w.year).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 2000 },
    );
  });

  it('eraToIso then isoToEra gives back the era date, whenever eraToIso accepts it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ERA_NAMES),
        fc.integer({ min: 1, max: 70 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        (era, year, month, day) => {
          let iso: string;
          try {
            iso = eraToIso(era, year, month, day);
          } catch (e) {
            expect(e).toBeInstanceOf(EraDateError);
            return;
          }
          expect(isoToEra(iso)).toEqual({ era, year, month, day });
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('accepts exactly the real dates inside the era (oracle: Date and the ERAS table)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: ERAS.length - 1 }),
        fc.integer({ min: -2, max: 70 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (index, year, month, day) => {
          const era = ERAS[index]!;
          const next = ERAS[index + 1];
          const y = Number(era.start.slice(0, 4)) + year - 1;
          const dt = new Date(Date.UTC(y, month - 1, day));
          const real = year >= 1 && month >= 1 && month <= 12 && day >= 1 && dt.getUTCMonth() === month - 1 && dt.getUTCDate() === day;
          const iso = real ? dt.toISOString().slice(0, 10) : '';
          const inEra = real && iso >= era.start && iso >= GREGORIAN_ADOPTION && (!next || iso < next.start);
          if (inEra) expect(eraToIso(era.name, year, month, day)).toBe(iso);
          else expect(() => eraToIso(era.name, year, month, day)).toThrow(EraDateError);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('impossible days of the month are always rejected', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ERA_NAMES), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 12 }), (era, year, month) => {
        const y = Number(ERAS.find((e) => e.name === era)!.start.slice(0, 4)) + year - 1;
        const daysInMonth = new Date(Date.UTC(y, month, 0)).getUTCDate();
        expect(() => eraToIso(era, year, month, daysInMonth + 1)).toThrow(EraDateError);
      }),
    );
  });

  it('isoToEra picks the latest era that had begun, and ERAS is in order', () => {
    expect([...ERAS].map((e) => e.start)).toEqual([...ERAS].map((e) => e.start).sort());
    fc.assert(
      fc.property(anyIso, (iso) => {
        const { era } = isoToEra(iso);
        const expected = [...ERAS].filter((e) => e.start <= iso).at(-1)!.name;
        expect(era).toBe(expected);
      }),
    );
  });

  it('parseIsoDate and isRealDate agree with Date', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (y, m, d) => {
        const dt = new Date(Date.UTC(y, m - 1, d));
        const real = dt.getUTCDate() === d;
        expect(isRealDate(y, m, d)).toBe(real);
        const iso = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        expect(parseIsoDate(iso)).toEqual(real ? { y, m, d } : null);
      }),
    );
  });
});
