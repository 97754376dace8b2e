/**
 * remark plugin: headings → sections and topics; a question and its answers → one exchange.
 * Runs after remark-turns.
 *
 * AST contract. Input: a flat root of the lead blocks, headings and `transcriptTurn` nodes.
 * Output (a tree, nothing dropped, order kept):
 *
 *   transcriptLead      → <div class="lead">          the blocks before the first heading
 *   transcriptSection   → <section class="transcript-section" id="section-N" data-section="announcement|qa|other">
 *                            the `##` heading, then its turns/exchanges and topics
 *   transcriptTopic     → <section class="topic" id="topic-N">   the `###` heading, then its turns/exchanges
 *   transcriptExchange  → <div class="exchange">      a reporter's turn and the official turns answering it;
 *                                                     each answer turn gets data-reply-to="<question id>"
 *
 * Headings get ids of their own (`section-2-title`, `topic-1-title`), so that no heading text can
 * take over a turn's id (`### t3`) the way a slug would.
 *
 * The whole model (src/model/model.ts `TranscriptBody`) is left on `file.data.transcript`.
 */
import type { Heading, Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { Plugin } from 'unified';
import type { Position } from 'unist';
import type { VFile } from 'vfile';
import type { Section, Topic, TranscriptBody } from '../model/model.ts';
import type { TranscriptTurn } from './remark-turns.ts';
import { sectionKindOf } from '../model/vocabulary.ts';

type Block = RootContent;

interface Container<T extends string> {
  type: T;
  position?: Position;
  children: Block[];
  data: { hName: string; hProperties: Record<string, string | string[]> };
}
export type TranscriptLead = Container<'transcriptLead'>;
export type TranscriptSection = Container<'transcriptSection'>;
export type TranscriptTopic = Container<'transcriptTopic'>;
export type TranscriptExchange = Container<'transcriptExchange'>;

declare module 'mdast' {
  interface RootContentMap {
    transcriptLead: TranscriptLead;
    transcriptSection: TranscriptSection;
    transcriptTopic: TranscriptTopic;
    transcriptExchange: TranscriptExchange;
  }
}

declare module 'vfile' {
  interface DataMap {
    transcript: TranscriptBody;
  }
}

function container<T extends string>(type: T, hName: string, hProperties: Record<string, string | string[]>): Container<T> {
  return { type, children: [], data: { hName, hProperties } };
}

export const remarkTranscriptSections: Plugin<[], Root> = function () {
  return (tree: Root, file: VFile) => {
    const out: Block[] = [];
    const body: TranscriptBody = { lead: [], sections: [] };
    let lead: TranscriptLead | null = null;
    let section: { node: Block[]; model: Section } | null = null;
    let topic: { node: Block[]; model: Topic } | null = null;
    let exchange: TranscriptExchange | null = null;
    let sectionCount = 0;
    let topicCount = 0;

    const openSection = (heading: Heading | null) => {
      const text = heading ? toString(heading) : null;
      const model: Section = { id: null, heading: text, kind: text ? sectionKindOf(text) : 'other', topics: [] };
      let children = out;
      if (heading) {
        sectionCount += 1;
        model.id = `section-${sectionCount}`;
        const node = container('transcriptSection', 'section', {
          id: model.id,
          className: ['transcript-section', `transcript-section--${model.kind}`],
          dataSection: model.kind,
        });
        node.children.push(withId(heading, `${model.id}-title`));
        out.push(node);
        children = node.children;
      }
      body.sections.push(model);
      section = { node: children, model };
      topic = null;
      exchange = null;
    };
    const openTopic = (heading: Heading | null) => {
      if (!section) openSection(null);
      const model: Topic = { id: null, heading: heading ? toString(heading) : null, turns: [] };
      let children = section!.node;
      if (heading) {
        topicCount += 1;
        model.id = `topic-${topicCount}`;
        const node = container('transcriptTopic', 'section', { id: model.id, className: ['topic'] });
        node.children.push(withId(heading, `${model.id}-title`));
        section!.node.push(node);
        children = node.children;
      }
      section!.model.topics.push(model);
      topic = { node: children, model };
      exchange = null;
    };

    for (const node of tree.children) {
      if (node.type === 'heading' && node.depth <= 3) {
        if (node.depth <= 2) openSection(node);
        else openTopic(node);
        continue;
      }
      if (!section) {
        if (node.type === 'transcriptTurn') {
          openSection(null);
        } else {
          if (!lead) {
            lead = container('transcriptLead', 'div', { id: 'lead', className: ['lead'] });
            out.push(lead);
          }
          lead.children.push(node);
          body.lead.push(toString(node));
          continue;
        }
      }
      if (!topic) openTopic(null);
      const where = topic!;
      if (node.type !== 'transcriptTurn') {
        where.node.push(node);
        continue;
      }
      const turn = (node as TranscriptTurn).data.turn;
      where.model.turns.push(turn);
      if (turn.role === 'reporter') {
        exchange = container('transcriptExchange', 'div', { className: ['exchange'] });
        exchange.children.push(node);
        where.node.push(exchange);
      } else if (turn.role === 'official' && exchange) {
        const question = (exchange.children[0] as TranscriptTurn).data.turn;
        turn.replyTo = question.id;
        (node as TranscriptTurn).data.hProperties['dataReplyTo'] = question.id;
        exchange.children.push(node);
      } else {
        // An announcement, or a moderator moving on: neither answers the last question.
        exchange = null;
        where.node.push(node);
      }
    }

    tree.children = out as Root['children'];
    file.data.transcript = body;
  };
};

function withId(heading: Heading, id: string): Heading {
  // mdast-util-to-hast reads `data.hProperties` onto the element it makes.
  const data = (heading.data ?? {}) as { hProperties?: Record<string, unknown> };
  heading.data = { ...data, hProperties: { ...data.hProperties, id } } as Heading['data'];
  return heading;
}
