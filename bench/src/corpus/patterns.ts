/**
 * Sentence patterns: the phrases of officials, reporters and leads, with slots the writer fills from the
 * vocabulary's pools.
 */
import type { VWord } from './vocabulary.ts';

export const CONJUNCTIONS = 'また さらに そして しかし 一方 なお ただ したがって 次に 併せて つまり ですから ただし そのうえで まずは 例えば 及び 並びに'.split(' ');

/**
 * Pattern notation: `{slot}` a word drawn from a pool (see SLOTS), `{macro}` a fixed phrase (MACROS),
 * `[surface=base@POS]` a fixed IPADIC word (base and POS optional, to pick the row), anything else glue.
 */
export const MACROS: Record<string, string> = {
  shi: '[し=する@動詞,自立]',
  sase: '[さ=する@動詞,自立]せ',
  iru: '[い=いる@動詞,非自立]',
  iruru: '[いる=いる@動詞,非自立]',
  ori: '[おり=おる@動詞,非自立]',
  mairi: '[まいり=まいる@動詞,非自立]',
  itadaki: '[いただき=いただく@動詞,非自立]',
  itadai: '[いただい=いただく@動詞,非自立]',
  kudasai: '[ください=くださる@動詞,非自立]',
  omoi: '[思い=思う@動詞,自立]',
  kangae: '[考え=考える@動詞,自立]',
  ari: '[あり=ある@動詞,自立]',
  aru: '[ある=ある@動詞,自立]',
  itashi: '[いたし=いたす@動詞,自立]',
  iki: '[いき=いく@動詞,非自立]',
  naっ: '[なっ=なる@動詞,自立]',
};

export const SLOTS = [
  'np', 'n', 'k', 's', 'an', 'a', 'aku', 'ad', 'advn', 'pl', 'co', 'or', 'pr', 't', 'num', 'conj',
  'vm', 'vta', 'vte', 'vd', 'addr', 'fam',
] as const;
export type Slot = (typeof SLOTS)[number];

export const OFFICIAL = [
  '{np}を{vm}ました。',
  '{np}は{np}を{vm}ました。',
  '{np}を{s}{itashi}ました。',
  '{np}について{s}を[行い=行う@動詞]ました。',
  '{np}の{s}を[実施]{sase}て{itadaki}ます。',
  '{np}が{a}と{kangae}て{ori}ます。',
  '{np}は{an}であると[認識]{shi}て{ori}ます。',
  '{np}を{s}{shi}て{mairi}たいと{kangae}て{ori}ます。',
  '{np}が{vta}ところでございます。',
  '{np}と{np}の{s}に{vm}たいと{omoi}ます。',
  '{np}の{s}が{aku}{naっ}て{ori}ます。',
  '{np}は{an}な{n}であります。',
  '{num}の{np}を{vta}ということでございます。',
  '{np}に{vm}、{np}を{s}[する=する@動詞,自立][必要]があると{kangae}て{ori}ます。',
  '{co}との{s}を{aku}{s}{shi}て{mairi}ます。',
  '{np}の{s}については、{np}が{vta}と[承知]{shi}て{ori}ます。',
  '{np}を{vte}{np}を{s}{shi}て{iki}たいと{omoi}ます。',
  '{np}が{vta}ことは{an}であると{omoi}ます。',
  '{np}で{num}の{np}が{vta}ことを[確認]{shi}て{ori}ます。',
  '{t}を[含め=含める@動詞]た{np}の{s}を[進め=進める@動詞]て{mairi}ます。',
  '{np}につきましては、{np}の{s}を{vte}{ori}ます。',
  '{pl}において{np}を{vta}ところであります。',
  '{ad}{np}を{vm}ました。',
  '{np}は{np}にとって{a}{n}であります。',
  '{np}の{s}に[向け=向ける@動詞]て、{np}と{aku}{s}{shi}て{iki}たいと{kangae}て{ori}ます。',
  '{or}の{s}については、{vta}{n}を[踏まえ=踏まえる@動詞]て{s}{shi}て{mairi}ます。',
  '{np}を{s}{sase}て{itadai}たところでございます。',
  '{np}については[現在]{s}中でありまして、{s}を[待っ=待つ@動詞]て{s}{shi}て{mairi}たいと{omoi}ます。',
  '[引き続き=引き続き@副詞]、{np}を{s}{shi}て{mairi}ます。',
  '{np}が{vm}ましたので、{np}を{vm}ました。',
  '{np}と{np}が{s}{shi}て{ori}、{np}を{vm}ます。',
  '{np}の{num}が{vta}ことは[事実]でございます。',
  '{np}は{a}ですが、{np}を{s}{shi}て{mairi}ます。',
  '{np}の{s}を{vte}{iruru}ところであります。',
  '{np}につきまして{s}を[申し上げ=申し上げる@動詞]ます。',
  '{co}の{np}が{vta}ことを[受け=受ける@動詞]、{np}の{s}を{vm}ました。',
  '{t}の{s}については、{np}を{vm}つつ{an}に{s}{shi}て{mairi}ます。',
  '{np}に{num}の{np}を{s}{shi}、{np}を{vm}ました。',
  '{fam}[大臣]との{s}では、{np}について{an}な{s}を{vm}ました。',
  '{np}は{aku}、{np}が{vta}ことも[事実]であります。',
  '{np}の{s}は{an}であり、{np}を{s}{shi}て{iki}ます。',
  '{pl}の{np}で{s}を{vm}、{np}を[確認]{itashi}ました。',
  '{np}として{np}を{vm}、{np}に{s}{shi}て{ori}ます。',
  '{np}が{vd}ことは{a}と{omoi}ます。',
  '{np}を{vd}{n}が{vta}と[聞い=聞く@動詞]て{ori}ます。',
  '{np}による{s}は{an}な{s}であります。',
  '{np}の{s}が{vta}ことを[歓迎=歓迎@名詞]{itashi}ます。',
  '{num}を{vta}{np}については、{s}を{vte}{iruru}ところでございます。',
];

