import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTranscript, statementsOf, TranscriptErrors } from '../../src/archive/read.ts';
import { render } from '../helpers/render.ts';
import { SEED_SAMPLE } from '../helpers/seed.ts';

const qa = (turns: string) => `## 質疑応答\n\n${turns}\n`;

describe('speaker labels → turns (rendered through the real unified processor)', () => {
  // Each case: a question turn then an answer turn in one label style; expected role/speaker/text
  // are written out by hand, not computed.
  const cases: Array<{
    style: string;
    body: string;
    expect: Array<{ role: string; speaker: string; text: string; outlet?: string }>;
  }> = [
    {
      style: '記者 : / 大臣 : alone on a line',
      body: '記者 :\n防衛費について伺います。\n\n大臣 :\nお答えします。',
      expect: [
        { role: 'reporter', speaker: '記者', text: '防衛費について伺います。' },
        { role: 'official', speaker: '大臣', text: 'お答えします。' },
      ],
    },
    {
      style: 'inline, half-width colon, no space',
      body: '記者:今回の訓練は。\n\n副大臣:予定通りです。',
      expect: [
        { role: 'reporter', speaker: '記者', text: '今回の訓練は。' },
        { role: 'official', speaker: '副大臣', text: '予定通りです。' },
      ],
    },
    {
      style: 'full-width colon with spaces, chief of staff',
      body: '記者　：　艦艇の動向は。\n\n海上幕僚長 ：警戒監視を続けています。',
      expect: [
        { role: 'reporter', speaker: '記者', text: '艦艇の動向は。' },
        { role: 'official', speaker: '海上幕僚長', text: '警戒監視を続けています。' },
      ],
    },
    {
      style: 'Q: / A:',
      body: 'Q: 発射は何発ですか。\n\nA: 2発です。',
      expect: [
        { role: 'reporter', speaker: 'Q', text: '発射は何発ですか。' },
        { role: 'official', speaker: 'A', text: '2発です。' },
      ],
    },
    {
      style: 'Ｑ：（outlet） / Ａ：',
      body: 'Ｑ：（朝日新聞）昨日の件です。\n\nＡ：承知しています。',
      expect: [
        { role: 'reporter', speaker: 'Ｑ（朝日新聞）', outlet: '朝日新聞', text: '昨日の件です。' },
        { role: 'official', speaker: 'Ａ', text: '承知しています。' },
      ],
    },
    {
      style: '【NHK 五十嵐記者】 / 【上川大臣】',
      body: '【NHK　五十嵐記者】中東情勢について。\n\n【上川大臣】注視しています。',
      expect: [
        { role: 'reporter', speaker: 'NHK 五十嵐記者', outlet: 'NHK', text: '中東情勢について。' },
        { role: 'official', speaker: '上川大臣', text: '注視しています。' },
      ],
    },
    {
      style: '【記者】',
      body: '【記者】一点だけ。\n\n【防衛大臣】どうぞ。',
      expect: [
        { role: 'reporter', speaker: '記者', text: '一点だけ。' },
        { role: 'official', speaker: '防衛大臣', text: 'どうぞ。' },
      ],
    },
    {
      style: '(問) / (答) half-width',
      body: '(問)日程は。\n\n(答)未定です。',
      expect: [
        { role: 'reporter', speaker: '問', text: '日程は。' },
        { role: 'official', speaker: '答', text: '未定です。' },
      ],
    },
    {
      style: '（問） / （答） full-width',
      body: '（問）日程は。\n\n（答）未定です。',
      expect: [
        { role: 'reporter', speaker: '問', text: '日程は。' },
        { role: 'official', speaker: '答', text: '未定です。' },
      ],
    },
    {
      style: '司会 is a moderator',
      body: '司会：それでは質問をどうぞ。\n\n記者：よろしいですか。',
      expect: [
        { role: 'moderator', speaker: '司会', text: 'それでは質問をどうぞ。' },
        { role: 'reporter', speaker: '記者', text: 'よろしいですか。' },
      ],
    },
  ];

  for (const c of cases) {
    it(c.style, async () => {
      const { turns } = await render(qa(c.body));
      expect(turns.map((t) => ({ role: t.role, speaker: t.speaker, text: t.paragraphs.join('\n') }))).toEqual(
        c.expect.map((e) => ({ role: e.role, speaker: e.speaker, text: e.text })),
      );
      // The label itself is in the <header>, not repeated in the statement.
      for (const t of turns) expect(t.header).toContain(t.speaker);
    });
  }

  it('keeps outlet and name on the model', async () => {
    const b = await parseTranscript('x.md', `---\ntitle: t\ndate: 2024-09-13\n---\n\n## 質疑応答\n\n【NHK　五十嵐記者】質問です。\n\n【上川外務大臣】答えです。\n`, 'x');
    const [q, a] = b.body.sections[0]!.topics[0]!.turns;
    expect(q).toMatchObject({ role: 'reporter', outlet: 'NHK', name: '五十嵐' });
    expect(a).toMatchObject({ role: 'official', name: '上川', replyTo: q!.id });
  });

  it('groups every following unlabelled paragraph into the turn, until the next label or heading', async () => {
    const { turns, tree } = await render(
      '## 質疑応答\n\n### 話題A\n\n記者 :\n一段落目。\n\n二段落目。\n\n三段落目。\n\n大臣 :\n答え一。\n\n答え二。\n\n### 話題B\n\n記者 :別の質問。\n\n大臣 :別の答え。\n',
    );
    expect(turns.map((t) => [t.id, t.role, t.paragraphs])).toEqual([
      ['t1', 'reporter', ['一段落目。', '二段落目。', '三段落目。']],
      ['t2', 'official', ['答え一。', '答え二。']],
      ['t3', 'reporter', ['別の質問。']],
      ['t4', 'official', ['別の答え。']],
    ]);
    // Answers point at their question and sit in the same exchange.
    expect(turns.map((t) => t.replyTo)).toEqual([null, 't1', null, 't3']);
    const { selectAll } = await import('hast-util-select');
    const exchanges = selectAll('section.topic .exchange', tree).map((ex) => selectAll('article.turn', ex).map((a) => a.properties['id']));
    expect(exchanges).toEqual([['t1', 't2'], ['t3', 't4']]);
    expect(selectAll('section.topic', tree).map((s) => s.properties['id'])).toEqual(['topic-1', 'topic-2']);
  });

  it('attributes a label-less announcement to the principal official', async () => {
    const { turns, toc } = await render('## 発表事項\n\n一点目の発表です。\n\n二点目の発表です。\n\n## 質疑応答\n\n記者 :質問。\n\n大臣 :答え。\n', {
      title: 't',
      date: '2025-01-01',
      speakers: [{ name: '中谷 元', position: '防衛大臣' }],
    });
    expect(turns[0]).toMatchObject({ role: 'official', speaker: '中谷防衛大臣', paragraphs: ['一点目の発表です。', '二点目の発表です。'] });
    expect(toc.sections.map((s) => s.kind)).toEqual(['announcement', 'qa']);
    expect(toc.questions).toBe(1);
  });

  it('renders a body with no Q&A at all', async () => {
    const { turns, toc, html } = await render('前文です。\n\n## 発表事項\n\n本日は発表のみです。\n');
    expect(turns).toHaveLength(1);
    expect(turns[0]).toMatchObject({ role: 'official', paragraphs: ['本日は発表のみです。'] });
    expect(toc.questions).toBe(0);
    expect(html).toContain('<div id="lead" class="lead"><p>前文です。</p></div>');
  });

  it('leaves text that only looks like a label alone', async () => {
    const { turns } = await render('## 質疑応答\n\n記者 :時刻は10:13です。\n\n（1）防衛力の強化\n\n(以上)\n');
    expect(turns).toHaveLength(1);
    expect(turns[0]!.paragraphs).toEqual(['時刻は10:13です。', '（1）防衛力の強化', '(以上)']);
  });

  it('escapes HTML that a label or statement carries', async () => {
    const { tree, turns } = await render('## 質疑応答\n\n【<b>NHK</b> 記者】a <script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n');
    const { selectAll } = await import('hast-util-select');
    // Shown as the text it is; no element is created from it.
    expect(selectAll('b, script, img', tree)).toHaveLength(0);
    expect(turns).toEqual([
      expect.objectContaining({ speaker: '<b>NHK</b> 記者', paragraphs: ['a <script>alert(1)</script>', '<img src=x onerror=alert(1)>'] }),
    ]);
  });
});

