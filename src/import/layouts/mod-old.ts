/**
 * Ministry of Defense, older and mobile layout:
 *
 *     大臣会見概要 | 大臣臨時会見概要                                  ← title
 *     平成29年8月4日(10時37分〜10時40分)                               ← date and time on one line,
 *       or 平成29年8月4日(金) ⏎ 10時37分～10時40分 (日本時間)           ← or on two lines
 *     1 発表事項 ⏎ なし
 *     2 質疑応答
 *     Q：… / A：…
 *     御意見御要望 / 大臣記者会見概要一覧へ戻る / 新着情報一覧へ戻る /
 *     トップへ戻る / (C) 防衛省・自衛隊                                 ← chrome
 */
import { findDate, findTimeNote, findTimes } from '../dates.ts';
import { ImportError } from '../errors.ts';
import { nextNonBlank } from '../lines.ts';
import { parseBody } from '../body.ts';
import { modChromeEnd } from './mod.ts';
import {
  findEnd,
  findUrl,
  finishBriefing,
  kindFrom,
  speakersFromLabels,
  standardSectionHeading,
  type Layout,
} from './common.ts';

const TITLE = /^(?:防衛)?(?:副)?大臣(?:臨時)?(?:記者)?会見概要$/u;
const FIX_DATE = 'the line after 大臣会見概要 should give the date and time, e.g. 平成29年8月4日(10時37分〜10時40分)';

export const modOldLayout: Layout = {
  name: 'mod-old',

  detect(lines) {
    return lines.some((l) => TITLE.test(l.norm)) ? 3 : 0;
  },

  parse(lines) {
    const starts = lines.flatMap((l, i) => (TITLE.test(l.norm) ? [i] : []));
    return starts.map((start, k) => {
      const limit = k + 1 < starts.length ? starts[k + 1]! : lines.length;
      const titleLine = lines[start]!;
      const d = nextNonBlank(lines, start);
      const dateLine = d >= 0 && d < limit ? lines[d]! : undefined;
      const date = dateLine ? findDate(dateLine.norm, dateLine.no) : null;
      if (!dateLine || !date) throw new ImportError(dateLine?.no ?? titleLine.no, 'no date after the title', FIX_DATE);

      let after = dateLine.norm.slice(date.end);
      let times = findTimes(after, dateLine.no);
      let next = nextNonBlank(lines, d);
      let timeNote = findTimeNote(after);
      if (!times && next >= 0 && next < limit) {
        const t = findTimes(lines[next]!.norm, lines[next]!.no);
        if (t) {
          times = t;
          after = lines[next]!.norm;
          timeNote ??= findTimeNote(after);
          next = nextNonBlank(lines, next);
        }
      }
      if (next >= 0 && next < limit && /^\((?:[^()\s]{0,10}時間)\)$/u.test(lines[next]!.norm)) {
        timeNote ??= findTimeNote(lines[next]!.norm);
        next = nextNonBlank(lines, next);
      }
      const bodyStart = next < 0 ? limit : Math.min(next, limit);
      const end = findEnd(lines, bodyStart, limit, modChromeEnd);
      const sections = parseBody(lines.slice(bodyStart, end), {
        sectionHeading: standardSectionHeading,
        topics: false,
        joinIndented: true,
        announcementHeading: '発表事項',
      });
      return finishBriefing({
        layout: 'mod-old',
        line: titleLine.no,
        bodyLine: lines[bodyStart]?.no ?? dateLine.no,
        frontmatter: {
          title: titleLine.text,
          date: date.iso,
          start: times?.start,
          end: times?.end,
          timeNote,
          kind: kindFrom(titleLine.text),
          speakers: speakersFromLabels(sections),
          source: { credit: '防衛省', url: findUrl(lines.slice(0, starts[0])) },
        },
        lead: [],
        sections,
      });
    });
  },
};
