/**
 * "Find in this transcript": the box on a briefing page (and `?q=` in its URL) marks every match
 * inside the turns with the search normaliser (text-marks.ts), shows `n / N`, and steps through the
 * matches with Enter / Shift+Enter (or the 前へ / 次へ buttons). The 表示 toggles show only the
 * questions or only the officials' statements (`?only=questions|officials`); matches in hidden turns
 * are not counted. Query and toggle are kept in the URL, so a find can be shared. While a find is on,
 * the form is `.find.is-active`: it stays at the top of the screen (sticky) as the matches go by.
 */
import { markTerms, termsOf, unmark } from './text-marks.ts';

const HIT = 'find-hit';
const CURRENT = 'is-current';
const ONLY_ROLE: Record<string, string> = { questions: 'reporter', officials: 'official' };

export function mountFind(doc: Document): void {
  const form = doc.querySelector<HTMLFormElement>('form.find');
  const transcript = doc.querySelector<HTMLElement>('.transcript');
  if (!form || !transcript) return;
  const input = form.querySelector<HTMLInputElement>('input[name="q"]')!;
  const count = form.querySelector<HTMLElement>('.find-count')!;
  const turns = [...transcript.querySelectorAll<HTMLElement>('article.turn')];
  let matches: HTMLElement[][] = [];
  let current = -1;

  const only = () => form.querySelector<HTMLInputElement>('input[name="only"]:checked')?.value ?? '';
  const visible = (m: HTMLElement[]) => {
    const role = ONLY_ROLE[only()];
    return !role || m[0]!.closest('article.turn')?.getAttribute('data-role') === role;
  };

  const keepInUrl = () => {
    const url = new URL(location.href);
    for (const [k, v] of [['q', input.value.trim()], ['only', only()]] as const) {
      if (v) url.searchParams.set(k, v);
      else url.searchParams.delete(k);
    }
    history.replaceState(history.state, '', url);
  };

  const show = () => {
    for (const m of matches) for (const mark of m) mark.classList.remove(CURRENT);
    const hit = matches[current];
    if (hit) for (const mark of hit) mark.classList.add(CURRENT);
    count.textContent = input.value.trim() ? `${matches.length === 0 ? 0 : current + 1} / ${matches.length}` : '';
  };

  const step = (by: number, scroll = true) => {
    if (matches.length === 0) return;
    current = current < 0 ? (by > 0 ? 0 : matches.length - 1) : (current + by + matches.length) % matches.length;
    show();
    if (scroll) matches[current]![0]!.scrollIntoView({ block: 'center' });
  };

  const run = (scroll: boolean) => {
    unmark(transcript, HIT);
    transcript.dataset['only'] = only();
    if (!only()) delete transcript.dataset['only'];
    const terms = termsOf(input.value);
    matches = turns.flatMap((turn) => [...turn.querySelectorAll(':scope > :not(header)')].flatMap((block) => markTerms(block, terms, HIT))).filter(visible);
    // Finding: the controls stay on screen (sticky) while the reader moves between matches.
    form.classList.toggle('is-active', terms.length > 0 || only() !== '');
    current = -1;
    if (matches.length > 0) step(1, scroll);
    else show();
    keepInUrl();
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => run(true), 150);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || e.isComposing) return;
    e.preventDefault();
    clearTimeout(timer);
    if (matches.length === 0) run(true);
    else step(e.shiftKey ? -1 : 1);
  });
  form.addEventListener('submit', (e) => e.preventDefault());
  for (const button of form.querySelectorAll<HTMLButtonElement>('button[data-step]')) {
    button.addEventListener('click', () => step(Number(button.dataset['step'])));
  }
  for (const radio of form.querySelectorAll<HTMLInputElement>('input[name="only"]')) radio.addEventListener('change', () => run(false));

  const params = new URLSearchParams(location.search);
  input.value = params.get('q') ?? '';
  const wanted = params.get('only') ?? '';
  const radio = form.querySelector<HTMLInputElement>(`input[name="only"][value="${ONLY_ROLE[wanted] ? wanted : ''}"]`);
  if (radio) radio.checked = true;
  form.hidden = false;
  // A link to a turn (#t3) decides where the page opens; otherwise the first match does.
  if (input.value || wanted) run(!location.hash);
}
