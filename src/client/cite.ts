/**
 * "引用をコピー" and "リンクをコピー" in each turn's header: the statement with its citation (speaker,
 * briefing title, date, permanent URL with `#tN`), or the URL alone, copied to the clipboard; the
 * page confirms in its live region (`.copy-status`), never with alert().
 *
 * The buttons are added here, not in the HTML: without script there is no clipboard to copy to.
 * Every text comes from the page's own text (textContent) and reaches the DOM as text.
 */

/** What a citation is made of; `url` is absolute. */
export interface Citation {
  text: string;
  speaker: string;
  title: string;
  /** As a citation writes it: 2025年9月8日. */
  date: string;
  url: string;
}

export function citationText(c: Citation): string {
  return `「${c.text}」\n（${c.speaker}、「${c.title}」、${c.date}）\n${c.url}`;
}

async function copy(doc: Document, text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No Clipboard API (an insecure origin, an old browser): the selection route still works there.
    const area = doc.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    doc.body.append(area);
    area.select();
    const ok = doc.execCommand('copy');
    area.remove();
    return ok;
  }
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
    const quote = doc.createElement('button');
    quote.type = 'button';
    quote.textContent = '引用をコピー';
    const link = doc.createElement('button');
    link.type = 'button';
    link.textContent = 'リンクをコピー';
    const actions = doc.createElement('span');
    actions.className = 'turn-actions';
    actions.append(quote, link);
    header.append(actions);

    quote.addEventListener('click', async () => {
      const person = header.querySelector<HTMLElement>('.speaker [data-cite]');
      const text = citationText({
        text: [...turn.querySelectorAll(':scope > :not(header)')].map((p) => p.textContent ?? '').join('\n'),
        speaker: person?.dataset['cite'] ?? turn.dataset['speaker'] ?? '',
        title: briefing.dataset['title'] ?? '',
        date: briefing.dataset['date'] ?? '',
        url,
      });
      say((await copy(doc, text)) ? `${turn.id} の発言を出典付きでコピーしました` : 'コピーできませんでした。文を選んでコピーしてください');
    });
    link.addEventListener('click', async () => {
      say((await copy(doc, url)) ? `${turn.id} へのリンクをコピーしました` : `コピーできませんでした。リンク: ${url}`);
    });
  }
}
