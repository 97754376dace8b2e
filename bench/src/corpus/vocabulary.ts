/**
 * The corpus's vocabulary: IPADIC entries (../lexicon.ts) sorted into pools by part of speech, ranked
 * Zipf-like (a short list of defense words first, then IPADIC's word cost), and the domain terms in
 * both widths. Its own tables: nothing here comes from the product's code.
 */
import { loadLexicon, type LexEntry, type Lexicon } from '../lexicon.ts';
import type { Word } from './truth-file.ts';
import { ZipfPool } from './random.ts';
import { CONJUNCTIONS, FIXED_SPECS, FIXED_SURFACES } from './patterns.ts';
import { POSITIONS } from './people.ts';

/** A word of the vocabulary: `key` numbers it (0…size-1) in build order, the same in every worker. */
export interface VWord extends Word {
  key: number;
}

export interface VerbLemma {
  /** 基本形 row (行う). */
  dict: VWord;
  /** 連用形 row, for ます and the 連用中止 (行い). */
  masu: VWord;
  /** Row the past and te-forms attach to (行っ), and what attaches: た/て or だ/で. */
  taStem: VWord;
  ta: 'た' | 'だ';
  te: 'て' | 'で';
}

export interface AdjLemma {
  dict: VWord; // 厳しい
  ku: VWord; // 厳しく
}

export interface Vocabulary {
  noun: ZipfPool<VWord>;
  kata: ZipfPool<VWord>;
  sahen: ZipfPool<VWord>;
  adjv: ZipfPool<VWord>;
  advn: ZipfPool<VWord>;
  adverb: ZipfPool<VWord>;
  conj: ZipfPool<VWord>;
  country: ZipfPool<VWord>;
  place: ZipfPool<VWord>;
  org: ZipfPool<VWord>;
  proper: ZipfPool<VWord>;
  family: ZipfPool<VWord>;
  given: ZipfPool<VWord>;
  verb: ZipfPool<VerbLemma>;
  adj: ZipfPool<AdjLemma>;
  terms: Term[];
  counters: Counter[];
  /** Resolves the `[surface=base@pos]` words of patterns. */
  fixed: (spec: string) => VWord;
  /** Every word by key (keys are 0…size-1, assigned in build order). */
  words: VWord[];
  size: number;
}

/** Domain terms, both widths: ＡＩ / AI, ミサイル / ﾐｻｲﾙ. */
export interface Term {
  full: VWord;
  half: VWord;
}

/** A number's unit: the IPADIC words that follow the digits (億 + 円), and how big numbers get. */
export interface Counter {
  words: VWord[];
  min: number;
  max: number;
  decimals?: boolean;
}

/** Surfaces made of kanji and kana only: nothing Markdown or a label could take for syntax. */
export const PLAIN = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々ヶ]+$/u;
export const KATAKANA = /^[\p{Script=Katakana}ー]+$/u;
export const HAN_ONLY = /^[\p{Script=Han}々]+$/u;
/** A reading the tokenizer could prefer instead (another row, same surface) must cost this much more. */
export const AMBIGUITY_MARGIN = 400;

// Defense vocabulary: ranked first in their pools when IPADIC has them (as an unambiguous entry).
export const TOP_NOUNS =
  '安全 情勢 地域 平和 政府 国民 部隊 装備 艦艇 航空機 領域 体制 能力 予算 基地 領空 領海 事案 課題 状況 会議 政策 戦略 弾道 脅威 環境 技術 災害 隊員 任務 周辺 海域 空域 艦船 潜水艦 護衛艦 戦闘機 哨戒機 輸送機 弾薬 施設 司令部 法案 国会 内閣 総理 首脳 米軍 宇宙 電磁波 情報 意見 関係 国際 社会 秩序 現状 方針 記者 見解 詳細 結果 影響 被害 住民 自治体 知事 市長 地元 日程 期間 規模 範囲 目的 意図 懸念 措置 制度 法律 憲法 条約 協定 文書 人材 処遇 基盤 企業 価格 経費 財源 大臣 幹部 職員 機体 部品 燃料 陸上 海上 航空 離島 沿岸 上空 海峡 半島 同盟国 当局 軍事 兵器 兵力 戦力 戦争 紛争 危機 事態 有事 現場 態勢 全力 万全 見通し 前回 次回 年度 次期 将来 中長期 防衛費 弾頭 海空 日米 日韓'.split(' ');
