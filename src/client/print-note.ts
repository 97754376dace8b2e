/**
 * On paper a page needs its address and the day it was printed, so that a printed quote can be cited
 * and dated. The line is in the page (`.print-meta`, shown only in print) with the page's permanent
 * URL when the site URL is known, otherwise where the reader is (without a find query); the date is
 * filled in now and again just before printing.
 */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`;
}

export function mountPrintNote(doc: Document): void {
  const url = doc.querySelector<HTMLElement>('.print-meta .print-url');
  const date = doc.querySelector<HTMLElement>('.print-meta .print-date');
  if (!url || !date) return;
  const permanent = /^https?:/u.test(url.textContent ?? '');
  const fill = () => {
    if (!permanent) {
      const here = new URL(location.href);
      here.search = '';
      url.textContent = here.href;
    }
    date.textContent = `印刷日: ${today()}`;
  };
  fill();
  window.addEventListener('beforeprint', fill);
}