export const OFFICIAL_SHORT = [
  '{n}を{vm}ました。',
  '{s}{shi}て{ori}ます。',
  '{n}は{an}です。',
  '{conj}、{n}を{vm}ます。',
  '{n}が{vta}ところです。',
  '{s}を[確認]{shi}ました。',
  '{ad}{s}{itashi}ます。',
  '{n}と{s}を{vm}ました。',
];

export const OPENERS = [
  '{conj}、',
  '{conj}、',
  '{advn}、',
  '{advn}は、',
  '{np}につきましては、',
  '{np}に関しましては、',
  '{co}との{s}において、',
  '{np}を{vm}、',
  '{np}が{vta}ことを[受け=受ける@動詞]、',
  '{np}の{s}に[向け=向ける@動詞]て、',
  '{np}を[踏まえ=踏まえる@動詞]、',
  '{num}の{np}について、',
  '{ad}、',
  '{t}の{s}については、',
  '{np}と{np}の{s}を通じて、',
  '{np}で{vte}、',
];

export const CONTEXT = [
  '{np}が{vta}との[報道]が{ari}ます。',
  '{np}について{vta}と[聞い=聞く@動詞]て{ori}ます。',
  '{co}の{np}が{vta}ことについて{s}が[出=出る@動詞]て{iru}ます。',
  '{num}の{np}を{vta}と[報じ=報じる@動詞]られて{iru}ます。',
  '{pl}で{np}が{vta}ということです。',
  '{ad}{np}の{s}が{vm}ました。',
  '{t}の{s}を[巡っ=巡る@動詞]ては、{np}が{a}という{s}も{ari}ます。',
  '{or}が{vta}{np}について[伺い=伺う@動詞]ます。',
  '{fam}[議員]は{np}について{vta}と[指摘]{shi}て{iru}ます。',
  '{fam}[知事]は{np}の{s}について{a}と[発言]{shi}て{iru}ます。',
  '{np}の{s}は{num}に{vta}ということです。',
  '[先ほど]の{s}に[関連]{shi}て、{np}について[伺い=伺う@動詞]ます。',
  '{np}では{np}が{aku}{naっ}て{iru}ます。',
  '{co}と{co}の{s}が{vta}ことに{s}の{n}が{vta}と[思い=思う@動詞]ます。',
];

