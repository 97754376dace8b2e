/**
 * What the import command says about an input besides the paths it wrote: notes (the encoding, a
 * layout it did not recognise), a warning for every dropped line that is not known page chrome, and
 * with --report the accounting of every non-empty line.
 */
import { endsSentence } from '../body.ts';
import type { ImportResult } from '../index.ts';
import { PLACES, type LedgerEntry } from '../ledger.ts';
import type { Line } from '../lines.ts';

const ENCODING_NAMES: Record<string, string> = { 'utf-8': 'UTF-8', shift_jis: 'Shift_JIS', 'euc-jp': 'EUC-JP', 'utf-16le': 'UTF-16LE', 'utf-16be': 'UTF-16BE', 'iso-2022-jp': 'ISO-2022-JP' };
const encodingName = (e: string) => ENCODING_NAMES[e] ?? e;
const clip = (s: string, n = 40) => (s.length > n ? `${s.slice(0, n)}…` : s);

export function notes(file: string, r: ImportResult): string[] {
  const out: string[] = [];
  if (r.format === 'text' && r.encoding !== 'utf-8') {
    out.push(`${file}: note: the file is ${encodingName(r.encoding)}, not UTF-8; it was converted (the Markdown is UTF-8)`);
  }
  if (r.mismatch) out.push(`${file}: note: ${r.mismatch}; it was read as ${encodingName(r.encoding)}`);
  else if (r.format === 'html' && r.encoding !== 'utf-8') {
    out.push(`${file}: note: the page is ${encodingName(r.encoding)}${r.declaredBy ? ` (as ${r.declaredBy} says)` : ' (detected)'}; it was converted (the Markdown is UTF-8)`);
  }
  if (r.publisher.name === 'generic') {
    for (const b of r.briefings) {
      const first = b.sections[0]?.topics[0]?.turns[0]?.line ?? b.line;
      out.push(
        `${file}:${b.line}: note: the layout was not recognised as a news site write-up, a 防衛省 page or a 外務省 会見記録; ` +
          `read by its features (the ${b.frontmatter.date} conference, its transcript from line ${first}) — check the result (--dry-run, --report)`,
      );
    }
  }
  for (const b of r.briefings) for (const n of b.notes ?? []) out.push(`${file}:${n.line}: note: ${n.text}`);
  for (const b of r.briefings) {
    const tail = unfinishedTail(b);
    if (tail) {
      out.push(
        `${file}:${tail.no}: note: the ${b.frontmatter.date} conference's last statement ends with 「${clip(tail.text)}」, which does not end a sentence; ` +
          `if it is page text after the transcript, delete it from the input and import again (--report shows where each line went)`,
      );
    }
  }
  return out;
}


/**
 * The last line of a briefing's last statement when it does not end a sentence and the statement has
 * other lines: the one place where page text after a transcript (a footer of no known phrase) can join
 * a statement unnoticed.
 */
function unfinishedTail(b: ImportResult['briefings'][number]): Line | null {
  const turn = b.sections.at(-1)?.topics.at(-1)?.turns.at(-1);
  const last = turn?.sources.at(-1);
  if (!turn || !last || turn.paragraphs.length < 2) return null;
  return endsSentence(last.text) ? null : last;
}

export function warnings(file: string, r: ImportResult): string[] {
  return r.ledger
    .warnings()
    .map((e) => `${file}:${e.line.no}: warning: dropped 「${clip(e.line.text)}」 (${e.what}): it is not known page chrome — if it belongs to the transcript, put it where it belongs (or give it a label) and import again`);
}

function row(e: LedgerEntry): string {
  const what = e.place === 'dropped' && !e.known ? `${e.what} [warning]` : e.what;
  return `  ${String(e.line.no).padStart(5)}  ${e.place.padEnd(11)}  ${clip(what, 44).padEnd(45)}  ${clip(e.line.text, 50)}`;
}

/** The accounting: every non-empty line of the input and where it went, with the totals. */
export function report(file: string, r: ImportResult): string {
  const entries = r.ledger.entries();
  const count = (p: string) => entries.filter((e) => e.place === p).length;
  const unknown = entries.filter((e) => e.place === 'dropped' && !e.known).length;
  const kind = r.format === 'html' ? `a saved page (${encodingName(r.encoding)}; lines are blocks of its text, numbered by the HTML source)` : `text (${encodingName(r.encoding)})`;
  const out = [
    `report: ${file}: ${kind}, read as ${r.publisher.description}; ${r.briefings.length} press conference${r.briefings.length === 1 ? '' : 's'}`,
    `  ${entries.length} non-empty lines: ${PLACES.map((p) => `${count(p)} ${p}`).join(', ')} (${count('dropped') - unknown} known page chrome, ${unknown} not)`,
    `   line  place        what                                           text`,
    ...entries.map(row),
  ];
  for (const b of r.briefings) {
    for (const s of b.sections) {
      if (!s.source && s.heading !== null) out.push(`  added  heading      section "${s.heading}" opened by the importer at line ${s.line} (${b.frontmatter.date} conference)`);
    }
  }
  return `${out.join('\n')}\n`;
}
