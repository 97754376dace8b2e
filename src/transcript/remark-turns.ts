/**
 * remark plugin: speaker labels → turns.
 *
 * AST contract. Input: a flat mdast root as written in `content/` (headings, paragraphs, other blocks).
 * Output: every run of blocks that starts with a labelled paragraph — or, inside a section, with an
 * unlabelled block that no label precedes — becomes one `transcriptTurn` node holding a
 * `transcriptTurnHeader` and those blocks, label text removed. A turn ends at the next label or heading.
 * Blocks before the first heading (the lead) are left alone; remark-sections wraps them.
 *
 *   transcriptTurn        → <article class="turn" id="t3" data-role="reporter" data-speaker="記者">
 *   transcriptTurnHeader  →   <header><span class="speaker">記者</span> <a class="turn-link" href="#t3">…</a></header>
 *   (blocks)              →   <p>…</p>
 *
 * A label opens a turn wherever a line starts with it, blank line before it or not (`記者 :…⏎大臣 :…`
 * is two turns), and with emphasis around it (`**大臣 :**`). The turn model (model.ts `Turn`) rides on
 * each node as `data.turn`.
 *
 * The principal official, who speaks unlabelled paragraphs, is the `principal` option or else the first
 * of the frontmatter's `speakers` that Astro hands every remark plugin (`file.data.astro.frontmatter`).
 *
 * Problems are vfile messages with a rule id, never exceptions, so that a file's every mistake is
 * reported at once: `transcript:unknown-label`, `transcript:empty-turn`.
 */
import type { BlockContent, DefinitionContent, Paragraph, PhrasingContent, Root, RootContent, Text } from 'mdast';
import type { ElementContent } from 'hast';
import type { Position } from 'unist';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import type { Plugin } from 'unified';
import type { VFile } from 'vfile';
import { principalSpeaker, type BriefingFrontmatter } from './frontmatter.ts';
import { matchLabel, unknownLabelHint, type Label, type LabelMatch } from './labels.ts';
import type { Role, Turn } from './model.ts';

export interface TranscriptTurnHeader {
  type: 'transcriptTurnHeader';
  position?: Position;
  data: { hName: 'header'; hChildren: ElementContent[] };
}

export interface TranscriptTurn {
  type: 'transcriptTurn';
  position?: Position;
  children: Array<TranscriptTurnHeader | BlockContent | DefinitionContent>;
  data: { hName: 'article'; hProperties: Record<string, string | string[]>; turn: Turn };
}

declare module 'mdast' {
  interface RootContentMap {
    transcriptTurn: TranscriptTurn;
    transcriptTurnHeader: TranscriptTurnHeader;
  }
}

export interface RemarkTurnsOptions {
  /** Who unlabelled paragraphs inside a section belong to (default: from the frontmatter's `speakers`). */
  principal?: string;
}

function principalOf(file: VFile, options: RemarkTurnsOptions): string {
  if (options.principal) return options.principal;
  const astro = file.data['astro'] as { frontmatter?: Partial<BriefingFrontmatter> } | undefined;
  return principalSpeaker(astro?.frontmatter ?? {});
}

function header(turn: Turn): TranscriptTurnHeader {
  return {
    type: 'transcriptTurnHeader',
    data: {
      hName: 'header',
      hChildren: [
        { type: 'element', tagName: 'span', properties: { className: ['speaker'] }, children: [{ type: 'text', value: turn.speaker }] },
        { type: 'text', value: ' ' },
        {
          type: 'element',
          tagName: 'a',
          properties: { className: ['turn-link'], href: `#${turn.id}`, title: 'この発言へのリンク' },
          children: [{ type: 'text', value: `#${turn.id}` }],
        },
      ],
    },
  };
}

function turnNode(turn: Turn): TranscriptTurn {
  return {
    type: 'transcriptTurn',
    children: [header(turn)],
    data: {
      hName: 'article',
      hProperties: { id: turn.id, className: ['turn'], dataRole: turn.role, dataSpeaker: turn.speaker },
      turn,
    },
  };
}

/**
 * Transcripts are text: `<b>` or `<script>` in a statement is something somebody said or pasted,
 * never markup. Turn raw HTML into text (escaped on output) and merge it with its neighbours so that
 * a label is still found at the start of its paragraph.
 */
