/**
 * How the briefing page shows a correction (src/components/Revisions.astro): the day it landed, what
 * kind of change it was, and each changed statement as a diff cut to its changes — long unchanged
 * runs shortened to their ends around an … — so that a one-particle correction of a long answer reads
 * as one line. Data only; the component writes the elements (text, `<ins>`, `<del>`).
 */
import type { DiffSegment } from '../compare/diff.ts';
import type { RevisionKind } from '../revisions/archive.ts';

/** Unchanged characters kept on each side of a change. */
const CONTEXT = 24;

export type ShownSegment = DiffSegment | { op: 'gap' };

/** The diff with each unchanged run longer than its context shortened (a `gap` where text was left out). */
export function revisionExcerpt(diff: readonly DiffSegment[], context = CONTEXT): ShownSegment[] {
  const out: ShownSegment[] = [];
  diff.forEach((d, i) => {
    if (d.op !== 'equal') return void out.push(d);
    const chars = [...d.text];
    const first = i === 0;
    const last = i === diff.length - 1;
    const keep = (first ? 0 : context) + (last ? 0 : context);
    if (chars.length <= keep + 1) return void out.push(d);
    if (!first) out.push({ op: 'equal', text: chars.slice(0, context).join('') });
    out.push({ op: 'gap' });
    if (!last) out.push({ op: 'equal', text: chars.slice(-context).join('') });
  });
  return out;
}

/** What the page says of a change that is listed, not diffed, or of a text correction. */
export const REVISION_KIND_TEXT: Readonly<Record<RevisionKind, string>> = {
  text: '発言の訂正',
  frontmatter: '会見情報（題名・日時・出典など）のみの変更',
  whitespace: '空白・改行のみの変更（語句の変更なし）',
  other: '見出し・発言者ラベルなど書式の変更（発言の語句の変更なし）',
  unreadable: '変更（前後いずれかの版を読めないため差分なし）',
};

/** `2025-09-10T12:00:00+09:00` → 2025年9月10日 (the day in the commit's own time zone). */
export function revisionDay(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/u.exec(iso);
  return m ? `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日` : iso;
}
