/**
 * The lines of a conference before its transcript starts: where the frontmatter comes from. The
 * reader looks for features anywhere in them rather than for one publisher's exact shape:
 *
 * - the date (and times, time note, place) from the conference's anchor (conferences.ts), a `日時`
 *   field, or the first line with a date — a news lead `令和7(2025)年9月8日(月)17時05分~…、…`; failing
 *   that, a date in the first section heading (`統幕長からの発表事項(…) 2026年01月28日(水)`);
 * - the title: the anchor itself when it is a title with its date (`防衛大臣記者会見概要 平成29年8月4日(…)`),
 *   else the nearest `…会見…` line above the date, else the first plain line;
 * - `日時` / `場所` / `備考` fields, with the value on the same line or the next;
 * - the news site's category (`- 日本の防衛`), posting time (`2025-9-11 09:01`) and a captured URL line;
 * - lead sentences (a `備考` value, sentences with `。`), kept as the lead;
 * - page chrome and contents lists, dropped.
 *
 * Every non-empty line is put into the ledger once; a line that is none of these is dropped with a
 * warning.
 */
import type { BriefingFrontmatter } from '../transcript/frontmatter.ts';
import { matchLabel } from '../transcript/labels.ts';
import { chromeReason, isUrlLine, POSTED } from './chrome.ts';
import { titleLike } from './conferences.ts';
import { findDate, findTimeNote, findTimes, hasDate, timesAfterDate, type FoundDate, type FoundTimes } from './dates.ts';
import { ImportError } from './errors.ts';
import type { Ledger, Place } from './ledger.ts';
import { nextNonBlank, textOffset, type Line } from './lines.ts';
import type { Publisher } from './publisher.ts';
import { speakerBeforePosition, speakersInLead, wordsBeforeConference, type Speaker } from './speakers.ts';

export interface Overrides {
  date?: string;
  title?: string;
  speaker?: Speaker;
  kind?: string;
  /** The address the page was fetched from: source.url. */
  url?: string;
  /** The address a saved page gives for itself (`<link rel="canonical">`): source.url unless the text has one. */
  pageUrl?: string;
}

export interface HeaderInput {
  lines: readonly Line[];
  /** The header: lines [from, to); `to` is where the transcript starts. */
  from: number;
  to: number;
  anchor: number | null;
  /** The transcript's first line when it is a section heading (a date and kind may be there). */
  firstHeading: Line | null;
  contents: ReadonlySet<number>;
  publisher: Publisher;
  /** The title of the page's first conference, for later ones that have none of their own. */
  pageTitle: string | undefined;
  overrides: Overrides;
  ledger: Ledger;
}

export interface Header {
  /** Without a title when the header has none (the caller may name it after the speaker's position). */
  frontmatter: Omit<BriefingFrontmatter, 'speakers' | 'title'> & { title: string | undefined };
  /** Speakers the header names (lead, 備考, title), before the labels add theirs. */
  speakers: Speaker[];
  lead: { text: string; no: number }[];
  titleLine: Line | null;
  dateLine: Line | null;
}

/** The header gives no date (and no --date was passed): the caller words the refusal. */
export class MissingDate extends Error {}

