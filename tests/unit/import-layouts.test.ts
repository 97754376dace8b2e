/**
 * Each published layout, from fixtures written for it (tests/fixtures/import/*.txt, invented text):
 * frontmatter, sections, topics, every statement in the right turn, no page chrome — and the
 * written Markdown reads back through the site's own reader (src/archive/read.ts) to the same turns.
 */
import { describe, expect, it } from 'vitest';
import { importText, readText, renderMarkdown } from '../../src/import/index.ts';
import { expectNoChrome, expectSiteReadsSame, outline, turns } from '../fixtures/import/expect.ts';
import { fixture } from '../fixtures/import/helpers.ts';

describe('news layout (the seed’s): inline labels, 発表事項, a position label, 定例', () => {
  const [b] = importText(fixture('news-inline-labels.txt'));

  it('reads the frontmatter from the title and lead', () => {
    expect(b!.layout).toBe('news');
    expect(b!.frontmatter).toEqual({
      title: '高梨海上幕僚長が定例会見 秋の観艦式と艦艇の無人化について',
      date: '2024-10-02',
      start: '10:30',
      end: '10:52',
      place: '防衛省A棟の会見室',
      kind: '定例',
      speakers: [{ name: '高梨 悠', reading: 'たかなし はるか', position: '海上幕僚長' }],
      source: { credit: '防衛ニュースサイト掲載記事（カテゴリ「日本の防衛」）', published: '2024-10-03 18:30' },
    });
    expect(b!.slug).toBe('kaijo-bakuryocho-teirei');
    expect(b!.lead).toEqual([
      '令和6(2024)年10月2日(水曜日)10時30分〜10時52分、高梨 悠(たかなし・はるか)海上幕僚長は、防衛省A棟の会見室で定例記者会見を行った。',
      '内容は、以下の通り。',
    ]);
  });

  it('finds sections and topics', () => {
    expect(outline(b!)).toEqual([
      ['発表事項', 'announcement', [null]],
      ['記者との質疑応答', 'qa', ['観艦式への外国艦艇の参加について', '艦艇の無人化と人員確保']],
    ]);
  });

  it('keeps every statement in its turn, inline or on the next line', () => {
    expect(turns(b!)).toEqual([
      { label: '海上幕僚長 :', role: 'official', paragraphs: ['本日は私から2点、御報告いたします。', '1点目は、来月予定しております観艦式の準備状況であります。参加艦艇は現在最終調整中でございます。'] },
      { label: '記者 :', role: 'reporter', paragraphs: ['観艦式には何か国の艦艇が参加する予定でしょうか。'] },
      { label: '海上幕僚長 :', role: 'official', paragraphs: ['現時点で、8か国から参加の意向を頂いております。', '詳細は決まり次第、改めてお知らせいたします。'] },
      { label: '記者 :', role: 'reporter', paragraphs: ['天候が悪い場合の対応はどうなりますか。'] },
      { label: '海上幕僚長 :', role: 'official', paragraphs: ['安全を最優先に、当日の朝に判断をいたします。'] },
      { label: '記者 :', role: 'reporter', paragraphs: ['無人水上艦の導入計画について、現在の検討状況を教えてください。'] },
      { label: '海上幕僚長 :', role: 'official', paragraphs: ['乗員不足への対応は喫緊の課題です。', '- 省人化', '- 無人化', 'この二つを柱に検討を進めております。'] },
    ]);
  });

  it('writes labels as they appear (inline stays inline, alone stays alone) and escapes list-like lines', () => {
    const md = renderMarkdown(b!);
    expect(md).toContain('\n\n記者 :観艦式には');
    expect(md).toContain('\n\n海上幕僚長 :\n安全を最優先に');
    expect(md).toContain('\n\n\\- 省人化\n');
  });

  it('reads back the same through the site, without chrome', async () => {
    const md = await expectSiteReadsSame(b!);
    expectNoChrome(md, ['（以上）', '◎', 'Ranking', '24時間', '観艦式の見どころを解説', '[次の記事]']);
  });
});

