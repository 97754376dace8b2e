/**
 * One press conference of a page: its header (frontmatter, lead), where its transcript starts and
 * ends, and the transcript itself.
 *
 * - The transcript starts at the first section heading or speaker label after the conference's
 *   anchor (on a news page, a topic line just before the first label belongs to it). A statement-only
 *   write-up has neither: its transcript starts after the lead's `内容は、以下の通り。`.
 * - It ends at the first page chrome (`(以上)`, `ページの先頭へ戻る`, a footer) after which no label or
 *   heading follows; what comes after is the page's chrome.
 */
import { matchLabel } from '../model/labels.ts';
import { accountBody, countTurns, dropEmptySections, labelledTurns, LISTED_TOPIC, parseBody } from './body.ts';
import { chromeReason, isUrlLine, mayEndTranscript, POSTED } from './chrome.ts';
import { hasDate } from './dates.ts';
import { FIELD } from './header-words.ts';
import { datedTitle, titleLike } from './conferences.ts';
import { noDate, noTitle, noTurns, nothingFound, type Region } from './diagnose.ts';
import { ImportError } from './errors.ts';
import { readHeader, MissingDate, type Header, type Overrides } from './header.ts';
import { QUOTE_OPENS, sectionHeadingOf, topicShaped } from './headings.ts';
import type { Ledger } from './ledger.ts';
import { nextNonBlank, prevNonBlank, type Line } from './lines.ts';
import type { Publisher } from './publisher.ts';
import type { Segment } from './conferences.ts';
import { slugFor } from './slug.ts';
import { fullPosition, mergeSpeakers, speakersFromLabels } from './speakers.ts';
import type { ImportedBriefing, ImportedSection } from './types.ts';
import type { BriefingFrontmatter } from '../model/frontmatter.ts';

export interface ConferenceInput {
  lines: readonly Line[];
  segment: Segment;
  contents: ReadonlySet<number>;
  publisher: Publisher;
  bareLabels: boolean;
  /** The page is hard-wrapped: lines that do not end a sentence continue onto the next. */
  joinWrapped: boolean;
  isOpener(i: number): boolean;
  overrides: Overrides;
  ledger: Ledger;
  pageTitle: string | undefined;
}

const FIELD_LINE = FIELD;

/**
 * The lead hands over to the statement: `内容は、以下の通り。`, `発言の要旨は次のとおり。`,
 * `…定例記者会見について以下のように公表した。`, `…記者会見の概要を公表した。`.
 */
const LEAD_END = /(?:(?:以下|次)の(?:通り|とおり)(?:です)?|(?:以下|次)のように[^。]{0,12}|(?:概要|要旨)を(?:公表|発表|掲載)した)。?$/u;

function isTopicBeforeLabel(l: Line, contents: ReadonlySet<number>): boolean {
  return (
    topicShaped(l) &&
    !hasDate(l.norm) &&
    !contents.has(l.index) &&
    !chromeReason(l, true) &&
    !isUrlLine(l) &&
    !POSTED.test(l.norm) &&
    !FIELD_LINE.test(l.norm) &&
    !/会見|談話/u.test(l.norm) &&
    matchLabel(l.text) === null
  );
}

/**
 * A sentence after a ministry page's header fields, not one of them (a 備考 value, page chrome) and
 * not an editor's note (`※…`, `(注)…`), which stays in the lead.
 */
function isSpeech(lines: readonly Line[], i: number, contents: ReadonlySet<number>): boolean {
  const l = lines[i]!;
  if (l.text === '' || !l.text.includes('。') || contents.has(i) || chromeReason(l, true) || FIELD_LINE.test(l.norm)) return false;
  if (/^(?:[※*]|\(?注\)?)/u.test(l.norm)) return false;
  const p = prevNonBlank(lines, i);
  return p < 0 || !FIELD_LINE.test(lines[p]!.norm);
}

/**
 * Whether line i is part of a header: page chrome, contents, a field or a field's value, a title, a
 * date or times, an editor's note (`※…`) — what may stand between a conference's anchor and its opening statement. A line of
 * anything else (a copier's box, `┃ ☆発行:…`) means the sentences after it are not the statement.
 */
