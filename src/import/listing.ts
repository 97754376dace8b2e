/**
 * A listing page (防衛省 年別一覧, a 外務省 month index) → the addresses of the conferences it links
 * to: links in its main content, on the same site and under the listing's own folder
 * (`…/kisha/2024/index.html` → `…/kisha/2024/0209a.html`), in page order, each once.
 */
import type { Element } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { select, selectAll } from 'hast-util-select';

const CHROME = 'header, nav, aside, footer, form';

export function conferenceLinks(html: string, listingUrl: string): string[] {
  const tree = fromHtml(html);
  const root: Element | undefined = select('main', tree) ?? select('[role=main]', tree) ?? select('#contents', tree) ?? select('#main', tree) ?? select('body', tree);
  if (!root) return [];
  const chrome = new Set(selectAll(`${CHROME} a[href]`, root));
  const base = new URL(listingUrl);
  const folder = base.pathname.replace(/[^/]*$/u, '');
  const out: string[] = [];
  for (const a of selectAll('a[href]', root)) {
    if (chrome.has(a)) continue;
    let url: URL;
    try {
      url = new URL(String(a.properties['href']), base);
    } catch {
      continue;
    }
    url.hash = '';
    const page = /\/(?:index\.html?)?$/u.test(url.pathname) ? '' : url.pathname;
    if (url.origin !== base.origin || !/^https?:$/u.test(url.protocol) || page === '' || !page.startsWith(folder) || url.href === base.href) continue;
    if (!/\.html?$|\/[^./]+$/u.test(url.pathname)) continue;
    if (!out.includes(url.href)) out.push(url.href);
  }
  return out;
}
