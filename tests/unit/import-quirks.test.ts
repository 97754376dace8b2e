/**
 * The quirks every layout shares: full-/half-width and NFKC-normalised pages, Shift_JIS and EUC-JP
 * files, era and western dates, `〜`/`～`/`~`, `(金)`/`(金曜日)`, `17時05分`/`10:13`, blank lines or
 * none, CRLF and BOM, labels alone or inline, and Markdown-significant characters that must stay text.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeBytes } from '../../src/import/decode.ts';
import { findDate, findTimeNote, findTimes } from '../../src/import/dates.ts';
import { ImportError } from '../../src/import/errors.ts';
import { importBytes, importText, renderMarkdown, type ImportedBriefing } from '../../src/import/index.ts';
import { makeLine } from '../../src/import/lines.ts';
import { escapeMarkdown, yamlScalar } from '../../src/import/markdown.ts';
import { parse as parseYaml } from 'yaml';
import { parseTranscript } from '../../src/archive/read.ts';
import { FIXTURES, SEED, fixture, readMarkdown } from '../fixtures/import/helpers.ts';

const LAYOUT_FIXTURES = [
  'news-inline-labels.txt',
  'mod-current.txt',
  'mod-current-rinji.txt',
  'mod-old.txt',
  'mod-old-twoline.txt',
  'mofa-multi.txt',
  'mofa-old.txt',
  'mod-markdown-chars.txt',
  'news-site-header-bare.txt',
  'news-statement-only.txt',
  'news-dated-heading.txt',
  'news-same-day.txt',
  'mod-old-title-date.txt',
  'mod-old-name-title.txt',
  'mod-old-jikan.txt',
  'mod-excerpt-note.txt',
  'mofa-contents-video.txt',
  'mofa-contents-lines.txt',
  'mofa-2002.txt',
  'copy-blog-qa.txt',
  'copy-blog-brackets.txt',
];

function nfkcDeep<T>(v: T): T {
  if (typeof v === 'string') return v.normalize('NFKC') as T;
  if (Array.isArray(v)) return v.map(nfkcDeep) as T;
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, nfkcDeep(x)])) as T;
  return v;
}
/** What must not change when the page comes in another width: everything but line numbers. */
function essence(bs: ImportedBriefing[]) {
  return bs.map((b) => ({
    fm: b.frontmatter,
    lead: b.lead,
    slug: b.slug,
    sections: b.sections.map((s) => ({
      heading: s.heading,
      kind: s.kind,
      topics: s.topics.map((t) => ({ heading: t.heading, turns: t.turns.map((u) => ({ role: u.role, label: u.label, paragraphs: u.paragraphs })) })),
    })),
  }));
}

describe('NFKC-normalised pages read the same', () => {
  it.each([...LAYOUT_FIXTURES, ...(SEED ? ['SEED'] : [])])('%s', (name) => {
    const text = name === 'SEED' ? readFileSync(SEED!, 'utf8') : fixture(name);
    const original = essence(importText(text));
    const normalised = essence(importText(text.normalize('NFKC')));
    // The credit is the importer's own wording, not the page's: it stays as it is.
    const credits = (xs: ReturnType<typeof essence>) => xs.map((x) => x.fm.source?.credit);
    expect(credits(normalised)).toEqual(credits(original));
    const withoutCredit = (xs: ReturnType<typeof essence>) => xs.map((x) => ({ ...x, fm: { ...x.fm, source: { ...x.fm.source, credit: '' } } }));
    expect(withoutCredit(normalised)).toEqual(nfkcDeep(withoutCredit(original)));
  });
});

describe('line breaks and spacing', () => {
  it.each(LAYOUT_FIXTURES)('%s: with no blank lines, doubled blank lines, CRLF or a BOM the result is the same', (name) => {
    const text = fixture(name);
    const expected = importText(text).map(renderMarkdown);
    expect(importText(text.replace(/\n{2,}/gu, '\n')).map(renderMarkdown)).toEqual(expected);
    expect(importText(text.replace(/\n/gu, '\n\n')).map(renderMarkdown)).toEqual(expected);
    expect(importText(text.replace(/\n/gu, '\r\n')).map(renderMarkdown)).toEqual(expected);
    expect(importBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)])).markdown).toEqual(expected);
  });

  it('a label alone on its line and the same label inline give the same statement', () => {
    const inline = importText(fixture('mod-old.txt'));
    const alone = importText(fixture('mod-old.txt').replace(/^([QA]：)/gmu, '$1\n'));
    expect(essence(alone)[0]!.sections).toEqual(essence(inline)[0]!.sections);
    expect(renderMarkdown(alone[0]!)).toContain('\n\nQ：\n本日の人事');
  });
});

