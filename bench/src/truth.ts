/**
 * The corpus generator's truth file (`_truth.json`, written by corpus.ts), read a line at a time.
 *
 * At 10,000 briefings it is 76 MB of JSON; parsed whole it would be several times that in memory, in the
 * process that is meant to measure the build's memory, not its own. TruthWriter puts each briefing on a
 * line of its own, then the part-of-speech table, then one word per line, so it can be streamed.
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { TRUTH_FILE, TRUTH_FORMAT } from './corpus.ts';

export interface TruthBriefing {
  slug: string;
  /** Per statement, in `statementsOf` order: its turn and the ids of the words placed in it. */
  statements: Array<[turn: string, wordIds: number[]]>;
}

/** [surface, base form, reading (katakana), part of speech]. */
export type TruthWord = [surface: string, base: string, reading: string, pos: string];

const withoutComma = (line: string) => (line.endsWith(',') ? line.slice(0, -1) : line);

/**
 * Call `onBriefing` for each briefing of the truth file, in the generator's order; resolve with the
 * word table (ids index it), which the file holds at its end.
 */
export async function readTruth(corpusDir: string, onBriefing: (b: TruthBriefing) => void): Promise<TruthWord[]> {
  const file = path.join(corpusDir, TRUTH_FILE);
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let state: 'header' | 'briefings' | 'words' | 'end' = 'header';
  let partsOfSpeech: string[] = [];
  const words: TruthWord[] = [];
  for await (const line of lines) {
    if (state === 'header') {
      const header = JSON.parse(`${line}]}`) as { format?: string };
      if (header.format !== TRUTH_FORMAT) throw new Error(`${file}: not a ${TRUTH_FORMAT} file (format ${String(header.format)})`);
      state = 'briefings';
    } else if (state === 'briefings') {
      if (line.startsWith('],"partsOfSpeech":')) {
        partsOfSpeech = (JSON.parse(`{${line.slice(2)}]}`) as { partsOfSpeech: string[] }).partsOfSpeech;
        state = 'words';
      } else if (line.trim()) onBriefing(JSON.parse(withoutComma(line)) as TruthBriefing);
    } else if (state === 'words') {
      if (line.startsWith(']}')) state = 'end';
      else if (line.trim()) {
        const [surface, base, reading, pos] = JSON.parse(withoutComma(line)) as [string, string, string, number];
        words.push([surface, base, reading, partsOfSpeech[pos] ?? '']);
      }
    }
  }
  if (state !== 'end') throw new Error(`${file} ends early (in its ${state}): was the corpus generator interrupted?`);
  return words;
}
