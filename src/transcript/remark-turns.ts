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
 * The turn model (src/transcript/model.ts `Turn`) rides on each node as `data.turn`.
 * An unknown label fails the file (`file.fail`) at the label's position: the build refuses it.
 */
import type { BlockContent, DefinitionContent, Paragraph, Root, RootContent, Text } from 'mdast';
import type { ElementContent } from 'hast';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import type { Plugin } from 'unified';
import type { VFile } from 'vfile';
import { principalSpeaker, type BriefingFrontmatter } from './frontmatter.ts';
import { matchLabel, unknownLabelHint, type Label } from './labels.ts';
import type { Role, Turn } from './model.ts';

export interface TranscriptTurnHeader {
  type: 'transcriptTurnHeader';
  data: { hName: 'header'; hChildren: ElementContent[] };
}

export interface TranscriptTurn {
  type: 'transcriptTurn';
  children: Array<TranscriptTurnHeader | BlockContent | DefinitionContent>;
  data: { hName: 'article'; hProperties: Record<string, string | string[]>; turn: Turn };
}

declare module 'mdast' {
  interface RootContentMap {
    transcriptTurn: TranscriptTurn;
    transcriptTurnHeader: TranscriptTurnHeader;
  }
}

/** Frontmatter as Astro hands it to plugins (`file.data.astro.frontmatter`). */
function frontmatterOf(file: VFile): Partial<BriefingFrontmatter> {
  const astro = file.data['astro'] as { frontmatter?: Partial<BriefingFrontmatter> } | undefined;
  return astro?.frontmatter ?? {};
}

/** Remove the label from the paragraph's leading text; report whether anything is left. */
function stripLabel(paragraph: Paragraph, label: Label): boolean {
  const first = paragraph.children[0] as Text;
  let rest = first.value.slice(first.value.indexOf(label.raw) + label.raw.length).replace(/^[ \t\u3000]+/u, '');
  // A label alone on its line: the statement starts on the next line.
  if (rest.startsWith('\n')) rest = rest.slice(1);
  if (rest === '') paragraph.children.shift();
  else first.value = rest;
  const firstAfter = paragraph.children[0];
  if (firstAfter?.type === 'break') paragraph.children.shift();
  return paragraph.children.length > 0;
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
    if (!('children' in node)) return;
    const parent = node as { children: Array<{ type: string; value?: string; position?: Text['position'] }> };
    const merged: typeof parent.children = [];
    for (const child of parent.children) {
      const prev = merged.at(-1);
      if (child.type === 'text' && prev?.type === 'text') {
        prev.value = (prev.value ?? '') + (child.value ?? '');
        if (prev.position && child.position) prev.position.end = child.position.end;
      } else merged.push(child);
    }
    parent.children = merged;
  });
}

export const remarkTranscriptTurns: Plugin<[], Root> = function () {
  return (tree: Root, file: VFile) => {
    const principal = principalSpeaker(frontmatterOf(file));
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
        paragraphs: [],
        line,
      };
      current = turnNode(turn);
      out.push(current);
      return current;
    };
    const append = (turn: TranscriptTurn, block: BlockContent | DefinitionContent) => {
      turn.children.push(block);
      turn.data.turn.paragraphs.push(toString(block));
    };

    literalHtml(tree);
    for (const node of tree.children) {
      const line = 'position' in node ? (node.position?.start.line ?? 0) : 0;
      if (node.type === 'heading') {
        current = null;
        if (node.depth <= 2) inSection = true;
        out.push(node);
        continue;
      }
      if (node.type === 'paragraph' && node.children[0]?.type === 'text') {
        const match = matchLabel(node.children[0].value);
        if (match?.kind === 'unknown') {
          file.fail(unknownLabelHint(match), node, 'transcript:unknown-label');
        }
        if (match?.kind === 'label') {
          const turn = open(match.label.role, match.label.speaker, match.label, line);
          if (stripLabel(node, match.label)) append(turn, node);
          continue;
        }
      }
      if (current) {
        append(current, node as BlockContent);
      } else if (!inSection) {
        out.push(node); // the lead
      } else {
        // Unlabelled text inside a section is the principal official's: an announcement, or a
        // remark made before the first question.
        append(open('official', principal, null, line), node as BlockContent);
      }
    }

    // A label followed by nothing is almost always a copy/paste accident that would lose a statement.
    for (const node of out) {
      if (node.type === 'transcriptTurn' && node.data.turn.paragraphs.length === 0) {
        file.fail(
          `speaker label "${node.data.turn.label}" has no statement after it: add the statement below the label or remove the label`,
          { line: node.data.turn.line, column: 1 },
          'transcript:empty-turn',
        );
      }
    }
    tree.children = out;
  };
};