describe('encodings', () => {
  it('a Shift_JIS file is detected, converted and imported like its UTF-8 original', () => {
    const sjis = importBytes(readFileSync(join(FIXTURES, 'mod-old-sjis.txt')));
    expect(sjis.encoding).toBe('shift_jis');
    expect(sjis.markdown).toEqual(importBytes(readFileSync(join(FIXTURES, 'mod-old.txt'))).markdown);
  });

  it('an EUC-JP file is detected too', () => {
    const euc = importBytes(readFileSync(join(FIXTURES, 'mofa-old-eucjp.txt')));
    expect(euc.encoding).toBe('euc-jp');
    expect(euc.markdown).toEqual(importBytes(readFileSync(join(FIXTURES, 'mofa-old.txt'))).markdown);
  });

  it('UTF-16 with a byte-order mark is read', () => {
    const text = fixture('mod-old.txt');
    const le = new Uint8Array(2 + text.length * 2);
    le.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) {
      le[2 + 2 * i] = text.charCodeAt(i) & 0xff;
      le[3 + 2 * i] = text.charCodeAt(i) >> 8;
    }
    expect(decodeBytes(le)).toEqual({ text, encoding: 'utf-16le' });
  });

  it('a saved page re-encoded without its charset declaration being updated reads by its bytes, with a note', () => {
    const sjis = readFileSync(join(FIXTURES, 'news-page-sjis.html'));
    const original = importBytes(sjis);
    expect([original.encoding, original.declaredBy, original.mismatch]).toEqual(['shift_jis', '<meta>', undefined]);
    // The same page saved again as UTF-8, still saying charset=Shift_JIS.
    const utf8 = new TextEncoder().encode(new TextDecoder('shift_jis').decode(sjis));
    const resaved = importBytes(utf8);
    expect([resaved.encoding, resaved.mismatch]).toEqual(['utf-8', '<meta> declared Shift_JIS, but its bytes are utf-8']);
    expect(resaved.markdown).toEqual(original.markdown);
    // Shift_JIS bytes that say they are UTF-8.
    const wrong = new TextEncoder().encode('<meta charset="utf-8">');
    const at = Buffer.from(sjis).indexOf(Buffer.from('<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">'));
    const mislabelled = new Uint8Array([...sjis.subarray(0, at), ...wrong, ...sjis.subarray(at)]);
    const read = importBytes(mislabelled);
    expect([read.encoding, read.mismatch]).toEqual(['shift_jis', '<meta> declared utf-8, but its bytes are shift_jis']);
    expect(read.markdown).toEqual(original.markdown);
  });

  it('bytes that are neither UTF-8, Shift_JIS nor EUC-JP are refused at their line', () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('大臣会見概要\n平成29年\n'), 0x80, 0xff, 0xfe, 0x0a]);
    const e = (() => { try { decodeBytes(bytes); } catch (err) { return err; } })() as ImportError;
    expect(e).toBeInstanceOf(ImportError);
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/not UTF-8 \(byte 0x80 at offset \d+ is invalid\)/u);
    expect(e.hint).toMatch(/save the file as UTF-8/u);
  });
});

describe('dates', () => {
  it.each([
    ['令和7(2025)年9月8日(月)17時05分', '2025-09-08'],
    ['令和元年5月1日(水)', '2019-05-01'],
    ['平成31年4月30日(火曜日)', '2019-04-30'],
    ['平成29年8月4日(10時37分〜10時40分)', '2017-08-04'],
    ['(令和6年9月13日(金曜日)10時55分 於:本省会見室)', '2024-09-13'],
    ['令和２年４月３日（金）'.normalize('NFKC'), '2020-04-03'],
    ['昭和64年1月7日', '1989-01-07'],
    ['2025年9月8日(月)', '2025-09-08'],
  ])('%s → %s', (text, iso) => {
    expect(findDate(text, 1)?.iso).toBe(iso);
  });

  it.each([
    ['令和5年2月29日', /impossible date: 令和5年2月29日 is not a real date/u],
    ['平成31年5月1日', /after 平成 ended/u],
    ['令和元年4月30日', /before 令和 began/u],
    ['令和7(2024)年9月8日', /令和7年 is 2025, not 2024/u],
    ['令和7年9月8日(火)', /was a 月曜日 \(2025-09-08\), but the text says \(火\)/u],
    ['2025年2月30日', /impossible date/u],
  ])('%s is refused', (text, why) => {
    expect(() => findDate(text, 7)).toThrow(why);
    try {
      findDate(text, 7);
    } catch (e) {
      expect((e as ImportError).line).toBe(7);
      expect((e as ImportError).hint).toMatch(/correct it in the text file/u);
    }
  });

  it('no date is null', () => {
    expect(findDate('内容は、以下の通り。', 1)).toBeNull();
  });
});

describe('times', () => {
  it.each([
    ['17時05分~17時19分(現地時間)', { start: '17:05', end: '17:19' }],
    ['09時30分～10時11分'.normalize('NFKC'), { start: '09:30', end: '10:11' }],
    ['(10時37分〜10時40分)', { start: '10:37', end: '10:40' }],
    ['10:13~10:20', { start: '10:13', end: '10:20' }],
    ['10時55分 於:本省会見室)', { start: '10:55' }],
    ['9時5分から9時30分', { start: '09:05', end: '09:30' }],
    ['10時~11時', { start: '10:00', end: '11:00' }],
  ])('%s', (text, expected) => {
    const t = findTimes(text, 1)!;
    expect({ start: t.start, ...(t.end ? { end: t.end } : {}) }).toEqual(expected);
  });

  it('a time that is not a time of day is refused', () => {
    expect(() => findTimes('25時10分~26時', 4)).toThrow(/not a time of day/u);
  });

  it('reads time notes', () => {
    expect(findTimeNote('17時05分~17時19分(現地時間)')).toBe('現地時間');
    expect(findTimeNote('10時05分(日本時間)')).toBe('日本時間');
    expect(findTimeNote('10時05分')).toBeUndefined();
  });
});