describe('content mistakes are refused with path:line', () => {
  const file = (body: string, fm = 'title: t\ndate: 2025-01-01') => `---\n${fm}\n---\n\n${body}`;

  it('names an unknown label with its line', async () => {
    const source = file('## 質疑応答\n\n記者 :質問。\n\n謎の人 :\n答え。\n');
    await expect(parseTranscript('content/x.md', source, 'x')).rejects.toThrowError(/^content\/x\.md:10: unknown speaker label "謎の人 :"/u);
  });

  it('names an unknown bracket label', async () => {
    await expect(parseTranscript('content/x.md', file('## 質疑応答\n\n【ゲスト】一言。\n'), 'x')).rejects.toThrowError(/content\/x\.md:8: unknown speaker label "【ゲスト】"/u);
  });

  it('refuses a missing or impossible date at the date line', async () => {
    const errors = async (source: string) => {
      try {
        await parseTranscript('content/x.md', source, 'x');
      } catch (e) {
        return (e as TranscriptErrors).message.split('\n');
      }
      return [];
    };
    expect(await errors(file('## 発表\n\n本文', 'title: t\ndate: 2025-02-29'))).toEqual([
      'content/x.md:3: frontmatter "date" must be a real date written YYYY-MM-DD (e.g. 2025-09-08)',
    ]);
    expect((await errors(file('## 発表\n\n本文', 'title: t')))[0]).toMatch(/^content\/x\.md:\d+: frontmatter "date"/u);
    expect((await errors(file('## 発表\n\n本文', 'title: t\ndate: 2025-01-01\nplase: 東京')))[0]).toMatch(/^content\/x\.md:4: unknown frontmatter field\(s\) "plase"/u);
    expect((await errors('no frontmatter\n'))[0]).toMatch(/^content\/x\.md:1: missing frontmatter/u);
    expect((await errors('---\ntitle: [oops\n---\n'))[0]).toMatch(/^content\/x\.md:2:13: broken frontmatter YAML/u);
  });

  it('refuses a label with no statement after it', async () => {
    await expect(parseTranscript('content/x.md', file('## 質疑応答\n\n記者 :\n\n## 次\n'), 'x')).rejects.toThrowError(/content\/x\.md:8: speaker label "記者 :" has no statement/u);
  });
});

