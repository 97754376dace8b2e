/**
 * The quote check: candidates from the static index's bigrams, then the alignment. The archive is
 * invented text in the transcripts' register: a few statements the quotes come from, and a few hundred
 * filler statements sharing their common words (so that frequent bigrams are heavy blocks, as at scale).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalize } from '../../src/japanese/normalize.ts';
import { decodeDirectory } from '../../src/search/codec.ts';
import { packPath } from '../../src/search/format.ts';
import { writeIndex } from '../../src/search/index/writer.ts';
import { fileLoader } from '../../src/search/query/node.ts';
import { createSearch, type SearchEngine } from '../../src/search/query/engine.ts';
import { chooseGrams } from '../../src/search/query/quote-candidates.ts';
import { QuoteError } from '../../src/search/query/quote.ts';
import { quoteAlignment, textDiff, type DiffSegment } from '../../src/compare/diff.ts';
import type { Statement } from '../../src/model/model.ts';
import { inputsOf, safeCut } from './search-helpers.ts';

const SEOUL = [
  '日韓の防衛相会談につきまして報告させていただきます。',
  '本日、ソウルにおいて韓国の国防部長官と会談を行いました。会談では、北朝鮮のミサイル警戒データのリアルタイム共有を着実に実施していくことで一致いたしました。また、防衛当局間の交流を一層推進していくことを確認しました。',
  '共同訓練の実施時期について伺います。',
  '共同訓練につきましては、現時点で具体的な日程は決まっておりませんが、関係国と緊密に調整を進めてまいりたいと考えております。',
];
const REGULAR = [
  '防衛装備移転三原則の運用指針の見直しについて、閣議後に関係閣僚で協議を行ったところであります。今後とも、透明性を確保しつつ、慎重に検討を進めてまいります。',
  '南西地域の防衛態勢の強化は喫緊の課題であり、部隊の配備を計画的に進めております。地元の皆様のご理解とご協力を得られるよう、丁寧に説明を尽くしてまいります。',
  `日韓の防衛協力は重要であり、${'装備品の相互運用性の向上、人的交流の拡大、災害対応での協力、海上での偶発的な衝突を防ぐための連絡体制の整備など、'.repeat(6)}様々な分野で引き続き努力していく考えです。`,
];

function briefing(slug: string, date: string, texts: string[]): Statement[] {
  return texts.map((text, i) => ({
    briefing: slug,
    turn: `t${i + 1}`,
    order: i,
    title: `${date} 会見`,
    date,
    kind: '定例',
    role: slug.includes('seoul') && i === 2 ? 'reporter' : 'official',
    speaker: '防衛大臣',
    label: null,
    person: slug.includes('seoul') && i === 2 ? null : '中谷 元',
    position: slug.includes('seoul') && i === 2 ? null : '防衛大臣',
    topic: null,
    section: null,
    text,
  }));
}

/** Filler: the same common words in many combinations, so that 防衛, 会談, まし… are frequent bigrams. */
function filler(count: number): Statement[] {
  const a = ['防衛省としては', '政府としては', '自衛隊は', '我が国は'];
  const b = ['関係国との会談を通じて', '地域の安全保障環境を踏まえ', '引き続き緊張感を持って', '各国と連携しながら'];
  const c = ['対応してまいります。', '取り組んでまいりました。', '情報収集に努めております。', '万全を期してまいります。'];
  const out: Statement[] = [];
  for (let k = 0; k < count; k++) {
    const text = `${a[k % 4]}${b[(k >> 2) % 4]}${c[(k >> 4) % 4]}${k % 3 === 0 ? '詳細は控えます。' : ''}`;
    out.push(...briefing(`2024/filler-${String(k).padStart(3, '0')}`, `2024-0${1 + (k % 9)}-1${k % 10}`, [text]));
  }
  return out;
}

let dir: string;
let engine: SearchEngine;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'quote-check-'));
  const statements = [...briefing('2025/2025-09-08-seoul', '2025-09-08', SEOUL), ...briefing('2025/2025-08-01-regular', '2025-08-01', REGULAR), ...filler(1200)];
  await writeIndex(inputsOf(statements), path.join(dir, 'dist'), { base: '/kaiken/', cacheDir: path.join(dir, 'cache') });
  engine = createSearch(fileLoader(path.join(dir, 'dist', 'search')));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const textOf = (diff: DiffSegment[], ops: string[]) => diff.filter((s) => ops.includes(s.op)).map((s) => s.text).join('');