describe('防衛省, current layout', () => {
  const [b] = importText(fixture('mod-current.txt'));

  it('reads 日時 / 場所 / 備考 on the lines after their labels', () => {
    expect(b!.layout).toBe('mod');
    expect(b!.frontmatter).toEqual({
      title: '防衛大臣記者会見',
      date: '2020-04-03',
      start: '09:30',
      end: '10:11',
      place: '防衛省A棟11階第1省議室',
      speakers: [{ name: '青木', position: '防衛大臣' }],
      source: { credit: '防衛省' },
    });
    expect(b!.lead).toEqual(['青木防衛大臣閣議後会見']);
    expect(b!.slug).toBe('daijin-kaiken');
  });

  it('has 発表事項 (unlabelled: the minister) and 質疑応答 without the enumerators', () => {
    expect(outline(b!)).toEqual([
      ['発表事項', 'announcement', [null]],
      ['質疑応答', 'qa', [null]],
    ]);
  });

  it('joins U+3000-indented continuation lines into the answer, keeps outlets in the label', () => {
    expect(turns(b!)).toEqual([
      { label: null, role: 'official', paragraphs: ['本日の閣議において、自衛隊の災害派遣に関する活動の報告を行いました。', '引き続き、関係機関と緊密に連携してまいります。'] },
      { label: 'Ｑ：（共同通信）', role: 'reporter', paragraphs: ['災害派遣の規模について伺います。現在、何名の隊員が活動しているのでしょうか。'] },
      { label: 'Ａ：', role: 'official', paragraphs: ['現在、約3,000名の隊員が活動に当たっております。今後の状況によっては、更に態勢を拡充することも検討いたします。'] },
      { label: 'Ｑ：（朝日新聞）', role: 'reporter', paragraphs: ['隊員の健康管理はどのように行っていますか。'] },
      { label: 'Ａ：', role: 'official', paragraphs: ['現地での交代制を徹底しております。また、医官による巡回も実施しております。'] },
      { label: 'Ｑ：', role: 'reporter', paragraphs: ['別件ですが、来週の日程についてお聞かせください。'] },
      { label: 'Ａ：', role: 'official', paragraphs: ['現時点で申し上げられることはございません。'] },
    ]);
    // The white space after the label is kept as published.
    expect(renderMarkdown(b!)).toContain('\n\nＡ：　現在、約3,000名');
  });

  it('reads back the same through the site, without chrome', async () => {
    const md = await expectSiteReadsSame(b!);
    expectNoChrome(md, ['ページの先頭です', 'メニューを飛ばして本文へ', 'ここから本文です', 'ホーム >', '動画版', 'ページの先頭へ戻る', 'サイトマップ', 'Copyright', '日時', '場所', '備考']);
  });
});

describe('防衛省, current layout: 臨時, 令和元年, half-width Q:/A:, 10:13 times, 発表事項 なし', () => {
  const [b] = importText(fixture('mod-current-rinji.txt'));

  it('reads the frontmatter', () => {
    expect(b!.frontmatter).toEqual({
      title: '防衛大臣臨時記者会見',
      date: '2019-05-07',
      start: '10:13',
      end: '10:20',
      place: '防衛省A棟エントランス',
      kind: '臨時',
      speakers: [{ name: '桐生', position: '防衛大臣' }],
      source: { credit: '防衛省' },
    });
    expect(b!.slug).toBe('daijin-rinji');
  });

  it('drops 発表事項 when it says なし', () => {
    expect(outline(b!)).toEqual([['質疑応答', 'qa', [null]]]);
    expect(renderMarkdown(b!)).not.toContain('なし');
  });

  it('keeps the turns', async () => {
    expect(turns(b!).map((t) => [t.label, t.role, t.paragraphs.length])).toEqual([
      ['Q:(読売新聞)', 'reporter', 1],
      ['A:', 'official', 1],
      ['Q:', 'reporter', 1],
      ['A:', 'official', 1],
    ]);
    expectNoChrome(await expectSiteReadsSame(b!), ['以上', 'ページの先頭へ戻る', 'ホーム']);
  });
});

describe('防衛省, older / mobile layout', () => {
  it('date and times on one line: 平成29年8月4日(10時37分〜10時40分)', async () => {
    const [b] = importText(fixture('mod-old.txt'));
    expect(b!.layout).toBe('mod');
    expect(b!.frontmatter).toEqual({ title: '大臣会見概要', date: '2017-08-04', start: '10:37', end: '10:40', source: { credit: '防衛省' } });
    expect(outline(b!)).toEqual([['質疑応答', 'qa', [null]]]);
    expect(turns(b!)).toEqual([
      { label: 'Q：', role: 'reporter', paragraphs: ['本日の人事の発表についてお聞かせください。'] },
      { label: 'A：', role: 'official', paragraphs: ['後任の人選については、適材適所で行ったところであります。'] },
      { label: 'Q：', role: 'reporter', paragraphs: ['就任にあたっての抱負をお願いします。'] },
      { label: 'A：', role: 'official', paragraphs: ['引き続き、緊張感を持って職務に当たってまいります。'] },
    ]);
    const md = await expectSiteReadsSame(b!);
    expectNoChrome(md, ['御意見御要望', '一覧へ戻る', 'トップへ戻る', '(C)', '防衛省・自衛隊', 'トップ >']);
  });

  it('date and times on two lines, (日本時間), 臨時, the last day of 平成', async () => {
    const [b] = importText(fixture('mod-old-twoline.txt'));
    expect(b!.frontmatter).toEqual({
      title: '大臣臨時会見概要',
      date: '2019-04-30',
      start: '11:05',
      end: '11:12',
      timeNote: '日本時間',
      kind: '臨時',
      source: { credit: '防衛省' },
    });
    expect(outline(b!)).toEqual([
      ['発表事項', 'announcement', [null]],
      ['質疑応答', 'qa', [null]],
    ]);
    expect(turns(b!).at(-1)).toEqual({
      label: 'Ａ：',
      role: 'official',
      paragraphs: ['派遣されている隊員は、規律正しく任務を遂行しております。引き続き、安全に留意してもらいたいと思います。'],
    });
    const md = await expectSiteReadsSame(b!);
    expectNoChrome(md, ['トップへ戻る', '(C)']);
  });
});

