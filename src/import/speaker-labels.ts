/**
 * Speaker labels as the importer meets them on a line. The label table is `matchLabel`
 * (src/model/labels.ts), the one the site uses; the importer adds only the bare style some news
 * pages use — a role or position word alone on its line with no colon (`記者`, `大臣`, `統幕長`) —
 * which it writes as `記者 :` so that the site reads the same turn.
 */
import { classifyLabelWords, matchLabel, type Label, type LabelMatch } from '../model/labels.ts';
import { POSITIONS, ROLE_WORDS } from '../model/vocabulary.ts';
import type { Line } from './lines.ts';

export type KnownLabel = Extract<LabelMatch, { kind: 'label' }> & { /** Written without a colon in the source. */ bare?: boolean };

const BARE_WORDS = new Set([...Object.keys(ROLE_WORDS).filter((w) => w.length >= 2), ...POSITIONS.map((p) => p.name)]);

/** `記者`, `大臣`, `統幕長` alone on the line (any spaces around), as a label written ` :`. */
export function bareLabelOf(line: Line): KnownLabel | null {
  const words = line.norm.replace(/\s+/gu, '');
  if (!BARE_WORDS.has(words)) return null;
  const c = classifyLabelWords(words);
  if (!c) return null;
  const label: Label = { raw: `${line.text} :`, speaker: words, ...c };
  return { kind: 'label', label, rest: '', bare: true };
}

/** The label a line starts with: known, unknown (written like a label), or none. */
export function labelOf(line: Line, bareLabels: boolean): KnownLabel | Extract<LabelMatch, { kind: 'unknown' }> | null {
  const m = matchLabel(line.text);
  if (m) return m;
  return bareLabels ? bareLabelOf(line) : null;
}

export function knownLabelOf(line: Line, bareLabels: boolean): KnownLabel | null {
  const m = labelOf(line, bareLabels);
  return m?.kind === 'label' ? m : null;
}

/**
 * Whether a page writes its labels bare: it has a bare reporter label and a bare official one, each
 * followed by text. One stray `大臣` line in a page of `記者 :` labels is not enough.
 */
export function usesBareLabels(lines: readonly Line[]): boolean {
  const roles = new Set<string>();
  for (let i = 0; i < lines.length - 1; i++) {
    const l = bareLabelOf(lines[i]!);
    const next = lines.slice(i + 1).find((x) => x.text !== '');
    if (l && next && !matchLabel(next.text) && !bareLabelOf(next)) roles.add(l.label.role);
  }
  return roles.has('reporter') && roles.has('official');
}
