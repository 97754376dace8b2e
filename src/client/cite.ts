/**
 * Citing a statement: "引用をコピー" and "リンクをコピー" in each turn's header copy the statement with
 * its citation (speaker, briefing title, date, permanent URL with `#tN`, and the original source's
 * credit and address when the transcript gives them), or the URL alone; selecting part of a statement
 * and copying it (Ctrl+C, the context menu, or the 選択部分を引用 button shown with the selection on a
 * touch screen) gives the selection with the same citation. The page confirms in its live region
 * (`.copy-status`), never with alert().
 *
 * The buttons are added here, not in the HTML: without script there is no clipboard to copy to.
 * Every text comes from the page's own text (textContent) and reaches the DOM as text.
 */
import { citation, citationText, CITATION_FORMAT_NAMES, isCitationFormat, type CitedBriefing } from '../cite/formats.ts';

async function copy(doc: Document, text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No Clipboard API (an insecure origin, an old browser): the selection route still works there.
    const area = doc.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'copy-buffer';
    doc.body.append(area);
    area.select();
    const ok = doc.execCommand('copy');
    area.remove();
    return ok;
  }
}

/** The page's citation of one of its turns, for `text` (the statement, or a part of it). */
function citationOf(briefing: HTMLElement, turn: HTMLElement, pageUrl: URL, text: string): string {
  const header = turn.querySelector(':scope > header');
  const person = header?.querySelector<HTMLElement>('.speaker [data-cite]');
  const shown = header?.querySelector<HTMLElement>('.speaker')?.textContent?.trim();
  const { sourceCredit: credit, sourceUrl } = briefing.dataset;
  return citationText({
    text,
    speaker: person?.dataset['cite'] ?? (shown || turn.dataset['speaker'] || ''),
    title: briefing.dataset['title'] ?? '',
    date: briefing.dataset['date'] ?? '',
    url: new URL(`#${turn.id}`, pageUrl).href,
    ...(credit || sourceUrl ? { source: { ...(credit ? { credit } : {}), ...(sourceUrl ? { url: sourceUrl } : {}) } } : {}),
  });
}

/** A statement's own text: its paragraphs, one a line (the header's speaker and buttons left out). */
function statementText(turn: HTMLElement): string {
  return [...turn.querySelectorAll(':scope > :not(header)')].map((p) => p.textContent ?? '').join('\n');
}

/** The turn a selection lies in, both ends inside its statement (never its header), or null. */
function selectedTurn(selection: Selection | null): HTMLElement | null {
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  const turnOf = (node: Node | null) => {
    const el = node instanceof Element ? node : node?.parentElement;
    return el?.closest('article.turn > header') ? null : (el?.closest<HTMLElement>('article.turn') ?? null);
  };
  const a = turnOf(selection.anchorNode);
  return a && a === turnOf(selection.focusNode) ? a : null;
}

export function mountCitations(doc: Document): void {
  const briefing = doc.querySelector<HTMLElement>('article.briefing');
  const status = doc.querySelector<HTMLElement>('.copy-status');
  if (!briefing || !status) return;
  const pageUrl = new URL(briefing.dataset['url'] ?? location.pathname, location.href);
  pageUrl.search = '';
  let clear: ReturnType<typeof setTimeout> | undefined;
  const say = (message: string) => {
    status.textContent = message;
    clearTimeout(clear);
    clear = setTimeout(() => (status.textContent = ''), 5000);
  };

  for (const turn of briefing.querySelectorAll<HTMLElement>('article.turn')) {
    const header = turn.querySelector(':scope > header');
    if (!header) continue;
    const url = new URL(`#${turn.id}`, pageUrl).href;
    const quote = Object.assign(doc.createElement('button'), { type: 'button', textContent: '引用をコピー' });
    const link = Object.assign(doc.createElement('button'), { type: 'button', textContent: 'リンクをコピー' });
    const actions = Object.assign(doc.createElement('span'), { className: 'turn-actions' });
    actions.append(quote, link);
    header.append(actions);

    quote.addEventListener('click', async () => {
      const text = citationOf(briefing, turn, pageUrl, statementText(turn));
      say((await copy(doc, text)) ? `${turn.id} の発言を出典付きでコピーしました` : 'コピーできませんでした。文を選んでコピーしてください');
    });
    link.addEventListener('click', async () => {
      say((await copy(doc, url)) ? `${turn.id} へのリンクをコピーしました` : `コピーできませんでした。リンク: ${url}`);
    });
  }
  mountSelectionCitations(doc, briefing, pageUrl, say);
}

