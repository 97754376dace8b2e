/**
 * Results as DOM. Every string from the index or the query reaches the page through textContent; a
 * snippet's matches become <mark> elements built from the engine's ranges, never parsed HTML.
 */
import { formatSeireki } from '../../japanese/era.ts';
import { markedWords, type SearchHit, type Snippet } from '../../search/query/engine.ts';
import { ROLE_NAMES } from '../../model/vocabulary.ts';
import { identityName } from '../../model/identity.ts';

type Child = Node | string;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

/** 2025年9月8日（月）, as every other page writes a date; the raw value if the index holds something else. */
export function displayDate(iso: string): string {
  try {
    return formatSeireki(iso);
  } catch {
    return iso;
  }
}

/** Only same-site paths and http(s) addresses become links. */
export function safeHref(url: string): string | null {
  try {
    const u = new URL(url, location.href);
    return u.protocol === 'http:' || u.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/** The turn's URL with the matched words in `hl`, before the fragment (the briefing page marks them). */
export function resultHref(hit: SearchHit): string {
  const [path, fragment] = hit.url.split('#');
  const words = markedWords(hit.snippet);
  const query = words.length > 0 ? `?${new URLSearchParams({ hl: words.join('\n') })}` : '';
  return `${path}${query}${fragment ? `#${fragment}` : ''}`;
}

/** What a match inside another word says of itself (the mark's title). */
export const PART_OF_WORD = '語の一部';

/**
 * The snippet's text with its matches in <mark>, and … where text was left out. A match that is only
 * part of another word (京都 in 東京都) is `<mark class="partial" title="語の一部">`.
 */
export function snippetNodes(s: Snippet): Child[] {
  const out: Child[] = s.before ? ['…'] : [];
  const partial = new Set((s.partial ?? []).map(([a, b]) => `${a}:${b}`));
  let at = 0;
  for (const [a, b] of s.marks) {
    const props = partial.has(`${a}:${b}`) ? { className: 'partial', title: PART_OF_WORD } : {};
    out.push(s.text.slice(at, a), el('mark', { ...props, textContent: s.text.slice(a, b) }));
    at = b;
  }
  out.push(s.text.slice(at));
  if (s.after) out.push('…');
  return out;
}

/**
 * Who speaks besides the role, from the index's data (no label is read again here): the person the
 * speaker rules give the statement, as a citation names them (会見者 中谷 元 防衛大臣, also for an answer
 * labelled Ａ or 大臣); otherwise, for a labelled statement, the name and position its label gives and
 * its outlet in brackets (記者（日本経済新聞）, nothing for a bare 記者 or Ｑ); for an unlabelled statement
 * nobody is known to speak, the speaker as on the page.
 */
export function speakerBesides(hit: Pick<SearchHit, 'role' | 'speaker' | 'label' | 'person' | 'position'>): string {
  if (hit.role === 'lead') return '';
  if (hit.person) return identityName({ person: hit.person, ...(hit.position ? { position: hit.position } : {}) });
  if (!hit.label) return hit.speaker.trim();
  const { name = '', position = '', outlet } = hit.label;
  return `${name}${position}${outlet ? `（${outlet}）` : ''}`;
}

/** Who speaks: the role, then what the speaker adds to it, the topic, and (flat list) the briefing. */
function metaLine(hit: SearchHit, withBriefing: boolean): HTMLParagraphElement {
  const role = ROLE_NAMES[hit.role] ?? '';
  const parts: Child[] = [el('span', { className: `hit-role role-${hit.role}`, textContent: role })];
  const speaker = speakerBesides(hit);
  if (speaker) parts.push(/^[（(]/u.test(speaker) ? '' : ' ', el('span', { className: 'hit-speaker', textContent: speaker }));
  if (hit.topic) parts.push(el('span', { className: 'hit-topic', textContent: ` — ${hit.topic}` }));
  if (withBriefing) {
    parts.push(el('span', { className: 'hit-where' }, el('time', { dateTime: hit.date, textContent: displayDate(hit.date) }), ` ${hit.title}`));
  }
  return el('p', { className: 'hit-meta' }, ...parts);
}

export function hitItem(hit: SearchHit, withBriefing: boolean): HTMLLIElement {
  const snippet = el('p', { className: 'hit-snippet' }, ...snippetNodes(hit.snippet));
  const href = safeHref(resultHref(hit));
  const body = [metaLine(hit, withBriefing), snippet];
  const li = el('li', { className: 'hit' }, href ? el('a', { href, className: 'hit-link' }, ...body) : el('div', { className: 'hit-link' }, ...body));
  li.dataset['order'] = String(hit.order);
  return li;
}

function briefingHeading(hit: SearchHit): HTMLHeadingElement {
  const href = safeHref(hit.url.split('#')[0]!);
  return el(
    'h2',
    { className: 'hit-briefing' },
    el('time', { dateTime: hit.date, textContent: displayDate(hit.date) }),
    ' ',
    href ? el('a', { href, textContent: hit.title }) : hit.title,
  );
}

/**
 * The list of results, added to batch by batch as the reader scrolls. Grouped, a briefing appears
 * once, where its best hit ranks, and its hits stay in transcript order (`hit.order`) even when a later
 * batch brings more of them; flat, hits stay in rank order and each names its briefing.
 */
export class ResultList {
  private readonly groups = new Map<string, HTMLOListElement>();
  private flat: HTMLOListElement | null = null;
  private readonly container: HTMLElement;
  private readonly grouped: boolean;

  constructor(container: HTMLElement, grouped: boolean) {
    this.container = container;
    this.grouped = grouped;
    container.replaceChildren();
  }

  add(hits: SearchHit[]): void {
    for (const hit of hits) {
      if (!this.grouped) {
        this.flat ??= this.container.appendChild(el('ol', { className: 'hits' }));
        this.flat.append(hitItem(hit, true));
        continue;
      }
      let list = this.groups.get(hit.briefing);
      if (!list) {
        list = el('ol', { className: 'hits' });
        this.groups.set(hit.briefing, list);
        this.container.append(el('section', { className: 'hit-group' }, briefingHeading(hit), list));
      }
      const item = hitItem(hit, false);
      const after = [...list.children].find((li) => Number((li as HTMLElement).dataset['order']) > hit.order);
      list.insertBefore(item, after ?? null);
    }
  }
}