export const TOP_SAHEN =
  '防衛 訓練 協力 強化 対応 発射 開発 輸出 派遣 活動 連携 会談 整備 実施 確認 検討 調整 推進 参加 貢献 支援 確保 改善 募集 教育 研究 生産 契約 調達 説明 報告 議論 判断 評価 分析 警戒 監視 抑止 共有 交換 合意 抗議 要請 表明 配備 運用 展開 飛行 航行 侵入 接近 着弾 落下 発表 公表 承知 認識 期待 注視 対処 防護 迎撃 探知 追尾 検証 指摘 協議 調査 移設 工事 負担 軽減 改正 提言 策定 改定 決定 署名 締結 訪問 出席 視察 進展 増加 減少 拡大 維持 向上 構築 深化 発展 実現 達成 努力 理解 対話 演習 警備 防空 哨戒 救助 輸送 補給 指揮 統合 同盟 交流 意見交換'.split(' ');
export const TOP_VERBS =
  '進める 示す 考える 高める 図る 深める 守る 取り組む 踏まえる 求める 受ける 続ける 見る 述べる 努める 伝える 含む 持つ 確かめる 見極める 備える 生かす 果たす 重ねる 築く 広げる 働きかける 申し上げる 聞く 話す 迎える 加える 始める 決める 変わる 増える 減る 強める 支える 取る 出す 見守る 引き上げる 整える 掲げる 打ち出す 向き合う 至る 及ぶ 務める 担う 抱える 訪れる 結ぶ 送る 届ける 集める 固める 受け止める 乗り越える 行う'.split(' ');
export const TOP_ADJ = '厳しい 新しい 大きい 難しい 強い 高い 多い 早い 深い 広い 著しい 幅広い 力強い 望ましい 少ない 低い 遠い 近い 長い 重い'.split(' ');
export const TOP_ADJV =
  '重要 必要 緊密 着実 大切 適切 確か 明らか 様々 具体的 積極的 不可欠 十分 可能 困難 深刻 重大 慎重 迅速 円滑 強固 安定的 効果的 継続的 主体的 戦略的 透明 公正 自由 健全 有意義 有効 喫緊 遺憾 残念'.split(' ');
export const TOP_ADVN = '今後 本日 現在 先日 昨日 当面 最近 今年 昨年 来年 今月 先月 今週 従来 以前 今日 明日 同日 翌日 年内'.split(' ');
export const TOP_ADVERBS = '引き続き 改めて 直ちに しっかり 極めて 特に 更に 既に 必ず 常に 一層 一段と 大変 決して 当然 随時 逐次 まず 早急 適時 何より 今一度 いかに'.split(' ');
export const TOP_COUNTRIES =
  '米国 中国 韓国 北朝鮮 ロシア 台湾 インド フィリピン 英国 フランス ドイツ イタリア カナダ ウクライナ ベトナム インドネシア シンガポール タイ マレーシア ニュージーランド オーストラリア イスラエル イラン 日本 モンゴル'.split(' ');
export const TOP_PLACES =
  '沖縄 尖閣 与那国 横須賀 佐世保 那覇 嘉手納 岩国 三沢 宮古島 石垣 奄美 馬毛島 北海道 東京 市ヶ谷 小笠原 硫黄島 普天間 辺野古 九州 対馬 舞鶴 千歳 百里 築城 新田原 南西 東シナ海 日本海 太平洋'.split(' ');
export const TOP_ORGS = '自衛隊 外務省 国連 防衛庁 内閣府 財務省 米国防総省 航空自衛隊 陸上自衛隊 海上自衛隊'.split(' ');
export const TOP_KATA =
  'ミサイル レーダー システム ネットワーク データ サイバー センサー ヘリコプター エンジン プロジェクト パートナー メッセージ プロセス スケジュール ルール リスク コスト インフラ セキュリティ テロ パトロール パイロット ミッション プログラム サプライ チェーン ステルス ロケット ドクトリン'.split(' ');