function headerish(lines: readonly Line[], i: number, contents: ReadonlySet<number>): boolean {
  const l = lines[i]!;
  const p = prevNonBlank(lines, i);
  return (
    l.text === '' ||
    contents.has(i) ||
    chromeReason(l, true) !== null ||
    FIELD_LINE.test(l.norm) ||
    (p >= 0 && FIELD_LINE.test(lines[p]!.norm)) ||
    titleLike(l) ||
    hasDate(l.norm) ||
    /^[\s(]*\d{1,2}\s*(?:時|:)/u.test(l.norm) ||
    /^(?:[※*]|\(?注\)?)/u.test(l.norm)
  );
}

/** [start of the transcript, whether it is a statement-only write-up] or null when it has none. */
function transcriptStart(input: ConferenceInput): { start: number; statementOnly: boolean } | null {
  const { lines, segment, isOpener, publisher, contents } = input;
  const from = segment.anchor !== null ? segment.anchor + 1 : segment.start;
  // On a ministry page the header is only the fields around the anchor: the first sentence after it
  // is the official's opening statement, not a lead (the news site's lead is a sentence about the conference).
  // A 防衛省 page says so with its 日時 / 場所 fields; a copy titled …会見概要 whose first sentence is the
  // copier's (`こんにちは。…をお届けします。`) has none.
  const fields = lines.slice(segment.start, segment.end).some((l) => FIELD_LINE.test(l.norm));
  let speechAfterAnchor = segment.anchor !== null && (publisher.name === 'mofa' || (publisher.name === 'mod' && fields));
  for (let i = from; i < segment.end; i++) {
    if (!isOpener(i)) {
      if (speechAfterAnchor && isSpeech(lines, i, contents)) return { start: i, statementOnly: false };
      if (!headerish(lines, i, contents)) speechAfterAnchor = false;
      continue;
    }
    const p = prevNonBlank(lines, i);
    const firstDate = lines.slice(segment.start, i).findIndex((l) => !contents.has(l.index) && hasDate(l.norm));
    const after = segment.anchor ?? (firstDate >= 0 ? segment.start + firstDate : segment.start - 1);
    const topic = publisher.topics && !sectionHeadingOf(lines[i]!) && p > after && isTopicBeforeLabel(lines[p]!, contents);
    if (!topic) return { start: i, statementOnly: false };
    // Listed topics before one statement (`・ スマトラ島沖地震` ⏎ `・ 日墨経済連携協定…` ⏎ `(報道官)…`) all belong to it.
    let start = p;
    for (let q = prevNonBlank(lines, start); q > after && LISTED_TOPIC.test(lines[start]!.norm) && LISTED_TOPIC.test(lines[q]!.norm) && isTopicBeforeLabel(lines[q]!, contents); q = prevNonBlank(lines, q)) start = q;
    return { start, statementOnly: false };
  }
  // A line naming the conference between the lead and the statement (`統合幕僚長-定例記者会見にて`,
  // `令和6年12月5日 陸上幕僚長 定例記者会見`) is the header's.
  const skipNames = (i: number) => {
    let j = nextNonBlank(lines, i);
    while (j >= 0 && j < segment.end && (titleLike(lines[j]!) || datedTitle(lines[j]!))) j = nextNonBlank(lines, j);
    return j;
  };
  for (let i = from; i < segment.end; i++) {
    const l = lines[i]!;
    if (l.text !== '' && LEAD_END.test(l.norm) && !mayEndTranscript(l)) {
      const next = skipNames(i);
      if (next >= 0 && next < segment.end && !mayEndTranscript(lines[next]!)) return { start: next, statementOnly: true };
    }
  }
  // A statement published alone under its date header and its own title (陸上幕僚長 定例記者会見): it starts
  // with the first sentence right after them. A sentence right under the date is a copier's, not a statement.
  if (segment.anchor !== null) {
    const heading = nextNonBlank(lines, segment.anchor);
    const next = skipNames(segment.anchor);
    if (next > heading && next < segment.end && isSpeech(lines, next, contents)) return { start: next, statementOnly: true };
  }
  return null;
}

/** The first page chrome after the last label or heading: where the transcript ends. */
function transcriptEnd(input: ConferenceInput, start: number): number {
  const { lines, segment, isOpener } = input;
  let last = start;
  for (let i = start; i < segment.end; i++) if (isOpener(i)) last = i;
  for (let i = last + 1; i < segment.end; i++) if (lines[i]!.text !== '' && mayEndTranscript(lines[i]!)) return i;
  return segment.end;
}

function header(input: ConferenceInput, start: number, region: Region): Header {
  const { lines, segment } = input;
  const first = lines[start]!;
  try {
    return readHeader({
      lines,
      from: segment.start,
      to: start,
      anchor: segment.anchor,
      firstHeading: sectionHeadingOf(first) ? first : null,
      quoted: QUOTE_OPENS.test(first.norm),
      contents: input.contents,
      publisher: input.publisher,
      pageTitle: input.pageTitle,
      overrides: input.overrides,
      ledger: input.ledger,
    });
  } catch (e) {
    if (!(e instanceof MissingDate)) throw e;
    throw noDate({ ...region, to: start + 1 }, region, first.no);
  }
}

export function readConference(input: ConferenceInput): ImportedBriefing {
  const { lines, segment, ledger, publisher } = input;
  const region: Region = { lines, from: segment.start, to: segment.end, isOpener: input.isOpener };
  const body = transcriptStart(input);
  if (!body) {
    const dated = lines.slice(segment.start, segment.end).find((l) => !input.contents.has(l.index) && hasDate(l.norm));
    if (dated || input.overrides.date) throw noTurns(region, dated?.no ?? null);
    throw nothingFound(region);
  }
  const h = header(input, body.start, region);
  const end = transcriptEnd(input, body.start);
  const sections = dropEmptySections(
    parseBody(lines.slice(body.start, end), {
      topics: publisher.topics,
      joinIndented: publisher.joinIndented,
      bareLabels: input.bareLabels,
      joinWrapped: input.joinWrapped,
      announcementHeading: publisher.announcementHeading,
      ledger,
    }),
    ledger,
  );
  for (const l of lines.slice(end, segment.end)) if (l.text !== '') ledger.drop(l, chromeReason(l, true) ?? 'page chrome after the end of the transcript');

  if (countTurns(sections) === 0) throw noTurns(region, h.dateLine?.no ?? null);
  for (const turn of labelledTurns(sections)) {
    if (turn.paragraphs.length === 0) {
      throw new ImportError(turn.line, `speaker label "${turn.label}" has no statement after it`, 'add the statement (it may have been lost when the page was copied) or remove the label');
    }
  }
  // The site reads a label at the start of any paragraph, the lead included.
  for (const p of h.lead) {
    const m = matchLabel(p.text);
    if (m) {
      throw new ImportError(p.no, `a line before the transcript starts looks like a speaker label ("${m.kind === 'label' ? m.label.raw : m.raw}")`, 'move it below the first section heading, or remove the colon if it is not a speaker');
    }
  }
  accountBody(sections, ledger);

  const fromLabels = speakersFromLabels(sections);
  const named = mergeSpeakers(h.speakers, fromLabels);
  const speakers = input.overrides.speaker ? mergeSpeakers([input.overrides.speaker], named) : named;
  const title = h.frontmatter.title ?? publisher.titleFor(speakers[0]?.position ?? labelledPosition(sections));
  if (!title) throw noTitle({ ...region, to: body.start + 1 }, region, h.dateLine?.no ?? null);
  const fm = pruneFrontmatter({ ...h.frontmatter, title, speakers });
  return {
    layout: publisher.name,
    line: (h.titleLine && h.titleLine.index >= segment.start ? h.titleLine : h.dateLine ?? lines[body.start]!).no,
    frontmatter: fm,
    lead: h.lead.map((p) => p.text),
    sections,
    slug: slugFor(fm),
    ...(h.notes.length > 0 ? { notes: h.notes } : {}),
  };
}

/** The first position an official's label names (`【外務大臣】`, `外務報道官 :`), in its full form. */
function labelledPosition(sections: ImportedSection[]): string | undefined {
  const p = labelledTurns(sections).find((t) => t.role === 'official' && t.position)?.position;
  return p ? fullPosition(p) : undefined;
}

/** Drop undefined and empty optional fields so that the output only has what the page says. */
function pruneFrontmatter(fm: BriefingFrontmatter): BriefingFrontmatter {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fm)) {
    if (v === undefined || v === '') continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (k === 'source' && v && typeof v === 'object') {
      const src = Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== ''));
      if (Object.keys(src).length > 0) out[k] = src;
      continue;
    }
    out[k] = v;
  }
  return out as BriefingFrontmatter;
}
