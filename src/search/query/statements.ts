/**
 * A statement as the index holds it: its briefing (slug, title, date, kind), who speaks, its topic and
 * section, and its text. The one place the engine reads a statement back — search hits, the NEAR
 * post-filter and the quote check all come here — so that where a statement's text lives can change
 * in one place.
 */
import { encodeSlug, ROUTES, withBase } from '../../model/routes.ts';
import { ROLE_OF_LETTER, speakerOfRecord } from '../format.ts';
import { SearchIndexError } from './loader.ts';
import { publishedText } from './published.ts';
import type { IndexView } from './segments.ts';
import type { SegmentStatement } from '../index/segment.ts';

/** A statement as its segment stored it (its stats byte aside), with its briefing's slug, title, date and kind. */
export interface IndexedStatement extends Omit<SegmentStatement, 'stat' | 'text'> {
  /** The statement in full, its paragraphs joined by "\n" (read from where the site publishes it, when the index points there). */
  text: string;
  briefing: string;
  title: string;
  date: string;
  kind: string | null;
}

/** The statement's row in its text block, and the block. */
async function rowOf(view: IndexView, doc: number) {
  const seg = view.segmentOf(doc);
  const chunk = await seg.text(doc);
  const local = doc - seg.base - (chunk?.first ?? 0);
  if (!chunk || !chunk.docs[local]) throw new SearchIndexError('damaged', 'a text block of the search index is missing a statement. Run `npm run build` to write the index again.');
  return { chunk, local, row: chunk.docs[local]! };
}

/** Whether the statement's topic heading is indexed after its text: from the text block alone (no published text read). */
export async function headingIndexedAt(view: IndexView, doc: number): Promise<boolean> {
  return Boolean((await rowOf(view, doc)).row[7]);
}

export async function statementAt(view: IndexView, doc: number): Promise<IndexedStatement> {
  const { chunk, local, row } = await rowOf(view, doc);
  let bi = 0;
  for (let seen = chunk.briefings[0]![4]; seen <= local; seen += chunk.briefings[++bi]![4]);
  const [briefing, title, date, kind, , textKey] = chunk.briefings[bi]!;
  const [turn, order, roleLetter, speakerRecord, topicIdx, sectionIdx, textOrAt, headingIndexed] = row;
  // The text itself, or where the site publishes it (the day's JSON, published.ts).
  const text = typeof textOrAt === 'string' ? textOrAt : await publishedText(view.files, date, textKey, textOrAt);
  return {
    briefing,
    title,
    date,
    kind: kind || null,
    turn,
    order,
    role: ROLE_OF_LETTER[roleLetter] ?? 'moderator',
    ...speakerOfRecord(chunk, speakerRecord),
    topic: topicIdx >= 0 ? chunk.strings[topicIdx]! : null,
    section: sectionIdx >= 0 ? chunk.strings[sectionIdx]! : null,
    text,
    headingIndexed: Boolean(headingIndexed),
  };
}

/** `${base}briefings/<briefing>/#<turn>`: the statement's permanent link, with the base the index records. */
export function statementUrl(view: IndexView, s: Pick<IndexedStatement, 'briefing' | 'turn'>): string {
  return `${withBase(view.manifest.base, ROUTES.briefing(encodeSlug(s.briefing)))}#${encodeURIComponent(s.turn)}`;
}