describe('外務省 会見記録: several conferences on one page', () => {
  const briefings = importText(fixture('mofa-multi.txt'));

  it('finds each conference between the headers, dropping the contents and 目次へ戻る', async () => {
    expect(briefings.map((b) => [b.frontmatter.date, b.frontmatter.start, b.frontmatter.title, b.slug])).toEqual([
      ['2024-09-13', '10:55', '外務大臣会見記録', 'gaimu-daijin-kaiken'],
      ['2024-09-13', '17:40', '外務大臣会見記録', 'gaimu-daijin-kaiken'],
      ['2024-09-17', '18:30', '外務大臣臨時会見記録', 'gaimu-daijin-rinji'],
    ]);
    for (const b of briefings) {
      const md = await expectSiteReadsSame(b);
      expectNoChrome(md, ['目次', 'ホーム >', '・令和6年', 'ページの先頭へ戻る', '於：', '（令和6年9月']);
    }
  });

  it('reads place, speakers and kind', () => {
    expect(briefings[0]!.frontmatter).toEqual({
      title: '外務大臣会見記録',
      date: '2024-09-13',
      start: '10:55',
      place: '本省会見室',
      speakers: [{ name: '桜井', position: '外務大臣' }],
      source: { credit: '外務省' },
    });
    expect(briefings[2]!.frontmatter.kind).toBe('臨時');
    expect(briefings[2]!.frontmatter.end).toBe('18:42');
  });

  it('turns 冒頭発言 （1）… items into topics and opens 質疑応答 at the first reporter', () => {
    expect(outline(briefings[0]!)).toEqual([
      ['冒頭発言', 'announcement', ['（1）日・ブラジル外相会談について', '（2）人事について']],
      ['質疑応答', 'qa', ['ウクライナ情勢', '日中関係']],
    ]);
    expect(outline(briefings[1]!)).toEqual([['質疑応答', 'qa', ['北朝鮮による弾道ミサイル発射']]]);
    expect(outline(briefings[2]!)).toEqual([
      ['冒頭発言', 'announcement', [null]],
      ['質疑応答', 'qa', [null]],
    ]);
  });

  it('keeps bracket labels with outlet and name, and the moderator', () => {
    expect(turns(briefings[0]!).map((t) => [t.label, t.role])).toEqual([
      ['【桜井外務大臣】', 'official'],
      ['【桜井外務大臣】', 'official'],
      ['【ＮＨＫ　森記者】', 'reporter'],
      ['【桜井外務大臣】', 'official'],
      ['【共同通信　田中記者】', 'reporter'],
      ['【桜井外務大臣】', 'official'],
      ['【司会】', 'moderator'],
      ['【読売新聞　小川記者】', 'reporter'],
      ['【桜井外務大臣】', 'official'],
    ]);
    expect(turns(briefings[0]!)[0]!.paragraphs).toEqual(['本日、ブラジルの外務大臣と会談を行いました。', '両国の経済関係の強化について意見交換いたしました。']);
  });
});

describe('外務省 会見記録, older: (問) / (外務大臣), ， kept as published', () => {
  const [b] = importText(fixture('mofa-old.txt'));

  it('reads the conference', async () => {
    expect(b!.frontmatter).toEqual({
      title: '外務大臣会見記録',
      date: '2017-03-10',
      start: '09:52',
      end: '10:05',
      place: '本省会見室',
      source: { credit: '外務省' },
    });
    expect(outline(b!)).toEqual([
      ['冒頭発言', 'announcement', ['（1）アジア太平洋地域の友好国訪問について']],
      ['質疑応答', 'qa', ['人道支援']],
    ]);
    expect(turns(b!).map((t) => [t.label, t.role])).toEqual([
      ['(外務大臣)', 'official'],
      ['(問)', 'reporter'],
      ['(外務大臣)', 'official'],
      ['(問)', 'reporter'],
      ['(外務大臣)', 'official'],
    ]);
    expect(turns(b!)[0]!.paragraphs).toEqual(['今月下旬，アジア太平洋地域の友好国を訪問することになりました。', '各国の外相と会談し，地域の課題について意見交換を行う予定です。']);
    const md = await expectSiteReadsSame(b!);
    expect(md).toContain('，');
    expect(md).not.toContain('目次へ戻る');
  });
});

