/**
 * Which encoding Japanese bytes are in. Transcripts must be UTF-8; older published pages were saved as
 * Shift_JIS or EUC-JP, and a file in one of those is worth naming, not only refusing. Used by the
 * content check (which refuses anything but UTF-8) and the importer (which converts).
 */

export type LegacyEncoding = 'shift_jis' | 'euc-jp';

/** Offset of the first byte that breaks UTF-8 (overlong forms and encoded surrogates included), or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i += 1;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

export function tryDecode(encoding: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** How Japanese a decoding looks: kana and common kanji count, half-width katakana (mojibake) counts against. */
export function japaneseScore(text: string): number {
  const good = text.match(/[\u3040-\u30ff\u4e00-\u9fff\u3000-\u303f\uff01-\uff5e]/gu)?.length ?? 0;
  const bad = text.match(/[\uff61-\uff9f\ufffd]/gu)?.length ?? 0;
  return good - 2 * bad;
}

/** The legacy Japanese encoding `bytes` decode best in, with the text; null when neither reads as Japanese. */
export function guessLegacyEncoding(bytes: Uint8Array): { encoding: LegacyEncoding; text: string } | null {
  const candidates = (['shift_jis', 'euc-jp'] as const)
    .map((encoding) => ({ encoding, text: tryDecode(encoding, bytes) }))
    .filter((c): c is { encoding: LegacyEncoding; text: string } => c.text !== null)
    .map((c) => ({ ...c, score: japaneseScore(c.text) }))
    .filter((c) => c.score > 0)
    .sort((a, b) => b.score - a.score);
  return candidates[0] ?? null;
}

/** 1-based line of a byte offset. */
export function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}