describe('the seed', async () => {
  const seedMd = await readFile(path.resolve('content/2025/2025-09-08-nakatani-seoul.md'), 'utf8');
  const briefing = await parseTranscript('content/2025/2025-09-08-nakatani-seoul.md', seedMd, '2025/2025-09-08-nakatani-seoul');

  it('is 1 announcement and 4 question/answer pairs under 2 topics', () => {
    const [announcement, qaSection] = briefing.body.sections;
    expect(announcement!.kind).toBe('announcement');
    expect(announcement!.topics.flatMap((t) => t.turns).map((t) => t.role)).toEqual(['official']);
    expect(qaSection!.kind).toBe('qa');
    expect(qaSection!.topics.map((t) => t.heading)).toEqual([
      '日韓の防衛協力をいかに持続させるか、また今後の相互訪問や定例協議について',
      '今回の日韓防衛大臣会談の成果を、日米韓協力にどうつなげるか',
    ]);
    expect(qaSection!.topics.map((t) => t.turns.map((x) => x.role))).toEqual([
      ['reporter', 'official', 'reporter', 'official'],
      ['reporter', 'official', 'reporter', 'official'],
    ]);
  });

  it.skipIf(!SEED_SAMPLE)('loses nothing: every line of the published text between the announcement and (以上) is a statement, in order, in the right turn', async () => {
    // Read the published text itself, not our Markdown: a label line sets who speaks next,
    // a heading line is a heading, everything else is one statement paragraph.
    const published = (await readFile(SEED_SAMPLE!, 'utf8')).split('\n');
    const from = published.indexOf('大臣からの発表事項');
    const to = published.indexOf('(以上)');
    const headings = new Set(['記者との質疑応答', ...briefing.body.sections.flatMap((s) => s.topics.map((t) => t.heading))]);
    const expected: Array<{ role: string; text: string }> = [];
    let role = 'official';
    for (const line of published.slice(from + 1, to)) {
      if (line === '記者 :') role = 'reporter';
      else if (line === '大臣 :') role = 'official';
      else if (!headings.has(line)) expected.push({ role, text: line });
    }
    // 7 announcement paragraphs + 18 in the four exchanges, counted by hand in the published text.
    expect(expected.length).toBe(25);

    const { turns } = await render(seedMd.replace(/^---[\s\S]*?\n---\n/u, ''), briefing.frontmatter);
    const rendered = turns.flatMap((t) => t.paragraphs.map((text) => ({ role: t.role, text })));
    expect(rendered).toEqual(expected);
    // And the index receives the same statements, in the same order.
    const statements = statementsOf(briefing).filter((s) => s.role !== 'lead');
    expect(statements.flatMap((s) => s.text.split('\n'))).toEqual(expected.map((e) => e.text));
  });
});
