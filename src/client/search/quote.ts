/**
 * The quote check on the search page (`?quote=…`): the statements closest to a pasted quote, best
 * first, each an element with `data-quote-match` holding a link to the statement (`…#tN`), the
 * similarity (0–1, in `<data value>` and `data-similarity`) and the statement's span with what differs
 * marked — `<ins>` in the quote but not said, `<del>` said but left out of the quote. Every string from
 * the index or the quote reaches the page through text nodes (el() and textContent).
 */
import { MAX_QUOTE_CHARS, type DiffSegment, type QuoteMatch } from '../../search/query/engine.ts';
import { ROLE_NAMES } from '../../model/vocabulary.ts';
import { displayDate, el, safeHref, speakerBesides } from './render.ts';

type Child = Node | string;

/** The diff as text, `<ins>` and `<del>`, with … where the statement goes on beyond the span. */
export function diffNodes(diff: DiffSegment[], before: boolean, after: boolean): Child[] {
  const out: Child[] = before ? ['…'] : [];
  for (const d of diff) out.push(d.op === 'equal' ? d.text : el(d.op, { textContent: d.text }));
  if (after) out.push('…');
  return out;
}

/** 0.8745 → 87%: how the page says a similarity. */
const percent = (x: number) => `${Math.round(x * 100)}%`;

export function quoteItem(m: QuoteMatch): HTMLLIElement {
  const href = safeHref(m.url);
  const where = [el('time', { dateTime: m.date, textContent: displayDate(m.date) }), ` ${m.title}`];
  const speaker = speakerBesides(m);
  const similarity = el('data', { className: 'quote-similarity', value: String(m.similarity), textContent: `一致度 ${percent(m.similarity)}` });
  const meta = el(
    'p',
    { className: 'hit-meta' },
    similarity,
    ' ',
    el('span', { className: `hit-role role-${m.role}`, textContent: ROLE_NAMES[m.role] ?? '' }),
    speaker ? ` ${speaker}` : '',
  );
  const diff = el('p', { className: 'quote-diff' }, ...diffNodes(m.diff, m.span[0] > 0, m.span[1] < m.text.length));
  const li = el('li', { className: 'hit quote-match' }, el('p', { className: 'quote-where' }, href ? el('a', { href }, ...where) : el('span', {}, ...where)), meta, diff);
  li.dataset['quoteMatch'] = '';
  li.dataset['similarity'] = String(m.similarity);
  for (const o of m.others ?? []) {
    const link = safeHref(o.url);
    const piece = `「${o.piece}」`;
    li.append(el('p', { className: 'quote-other' }, '引用の一部', piece, 'は別の発言: ', link ? el('a', { href: link, textContent: `${o.turn}（一致度 ${percent(o.similarity)}）` }) : o.turn));
  }
  return li;
}

/** The list, best first, in the engine's order (the CLI's `--quote --json` order). */
export function quoteList(matches: QuoteMatch[]): HTMLOListElement {
  return el('ol', { className: 'hits quote-matches' }, ...matches.map(quoteItem));
}

export const QUOTE_STATUS = {
  none: '近い発言は見つかりませんでした',
  found: (n: number) => `引用に近い発言 ${n}件（一致度の高い順）`,
  tooLong: `引用が長すぎます（${MAX_QUOTE_CHARS.toLocaleString('ja-JP')}字まで）。一部を貼り付けてください。`,
} as const;
