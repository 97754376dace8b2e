/**
 * Reading words out of header lines: a title without its date, a place (`於：…`, or `…で` in a news
 * lead), and the kind of conference (`臨時会見`, `定例記者会見`, `臨時の記者会見`).
 */
import { ERA_NAMES } from '../japanese/era.ts';
import { textOffset, type Line } from './lines.ts';
import { speakersInLead } from './speakers.ts';

/** A date written after the title: `（令和6年9月）`, `(令和6年9月17日（火曜日）…`, ` 平成29年8月4日(…)`. */
export const TITLE_DATE = new RegExp(String.raw`[\s(]*(?:${ERA_NAMES}|\d{4}\s*年).*$`, 'u');
/** The news site writes the conference's month and day after its title: `…について報告(9月8日)`. */
const TITLE_MONTH_DAY = /[(（][0-9０-９]{1,2}月[0-9０-９]{1,2}日[)）]$/u;
const KIND = /(定例|臨時)(?:の|・)?(?:記者)?会見/u;

/** A title as published, without the date written after it. */
export function titleText(line: Line): string {
  const m = TITLE_DATE.exec(line.norm);
  const cut = m ? line.text.slice(0, textOffset(line, m.index)) : line.text;
  return cut.replace(TITLE_MONTH_DAY, '').replace(/[\s\u3000(（]+$/u, '').trim();
}

/** `於：本省会見室)` → 本省会見室; `於：ニューヨーク(国連本部))` → ニューヨーク(国連本部). */
export function placeAfterAt(norm: string): string | undefined {
  let place = /於\s*:\s*(.+)$/u.exec(norm)?.[1]?.trim();
  const count = (s: string, c: string) => s.split(c).length - 1;
  while (place && place.endsWith(')') && count(place, ')') > count(place, '(')) place = place.slice(0, -1).trim();
  return place || undefined;
}

/** `…、ソウルのロッテホテルで、…` / `…、防衛省A棟の会見室で定例記者会見を行った` in a lead, speaker mentions removed. */
export function placeInLead(norm: string, from: number): string | undefined {
  let text = norm.slice(from);
  for (const [a, b] of speakersInLead(text).spans.reverse()) text = `${text.slice(0, a)}${text.slice(b).replace(/^[はがもの]/u, '')}`;
  for (const part of text.split(/[、。]/u)) {
    const m = /^\s*([^、。]{1,40}?)で(?:$|(?:定例|臨時)?の?(?:記者)?会見)/u.exec(part);
    if (m && !/[()]/u.test(m[1]!.slice(-1))) return m[1]!.trim();
  }
  return undefined;
}

/** 臨時 or 定例 from the first text that calls the conference so (`臨時会見`, `定例記者会見`). */
export function kindOf(texts: (string | undefined)[]): string | undefined {
  for (const t of texts) {
    const m = t ? KIND.exec(t.normalize('NFKC')) : null;
    if (m) return m[1];
  }
  return undefined;
}
