/**
 * Contents lists (目次) at the top of a page: `○冒頭発言 ○北朝鮮 ○その他` on one line, a run of
 * `・…` items after `目次`, or entries whose words come back further down as the headings they point
 * to (`冒頭発言` listed, then `冒頭発言` again where the section starts). They are page chrome: taken
 * for text they become a stray official turn, or a section heading twice.
 */
import { chromeReason, mayEndTranscript } from './chrome.ts';
import { titleLike } from './conferences.ts';
import { hasDate } from './dates.ts';
import { headingWords, topicShaped } from './headings.ts';
import { nextNonBlank, prevNonBlank, type Line } from './lines.ts';

const MARK = /^[○◯●・■□◆◇◎]/u;
const SEPARATOR = /^([=─━])\1{3,}$/u;

export function findContents(lines: readonly Line[], isLabel: (l: Line) => boolean): Set<number> {
  const out = new Set<number>();
  lines.forEach((l, i) => {
    if (l.text !== '' && !l.text.includes('。') && (l.norm.match(/[○◯●◎]/gu)?.length ?? 0) >= 2) out.add(i);
  });
  lines.forEach((l, i) => {
    if (!/^(?:目次|もくじ)$/u.test(l.norm)) return;
    for (let j = nextNonBlank(lines, i); j >= 0 && MARK.test(lines[j]!.norm) && !isLabel(lines[j]!); j = nextNonBlank(lines, j)) out.add(j);
    // Unmarked entries: short lines up to the conference's header, a statement, or an entry's second
    // appearance (where the transcript itself starts with the first heading listed).
    const seen = new Set<string>();
    for (let j = nextNonBlank(lines, i); j >= 0; j = nextNonBlank(lines, j)) {
      const m = lines[j]!;
      const words = headingWords(m);
      if (!topicShaped(m) || isLabel(m) || hasDate(m.norm) || titleLike(m) || mayEndTranscript(m) || chromeReason(m, true) || seen.has(words)) break;
      seen.add(words);
      out.add(j);
    }
  });
  lines.forEach((l, i) => {
    if (out.has(i) || l.text === '' || !topicShaped(l) || isLabel(l)) return;
    const words = headingWords(l);
    if (words === '') return;
    for (let j = i + 1; j < lines.length; j++) {
      const m = lines[j]!;
      if (m.text === '') continue;
      if (isLabel(m)) return;
      if (topicShaped(m) && headingWords(m) === words) {
        out.add(i);
        return;
      }
    }
  });
  // A copy's contents block closed by a separator (`======`): `【主な項目】冒頭発言:…`, `【質疑応答】`, the
  // `◯` items and `(1)…` entries above it, back to the conference's header.
  lines.forEach((l, i) => {
    if (!SEPARATOR.test(l.norm)) return;
    const block: number[] = [];
    for (let j = prevNonBlank(lines, i); j >= 0; j = prevNonBlank(lines, j)) {
      const m = lines[j]!;
      if (isLabel(m) || m.text.includes('。') || hasDate(m.norm) || !(MARK.test(m.norm) || /^【[^】]{1,12}】/u.test(m.norm) || /^\(\d{1,2}\)/u.test(m.norm))) break;
      block.push(j);
    }
    if (block.length < 2) return;
    for (const j of block) out.add(j);
    out.add(i);
  });
  // The other items of a list one of whose entries was recognised: same list mark, next to it.
  for (let changed = true; changed; ) {
    changed = false;
    for (const i of [...out]) {
      const mark = MARK.exec(lines[i]!.norm)?.[0];
      if (!mark) continue;
      for (const j of [prevNonBlank(lines, i), nextNonBlank(lines, i)]) {
        if (j >= 0 && !out.has(j) && lines[j]!.norm.startsWith(mark) && !isLabel(lines[j]!) && !lines[j]!.text.includes('。')) {
          out.add(j);
          changed = true;
        }
      }
    }
  }
  return out;
}
