/**
 * Arriving at a turn (`…/#t12`), for instance from a search result (`…/?hl=word1%0Aword2#t12`): mark
 * the result's words in the target turn, the way the results list marked them, and move the focus to
 * the turn, so that a keyboard or screen-reader user goes on reading there.
 */
import { normalize } from '../japanese/normalize.ts';
import { markTerms } from './text-marks.ts';

function targetTurn(): HTMLElement | null {
  let id: string;
  try {
    id = decodeURIComponent(location.hash.slice(1));
  } catch {
    return null;
  }
  const el = id ? document.getElementById(id) : null;
  return el?.matches('article.turn') ? el : null;
}

function focusTurn(turn: HTMLElement): void {
  if (!turn.hasAttribute('tabindex')) turn.setAttribute('tabindex', '-1');
  turn.focus({ preventScroll: true });
}

export function highlightFromUrl(): void {
  const words = new URLSearchParams(location.search).get('hl')?.split('\n').filter(Boolean) ?? [];
  const turn = targetTurn();
  if (turn && words.length > 0) {
    // Each word as the results list marked it (a marked phrase may hold a space).
    const terms = [...new Set(words.map(normalize).filter((w) => w.trim().length > 0))];
    for (const block of turn.querySelectorAll(':scope > :not(header)')) markTerms(block, terms);
    turn.classList.add('is-target');
    // Marking changed the text under the browser's fragment scroll; land on the turn again.
    turn.scrollIntoView({ block: 'start' });
  }
  if (turn) focusTurn(turn);
  window.addEventListener('hashchange', () => {
    const t = targetTurn();
    if (t) focusTurn(t);
  });
}
