/**
 * Arriving at a turn (`…/#t12`) or at the lead (`…/#lead`), for instance from a search result
 * (`…/?hl=word1%0Aword2#t12`): mark the result's words in the target statement, the way the results
 * list marked them, show the briefing's date and the question it answers above it (turn-context.ts),
 * and move the focus to it, so that a keyboard or screen-reader user goes on reading there.
 */
import { normalize } from '../japanese/normalize.ts';
import { markTerms } from './text-marks.ts';
import { showTurnContext } from './turn-context.ts';

function targetTurn(): HTMLElement | null {
  let id: string;
  try {
    id = decodeURIComponent(location.hash.slice(1));
  } catch {
    return null;
  }
  const el = id ? document.getElementById(id) : null;
  // A statement: a turn, or the briefing's lead (`#lead`, which the search finds like a turn).
  return el?.matches('article.turn, #lead') ? el : null;
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
  }
  if (turn) {
    // Marking changed the text under the browser's fragment scroll: land on the turn again, with its context.
    showTurnContext(document, turn);
    focusTurn(turn);
  }
  window.addEventListener('hashchange', () => {
    const t = targetTurn();
    if (t) focusTurn(t);
  });
}
