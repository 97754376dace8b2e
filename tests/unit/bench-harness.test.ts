/**
 * The benchmark's parts that need no build or browser: the truth file read a line at a time agrees
 * with the whole file parsed; the site's files fall in the right part.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCorpus, TRUTH_FILE, type CorpusTruth } from '../../src/bench/corpus.ts';
import { sitePart } from '../../src/bench/site-files.ts';
import { readTruth, type TruthBriefing } from '../../src/bench/truth.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'bench-harness-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the truth file, streamed', () => {
  it('gives the same briefings and words as the whole file parsed', async () => {
    await generateCorpus({ count: 12, seed: 3, out: tmp });
    const whole = JSON.parse(readFileSync(path.join(tmp, TRUTH_FILE), 'utf8')) as CorpusTruth;
    const briefings: TruthBriefing[] = [];
    const words = await readTruth(tmp, (b) => briefings.push(b));
    expect(briefings).toEqual(whole.briefings);
    expect(words).toEqual(whole.words.map(([s, b, r, pos]) => [s, b, r, whole.partsOfSpeech[pos]]));
  });
});

describe('parts of the site', () => {
  it.each([
    ['index.html', 'pages'],
    ['search/index.html', 'pages'],
    ['briefings/2025/2025-09-08-x/index.html', 'pages'],
    ['briefings/2025/2025-09-08-x.json', 'briefing_json'],
    ['search/manifest.json', 'search_index'],
    ['search/p/abc-0.bin', 'search_index'],
    ['data/statements.jsonl', 'data_exports'],
    ['_astro/page.js', 'other'],
    ['feed.xml', 'other'],
  ])('%s is %s', (rel, part) => expect(sitePart(rel)).toBe(part));
});
