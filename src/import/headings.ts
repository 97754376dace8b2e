/**
 * Section headings and topic lines, recognised by their words rather than by one publisher's exact
 * shape: `大臣からの発表事項`, `1 発表事項`, `２　質疑応答`, `冒頭発言`, `○冒頭発言`, `【質疑応答】`,
 * `質疑応答（抜粋）`, `統幕長からの発表事項(統幕長定例記者会見) 2026年01月28日(水)`.
 */
import { ERA_NAMES } from '../japanese/era.ts';
import { sectionKindOf, type SectionKind } from '../model/vocabulary.ts';
import type { Line } from './lines.ts';
import { stripEnumerator } from './lines.ts';

export interface SectionHeading {
  /** As published, without a leading enumerator or list mark. */
  heading: string;
  kind: SectionKind;
}

/** List marks and brackets publishers put around a heading. */
const MARK = /^[○◯●■□◆◇▼▽・◎]\s*/u;
/** A copier's quotation opening before the record it quotes: `『 冒頭発言` (its 』 comes much later). */
export const QUOTE_OPENS = /^[『「][\s\u3000]*(?=[^』」]*$)/u;
const WRAP = /^[【[〈《<]\s*(.*?)\s*[】\]〉》>]$/u;
const DATE_SUFFIX = new RegExp(
  String.raw`\s*(?:(?:${ERA_NAMES})\s*(?:元|\d{1,3})\s*(?:\(\s*\d{4}\s*\))?|\d{4})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日(?:\s*\([^()]{1,4}\))?$`,
  'u',
);
const NOTE_SUFFIX = /\s*\((?:抜粋|要旨|概要|要約|速報|[^()]{0,30}会見)\)$/u;
const CORE = /^(?:[^\s、。]{1,12}(?:からの|よりの|との))?(?:発表事項|冒頭発言|冒頭発表|質疑応答|質疑|報告事項)$/u;

/** The words of a heading-like line without decoration: enumerator, list mark, brackets. */
function core(norm: string): string {
  let s = norm.replace(QUOTE_OPENS, '').replace(/^\d{1,2}[.、)]?\s*/u, '').replace(MARK, '');
  s = WRAP.exec(s)?.[1] ?? s;
  return s.trim();
}

export function sectionHeadingOf(line: Line): SectionHeading | null {
  if (line.text === '' || line.norm.length > 80 || line.text.includes('。')) return null;
  const words = core(line.norm).replace(DATE_SUFFIX, '').replace(NOTE_SUFFIX, '').trim();
  // `冒頭発言:G7外相会合への出席` (a 要旨 copy): the heading, and its subject after the colon.
  const head = /^([^:]{2,16}):\s*\S/u.exec(words)?.[1];
  if (!CORE.test(words) && !(head && CORE.test(head))) return null;
  let heading = stripEnumerator(line.text.replace(QUOTE_OPENS, '')).replace(/^[○◯●■□◆◇▼▽・◎][\s\u3000]*/u, '');
  heading = /^【(.*)】$/u.exec(heading)?.[1]?.trim() ?? heading;
  return { heading, kind: sectionKindOf(CORE.test(words) ? words : head!) };
}

/** Could this line be a topic heading (before looking at what follows it)? */
export function topicShaped(line: Line): boolean {
  const t = line.norm;
  if (t.length === 0 || t.length > 80) return false;
  if (line.text.includes('。')) return false;
  return !/[、,，.．!?！？:：;；]$/u.test(t);
}

/** A heading's words with list marks and enumerators removed, for comparing a contents entry with it. */
export function headingWords(line: Line): string {
  return core(line.norm).replace(/^\(\d{1,2}\)\s*/u, '').replace(/\s+/gu, '');
}
