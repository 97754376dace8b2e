/**
 * People, outlets and label styles: the roster of officials and reporters, and the corpus plan that
 * decides, once per corpus, who holds which briefing and which label style each briefing uses. The label
 * styles are written here as the generator's own table, not read from src/model/labels.ts.
 */
import type { VWord } from './vocabulary.ts';
import { Rng, mix } from './random.ts';
import { type Vocabulary } from './vocabulary.ts';
import { CONTEXT, OFFICIAL, OFFICIAL_SHORT, OPENERS, type Pattern, QUESTIONS, compile } from './patterns.ts';
import type { BriefingContext } from './briefing.ts';
import { DAYS } from './calendar.ts';

export type Category = 'minister' | 'vice' | 'chief' | 'civil';

export interface Position {
  /** As in frontmatter: 防衛大臣. */
  title: string;
  /** As in labels: 大臣 (what `大臣 :` and `【中谷大臣】` use). */
  short: string;
  category: Category;
  /** Years in office, for the roster. */
  tenure: number;
  /** The title as words (for the lead) and the short form (how reporters address the official). */
  titleWords: string[];
  addrWords: string[];
}

export const POSITIONS: Position[] = [
  { title: '防衛大臣', short: '大臣', category: 'minister', tenure: 1.1, titleWords: ['防衛', '大臣'], addrWords: ['大臣'] },
  { title: '防衛副大臣', short: '副大臣', category: 'vice', tenure: 1, titleWords: ['防衛', '副@接頭詞', '大臣'], addrWords: ['副@接頭詞', '大臣'] },
  { title: '防衛大臣政務官', short: '政務官', category: 'vice', tenure: 1, titleWords: ['防衛', '大臣', '政務', '官=官@名詞,接尾'], addrWords: ['政務', '官=官@名詞,接尾'] },
  { title: '防衛事務次官', short: '事務次官', category: 'civil', tenure: 2, titleWords: ['防衛', '事務次官'], addrWords: ['事務次官'] },
  { title: '防衛省報道官', short: '報道官', category: 'civil', tenure: 2, titleWords: ['防衛', '省=省@名詞,接尾', '報道', '官=官@名詞,接尾'], addrWords: ['報道', '官=官@名詞,接尾'] },
  { title: '統合幕僚長', short: '統合幕僚長', category: 'chief', tenure: 2.5, titleWords: ['統合', '幕僚', '長=長@名詞,接尾'], addrWords: ['幕僚', '長=長@名詞,接尾'] },
  { title: '陸上幕僚長', short: '陸上幕僚長', category: 'chief', tenure: 2.5, titleWords: ['陸上=陸上@名詞,一般', '幕僚', '長=長@名詞,接尾'], addrWords: ['幕僚', '長=長@名詞,接尾'] },
  { title: '海上幕僚長', short: '海上幕僚長', category: 'chief', tenure: 2.5, titleWords: ['海上=海上@名詞,一般', '幕僚', '長=長@名詞,接尾'], addrWords: ['幕僚', '長=長@名詞,接尾'] },
  { title: '航空幕僚長', short: '航空幕僚長', category: 'chief', tenure: 2.5, titleWords: ['航空', '幕僚', '長=長@名詞,接尾'], addrWords: ['幕僚', '長=長@名詞,接尾'] },
];

export const OUTLETS = [
  'NHK', '共同通信', '時事通信', '朝日新聞', '読売新聞', '毎日新聞', '産経新聞', '日本経済新聞', '東京新聞', '北海道新聞',
  '西日本新聞', '琉球新報', '沖縄タイムス', 'テレビ朝日', 'TBS', 'フジテレビ', '日本テレビ', 'テレビ東京', 'ジャパンタイムズ',
  '朝雲新聞', 'ロイター通信', 'ブルームバーグ', '中日新聞', '神奈川新聞', 'ＮＨＫ', 'ＴＢＳ',
];

export const PLACES_MINISTRY = ['防衛省A棟11階第1省議室', '防衛省A棟11階記者会見室', '防衛省講堂', '国会内', '首相官邸', '防衛省A棟1階エントランス'];

export interface Person {
  family: VWord;
  given: VWord;
}

export interface Official {
  person: Person;
  position: Position;
}

export interface Reporter {
  outlet: string;
  family: VWord;
}

export interface LabelStyle {
  id: string;
  /** Which officials this style is used with. */
  officials: Category[];
  question(r: Reporter, b: BriefingContext): string;
  answer(b: BriefingContext): string;
  /** Label alone on its line (text on the next), inline, or chosen per briefing. */
  alone: 'yes' | 'no' | 'either';
}

/**
 * The label styles, each paired with the officials it goes with so that chiefs of staff appear with
 * colon and bracket labels (`海上幕僚長 :`, `【酒井海上幕僚長】`). One style per briefing, like real transcripts.
 */
