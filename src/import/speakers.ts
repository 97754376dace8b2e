/**
 * Who holds the conference, read from what the page says about them:
 * - the lead sentence of a news write-up, `中谷 元(なかたに・げん)防衛大臣は…`, `…、高梨悠(たかなし・はるか)海上幕僚長の定例記者会見`,
 *   `海上幕僚長の酒井 良(さかい・りょう)海将` (position before the name);
 * - a 備考 or title line, `青木防衛大臣閣議後会見`, `…の電話会談に係る岸防衛大臣臨時会見`, `桜井外務大臣会見記録`;
 * - bracket labels that name an official, `【上川外務大臣】`;
 * - the `--speaker "名前(よみ)役職"` flag.
 * Positions come from the one table (src/model/vocabulary.ts); a short form (統幕長) is written as
 * its full title (統合幕僚長) in the frontmatter.
 */
import type { BriefingFrontmatter } from '../model/frontmatter.ts';
import { classifyLabelWords } from '../model/labels.ts';
import { compactName, sameName } from '../model/names.ts';
import { findPosition, POSITIONS, splitPosition } from '../model/vocabulary.ts';
import { findDate, startsWithDate } from './dates.ts';
import type { Line } from './lines.ts';
import type { ImportedSection } from './types.ts';

export type Speaker = NonNullable<BriefingFrontmatter['speakers']>[number];

/** The full title of a position written in a short form (`統幕長` → `統合幕僚長`); others unchanged. */
export function fullPosition(position: string): string {
  return POSITIONS.find((p) => p.name === position)?.full ?? position;
}

function positionOf(words: string): string | undefined {
  const c = classifyLabelWords(words);
  return c?.role === 'official' && !c.name && c.position ? fullPosition(c.position) : undefined;
}

const HAN = String.raw`[\p{Script=Han}々〆ヶ]`;
/** `NAME(よみ・がな)POSITION` in a normalised lead; the name is not preceded by another kanji. */
const NAME_READING = new RegExp(
  String.raw`(?<!${HAN})(${HAN}{1,5}(?:\s?[\p{Script=Han}々〆ヶ\p{Script=Hiragana}\p{Script=Katakana}]{1,5})?)\(([\p{Script=Hiragana}ー・\s]+)\)([\p{Script=Han}\p{Script=Katakana}ー・]{0,14}?)(?=[はがもとの、。\s(]|$)`,
  'gu',
);

/** Speakers named with their reading in a (normalised) lead sentence, and where each mention ends. */
export function speakersInLead(norm: string): { speakers: Speaker[]; spans: [number, number][] } {
  const speakers: Speaker[] = [];
  const spans: [number, number][] = [];
  for (const m of norm.matchAll(NAME_READING)) {
    const [whole, name, reading, after] = m;
    let position = after ? positionOf(after) : undefined;
    if (!position) {
      const before = /(\p{Script=Han}+)の$/u.exec(norm.slice(0, m.index))?.[1];
      position = before ? positionOf(before) : undefined;
    }
    speakers.push({ name: name!.trim(), reading: reading!.replace(/[・\s]+/gu, ' ').trim(), ...(position ? { position } : {}) });
    spans.push([m.index, m.index + whole.length]);
  }
  return { speakers, spans };
}

/**
 * `青木防衛大臣` → 青木 + 防衛大臣. The name is the run of kanji right before the position, and only
 * when something other than kanji (or nothing) precedes it: in `…の電話会談に係る岸防衛大臣` the
 * name is 岸, not the words before it; in `日米防衛相会談岸防衛大臣` no name can be told apart.
 */
export function speakerBeforePosition(words: string): Speaker | null {
  const split = splitPosition(words.replace(/[\s\u3000]+/gu, ''));
  if (!split || split.name === '') return null;
  const name = new RegExp(String.raw`(?<!${HAN})${HAN}{1,5}$`, 'u').exec(split.name)?.[0];
  return name ? { name, position: fullPosition(split.position.name) } : null;
}

/** A line without the date it starts with (`令和6年12月5日 陸上幕僚長…` → `陸上幕僚長…`). */
function afterLeadingDate(norm: string): string {
  if (!startsWithDate(norm)) return norm;
  try {
    return norm.slice(findDate(norm, 0)?.end ?? 0);
  } catch {
    return norm;
  }
}

/**
 * The position a line states for the speaker named `name`: a line naming the conference by a position
 * alone (`陸上幕僚長 定例記者会見`), or one that writes it after the speaker's surname (`森下陸上幕僚長、…`).
 */
export function positionNamed(name: string, lines: readonly Line[]): { position: string; line: Line } | null {
  const compact = name.replace(/[\s\u3000]/gu, '');
  for (const line of lines) {
    const words = wordsBeforeConference(afterLeadingDate(line.norm)).trim();
    const alone = splitPosition(words.replace(/[\s\u3000-]/gu, ''));
    if (alone && alone.name === '') return { position: fullPosition(alone.position.name), line };
    const p = findPosition(line.norm);
    if (!p) continue;
    const before = line.norm.slice(0, line.norm.indexOf(p.name));
    if ([2, 1].some((k) => compact.length >= k && before.endsWith(compact.slice(0, k)))) return { position: fullPosition(p.name), line };
  }
  return null;
}

/** The words of a title or 備考 line before `…会見…`: `桐生防衛大臣臨時会見` → `桐生防衛大臣`, `小池大臣就任会見概要` → `小池大臣`. */
export function wordsBeforeConference(norm: string): string {
  return norm.replace(/(?:の)?(?:閣議後|定例|臨時|就任|離任|着任)?(?:の)?(?:記者)?会見.*$/u, '');
}

/** Named officials from the labels (`【上川外務大臣】`), in order of first appearance. */
export function speakersFromLabels(sections: readonly ImportedSection[]): Speaker[] {
  const out: Speaker[] = [];
  for (const t of sections.flatMap((s) => s.topics.flatMap((x) => x.turns))) {
    if (t.label === null || t.role !== 'official' || !t.name || !t.position) continue;
    if (!out.some((s) => s.name === t.name)) out.push({ name: t.name, position: fullPosition(t.position) });
  }
  return out;
}

/** One entry per person, the first mention winning (`中谷 元` and `中谷` are the same person). */
export function mergeSpeakers(...lists: Speaker[][]): Speaker[] {
  const out: Speaker[] = [];
  for (const sp of lists.flat()) {
    const same = out.some((o) => sameName(o.name, sp.name) || compactName(o.name).startsWith(compactName(sp.name)));
    if (!same) out.push(sp);
  }
  return out;
}

/**
 * `--speaker "中谷 元(なかたに げん)防衛大臣"`: name, optional reading in parentheses, optional
 * position; without parentheses a known position at the end is split off (`中谷元防衛大臣`).
 */
export function parseSpeakerFlag(value: string): Speaker | null {
  const v = value.trim();
  if (v === '') return null;
  const m = /^([^()（）]+?)[\s\u3000]*[(（]([^()（）]*)[)）][\s\u3000]*([^()（）]*)$/u.exec(v);
  if (m) {
    const [, name, reading, position] = m;
    return {
      name: name!.trim(),
      ...(reading!.trim() ? { reading: reading!.replace(/[・\s\u3000]+/gu, ' ').trim() } : {}),
      ...(position!.trim() ? { position: fullPosition(position!.trim()) } : {}),
    };
  }
  if (/[()（）]/u.test(v)) return null;
  const split = splitPosition(v);
  if (split && split.name.trim() !== '') return { name: split.name.trim(), position: fullPosition(split.position.name) };
  return { name: v };
}
