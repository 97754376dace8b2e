/**
 * Ministry of Foreign Affairs press-conference records; a page may hold several conferences:
 *
 *     外務大臣会見記録（令和6年9月）  / 目次 / ・…                          ← page title, contents (dropped)
 *     （令和6年9月13日（金曜日）10時55分　於：本省会見室）                  ← one conference starts
 *       (or 上川外務大臣会見記録（令和6年9月13日（金曜日）…）on one line)
 *     冒頭発言                                                           ← section
 *     （1）日・ブラジル外相会談について                                     ← topic
 *     【上川外務大臣】…                                                   ← turns
 *     ウクライナ情勢                                                      ← topic (opens 質疑応答)
 *     【NHK　五十嵐記者】… / (問)… / (外務大臣)…
 *     目次へ戻る                                                          ← end of this conference
 *
 * 2016–18 pages write `，` for `、`; it is kept as published.
 */
import { findDate, findTimeNote, findTimes } from '../dates.ts';
import { parseBody } from '../body.ts';
import type { Line } from '../lines.ts';
import {
  findEnd,
  findUrl,
  finishBriefing,
  kindFrom,
  mergeSpeakers,
  speakerFromWords,
  speakersFromLabels,
  standardSectionHeading,
  type Layout,
  type Speaker,
} from './common.ts';

const ERA = String.raw`(?:明治|大正|昭和|平成|令和)\s*(?:元|\d{1,3})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日`;
/** `(令和6年9月13日(金曜日)10時55分 於:本省会見室)`, possibly after the title, on a normalised line. */
const HEADER = new RegExp(String.raw`^(?:[^()]{0,40}会見(?:記録)?\s*)?\(?\s*${ERA}.*?(?:於\s*:|\d\s*(?:時|:)\s*\d)`, 'u');
const PAGE_TITLE = /会見記録/u;
const TITLE_DATE = /[(（][\s\u3000]*(?:明治|大正|昭和|平成|令和|[0-9０-９]{4}).*$/u;

function mofaChromeEnd(l: Line): boolean {
  return (
    /^(?:目次へ戻る|このページのトップへ戻る|ページの先頭へ戻る|ページのトップへ戻る|前のページへ戻る|会見・発表・広報へ戻る)$/u.test(l.norm) ||
    /^(?:\(C\)|©|Copyright)/iu.test(l.norm) ||
    l.norm === '(以上)'
  );
}

/** `於：本省会見室)` → 本省会見室; `於：ニューヨーク(国連本部))` → ニューヨーク(国連本部). */
function placeOf(norm: string): string | undefined {
  let place = /於\s*:\s*(.+)$/u.exec(norm)?.[1]?.trim();
  const count = (s: string, c: string) => s.split(c).length - 1;
  while (place && place.endsWith(')') && count(place, ')') > count(place, '(')) place = place.slice(0, -1).trim();
  return place || undefined;
}

export const mofaLayout: Layout = {
  name: 'mofa',

  detect(lines) {
    const header = lines.some((l) => HEADER.test(l.norm) && /於\s*:/u.test(l.norm));
    if (header) return 4;
    const title = lines.some((l) => PAGE_TITLE.test(l.norm));
    return title && lines.some((l) => HEADER.test(l.norm)) ? 3 : 0;
  },

  parse(lines) {
    // Where the page's headers name the place (於：…), only such lines are headers: a line of the
    // contents or a statement that merely starts with a date and time is not.
    const isHeader = (l: Line) => HEADER.test(l.norm) && l.norm.length <= 100 && !/。$/u.test(l.norm);
    const withPlace = lines.some((l) => isHeader(l) && /於\s*:/u.test(l.norm));
    const starts = lines.flatMap((l, i) => (isHeader(l) && (!withPlace || /於\s*:/u.test(l.norm)) ? [i] : []));
    const pageTitleLine = lines.slice(0, starts[0] ?? 0).find((l) => PAGE_TITLE.test(l.norm) && !/>/u.test(l.norm));
    const pageTitle = pageTitleLine?.text.replace(TITLE_DATE, '').trim();
    const url = findUrl(lines.slice(0, starts[0] ?? 0));

    return starts.map((start, k) => {
      const limit = k + 1 < starts.length ? starts[k + 1]! : lines.length;
      const header = lines[start]!;
      const ownTitle = header.text.replace(TITLE_DATE, '').trim();
      const title = ownTitle || pageTitle || '外務大臣会見記録';
      const date = findDate(header.norm, header.no)!;
      const after = header.norm.slice(date.end);
      const times = findTimes(after, header.no);
      const place = placeOf(header.norm);

      const end = findEnd(lines, start + 1, limit, mofaChromeEnd);
      const sections = parseBody(lines.slice(start + 1, end), {
        sectionHeading: standardSectionHeading,
        topics: true,
        joinIndented: false,
        announcementHeading: '冒頭発言',
      });
      const fromTitle: Speaker[] = [];
      const sp = speakerFromWords(title.replace(/(?:臨時)?(?:記者)?会見(?:記録)?.*$/u, ''));
      if (sp) fromTitle.push(sp);
      return finishBriefing({
        layout: 'mofa',
        line: header.no,
        bodyLine: lines[start + 1]?.no ?? header.no,
        frontmatter: {
          title,
          date: date.iso,
          start: times?.start,
          end: times?.end,
          timeNote: findTimeNote(after),
          place,
          kind: kindFrom(title),
          speakers: mergeSpeakers(fromTitle, speakersFromLabels(sections)),
          source: { credit: '外務省', url },
        },
        lead: [],
        sections,
      });
    });
  },
};
