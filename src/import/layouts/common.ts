/** Pieces shared by the layouts. */
import { classifyLabelWords, matchLabel } from '../../transcript/labels.ts';
import type { BriefingFrontmatter } from '../../transcript/frontmatter.ts';
import { countTurns, dropEmptySections, labelledTurns, type SectionHeading } from '../body.ts';
import { ImportError } from '../errors.ts';
import type { Line } from '../lines.ts';
import { stripEnumerator } from '../lines.ts';
import { slugFor } from '../slug.ts';
import type { ImportedBriefing, ImportedSection } from '../types.ts';

export type Speaker = NonNullable<BriefingFrontmatter['speakers']>[number];

export interface Layout {
  /** Short name used in messages and tests: `news`, `mod`, `mod-old`, `mofa`. */
  name: string;
  /** How sure the layout is that it can read these lines: 0 = not this layout. */
  detect(lines: readonly Line[]): number;
  /** Every press conference on the page, in page order. */
  parse(lines: readonly Line[]): ImportedBriefing[];
}

/**
 * `大臣からの発表事項`, `1 発表事項`, `冒頭発言` (announcements); `記者との質疑応答`, `2 質疑応答` (Q&A).
 * The heading is kept as published, without a leading enumerator.
 */
export function standardSectionHeading(line: Line): SectionHeading | null {
  const n = line.norm.replace(/^\d{1,2}[.、)]?\s*/u, '');
  if (/^(?:[^\s、。]{1,12}からの)?(?:発表事項|冒頭発言)$/u.test(n)) return { heading: stripEnumerator(line.text), kind: 'announcement' };
  if (/^(?:[^\s、。]{1,12}との)?質疑応答$/u.test(n)) return { heading: stripEnumerator(line.text), kind: 'qa' };
  return null;
}

/** 臨時 when the text says 臨時, 定例 when it says 定例, else nothing. */
export function kindFrom(...texts: (string | undefined)[]): string | undefined {
  const all = texts.filter(Boolean).join('\n');
  if (all.includes('臨時')) return '臨時';
  if (all.includes('定例')) return '定例';
  return undefined;
}

/** `上川外務大臣` → { name: 上川, position: 外務大臣 }; null unless both a name and a known position. */
export function speakerFromWords(words: string): Speaker | null {
  const c = classifyLabelWords(words.replace(/[\s\u3000]+/gu, ' ').trim());
  if (!c || c.role !== 'official' || !c.name || !c.position) return null;
  return { name: c.name, position: c.position };
}

/** Named officials from the labels (`【上川外務大臣】`), in order of first appearance. */
export function speakersFromLabels(sections: readonly ImportedSection[]): Speaker[] {
  const out: Speaker[] = [];
  for (const t of labelledTurns(sections)) {
    if (t.role !== 'official' || !t.name || !t.position) continue;
    if (!out.some((s) => s.name === t.name)) out.push({ name: t.name, position: t.position });
  }
  return out;
}

export function mergeSpeakers(...lists: Speaker[][]): Speaker[] {
  const out: Speaker[] = [];
  for (const sp of lists.flat()) {
    const compact = (s: string) => s.replace(/[\s\u3000]/gu, '');
    const same = out.find((o) => compact(o.name) === compact(sp.name) || compact(o.name).startsWith(compact(sp.name)));
    if (!same) out.push(sp);
  }
  return out;
}

/** The first line that is only a URL (the page's address, captured with it), for source.url. */
export function findUrl(lines: readonly Line[]): string | undefined {
  return lines.find((l) => /^https?:\/\/\S+$/u.test(l.norm))?.norm;
}

/** Index of the first line in [from, to) that `isEnd` accepts, else `to`. */
export function findEnd(lines: readonly Line[], from: number, to: number, isEnd: (l: Line) => boolean): number {
  for (let i = from; i < to; i++) if (lines[i]!.text !== '' && isEnd(lines[i]!)) return i;
  return to;
}

const NO_TURNS_HINT =
  'the transcript needs turns introduced by speaker labels (記者 :, 大臣 :, Ｑ：, Ａ：, 【… 記者】, (問)) or announcement paragraphs after a heading such as 発表事項; check that the whole page text was copied';

export function finishBriefing(args: {
  layout: string;
  line: number;
  bodyLine: number;
  frontmatter: BriefingFrontmatter;
  /** Lead paragraphs with the line each came from. */
  lead: { text: string; no: number }[];
  sections: ImportedSection[];
}): ImportedBriefing {
  const sections = dropEmptySections(args.sections);
  if (countTurns(sections) === 0) {
    throw new ImportError(args.bodyLine, `no turns found in the ${args.frontmatter.date} press conference`, NO_TURNS_HINT);
  }
  for (const turn of labelledTurns(sections)) {
    if (turn.paragraphs.length === 0) {
      throw new ImportError(
        turn.line,
        `speaker label "${turn.label}" has no statement after it`,
        'add the statement (it may have been lost when the page was copied) or remove the label',
      );
    }
  }
  // The site reads a label at the start of any paragraph, the lead included.
  for (const p of args.lead) {
    const m = matchLabel(p.text);
    if (m) {
      throw new ImportError(
        p.no,
        `a line before the transcript starts looks like a speaker label ("${m.kind === 'label' ? m.label.raw : m.raw}")`,
        'move it below the first section heading, or remove the colon if it is not a speaker',
      );
    }
  }
  const fm = pruneFrontmatter(args.frontmatter);
  return { layout: args.layout, line: args.line, frontmatter: fm, lead: args.lead.map((p) => p.text), sections, slug: slugFor(fm) };
}

/** Drop undefined and empty optional fields so that the output only has what the page says. */
function pruneFrontmatter(fm: BriefingFrontmatter): BriefingFrontmatter {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fm)) {
    if (v === undefined || v === '') continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (k === 'source' && v && typeof v === 'object') {
      const src = Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== ''));
      if (Object.keys(src).length > 0) out[k] = src;
      continue;
    }
    out[k] = v;
  }
  return out as BriefingFrontmatter;
}
