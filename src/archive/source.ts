/**
 * The first stage of reading a transcript: its file name and its bytes.
 *
 * - The name must give a URL that reads back as the same name: no `%`, `#`, `?` or `\`, NFC (macOS
 *   writes NFD; the same name twice in two forms would be one page and two briefings), and no
 *   other file whose URL differs only in case.
 * - The bytes must be UTF-8 text: a Shift_JIS or EUC-JP file is named as such (the importer converts
 *   it) instead of becoming mojibake on the page and in the index.
 * - The text must not hold NUL, lone surrogates or U+FFFD (text already lost in an earlier
 *   conversion), nor character references to them: each is refused where it is.
 */
import { firstInvalidUtf8, guessLegacyEncoding, lineOfByte } from '../japanese/encoding.ts';
import type { Problem } from '../model/problems.ts';

const UNSAFE_NAME = /[%#?\\\u0000-\u001f\u007f]/gu;

/** Problems with a transcript's path under content/ (POSIX separators). */
export function fileNameProblems(relativePath: string): Problem[] {
  const problems: Problem[] = [];
  const unsafe = [...new Set(relativePath.match(UNSAFE_NAME) ?? [])];
  if (unsafe.length > 0) {
    const suggested = relativePath.replace(UNSAFE_NAME, '-');
    problems.push({
      line: 1,
      rule: 'source:file-name',
      reason: `the file name contains ${unsafe.map((c) => JSON.stringify(c)).join(', ')}, which a URL cannot carry back to this file: rename it, e.g. to ${suggested}`,
    });
  }
  if (relativePath.normalize('NFC') !== relativePath) {
    problems.push({
      line: 1,
      rule: 'source:file-name',
      reason: `the file name is not in Unicode NFC form (decomposed characters, as some Macs write them), so its URL and its search entries would differ: rename it to ${relativePath.normalize('NFC')} (e.g. \`mv\` it, or save it again from an editor)`,
    });
  }
  return problems;
}

/**
 * Paths (relative, POSIX) whose URLs would collide with another's: the same name in NFC, or the same
 * name but for case (a case-insensitive host serves one of them). Maps each clashing path to the one it clashes with.
 */
export function clashingNames(relativePaths: string[]): Map<string, string> {
  const seen = new Map<string, string>();
  const clashes = new Map<string, string>();
  for (const rel of relativePaths.toSorted()) {
    const key = rel.normalize('NFC').toLowerCase();
    const first = seen.get(key);
    if (first) clashes.set(rel, first);
    else seen.set(key, rel);
  }
  return clashes;
}

export type Decoded = { text: string; problems: [] } | { text: null; problems: Problem[] };

const CONVERT = 'convert it to UTF-8 (`npm run import -- FILE` reads legacy encodings and writes UTF-8 transcripts, or `iconv -f CP932 -t UTF-8`)';

/** Transcript bytes → text, or the problems that make it unreadable. A UTF-8 byte-order mark is dropped. */
export function decodeSource(bytes: Uint8Array): Decoded {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return refused({ line: 1, rule: 'source:encoding', reason: `the file is UTF-16 (it starts with a UTF-16 byte-order mark), not UTF-8: ${CONVERT}` });
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    const legacy = guessLegacyEncoding(bytes);
    const hex = bytes[bad]!.toString(16).toUpperCase().padStart(2, '0');
    const what = legacy
      ? `the file is not UTF-8: it looks like ${legacy.encoding === 'shift_jis' ? 'Shift_JIS' : 'EUC-JP'} (byte 0x${hex} at offset ${bad} is not UTF-8)`
      : `the file is not UTF-8 text (byte 0x${hex} at offset ${bad} is invalid)`;
    return refused({ line: lineOfByte(bytes, bad), rule: 'source:encoding', reason: `${what}: ${CONVERT}` });
  }
  const text = new TextDecoder('utf-8').decode(bytes);
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, problems: [] };
}

function refused(p: Problem): Decoded {
  return { text: null, problems: [p] };
}

/** Where `text` holds characters no transcript should: NUL, lone surrogates, U+FFFD, and references to them. */
export function characterProblems(text: string): Problem[] {
  const problems: Problem[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const at = (column: number, rule: string, reason: string) => problems.push({ line: i + 1, column: column + 1, rule, reason });
    for (let c = 0; c < line.length; c++) {
      const code = line.charCodeAt(c);
      if (code === 0) at(c, 'source:nul', 'the file contains a NUL character (binary data, not text): remove it, or copy the transcript text into a new UTF-8 file');
      else if (code >= 0xd800 && code <= 0xdbff && !isLow(line.charCodeAt(c + 1))) at(c, 'source:surrogate', 'a lone UTF-16 surrogate (half of a character) stands here: retype the character');
      else if (code >= 0xdc00 && code <= 0xdfff && !isHigh(line.charCodeAt(c - 1))) at(c, 'source:surrogate', 'a lone UTF-16 surrogate (half of a character) stands here: retype the character');
      else if (code === 0xfffd) at(c, 'source:replacement', 'the file contains U+FFFD (�), which marks text lost in an earlier conversion: restore the original characters from the published page');
    }
    // Markdown would turn these references into U+FFFD without a word.
    for (const m of line.matchAll(/&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));/gu)) {
      const cp = m[1] !== undefined ? parseInt(m[1], 16) : Number(m[2]);
      if (cp === 0 || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) {
        at(m.index, 'source:reference', `the character reference ${m[0]} stands for no character (NUL, a surrogate or beyond Unicode): write the character itself`);
      }
    }
  });
  return problems;
}

function isHigh(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
function isLow(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
