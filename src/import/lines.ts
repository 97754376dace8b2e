/**
 * The input as numbered lines. Every line keeps its text exactly as published (`text`, only trimmed)
 * and carries an NFKC-normalised copy (`norm`) that the layouts match their patterns against, so a
 * page given in full-width or half-width forms (or already NFKC-normalised) reads the same.
 */
export interface Line {
  /** 1-based line number in the input file. */
  no: number;
  /** The line trimmed of white space (including U+3000) at both ends; otherwise as published. */
  text: string;
  /** `text` NFKC-normalised, for matching only — never written out. */
  norm: string;
  /** The line starts with white space (U+3000 or, once NFKC-normalised, a space). */
  indented: boolean;
}

export function toLines(text: string): Line[] {
  return text.split('\n').map((raw, i) => {
    const trimmed = raw.trim();
    return { no: i + 1, text: trimmed, norm: trimmed.normalize('NFKC'), indented: trimmed !== '' && /^[\s\u3000]/u.test(raw) };
  });
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

/** Remove a leading enumerator (`1 `, `２　`, `1.`) from a heading as published. */
export function stripEnumerator(text: string): string {
  return text.replace(/^[0-9０-９]{1,2}[.．、)）]?[\s\u3000]*/u, '').trim();
}
