/**
 * A saved web page → the lines the text reader reads, parsed with hast-util-from-html (never with
 * regular expressions over the HTML):
 *
 * - the encoding from the HTTP header (when fetched), else `<meta charset>` / `<meta http-equiv>`,
 *   else detected as for text files;
 * - the main content (`main`, `[role=main]`, `article`, `#main`, `#contents`, …) is kept; `header`, `nav`,
 *   `aside`, `footer`, `form`, breadcrumbs, lists of links and everything outside the main content are
 *   page chrome: their text becomes lines dropped as such (so the accounting still shows them);
 * - each block (`p`, `h1`–`h6`, `li`, `dt`/`dd`, table cells…) is a line, numbered with the line of the HTML
 *   source it starts on; a `<br>` inside a block continues the same statement, unless what follows it
 *   opens a new one (a speaker label, a section heading, `(以上)`) or a blank line (`<br><br>`) separates them.
 */
import type { Element, ElementContent, Root, RootContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { select, selectAll } from 'hast-util-select';
import { toText } from 'hast-util-to-text';
import { matchLabel } from '../model/labels.ts';
import { mayEndTranscript } from './chrome.ts';
import { decodeBytes, decodeDeclared, type Decoded } from './decode.ts';
import { sectionHeadingOf } from './headings.ts';
import { makeLine, type Line } from './lines.ts';
import { bareLabelOf } from './speaker-labels.ts';

export interface HtmlPage {
  lines: Line[];
  /** Lines of page chrome, with why they are dropped. */
  dropped: Map<number, string>;
  /** The page's own address (`<link rel="canonical">`, `og:url`), when it gives an http(s) one. */
  url?: string;
}

/** Whether bytes look like an HTML document rather than copied text. */
export function looksLikeHtml(bytes: Uint8Array): boolean {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 512)).replace(/^\ufeff|^ï»¿/u, '').trimStart().toLowerCase();
  return ['<!doctype html', '<html', '<head', '<meta', '<?xml'].some((p) => head.startsWith(p)) || (head.startsWith('<!--') && head.includes('<html'));
}

/** The charset a page declares in `<meta charset>` or `<meta http-equiv="Content-Type">`. */
function metaCharset(bytes: Uint8Array): string | undefined {
  // Every charset a Japanese page uses keeps ASCII as ASCII, so the head parses the same in latin1.
  const tree = fromHtml(new TextDecoder('latin1').decode(bytes.subarray(0, 16384)));
  const direct = select('meta[charset]', tree)?.properties['charSet'];
  if (typeof direct === 'string' && direct.trim() !== '') return direct;
  for (const meta of selectAll('meta[http-equiv]', tree)) {
    const equiv = String(meta.properties['httpEquiv'] ?? '').toLowerCase();
    const content = String(meta.properties['content'] ?? '');
    const m = /charset\s*=\s*["']?([^"';\s]+)/iu.exec(content);
    if (equiv === 'content-type' && m) return m[1];
  }
  return undefined;
}

/** Bytes of a page → text, by the HTTP header's charset, the page's own, or detection. */
export function decodeHtml(bytes: Uint8Array, httpCharset?: string): Decoded & { declaredBy?: string; mismatch?: string } {
  for (const [label, by] of [[httpCharset, 'the HTTP header'], [metaCharset(bytes), '<meta>']] as const) {
    if (!label) continue;
    const d = decodeDeclared(bytes, label);
    if (d?.mismatch) return { ...d, mismatch: `${by} ${d.mismatch}` };
    if (d) return { ...d, declaredBy: by };
  }
  return decodeBytes(bytes);
}

/** Not text of the page. */
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'head', 'svg', 'iframe', 'object', 'canvas', 'img', 'input', 'video', 'audio', 'map', 'math', 'title']);
/** Text of the page that is never the transcript's. */
const CONTROLS = new Set(['button', 'select', 'textarea', 'label']);
const CHROME_TAGS = new Set(['header', 'nav', 'aside', 'footer', 'form']);
const CHROME_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'search', 'complementary']);
const CHROME_NAMES = /breadcrumb|topicpath|pankuzu|pagetop|page-top|skip-?link/iu;
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'dd', 'details', 'dialog', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure',
  'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary',
  'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);
const MAIN = ['main', '[role=main]', 'article', '#main', '#contents', '#content', '#main-contents', '#mainContents', '#maincontents', '.main-contents', '#primary'];

/** A list whose every item is only links: site navigation, a related-articles or contents list. */
function isLinkList(el: Element): boolean {
  if (el.tagName !== 'ul' && el.tagName !== 'ol') return false;
  const items = el.children.filter((c): c is Element => c.type === 'element' && c.tagName === 'li');
  const squeeze = (s: string) => s.replace(/\s+/gu, '');
  return items.length > 0 && items.every((li) => {
    const all = squeeze(toText(li));
    return all !== '' && all === squeeze(selectAll('a', li).map((a) => toText(a)).join(''));
  });
}

