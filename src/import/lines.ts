/**
 * The input as numbered lines. Every line keeps its text exactly as published (`text`, only trimmed)
 * and carries an NFKC-normalised copy (`norm`) that the reader matches its patterns against, so a
 * page given in full-width or half-width forms (or already NFKC-normalised) reads the same.
 *
 * A text file gives one Line per line of the file; a saved HTML page gives one per block of its text
 * (src/import/html.ts), numbered with the line of the HTML source the block starts on.
 */
export interface Line {
  /** Position in the page's list of lines: the key of the nothing-lost accounting. */
  index: number;
  /** 1-based line number in the input file (for an HTML page: where the block starts in the source). */
  no: number;
  /** The line trimmed of white space (including U+3000) at both ends, a letter-spaced line closed up; otherwise as published. */
  text: string;
  /** `text` NFKC-normalised, for matching only — never written out. */
  norm: string;
  /** The line starts with white space (U+3000 or, once NFKC-normalised, a space). */
  indented: boolean;
}

/**
 * A line a PDF's text letter-spaced, every character apart: `件 名 : 大 臣 会 見 概 要`. Nothing on such
 * a line is a word of its own, so the spaces are the layout's, not the text's.
 */
const LETTER_SPACED = /^(?:\S[ \u3000]){3,}\S$/u;
/**
 * A PDF cover's field label letter-spaced: `件 名: 大 臣 会 見 概 要` (its colon glued), `日 時 平成 28 年 9 月 20 日 1051~1105`,
 * `場 所 記者会見室`. The label is closed up, and so is a value that is letter-spaced too.
 */
const SPACED_FIELD = /^(日[ \u3000]時|場[ \u3000]所|備[ \u3000]考|件[ \u3000]名)(?=[ \u3000]|[:：]|$)/u;
const SPACED_VALUE = /^([:：]?[ \u3000]*)((?:\S[ \u3000])+\S)$/u;

function closeUp(trimmed: string): string {
  if (LETTER_SPACED.test(trimmed)) return trimmed.replace(/[ \u3000]/gu, '');
  const field = SPACED_FIELD.exec(trimmed);
  if (!field) return trimmed;
  const rest = trimmed.slice(field[0].length);
  const value = SPACED_VALUE.exec(rest);
  return field[1]!.replace(/[ \u3000]/gu, '') + (value ? `${value[1]!.trim()}${value[2]!.replace(/[ \u3000]/gu, '')}` : rest);
}

export function makeLine(index: number, no: number, raw: string): Line {
  const trimmed = raw.trim();
  const text = closeUp(trimmed);
  return { index, no, text, norm: text.normalize('NFKC'), indented: text !== '' && /^[\s\u3000]/u.test(raw) };
}

export function toLines(text: string): Line[] {
  return text.split('\n').map((raw, i) => makeLine(i, i + 1, raw));
}

/** Index of the next non-blank line after `i`, or -1. */
export function nextNonBlank(lines: readonly Line[], i: number): number {
  for (let j = i + 1; j < lines.length; j++) if (lines[j]!.text !== '') return j;
  return -1;
}

/** Index of the previous non-blank line before `i`, or -1. */
export function prevNonBlank(lines: readonly Line[], i: number): number {
  for (let j = i - 1; j >= 0; j--) if (lines[j]!.text !== '') return j;
  return -1;
}

/**
 * Where `normIndex` (an offset into `line.norm`) falls in `line.text`. NFKC changes lengths only for
 * a few characters (`…` → `...`, `㍻` → `平成`), so each character is normalised on its own, combining
 * marks with the character they follow.
 */
export function textOffset(line: Line, normIndex: number): number {
  let norm = 0;
  const chars = Array.from(line.text);
  let offset = 0;
  for (let i = 0; i < chars.length; i++) {
    let chunk = chars[i]!;
    while (i + 1 < chars.length && /\p{M}/u.test(chars[i + 1]!)) chunk += chars[++i]!;
    if (norm >= normIndex) return offset;
    norm += chunk.normalize('NFKC').length;
    offset += chunk.length;
  }
  return offset;
}

/** Remove a leading enumerator (`1 `, `２　`, `1.`) from a heading as published. */
export function stripEnumerator(text: string): string {
  return text.replace(/^[0-9０-９]{1,2}[.．、)）]?[\s\u3000]*/u, '').trim();
}
