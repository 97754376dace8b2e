/**
 * A news site's write-up of a press conference (the seed in ../shared/samples/):
 *
 *     中谷防衛大臣がソウルで臨時会見 日韓防衛相会談について報告(9月8日)    ← title (date dropped)
 *     - 日本の防衛                                                        ← category
 *     2025-9-11 09:01                                                     ← posting time
 *     令和7(2025)年9月8日(月)17時05分~17時19分(現地時間)、韓国訪問中の中谷 元(なかたに・げん)防衛大臣は、
 *       ソウルのロッテホテルで、…臨時会見を行った。                         ← lead: date, times, speaker, place
 *     内容は、以下の通り。                                                 ← lead
 *     大臣からの発表事項 / 発表事項                                        ← section
 *     記者との質疑応答                                                    ← section
 *     日韓の防衛協力を…について                                            ← topic
 *     記者 : / 大臣 : / 海上幕僚長 :  (alone on the line or inline)         ← turns
 *     (以上)                                                              ← end; the site's chrome follows
 */
import { classifyLabelWords, matchLabel } from '../../transcript/labels.ts';
import { parseBody, topicShaped } from '../body.ts';
import { findDate, findTimeNote, findTimes } from '../dates.ts';
import { ImportError } from '../errors.ts';
import { nextNonBlank, prevNonBlank } from '../lines.ts';
import {
  findEnd,
  findUrl,
  finishBriefing,
  kindFrom,
  mergeSpeakers,
  speakersFromLabels,
  standardSectionHeading,
  type Layout,
  type Speaker,
} from './common.ts';

const TITLE_DATE = /[(（][0-9０-９]{1,2}月[0-9０-９]{1,2}日[)）]$/u;
const PUBLISHED = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?$/u;
/** The site's own chrome after the transcript. */
const CHROME = /^(?:◎|Ranking|読まれている記事|関連記事|前の記事|次の記事|\[次の記事\]|\[前の記事\])/u;
const END = /^\(以上\)$/u;

const DATE_HINT =
  'the lead sentence should give the date and time, e.g. 令和7(2025)年9月8日(月)17時05分~17時19分、…防衛大臣は、…で会見を行った。';