describe('checkQuote', () => {
  it('finds a quote with two particles changed and one clause dropped first, with the differences marked', async () => {
    // 会談では → 会談で (dropped は), を着実に → が (particle, and 着実に dropped), 交流を → 交流が.
    const quote = '会談で、北朝鮮のミサイル警戒データのリアルタイム共有が実施していくことで一致いたしました。また、防衛当局間の交流が一層推進していくことを確認しました。';
    const [first, ...rest] = await engine.quote(quote);
    expect(first).toMatchObject({ briefing: '2025/2025-09-08-seoul', turn: 't2', url: '/kaiken/briefings/2025/2025-09-08-seoul/#t2' });
    expect(first!.similarity).toBeGreaterThan(0.85);
    expect(first!.similarity).toBeLessThan(1);
    expect(rest.every((r) => r.similarity < first!.similarity)).toBe(true);
    const dels = first!.diff.filter((s) => s.op === 'del').map((s) => s.text);
    const inses = first!.diff.filter((s) => s.op === 'ins').map((s) => s.text);
    expect(dels).toEqual(expect.arrayContaining(['は', 'を着実に', 'を']));
    expect(inses).toEqual(['が', 'が']);
    // equal + del is the statement's span; equal + ins is the quote.
    expect(textOf(first!.diff, ['equal', 'del'])).toBe(first!.text.slice(...first!.span));
    expect(textOf(first!.diff, ['equal', 'ins'])).toBe(quote);
  });

  it('takes 、 for 。 and a dropped 、 as no change of words', async () => {
    const quote = '防衛装備移転三原則の運用指針の見直しについて閣議後に関係閣僚で協議を行ったところであります、今後とも透明性を確保しつつ慎重に検討を進めてまいります';
    const [first] = await engine.quote(quote);
    expect(first).toMatchObject({ briefing: '2025/2025-08-01-regular', turn: 't1', similarity: 1 });
    expect(first!.diff.filter((s) => s.op !== 'equal').every((s) => /^[、。]+$/u.test(s.text))).toBe(true);
    expect(first!.diff).toContainEqual({ op: 'del', text: '。' });
  });

  it('finds two sentences joined into one, the sentence between them left out', async () => {
    const quote = '本日、ソウルにおいて韓国の国防部長官と会談を行い、防衛当局間の交流を一層推進していくことを確認しました。';
    const [first] = await engine.quote(quote);
    expect(first).toMatchObject({ briefing: '2025/2025-09-08-seoul', turn: 't2' });
    expect(first!.similarity).toBeGreaterThan(0.85);
    expect(textOf(first!.diff, ['del'])).toContain('北朝鮮のミサイル警戒データ');
  });

  it('lists both statements of a quote that joins a question and its answer, the other piece as ins', async () => {
    const quote = '共同訓練の実施時期について、現時点で具体的な日程は決まっておりません';
    const top = await engine.quote(quote, { limit: 3 });
    expect(top.slice(0, 2).map((r) => r.turn).sort()).toEqual(['t3', 't4']);
    const answer = top.find((r) => r.turn === 't4')!;
    expect(textOf(answer.diff, ['ins'])).toContain('実施時期');
    // The best of them names the statement that says the rest: the question.
    expect(top[0]!.turn).toBe('t4');
    expect(top[0]!.others).toEqual([expect.objectContaining({ turn: 't3', url: '/kaiken/briefings/2025/2025-09-08-seoul/#t3', piece: expect.stringContaining('の実施時期') })]);
    expect(top[0]!.others![0]!.similarity).toBeGreaterThan(0.8);
    // A quote said whole by one statement names no other.
    expect((await engine.quote('共同訓練につきましては、現時点で具体的な日程は決まっておりません'))[0]!.others).toBeUndefined();
  });

  it('finds two pieces of a long statement far apart, the long middle left out', async () => {
    const quote = '日韓の防衛協力は重要であり、引き続き努力していく';
    const [first] = await engine.quote(quote);
    expect(first).toMatchObject({ briefing: '2025/2025-08-01-regular', turn: 't3' });
    expect(first!.similarity).toBeGreaterThan(0.9);
    expect(textOf(first!.diff, ['del']).length).toBeGreaterThan(300);
  });

  it('gives a quote that is not in the archive a low similarity', async () => {
    const top = await engine.quote('来年度の予算では宇宙分野の研究開発に重点を置くと財務大臣が述べた');
    expect(top.length).toBeGreaterThan(0);
    expect(top[0]!.similarity).toBeLessThan(0.5);
  });

  it('reads at most maxFrequentBlocks heavy blocks, the smallest, for a quote of frequent words', async () => {
    const heavy = new Set<string>();
    for (const s of (await engine.manifest()).segments) {
      for (const l of decodeDirectory(s.directory).lists) for (const e of l.entries) if (e.kind === 'heavy') heavy.add(`${packPath(s.id, e.pack)}@${e.offset}`);
    }
    expect(heavy.size).toBeGreaterThan(10);
    const read: string[] = [];
    const files = fileLoader(path.join(dir, 'dist', 'search'));
    const counting = createSearch((p, range) => (range && read.push(`${p}@${range.offset}`), files(p, range)));
    const quote = '防衛省としては関係国との会談を通じて対応してまいります。詳細は控えます。';
    const [first] = await counting.quote(quote, { maxFrequentBlocks: 3 });
    expect(first!.similarity).toBe(1);
    expect(read.filter((r) => heavy.has(r)).length).toBe(3);
  });

  it('refuses an overlong quote with a message, and returns nothing for an empty one', async () => {
    await expect(engine.quote('あ'.repeat(1001))).rejects.toThrow(QuoteError);
    expect(await engine.quote('  、 ')).toEqual([]);
  });
});

