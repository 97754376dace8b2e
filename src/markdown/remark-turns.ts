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
 * The principal official, who speaks unlabelled paragraphs, is the `principal` option, else the file's
 * `file.data.principal` (whoever reads the file sets it from the frontmatter: src/archive/parse.ts), else
 * the one the format names when the frontmatter lists nobody (発表者).
 *
 * Problems are vfile messages with a rule id, never exceptions, so that a file's every mistake is
 * reported at once: `transcript:unknown-label`, `transcript:empty-turn`.
 */
import type { BlockContent, DefinitionContent, Root, RootContent } from 'mdast';
import type { ElementContent } from 'hast';
import type { Position } from 'unist';
import { toString } from 'mdast-util-to-string';
import type { Plugin } from 'unified';
import type { VFile } from 'vfile';
import { principalSpeaker } from '../model/frontmatter.ts';
import { unknownLabelHint, type Label } from '../model/labels.ts';
import { labelOf, literalHtml, splitAtLabelLines, stripLabel } from './paragraph-labels.ts';
import type { Role, Turn } from '../model/model.ts';

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

declare module 'vfile' {
  interface DataMap {
    /** Who speaks a transcript's unlabelled paragraphs: the frontmatter's first speaker (`principalSpeaker`). */
    principal: string;
  }
}

export interface RemarkTurnsOptions {
  /** Who unlabelled paragraphs inside a section belong to, for every file (default: `file.data.principal`). */
  principal?: string;
}

function principalOf(file: VFile, options: RemarkTurnsOptions): string {
  return options.principal || file.data.principal || principalSpeaker({});
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
      if (node.type === 'definition' || node.type === 'thematicBreak') {
        // A link reference definition shows nothing; it is no statement. A `---` line is none either
        // (remark-closed refuses it): it must not open a turn of the principal's with nothing in it.
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

    reportEmptyTurns(out, file);
    tree.children = out;
  };
};

/**
 * A label followed by nothing is almost always a copy/paste accident that would lose a statement; a
 * block with no text where the principal speaks (an empty code block) would show an empty statement.
 */
function reportEmptyTurns(nodes: RootContent[], file: VFile): void {
  for (const node of nodes) {
    if (node.type === 'transcriptTurn' && node.data.turn.paragraphs.length === 0) {
      const { label, speaker } = node.data.turn;
      const reason =
        label === null
          ? `this block holds no text, so it would be an empty statement of ${speaker}: remove it, or write the statement in it`
          : `speaker label "${label}" has no statement after it: add the statement below the label or remove the label`;
      file.message(reason, {
        place: { line: node.data.turn.line, column: 1 },
        ruleId: 'empty-turn',
        source: 'transcript',
      });
    }
  }
}
