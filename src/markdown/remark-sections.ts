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

/** The tree being rebuilt, and the model beside it: where the next block goes. */
class SectionsBuilder {
  readonly out: Block[] = [];
  readonly body: TranscriptBody = { lead: [], sections: [] };
  private lead: TranscriptLead | null = null;
  private section: { node: Block[]; model: Section } | null = null;
  private topic: { node: Block[]; model: Topic } | null = null;
  private exchange: TranscriptExchange | null = null;
  private sectionCount = 0;
  private topicCount = 0;

  get inSection(): boolean {
    return this.section !== null;
  }

  openSection(heading: Heading | null): void {
    const text = heading ? toString(heading) : null;
    const model: Section = { id: null, heading: text, kind: text ? sectionKindOf(text) : 'other', topics: [] };
    let children = this.out;
    if (heading) {
      this.sectionCount += 1;
      model.id = `section-${this.sectionCount}`;
      const node = container('transcriptSection', 'section', {
        id: model.id,
        className: ['transcript-section', `transcript-section--${model.kind}`],
        dataSection: model.kind,
      });
      node.children.push(withId(heading, `${model.id}-title`));
      this.out.push(node);
      children = node.children;
    }
    this.body.sections.push(model);
    this.section = { node: children, model };
    this.topic = null;
    this.exchange = null;
  }

  openTopic(heading: Heading | null): void {
    if (!this.section) this.openSection(null);
    const section = this.section!;
    const model: Topic = { id: null, heading: heading ? toString(heading) : null, turns: [] };
    let children = section.node;
    if (heading) {
      this.topicCount += 1;
      model.id = `topic-${this.topicCount}`;
      const node = container('transcriptTopic', 'section', { id: model.id, className: ['topic'] });
      node.children.push(withId(heading, `${model.id}-title`));
      section.node.push(node);
      children = node.children;
    }
    section.model.topics.push(model);
    this.topic = { node: children, model };
    this.exchange = null;
  }

  /** A block before the first heading: the lead. */
  addToLead(node: Block): void {
    if (!this.lead) {
      this.lead = container('transcriptLead', 'div', { id: 'lead', className: ['lead'] });
      this.out.push(this.lead);
    }
    this.lead.children.push(node);
    this.body.lead.push(toString(node));
  }

  /** A turn, or another block, in the current topic; a reporter's turn opens an exchange that answers join. */
  add(node: Block): void {
    if (!this.topic) this.openTopic(null);
    const where = this.topic!;
    if (node.type !== 'transcriptTurn') {
      where.node.push(node);
      return;
    }
    const turn = (node as TranscriptTurn).data.turn;
    where.model.turns.push(turn);
    if (turn.role === 'reporter') {
      this.exchange = container('transcriptExchange', 'div', { className: ['exchange'] });
      this.exchange.children.push(node);
      where.node.push(this.exchange);
    } else if (turn.role === 'official' && this.exchange) {
      const question = (this.exchange.children[0] as TranscriptTurn).data.turn;
      turn.replyTo = question.id;
      (node as TranscriptTurn).data.hProperties['dataReplyTo'] = question.id;
      this.exchange.children.push(node);
    } else {
      // An announcement, or a moderator moving on: neither answers the last question.
      this.exchange = null;
      where.node.push(node);
    }
  }
}

export const remarkTranscriptSections: Plugin<[], Root> = function () {
  return (tree: Root, file: VFile) => {
    const b = new SectionsBuilder();
    for (const node of tree.children) {
      if (node.type === 'heading' && node.depth <= 3) {
        if (node.depth <= 2) b.openSection(node);
        else b.openTopic(node);
      } else if (!b.inSection && node.type !== 'transcriptTurn') {
        b.addToLead(node);
      } else {
        if (!b.inSection) b.openSection(null);
        b.add(node);
      }
    }
    tree.children = b.out as Root['children'];
    file.data.transcript = b.body;
  };
};

function withId(heading: Heading, id: string): Heading {
  // mdast-util-to-hast reads `data.hProperties` onto the element it makes.
  const data = (heading.data ?? {}) as { hProperties?: Record<string, unknown> };
  heading.data = { ...data, hProperties: { ...data.hProperties, id } } as Heading['data'];
  return heading;
}
