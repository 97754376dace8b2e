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
import { nextNonBlank, type Line } from './lines.ts';
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

export function readPage(original: readonly Line[], options: PageOptions = {}): PageReading {
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
