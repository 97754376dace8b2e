/**
 * The data exports' records, built from the parsed-once archive (never from the Markdown again):
 * - a briefing as JSON: its frontmatter, its lead, and its turns `{id, role, speaker, person, position,
 *   text}` — the page's turns, in the page's order, with the text of their paragraphs joined by "\n";
 * - a statement (turn or lead) as one JSON Lines record or one CSV row.
 *
 * The schema is documented in docs/site.md ("Data export"); bump EXPORT_VERSION when it changes. No
 * Node imports: the search page builds its results' downloads with these same records in the browser.
 */
import type { BriefingSummary } from '../archive/archive.ts';
import { ROUTES, withBase } from '../model/routes.ts';
import type { Statement } from '../model/model.ts';
import type { ParsedTranscript } from '../archive/parse.ts';

export const EXPORT_VERSION = 2;

export interface ExportTurn {
  id: string;
  role: string;
  /** The speaker as the label writes it (the page's `data-speaker`). */
  speaker: string;
  /** Who speaks by the speaker rules, and their position in full; null when nobody is known. */
  person: string | null;
  position: string | null;
  /** Last: the search index finds a turn's text at the end of its object (day-json.ts). */
  text: string;
}

/** How the exports write links: absolute under the site URL when there is one, else from the site root. */
export interface ExportLinks {
  /** `/kaiken/` */
  base: string;
  /** `https://example.org/kaiken/`, or null without SITE_URL. */
  site: URL | null;
}

export function pageUrl(links: ExportLinks, slug: string, fragment?: string): string {
  const path = `${withBase(links.base, ROUTES.briefing(slug))}${fragment ? `#${fragment}` : ''}`;
  return links.site ? new URL(path, links.site.origin).href : path;
}

export type ExportFormat = 'jsonl' | 'csv';

/** One file of the statement exports: a year of statements in one format, gzip-compressed or plain. */
export interface ExportFile {
  /** Relative to the site's root (`data/statements-2025.jsonl.gz`). */
  path: string;
  year: string;
  format: ExportFormat;
  gz: boolean;
}

/** Media types of the exports' formats (a compressed file is served as what it holds, zipped). */
export const EXPORT_TYPES: Record<ExportFormat, string> = { jsonl: 'application/x-ndjson', csv: 'text/csv' };

/**
 * The statement exports of an archive whose briefings fall in `years`: per year (oldest first), JSON
 * Lines and CSV, gzip-compressed, and plain as well when `plain`. The one list the build writes, the
 * home page links and the build's last check reads.
 */
export function exportFiles(years: Iterable<string>, opts: { plain: boolean }): ExportFile[] {
  const variants: Array<[ExportFormat, boolean]> = [['jsonl', true], ['csv', true], ...(opts.plain ? ([['jsonl', false], ['csv', false]] as Array<[ExportFormat, boolean]>) : [])];
  return [...new Set(years)].sort().flatMap((year) => variants.map(([format, gz]) => ({ path: ROUTES.statements(year, format, gz), year, format, gz })));
}

export function turnsOf(t: Pick<ParsedTranscript, 'body'>): ExportTurn[] {
  return t.body.sections.flatMap((s) =>
    s.topics.flatMap((topic) =>
      topic.turns.map((turn) => ({
        id: turn.id,
        role: turn.role,
        speaker: turn.speaker,
        person: turn.identity?.person ?? null,
        position: turn.identity?.position ?? null,
        text: turn.paragraphs.join('\n'),
      })),
    ),
  );
}

export function briefingRecord(b: Pick<BriefingSummary, 'slug'>, t: Pick<ParsedTranscript, 'frontmatter' | 'body'>, links: ExportLinks) {
  return {
    version: EXPORT_VERSION,
    slug: b.slug,
    url: pageUrl(links, b.slug),
    ...t.frontmatter,
    lead: t.body.lead,
    turns: turnsOf(t),
  };
}

/** The columns of the statement exports, in CSV order. */
export const STATEMENT_COLUMNS = ['briefing', 'date', 'title', 'kind', 'turn', 'order', 'role', 'speaker', 'person', 'position', 'section', 'topic', 'text', 'url'] as const;
export type StatementRecord = Record<(typeof STATEMENT_COLUMNS)[number], string | number | null>;

export function statementRecord(s: Statement, links: ExportLinks): StatementRecord {
  return {
    briefing: s.briefing,
    date: s.date,
    title: s.title,
    kind: s.kind ?? null,
    turn: s.turn,
    order: s.order,
    role: s.role,
    speaker: s.speaker,
    person: s.person,
    position: s.position,
    section: s.section,
    topic: s.topic,
    text: s.text,
    url: pageUrl(links, s.briefing, s.turn === 'lead' ? 'lead' : s.turn),
  };
}

export function jsonLine(record: StatementRecord): string {
  return `${JSON.stringify(record)}\n`;
}

/**
 * One CSV field (RFC 4180): quoted when it holds a quote, comma or line break. A field that a
 * spreadsheet would run as a formula (starting with = + - @, tab or CR) gets a leading apostrophe,
 * which Excel and LibreOffice show as text; the JSON Lines file keeps the text exactly.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/u.test(s)) s = `'${s}`;
  return /[",\r\n]/u.test(s) ? `"${s.replace(/"/gu, '""')}"` : s;
}

/** Excel opens a CSV as UTF-8 only when it starts with a byte order mark. */
export const CSV_BOM = '\ufeff';

export function csvRow(values: ReadonlyArray<string | number | null>): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

export function csvRecord(record: StatementRecord): string {
  return csvRow(STATEMENT_COLUMNS.map((c) => record[c]));
}

/** The first line of a statements CSV: the byte order mark and the columns. */
export const CSV_HEADER = CSV_BOM + csvRow(STATEMENT_COLUMNS);
