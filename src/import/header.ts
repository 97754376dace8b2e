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
import type { BriefingFrontmatter } from '../model/frontmatter.ts';
import { matchLabel } from '../model/labels.ts';
import { chromeReason, isUrlLine, POSTED } from './chrome.ts';
import { titleLike } from './conferences.ts';
import { findDate, hasDate } from './dates.ts';
import { ImportError } from './errors.ts';
import { FIELD, HEADER_FIELDS, kindOf, placeAfterAt, placeAfterTimes, placeInLead, TITLE_DATE, titleText, type HeaderField } from './header-words.ts';
import { conferenceDayBelow, dateLineOf, ownDatedTitle, readWhen, type When } from './header-when.ts';
import type { Ledger } from './ledger.ts';
import { nextNonBlank, type Line } from './lines.ts';
import { Placement } from './placement.ts';
import type { Publisher } from './publisher.ts';
import { positionNamed, speakerBeforePosition, speakersInLead, wordsBeforeConference, type Speaker } from './speakers.ts';

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
  /**
   * The transcript opens with a quotation mark (`『 冒頭発言`): the page quotes the record. An address
   * before it is the record's the copier cites, and its sentences there are the copier's own.
   */
  quoted?: boolean;
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
  /** What the reader inferred and the author should check (`file:line: note: …`). */
  notes: { line: number; text: string }[];
}

/** The header gives no date (and no --date was passed): the caller words the refusal. */
export class MissingDate extends Error {}

const FIX_FIELDS = 'a 防衛省 page gives 日時 on its own line and the date and time on the next, e.g. 令和2年4月3日（金）09時30分～10時11分';
const FIELD_LABEL = new RegExp(`^(${HEADER_FIELDS.join('|')})[\\s\\u3000]*[:：]?[\\s\\u3000]*`, 'u');
const CATEGORY = /^[-・•]\s*(\S.{0,28})$/u;
/** A news headline ends with the conference's month and day, `…について回答(7月22日)`, and may hold a `。`. */
const HEADLINE = /[(（][0-9]{1,2}月[0-9]{1,2}日[)）]$/u;
const TITLE_WORDS = /会見|談話/u;

/** Page chrome, contents lists, a captured URL line and the news site's posting time. */
function placePageParts(at: Placement, contents: ReadonlySet<number>, quoted: boolean): { url?: string; published?: string } {
  let url: string | undefined;
  let published: string | undefined;
  // The site's name in brackets (`[Jディフェンスニュース]`) is chrome, and so is the same name written bare.
  const siteNames = new Set(at.lines.map((l) => /^\[([^[\]]{1,30})\]$/u.exec(l.norm)?.[1]).filter((n): n is string => n !== undefined));
  for (const l of at.lines) {
    const chrome = chromeReason(l, true) ?? (siteNames.has(l.norm) ? 'site name' : null);
    if (chrome) at.mark(l, 'dropped', chrome, true);
    else if (contents.has(l.index)) at.mark(l, 'dropped', 'contents list', true);
    else if (isUrlLine(l)) {
      if (quoted) at.mark(l, 'dropped', 'the address of the record the page quotes (the page is a copy, not its source)', true);
      else if (url === undefined) {
        url = l.norm;
        at.mark(l, 'frontmatter', 'source.url');
      } else at.mark(l, 'dropped', 'another URL line', true);
    } else if (POSTED.test(l.norm) && published === undefined) {
      const [, y, mo, d, h, mi] = POSTED.exec(l.norm)!;
      published = `${y}-${mo!.padStart(2, '0')}-${d!.padStart(2, '0')}${h ? ` ${h.padStart(2, '0')}:${mi}` : ''}`;
      at.mark(l, 'frontmatter', 'source.published');
    }
  }
  return { ...(url ? { url } : {}), ...(published ? { published } : {}) };
}

/** 日時 / 場所 / 備考: the line that holds each value (the label's own line, or the next one). */
class Fields {
  readonly #lines = new Map<string, Line>();

