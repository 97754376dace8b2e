/**
 * Linking the speaker names in a transcript's turn headers to their speaker pages, on the page's
 * already-rendered HTML (the archive keeps one HTML per transcript, independent of the rest of the
 * archive). Only the pipeline's own `<span class="speaker">…</span>` (remark-turns.ts) is touched —
 * content cannot produce that markup, raw HTML in a transcript is text — and the span's text is kept
 * exactly as it was serialised.
 */

const SPEAKER_SPAN = /<span class="speaker">([^<]*)<\/span>/gu;

/** The text of serialised HTML text: numeric references and the few named ones a serialiser writes. */
export function decodeText(html: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return html.replace(/&(?:#x([0-9a-f]+)|#(\d+)|(amp|lt|gt|quot|apos));/giu, (m, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    if (hex) return String.fromCodePoint(Number.parseInt(hex, 16));
    if (dec) return String.fromCodePoint(Number.parseInt(dec, 10));
    return named[name!.toLowerCase()] ?? m;
  });
}

export function escapeAttribute(s: string): string {
  return s.replace(/&/gu, '&amp;').replace(/"/gu, '&quot;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');
}

/** `links`: speaker as on the page → where it links and how a citation names them. */
export function linkSpeakers(html: string, links: ReadonlyMap<string, { href: string; cite: string }>): string {
  if (links.size === 0) return html;
  return html.replace(SPEAKER_SPAN, (whole, text: string) => {
    const link = links.get(decodeText(text));
    if (!link) return whole;
    return `<span class="speaker"><a href="${escapeAttribute(link.href)}" data-cite="${escapeAttribute(link.cite)}">${text}</a></span>`;
  });
}
