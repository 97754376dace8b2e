/**
 * A page → its press conferences, with the nothing-lost accounting of every line.
 *
 * Stages: page chrome already taken out (HTML) → which labels the page uses → contents lists →
 * where each conference starts (conferences.ts) → whose page it is (publisher.ts) → each conference
 * (conference.ts: header.ts, body.ts) → the ledger.
 */
import { isHardWrapped } from './body.ts';
import { findConferences } from './conferences.ts';
import { readConference } from './conference.ts';
import { findContents } from './contents.ts';
import { ImportError } from './errors.ts';
import type { Overrides } from './header.ts';
import { sectionHeadingOf } from './headings.ts';
import { Ledger } from './ledger.ts';
import { hasDate } from './dates.ts';
import { makeLine, nextNonBlank, textOffset, type Line } from './lines.ts';
import { matchLabel } from '../model/labels.ts';
import { detectPublisher, type Publisher } from './publisher.ts';
import { knownLabelOf, usesBareLabels } from './speaker-labels.ts';
import type { ImportedBriefing } from './types.ts';

export interface PageOptions {
  overrides?: Overrides;
  /** Lines already known to be page chrome (a saved page's `<nav>`, `<footer>`…), with why. */
  dropped?: ReadonlyMap<number, string>;
}

export interface PageReading {
  briefings: ImportedBriefing[];
  ledger: Ledger;
  publisher: Publisher;
}

/**
 * An older 外務省 page writes the first question on the header's line:
 * `事務次官会見記録 (平成13年9月17日(月) 17:15~ 於会見室)(問)今日…`. Such a line is read as two, the header
 * and the turn, both numbered with the line they share.
 */
const GLUED_HEADER = /^(.{0,40}?(?:会見記録|会見概要)\s*\([^()]*(?:\([^()]*\)[^()]*)*\))\s*(?=\S)/u;

function splitGluedHeaders(lines: readonly Line[], dropped: ReadonlyMap<number, string> | undefined): { lines: Line[]; dropped: Map<number, string> } {
  const out: Line[] = [];
  const moved = new Map<number, string>();
  for (const l of lines) {
    const why = dropped?.get(l.index);
    const m = why === undefined ? GLUED_HEADER.exec(l.norm) : null;
    const at = m && hasDate(m[1]!) ? textOffset(l, m[0].length) : -1;
    const rest = at > 0 ? l.text.slice(at) : '';
    if (at > 0 && matchLabel(rest)?.kind === 'label') {
      out.push(makeLine(out.length, l.no, l.text.slice(0, at)));
      out.push(makeLine(out.length, l.no, rest));
      continue;
    }
    if (why !== undefined) moved.set(out.length, why);
    out.push({ ...l, index: out.length });
  }
  return { lines: out, dropped: moved };
}

export function readPage(given: readonly Line[], options: PageOptions = {}): PageReading {
  const split = splitGluedHeaders(given, options.dropped);
  const original = split.lines;
  options = { ...options, dropped: split.dropped };
  const ledger = new Ledger(original);
  for (const [index, why] of options.dropped ?? []) ledger.drop(original[index]!, why);
  const lines = original.map((l) => (options.dropped?.has(l.index) ? { ...l, text: '', norm: '', indented: false } : l));

  const bare = usesBareLabels(lines);
  const labelAt = (i: number): boolean => {
    const m = knownLabelOf(lines[i]!, bare);
    if (!m) return false;
    if (!m.bare) return true;
    const next = nextNonBlank(lines, i);
    return next >= 0 && !sectionHeadingOf(lines[next]!) && !knownLabelOf(lines[next]!, bare);
  };
  const contents = findContents(lines, (l) => knownLabelOf(l, bare) !== null);
  const isOpener = (i: number): boolean => lines[i]!.text !== '' && !contents.has(i) && (sectionHeadingOf(lines[i]!) !== null || labelAt(i));
  const publisher = detectPublisher(lines);
  const joinWrapped = isHardWrapped(lines, isOpener);

  const briefings: ImportedBriefing[] = [];
  for (const segment of findConferences(lines, isOpener, contents)) {
    briefings.push(
      readConference({
        lines,
        segment,
        contents,
        publisher,
        bareLabels: bare,
        joinWrapped,
        isOpener,
        overrides: options.overrides ?? {},
        ledger,
        pageTitle: briefings[0]?.frontmatter.title,
      }),
    );
  }
  const flags = Object.keys(options.overrides ?? {}).filter((k) => k !== 'url' && k !== 'pageUrl');
  if (flags.length > 0 && briefings.length > 1) {
    throw new ImportError(
      briefings[1]!.line,
      `this page holds ${briefings.length} press conferences, and --${flags.join(', --')} would be given to each of them`,
      'copy the one conference the flags are for into a file of its own and import that',
    );
  }
  return { briefings, ledger, publisher };
}
