/**
 * A briefing (or one statement of it) as a citation in each format the citation menu offers: the
 * Japanese citation (`citationText`, which the page's copy buttons and selection copy use too), an
 * English one, BibTeX and RIS. Pure functions of data the page has; no DOM, no Node.
 *
 * - Japanese, a statement:  「…」⏎（中谷 元 防衛大臣、「題名」、2025年9月8日）⏎URL#t3   (exactly as now)
 *             the briefing: （中谷 元 防衛大臣、「題名」、2025年9月8日）⏎URL
 * - English, a statement:   “…”⏎(中谷 元 防衛大臣, “題名,” September 8, 2025)⏎URL#t3
 *             the briefing: 中谷 元 (防衛大臣). “題名.” Press conference, September 8, 2025. Publisher. URL
 * - BibTeX: one `@misc` entry: title, author (`family, given` and `and` between people), date, year,
 *   month (a macro), url, publisher, note, langid; BibTeX's special characters escaped in every field
 *   but the URL, which is left verbatim (as biblatex reads it) with only braces, backslashes and white
 *   space percent-encoded. Parsed back in the tests with a BibTeX parser.
 * - RIS: `TY  - GEN` (as BibTeX's @misc, a generic document; M3 says 記者会見録) … `ER  - `, CRLF lines,
 *   one AU per person, DA as YYYY/MM/DD/.
 */
import { formatSeirekiDate, parseIsoDate } from '../japanese/era.ts';

/** What the Japanese citation of a statement is made of; `url` is absolute. */
export interface Citation {
  text: string;
  speaker: string;
  title: string;
  /** As a citation writes it: 2025年9月8日. */
  date: string;
  url: string;
  /** Where the archive has the transcript from (frontmatter `source`), when it says. */
  source?: { credit?: string; url?: string };
}

export function citationText(c: Citation): string {
  const source = [c.source?.credit, c.source?.url].filter(Boolean).join(' ');
  return `「${c.text}」\n（${c.speaker}、「${c.title}」、${c.date}）\n${c.url}${source ? `\n出典: ${source}` : ''}`;
}

export interface CitedSpeaker {
  name: string;
  position?: string | undefined;
}

/**
 * The principal speakers a citation names: the frontmatter's, or — when it names none — the officials
 * the speaker rules identify in the transcript (`上川外務大臣` of a 【上川外務大臣】 label), once each, in
 * order of appearance.
 */
export function principalSpeakers(
  frontmatter: ReadonlyArray<{ name: string; position?: string | undefined }> | undefined,
  counted: ReadonlyArray<{ role: string; person?: string | undefined; position?: string | undefined }>,
): CitedSpeaker[] {
  if (frontmatter && frontmatter.length > 0) return frontmatter.map((s) => ({ name: s.name, position: s.position }));
  const seen = new Map<string, CitedSpeaker>();
  for (const c of counted) if (c.role === 'official' && c.person && !seen.has(c.person)) seen.set(c.person, { name: c.person, position: c.position });
  return [...seen.values()];
}

export interface CitedBriefing {
  /** The briefing's id (its slug): the BibTeX key is made from it. */
  slug: string;
  title: string;
  /** YYYY-MM-DD. */
  date: string;
  /** The principal speakers (the frontmatter's), in order. */
  speakers: CitedSpeaker[];
  /** The page's address, absolute under SITE_URL (or the page's own address). */
  url: string;
  /** The site's publisher (the integration's `publisher.name`). */
  publisher: string;
  /** BCP 47 (the integration's `lang`). */
  lang: string;
  source?: { credit?: string | undefined; url?: string | undefined } | undefined;
}

export interface CitedTurn {
  /** `t3`: the URL fragment. */
  id: string;
  /** The statement, paragraphs joined by "\n". */
  text: string;
  /** Who says it, as the page cites them (full name and position when known, else the label). */
  speaker: string;
}

export type CitationFormat = 'ja' | 'en' | 'bibtex' | 'ris';
export const CITATION_FORMATS: readonly CitationFormat[] = ['ja', 'en', 'bibtex', 'ris'];
/** What the citation menu calls each format. */
export const CITATION_FORMAT_NAMES: Readonly<Record<CitationFormat, string>> = { ja: '日本語', en: 'English', bibtex: 'BibTeX', ris: 'RIS' };

export const isCitationFormat = (s: string | undefined): s is CitationFormat => (CITATION_FORMATS as readonly string[]).includes(s ?? '');

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function citation(format: CitationFormat, b: CitedBriefing, turn?: CitedTurn): string {
  switch (format) {
    case 'ja':
      return japaneseCitation(b, turn);
    case 'en':
      return englishCitation(b, turn);
    case 'bibtex':
      return bibtexCitation(b, turn);
    case 'ris':
      return risCitation(b, turn);
  }
}

function urlOf(b: CitedBriefing, turn?: CitedTurn): string {
  return turn ? `${b.url.replace(/#.*$/u, '')}#${turn.id}` : b.url;
}

