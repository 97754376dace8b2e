/**
 * Ministry of Defense, current layout (one page per press conference):
 *
 *     ページの先頭です。 / メニューを飛ばして本文へ / ホーム > … > 防衛大臣記者会見     ← chrome
 *     防衛大臣記者会見 | 防衛大臣臨時記者会見                                         ← title
 *     日時 ⏎ 令和2年4月3日（金）09時30分～10時11分                                   ← value on the next line
 *     場所 ⏎ 防衛省A棟11階第1省議室
 *     備考 ⏎ 河野防衛大臣閣議後会見                                                 ← speaker; kept as the lead
 *     動画版                                                                      ← dropped
 *     1 発表事項 ⏎ なし | the announcement                                         ← `なし` drops the section
 *     2 質疑応答
 *     Ｑ：（共同通信）… / Ａ：… ⏎ 　continuation (U+3000-indented: joined to the paragraph)
 *     （以上） / ページの先頭へ戻る                                                  ← end; chrome follows
 */
import { findDate, findTimeNote, findTimes } from '../dates.ts';
import { ImportError } from '../errors.ts';
import { nextNonBlank, prevNonBlank, type Line } from '../lines.ts';
import { parseBody } from '../body.ts';
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

const FIELD = /^(日時|場所|備考)(?:\s*[:]\s*|\s+|$)/u;
const DATE_FIELD = /^日時(?:\s*[:]|\s|$)/u;
const VIDEO = /^(?:動画版|動画はこちら|YouTube|防衛省YouTube)/u;
const TITLE = /会見/u;

/** MOD page chrome that ends the transcript (both layouts). */
export function modChromeEnd(l: Line): boolean {
  return (
    /^(?:ページ|このページ)の(?:先頭|トップ)へ(?:戻る)?$/u.test(l.norm) ||
    /^(?:御意見御要望|ご意見ご要望|大臣記者会見概要一覧へ戻る|大臣会見概要一覧へ戻る|新着情報一覧へ戻る|トップへ戻る|記者会見一覧へ戻る)$/u.test(l.norm) ||
    /^(?:\(C\)|©|Copyright)/iu.test(l.norm) ||
    l.norm === '(以上)'
  );
}

const FIX_FIELDS = 'a 防衛省 page gives 日時 on its own line and the date and time on the next, e.g. 令和2年4月3日（金）09時30分～10時11分';

interface Field {
  text: string;
  line: Line;
}

/** The 日時/場所/備考 block starting at `start`; returns the fields and the index after them. */
function readFields(lines: readonly Line[], start: number, limit: number): { fields: Map<string, Field>; next: number } {
  const fields = new Map<string, Field>();
  let j = start;
  while (j >= 0 && j < limit) {
    const l = lines[j]!;
    const m = FIELD.exec(l.norm);
    if (!m) break;
    const sameLine = l.text.replace(/^(日時|場所|備考)[\s\u3000]*[:：]?[\s\u3000]*/u, '').trim();
    if (sameLine !== '') {
      fields.set(m[1]!, { text: sameLine, line: l });
      j = nextNonBlank(lines, j);
      continue;
    }
    const v = nextNonBlank(lines, j);
    if (v < 0 || v >= limit || FIELD.test(lines[v]!.norm)) {
      j = v;
      continue;
    }
    fields.set(m[1]!, { text: lines[v]!.text, line: lines[v]! });
    j = nextNonBlank(lines, v);
  }
  while (j >= 0 && j < limit && VIDEO.test(lines[j]!.norm)) j = nextNonBlank(lines, j);
  return { fields, next: j < 0 ? limit : j };
}

export const modLayout: Layout = {
  name: 'mod',

  detect(lines) {
    const head = lines.slice(0, 80);
    const hasDate = head.some((l) => DATE_FIELD.test(l.norm));
    const hasPlace = head.some((l) => /^場所(?:\s*[:]|\s|$)/u.test(l.norm));
    return hasDate && hasPlace ? 3 : hasDate ? 1 : 0;
  },

  parse(lines) {
    const starts = lines.flatMap((l, i) => (DATE_FIELD.test(l.norm) ? [i] : []));
    const titleIdx = starts.map((s) => {
      const p = prevNonBlank(lines, s);
      return p >= 0 && TITLE.test(lines[p]!.norm) && !FIELD.test(lines[p]!.norm) ? p : s;
    });
    return starts.map((start, k) => {
      const limit = k + 1 < starts.length ? titleIdx[k + 1]! : lines.length;
      const title = titleIdx[k] !== start ? lines[titleIdx[k]!]!.text : '防衛大臣記者会見';
      const { fields, next } = readFields(lines, start, limit);

      const when = fields.get('日時');
      if (!when) throw new ImportError(lines[start]!.no, '日時 has no value', FIX_FIELDS);
      const date = findDate(when.line.norm, when.line.no);
      if (!date) throw new ImportError(when.line.no, `no date in 日時 "${when.text}"`, FIX_FIELDS);
      const after = when.line.norm.slice(date.end);
      const times = findTimes(after, when.line.no);
      const note = fields.get('備考');
      const place = fields.get('場所')?.text;

      const end = findEnd(lines, next, limit, modChromeEnd);
      const sections = parseBody(lines.slice(next, end), {
        sectionHeading: standardSectionHeading,
        topics: false,
        joinIndented: true,
        announcementHeading: '発表事項',
      });
      const fromNote: Speaker[] = [];
      if (note) {
        const who = note.line.norm.replace(/(?:の)?(?:閣議後|定例|臨時)?(?:記者)?会見.*$/u, '');
        const sp = speakerFromWords(who);
        if (sp) fromNote.push(sp);
      }
      return finishBriefing({
        layout: 'mod',
        line: lines[titleIdx[k]!]!.no,
        bodyLine: lines[next]?.no ?? when.line.no,
        frontmatter: {
          title,
          date: date.iso,
          start: times?.start,
          end: times?.end,
          timeNote: findTimeNote(after),
          place,
          kind: kindFrom(title, note?.text),
          speakers: mergeSpeakers(fromNote, speakersFromLabels(sections)),
          source: { credit: '防衛省', url: findUrl(lines.slice(0, titleIdx[0])) },
        },
        lead: note ? [{ text: note.text, no: note.line.no }] : [],
        sections,
      });
    });
  },
};