export const STYLES: LabelStyle[] = [
  { id: 'colon-alone', officials: ['minister'], alone: 'yes', question: () => '記者 :', answer: (b) => `${b.official.position.short} :` },
  { id: 'colon-inline', officials: ['minister'], alone: 'no', question: () => '記者 :', answer: (b) => `${b.official.position.short} :` },
  { id: 'colon-chief', officials: ['chief'], alone: 'either', question: () => '記者 :', answer: (b) => `${b.official.position.short} :` },
  {
    id: 'colon-fullwidth',
    officials: ['minister', 'vice', 'civil', 'chief'],
    alone: 'no',
    question: (_r, b) => (b.variant ? '質問者：' : '記者：'),
    answer: (b) => `${b.official.position.short}：`,
  },
  { id: 'letter', officials: ['minister', 'vice', 'civil', 'chief'], alone: 'no', question: (_r, b) => (b.variant ? 'Q: ' : 'Q:'), answer: (b) => (b.variant ? 'A: ' : 'A:') },
  {
    id: 'letter-fullwidth',
    officials: ['minister'],
    alone: 'either',
    question: (r, b) => (b.rng.chance(0.85) ? `Ｑ：（${r.outlet}）` : 'Ｑ：'),
    answer: () => 'Ａ：',
  },
  {
    id: 'bracket',
    officials: ['minister'],
    alone: 'no',
    question: (r, b) => (b.rng.chance(0.9) ? `【${r.outlet} ${r.family.surface}記者】` : '【記者】'),
    answer: (b) => `【${b.official.person.family.surface}${b.official.position.short}】`,
  },
  {
    id: 'bracket-other',
    officials: ['chief', 'vice', 'civil'],
    alone: 'no',
    question: (r) => `【${r.outlet} ${r.family.surface}記者】`,
    answer: (b) => `【${b.official.person.family.surface}${b.official.position.short}】`,
  },
  { id: 'paren', officials: ['minister', 'vice', 'civil', 'chief'], alone: 'no', question: () => '(問)', answer: () => '(答)' },
  { id: 'paren-fullwidth', officials: ['minister', 'civil', 'chief'], alone: 'either', question: () => '（問）', answer: () => '（答）' },
];

/** Everything decided once per corpus: the roster of officials and the order of label styles. */
export class CorpusPlan {
  readonly seed: number;
  readonly vocab: Vocabulary;
  readonly patterns: {
    official: Pattern[];
    short: Pattern[];
    openers: Pattern[];
    context: Pattern[];
    questions: Pattern[];
  };
  readonly titleWords: Map<Position, VWord[]>;
  readonly addrWords: Map<Position, VWord[]>;
  /** Per position: successive office holders and how long each serves (days). */
  private rosters = new Map<Position, { people: Person[]; days: number; offset: number }>();
  private styleOrder: number[] = [];
  private styleRng: Rng;

  constructor(seed: number, vocab: Vocabulary) {
    this.seed = seed;
    this.vocab = vocab;
    const c = (list: string[]) => list.map((p) => compile(p, vocab.fixed));
    this.patterns = { official: c(OFFICIAL), short: c(OFFICIAL_SHORT), openers: c(OPENERS), context: c(CONTEXT), questions: c(QUESTIONS) };
    this.titleWords = new Map(POSITIONS.map((p) => [p, p.titleWords.map(vocab.fixed)]));
    this.addrWords = new Map(POSITIONS.map((p) => [p, p.addrWords.map(vocab.fixed)]));
    const rng = new Rng(mix(seed, 0x5eed));
    const used = new Set<string>();
    for (const position of POSITIONS) {
      const days = Math.round(position.tenure * 365.25);
      const people: Person[] = [];
      const n = Math.ceil(DAYS / days) + 2;
      while (people.length < n) {
        const family = vocab.family.draw(rng);
        const given = vocab.given.draw(rng);
        if (family.surface.length < 2 || used.has(family.surface)) continue;
        used.add(family.surface);
        people.push({ family, given });
      }
      this.rosters.set(position, { people, days, offset: rng.int(0, days - 1) });
    }
    this.styleRng = new Rng(mix(seed, 0x5791e));
  }

  /** Label style of briefing n: the styles in a fresh random order every STYLES.length briefings. */
  style(n: number): LabelStyle {
    while (this.styleOrder.length < n) {
      this.styleOrder.push(...this.styleRng.shuffle(STYLES.map((_, i) => i)));
    }
    return STYLES[this.styleOrder[n - 1]!]!;
  }

  officeHolder(position: Position, day: number): Person {
    const r = this.rosters.get(position)!;
    return r.people[Math.floor((day + r.offset) / r.days)]!;
  }
}
