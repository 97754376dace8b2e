/**
 * Where speaker labels sit in mdast paragraphs, for remark-turns: a label opens a turn at the start of
 * any line of a paragraph (the author may leave no blank line before it), and emphasis around a label —
 * real (`**大臣** :`) or left as literal asterisks by CommonMark (`**大臣 :**本文`) — is taken off it.
 * Raw HTML is made text first, so that a label is still found at the start of its paragraph.
 */
import type { Paragraph, PhrasingContent, Root, Text } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import { matchLabel, type LabelMatch } from '../model/labels.ts';

/**
 * Transcripts are text: `<b>` or `<script>` in a statement is something somebody said or pasted,
 * never markup. Turn raw HTML into text (escaped on output) and merge it with its neighbours so that
 * a label is still found at the start of its paragraph.
 */
export function literalHtml(tree: Root): void {
  visit(tree, 'html', (node, index, parent) => {
    if (!parent || index === undefined) return;
    const position = node.position ? { position: node.position } : {};
    const text: Text = { type: 'text', value: node.value, ...position };
    const block = parent.type === 'root' || parent.type === 'blockquote' || parent.type === 'listItem';
    parent.children[index] = (block ? { type: 'paragraph', children: [text], ...position } : text) as Paragraph;
  });
  visit(tree, (node) => {
    if ('children' in node) (node as { children: PhrasingContent[] }).children = mergeTexts((node as { children: PhrasingContent[] }).children);
  });
}

function mergeTexts<T extends { type: string }>(children: T[]): T[] {
  const merged: T[] = [];
  for (const child of children) {
    const prev = merged.at(-1) as (T & Partial<Text>) | undefined;
    const next = child as T & Partial<Text>;
    if (next.type === 'text' && prev?.type === 'text') {
      prev.value = (prev.value ?? '') + (next.value ?? '');
      if (prev.position && next.position) prev.position = { start: prev.position.start, end: next.position.end };
    } else merged.push(child);
  }
  return merged;
}

/**
 * `**大臣 :**本文` is not emphasis to CommonMark (a `**` after punctuation and before a letter closes
 * nothing), so the asterisks stay text around the label. The text without them, when they wrap a label.
 */
const LITERAL_EMPHASIS = /^([*_]{1,2})([^*_\n]{1,40}?)\1/u;

function withoutLiteralEmphasis(text: string): string | null {
  const m = LITERAL_EMPHASIS.exec(text);
  const inner = m ? matchLabel(m[2]!) : null;
  // Only around a known label: `\*あ:\*` is text the author escaped, and stays as written.
  if (!m || inner?.kind !== 'label' || inner.rest.trim() !== '') return null;
  return m[2]! + text.slice(m[0].length);
}

/** A label at the start of a line, with or without literal emphasis around it. */
function labelAtLineStart(line: string): LabelMatch | null {
  const bare = withoutLiteralEmphasis(line);
  return matchLabel(bare ?? line);
}

/** The text of the line that starts at `children[from]` (up to the next line break). */
function lineFrom(children: PhrasingContent[], from: number, head = ''): string {
  let line = head;
  for (let i = from; i < children.length; i++) {
    const c = children[i]!;
    if (c.type === 'break') break;
    const s = c.type === 'text' ? c.value : toString(c);
    const nl = s.indexOf('\n');
    if (nl >= 0) return line + s.slice(0, nl);
    line += s;
  }
  return line;
}

/** A paragraph cut out of a longer one, and the line it starts on (cut-out nodes carry no position). */
export interface Piece {
  paragraph: Paragraph;
  line: number;
}

/**
 * Cut a paragraph where a line starts with a speaker label, so that every label opens its own turn
 * even when the author left no blank line before it.
 */
export function splitAtLabelLines(paragraph: Paragraph): Piece[] {
  const out: Piece[] = [];
  let current: PhrasingContent[] = [];
  let currentLine = paragraph.position?.start.line ?? 0;
  const cut = (nextLine: number) => {
    if (current.length > 0) out.push({ paragraph: { type: 'paragraph', children: current }, line: currentLine });
    current = [];
    currentLine = nextLine;
  };
  const children = paragraph.children;
  children.forEach((node, i) => {
    // A hard line break also starts a line.
    if (i > 0 && children[i - 1]!.type === 'break' && labelAtLineStart(lineFrom(children, i))) {
      current.pop();
      cut(node.position?.start.line ?? currentLine);
    }
    if (node.type !== 'text' || !node.value.includes('\n')) {
      current.push(node);
      return;
    }
    const pieces = node.value.split('\n');
    let acc = pieces[0]!;
    let split = false;
    pieces.slice(1).forEach((piece, k) => {
      const last = k === pieces.length - 2;
      if (labelAtLineStart(last ? lineFrom(children, i + 1, piece) : piece)) {
        if (acc !== '') current.push({ type: 'text', value: acc });
        cut(node.position ? node.position.start.line + k + 1 : currentLine);
        acc = piece;
        split = true;
      } else acc += `\n${piece}`;
    });
    // An unsplit text node keeps its position (and so its line in messages).
    if (!split) current.push(node);
    else if (acc !== '') current.push({ type: 'text', value: acc });
  });
  cut(currentLine);
  return out.length > 0 ? out : [{ paragraph, line: currentLine }];
}

/**
 * `**大臣 :**本文`, `**大臣** :本文`, `*記者 :*`: emphasis around a label. Take the label out of the
 * emphasis (the rest of the emphasised text stays emphasised) and put it first as plain text.
 */
function unwrapEmphasisedLabel(paragraph: Paragraph): void {
  const first = paragraph.children[0];
  if (!first || (first.type !== 'strong' && first.type !== 'emphasis')) return;
  const match = matchLabel(lineFrom(paragraph.children, 0));
  if (!match) return;
  const raw = match.kind === 'label' ? match.label.raw : match.raw;
  const inner = first.children[0];
  const emphasised = toString(first);
  if (inner?.type === 'text' && emphasised.trimStart().startsWith(raw) && inner.value.trimStart().startsWith(raw)) {
    // The label sits wholly inside the emphasis: move it out.
    inner.value = inner.value.trimStart().slice(raw.length).replace(/^[^\S\n]+/u, '');
    if (inner.value === '') first.children.shift();
    const label: Text = { type: 'text', value: raw, ...(first.position ? { position: first.position } : {}) };
    paragraph.children.splice(0, first.children.length === 0 ? 1 : 0, label);
  } else {
    // The label runs on past the emphasis (`**大臣** :`): the emphasis was only ever the label's.
    paragraph.children.splice(0, 1, ...first.children);
  }
  paragraph.children = mergeTexts(paragraph.children);
}

/** Remove the label from the paragraph's leading text; report whether a statement is left. */
export function stripLabel(paragraph: Paragraph, match: Extract<LabelMatch, { kind: 'label' }>): boolean {
  const first = paragraph.children[0] as Text;
  // A label alone on its line: the statement starts on the next line.
  const rest = match.rest.startsWith('\n') ? match.rest.slice(1) : match.rest;
  if (rest === '') paragraph.children.shift();
  else first.value = rest;
  if (paragraph.children[0]?.type === 'break') paragraph.children.shift();
  return paragraph.children.length > 0;
}

/** What a paragraph opens: a turn with this label, a mistake, or nothing (it continues a turn). */
export function labelOf(paragraph: Paragraph): LabelMatch | null {
  unwrapEmphasisedLabel(paragraph);
  const first = paragraph.children[0];
  if (first?.type !== 'text') return null;
  first.value = withoutLiteralEmphasis(first.value) ?? first.value;
  return matchLabel(first.value);
}
