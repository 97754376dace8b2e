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
 *
 * Space of any kind around or inside a label (no-break, U+3000, thin, zero-width) matches as a space:
 * `記者\u00a0:` is `記者 :`. The words (roles, positions) are the tables of vocabulary.ts.
 */
import { ROLE_WORDS, splitPosition, type Role } from './vocabulary.ts';

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

/** Words that mark the first part of a reporter label as an outlet rather than a person. */
const OUTLET_HINT = /[A-Za-zＡ-Ｚａ-ｚ]|新聞|通信|放送|テレビ|ＴＶ|TV|タイムズ|ジャパン|日経|共同|時事|ラジオ|社$/u;

/**
 * Space in or around a label, of any kind: text copied from web pages brings no-break spaces, U+3000,
 * thin spaces and zero-width characters where the author typed a space (or nothing). Every Unicode
 * space separator (`\s`) but the line break, plus the zero-width ones: labels are matched on one line.
 */
const SP = String.raw`(?:[^\S\n]|[\u200b-\u200d\u2060\ufeff])`;
/** Joiners are nothing; a zero-width *space* still separates words (`NHK\u200b山田記者`). */
const JOINER = /[\u200c\u200d\u2060\ufeff]/gu;
const SPACE = /(?:[^\S\n]|\u200b)+/gu;
/** A character that may be part of a colon label's words. */
const WORD_CHAR = String.raw`[^\s\u200b-\u200d\u2060\ufeff:：、。，．「」『』()（）【】]`;

const COLON_LABEL = new RegExp(String.raw`^${SP}*(${WORD_CHAR}{1,20}?)(${SP}*)[:：]${SP}*`, 'u');
const LETTER_LABEL = new RegExp(String.raw`^${SP}*([QAＱＡ])${SP}*[:：]${SP}*(?:[(（]([^()（）\n]{1,30})[)）]${SP}*)?`, 'u');
const ANSWER_LABEL = new RegExp(String.raw`^${SP}*[AＡ]${SP}*[:：]${SP}*`, 'u');
const BRACKET_LABEL = new RegExp(String.raw`^${SP}*【([^】\n]{1,40})】${SP}*`, 'u');
const PAREN_LABEL = new RegExp(String.raw`^${SP}*[(（]([^()（）\n]{1,16})[)）]${SP}*`, 'u');
const EDGE_SPACE = new RegExp(String.raw`^${SP}+|${SP}+$`, 'gu');

/** The label as written, from a match that may include the space around it. */
function rawOf(matched: string): string {
  return matched.replace(EDGE_SPACE, '');
}

/** A label's words with every kind of space folded to one ASCII space, joiners removed. */
function foldSpaces(words: string): string {
  return words.replace(JOINER, '').replace(SPACE, ' ').trim();
}

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

  const split = splitPosition(words.replace(/ /gu, ''));
  // A name is letters (`上川`, `吉田`); `**` or `#` before a position is markup, not somebody.
  if (!split || !/^[\p{L}\p{N}・･]*$/u.test(split.name)) return null;
  const position = split.position.name;
  return split.name ? { role: 'official', name: split.name, position } : { role: 'official', position };
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
    const [matched, letterChar, outlet] = role === 'reporter' ? letter : [ANSWER_LABEL.exec(firstLine)![0], letter[1]];
    const cleanOutlet = outlet === undefined ? '' : foldSpaces(outlet);
    const label: Label = {
      raw: rawOf(matched),
      role,
      speaker: cleanOutlet ? `${letterChar}（${cleanOutlet}）` : letterChar!,
      ...(cleanOutlet ? { outlet: cleanOutlet } : {}),
    };
    return { kind: 'label', label, rest: text.slice(matched.length) };
  }

  const bracket = BRACKET_LABEL.exec(firstLine);
  if (bracket) {
    const words = foldSpaces(bracket[1]!);
    const c = classifyLabelWords(words);
    if (!c) return { kind: 'unknown', raw: rawOf(bracket[0]), words };
    return { kind: 'label', label: { raw: rawOf(bracket[0]), speaker: words, ...c }, rest: text.slice(bracket[0].length) };
  }

  const paren = PAREN_LABEL.exec(firstLine);
  if (paren) {
    const words = foldSpaces(paren[1]!);
    const c = classifyLabelWords(words);
    // Parentheses also open item numbers `（1）` and closers `(以上)`: only known words are labels.
    if (!c) return null;
    return { kind: 'label', label: { raw: rawOf(paren[0]), speaker: words, ...c }, rest: text.slice(paren[0].length) };
  }

  const colon = COLON_LABEL.exec(firstLine);
  if (colon) {
    const [matched, wordsRaw, spaceBefore] = colon;
    const words = foldSpaces(wordsRaw!);
    const c = classifyLabelWords(words);
    if (c) return { kind: 'label', label: { raw: rawOf(matched), speaker: words, ...c }, rest: text.slice(matched.length) };
    const aloneOnLine = matched.length === firstLine.length;
    const labelShaped = spaceBefore !== '' || aloneOnLine;
    // `10:13`, `https://…` and `注:本文` are text, not labels.
    if (labelShaped && !/^[0-9０-９]+$/u.test(words)) return { kind: 'unknown', raw: rawOf(matched), words };
  }
  return null;
}

/** How to tell the author to fix an unknown label; shared by the build and the importer. */
export function unknownLabelHint(m: { raw: string; words: string }): string {
  return (
    `unknown speaker label "${m.raw}": "${m.words}" is not a known role or position. ` +
    `Use a known label (記者, 大臣, 副大臣, 司会, Q/A, (問)/(答), 【… 記者】, a position such as 海上幕僚長), ` +
    `or add the position to POSITIONS in src/model/vocabulary.ts`
  );
}