describe('Markdown-significant characters stay text', () => {
  const [b] = importText(fixture('mod-markdown-chars.txt'));
  const md = renderMarkdown(b!);

  it('renders every paragraph to exactly the published text (remark + GFM)', () => {
    const paragraphs = readMarkdown(md).blocks.filter((x) => x.type !== 'heading');
    expect(paragraphs.every((x) => x.type === 'paragraph')).toBe(true);
    expect(paragraphs.map((x) => x.text)).toEqual([
      '# 本日の発表は3点です。',
      '1. 統合防空ミサイル防衛の強化',
      '2) 装備品の調達',
      '- 隊員の処遇改善',
      '> 以上、要点をまとめました。',
      'Ｑ：（時事通信）資料の*注記*と_補足_の意味を教えてください。',
      'Ａ：資料中の<b>太字</b>や[参考](https://example.jp)の表記は、原文のとおりです。',
      'Ｑ：日程は10時~11時、14時~15時でよいですか。',
      'Ａ：\n===',
      'そのとおりです。',
      'Ｑ：C:\\docs\\plan のような表記や &amp; の扱いはどうなりますか。',
      'Ａ：+ 記号も含めて、そのまま掲載します。',
      '***',
      '| 区分 | 人数 |',
      '`code` と ~~取消~~ も同様です。',
    ]);
  });

  it('the site reads the same turns', async () => {
    const read = await parseTranscript('x.md', md, 'x');
    const turns = read.body.sections.flatMap((s) => s.topics.flatMap((t) => t.turns));
    expect(turns.map((t) => [t.role, t.paragraphs])).toEqual([
      ['official', ['# 本日の発表は3点です。', '1. 統合防空ミサイル防衛の強化', '2) 装備品の調達', '- 隊員の処遇改善', '> 以上、要点をまとめました。']],
      ['reporter', ['資料の*注記*と_補足_の意味を教えてください。']],
      ['official', ['資料中の<b>太字</b>や[参考](https://example.jp)の表記は、原文のとおりです。']],
      ['reporter', ['日程は10時~11時、14時~15時でよいですか。']],
      ['official', ['===', 'そのとおりです。']],
      ['reporter', ['C:\\docs\\plan のような表記や &amp; の扱いはどうなりますか。']],
      ['official', ['+ 記号も含めて、そのまま掲載します。', '***', '| 区分 | 人数 |', '`code` と ~~取消~~ も同様です。']],
    ]);
  });

  it('leaves a single ~ alone (the seed’s 17時05分~17時19分) but escapes pairs', () => {
    expect(escapeMarkdown('17時05分~17時19分')).toBe('17時05分~17時19分');
    expect(escapeMarkdown('10時~11時、14時~15時')).toBe('10時\\~11時、14時\\~15時');
  });
});

describe('frontmatter scalars', () => {
  it.each(['防衛大臣記者会見', 'title: with colon', '[bracket', '# hash', 'yes', '123', '2025-09-08', '- dash', 'a #b', '"quoted"', "it's", ' padded ', ''])(
    '%j reads back as the same string',
    (s) => {
      expect(parseYaml(`k: ${yamlScalar(s)}\n`).k).toBe(s);
    },
  );
  it('quotes times and leaves plain Japanese plain', () => {
    expect(yamlScalar('17:05', true)).toBe('"17:05"');
    expect(yamlScalar('17:05')).toBe('"17:05"');
    expect(yamlScalar('ソウルのロッテホテル')).toBe('ソウルのロッテホテル');
  });
});

describe('a PDF’s letter-spaced text', () => {
  it.each([
    ['件 名 : 大 臣 会 見 概 要', '件名:大臣会見概要'],
    ['件 名: 大 臣 会 見 概 要', '件名:大臣会見概要'],
    ['日 時 平成 28 年 9 月 20 日 1051~1105', '日時 平成 28 年 9 月 20 日 1051~1105'],
    ['場 所 記者会見室', '場所 記者会見室'],
    ['日 本 の 防 衛', '日本の防衛'],
    ['日 米 の 協 議 は 続 く。 そ う 思 う', '日 米 の 協 議 は 続 く。 そ う 思 う'],
    ['Q: 日 時 を 教 え て', 'Q: 日 時 を 教 え て'],
    ['あ: い う 。', 'あ: い う 。'],
    ['場 所 : 記 者 会 見 室', '場所:記者会見室'],
    ['日 曜 の 予 定 は', '日曜の予定は'],
    ['日 本 記者会見', '日 本 記者会見'],
  ])('%j reads as %j', (raw, text) => {
    expect(makeLine(0, 1, raw).text).toBe(text);
  });
});