/** `中谷 元(なかたに・げん)防衛大臣` (or `海上幕僚長の酒井 良(さかい・りょう)海将`) in a normalised lead. */
const SPEAKER =
  /(?<=^|[、。の\s])([\p{Script=Han}々〆ヶ]{1,6}(?:\s?[\p{Script=Han}々〆ヶ\p{Script=Hiragana}\p{Script=Katakana}]{1,6})?)\(([\p{Script=Hiragana}ー・\s]+)\)([\p{Script=Han}\p{Script=Katakana}ー・]{0,14}?)(?=[はがもと、。\s(]|$)/gu;

function classifyPosition(words: string): string | undefined {
  const c = classifyLabelWords(words);
  return c?.role === 'official' && !c.name ? c.position : undefined;
}

function leadSpeakers(norm: string): { speakers: Speaker[]; end: number } {
  const speakers: Speaker[] = [];
  let end = -1;
  for (const m of norm.matchAll(SPEAKER)) {
    const [whole, name, reading, after] = m;
    let position = after ? classifyPosition(after) : undefined;
    if (!position) {
      const before = /([\p{Script=Han}]+)の$/u.exec(norm.slice(0, m.index))?.[1];
      position = before ? classifyPosition(before) : undefined;
    }
    speakers.push({
      name: name!.trim(),
      reading: reading!.replace(/[・\s]+/gu, ' ').trim(),
      ...(position ? { position } : {}),
    });
    end = m.index + whole.length;
  }
  return { speakers, end };
}

function leadPlace(norm: string, from: number): string | undefined {
  const m = /^[はがも]?、?([^、。]{1,40}?)で(?:、|(?:定例|臨時)?の?(?:記者)?会見)/u.exec(norm.slice(from));
  return m?.[1]?.trim() || undefined;
}

export const newsLayout: Layout = {
  name: 'news',

  detect(lines) {
    const first = lines.find((l) => l.text !== '');
    if (!first || !TITLE_DATE.test(first.norm)) return 0;
    const hasLead = lines.slice(0, 15).some((l) => /(?:令和|平成|\d{4})\S*年\d{1,2}月\d{1,2}日/u.test(l.norm) && /時/u.test(l.norm));
    return hasLead ? 2 : 1;
  },

  parse(lines) {
    const titleIdx = lines.findIndex((l) => l.text !== '');
    const titleLine = lines[titleIdx]!;
    const title = titleLine.text.replace(TITLE_DATE, '').trim();

    let i = nextNonBlank(lines, titleIdx);
    let category: string | undefined;
    let published: string | undefined;
    if (i >= 0 && /^[-・]\s*\S/u.test(lines[i]!.norm) && lines[i]!.norm.length <= 30) {
      category = lines[i]!.text.replace(/^[-・][\s\u3000]*/u, '').trim();
      i = nextNonBlank(lines, i);
    }
    const pub = i >= 0 ? PUBLISHED.exec(lines[i]!.norm) : null;
    if (pub) {
      const [, y, mo, d, h, mi] = pub;
      published = `${y}-${mo!.padStart(2, '0')}-${d!.padStart(2, '0')}${h ? ` ${h.padStart(2, '0')}:${mi}` : ''}`;
      i = nextNonBlank(lines, i);
    }
    const leadStart = i < 0 ? lines.length : i;

    // The body starts at the first section heading or label (or the topic line just before that label).
    let bodyStart = -1;
    for (let j = leadStart; j < lines.length; j++) {
      const l = lines[j]!;
      if (l.text === '') continue;
      if (END.test(l.norm) || CHROME.test(l.norm)) break;
      if (standardSectionHeading(l)) { bodyStart = j; break; }
      const m = matchLabel(l.text);
      if (m?.kind === 'label') {
        bodyStart = j;
        const p = prevNonBlank(lines, j);
        if (p > leadStart && topicShaped(lines[p]!) && !findDate(lines[p]!.norm, lines[p]!.no)) bodyStart = p;
        break;
      }
    }
    if (bodyStart < 0) {
      throw new ImportError(
        lines[leadStart]?.no ?? titleLine.no,
        'no turns found: the text has no section heading (大臣からの発表事項, 記者との質疑応答) and no speaker label (記者 :, 大臣 :)',
        'check that the whole transcript was copied, including the 記者 : / 大臣 : turns',
      );
    }

    const leadLines = lines.slice(leadStart, bodyStart).filter((l) => l.text !== '' && !/^https?:\/\/\S+$/u.test(l.norm));
    const dateLine = leadLines.find((l) => findDate(l.norm, l.no) !== null);
    if (!dateLine) {
      throw new ImportError(leadLines[0]?.no ?? titleLine.no, 'no date found in the lead', DATE_HINT);
    }
    const date = findDate(dateLine.norm, dateLine.no)!;
    const after = dateLine.norm.slice(date.end);
    const times = findTimes(after, dateLine.no);
    const timeNote = findTimeNote(after.slice(0, (times?.endIndex ?? 0) + 12));
    const { speakers: fromLead, end: speakerEnd } = leadSpeakers(dateLine.norm);
    const place = speakerEnd >= 0 ? leadPlace(dateLine.norm, speakerEnd) : undefined;

    const end = findEnd(lines, bodyStart, lines.length, (l) => END.test(l.norm) || CHROME.test(l.norm));
    const sections = parseBody(lines.slice(bodyStart, end), {
      sectionHeading: standardSectionHeading,
      topics: true,
      joinIndented: false,
      announcementHeading: '発表事項',
    });
    const speakers = mergeSpeakers(fromLead, speakersFromLabels(sections));
    const url = findUrl(lines.slice(0, bodyStart));

    return [
      finishBriefing({
        layout: 'news',
        line: titleLine.no,
        bodyLine: lines[bodyStart]!.no,
        frontmatter: {
          title,
          date: date.iso,
          start: times?.start,
          end: times?.end,
          timeNote,
          place,
          kind: kindFrom(title, dateLine.norm),
          speakers,
          source: {
            credit: category ? `防衛ニュースサイト掲載記事（カテゴリ「${category}」）` : '防衛ニュースサイト掲載記事',
            published,
            url,
          },
        },
        lead: leadLines.map((l) => ({ text: l.text, no: l.no })),
        sections,
      }),
    ];
  },
};
