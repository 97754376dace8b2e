/**
 * The seed (../shared/samples/, read in place) imported gives the hand-converted
 * content/2025/2025-09-08-nakatani-seoul.md: field by field, paragraph by paragraph, and the same
 * transcript model through the site's own reader.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { importBytes } from '../../src/import/index.ts';
import { parseTranscript } from '../../src/archive/read.ts';
import { SEED, SEED_MD } from '../fixtures/import/helpers.ts';

function split(md: string): { fm: Record<string, unknown>; fmText: string; paragraphs: string[] } {
  const m = /^---\n([\s\S]*?)\n---\n/u.exec(md)!;
  return { fm: parseYaml(m[1]!) as Record<string, unknown>, fmText: m[1]!, paragraphs: md.slice(m[0].length).trim().split(/\n{2,}/u) };
}

describe.skipIf(!SEED)('importing the seed', () => {
  const result = SEED ? importBytes(readFileSync(SEED)) : { markdown: [''], briefings: [], encoding: 'utf-8' as const };
  const generated = result.markdown[0]!;
  const hand = readFileSync(SEED_MD, 'utf8');
  const g = split(generated);
  const h = split(hand);

  it('finds one press conference in the news layout, as UTF-8', () => {
    expect(result.encoding).toBe('utf-8');
    expect(result.briefings).toHaveLength(1);
    expect(result.briefings[0]!.layout).toBe('news');
    expect(result.briefings[0]!.slug).toBe('daijin-rinji');
  });

  it.each(['title', 'date', 'start', 'end', 'timeNote', 'place', 'kind', 'speakers', 'source'])('frontmatter %s is the hand-converted one', (key) => {
    expect(g.fm[key]).toEqual(h.fm[key]);
  });

  it('frontmatter place is the lead’s words', () => {
    expect(g.fm['place']).toBe('ソウルのロッテホテル');
  });

  it('has the same frontmatter keys in the same order and formatting (date unquoted, times quoted)', () => {
    expect(Object.keys(g.fm)).toEqual(Object.keys(h.fm));
    expect(g.fmText).toBe(h.fmText);
  });

  it('has the same paragraphs, one by one', () => {
    expect(g.paragraphs.length).toBe(h.paragraphs.length);
    g.paragraphs.forEach((p, i) => expect(p, `paragraph ${i + 1}`).toBe(h.paragraphs[i]));
  });

  it('is byte-identical to the hand-converted file', () => {
    expect(generated).toBe(hand);
  });

  it('reads through the site’s transcript reader to the same model as the hand-converted file', async () => {
    const a = await parseTranscript('generated.md', generated, 'x');
    const b = await parseTranscript(SEED_MD, hand, 'x');
    expect(a.body).toEqual(b.body);
    const turns = a.body.sections.flatMap((s) => s.topics.flatMap((t) => t.turns));
    expect(turns.filter((t) => t.role === 'reporter')).toHaveLength(4);
    expect(a.body.sections.map((s) => [s.heading, s.kind])).toEqual([
      ['大臣からの発表事項', 'announcement'],
      ['記者との質疑応答', 'qa'],
    ]);
  });

  it('drops the site chrome after (以上)', () => {
    for (const chrome of ['(以上)', '◎下の', 'Ranking', '読まれている記事', '24時間', 'ブルーインパルス', '- 日本の防衛', '2025-9-11']) {
      expect(generated.includes(chrome), chrome).toBe(false);
    }
  });

  it('is deterministic', () => {
    expect(importBytes(readFileSync(SEED!)).markdown[0]).toBe(generated);
  });
});
