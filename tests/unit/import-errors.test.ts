/**
 * Bad input is refused with the line and what to do about it: empty files, unreadable encodings,
 * no turns, dates that do not exist, unknown labels, labels with nothing after them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportError, formatImportError, importBytes, importText } from '../../src/import/index.ts';
import { FIXTURES, fixture } from '../fixtures/import/helpers.ts';

function errorOf(fn: () => unknown): ImportError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ImportError) return e;
    throw e;
  }
  throw new Error('expected an ImportError');
}
const fromFile = (name: string) => errorOf(() => importBytes(readFileSync(join(FIXTURES, 'errors', name))));

describe('error fixtures', () => {
  it.each([
    ['empty.txt', 1, /the file is empty/u, /copy the published transcript text/u],
    ['blank.txt', 1, /the file is empty/u, /UTF-8/u],
    ['no-turns.txt', 4, /^no turns found: the text has no section heading .* and no speaker label .*; found a date on line 4$/u, /記者 : \/ 大臣 : turns/u],
    ['bad-date.txt', 3, /impossible date: 令和5年2月29日 is not a real date/u, /correct it in the text file/u],
    ['era-ended.txt', 2, /平成31年5月1日 is after 平成 ended \(令和 began 2019-05-01\)/u, /correct it/u],
    ['weekday.txt', 3, /令和2年4月3日 was a 金曜日 \(2020-04-03\), but the text says \(木\)/u, /correct it/u],
    ['unknown-label.txt', 8, /unknown speaker label "広報官 :"/u, undefined],
    ['unknown-layout.txt', 1, /^cannot find a press conference in this text: no full date .*; found 3 lines of text and nothing else$/u, /docs\/import\.md/u],
  ])('%s → line %i', (name, line, message, hint) => {
    const e = fromFile(name);
    expect(e.line).toBe(line);
    expect(e.message).toMatch(message);
    if (hint) expect(e.hint).toMatch(hint);
    const printed = formatImportError(`tests/fixtures/import/errors/${name}`, e);
    expect(printed).toMatch(new RegExp(`^tests/fixtures/import/errors/${name.replace('.', '\\.')}:${line}: `, 'u'));
    expect(printed).not.toMatch(/\n\s+at /u);
  });

  it('the unknown-label message says how to fix it (the shared hint from labels.ts)', () => {
    expect(fromFile('unknown-label.txt').message).toMatch(/add the position to POSITIONS in src\/model\/vocabulary\.ts/u);
  });
});

describe('refusals that say exactly what is missing', () => {
  it('never says a line has no year when it has one, and says an era month has no day', () => {
    const inParens = errorOf(() => importText('外務大臣会見記録(令和7年(2025)11月)\n冒頭発言\n【北都新聞 森記者】質問です。'));
    expect(inParens.message).toMatch(/^no date for this press conference: .*; nearly: line 1 「令和7年\(2025\)11月」 has no day$/u);
    expect(inParens.message).not.toMatch(/has no year/u);
    const monthDay = errorOf(() => importText('会見の要旨（9月8日）\nQ:質問です。\nA:答えです。'));
    expect(monthDay.message).toMatch(/line 1 「9月8日」 has no year/u);
  });

  it('a heading in brackets is not called a speaker label', () => {
    const e = errorOf(() => importText('【海上幕僚長就任会見詳報】\n「本日は発表事項が2件ございます」'));
    expect(e.message).toMatch(/^cannot find a press conference in this text/u);
    expect(e.message).not.toMatch(/written like a speaker label/u);
  });
});

describe('other refusals', () => {
  it('a label with no statement after it', () => {
    const text = fixture('mod-old.txt').replace('A：引き続き、緊張感を持って職務に当たってまいります。', 'A：');
    const e = errorOf(() => importText(text));
    expect(e.message).toBe('speaker label "A：" has no statement after it');
    expect(e.line).toBe(11);
  });

  it('a MOD page whose 質疑応答 is empty', () => {
    const text = ['防衛大臣記者会見', '日時', '令和2年4月3日（金）09時30分～10時11分', '場所', '防衛省', '1 発表事項', 'なし', '2 質疑応答', 'ページの先頭へ戻る'].join('\n');
    const e = errorOf(() => importText(text));
    expect([e.line, e.message]).toEqual([3, expect.stringMatching(/^no turns found: its sections have no statement in them \(or only なし\) .*; found the title 「防衛大臣記者会見」 \(line 1\), a date on line 3, the section heading 「1 発表事項」 \(line 6\)$/u)]);
  });

  it('a 日時 label with no date', () => {
    const text = ['防衛大臣記者会見', '日時', '未定', '場所', '防衛省', 'Ｑ：質問です。', 'Ａ：答えです。'].join('\n');
    const e = errorOf(() => importText(text));
    expect([e.line, e.message]).toEqual([3, 'no date in 日時 "未定"']);
  });

  it('a news page without a date in its lead', () => {
    const text = ['会見の要旨（9月8日）', '防衛大臣は会見を行った。時間は未定。', '記者 :', '質問です。', '大臣 :', '答えです。'].join('\n');
    const e = errorOf(() => importText(text));
    // It points at the title, whose date has no year, and says what it did find.
    expect(e.line).toBe(1);
    expect(e.message).toBe(
      'no date for this press conference: no full date (令和7年9月8日, 2025年9月8日, or a 日時 line) before the transcript starts at line 3; ' +
        'found the title 「会見の要旨（9月8日）」 (line 1), 2 speaker labels from line 3; nearly: line 1 「9月8日」 has no year',
    );
    expect(e.hint).toMatch(/pass --date YYYY-MM-DD/u);
  });

  it('a 大臣会見概要 without a date', () => {
    const e = errorOf(() => importText(['大臣会見概要', '2 質疑応答', 'Q：質問です。', 'A：答えです。'].join('\n')));
    expect([e.line, e.message]).toEqual([
      2,
      'no date for this press conference: no full date (令和7年9月8日, 2025年9月8日, or a 日時 line) before the transcript starts at line 2; ' +
        'found the title 「大臣会見概要」 (line 1), 2 speaker labels from line 3, the section heading 「2 質疑応答」 (line 2)',
    ]);
  });

  it('an impossible time', () => {
    const text = ['大臣会見概要', '平成29年8月4日(25時37分〜25時40分)', 'Q：質問です。', 'A：答えです。'].join('\n');
    expect(errorOf(() => importText(text)).message).toMatch(/not a time of day/u);
  });

  it('a binary file', () => {
    const e = errorOf(() => importBytes(new Uint8Array([0x41, 0x0a, 0x42, 0x00, 0x43])));
    expect([e.line, e.message]).toEqual([2, 'the file contains NUL bytes: it is binary, not a text transcript']);
  });
});