export const QUESTIONS = [
  '{np}について、{addr}の[見解]をお[聞かせ=聞かす@動詞]{kudasai}。',
  '{np}をどのようにお{kangae}でしょうか。',
  '{np}は{vm}ますか。',
  '{np}の{s}について、{addr}はどう{vm}ますか。',
  '{np}に{vta}{np}の{s}は{vd}のでしょうか。',
  '{np}についての{s}を[教え=教える@動詞]て{kudasai}。',
  '{np}が{vta}ということですが、{addr}の[受け止め=受け止める@動詞]を[伺い=伺う@動詞]たいと{omoi}ます。',
  '{np}について、{s}の{n}は{aru}のでしょうか。',
  '{co}との{s}を{vm}ますか、[それとも@接続詞]{s}を{vm}ますか。',
  '{np}の{s}について{addr}のお{kangae}をお[聞かせ=聞かす@動詞]{kudasai}。',
  '{num}の{np}は{a}という[指摘]も{ari}ますが、[いかが@名詞]でしょうか。',
  '{t}の{s}について、{np}の{s}を{vm}[予定]は{ari}ますか。',
  '{np}を{s}[する=する@動詞,自立][考え=考え@名詞]は{ari}ますか。',
];

export type Token = { kind: 0; text: string } | { kind: 1; word: VWord } | { kind: 2; slot: Slot };
export type Pattern = readonly Token[];

/** Words of the lead paragraph. */
export const LEAD_WORDS = {
  nen: '年=年@名詞,接尾,助数詞',
  gatsu: '月=月@名詞,接尾,一般',
  nichi: '日=日@名詞,接尾,助数詞',
  ji: '時=時@名詞,接尾,助数詞',
  fun: '分=分@名詞,接尾,助数詞',
  heisei: '平成=平成@名詞,固有名詞,一般',
  teirei: '定例',
  rinji: '臨時=臨時@名詞,一般',
  kisha: '記者',
  kaiken: '会見=会見@名詞,サ変接続',
  jisshi: '実施',
  shi: 'し=する@動詞,自立',
  naiyou: '内容',
  ika: '以下=以下@名詞',
  toori: '通り=通り@名詞,一般',
} as const;

/** Every `[surface=base@POS]` word used anywhere, resolved when the vocabulary is built. */
export const FIXED_SPECS: string[] = [
  ...new Set(
    [...Object.values(MACROS), ...OFFICIAL, ...OFFICIAL_SHORT, ...OPENERS, ...CONTEXT, ...QUESTIONS].flatMap((p) =>
      [...p.matchAll(/\[([^\]]+)\]/gu)].map((m) => m[1]!),
    ),
  ),
  ...Object.values(LEAD_WORDS),
];

/** Surfaces the fixed words need (counters and conjunctions are resolved too, by buildVocabulary). */
export const FIXED_SURFACES: string[] = [
  ...FIXED_SPECS.map((spec) => spec.split(/[=@]/u)[0]!),
  ...CONJUNCTIONS,
  ...'発 機 隻 人 名 回 件 キロ メートル トン 億 円 兆 万 か国 ％ 時間 か月 両 基'.split(' '),
  ...'防衛 大臣 副 政務 官 事務次官 統合 陸上 海上 航空 幕僚 長 省 報道'.split(' '),
];

export function compile(pattern: string, fixed: (spec: string) => VWord): Pattern {
  const expanded = pattern.replace(/\{([^}]+)\}/gu, (m, name: string) => MACROS[name] ?? m);
  const tokens: Token[] = [];
  for (const m of expanded.matchAll(/\{([^}]+)\}|\[([^\]]+)\]|([^{[]+)/gu)) {
    if (m[1] !== undefined) {
      if (!(SLOTS as readonly string[]).includes(m[1])) throw new Error(`unknown slot {${m[1]}} in "${pattern}"`);
      tokens.push({ kind: 2, slot: m[1] as Slot });
    } else if (m[2] !== undefined) tokens.push({ kind: 1, word: fixed(m[2]) });
    else tokens.push({ kind: 0, text: m[3]! });
  }
  return tokens;
}