function chromeOf(el: Element): string | null {
  if (CHROME_TAGS.has(el.tagName)) return `<${el.tagName}>`;
  if (CONTROLS.has(el.tagName)) return 'form control';
  const role = String(el.properties['role'] ?? '');
  if (CHROME_ROLES.has(role)) return `role=${role}`;
  const names = [el.properties['id'], ...((el.properties['className'] as string[] | undefined) ?? [])].filter(Boolean).join(' ');
  if (CHROME_NAMES.test(names)) return `#${names.split(' ')[0]}`;
  return isLinkList(el) ? 'list of links' : null;
}

interface Segment {
  text: string;
  no: number;
}
interface RawLine {
  raw: string;
  no: number;
  chrome: string | null;
}

/** A segment that opens a statement or heading of its own even after a `<br>`. */
function opensLine(text: string): boolean {
  const line = makeLine(0, 0, text);
  return matchLabel(text) !== null || sectionHeadingOf(line) !== null || bareLabelOf(line) !== null || mayEndTranscript(line) || /^(?:日時|場所|備考)$/u.test(line.norm);
}

/** A line that is only a label (or a field name): what follows it is a line of its own. */
function standsAlone(text: string): boolean {
  const m = matchLabel(text);
  const line = makeLine(0, 0, text);
  return (m?.kind === 'label' && m.rest.trim() === '') || bareLabelOf(line) !== null || /^(?:日時|場所|備考)$/u.test(line.norm);
}

class Collector {
  readonly out: RawLine[] = [];
  #segments: Segment[] = [];

  text(value: string, no: number): void {
    const collapsed = value.replace(/[ \t\n\r\f]+/gu, ' ');
    if (this.#segments.length === 0) this.#segments.push({ text: '', no });
    const seg = this.#segments.at(-1)!;
    if (seg.text.trim() === '') seg.no = no;
    seg.text += collapsed;
  }

  br(no: number): void {
    if (this.#segments.length === 0) this.#segments.push({ text: '', no });
    this.#segments.push({ text: '', no });
  }

  flush(chrome: string | null): void {
    let current: RawLine | null = null;
    let breakBefore = true;
    for (const seg of this.#segments) {
      const raw = seg.text.replace(/^ +| +$/gu, '').replace(/ {2,}/gu, ' ');
      if (raw.trim() === '') {
        breakBefore = true;
        continue;
      }
      if (!current || breakBefore || opensLine(raw) || standsAlone(current.raw)) {
        current = { raw, no: seg.no, chrome };
        this.out.push(current);
      } else current.raw += raw.trim();
      breakBefore = false;
    }
    this.#segments = [];
  }
}

function startLine(node: { value: string; position?: { start: { line: number } } }): number {
  const lead = /^[\s]*/u.exec(node.value)![0];
  return (node.position?.start.line ?? 1) + (lead.match(/\n/gu)?.length ?? 0);
}

function walk(node: Root | RootContent | ElementContent, main: Element | null, chrome: string | null, c: Collector): void {
  if (node.type === 'text') return c.text(node.value, startLine(node));
  if (node.type !== 'element' && node.type !== 'root') return;
  if (node.type === 'element') {
    if (SKIP.has(node.tagName)) return;
    if (node.tagName === 'br') return c.br(node.position?.start.line ?? 1);
    const block = BLOCK.has(node.tagName);
    const own = node === main ? null : chrome ?? chromeOf(node);
    if (block || own !== chrome) c.flush(chrome);
    for (const child of node.children) walk(child, main, own, c);
    if (block || own !== chrome) c.flush(own);
    return;
  }
  for (const child of node.children) walk(child, main, chrome, c);
  c.flush(chrome);
}

function ownUrl(tree: Root): string | undefined {
  const canonical = selectAll('link[rel]', tree).find((l) => String(l.properties['rel']).split(/[ ,]/u).includes('canonical'))?.properties['href'];
  const og = select('meta[property="og:url"]', tree)?.properties['content'];
  const url = [canonical, og].find((u) => typeof u === 'string' && /^https?:\/\/\S+$/iu.test(u));
  return url as string | undefined;
}

export function htmlToLines(html: string): HtmlPage {
  const tree = fromHtml(html);
  const body = select('body', tree) ?? tree;
  const main = MAIN.map((sel) => select(sel, body)).find((el): el is Element => el !== undefined && toText(el).trim() !== '') ?? null;
  const c = new Collector();
  walk(body, main, main ? 'outside the main content' : null, c);
  const lines: Line[] = [];
  const dropped = new Map<number, string>();
  for (const raw of c.out) {
    const line = makeLine(lines.length, raw.no, raw.raw);
    if (line.text === '') continue;
    if (raw.chrome) dropped.set(line.index, `page chrome (${raw.chrome})`);
    lines.push(line);
  }
  const url = ownUrl(tree);
  return { lines, dropped, ...(url ? { url } : {}) };
}
