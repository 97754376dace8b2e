/**
 * ImportedBriefing → the content Markdown (see content/2025/2025-09-08-nakatani-seoul.md):
 *
 *     ---
 *     title: …
 *     date: 2025-09-08
 *     start: "17:05"
 *     …
 *     ---
 *
 *     lead paragraph
 *
 *     ## section
 *
 *     ### topic
 *
 *     記者 :
 *     first paragraph of the turn
 *
 *     next paragraph of the same turn
 *
 * Text is written as published; characters that Markdown would otherwise read as syntax are
 * backslash-escaped so that the rendered text is the published text.
 */
import { parse as parseYaml } from 'yaml';
import type { BriefingFrontmatter } from '../model/frontmatter.ts';
import type { ImportedBriefing, ImportedTurn } from './types.ts';

/** Strings YAML (1.1 or 1.2) would read as something other than a string. */
const NOT_A_STRING = /^(?:[-+.\d:_ eE]*|~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|\.inf|\.nan)$/u;

/** A YAML scalar: plain when that reads back as the same string, else double-quoted. */
export function yamlScalar(s: string, quote = false): string {
  const plainOk =
    !quote &&
    s !== '' &&
    s === s.trim() &&
    !/[\n\r\t\u0000-\u001f\u007f\u2028\u2029]/u.test(s) &&
    !/^[-?:,[\]{}#&*!|>'"%@`]/u.test(s) &&
    !/:(?:\s|$)|\s#/u.test(s) &&
    !NOT_A_STRING.test(s) &&
    safeRoundTrip(s);
  return plainOk ? s : JSON.stringify(s);
}

function safeRoundTrip(s: string): boolean {
  try {
    return parseYaml(`k: ${s}\n`)?.k === s;
  } catch {
    return false;
  }
}

export function renderFrontmatter(fm: BriefingFrontmatter): string {
  const out: string[] = ['---'];
  out.push(`title: ${yamlScalar(fm.title)}`);
  out.push(`date: ${fm.date}`);
  if (fm.start) out.push(`start: ${yamlScalar(fm.start, true)}`);
  if (fm.end) out.push(`end: ${yamlScalar(fm.end, true)}`);
  if (fm.timeNote) out.push(`timeNote: ${yamlScalar(fm.timeNote)}`);
  if (fm.place) out.push(`place: ${yamlScalar(fm.place)}`);
  if (fm.kind) out.push(`kind: ${yamlScalar(fm.kind)}`);
  if (fm.speakers && fm.speakers.length > 0) {
    out.push('speakers:');
    for (const sp of fm.speakers) {
      out.push(`  - name: ${yamlScalar(sp.name)}`);
      if (sp.reading) out.push(`    reading: ${yamlScalar(sp.reading)}`);
      if (sp.position) out.push(`    position: ${yamlScalar(sp.position)}`);
    }
  }
  const src = fm.source;
  if (src && (src.credit || src.published || src.url)) {
    out.push('source:');
    if (src.credit) out.push(`  credit: ${yamlScalar(src.credit)}`);
    if (src.published) out.push(`  published: ${yamlScalar(src.published, true)}`);
    if (src.url) out.push(`  url: ${yamlScalar(src.url)}`);
  }
  out.push('---');
  return out.join('\n') + '\n';
}

/**
 * Escape what CommonMark/GFM would read as syntax inside a paragraph (emphasis, code, links,
 * HTML, entities, strikethrough), and at the start of each of its lines (headings, quotes, lists,
 * thematic breaks, setext underlines, fences, tables).
 */
export function escapeMarkdown(paragraph: string): string {
  const tildes = (paragraph.match(/~/gu)?.length ?? 0) >= 2;
  let s = paragraph.replace(/[\\`*_<[\]]/gu, '\\$&').replace(/&(?=#?[0-9A-Za-z]+;)/gu, '\\&');
  if (tildes) s = s.replace(/~/gu, '\\~');
  return s
    .split('\n')
    .map((line) => line.replace(/^([#>+\-=|:~])/u, '\\$1').replace(/^(\d{1,9})([.)])/u, '$1\\$2'))
    .join('\n');
}

/** A heading's text: escaped, and a trailing `#` kept from closing the heading. */
function escapeHeading(text: string): string {
  return escapeMarkdown(text).replace(/(?<!\\)#$/u, '\\#');
}

/** The Markdown paragraphs of a turn: the label as written leads its first paragraph. */
export function turnParagraphs(turn: ImportedTurn): string[] {
  if (turn.label === null) return [...turn.paragraphs];
  const [first, ...rest] = turn.paragraphs;
  const head = first === undefined ? turn.label : `${turn.label}${turn.labelSep}${first}`;
  return [head, ...rest];
}

export function renderMarkdown(b: ImportedBriefing): string {
  const blocks: string[] = [];
  for (const p of b.lead) blocks.push(escapeMarkdown(p));
  for (const section of b.sections) {
    if (section.heading !== null) blocks.push(`## ${escapeHeading(section.heading)}`);
    for (const topic of section.topics) {
      if (topic.heading !== null) blocks.push(`### ${escapeHeading(topic.heading)}`);
      for (const turn of topic.turns) for (const p of turnParagraphs(turn)) blocks.push(escapeMarkdown(p));
    }
  }
  return `${renderFrontmatter(b.frontmatter)}\n${blocks.join('\n\n')}\n`;
}
