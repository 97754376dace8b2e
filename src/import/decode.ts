/**
 * Bytes → text. Published pages are UTF-8 today, but older ones were saved as Shift_JIS (or EUC-JP):
 * a file that is not valid UTF-8 is decoded with those instead (Node 22's full ICU knows them) and
 * the caller is told which encoding was used. Anything else is refused with the line of the first
 * byte that is not UTF-8.
 */
import { firstInvalidUtf8, guessLegacyEncoding, japaneseScore, lineOfByte, tryDecode } from '../japanese/encoding.ts';
import { ImportError } from './errors.ts';

/** `utf-8`, `shift_jis`, `euc-jp`, `utf-16le`… as the WHATWG Encoding Standard names them. */
export type Encoding = string;

export interface Decoded {
  /** The text with line ends normalised to `\n` and any byte-order mark removed. */
  text: string;
  encoding: Encoding;
}

const FIX_ENCODING = 'save the file as UTF-8 (e.g. `iconv -f CP932 -t UTF-8 in.txt > out.txt`) and import it again';

function finish(text: string, encoding: Encoding): Decoded {
  const clean = text.replace(/^\ufeff/u, '').replace(/\r\n?/gu, '\n');
  if (clean.includes('\u0000')) {
    const line = clean.slice(0, clean.indexOf('\u0000')).split('\n').length;
    throw new ImportError(line, 'the file contains NUL bytes: it is binary, not a text transcript', 'copy the transcript text into a plain UTF-8 .txt file');
  }
  if (clean.trim() === '') {
    throw new ImportError(1, 'the file is empty', 'copy the published transcript text into it (UTF-8) and import it again');
  }
  return { text: clean, encoding };
}

/**
 * Decode with the encoding a page declares (`Shift_JIS`, `x-sjis`, `EUC-JP`, `utf-8`…). Pages are
 * often saved again in another encoding with the old declaration left in place, so the declaration
 * is believed only when the bytes agree: when they are not valid in it, or are valid UTF-8 that
 * reads as Japanese where the declared decoding reads as mojibake, the bytes win and `mismatch` says so.
 */
export function decodeDeclared(bytes: Uint8Array, label: string): (Decoded & { mismatch?: string }) | null {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label.trim(), { fatal: true });
  } catch {
    return null;
  }
  let declared: string | null = null;
  try {
    declared = decoder.decode(bytes);
  } catch {
    declared = null;
  }
  const utf8 = decoder.encoding !== 'utf-8' && firstInvalidUtf8(bytes) < 0 ? new TextDecoder('utf-8').decode(bytes) : null;
  if (declared !== null && (utf8 === null || japaneseScore(utf8) <= japaneseScore(declared))) return finish(declared, decoder.encoding);
  const actual = utf8 !== null ? finish(utf8, 'utf-8') : decodeBytes(bytes);
  return { ...actual, mismatch: `declared ${label}, but its bytes are ${actual.encoding}` };
}

export function decodeBytes(bytes: Uint8Array): Decoded {
  if (bytes.length === 0) {
    throw new ImportError(1, 'the file is empty', 'copy the published transcript text into it (UTF-8) and import it again');
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    const t = tryDecode('utf-16le', bytes.subarray(2));
    if (t !== null) return finish(t, 'utf-16le');
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const t = tryDecode('utf-16be', bytes.subarray(2));
    if (t !== null) return finish(t, 'utf-16be');
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad < 0) return finish(new TextDecoder('utf-8').decode(bytes), 'utf-8');

  const best = guessLegacyEncoding(bytes);
  if (best) return finish(best.text, best.encoding);

  const hex = bytes[bad]!.toString(16).toUpperCase().padStart(2, '0');
  throw new ImportError(
    lineOfByte(bytes, bad),
    `the file is not UTF-8 (byte 0x${hex} at offset ${bad} is invalid) and does not decode as Shift_JIS or EUC-JP either`,
    FIX_ENCODING,
  );
}