/**
 * A selection inside one statement copies with its citation: the `copy` event (Ctrl+C, the context
 * menu) puts the cited text on the clipboard in place of the bare selection, and a button shown with
 * the selection (`.selection-cite`, for touch screens, which have no Ctrl+C) does the same.
 */
function mountSelectionCitations(doc: Document, briefing: HTMLElement, pageUrl: URL, say: (message: string) => void): void {
  const cited = (): { turn: HTMLElement; text: string } | null => {
    const selection = doc.getSelection();
    const turn = selectedTurn(selection);
    const text = selection?.toString().trim() ?? '';
    return turn && text ? { turn, text: citationOf(briefing, turn, pageUrl, text) } : null;
  };
  doc.addEventListener('copy', (e) => {
    const c = cited();
    if (!c || !e.clipboardData) return;
    e.clipboardData.setData('text/plain', c.text);
    e.preventDefault();
    say(`${c.turn.id} の選択部分を出典付きでコピーしました`);
  });

  const button = Object.assign(doc.createElement('button'), { type: 'button', className: 'selection-cite', textContent: '選択部分を引用', hidden: true });
  doc.body.append(button);
  let last: { turn: HTMLElement; text: string } | null = null;
  doc.addEventListener('selectionchange', () => {
    last = cited();
    button.hidden = last === null;
  });
  // Pressing the button must not take the selection away before the click.
  button.addEventListener('pointerdown', (e) => e.preventDefault());
  button.addEventListener('click', async () => {
    if (!last) return;
    const { turn, text } = last;
    say((await copy(doc, text)) ? `${turn.id} の選択部分を出典付きでコピーしました` : 'コピーできませんでした');
  });
}

/**
 * The citation menu (`[data-cite-menu]`): the briefing cited in Japanese, English, BibTeX or RIS, each
 * a `[data-cite-format]` button that copies it and shows it (`.cite-preview`, as text) for a reader
 * whose clipboard refuses. The data is the page's (`data-cited`); a path becomes the page's address.
 */
export function mountCiteMenu(doc: Document): void {
  const menu = doc.querySelector<HTMLElement>('[data-cite-menu]');
  const status = doc.querySelector<HTMLElement>('.copy-status');
  if (!menu || !status) return;
  let cited: CitedBriefing;
  try {
    cited = JSON.parse(menu.dataset['cited'] ?? '') as CitedBriefing;
  } catch {
    return;
  }
  cited = { ...cited, url: new URL(cited.url, location.href).href };
  const preview = menu.querySelector<HTMLElement>('.cite-preview');
  let clear: ReturnType<typeof setTimeout> | undefined;
  for (const button of menu.querySelectorAll<HTMLButtonElement>('button[data-cite-format]')) {
    const format = button.dataset['citeFormat'];
    if (!isCitationFormat(format)) continue;
    button.addEventListener('click', async () => {
      const text = citation(format, cited);
      if (preview) {
        preview.textContent = text;
        preview.hidden = false;
      }
      status.textContent = (await copy(doc, text)) ? `${CITATION_FORMAT_NAMES[format]}の引用をコピーしました` : 'コピーできませんでした。下の表示から選んでコピーしてください';
      clearTimeout(clear);
      clear = setTimeout(() => (status.textContent = ''), 5000);
    });
  }
  menu.hidden = false;
}
