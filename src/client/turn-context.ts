/**
 * Landing on one statement (`…/#t12`, from a search result or a shared citation) shows what it belongs
 * to, which the page's top — scrolled far away — would otherwise say: a compact line with the
 * briefing's date and title (`<p class="turn-context" data-context>`), and the question an answer
 * answers. When the question and the start of the answer fit on the screen together, the page opens at
 * the question, the line above it; otherwise at the answer, the line above it naming the question
 * (its first words, linked).
 */

/** How much of the answer must show below its question for the two to count as seen together (px). */
const ANSWER_SHOWN = 120;
/** Characters of a question quoted in the line when the question itself is out of sight. */
const EXCERPT = 40;

function excerpt(turn: HTMLElement): string {
  const text = [...turn.querySelectorAll(':scope > :not(header)')].map((p) => p.textContent ?? '').join(' ').trim();
  return text.length > EXCERPT ? `${text.slice(0, EXCERPT)}…` : text;
}

function contextLine(doc: Document, briefing: HTMLElement): HTMLElement {
  const line = doc.createElement('p');
  line.className = 'turn-context';
  line.dataset['context'] = '';
  const date = doc.createElement('time');
  const iso = doc.querySelector('.briefing-meta time[datetime]')?.getAttribute('datetime');
  if (iso) date.dateTime = iso;
  date.textContent = briefing.dataset['date'] ?? '';
  line.append(date, `の会見「${briefing.dataset['title'] ?? ''}」より`);
  return line;
}

/**
 * Scrolls `el` to the top once the page has loaded: until then the browser keeps the URL's fragment
 * (the turn itself) in view, and would undo an earlier scroll.
 */
function scrollWhenLoaded(el: HTMLElement): void {
  const scroll = () => requestAnimationFrame(() => el.scrollIntoView({ block: 'start' }));
  if (document.readyState === 'complete') scroll();
  else window.addEventListener('load', scroll, { once: true });
}

/** Puts the context line before the target (or its question) and scrolls there. */
export function showTurnContext(doc: Document, turn: HTMLElement): void {
  const briefing = turn.closest<HTMLElement>('article.briefing');
  if (!briefing || !turn.matches('article.turn')) {
    turn.scrollIntoView({ block: 'start' });
    return;
  }
  doc.querySelector('.turn-context')?.remove();
  const line = contextLine(doc, briefing);
  const replyTo = turn.dataset['replyTo'];
  const question = replyTo ? doc.getElementById(replyTo) : null;
  if (question) {
    question.before(line);
    const together = turn.getBoundingClientRect().top - line.getBoundingClientRect().top + Math.min(turn.offsetHeight, ANSWER_SHOWN);
    if (together <= window.innerHeight) {
      scrollWhenLoaded(line);
      return;
    }
    const link = doc.createElement('a');
    link.href = `#${question.id}`;
    link.textContent = `「${excerpt(question)}」`;
    line.append(` — 質問 #${question.id}: `, link);
  }
  turn.before(line);
  scrollWhenLoaded(line);
}
