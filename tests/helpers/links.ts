/**
 * A link checker over a built site, the way a visitor's browser resolves links: every page reachable
 * from the home page is fetched from the static server, every `href` and `src` on it must answer 200
 * (same-origin ones; other hosts are not contacted), and every `#fragment` must name an id on the page
 * it points at. Parsing is hast-util-from-html's, not regular expressions.
 */
import type { Element } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { selectAll } from 'hast-util-select';

export interface LinkReport {
  pages: number;
  links: number;
  broken: string[];
}

const pageIds = (html: string): Set<string> => new Set(selectAll('[id]', fromHtml(html)).map((e) => String(e.properties['id'])));

export async function checkLinks(start: string, opts: { maxPages?: number } = {}): Promise<LinkReport> {
  const origin = new URL(start).origin;
  const pages = new Map<string, Promise<{ status: number; type: string; html: string | null }>>();
  const load = (url: string) => {
    let p = pages.get(url);
    if (!p) {
      p = fetch(url).then(async (r) => {
        const type = r.headers.get('content-type') ?? '';
        return { status: r.status, type, html: type.includes('text/html') ? await r.text() : (await r.arrayBuffer(), null) };
      });
      pages.set(url, p);
    }
    return p;
  };
  const broken: string[] = [];
  const queue = [start];
  const crawled = new Set<string>();
  let links = 0;
  while (queue.length > 0 && crawled.size < (opts.maxPages ?? 500)) {
    const page = queue.shift()!;
    if (crawled.has(page)) continue;
    crawled.add(page);
    const { status, html } = await load(page);
    if (status !== 200 || html === null) continue;
    const tree = fromHtml(html);
    const refs = selectAll('[href], [src]', tree).flatMap((e: Element) =>
      (['href', 'src'] as const).filter((a) => typeof e.properties[a] === 'string').map((a) => [e.tagName, String(e.properties[a])] as const),
    );
    for (const [tag, ref] of refs) {
      if (/^(?:mailto|tel):/u.test(ref)) continue;
      const target = new URL(ref, page);
      if (!['http:', 'https:'].includes(target.protocol)) {
        broken.push(`${page}: ${tag} ${ref} (scheme ${target.protocol})`);
        continue;
      }
      if (target.origin !== origin) continue;
      links++;
      const fragment = decodeURIComponent(target.hash.slice(1));
      target.hash = '';
      const { status: s, html: targetHtml } = await load(target.href);
      if (s !== 200) broken.push(`${page}: ${tag} ${ref} → ${s}`);
      else if (fragment && targetHtml !== null && !pageIds(targetHtml).has(fragment)) broken.push(`${page}: ${tag} ${ref} → no id "${fragment}"`);
      if (s === 200 && targetHtml !== null && tag === 'a') queue.push(target.href);
    }
  }
  return { pages: crawled.size, links, broken };
}
