/**
 * remark plugin: who speaks each turn, as a person and a position (src/model/identity.ts), from the
 * briefing's own frontmatter speakers. Runs after remark-turns.
 *
 * AST contract. Input: `transcriptTurn` nodes among the root's children (remark-turns' output).
 * Output: the same nodes; on each turn the rules attribute —
 *   data.turn.identity    { person, position? }                       (the model, model.ts `Turn`)
 *   <article … data-person="中谷 元" data-position="防衛大臣">          (after the contract's attributes)
 *   <header><span class="speaker">中谷 元 防衛大臣</span> <span class="speaker-label">大臣</span> …
 * — the person as a citation names them, then the label as written (its words), when it says
 * something else. A turn nobody is known to speak is left as remark-turns made it.
 *
 * The frontmatter speakers are `file.data.speakers` (whoever reads the file sets them, as it sets
 * `file.data.principal`: src/archive/parse.ts, src/astro/markdown.ts). Nothing here depends on any
 * other transcript, so the result can be cached with the transcript.
 */
import type { ElementContent } from 'hast';
import type { Root } from 'mdast';
import type { Plugin } from 'unified';
import type { VFile } from 'vfile';
import { identify, identityName, type FrontmatterSpeaker, type Identity } from '../model/identity.ts';
import type { TranscriptTurn } from './remark-turns.ts';

declare module 'vfile' {
  interface DataMap {
    /** The transcript's frontmatter speakers (`speakers:`), in frontmatter order. */
    speakers: FrontmatterSpeaker[];
  }
}

/** The header's speaker span: the person, then the label's words when they say something else. */
function speakerChildren(turn: TranscriptTurn, identity: Identity): ElementContent[] {
  const shown = identityName(identity);
  const { label, speaker } = turn.data.turn;
  const out: ElementContent[] = [{ type: 'element', tagName: 'span', properties: { className: ['speaker'] }, children: [{ type: 'text', value: shown }] }];
  if (label !== null && speaker !== shown) {
    out.push({ type: 'text', value: ' ' }, { type: 'element', tagName: 'span', properties: { className: ['speaker-label'] }, children: [{ type: 'text', value: speaker }] });
  }
  return out;
}

export const remarkTranscriptSpeakers: Plugin<[], Root> = function () {
  return (tree: Root, file: VFile) => {
    const turns = tree.children.filter((n): n is TranscriptTurn => n.type === 'transcriptTurn');
    const identities = identify(file.data.speakers, turns.map((t) => t.data.turn));
    turns.forEach((node, k) => {
      const identity = identities[k];
      if (!identity) return;
      node.data.turn.identity = identity;
      node.data.hProperties['dataPerson'] = identity.person;
      if (identity.position) node.data.hProperties['dataPosition'] = identity.position;
      const header = node.children[0];
      if (header?.type === 'transcriptTurnHeader') header.data.hChildren.splice(0, 1, ...speakerChildren(node, identity));
    });
  };
};