/** Domain terms: [canonical form, reading, part of speech]; the full-width form is derived. */
export const TERMS: Array<[string, string, string]> = [
  ['AI', 'エーアイ', '名詞,固有名詞,一般'],
  ['GCAP', 'ジーキャップ', '名詞,固有名詞,一般'],
  ['NATO', 'ナトー', '名詞,固有名詞,組織'],
  ['ASEAN', 'アセアン', '名詞,固有名詞,組織'],
  ['QUAD', 'クアッド', '名詞,固有名詞,一般'],
  ['F-35', 'エフサンジュウゴ', '名詞,固有名詞,一般'],
  ['PAC-3', 'パックスリー', '名詞,固有名詞,一般'],
  ['SM-3', 'エスエムスリー', '名詞,固有名詞,一般'],
  ['EEZ', 'イーイーゼット', '名詞,一般'],
  ['ミサイル', 'ミサイル', '名詞,一般'],
  ['レーダー', 'レーダー', '名詞,一般'],
  ['ドローン', 'ドローン', '名詞,一般'],
  ['イージス', 'イージス', '名詞,固有名詞,一般'],
  ['サイバー', 'サイバー', '名詞,一般'],
  ['ステルス', 'ステルス', '名詞,一般'],
  ['ヘリコプター', 'ヘリコプター', '名詞,一般'],
  ['スクランブル', 'スクランブル', '名詞,サ変接続'],
];

export const HALF_KATAKANA: Record<string, string> = (() => {
  const full = 'ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン';
  const half = 'ｦｧｨｩｪｫｬｭｮｯｰｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝ';
  const map: Record<string, string> = {};
  for (let i = 0; i < full.length; i++) map[full[i]!] = half[i]!;
  const voiced = 'ガギグゲゴザジズゼゾダヂヅデドバビブベボ';
  const plain = 'カキクケコサシスセソタチツテトハヒフヘホ';
  for (let i = 0; i < voiced.length; i++) map[voiced[i]!] = `${map[plain[i]!]}ﾞ`;
  const semi = 'パピプペポ';
  for (let i = 0; i < semi.length; i++) map[semi[i]!] = `${map['ハヒフヘホ'[i]!]}ﾟ`;
  map['ヴ'] = 'ｳﾞ';
  map['・'] = '･';
  return map;
})();

