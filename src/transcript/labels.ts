/**
 * Speaker labels: the one table of how published transcripts introduce a turn.
 *
 * Used by the remark plugin (Markdown in `content/`) and by the importer (plain text
 * copied from published pages); there is no second copy.
 *
 * Recognised at the start of a paragraph (or line, for the importer):
 * - colon labels   `記者 :` `大臣：` `海上幕僚長 :` — half/full-width colon, spaces optional,
 *                  inline (`記者 :今回の…`) or alone on the line;
 * - letter labels  `Q:` `A:` `Ｑ：` `Ａ：`, a question optionally followed by its outlet `Ｑ：（朝日新聞）`;
 * - bracket labels `【記者】` `【上川大臣】` `【NHK 五十嵐記者】` (outlet + name);
 * - paren labels   `(問)` `(答)` `（問）` `（答）` `(外務大臣)` `（司会）`.
 *
 * A bracket label, or a colon label written like one (space before the colon, or nothing after it),
 * whose words are not in the table is reported as `unknown` so that callers can refuse it instead of
 * guessing; anything else that merely looks like `word:` is ordinary text.
 */
import type { Role } from './model.ts';

export interface Label {
  /** The label exactly as written, delimiters included (`記者 :`, `Ｑ：（朝日新聞）`, `【NHK 五十嵐記者】`). */
  raw: string;
  role: Role;
  /** Display form: the label's words with the outlet in brackets (`記者`, `Ｑ（朝日新聞）`, `NHK 五十嵐記者`). */
  speaker: string;
  outlet?: string;
  name?: string;
  /** The position the label names, when it names one (`大臣`, `海上幕僚長`, `外務大臣`). */
  position?: string;
}

export type LabelMatch =
  | { kind: 'label'; label: Label; /** Text after the label on the same line, trimmed at the start. */ rest: string }
  | { kind: 'unknown'; raw: string; words: string };

/** Exact words that stand for a role on their own. */
const ROLE_WORDS: Record<string, Role> = {
  記者: 'reporter',
  質問者: 'reporter',
  問: 'reporter',
  Q: 'reporter',
  司会: 'moderator',
  司会者: 'moderator',
  進行: 'moderator',
  答: 'official',
  A: 'official',
};

/**
 * Positions of people who hold (or answer at) a press conference, longest first so that
 * `上川外務大臣` splits into name 上川 + position 外務大臣 rather than 上川外務 + 大臣.
 */
const POSITIONS = [
  '内閣総理大臣', '内閣官房長官', '防衛大臣政務官', '外務大臣政務官', '防衛事務次官', '防衛審議官',
  '統合幕僚長', '陸上幕僚長', '海上幕僚長', '航空幕僚長', '防衛副大臣', '外務副大臣', '外務報道官',
  '防衛大臣', '外務大臣', '大臣政務官', '事務次官', '官房長官', '総理大臣', '報道官', '副大臣', '政務官',
  '幕僚長', '審議官', '報道室長', '広報室長', '大臣', '長官', '次官', '総理', '局長', '部長', '室長',
  '参事官', '司令官', '議長', '補佐官',
].sort((a, b) => b.length - a.length);

/** Words that mark the first part of a reporter label as an outlet rather than a person. */
const OUTLET_HINT = /[A-Za-zＡ-Ｚａ-ｚ]|新聞|通信|放送|テレビ|ＴＶ|TV|タイムズ|ジャパン|日経|共同|時事|ラジオ|社$/u;

const SPACE = /[\s\u3000]+/gu;
const COLON_LABEL = /^([^\s\u3000:：、。，．「」『』()（）【】]{1,20}?)([ \t\u3000]*)[:：][ \t\u3000]*/u;
const LETTER_LABEL = /^([QAＱＡ])[ \t\u3000]*[:：][ \t\u3000]*(?:[(（]([^()（）\n]{1,30})[)）][ \t\u3000]*)?/u;
const BRACKET_LABEL = /^【([^】\n]{1,40})】[ \t\u3000]*/u;
const PAREN_LABEL = /^[(（]([^()（）\n]{1,16})[)）][ \t\u3000]*/u;

