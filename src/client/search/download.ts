/**
 * "Download these results": every statement the current query and filters find, as CSV or JSON Lines
 * in the schema of the archive's own exports (src/export/records.ts: the same columns, the same
 * escaping, the same links), built in the browser from the engine's hits — no server.
 *
 * The control is `<div data-export-results>` with a button per format (`data-format="csv" | "jsonl"`);
 * `data-site` is the site URL the build's exports use for their links (absent without SITE_URL).
 */
import { CSV_HEADER, csvRecord, jsonLine, statementRecord, type ExportLinks } from '../../export/records.ts';
import type { Statement } from '../../model/model.ts';
import type { SearchEngine, SearchHit } from '../../search/query/engine.ts';
import { toOptions, type SearchState } from './state.ts';

export type ExportFormat = 'csv' | 'jsonl';

const TYPES: Record<ExportFormat, string> = { csv: 'text/csv;charset=utf-8', jsonl: 'application/x-ndjson;charset=utf-8' };

/** A hit as the statement it is, in the exports' terms. */
export function statementOfHit(h: SearchHit): Statement {
  return {
    briefing: h.briefing,
    turn: h.turn,
    order: h.order,
    title: h.title,
    date: h.date,
    ...(h.kind ? { kind: h.kind } : {}),
    role: h.role,
    speaker: h.speaker,
    label: h.label,
    person: h.person,
    position: h.position,
    topic: h.topic,
    section: h.section,
    text: h.text,
  };
}

/** The file's text: the hits in the order the search gives them, one record each. */
export function exportText(hits: readonly SearchHit[], format: ExportFormat, links: ExportLinks): string {
  const records = hits.map((h) => statementRecord(statementOfHit(h), links));
  return format === 'csv' ? CSV_HEADER + records.map(csvRecord).join('') : records.map(jsonLine).join('');
}

/** Every hit of a search (not just the page shown), as a file to save. */
export async function exportFile(engine: SearchEngine, state: SearchState, format: ExportFormat, site: string | null): Promise<File> {
  const [result, manifest] = await Promise.all([engine.search(state.q, toOptions(state, 0, 0)), engine.manifest()]);
  const text = exportText(result.hits, format, { base: manifest.base, site: site ? new URL(site) : null });
  return new File([text], `search-results.${format}`, { type: TYPES[format] });
}

/** Hands a file to the browser's download. */
export function save(file: File): void {
  const url = URL.createObjectURL(file);
  const a = Object.assign(document.createElement('a'), { href: url, download: file.name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