/** ASCII → full width (ＡＩ, Ｆ－３５), katakana → half width (ﾐｻｲﾙ). */
export function toFullWidthAscii(s: string): string {
  return s.replace(/[!-~]/gu, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}
export function toHalfWidthKatakana(s: string): string {
  return s.replace(/[ァ-ヴー・]/gu, (c) => HALF_KATAKANA[c] ?? c);
}

export let vocabCache: Vocabulary | null = null;

export function vocabulary(): Vocabulary {
  if (vocabCache) return vocabCache;
  vocabCache = buildVocabulary(loadLexicon());
  return vocabCache;
}

export function buildVocabulary(lex: Lexicon): Vocabulary {
  const entries = lex.entries;

  // One pass: entries by part of speech; for each surface its cheapest row, and the cheapest row read
  // differently (rival). When the cheapest row changes reading, the old one becomes a rival; a rival
  // may then be left that reads like the new cheapest row, which only makes the test below stricter.
  const byPos = new Map<string, LexEntry[]>();
  const surfaceIndex = new Map<string, number>();
  const best: LexEntry[] = [];
  const rival: number[] = [];
  const surfaceOf = new Int32Array(entries.length); // entry id → index into best/rival
  for (const e of entries) {
    const list = byPos.get(e.pos);
    if (list) list.push(e);
    else byPos.set(e.pos, [e]);
    const i = surfaceIndex.get(e.surface);
    if (i === undefined) {
      surfaceOf[e.id] = best.length;
      surfaceIndex.set(e.surface, best.length);
      best.push(e);
      rival.push(Infinity);
      continue;
    }
    surfaceOf[e.id] = i;
    const b = best[i]!;
    if (e.reading === b.reading) {
      if (e.cost < b.cost) best[i] = e;
    } else if (e.cost < b.cost) {
      rival[i] = Math.min(rival[i]!, b.cost);
      best[i] = e;
    } else rival[i] = Math.min(rival[i]!, e.cost);
  }
  /** The tokenizer would read this surface this way: the cheapest reading, and no close second. */
  const unambiguous = (e: LexEntry): boolean => {
    const i = surfaceOf[e.id]!;
    const b = best[i]!;
    return b.reading === e.reading && rival[i]! >= b.cost + AMBIGUITY_MARGIN;
  };

  // Vocabulary words, numbered in build order; one object per IPADIC row.
  const words: VWord[] = [];
  const made: Array<VWord | undefined> = new Array<VWord | undefined>(entries.length);
  const vword = (e: LexEntry): VWord => {
    let w = made[e.id];
    if (!w) {
      w = { surface: e.surface, base: e.base, reading: e.reading, pos: e.pos, key: words.length };
      words.push(w);
      made[e.id] = w;
    }
    return w;
  };

  /** A pool: rows of these parts of speech, deduplicated by surface, curated words first then by cost. */
  const pool = (pos: string, top: readonly string[], filter: (e: LexEntry) => boolean = () => true, minLength = 2, maxLength = 10): LexEntry[] => {
    const seen = new Set<string>();
    const list: LexEntry[] = [];
    for (const e of byPos.get(pos) ?? []) {
      const len = e.surface.length;
      if (len < minLength || len > maxLength || seen.has(e.surface)) continue;
      if (!PLAIN.test(e.surface) || !unambiguous(e) || !filter(e)) continue;
      seen.add(e.surface);
      list.push(e);
    }
    list.sort((a, b) => a.cost - b.cost);
    const index = new Map(list.map((e) => [e.surface, e] as const));
    const first = [...new Set(top.map((w) => index.get(w)).filter((e): e is LexEntry => e !== undefined))];
    const chosen = new Set(first);
    return [...first, ...list.filter((e) => !chosen.has(e))];
  };
  const zipf = (list: LexEntry[], s: number) => new ZipfPool(list.map(vword), s);

  const nouns = pool('名詞,一般', TOP_NOUNS);
  const kataTop = new Set(TOP_KATA);
  const kata = nouns.filter((e) => KATAKANA.test(e.surface) && e.surface.length >= 3);
  kata.sort((a, b) => Number(kataTop.has(b.surface)) - Number(kataTop.has(a.surface)));

  // Verbs and adjectives: group the conjugated rows of each lemma (base + conjugation type).
  const TA_DA: Record<string, ['た' | 'だ', 'て' | 'で', 'masu' | 'ta']> = {
    一段: ['た', 'て', 'masu'],
    '五段・サ行': ['た', 'て', 'masu'],
    'サ変・−スル': ['た', 'て', 'masu'],
    '五段・カ行イ音便': ['た', 'て', 'ta'],
    '五段・カ行促音便': ['た', 'て', 'ta'],
    '五段・タ行': ['た', 'て', 'ta'],
    '五段・ラ行': ['た', 'て', 'ta'],
    '五段・ワ行促音便': ['た', 'て', 'ta'],
    '五段・ガ行': ['だ', 'で', 'ta'],
    '五段・マ行': ['だ', 'で', 'ta'],
    '五段・バ行': ['だ', 'で', 'ta'],
    '五段・ナ行': ['だ', 'で', 'ta'],
  };
  const lemmasOf = (pos: string, types: (t: string) => boolean) => {
    const lemmas = new Map<string, Map<string, LexEntry[]>>();
    for (const e of byPos.get(pos) ?? []) {
      if (!types(e.conjType)) continue;
      const key = `${e.base}|${e.conjType}`;
      let forms = lemmas.get(key);
      if (!forms) lemmas.set(key, (forms = new Map()));
      const rows = forms.get(e.conjForm);
      if (rows) rows.push(e);
      else forms.set(e.conjForm, [e]);
    }
    return lemmas;
  };
  /** The row of a form; null when missing, read two ways within the lemma, or ambiguous overall. */
  const form = (forms: Map<string, LexEntry[]>, name: string): LexEntry | null => {
    const rows = forms.get(name);
    if (!rows) return null;
    // Variants of a form (高く, 高くっ) are fine: take the plain one; the same surface read two ways is not.
    const plain = name === '連用テ接続' ? rows.filter((r) => r.surface.endsWith('く')) : rows;
    const row = (plain.length > 0 ? plain : rows).reduce((a, b) => (b.cost < a.cost ? b : a));
    if (rows.some((r) => r.surface === row.surface && r.reading !== row.reading)) return null;
    return PLAIN.test(row.surface) && unambiguous(row) ? row : null;
  };
  /** Lemmas by the cost of their 基本形, curated ones first. */
  const ranked = <T extends { dict: LexEntry }>(list: T[], top: readonly string[]): T[] => {
    list.sort((a, b) => a.dict.cost - b.dict.cost);
    const first = [...new Set(top.map((w) => list.find((l) => l.dict.surface === w)).filter((l): l is T => l !== undefined))];
    const chosen = new Set(first);
    return [...first, ...list.filter((l) => !chosen.has(l))];
  };
  const verbRows: Array<{ dict: LexEntry; masu: LexEntry; taStem: LexEntry; ta: 'た' | 'だ'; te: 'て' | 'で' }> = [];
  for (const [key, forms] of lemmasOf('動詞,自立', (t) => t in TA_DA)) {
    const [ta, te, stem] = TA_DA[key.slice(key.indexOf('|') + 1)]!;
    const dict = form(forms, '基本形');
    const masu = form(forms, '連用形');
    const taStem = stem === 'masu' ? masu : form(forms, '連用タ接続');
    if (dict && masu && taStem && dict.surface.length >= 2) verbRows.push({ dict, masu, taStem, ta, te });
  }
  const adjRows: Array<{ dict: LexEntry; ku: LexEntry }> = [];
  for (const forms of lemmasOf('形容詞,自立', (t) => t === '形容詞・アウオ段' || t === '形容詞・イ段').values()) {
    const dict = form(forms, '基本形');
    const ku = form(forms, '連用テ接続');
    if (dict && ku && dict.surface.length >= 2) adjRows.push({ dict, ku });
  }

  // Fixed words of the patterns: `[surface]`, `[surface=base]`, `[surface=base@POS prefix]`.
  const needed = new Set(FIXED_SURFACES);
  const bySurface = new Map<string, LexEntry[]>();
  for (const e of entries) {
    if (!needed.has(e.surface)) continue;
    const list = bySurface.get(e.surface);
    if (list) list.push(e);
    else bySurface.set(e.surface, [e]);
  }
  const fixedCache = new Map<string, VWord>();
  let frozen = false;
  const fixed = (spec: string): VWord => {
    const hit = fixedCache.get(spec);
    if (hit) return hit;
    // Keys must not depend on which briefings a worker makes: every fixed word is resolved here, up front.
    if (frozen) throw new Error(`word spec [${spec}] is not in FIXED_SPECS`);
    const m = /^([^=@]+)(?:=([^@]+))?(?:@(.+))?$/u.exec(spec);
    if (!m) throw new Error(`bad word spec [${spec}]`);
    const [, surface, base, pos] = m;
    const rows = (bySurface.get(surface!) ?? []).filter(
      (e) => (!base || e.base === base) && (pos ? e.pos.startsWith(pos) : !/^(助詞|助動詞|記号)/u.test(e.pos)),
    );
    if (rows.length === 0) throw new Error(`IPADIC has no entry for [${spec}] (is "${surface}" listed in FIXED_SURFACES?)`);
    const row = vword(rows.reduce((a, b) => (b.cost < a.cost ? b : a)));
    fixedCache.set(spec, row);
    return row;
  };

  const term = (surface: string, base: string, reading: string, pos: string): VWord => {
    const w = { surface, base, reading, pos, key: words.length };
    words.push(w);
    return w;
  };
  const terms: Term[] = TERMS.map(([canonical, reading, pos]) => ({
    full: term(toFullWidthAscii(canonical), canonical, reading, pos),
    half: term(toHalfWidthKatakana(canonical), canonical, reading, pos),
  }));
  const counter = (specs: string[], min: number, max: number, decimals = false): Counter => ({
    words: specs.map(fixed),
    min,
    max,
    decimals,
  });
  const SUF = '@名詞,接尾,助数詞';
  const counters: Counter[] = [
    counter([`発=発${SUF}`], 1, 30),
    counter([`機=機${SUF}`], 1, 150),
    counter([`隻=隻${SUF}`], 1, 40),
    counter([`人=人${SUF}`], 2, 30000),
    counter([`名=名${SUF}`], 2, 5000),
    counter([`回=回${SUF}`], 1, 60),
    counter([`件=件${SUF}`], 1, 900),
    counter([`キロ=キロ${SUF}`], 10, 3500),
    counter([`メートル=メートル${SUF}`], 5, 9000),
    counter([`トン=トン${SUF}`], 100, 99000),
    counter(['億=億@名詞,数', `円=円${SUF}`], 1, 9999),
    counter(['兆=兆@名詞,数', `円=円${SUF}`], 1, 45, true),
    counter(['万=万@名詞,数', `人=人${SUF}`], 1, 300),
    counter([`か国=か国${SUF}`], 2, 50),
    counter([`％=％${SUF}`], 1, 40, true),
    counter([`時間=時間${SUF}`], 1, 72),
    counter([`か月=か月${SUF}`], 1, 36),
    counter([`両=両${SUF}`], 1, 200),
    counter([`基=基${SUF}`], 1, 50),
  ];

  const vocab: Omit<Vocabulary, 'size' | 'words'> = {
    noun: zipf(nouns, 1.0),
    kata: zipf(kata, 1.0),
    sahen: zipf(pool('名詞,サ変接続', TOP_SAHEN), 1.0),
    adjv: zipf(pool('名詞,形容動詞語幹', TOP_ADJV), 1.0),
    advn: zipf(pool('名詞,副詞可能', TOP_ADVN), 1.1),
    adverb: zipf(pool('副詞,一般', TOP_ADVERBS), 1.1),
    conj: new ZipfPool(CONJUNCTIONS.map((c) => fixed(`${c}@接続詞`)), 0.8),
    country: zipf(pool('名詞,固有名詞,地域,国', TOP_COUNTRIES), 1.0),
    place: zipf(pool('名詞,固有名詞,地域,一般', TOP_PLACES), 0.9),
    org: zipf(pool('名詞,固有名詞,組織', TOP_ORGS), 0.9),
    proper: zipf(pool('名詞,固有名詞,一般', []), 0.9),
    family: zipf(pool('名詞,固有名詞,人名,姓', [], (e) => HAN_ONLY.test(e.surface)), 0.9),
    given: zipf(pool('名詞,固有名詞,人名,名', [], (e) => HAN_ONLY.test(e.surface), 1), 0.9),
    verb: new ZipfPool(
      ranked(verbRows, TOP_VERBS).map((l) => ({ dict: vword(l.dict), masu: vword(l.masu), taStem: vword(l.taStem), ta: l.ta, te: l.te })),
      1.0,
    ),
    adj: new ZipfPool(
      ranked(adjRows, TOP_ADJ).map((l) => ({ dict: vword(l.dict), ku: vword(l.ku) })),
      1.0,
    ),
    terms,
    counters,
    fixed,
  };
  for (const spec of FIXED_SPECS) fixed(spec);
  for (const p of POSITIONS) for (const spec of [...p.titleWords, ...p.addrWords]) fixed(spec);
  frozen = true;
  return { ...vocab, words, size: words.length };
}
