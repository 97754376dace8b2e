/**
 * Bytes → text. Published pages are UTF-8 today, but older ones were saved as Shift_JIS (or EUC-JP):
 * a file that is not valid UTF-8 is decoded with those instead (Node 22's full ICU knows them) and
 * the caller is told which encoding was used. Anything else is refused with the line of the first
 * byte that is not UTF-8.
 */
import { firstInvalidUtf8, guessLegacyEncoding, lineOfByte, tryDecode } from '../japanese/encoding.ts';
import { ImportError } from './errors.ts';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'shift_jis' | 'euc-jp';

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
