/**
 * Refusals that say what the reader found, what is missing, and what it nearly recognised — at the
 * line where it looked, not at line 1: `in.txt:5: no date for this press conference: found the title
 * 「…」 (line 2) and 4 speaker labels from line 5, but no full date …; nearly: line 2 「9月8日」 has no year`.
 */
import { matchLabel } from '../model/labels.ts';
import { chromeReason } from './chrome.ts';
import { titleLike } from './conferences.ts';
import { hasDate, nearDate } from './dates.ts';
import { ImportError } from './errors.ts';
import { sectionHeadingOf } from './headings.ts';
import type { Line } from './lines.ts';

export interface Region {
  lines: readonly Line[];
  from: number;
  to: number;
  isOpener(i: number): boolean;
}

const quote = (s: string) => `「${s.length > 30 ? `${s.slice(0, 30)}…` : s}」`;
const LABELS = 'no speaker label (記者 :, 大臣 :, Q:, Ａ：, 【… 記者】, (問))';
const HEADINGS = 'no section heading (発表事項, 質疑応答, 冒頭発言)';
const FULL_DATE = 'no full date (令和7年9月8日, 2025年9月8日, or a 日時 line)';
const SEE = 'see docs/import.md';

function inRegion(r: Region): Line[] {
  return r.lines.slice(r.from, r.to).filter((l) => l.text !== '' && !chromeReason(l, true));
}

/** What the reader did find: a title, a date, labels, section headings. */
export function found(r: Region): string[] {
  const lines = inRegion(r);
  const out: string[] = [];
  const title = lines.find((l) => titleLike(l));
  if (title) out.push(`the title ${quote(title.text)} (line ${title.no})`);
  const date = lines.find((l) => hasDate(l.norm));
  if (date) out.push(`a date on line ${date.no}`);
  const labels = lines.filter((l) => r.isOpener(l.index) && !sectionHeadingOf(l));
  if (labels.length > 0) out.push(`${labels.length} speaker label${labels.length > 1 ? 's' : ''} from line ${labels[0]!.no}`);
  const headings = lines.filter((l) => sectionHeadingOf(l));
  if (headings.length > 0) out.push(`the section heading ${quote(headings[0]!.text)} (line ${headings[0]!.no})`);
  if (out.length === 0) out.push(`${lines.length} line${lines.length === 1 ? '' : 's'} of text and nothing else`);
  return out;
}

/** What nearly was a date, a label or a field: the likely reason the reader failed. */
export function nearly(r: Region, dates: boolean): string[] {
  const out: string[] = [];
  for (const l of inRegion(r)) {
    const near = !dates || hasDate(l.norm) ? null : nearDate(l.norm);
    // `令和6年9月` has its year and lacks the day; `9月8日` lacks the year.
    if (near) out.push(`line ${l.no} ${quote(near)} ${/年/u.test(near) ? 'has no day' : 'has no year'}`);
    const m = matchLabel(l.text);
    // `【村川海上幕僚長就任会見詳報】`, `【主な項目】`: a heading in brackets, not a speaker label.
    if (m?.kind === 'unknown' && !/会見|発言|質疑|項目|目次|詳報/u.test(m.words)) out.push(`line ${l.no} ${quote(m.raw)} is written like a speaker label, but "${m.words}" is not a known role or position`);
    const next = r.lines.slice(l.index + 1).find((x) => x.text !== '');
    if (/^日時\s*:?$/u.test(l.norm) && !(next && hasDate(next.norm))) out.push(`line ${l.no} is a 日時 label with no date after it`);
    if (out.length >= 3) break;
  }
  return out;
}

/** `head; found …; nearly: …`: what was found in the whole conference, near misses where it looked. */
function words(looked: Region, whole: Region, head: string, dates = true): string {
  const near = nearly(looked, dates);
  return `${head}; found ${found(whole).join(', ')}${near.length > 0 ? `; nearly: ${near.join('; ')}` : ''}`;
}

/** The line of the first near miss, else `fallback`: where the author should look. */
function nearLine(looked: Region, fallback: number): number {
  const first = nearly(looked, true)[0];
  return first ? Number(/^line (\d+)/u.exec(first)![1]) : fallback;
}

function firstLine(r: Region): number {
  return inRegion(r)[0]?.no ?? r.lines[r.from]?.no ?? 1;
}

export function noDate(looked: Region, whole: Region, bodyLine: number | null): ImportError {
  return new ImportError(
    nearLine(looked, bodyLine ?? firstLine(looked)),
    words(looked, whole, `no date for this press conference: ${FULL_DATE} before ${bodyLine ? `the transcript starts at line ${bodyLine}` : 'the end of the text'}`),
    `copy the line with the date from the published page into the file, or pass --date YYYY-MM-DD (and --title, --speaker "名前(よみ)役職", --kind for what else is missing); ${SEE}`,
  );
}

export function noTitle(looked: Region, whole: Region, dateLine: number | null): ImportError {
  return new ImportError(
    dateLine ?? firstLine(looked),
    words(looked, whole, 'no title for this press conference: no line such as 防衛大臣記者会見 or …会見概要 above its date'),
    `copy the title line from the published page into the file, or pass --title "…"; ${SEE}`,
  );
}

export function noTurns(r: Region, dateLine: number | null): ImportError {
  const headings = inRegion(r).some((l) => sectionHeadingOf(l));
  return new ImportError(
    dateLine ?? firstLine(r),
    words(r, r, headings ? `no turns found: its sections have no statement in them (or only なし) and there is ${LABELS}` : `no turns found: the text has ${HEADINGS} and ${LABELS}`, false),
    `check that the whole transcript was copied, including the 記者 : / 大臣 : turns; a statement-only write-up needs its lead to end with 内容は、以下の通り。 or …以下のように公表した。 (${SEE})`,
  );
}

export function nothingFound(r: Region): ImportError {
  return new ImportError(
    nearLine(r, firstLine(r)),
    words(r, r, `cannot find a press conference in this text: ${FULL_DATE}, ${HEADINGS} and ${LABELS}`),
    `copy the whole published page (title, date line and the turns), or pass --date and --title for a page that lacks them; ${SEE}`,
  );
}