describe('chooseGrams', () => {
  const g = (at: number, heavyBytes = 0, heavyBlocks = 0) => ({ at, heavyBytes, heavyBlocks });
  it('spreads rare bigrams over the quote and reads the smallest heavy blocks up to the cap', () => {
    const grams = [g(0), g(1), g(2), g(3), g(4), g(5), g(6, 5000, 1), g(7, 900, 1), g(8, 3000, 2), g(9, 100, 1)];
    const chosen = chooseGrams(grams, 3, 3);
    expect(chosen.slice(0, 3).map((x) => x.at)).toEqual([0, 2, 4]);
    expect(chosen.slice(3).map((x) => x.at)).toEqual([9, 7]);
    expect(chooseGrams(grams, 0, 10, 1000).map((x) => x.at)).toEqual([9, 7]);
  });
});

const JA = fc.constantFrom(...'防衛大臣は会談を行いましたが、今後とも検討してまいります。北朝鮮ミサイル 日韓共有の'.split(''));
const jaText = (min: number, max: number) => fc.array(JA, { minLength: min, maxLength: max }).map((a) => a.join(''));

describe('quoteAlignment (properties)', () => {
  it('a quote that is a piece of the statement has similarity 1 and no differences', () => {
    fc.assert(
      fc.property(jaText(1, 200), fc.nat(), fc.nat(), (statement, x, y) => {
        const [s, e] = [x % (statement.length + 1), y % (statement.length + 1)].sort((p, q) => p - q) as [number, number];
        const quote = statement.slice(s, e);
        fc.pre(/[^\s、。]/u.test(quote));
        // A piece cut next to a space the normaliser drops between words folds differently from the whole.
        fc.pre(safeCut([...statement], s) && safeCut([...statement], e));
        const a = quoteAlignment(statement, quote);
        expect(a.similarity).toBe(1);
        expect(a.diff.map((d) => d.op)).toEqual(['equal']);
      }),
    );
  });

  it('the diff reassembles the statement span (equal + del) and the quote (equal + ins)', () => {
    fc.assert(
      fc.property(jaText(0, 150), jaText(0, 60), (statement, quote) => {
        const a = quoteAlignment(statement, quote);
        expect(a.similarity).toBeGreaterThanOrEqual(0);
        expect(a.similarity).toBeLessThanOrEqual(1);
        expect(textOf(a.diff, ['equal', 'del'])).toBe(statement.slice(...a.span));
        if (normalize(quote).length > 0) expect(normalize(textOf(a.diff, ['equal', 'ins']))).toBe(normalize(quote));
      }),
    );
  });

  it('ends the span with its last character, not with a space the normaliser drops after it', () => {
    // Found by the property above: い 防 normalises to い防, and the space belonged to neither.
    expect(quoteAlignment('い 防', 'い')).toMatchObject({ similarity: 1, span: [0, 1], diff: [{ op: 'equal', text: 'い' }] });
    expect(quoteAlignment('北朝鮮 の防衛', '北朝鮮の')).toMatchObject({ span: [0, 5], diff: [{ op: 'equal', text: '北朝鮮 の' }] });
  });

  it('maps normalised offsets back to the texts as written (half-width kana, full-width letters)', () => {
    const a = quoteAlignment('北朝鮮のミサイル発射とＧＣＡＰについて', 'ﾐｻｲﾙ発射とGCAP');
    expect(a).toMatchObject({ similarity: 1, diff: [{ op: 'equal', text: 'ミサイル発射とＧＣＡＰ' }] });
  });
});

describe('textDiff (properties)', () => {
  it('equal + del is the old text, equal + ins the new one', () => {
    fc.assert(
      fc.property(jaText(0, 120), jaText(0, 120), (before, after) => {
        const d = textDiff(before, after);
        expect(textOf(d, ['equal', 'del'])).toBe(before);
        expect(textOf(d, ['equal', 'ins'])).toBe(after);
        for (let k = 1; k < d.length; k++) expect(d[k]!.op).not.toBe(d[k - 1]!.op);
      }),
    );
  });

  it('a corrected character is one del and one ins in place', () => {
    expect(textDiff('防衛大臣が会談を行った。', '防衛大臣は会談を行った。')).toEqual([
      { op: 'equal', text: '防衛大臣' },
      { op: 'del', text: 'が' },
      { op: 'ins', text: 'は' },
      { op: 'equal', text: '会談を行った。' },
    ]);
  });
});