function toHalfWidthAscii(s: string): string {
  return s.replace(/[Ａ-Ｚａ-ｚ０-９]/gu, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

interface Classified {
  role: Role;
  outlet?: string;
  name?: string;
  position?: string;
}

/**
 * Decide what a label's words mean, or null when they are not a speaker we know.
 * `words` has its white space folded to single ASCII spaces.
 */
export function classifyLabelWords(words: string): Classified | null {
  const bare = toHalfWidthAscii(words);
  const exact = ROLE_WORDS[bare];
  if (exact) return { role: exact };

  if (bare.endsWith('記者') || bare.endsWith('記者クラブ')) {
    const prefix = words.replace(/記者(クラブ)?$/u, '').trim();
    if (prefix === '') return { role: 'reporter' };
    const parts = prefix.split(' ');
    if (parts.length >= 2) return { role: 'reporter', outlet: parts.slice(0, -1).join(' '), name: parts.at(-1)! };
    return OUTLET_HINT.test(prefix) ? { role: 'reporter', outlet: prefix } : { role: 'reporter', name: prefix };
  }
  if (/^司会/u.test(bare)) return { role: 'moderator' };

  const compact = words.replace(/ /gu, '');
  for (const position of POSITIONS) {
    if (!compact.endsWith(position)) continue;
    const name = compact.slice(0, -position.length);
    return name ? { role: 'official', name, position } : { role: 'official', position };
  }
  return null;
}

/**
 * Match a speaker label at the start of `text` (a paragraph or a line). Returns null when the text
 * does not start with anything label-like.
 */
export function matchLabel(text: string): LabelMatch | null {
  const firstLine = text.split('\n', 1)[0]!;

  const letter = LETTER_LABEL.exec(firstLine);
  if (letter) {
    const role: Role = /[QＱ]/u.test(letter[1]!) ? 'reporter' : 'official';
    // Only a question names an outlet; brackets after `Ａ：` open the answer's own text.
    const [raw, letterChar, outlet] = role === 'reporter' ? letter : [/^[AＡ][ \t\u3000]*[:：][ \t\u3000]*/u.exec(firstLine)![0], letter[1]];
    const cleanOutlet = outlet?.replace(SPACE, ' ').trim();
    const label: Label = {
      raw: raw.trimEnd(),
      role,
      speaker: cleanOutlet ? `${letterChar}（${cleanOutlet}）` : letterChar!,
      ...(cleanOutlet ? { outlet: cleanOutlet } : {}),
    };
    return { kind: 'label', label, rest: text.slice(raw.length) };
  }

  const bracket = BRACKET_LABEL.exec(firstLine);
  if (bracket) {
    const words = bracket[1]!.replace(SPACE, ' ').trim();
    const c = classifyLabelWords(words);
    if (!c) return { kind: 'unknown', raw: `【${bracket[1]}】`, words };
    return { kind: 'label', label: { raw: `【${bracket[1]}】`, speaker: words, ...c }, rest: text.slice(bracket[0].length) };
  }

  const paren = PAREN_LABEL.exec(firstLine);
  if (paren) {
    const words = paren[1]!.replace(SPACE, ' ').trim();
    const c = classifyLabelWords(words);
    // Parentheses also open item numbers `（1）` and closers `(以上)`: only known words are labels.
    if (!c) return null;
    return { kind: 'label', label: { raw: paren[0].trimEnd(), speaker: words, ...c }, rest: text.slice(paren[0].length) };
  }

  const colon = COLON_LABEL.exec(firstLine);
  if (colon) {
    const [raw, wordsRaw, spaceBefore] = colon;
    const words = wordsRaw!;
    const c = classifyLabelWords(words);
    if (c) return { kind: 'label', label: { raw: raw.trimEnd(), speaker: words, ...c }, rest: text.slice(raw.length) };
    const aloneOnLine = raw.length === firstLine.length;
    const labelShaped = (spaceBefore ?? '') !== '' || aloneOnLine;
    // `10:13`, `https://…` and `注:本文` are text, not labels.
    if (labelShaped && !/^[0-9０-９]+$/u.test(words)) return { kind: 'unknown', raw: raw.trimEnd(), words };
  }
  return null;
}

/** How to tell the author to fix an unknown label; shared by the build and the importer. */
export function unknownLabelHint(m: { raw: string; words: string }): string {
  return (
    `unknown speaker label "${m.raw}": "${m.words}" is not a known role or position. ` +
    `Use a known label (記者, 大臣, 副大臣, 司会, Q/A, (問)/(答), 【… 記者】, a position such as 海上幕僚長), ` +
    `or add the position to POSITIONS in src/transcript/labels.ts`
  );
}
