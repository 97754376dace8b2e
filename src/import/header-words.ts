/**
 * Reading words out of header lines: a title without its date, a place (`於：…`, or `…で` in a news
 * lead), and the kind of conference (`臨時会見`, `定例記者会見`, `臨時の記者会見`).
 */
import { ERA_NAMES } from '../japanese/era.ts';
import { timesAfterDate } from './dates.ts';
import { textOffset, type Line } from './lines.ts';
import { speakersInLead } from './speakers.ts';
import { POSITIONS } from '../model/vocabulary.ts';

/** The header fields a ministry page (or a PDF's cover lines) labels: `日時`, `場所`, `備考`, `件名`. */
export const HEADER_FIELDS = ['日時', '場所', '備考', '件名'] as const;
export type HeaderField = (typeof HEADER_FIELDS)[number];
/** A field's label at the start of a line, then its value on the same line or none. */
export const FIELD = new RegExp(`^(${HEADER_FIELDS.join('|')})(?:\\s*:\\s*|\\s+|$)`, 'u');

/** A date written after the title: `（令和6年9月）`, `(令和6年9月17日（火曜日）…`, ` 平成29年8月4日(…)`. */
export const TITLE_DATE = new RegExp(String.raw`[\s(《〈【]*(?:(?:${ERA_NAMES})\s*(?:元|\d{1,3})\s*(?:\(\s*\d{4}\s*\)\s*)?年|\d{4}\s*年)\s*(?:\(\s*\d{4}\s*年?\s*\)\s*年?\s*)?\d{1,2}\s*月.*$`, 'u');
/** A copier's site name after its title: `防衛大臣記者会見（令和4年2月18日）｜防衛ウォッチ`, `… | 日本のお姉さん`. */
const SITE_SUFFIX = /\s*[|｜]\s*[^|｜]{1,40}$/u;
/** A copier's mark before the conference's title: `【転載】防衛大臣記者会見`. */
const COPY_PREFIX = /^\s*[【[](?:転載|全文|再掲|速報|引用)[】\]]\s*/u;
/** The news site writes the conference's month and day after its title: `…について報告(9月8日)`. */
const TITLE_MONTH_DAY = /[(（][0-9０-９]{1,2}月[0-9０-９]{1,2}日[)）]$/u;
const KIND = /(定例|臨時)(?:の|・)?(?:記者)?会見/u;

/** A title as published, without the date written after it. */
export function titleText(line: Line): string {
  const norm = line.norm.replace(SITE_SUFFIX, '');
  const m = TITLE_DATE.exec(norm);
  const prefix = COPY_PREFIX.exec(norm)?.[0].length ?? 0;
  const cut = line.text.slice(textOffset(line, prefix), textOffset(line, m ? m.index : norm.length));
  const title = cut.replace(TITLE_MONTH_DAY, '').replace(/[\s\u3000(（《〈【]+$/u, '').trim();
  // A line that is only brackets and marks once its date is cut (`《令和6年…》`) has no title.
  return /[\p{L}\p{N}]/u.test(title) ? withoutSiteName(title) : '';
}

/**
 * `外交ニュース・アーカイブ　外務大臣会見` → `外務大臣会見`: a copier's site name before a title that names
 * the conference by itself (a position and 会見), when the words before it name neither.
 */
function withoutSiteName(title: string): string {
  const m = /^(.+?)[\s\u3000]+(\S*会見\S*)$/u.exec(title);
  if (!m) return title;
  const names = (s: string) => POSITIONS.some((p) => s.includes(p.name));
  return names(m[2]!) && !names(m[1]!) && !/会見/u.test(m[1]!) ? m[2]! : title;
}

/** `於：本省会見室)` → 本省会見室; `於：ニューヨーク(国連本部))` → ニューヨーク(国連本部). */
export function placeAfterAt(norm: string): string | undefined {
  // `於:本省会見室)(動画版他のサイトへ`: the video link's text glued to the header is not the place;
  // `於:於会見室` (於 twice) and `於会見室` (no colon) are the same place.
  let place = /於\s*:?\s*(?:於\s*)?([^:\s].*)$/u
    .exec(norm.replace(/\)\s*\(\s*動画.*$/u, ')'))?.[1]
    ?.replace(/[》〉]+$/u, '')
    .trim();
  const count = (s: string, c: string) => s.split(c).length - 1;
  while (place && place.endsWith(')') && count(place, ')') > count(place, '(')) place = place.slice(0, -1).trim();
  return place || undefined;
}

/**
 * `報道官会見記録 (平成17年3月30日(水)17:00~ 本省会見室)`: the place written after the times without 於,
 * the last words inside the header's parentheses.
 */
export function placeAfterTimes(norm: string, dateEnd: number): string | undefined {
  const times = timesAfterDate(norm, dateEnd, 0);
  if (!times) return undefined;
  const rest = norm.slice(times.endIndex).replace(/^\s*[~〜～-]?\s*/u, '');
  const m = /^([\p{Script=Han}\p{Script=Katakana}][^()\d:]{0,29}?)\s*\)\s*$/u.exec(rest);
  return m && !/時間$/u.test(m[1]!) ? m[1]!.trim() : undefined;
}

/**
 * Where a news lead says the conference was held, speaker mentions removed: `…、ソウルのロッテホテルで、…`,
 * `…防衛大臣は防衛省A棟10階会見室で閣議後の記者会見を行った`, `…同日13時30分~13時50分に防衛省A棟10階会見室において行われた…`,
 * `…は、参議院 本会議場議員食堂側において閣議後会見を行った` — a place followed by で / において / にて, in a
 * clause that goes on to the conference (会見, 行った, 行われた).
 */
export function placeInLead(norm: string, from: number): string | undefined {
  let text = norm.slice(from);
  for (const [a, b] of speakersInLead(text).spans.reverse()) text = `${text.slice(0, a)}${text.slice(b).replace(/^[はがもの]/u, '')}`;
  for (const sentence of text.split('。')) {
    // `…、公式サイトにおいて、前日に行った…記者会見の概要を公表した`: where the report was published, not
    // where the conference was held — unless the place goes straight on to the conference (`…において行われた…`).
    const reports = /(?:公表|公開|掲載|発表)(?:した|している|しました)?$/u.test(sentence.trim());
    for (const part of sentence.split('、')) {
      const m = /^\s*(?:に|は|が)?\s*([^、。\s][^、。]{0,39}?)(?:で|において|にて)(?=$|[^。]*?(?:会見|行っ|行わ|開催))/u.exec(part);
      if (!m || /[()]/u.test(m[1]!.slice(-1)) || /(?:日|時|分)$/u.test(m[1]!) || WEB.test(m[1]!)) continue;
      if (reports && !/^(?:行っ|行わ|開催|実施)/u.test(part.slice(m.index + m[0].length))) continue;
      return m[1]!.trim();
    }
  }
  return undefined;
}

/** A web site is where a page is published, never where a conference is held. */
const WEB = /(?:サイト|ホームページ|ウェブ|HP|Web|web|SNS)$/u;

/** 臨時 or 定例 from the first text that calls the conference so (`臨時会見`, `定例記者会見`). */
export function kindOf(texts: (string | undefined)[]): string | undefined {
  for (const t of texts) {
    const m = t ? KIND.exec(t.normalize('NFKC')) : null;
    if (m) return m[1];
  }
  return undefined;
}
