/**
 * The variants real published pages come in (issue 8), one invented fixture per class: the news
 * site's header and bare labels, statement-only write-ups, dated headings, 同日 and `11時08~15分` times,
 * short positions, 防衛省 old pages with the date on the title line or a name in the title, stray
 * lines before the first label (contents lists, video links, 質疑応答（抜粋）), 外務省 2002 pages with
 * 目次へ戻る between topics, a 備考 naming the speaker after other words, and third-party copies.
 * Expected values are written out by hand from the fixtures.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importBytes, importText, readText, renderMarkdown } from '../../src/import/index.ts';
import { expectNoChrome, expectSiteReadsSame, outline, turns } from '../fixtures/import/expect.ts';
import { FIXTURES, fixture } from '../fixtures/import/helpers.ts';

function readHtmlFixture(name: string) {
  return importBytes(readFileSync(join(FIXTURES, name)));
}

const NEWS_CREDIT = '防衛ニュースサイト掲載記事（カテゴリ「日本の防衛」）';

describe('news write-ups', () => {
  it('site header above the title, no (M月D日), bare labels, 氏名(よみ)役職の定例記者会見 in the lead', async () => {
    const [b] = importText(fixture('news-site-header-bare.txt'));
    expect(b!.layout).toBe('news');
    expect(b!.frontmatter).toEqual({
      title: '海上幕僚長が定例会見 新型護衛艦の就役について',
      date: '2024-11-07',
      start: '10:30',
      end: '10:48',
      place: '防衛省A棟の会見室',
      kind: '定例',
      speakers: [{ name: '水無瀬 航', reading: 'みなせ わたる', position: '海上幕僚長' }],
      source: { credit: NEWS_CREDIT, published: '2024-11-08 17:20' },
    });
    expect(b!.slug).toBe('kaijo-bakuryocho-teirei');
    expect(outline(b!)).toEqual([
      ['海上幕僚長からの発表事項', 'announcement', [null]],
      ['記者との質疑応答', 'qa', ['新型護衛艦の乗員について']],
    ]);
    expect(turns(b!)).toEqual([
      { label: '海上幕僚長 :', role: 'official', paragraphs: ['本日は、新型護衛艦の就役について御報告いたします。', '同艦は今月末に就役し、横須賀を母港とする予定であります。'] },
      { label: '記者 :', role: 'reporter', paragraphs: ['乗員の確保の見通しはいかがでしょうか。'] },
      { label: '海上幕僚長 :', role: 'official', paragraphs: ['省人化の設計により、従来の艦より少ない人数で運用いたします。', '必要な人員は既に確保しております。'] },
      { label: '記者 :', role: 'reporter', paragraphs: ['訓練の開始時期はいつ頃でしょうか。'] },
      { label: '海上幕僚長 :', role: 'official', paragraphs: ['就役後、速やかに開始いたします。'] },
    ]);
    const md = await expectSiteReadsSame(b!);
    // A bare label is written with the colon the site reads.
    expect(md).toContain('\n\n記者 :\n乗員の確保');
    expectNoChrome(md, ['日本の防衛と安全保障の今を伝える', '[防衛ニュース]', 'site search', 'menu', '(以上)', 'Ranking', '24時間']);
  });

  it('statement only: no labels, no headings, the lead ends 内容は、以下の通り。; 11時08~15分', async () => {
    const [b] = importText(fixture('news-statement-only.txt'));
    expect(b!.frontmatter).toEqual({
      title: '防衛大臣が談話を発表 災害派遣の終了について',
      date: '2024-03-29',
      start: '11:08',
      end: '11:15',
      speakers: [{ name: '桐生 誠', reading: 'きりゅう まこと', position: '防衛大臣' }],
      source: { credit: NEWS_CREDIT, published: '2024-03-29 18:05' },
    });
    expect(b!.lead).toEqual([
      '令和6(2024)年3月29日(金)11時08~15分、桐生 誠(きりゅう・まこと)防衛大臣は、防衛省で災害派遣の終了に当たって談話を発表した。',
      '内容は、以下の通り。',
    ]);
    expect(outline(b!)).toEqual([['発表事項', 'announcement', [null]]]);
    expect(turns(b!)).toEqual([
      {
        label: null,
        role: 'official',
        paragraphs: [
          '本日をもちまして、豪雪に伴う災害派遣を終了いたしました。',
          '約2か月にわたり、延べ3万名の隊員が除雪と物資の輸送に当たりました。',
          '厳しい寒さの中、任務を全うした隊員の皆さんに、心から感謝を申し上げます。',
        ],
      },
    ]);
    expectNoChrome(await expectSiteReadsSame(b!), ['(以上)', '除雪の現場から']);
  });

  it('a heading that carries the date and kind, short positions 統幕長 / 陸幕長', async () => {
    const [b] = importText(fixture('news-dated-heading.txt'));
    expect(b!.frontmatter).toEqual({
      title: '統幕長が定例会見 年頭に当たっての抱負',
      date: '2026-01-28',
      kind: '定例',
      source: { credit: NEWS_CREDIT, published: '2026-01-29 10:00' },
    });
    expect(b!.slug).toBe('togo-bakuryocho-teirei');
    expect(outline(b!)).toEqual([
      ['統幕長からの発表事項(統幕長定例記者会見) 2026年01月28日(水)', 'announcement', [null]],
      ['記者との質疑応答', 'qa', ['統合作戦司令部との連携について', '陸幕長との会談について']],
    ]);
    expect(turns(b!).map((t) => [t.label, t.role])).toEqual([
      ['統幕長 :', 'official'],
      ['記者 :', 'reporter'],
      ['統幕長 :', 'official'],
      ['記者 :', 'reporter'],
      ['統幕長 :', 'official'],
    ]);
    await expectSiteReadsSame(b!);
  });

  it('同日13時30分~13時50分 after another event, 次官 labels, 防衛事務次官 in the lead, 臨時の記者会見', async () => {
    const [b] = importText(fixture('news-same-day.txt'));
    expect(b!.frontmatter).toEqual({
      title: '防衛事務次官が臨時会見 国会答弁の訂正について',
      date: '2025-05-20',
      start: '13:30',
      end: '13:50',
      place: '防衛省A棟の会見室',
      kind: '臨時',
      speakers: [{ name: '北条 昴', reading: 'ほうじょう すばる', position: '防衛事務次官' }],
      source: { credit: NEWS_CREDIT, published: '2025-05-20 19:00' },
    });
    expect(b!.slug).toBe('jimujikan-rinji');
    expect(turns(b!).map((t) => [t.label, t.role, t.paragraphs.length])).toEqual([
      ['次官 :', 'official', 1],
      ['記者 :', 'reporter', 1],
      ['次官 :', 'official', 1],
    ]);
    await expectSiteReadsSame(b!);
  });

  it('a saved page in Shift_JIS: chrome elements dropped, <br> kept inside one statement', async () => {
    const { briefings: [b], encoding, declaredBy, format } = readHtmlFixture('news-page-sjis.html');
    expect([format, encoding, declaredBy]).toEqual(['html', 'shift_jis', '<meta>']);
    expect(b!.frontmatter).toEqual({
      title: '空幕長が定例会見 戦闘機の国際共同開発について',
      date: '2025-02-06',
      start: '15:00',
      end: '15:21',
      place: '防衛省A棟の会見室',
      kind: '定例',
      speakers: [{ name: '鷹取 翼', reading: 'たかとり つばさ', position: '航空幕僚長' }],
      source: { credit: NEWS_CREDIT, published: '2025-02-07 10:15' },
    });
    expect(turns(b!)).toEqual([
      {
        label: '空幕長 :',
        role: 'official',
        paragraphs: ['本日は、私から1点、御報告いたします。来月、北海道の基地で国際的な防空訓練を実施いたします。参加国は5か国を予定しております。'],
      },
      { label: '記者 :', role: 'reporter', paragraphs: ['次期戦闘機の共同開発について、現在の進捗をお聞かせください。'] },
      { label: '空幕長 :', role: 'official', paragraphs: ['設計の作業は計画どおり進んでおります。', '引き続き、関係国と緊密に連携してまいります。'] },
      { label: '記者 :', role: 'reporter', paragraphs: ['操縦者の確保は課題となっていますか。'] },
      { label: '空幕長 :', role: 'official', paragraphs: ['養成の期間を短くする工夫を続けております。'] },
    ]);
    expectNoChrome(await expectSiteReadsSame(b!), ['site search', 'menu', '世界の安全保障', 'Ranking', '防空訓練の見どころ', '(C)', '(以上)', '◎']);
  });
});

describe('防衛省 older and mobile pages', () => {
  it('title and date on one line: 防衛大臣記者会見概要 平成29年11月24日(10時02分〜10時15分)', async () => {
    const [b] = importText(fixture('mod-old-title-date.txt'));
    expect(b!.frontmatter).toEqual({ title: '防衛大臣記者会見概要', date: '2017-11-24', start: '10:02', end: '10:15', source: { credit: '防衛省' } });
    expect(outline(b!)).toEqual([['質疑応答', 'qa', [null]]]);
    expect(turns(b!).map((t) => [t.label, t.role])).toEqual([
      ['Q：', 'reporter'],
      ['A：', 'official'],
      ['Q：', 'reporter'],
      ['A：', 'official'],
    ]);
    await expectSiteReadsSame(b!);
  });

  it('a name before the title: 宮城大臣会見概要, times on the line after the date', async () => {
    const [b] = importText(fixture('mod-old-name-title.txt'));
    expect(b!.frontmatter).toEqual({
      title: '宮城大臣会見概要',
      date: '2018-06-08',
      start: '09:40',
      end: '09:52',
      speakers: [{ name: '宮城', position: '大臣' }],
      source: { credit: '防衛省' },
    });
    expect(b!.slug).toBe('daijin-kaiken');
    await expectSiteReadsSame(b!);
  });

  it('another position: 次官会見概要 gives the 事務次官 file name; its announcement is kept', async () => {
    const [b] = importText(fixture('mod-old-jikan.txt'));
    expect(b!.frontmatter).toEqual({ title: '次官会見概要', date: '2019-10-04', start: '15:00', end: '15:14', source: { credit: '防衛省' } });
    expect(b!.slug).toBe('jimujikan-kaiken');
    expect(outline(b!)).toEqual([
      ['発表事項', 'announcement', [null]],
      ['質疑応答', 'qa', [null]],
    ]);
    expect(turns(b!)[0]).toEqual({ label: null, role: 'official', paragraphs: ['本日、省内の業務改革の方針を取りまとめましたので、御報告いたします。'] });
    await expectSiteReadsSame(b!);
  });

  it('a saved page: <table> 日時・場所・備考 rows, <br> continuing an answer, canonical URL as source.url', async () => {
    const { briefings: [b], encoding, format } = readHtmlFixture('mod-page.html');
    expect([format, encoding]).toEqual(['html', 'utf-8']);
    expect(b!.frontmatter).toEqual({
      title: '防衛大臣記者会見',
      date: '2023-10-17',
      start: '10:32',
      end: '10:51',
      place: '防衛省A棟11階第1省議室',
      speakers: [{ name: '久遠', position: '防衛大臣' }],
      source: { credit: '防衛省', url: 'https://www.mod.example.jp/j/press/kisha/2023/1017a.html' },
    });
    expect(b!.lead).toEqual(['久遠防衛大臣閣議後会見']);
    expect(turns(b!)).toEqual([
      { label: null, role: 'official', paragraphs: ['本日の閣議において、秋の防災訓練への自衛隊の参加について報告いたしました。各地の自治体と連携し、延べ約2,000名の隊員が参加する予定です。'] },
      { label: 'Ｑ：（毎朝新聞）', role: 'reporter', paragraphs: ['防災訓練の参加規模は、昨年と比べてどうでしょうか。'] },
      { label: 'Ａ：', role: 'official', paragraphs: ['昨年よりも約300名多くなっております。特に、離島での輸送訓練を充実させております。'] },
      { label: 'Ｑ：（東都通信）', role: 'reporter', paragraphs: ['関連して、米軍との共同の訓練はありますか。'] },
      { label: 'Ａ：', role: 'official', paragraphs: ['今回は予定しておりません。'] },
      // A <br> before a label starts the next turn, even inside one <p>.
      { label: 'Ｑ：', role: 'reporter', paragraphs: ['別件ですが、<予算要求>の見通しについてお聞かせください。'] },
      { label: 'Ａ：', role: 'official', paragraphs: ['現在、精査しているところです。'] },
    ]);
    expectNoChrome(await expectSiteReadsSame(b!), ['本文へ', '防衛省について', '報道・白書', 'ホーム', '動画版', '10月13日の記者会見', 'ページの先頭へ戻る', 'サイトマップ', 'Copyright', 'window.dataLayer', 'float']);
  });
});

describe('防衛省 mobile page saved as HTML', () => {
  it('a <dl> of 日時・場所・備考 (a <br> between date and time), #main as the content, the menu and footer dropped', async () => {
    const { briefings: [b], ledger } = readHtmlFixture('mod-mobile-dl.html');
    expect(b!.frontmatter).toEqual({
      title: '大臣臨時会見概要',
      date: '2018-09-06',
      start: '07:45',
      end: '07:58',
      place: '防衛省A棟1階エントランス',
      kind: '臨時',
      speakers: [{ name: '宮城', position: '防衛大臣' }],
      source: { credit: '防衛省' },
    });
    expect(b!.lead).toEqual(['北海道での地震を受けた宮城防衛大臣臨時会見']);
    expect(turns(b!).map((t) => [t.label, t.role, t.paragraphs.length])).toEqual([
      [null, 'official', 1],
      ['Q：', 'reporter', 1],
      ['A：', 'official', 2],
      ['Q：', 'reporter', 1],
      ['A：', 'official', 1],
    ]);
    expect(ledger.entries().filter((e) => e.what === 'page chrome (outside the main content)').map((e) => e.line.text)).toEqual([
      '防衛省・自衛隊',
      '報道資料',
      '記者会見',
      'ページの先頭へ戻る',
      '(C) 防衛省・自衛隊',
    ]);
    await expectSiteReadsSame(b!);
  });
});

describe('stray lines before the first label', () => {
  it('a contents line ○冒頭発言 …○その他 and (動画)…会見の様子 are chrome, not an official turn', async () => {
    const [b] = importText(fixture('mofa-contents-video.txt'));
    expect(outline(b!)).toEqual([
      ['冒頭発言', 'announcement', ['（1）島しょ国訪問について']],
      ['質疑応答', 'qa', ['北東アジア情勢', 'その他']],
    ]);
    expect(turns(b!)[0]).toEqual({
      label: '【桜庭外務大臣】',
      role: 'official',
      paragraphs: ['来週、太平洋の島しょ国を訪問いたします。', '各国の首脳と、気候変動への対応について意見を交わす予定です。'],
    });
    expectNoChrome(await expectSiteReadsSame(b!), ['○', '動画', '目次へ戻る']);
  });

  it('contents entries without marks after 目次: 冒頭発言 once, ウクライナ情勢 only as a topic', async () => {
    const [b] = importText(fixture('mofa-contents-lines.txt'));
    expect(b!.frontmatter).toMatchObject({ title: '外務報道官会見記録', date: '2022-06-08', speakers: [{ name: '水野', position: '外務報道官' }] });
    expect(outline(b!)).toEqual([
      ['冒頭発言', 'announcement', [null]],
      ['質疑応答', 'qa', ['ウクライナ情勢', 'その他']],
    ]);
    await expectSiteReadsSame(b!);
  });

  it('質疑応答（抜粋） is a section heading; no 発表事項 is invented; 備考 …に係る宮城防衛大臣臨時会見 names 宮城', async () => {
    const [b] = importText(fixture('mod-excerpt-note.txt'));
    expect(b!.frontmatter).toEqual({
      title: '防衛大臣臨時記者会見',
      date: '2023-08-30',
      start: '18:02',
      end: '18:15',
      place: '防衛省A棟10階会見室',
      kind: '臨時',
      speakers: [{ name: '宮城', position: '防衛大臣' }],
      source: { credit: '防衛省' },
    });
    expect(b!.lead).toEqual(['日米防衛相の電話会談に係る宮城防衛大臣臨時会見']);
    expect(outline(b!)).toEqual([['質疑応答（抜粋）', 'qa', [null]]]);
    expect(turns(b!).map((t) => [t.label, t.role])).toEqual([
      ['Ｑ：', 'reporter'],
      ['Ａ：', 'official'],
      ['Ｑ：', 'reporter'],
      ['Ａ：', 'official'],
    ]);
    expectNoChrome(await expectSiteReadsSame(b!), ['目次', '動画', '冒頭発言']);
  });
});

describe('silent loss', () => {
  it('外務省 2002: no blank lines, 目次へ戻る after every topic — all three topics are kept', async () => {
    const { briefings, ledger } = readText(fixture('mofa-2002.txt'));
    expect(briefings).toHaveLength(1);
    const b = briefings[0]!;
    expect(b.frontmatter).toEqual({ title: '外務大臣会見記録', date: '2002-05-14', start: '11:03', end: '11:30', place: '会見室', source: { credit: '外務省' } });
    expect(outline(b)).toEqual([['質疑応答', 'qa', ['北東アジア情勢', 'ODA改革', '国連総会']]]);
    expect(turns(b)).toHaveLength(8);
    expect(turns(b).at(-1)).toEqual({ label: '（外務大臣）', role: 'official', paragraphs: ['現在、準備を進めているところです。'] });
    expect(ledger.entries().filter((e) => e.line.text === '目次へ戻る').map((e) => [e.line.no, e.place, e.known])).toEqual([
      [10, 'dropped', true],
      [16, 'dropped', true],
      [20, 'dropped', true],
    ]);
    await expectSiteReadsSame(b);
  });
});

describe('third-party copies', () => {
  it('a blog header with the date, then Q/A: imported as a page of no known layout', async () => {
    const [b] = importText(fixture('copy-blog-qa.txt'));
    expect(b!.layout).toBe('generic');
    expect(b!.frontmatter).toEqual({ title: '防衛大臣記者会見', date: '2022-02-18' });
    expect(b!.slug).toBe('daijin-kaiken');
    expect(turns(b!).map((t) => [t.label, t.role])).toEqual([
      ['Ｑ：（北都新聞）', 'reporter'],
      ['Ａ：', 'official'],
      ['Ｑ：', 'reporter'],
      ['Ａ：', 'official'],
    ]);
    await expectSiteReadsSame(b!);
  });

  it('a blog header, then 【】 labels', async () => {
    const [b] = importText(fixture('copy-blog-brackets.txt'));
    expect(b!.frontmatter).toEqual({
      title: '外務大臣会見',
      date: '2021-07-09',
      speakers: [{ name: '桜庭', position: '外務大臣' }],
      source: { credit: '外務省' },
    });
    expect(turns(b!).map((t) => [t.label, t.role])).toEqual([
      ['【桜庭外務大臣】', 'official'],
      ['【時事通信　高田記者】', 'reporter'],
      ['【桜庭外務大臣】', 'official'],
    ]);
    await expectSiteReadsSame(b!);
  });
});

describe('what the page lacks, given as flags', () => {
  const page = fixture('needs-flags/no-date.txt');

  it('is refused without --date, naming what was found', async () => {
    expect(() => importText(page)).toThrow(/^no date for this press conference: .* found the title 「防衛大臣臨時記者会見」 \(line 1\), 2 speaker labels from line 2$/u);
  });

  it('imports with --date, --speaker and --kind; --title replaces the page’s', async () => {
    const [b] = importText(page, { date: '2023-05-01', speaker: { name: '宮城 進', reading: 'みやぎ すすむ', position: '防衛大臣' }, kind: '臨時', title: '防衛大臣臨時記者会見（那覇）' });
    expect(b!.frontmatter).toEqual({
      title: '防衛大臣臨時記者会見（那覇）',
      date: '2023-05-01',
      kind: '臨時',
      speakers: [{ name: '宮城 進', reading: 'みやぎ すすむ', position: '防衛大臣' }],
    });
    expect(renderMarkdown(b!)).toContain('\n\n記者 :\n今回の派遣の目的');
  });
});

describe('layouts found on a held-out sample of real pages', () => {
  it('a statement-only post whose line under the lead names the conference with the same date: that line is the header’s, and 公式サイトにおいて is no place', () => {
    const text = [
      '小松陸上幕僚長、4月10日の定例会見 総合訓練の成果を発表(4月10日)',
      '- 防衛省関連',
      '2025-4-15 11:20',
      '陸上幕僚監部は令和7(2025)年4月10日(木)、公式サイトにおいて、同日に行った小松健一(こまつ・けんいち)陸上幕僚長の記者会見の概要を公表した。',
      '令和7年4月10日 陸上幕僚長 定例記者会見',
      '本日は私から1点、総合訓練の成果についてお知らせいたします。',
    ].join('\n');
    const [b] = importText(text);
    expect(b!.frontmatter).toMatchObject({ date: '2025-04-10', kind: '定例', speakers: [{ name: '小松健一', reading: 'こまつ けんいち', position: '陸上幕僚長' }] });
    expect(b!.frontmatter.place).toBeUndefined();
    expect(b!.notes ?? []).toEqual([]);
    expect(turns(b!)).toEqual([{ label: null, role: 'official', paragraphs: ['本日は私から1点、総合訓練の成果についてお知らせいたします。'] }]);
  });

  it('a place before …において行われた stays the place in a lead that ends 発表した', () => {
    const text = [
      '海上幕僚長が記者会見 訓練について(1月20日)',
      '- 日本の防衛',
      '2026-1-23 15:00',
      '防衛省 海上幕僚監部は令和8(2026)年1月20日(火)、同日13時30分~13時50分に防衛省A棟10階会見室において行われた水無瀬 航(みなせ・わたる)海上幕僚長の記者会見の要旨を以下のように発表した。',
      '海上幕僚長 :',
      '本日は、訓練について発表します。',
    ].join('\n');
    expect(importText(text)[0]!.frontmatter).toMatchObject({ date: '2026-01-20', start: '13:30', end: '13:50', place: '防衛省A棟10階会見室' });
  });

  it('a news announcement’s subject line is a topic only when the official’s sentences follow it', async () => {
    const text = [
      '朝倉防衛大臣が記者会見 訓練について(6月10日)',
      '- 日本の防衛',
      '2025-6-12 10:05',
      '令和7年(2025)6月10日(火)9時15分~9時31分、朝倉 誠(あさくら・まこと)防衛大臣は防衛省A棟10階会見室において閣議後の会見を実施した。',
      '大臣からの発表事項',
      '防災訓練の実施について',
      '来週、防災訓練を実施いたします。',
      '私からは以上です',
      '記者との質疑応答',
      '記者 :',
      '規模はどうなりますか。',
      '大臣 :',
      '約3,000名です。',
    ].join('\n');
    const [b] = importText(text);
    expect(outline(b!)).toEqual([
      ['大臣からの発表事項', 'announcement', ['防災訓練の実施について']],
      ['記者との質疑応答', 'qa', [null]],
    ]);
    expect(turns(b!)[0]).toEqual({ label: null, role: 'official', paragraphs: ['来週、防災訓練を実施いたします。', '私からは以上です'] });
    await expectSiteReadsSame(b!);
  });

  it('外務省: a place after the time without 於, and listed topics that share one statement', async () => {
    const [b] = importText(readFileSync(join(FIXTURES, 'classes/o-mofa-place-no-at-listed-topics.txt'), 'utf8'));
    expect(b!.frontmatter).toMatchObject({ date: '2005-06-15', start: '16:30', place: '本省会見室' });
    expect(outline(b!)).toEqual([
      [null, 'other', ['・ 地震被害への緊急援助', '・ 経済連携協定の交渉']],
      ['質疑応答', 'qa', [null]],
    ]);
    await expectSiteReadsSame(b!);
  });

  it('a short line after a statement that is not listed is no topic of the next one', () => {
    const text = ['（令和6年9月13日（金曜日）10時55分　於：本省会見室）', '【ＮＨＫ　森記者】質問です。', '【桜井外務大臣】答えです。', 'そうですね', '日中関係', '【東都通信　青木記者】次の質問です。', '【桜井外務大臣】次の答えです。'].join('\n');
    const [b] = importText(text);
    expect(turns(b!)[1]).toEqual({ label: '【桜井外務大臣】', role: 'official', paragraphs: ['答えです。', 'そうですね'] });
  });

  it('a copy that quotes the record (『 冒頭発言): the address it cites is not source.url, its comments are not the lead', async () => {
    const [b] = importText(readFileSync(join(FIXTURES, 'classes/q-blog-quoted-record.txt'), 'utf8'));
    expect(b!.frontmatter.source).toEqual({ credit: '外務省' });
    expect(b!.lead).toEqual([]);
    expect(outline(b!)).toEqual([
      ['冒頭発言', 'announcement', ['島しょ国訪問']],
      ['質疑応答', 'qa', ['北東アジア情勢']],
    ]);
    await expectSiteReadsSame(b!);
    const unquoted = readFileSync(join(FIXTURES, 'classes/q-blog-quoted-record.txt'), 'utf8').replace('『 冒頭発言', '冒頭発言');
    expect(importText(unquoted)[0]!.frontmatter.source?.url).toBe('https://www.mofa.go.jp/mofaj/press/kaiken/kaiken99_000001.html');
  });

  it('an older 外務省 page’s menu, its 記者会見 and INDEX headings and numbered video lines are known chrome: no warning', () => {
    const text = [
      '外務省 English リンクページ よくある質問集 検索 サイトマップ',
      'トップページ 報道・広報 記者会見',
      '記者会見',
      'INDEX',
      '報道官会見記録 (平成17年6月15日(水)16:30~ 於:会見室)',
      '動画版①',
      '(問)協定の交渉はいつまとまりますか。',
      '(報道官)年内の合意を目指しています。',
    ].join('\n');
    const { briefings, ledger } = readText(text);
    expect(briefings).toHaveLength(1);
    expect(ledger.warnings().map((w) => w.line.text)).toEqual([]);
  });
});