/** `中谷 元 防衛大臣` for each speaker, with a separator. */
function speakerList(b: CitedBriefing, sep: string, withPosition: (s: CitedSpeaker) => string): string {
  return b.speakers.map(withPosition).join(sep);
}

export function japaneseCitation(b: CitedBriefing, turn?: CitedTurn): string {
  const date = formatSeirekiDate(b.date);
  if (turn) return citationText({ text: turn.text, speaker: turn.speaker, title: b.title, date, url: urlOf(b, turn) });
  const who = speakerList(b, '・', (s) => `${s.name}${s.position ? ` ${s.position}` : ''}`);
  return `（${who ? `${who}、` : ''}「${b.title}」、${date}）\n${b.url}`;
}

/** September 8, 2025. */
function englishDate(iso: string): string {
  const d = parseIsoDate(iso)!;
  return `${MONTHS[d.m - 1]} ${d.d}, ${d.y}`;
}

export function englishCitation(b: CitedBriefing, turn?: CitedTurn): string {
  const date = englishDate(b.date);
  if (turn) return `“${turn.text}”\n(${turn.speaker}, “${b.title},” ${date})\n${urlOf(b, turn)}`;
  const who = speakerList(b, '; ', (s) => `${s.name}${s.position ? ` (${s.position})` : ''}`);
  return `${who ? `${who}. ` : ''}“${b.title}.” Press conference, ${date}. ${b.publisher}. ${b.url}`;
}

/** A person's name split where the transcripts split it: family name, a space, given name. */
export function familyGiven(name: string): { family: string; given: string | null } {
  const parts = name.trim().split(/[\s\u3000]+/u);
  return parts.length < 2 ? { family: parts[0] ?? '', given: null } : { family: parts[0]!, given: parts.slice(1).join(' ') };
}

/** `family, given` (the form citation managers read for names of any script). */
export function invertedName(name: string): string {
  const { family, given } = familyGiven(name);
  return given ? `${family}, ${given}` : family;
}

const BIBTEX_SPECIAL: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
};

export function bibtexEscape(s: string): string {
  return s.replace(/[\\{}&%$#_~^]/gu, (c) => BIBTEX_SPECIAL[c]!).replace(/\s+/gu, ' ');
}

function bibtexUrl(url: string): string {
  return url.replace(/[{}\\\s]/gu, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** An ASCII key from the slug (and turn): BibTeX keys cannot hold most characters. */
function bibtexKey(b: CitedBriefing, turn?: CitedTurn): string {
  const ascii = `${b.slug}${turn ? `-${turn.id}` : ''}`.replace(/[^A-Za-z0-9_-]+/gu, '-').replace(/^-+|-+$/gu, '');
  return `kaiken-${ascii || b.date}`;
}

function noteOf(b: CitedBriefing, turn: CitedTurn | undefined, sep: string): string {
  const parts = ['記者会見録'];
  if (turn) parts.push(`発言 ${turn.id}（${turn.speaker}）「${turn.text.replace(/\s+/gu, ' ')}」`);
  const source = [b.source?.credit, b.source?.url].filter(Boolean).join(' ');
  if (source) parts.push(`出典: ${source}`);
  return parts.join(sep);
}

export function bibtexCitation(b: CitedBriefing, turn?: CitedTurn): string {
  const d = parseIsoDate(b.date)!;
  const fields: Array<[string, string]> = [
    ['title', `{${bibtexEscape(b.title)}}`],
    ...(b.speakers.length > 0 ? [['author', `{${b.speakers.map((s) => bibtexEscape(invertedName(s.name))).join(' and ')}}`] as [string, string]] : []),
    ['date', `{${b.date}}`],
    ['year', `{${d.y}}`],
    ['month', MONTHS[d.m - 1]!.slice(0, 3).toLowerCase()],
    ['url', `{${bibtexUrl(urlOf(b, turn))}}`],
    ['publisher', `{${bibtexEscape(b.publisher)}}`],
    ['note', `{${bibtexEscape(noteOf(b, turn, '. '))}}`],
    ...(/^ja\b/iu.test(b.lang) ? [['langid', '{japanese}'] as [string, string]] : []),
  ];
  return `@misc{${bibtexKey(b, turn)},\n${fields.map(([k, v]) => `  ${k} = ${v}`).join(',\n')}\n}\n`;
}

export function risCitation(b: CitedBriefing, turn?: CitedTurn): string {
  const d = parseIsoDate(b.date)!;
  const line = (tag: string, value: string) => `${tag}  - ${value.replace(/\s+/gu, ' ').trim()}`;
  const pad = (n: number) => String(n).padStart(2, '0');
  const lines = [
    line('TY', 'GEN'),
    line('TI', b.title),
    ...b.speakers.map((s) => line('AU', invertedName(s.name))),
    line('DA', `${d.y}/${pad(d.m)}/${pad(d.d)}/`),
    line('PY', String(d.y)),
    line('M3', '記者会見録'),
    line('PB', b.publisher),
    line('UR', urlOf(b, turn)),
    line('LA', b.lang),
    line('N1', noteOf(b, turn, '。')),
    'ER  - ',
  ];
  return `${lines.join('\r\n')}\r\n`;
}