const FIX_FIELDS = 'a 防衛省 page gives 日時 on its own line and the date and time on the next, e.g. 令和2年4月3日（金）09時30分～10時11分';
const FIELD = /^(日時|場所|備考)(?:\s*:\s*|\s+|$)/u;
const TIME_NOTE_ONLY = /^\((?:[^()\s]{0,10}時間)\)$/u;
const CATEGORY = /^[-・]\s*(\S.{0,28})$/u;
/** A date written after the title: `（令和6年9月）`, `(令和6年9月17日（火曜日）…`, ` 平成29年8月4日(…)`. */
const TITLE_DATE = /[\s(]*(?:明治|大正|昭和|平成|令和|\d{4}\s*年).*$/u;
/** The news site writes the conference's month and day after its title: `…について報告(9月8日)`. */
const TITLE_MONTH_DAY = /[(（][0-9０-９]{1,2}月[0-9０-９]{1,2}日[)）]$/u;
const KIND = /(定例|臨時)(?:の|・)?(?:記者)?会見/u;

/** A title as published, without the date written after it. */
function titleText(line: Line): string {
  const m = TITLE_DATE.exec(line.norm);
  const cut = m ? line.text.slice(0, textOffset(line, m.index)) : line.text;
  return cut.replace(TITLE_MONTH_DAY, '').replace(/[\s\u3000(（]+$/u, '').trim();
}

/** `於：本省会見室)` → 本省会見室; `於：ニューヨーク(国連本部))` → ニューヨーク(国連本部). */
function placeAfterAt(norm: string): string | undefined {
  let place = /於\s*:\s*(.+)$/u.exec(norm)?.[1]?.trim();
  const count = (s: string, c: string) => s.split(c).length - 1;
  while (place && place.endsWith(')') && count(place, ')') > count(place, '(')) place = place.slice(0, -1).trim();
  return place || undefined;
}

/** `…、ソウルのロッテホテルで、…` / `…、防衛省A棟の会見室で定例記者会見を行った` in a lead, speaker mentions removed. */
function placeInLead(norm: string, from: number): string | undefined {
  let text = norm.slice(from);
  for (const [a, b] of speakersInLead(text).spans.reverse()) text = `${text.slice(0, a)}${text.slice(b).replace(/^[はがもの]/u, '')}`;
  for (const part of text.split(/[、。]/u)) {
    const m = /^\s*([^、。]{1,40}?)で(?:$|(?:定例|臨時)?の?(?:記者)?会見)/u.exec(part);
    if (m && !/[()]/u.test(m[1]!.slice(-1))) return m[1]!.trim();
  }
  return undefined;
}

export function readHeader(input: HeaderInput): Header {
  const { lines, from, to, ledger, overrides, publisher } = input;
  const place = new Map<number, { place: Place; what: string; known?: boolean }>();
  const mark = (l: Line, p: Place, what: string, known?: boolean) => place.set(l.index, { place: p, what, ...(known !== undefined ? { known } : {}) });
  const header = lines.slice(from, to).filter((l) => l.text !== '');
  const free = (l: Line) => !place.has(l.index);

  // Page chrome, contents, the captured URL, the posting time, fields.
  let url: string | undefined;
  let published: string | undefined;
  const fields = new Map<string, Line>();
  for (const l of header) {
    const chrome = chromeReason(l, true);
    if (chrome) mark(l, 'dropped', chrome, true);
    else if (input.contents.has(l.index)) mark(l, 'dropped', 'contents list', true);
    else if (isUrlLine(l)) {
      if (url === undefined && /^https?:/u.test(l.norm)) {
        url = l.norm;
        mark(l, 'frontmatter', 'source.url');
      } else mark(l, 'dropped', 'another URL line', true);
    } else if (POSTED.test(l.norm) && published === undefined) {
      const [, y, mo, d, h, mi] = POSTED.exec(l.norm)!;
      published = `${y}-${mo!.padStart(2, '0')}-${d!.padStart(2, '0')}${h ? ` ${h.padStart(2, '0')}:${mi}` : ''}`;
      mark(l, 'frontmatter', 'source.published');
    }
  }
  for (const l of header) {
    const m = free(l) ? FIELD.exec(l.norm) : null;
    if (!m || fields.has(m[1]!)) continue;
    const sameLine = l.text.replace(/^(日時|場所|備考)[\s\u3000]*[:：]?[\s\u3000]*/u, '').trim();
    if (sameLine !== '') {
      fields.set(m[1]!, l);
      continue;
    }
    // A label goes where its value goes; 備考's value is the lead, so its label is only a label.
    if (m[1] === '備考') mark(l, 'dropped', 'the 備考 label (its value is the lead)', true);
    else mark(l, 'frontmatter', `${m[1]} label`);
    const v = nextNonBlank(lines, l.index);
    if (v >= 0 && v < to && free(lines[v]!) && !FIELD.test(lines[v]!.norm)) fields.set(m[1]!, lines[v]!);
  }
  const fieldValue = (name: string) => {
    const l = fields.get(name);
    return l ? l.text.replace(/^(日時|場所|備考)[\s\u3000]*[:：]?[\s\u3000]*/u, '').trim() : undefined;
  };

  // The date: the anchor, the 日時 value, the first free line with a date, or the first heading.
  const anchor = input.anchor !== null && input.anchor >= from && input.anchor < to ? lines[input.anchor]! : null;
  const dateLine =
    anchor ?? fields.get('日時') ?? header.find((l) => free(l) && hasDate(l.norm)) ?? (input.firstHeading && hasDate(input.firstHeading.norm) ? input.firstHeading : null);
  const date = dateLine ? findDateOrKeep(dateLine, overrides.date) : null;
  if (!date && overrides.date === undefined) {
    const when = fields.get('日時');
    if (when) throw new ImportError(when.no, `no date in 日時 "${fieldValue('日時')}"`, FIX_FIELDS);
    throw new MissingDate('no date');
  }

  let times: FoundTimes | null = null;
  let timeNote: string | undefined;
  if (dateLine && date) {
    const t = timesAfterDate(dateLine.norm, date.end, dateLine.no);
    times = t;
    timeNote = findTimeNote(dateLine.norm.slice(date.end, (t?.endIndex ?? date.end) + 12));
    // 防衛省 older pages: the times on the line after the date, then maybe `(日本時間)`.
    let next = nextNonBlank(lines, dateLine.index);
    if (!times && next >= 0 && next < to && free(lines[next]!) && dateLine !== input.firstHeading) {
      const onNext = findTimes(lines[next]!.norm, lines[next]!.no);
      if (onNext && onNext.endIndex >= lines[next]!.norm.replace(/\(\S{0,10}時間\)$/u, '').length) {
        times = onNext;
        timeNote ??= findTimeNote(lines[next]!.norm);
        mark(lines[next]!, 'frontmatter', 'start/end');
        next = nextNonBlank(lines, next);
      }
    }
    if (next >= 0 && next < to && free(lines[next]!) && TIME_NOTE_ONLY.test(lines[next]!.norm)) {
      timeNote ??= findTimeNote(lines[next]!.norm);
      mark(lines[next]!, 'frontmatter', 'timeNote');
    }
  }
  const dateIsLead = dateLine !== null && dateLine !== input.firstHeading && dateLine.text.includes('。');
  if (dateLine && dateLine !== input.firstHeading && free(dateLine)) mark(dateLine, dateIsLead ? 'statement' : 'frontmatter', dateIsLead ? 'lead' : 'date');
  // Further header-like lines that repeat the same date (a contents line, a title with its date) add nothing.
  for (const l of header) {
    if (!free(l) || l.text.includes('。') || !hasDate(l.norm) || !date) continue;
    let same = false;
    try {
      same = findDate(l.norm, l.no)?.iso === date.iso;
    } catch {
      same = false;
    }
    if (same && !titleLike({ ...l, norm: l.norm.replace(TITLE_DATE, '') })) mark(l, 'frontmatter', 'date (again)');
  }

  // The title.
  const dateIdx = dateLine && dateLine !== input.firstHeading ? dateLine.index : to;
  const candidates = header.filter((l) => free(l) && l.index <= dateIdx && !l.text.includes('。') && l.norm.length <= 100 && !FIELD.test(l.norm));
  const titleLine =
    (dateLine && dateLine !== input.firstHeading && /会見|談話/u.test(dateLine.norm) && !dateIsLead && titleText(dateLine) !== '' ? dateLine : null) ??
    candidates.filter((l) => l.index < dateIdx && /会見|談話/u.test(l.norm)).at(-1) ??
    candidates.find((l) => l.index < dateIdx && !CATEGORY.test(l.norm) && !hasDate(l.norm)) ??
    null;
  const title = overrides.title ?? (titleLine ? titleText(titleLine) : input.pageTitle);
  if (titleLine && free(titleLine)) mark(titleLine, 'frontmatter', 'title');
  else if (titleLine) place.set(titleLine.index, { place: 'frontmatter', what: 'date and title' });

  // The news site's category, right under the title.
  let category: string | undefined;
  if (publisher.name === 'news') {
    const c = header.find((l) => free(l) && CATEGORY.test(l.norm) && l.index < dateIdx);
    if (c) {
      category = c.text.replace(/^[-・][\s\u3000]*/u, '').trim();
      mark(c, 'frontmatter', 'source.credit (category)');
    }
  }

  // What is left: lead sentences, or lines the reader cannot place.
  const lead: { text: string; no: number }[] = [];
  for (const l of header) {
    if (fields.get('備考') === l) {
      lead.push({ text: fieldValue('備考')!, no: l.no });
      if (free(l)) mark(l, 'statement', 'lead (備考)');
      continue;
    }
    if (fields.get('日時') === l || fields.get('場所') === l) {
      if (free(l)) mark(l, 'frontmatter', fields.get('日時') === l ? '日時' : '場所');
      continue;
    }
    if (l === dateLine && dateIsLead) {
      lead.push({ text: l.text, no: l.no });
      continue;
    }
    if (!free(l)) continue;
    const label = matchLabel(l.text);
    if (label) mark(l, 'dropped', `written like a speaker label ("${label.kind === 'label' ? label.label.raw : label.raw}") before the transcript starts`, false);
    else if (l.text.includes('。')) {
      lead.push({ text: l.text, no: l.no });
      mark(l, 'statement', 'lead');
    } else mark(l, 'dropped', 'not recognised before the transcript starts', false);
  }
  for (const l of header) {
    const p = place.get(l.index)!;
    ledger.put(l, p.place, p.what, p.known);
  }

  const leadNorms = lead.map((p) => p.text.normalize('NFKC'));
  const speakers = [
    ...leadNorms.flatMap((n) => speakersInLead(n).speakers),
    ...[fieldValue('備考'), titleLine ? titleText(titleLine) : undefined]
      .flatMap((t) => (t ? [speakerBeforePosition(wordsBeforeConference(t.normalize('NFKC')))] : []))
      .filter((s): s is Speaker => s !== null),
  ];
  const kindSource = [title, fieldValue('備考'), ...leadNorms, input.firstHeading?.norm].find((t) => t && KIND.test(t.normalize('NFKC')));
  const fmPlace =
    fieldValue('場所') ??
    (dateLine ? placeAfterAt(dateLine.norm) : undefined) ??
    (dateLine && dateIsLead && date ? placeInLead(dateLine.norm, times?.endIndex ?? date.end) : undefined);

  return {
    frontmatter: {
      title,
      date: overrides.date ?? date!.iso,
      start: times?.start,
      end: times?.end,
      timeNote,
      place: fmPlace,
      kind: overrides.kind ?? (kindSource ? KIND.exec(kindSource.normalize('NFKC'))![1] : undefined),
      source: { credit: publisher.credit(category), published, url: overrides.url ?? url ?? overrides.pageUrl },
    },
    speakers,
    lead,
    titleLine,
    dateLine,
  };
}

/** The date on `line`; with a --date flag, an unreadable date there is not fatal (the flag replaces it). */
function findDateOrKeep(line: Line, flag: string | undefined): FoundDate | null {
  if (flag === undefined) return findDate(line.norm, line.no);
  try {
    return findDate(line.norm, line.no);
  } catch {
    return null;
  }
}