function literalHtml(tree: Root): void {
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
  if (!m || !inner || (inner.kind === 'label' && inner.rest.trim() !== '')) return null;
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
interface Piece {
  paragraph: Paragraph;
  line: number;
}

/**
 * Cut a paragraph where a line starts with a speaker label, so that every label opens its own turn
 * even when the author left no blank line before it.
 */
function splitAtLabelLines(paragraph: Paragraph): Piece[] {
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
function stripLabel(paragraph: Paragraph, match: Extract<LabelMatch, { kind: 'label' }>): boolean {
  const first = paragraph.children[0] as Text;
  // A label alone on its line: the statement starts on the next line.
  const rest = match.rest.startsWith('\n') ? match.rest.slice(1) : match.rest;
  if (rest === '') paragraph.children.shift();
  else first.value = rest;
  if (paragraph.children[0]?.type === 'break') paragraph.children.shift();
  return paragraph.children.length > 0;
}

/** What a paragraph opens: a turn with this label, a mistake, or nothing (it continues a turn). */
function labelOf(paragraph: Paragraph): LabelMatch | null {
  unwrapEmphasisedLabel(paragraph);
  const first = paragraph.children[0];
  if (first?.type !== 'text') return null;
  first.value = withoutLiteralEmphasis(first.value) ?? first.value;
  return matchLabel(first.value);
}

export const remarkTranscriptTurns: Plugin<[RemarkTurnsOptions?], Root> = function (options = {}) {
  return (tree: Root, file: VFile) => {
    const principal = principalOf(file, options);
    const out: RootContent[] = [];
    let current: TranscriptTurn | null = null;
    let inSection = false;
    let count = 0;

    const open = (role: Role, speaker: string, label: Label | null, line: number): TranscriptTurn => {
      count += 1;
      const turn: Turn = {
        id: `t${count}`,
        role,
        speaker,
        label: label?.raw ?? null,
        ...(label?.outlet ? { outlet: label.outlet } : {}),
        ...(label?.name ? { name: label.name } : {}),
        ...(label?.position ? { position: label.position } : {}),
        paragraphs: [],
        line,
      };
      current = turnNode(turn);
      out.push(current);
      return current;
    };
    const append = (turn: TranscriptTurn, block: BlockContent | DefinitionContent) => {
      turn.children.push(block);
      const text = toString(block);
      if (text !== '') turn.data.turn.paragraphs.push(text);
    };
    const place = (block: BlockContent | DefinitionContent, line: number) => {
      if (current) append(current, block);
      else if (!inSection) out.push(block); // the lead
      // Unlabelled text inside a section is the principal official's: an announcement, or a remark
      // made before the first question.
      else append(open('official', principal, null, line), block);
    };

    literalHtml(tree);
    for (const node of tree.children) {
      if (node.type === 'heading') {
        current = null;
        if (node.depth <= 2) inSection = true;
        out.push(node);
        continue;
      }
      if (node.type === 'definition') {
        // A link reference definition shows nothing; it is no statement.
        out.push(node);
        continue;
      }
      if (node.type !== 'paragraph') {
        place(node as BlockContent, node.position?.start.line ?? 0);
        continue;
      }
      for (const { paragraph, line } of splitAtLabelLines(node)) {
        const match = labelOf(paragraph);
        if (match?.kind === 'unknown') {
          file.message(unknownLabelHint(match), { place: { line, column: 1 }, ruleId: 'unknown-label', source: 'transcript' });
        }
        if (match?.kind === 'label') {
          const turn = open(match.label.role, match.label.speaker, match.label, line);
          if (stripLabel(paragraph, match)) append(turn, paragraph);
          continue;
        }
        place(paragraph, line);
      }
    }

    // A label followed by nothing is almost always a copy/paste accident that would lose a statement.
    for (const node of out) {
      if (node.type === 'transcriptTurn' && node.data.turn.paragraphs.length === 0) {
        file.message(`speaker label "${node.data.turn.label}" has no statement after it: add the statement below the label or remove the label`, {
          place: { line: node.data.turn.line, column: 1 },
          ruleId: 'empty-turn',
          source: 'transcript',
        });
      }
    }
    tree.children = out;
  };
};
