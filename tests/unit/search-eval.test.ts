/**
 * `npm run search-eval`'s scoring and judged-set reading, on invented judgments: every expected figure
 * below is worked out by hand from the definitions in bench/src/relevance.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JudgedSetError, readJudged, resolveJudged } from '../../bench/src/judged.ts';
import { briefingLevel, meanScores, ndcgAt10, scoreRanking, type Grade, type RankedHit } from '../../bench/src/relevance.ts';

const hit = (key: string, partial = false): RankedHit => ({ key, partial });
const judged = (o: Record<string, Grade>) => new Map(Object.entries(o));

describe('scores of one ranking', () => {
  const j = judged({ 'a#t1': 2, 'a#t2': 1, 'b#t1': 2 });

  it('recall and precision count answers', () => {
    // Answers: a#t2 (1), x#t1 (0), a#t1 (2): 2 of 3 relevant found, 2 of 3 answers relevant.
    const s = scoreRanking([hit('a#t2'), hit('x#t1'), hit('a#t1')], j);
    expect(s.recall).toBeCloseTo(2 / 3, 10);
    expect(s.precision).toBeCloseTo(2 / 3, 10);
    expect(s.answers).toBe(3);
    expect(s.relevant).toBe(3);
  });

  it('nDCG@10: gains 2^g − 1 discounted by log2(rank + 1), against the ideal order', () => {
    // DCG = 1/log2(2) + 0 + 3/log2(4) = 2.5; ideal 3, 3, 1: 3 + 3/log2(3) + 1/log2(4) = 3 + 1.892789 + 0.5.
    const s = scoreRanking([hit('a#t2'), hit('x#t1'), hit('a#t1')], j);
    expect(s.ndcg10).toBeCloseTo(2.5 / (3 + 3 / Math.log2(3) + 0.5), 10);
    expect(ndcgAt10([2, 2, 1], [1, 2, 2])).toBeCloseTo(1, 10);
  });

  it('counts only the first ten ranks', () => {
    const ranked = [...Array.from({ length: 10 }, (_, i) => hit(`z#t${i}`)), hit('a#t1')];
    expect(scoreRanking(ranked, judged({ 'a#t1': 2 })).ndcg10).toBe(0);
  });

  it('part-of-word hits are shown (nDCG) but are not answers (recall, precision)', () => {
    // 東京都 for 京都: nothing relevant, only part-of-word hits → precision 1, recall 1, no nDCG.
    const none = scoreRanking([hit('t#t1', true), hit('t#t2', true)], judged({}));
    expect(none).toMatchObject({ recall: 1, precision: 1, ndcg10: null, answers: 0 });
    // A relevant statement found only inside another word is missed, but still ranked.
    const s = scoreRanking([hit('a#t1', true)], judged({ 'a#t1': 2 }));
    expect(s.recall).toBe(0);
    expect(s.precision).toBe(0);
    expect(s.ndcg10).toBeCloseTo(1, 10);
  });

  it('nothing found: precision 1 only when nothing is relevant', () => {
    expect(scoreRanking([], judged({}))).toMatchObject({ recall: 1, precision: 1 });
    expect(scoreRanking([], judged({ 'a#t1': 1 }))).toMatchObject({ recall: 0, precision: 0, ndcg10: 0 });
  });

  it('a statement listed twice counts once', () => {
    expect(scoreRanking([hit('a#t1'), hit('a#t1')], judged({ 'a#t1': 1 }))).toMatchObject({ recall: 1, precision: 1, answers: 1 });
  });
});

describe('briefing level', () => {
  it('grades a briefing by its best statement, ranks briefings by their first hit, an answer if any hit is', () => {
    const b = briefingLevel([hit('b#t3', true), hit('a#t1'), hit('b#t1'), hit('c#t2', true)], judged({ 'a#t2': 1, 'b#t4': 2, 'a#t5': 2 }));
    expect(b.hits).toEqual([hit('b'), hit('a'), hit('c', true)]);
    expect([...b.judged]).toEqual([
      ['a', 2],
      ['b', 2],
    ]);
  });
});

describe('means over queries', () => {
  it('average recall and precision over all queries, nDCG over those with something relevant', () => {
    const m = meanScores([
      { recall: 1, precision: 0.5, ndcg10: 0.8, answers: 2, relevant: 1 },
      { recall: 0, precision: 1, ndcg10: null, answers: 0, relevant: 0 },
    ]);
    expect(m).toEqual({ queries: 2, recall: 0.5, precision: 0.75, ndcg10: 0.8, ndcgQueries: 1 });
  });
});

describe('the judged set', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'judged-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const f = path.join(tmp, name);
    writeFileSync(f, text);
    return f;
  };
  const statements = [
    { briefing: '2024/2024-01-05-x', turn: 't1', text: '架空の港で\n給水支援を始めました。' },
    { briefing: '2024/2024-01-05-x', turn: 't2', text: '給水支援の規模は。' },
    { briefing: '2024/2024-02-09-y', turn: 'lead', text: '架空大臣閣議後会見' },
  ];

  it('names statements by briefing and an excerpt (white space ignored), and keeps the best grade', () => {
    const f = file(
      'ok.yaml',
      'queries:\n  - q: 給水\n    class: exact\n    relevant:\n      - [2024/2024-01-05-x, "港で給水", 2]\n      - [2024/2024-01-05-x, "規模", 1]\n  - q: 京都\n    class: partial\n    relevant: []\n',
    );
    const qs = readJudged(f);
    expect(qs.map((q) => [q.query, q.cls, q.relevant.length])).toEqual([
      ['給水', 'exact', 2],
      ['京都', 'partial', 0],
    ]);
    const r = resolveJudged(f, qs, statements);
    expect([...r.get(qs[0]!)!]).toEqual([
      ['2024/2024-01-05-x#t1', 2],
      ['2024/2024-01-05-x#t2', 1],
    ]);
    expect(r.get(qs[1]!)!.size).toBe(0);
  });

  it('refuses an excerpt found in no statement or in several, and a briefing it does not have, with the line', () => {
    const f = file(
      'bad.yaml',
      'queries:\n  - q: 給水\n    class: exact\n    relevant:\n      - [2024/2024-01-05-x, "給水支援", 2]\n      - [2024/2024-01-05-x, "消えた文", 2]\n      - [2024/2099-01-01-z, "何か", 1]\n',
    );
    let message = '';
    try {
      resolveJudged(f, readJudged(f), statements);
    } catch (e) {
      expect(e).toBeInstanceOf(JudgedSetError);
      message = (e as Error).message;
    }
    expect(message).toContain(`${f}:5: 「給水支援」 is in 2 statements of 2024/2024-01-05-x — take a longer excerpt`);
    expect(message).toContain(`${f}:6: 「消えた文」 is in no statement of 2024/2024-01-05-x`);
    expect(message).toContain(`${f}:7: no briefing 2024/2099-01-01-z in the archive`);
  });

  it('refuses a malformed entry with its line', () => {
    const f = file('grade.yaml', 'queries:\n  - q: 給水\n    class: exact\n    relevant:\n      - [2024/2024-01-05-x, "港で", 3]\n');
    expect(() => readJudged(f)).toThrow(`${f}:5: a relevant statement is [briefing slug, excerpt of its text, grade 1 or 2]`);
  });
});
