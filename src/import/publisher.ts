/**
 * Whose page this is, told by features anywhere on it — not by one exact layout — because it decides
 * a few things the text does not say: the credit, the name of an announcement section the importer
 * opens itself, whether short lines before a question are topic headings, and whether U+3000-indented
 * lines continue a paragraph.
 *
 * - news (the seed's defense news site): a posting time `2025-9-11 09:01`, a title ending `(9月8日)`, the
 *   site's own chrome, a lead naming `氏名(よみ)役職`, `内容は、以下の通り。`;
 * - 防衛省 (mod): `日時` / `場所` fields, a `…会見概要` title, the ministry's chrome;
 * - 外務省 (mofa): a `（令和…　於：…）` header, `会見記録`, labels of 外務大臣 / 外務報道官;
 * - generic: none of these (a third-party copy, an unfamiliar page): read by the same features, with a note.
 */
import { ERA_NAMES } from '../japanese/era.ts';
import type { Line } from './lines.ts';
import { POSTED } from './chrome.ts';

export type PublisherName = 'news' | 'mod' | 'mofa' | 'generic';

export interface Publisher {
  name: PublisherName;
  /** Said on stderr and in --report. */
  description: string;
  credit(category?: string): string | undefined;
  /** A title for a conference whose page gives none, from the position of whoever holds it. */
  titleFor(position: string | undefined): string | undefined;
  /** Heading of the announcement section opened for unlabelled text before any section heading. */
  announcementHeading: string;
  topics: boolean;
  joinIndented: boolean;
}

const PUBLISHERS: Record<PublisherName, Publisher> = {
  news: {
    name: 'news',
    description: 'a defense news site write-up',
    credit: (category) => (category ? `防衛ニュースサイト掲載記事（カテゴリ「${category}」）` : '防衛ニュースサイト掲載記事'),
    titleFor: () => undefined,
    announcementHeading: '発表事項',
    topics: true,
    joinIndented: false,
  },
  mod: {
    name: 'mod',
    description: 'a 防衛省 page',
    credit: () => '防衛省',
    titleFor: () => undefined,
    announcementHeading: '発表事項',
    topics: false,
    joinIndented: true,
  },
  // A 会見記録 page titles the month (外務大臣会見記録（令和6年9月）); a conference copied without it is
  // named the way the ministry names them, after the position of whoever holds it.
  mofa: {
    name: 'mofa',
    description: 'a 外務省 会見記録',
    credit: () => '外務省',
    titleFor: (position) => (position ? `${position}会見記録` : undefined),
    announcementHeading: '冒頭発言',
    topics: true,
    joinIndented: false,
  },
  generic: {
    name: 'generic',
    description: 'a page of no layout the importer knows',
    credit: () => undefined,
    titleFor: () => undefined,
    announcementHeading: '発表事項',
    topics: false,
    joinIndented: false,
  },
};

type Feature = [PublisherName, number, (l: Line) => boolean];

/** A 外務省 conference header: `（令和6年9月13日（金曜日）10時55分　於：本省会見室）`. */
const MOFA_HEADER = new RegExp(String.raw`^\(?\s*(?:${ERA_NAMES}).{0,40}於\s*:`, 'u');

const FEATURES: readonly Feature[] = [
  ['news', 3, (l) => POSTED.test(l.norm) && /\s\d{1,2}:\d{2}$/u.test(l.norm)],
  ['news', 2, (l) => /[(][0-9]{1,2}月[0-9]{1,2}日[)]$/u.test(l.norm) && !l.norm.startsWith('(')],
  ['news', 2, (l) => /^(?:日本の防衛と安全保障の今を伝える|◎下の.*次の記事.*|Ranking.*)$/u.test(l.norm)],
  ['news', 2, (l) => /\([\p{Script=Hiragana}ー・\s]+\)[\p{Script=Han}]{0,10}(?:大臣|幕僚長|幕長|次官|長官)(?:は|が|の)/u.test(l.norm)],
  ['news', 1, (l) => /(?:以下|次)の(?:通り|とおり)。?$/u.test(l.norm)],
  ['mod', 3, (l) => /^日時(?:\s*:|\s|$)/u.test(l.norm)],
  ['mod', 1, (l) => /^場所(?:\s*:|\s|$)/u.test(l.norm)],
  ['mod', 3, (l) => /会見概要/u.test(l.norm) && !l.norm.includes('。')],
  ['mod', 1, (l) => /^(?:防衛省・自衛隊|\(C\)\s*防衛省.*|大臣記者会見概要一覧へ戻る|御意見御要望)$/u.test(l.norm)],
  ['mofa', 4, (l) => MOFA_HEADER.test(l.norm) || /会見記録.{0,4}\(.{0,60}於\s*:/u.test(l.norm)],
  ['mofa', 3, (l) => /会見記録/u.test(l.norm)],
  ['mofa', 2, (l) => /^(?:【[^】]*(?:外務大臣|外務報道官)】|\((?:外務大臣|外務報道官)\))/u.test(l.norm)],
];

/** The publisher whose features the page shows most; generic when none shows at least two points. */
export function detectPublisher(lines: readonly Line[]): Publisher {
  const score: Record<PublisherName, number> = { news: 0, mod: 0, mofa: 0, generic: 0 };
  for (const [name, points, test] of FEATURES) if (lines.some((l) => l.text !== '' && test(l))) score[name] += points;
  // In order of preference when two are equally sure: an 外務省 page quotes 防衛省 less than the reverse.
  const best = (['mofa', 'mod', 'news'] as const).reduce((a, b) => (score[b] > score[a] ? b : a));
  return score[best] >= 2 ? PUBLISHERS[best] : PUBLISHERS.generic;
}

export function publisherNamed(name: PublisherName): Publisher {
  return PUBLISHERS[name];
}