  constructor(at: Placement) {
    for (const l of at.lines) {
      const m = at.free(l) ? FIELD.exec(l.norm) : null;
      if (!m || this.#lines.has(m[1]!)) continue;
      if (l.text.replace(FIELD_LABEL, '').trim() !== '') {
        this.#lines.set(m[1]!, l);
        continue;
      }
      // A label goes where its value goes; 備考's value is the lead, so its label is only a label.
      if (m[1] === '備考') at.mark(l, 'dropped', 'the 備考 label (its value is the lead)', true);
      else at.mark(l, 'frontmatter', `${m[1]} label`);
      const v = nextNonBlank(at.all, l.index);
      if (v >= 0 && v < at.to && at.free(at.all[v]!) && !FIELD.test(at.all[v]!.norm)) this.#lines.set(m[1]!, at.all[v]!);
    }
  }

  /** Whether `l` holds the value of a field (its own line or the label's). */
  holds(l: Line): boolean {
    return [...this.#lines.values()].includes(l);
  }

  line(name: HeaderField): Line | undefined {
    return this.#lines.get(name);
  }

  value(name: HeaderField): string | undefined {
    return this.#lines.get(name)?.text.replace(FIELD_LABEL, '').trim();
  }
}

/** Lines that repeat the conference's date (a contents line, a second header) add nothing more. */
function placeRepeatedDates(at: Placement, when: When): void {
  for (const l of at.lines) {
    if (!at.free(l) || l.text.includes('。') || !hasDate(l.norm) || !when.date) continue;
    let same = false;
    try {
      same = findDate(l.norm, l.no)?.iso === when.date.iso;
    } catch {
      same = false;
    }
    if (same && !titleLike({ ...l, norm: l.norm.replace(TITLE_DATE, '') })) at.mark(l, 'frontmatter', 'date (again)');
  }
}

/**
 * The title: the date line itself when it is a title with its date, else the nearest `…会見…` line
 * above the date, else the first plain line above it.
 */
function placeTitle(at: Placement, fields: Fields, dateLine: Line | null, dateIsLead: boolean): Line | null {
  const dateIdx = dateLine?.index ?? at.to;
  const candidates = at.lines.filter(
    (l) => at.free(l) && l.index < dateIdx && (!l.text.includes('。') || HEADLINE.test(l.norm)) && l.norm.length <= 100 && !FIELD.test(l.norm),
  );
  // A title line right under a date header is the conference's own heading: `陸上幕僚長 定例記者会見` under
  // its date, a copy's `久間大臣会見概要` under the copier's dated line. What stood above is a heading of the page.
  const below = dateLine && !dateIsLead ? conferenceHeadingBelow(at, fields, dateLine) : null;
  const titleLine =
    below ??
    (dateLine && TITLE_WORDS.test(dateLine.norm) && !dateIsLead && titleText(dateLine) !== '' ? dateLine : null) ??
    candidates.filter((l) => TITLE_WORDS.test(l.norm)).at(-1) ??
    candidates.find((l) => !CATEGORY.test(l.norm) && !hasDate(l.norm)) ??
    null;
  if (below) for (const l of candidates) if (titleLike(l)) at.mark(l, 'dropped', 'a heading of the page above the conference\'s own title', true);
  if (titleLine) at.mark(titleLine, 'frontmatter', titleLine === dateLine ? 'date and title' : 'title');
  return titleLine;
}

/** The first free line after the date header, when it is a title (…会見…, no date, no sentence). */
function conferenceHeadingBelow(at: Placement, fields: Fields, dateLine: Line): Line | null {
  const next = at.lines.find((l) => l.index > dateLine.index && at.free(l));
  return next && titleLike(next) && !FIELD.test(next.norm) && !fields.holds(next) ? next : null;
}

/**
 * Lines after the date that name the conference without being its title or a sentence:
 * `海幕長 定例記者会見 要旨`, `統合幕僚長-定例記者会見にて`. What they say (定例) belongs to the frontmatter.
 */
function placeConferenceNames(at: Placement, fields: Fields, after: number): Line[] {
  const names: Line[] = [];
  for (const l of at.lines) {
    if (l.index > after && at.free(l) && titleLike(l) && !FIELD.test(l.norm) && !fields.holds(l)) {
      at.mark(l, 'frontmatter', 'the conference named (kind)');
      names.push(l);
    }
  }
  return names;
}

/** The news site's category line under the title: `- 日本の防衛`. */
function placeCategory(at: Placement, before: number): string | undefined {
  const c = at.lines.find((l) => at.free(l) && CATEGORY.test(l.norm) && l.index < before);
  if (!c) return undefined;
  at.mark(c, 'frontmatter', 'source.credit (category)');
  return c.text.replace(/^[-・•][\s\u3000]*/u, '').trim();
}

/**
 * The speakers the header names: in the lead, the 備考 field and the title. A lead that names its
 * speaker with a position the vocabulary does not know (`陸上幕僚監長`) gets the position the page
 * states elsewhere — a line naming the conference, the title — with a note.
 */
function headerSpeakers(
  leadNorms: string[],
  fields: Fields,
  titleLine: Line | null,
  named: Line[],
  notes: { line: number; text: string }[],
): Speaker[] {
  const speakers = [
    ...leadNorms.flatMap((n) => speakersInLead(n).speakers),
    ...[fields.value('備考'), titleLine ? titleText(titleLine) : undefined]
      .map((t) => (t ? speakerBeforePosition(wordsBeforeConference(t.normalize('NFKC'))) : null))
      .filter((s): s is Speaker => s !== null),
  ];
  if (speakers[0] && !speakers[0].position) {
    const found = positionNamed(speakers[0].name, [...named, ...(titleLine ? [titleLine] : [])]);
    if (found) {
      speakers[0] = { ...speakers[0], position: found.position };
      notes.push({ line: found.line.no, text: `the lead names ${speakers[0].name} without a position the importer knows; ${found.position} is taken from this line — check it against the published page` });
    }
  }
  return speakers;
}

/**
 * What is left: the 備考 value and sentences are the lead; anything else is dropped with a warning. A
 * sentence above the conference's title and date (`こんにちは。おき軍事です。`) is a copier's own word, not
 * the lead: dropped with a warning too.
 */
function placeLead(at: Placement, fields: Fields, dateLine: Line | null, dateIsLead: boolean, before: number, quoted: boolean): { text: string; no: number }[] {
  const lead: { text: string; no: number }[] = [];
  for (const l of at.lines) {
    if (l.index < before && at.free(l) && l !== dateLine && l.text.includes('。')) {
      at.mark(l, 'dropped', 'a sentence before the conference\'s title and date (a copier\'s own words?)', false);
      continue;
    }
    if (quoted && at.free(l) && l !== dateLine && l.text.includes('。')) {
      at.mark(l, 'dropped', 'a copier\'s own words before the quotation of the record (『) it opens', false);
      continue;
    }
    if (fields.line('備考') === l) {
      lead.push({ text: fields.value('備考')!, no: l.no });
      if (at.free(l)) at.mark(l, 'statement', 'lead (備考)');
    } else if (fields.line('日時') === l || fields.line('場所') === l || fields.line('件名') === l) {
      if (at.free(l)) at.mark(l, 'frontmatter', fields.line('日時') === l ? '日時' : fields.line('場所') === l ? '場所' : 'title (件名)');
    } else if (l === dateLine && dateIsLead) lead.push({ text: l.text, no: l.no });
    else if (at.free(l)) {
      const label = matchLabel(l.text);
      if (label) at.mark(l, 'dropped', `written like a speaker label ("${label.kind === 'label' ? label.label.raw : label.raw}") before the transcript starts`, false);
      else if (l.text.includes('。')) {
        lead.push({ text: l.text, no: l.no });
        at.mark(l, 'statement', 'lead');
      } else at.mark(l, 'dropped', 'not recognised before the transcript starts', false);
    }
  }
  return lead;
}

export function readHeader(input: HeaderInput): Header {
  const { overrides, publisher } = input;
  const at = new Placement(input.lines, input.from, input.to);
  const quoted = input.quoted === true;
  const { url, published } = placePageParts(at, input.contents, quoted);
  const fields = new Fields(at);

  const anchor = input.anchor !== null && input.anchor >= input.from && input.anchor < input.to ? input.lines[input.anchor]! : null;
  let dateLine = dateLineOf(at, anchor, fields.line('日時'), input.firstHeading);
  const inHeader = dateLine !== null && dateLine !== input.firstHeading;
  let when = readWhen(at, dateLine, inHeader, overrides.date);
  const notes: { line: number; text: string }[] = [];
  const below = inHeader && overrides.date === undefined ? conferenceDayBelow(at, dateLine!, when) : null;
  if (below) {
    ({ when } = below);
    dateLine = below.when.dateLine!;
    notes.push({ line: dateLine.no, text: below.note });
  }
  if (!when.date && overrides.date === undefined) {
    const field = fields.line('日時');
    if (field) throw new ImportError(field.no, `no date in 日時 "${fields.value('日時')}"`, FIX_FIELDS);
    throw new MissingDate('no date');
  }
  const dateIsLead = inHeader && dateLine!.text.includes('。');
  if (inHeader && at.free(dateLine!)) at.mark(dateLine!, dateIsLead ? 'statement' : 'frontmatter', dateIsLead ? 'lead' : 'date');
  // A lead that dates the report, and a line under it that names the conference with its own date.
  const own = dateIsLead && overrides.date === undefined ? ownDatedTitle(at, dateLine!, when) : null;
  if (own) {
    at.mark(own.line, 'frontmatter', own.when ? 'date (the line naming the conference)' : 'the conference named, with its date (kind)');
    if (own.when) {
      when = own.when;
      notes.push({ line: own.line.no, text: own.note! });
    }
  }
  const leadGivesWhen = dateIsLead && !own?.when;
  placeRepeatedDates(at, when);
  // A PDF cover names the conference in its 件名 field: no other line is the title.
  const titleLine = fields.value('件名') ? null : placeTitle(at, fields, inHeader ? dateLine : null, dateIsLead);
  const category = publisher.name === 'news' ? placeCategory(at, inHeader ? dateLine!.index : input.to) : undefined;
  const named = [...(own ? [own.line] : []), ...(inHeader ? placeConferenceNames(at, fields, dateLine!.index) : [])];
  const leadFrom = Math.min(inHeader ? dateLine!.index : input.to, titleLine?.index ?? input.to);
  const lead = placeLead(at, fields, dateLine, dateIsLead, leadFrom, quoted);
  at.commit(input.ledger);

  const title = overrides.title ?? fields.value('件名') ?? (titleLine ? titleText(titleLine) : input.pageTitle);
  const leadNorms = lead.map((p) => p.text.normalize('NFKC'));
  const speakers = headerSpeakers(leadNorms, fields, titleLine, named, notes);
  const { date, times } = when;
  const place =
    fields.value('場所') ??
    (dateLine && !dateIsLead ? placeAfterAt(dateLine.norm) ?? (date ? placeAfterTimes(dateLine.norm, date.end) : undefined) : undefined) ??
    (leadGivesWhen && date ? placeAfterAt(dateLine!.norm) ?? placeInLead(dateLine!.norm, times?.endIndex ?? date.end) : undefined);
  return {
    frontmatter: {
      title,
      date: overrides.date ?? date!.iso,
      start: times?.start,
      end: times?.end,
      timeNote: when.timeNote,
      place,
      kind: overrides.kind ?? kindOf([title, fields.value('備考'), ...leadNorms, ...named.map((l) => l.norm), input.firstHeading?.norm]),
      source: { credit: publisher.credit(category), published, url: overrides.url ?? url ?? overrides.pageUrl },
    },
    speakers,
    lead,
    titleLine,
    dateLine,
    notes,
  };
}