describe('外務省 会見記録: headers and missing headings', () => {
  const header = '（令和6年9月13日（金曜日）10時55分　於：本省会見室）';

  it('a contents line with a date and time but no 於 is not a conference header', () => {
    const text = ['外務大臣会見記録（令和6年9月）', '・令和6年9月13日（金曜日）10時55分', '令和6年9月13日（金曜日）10時55分', header, '【ＮＨＫ　森記者】質問です。', '【桜井外務大臣】答えです。'].join('\n');
    const { briefings: bs, ledger } = readText(text);
    expect(bs).toHaveLength(1);
    expect(bs[0]!.frontmatter).toMatchObject({ date: '2024-09-13', start: '10:55', place: '本省会見室' });
    // The title, a contents entry (its words come back on line 3), and a line repeating the header's date.
    expect(ledger.entries().filter((e) => e.line.no <= 3).map((e) => [e.line.no, e.place, e.what])).toEqual([
      [1, 'frontmatter', 'title'],
      [2, 'dropped', 'contents list'],
      [3, 'frontmatter', 'date (again)'],
    ]);
  });

  it('unlabelled opening remarks without 冒頭発言 get that heading, so the site does not take them for the lead', async () => {
    const [b] = importText([header, '本日は冒頭、私から一点申し上げます。', '【ＮＨＫ　森記者】質問です。', '【桜井外務大臣】答えです。'].join('\n'));
    expect(outline(b!)).toEqual([
      ['冒頭発言', 'announcement', [null]],
      ['質疑応答', 'qa', [null]],
    ]);
    expect(b!.lead).toEqual([]);
    await expectSiteReadsSame(b!);
  });

  it('an editor’s note after the header is the lead, not the minister’s opening remark', async () => {
    const [b] = importText([header, '※本会見は、オンラインで行われました。', '本日は冒頭、私から一点申し上げます。', '【ＮＨＫ　森記者】質問です。', '【桜井外務大臣】答えです。'].join('\n'));
    expect(b!.lead).toEqual(['※本会見は、オンラインで行われました。']);
    expect(turns(b!)[0]).toEqual({ label: null, role: 'official', paragraphs: ['本日は冒頭、私から一点申し上げます。'] });
    await expectSiteReadsSame(b!);
  });

  it('labelled opening remarks without a heading stay outside any section, as the site reads them', async () => {
    const [b] = importText([header, '【桜井外務大臣】冒頭、一点申し上げます。', '【ＮＨＫ　森記者】質問です。', '【桜井外務大臣】答えです。'].join('\n'));
    expect(outline(b!)).toEqual([
      [null, 'other', [null]],
      ['質疑応答', 'qa', [null]],
    ]);
    await expectSiteReadsSame(b!);
  });
});

describe('source.url', () => {
  it('is taken from a line that is only a URL before the transcript, not from the statements', () => {
    const text = `https://www.mod.go.jp/j/press/kisha/2020/0403a.html\n${fixture('mod-current.txt')}\nhttps://example.jp/after`;
    const [b] = importText(text);
    expect(b!.frontmatter.source).toEqual({ credit: '防衛省', url: 'https://www.mod.go.jp/j/press/kisha/2020/0403a.html' });
    const withUrlStatement = fixture('mod-old.txt').replace('Q：就任にあたっての抱負をお願いします。', 'Q：就任にあたっての抱負をお願いします。\nhttps://example.jp/statement');
    expect(importText(withUrlStatement)[0]!.frontmatter.source).toEqual({ credit: '防衛省' });
  });
});

describe('news layout: a captured URL line', () => {
  it('goes to source.url, not into the lead', async () => {
    const text = fixture('news-inline-labels.txt').replace('2024-10-3 18:30\n', '2024-10-3 18:30\nhttps://news.example.jp/article/123\n');
    const [b] = importText(text);
    expect(b!.frontmatter.source?.url).toBe('https://news.example.jp/article/123');
    expect(b!.lead).toHaveLength(2);
    await expectSiteReadsSame(b!);
  });
});

describe('外務省 会見記録 abroad', () => {
  it('reads (現地時間) and a place with parentheses', () => {
    const text = ['（令和6年9月23日（月曜日）11時00分～11時20分（現地時間）　於：ニューヨーク（国連本部））', '【ＮＨＫ　森記者】質問です。', '【桜井外務大臣】答えです。'].join('\n');
    const [b] = importText(text);
    expect(b!.frontmatter).toMatchObject({ date: '2024-09-23', start: '11:00', end: '11:20', timeNote: '現地時間', place: 'ニューヨーク(国連本部)' });
  });
});
