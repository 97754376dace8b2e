/**
 * Who is who: the per-transcript speaker rules (src/model/identity.ts, run by the transcript processor
 * as remark-speakers), and the archive-wide part (src/speakers/), on invented transcripts parsed the
 * way the build parses them — so each briefing's summary is the real one.
 */
import { describe, expect, it } from 'vitest';
import { compatiblePositions, identify, identityName, namesIdentity, samePosts, speakerQuery, type FrontmatterSpeaker } from '../../src/model/identity.ts';
import { parseTranscriptText } from '../../src/archive/parse.ts';
import { summarize, type BriefingSummary } from '../../src/archive/summary.ts';
import { buildSpeakerIndex } from '../../src/speakers/registry.ts';
import { render } from '../helpers/render.ts';

/** An invented briefing, parsed: `speakers` in its frontmatter, then a Q&A section of the given label lines. */
async function briefing(slug: string, date: string, speakers: FrontmatterSpeaker[], lines: string[]): Promise<BriefingSummary> {
  const fm = [`title: 会見${slug}`, `date: ${date}`];
  if (speakers.length > 0) {
    fm.push('speakers:');
    for (const s of speakers) fm.push(`  - name: ${s.name}`, ...(s.reading ? [`    reading: ${s.reading}`] : []), ...(s.position ? [`    position: ${s.position}`] : []));
  }
  const text = `---\n${fm.join('\n')}\n---\n\n## 質疑応答\n\n${lines.map((l, i) => `${l}\n発言${i + 1}です。`).join('\n\n')}\n`;
  const parsed = await parseTranscriptText(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const { mediaRefs: _media, ...summary } = summarize(parsed.transcript);
  return { ...summary, slug, path: `content/${slug}.md`, file: `/c/${slug}.md`, hash: slug, media: [] };
}

describe('compatiblePositions and samePosts', () => {
  it.each([
    ['大臣', '外務大臣', true],
    ['大臣', '防衛大臣', true],
    ['海幕長', '海上幕僚長', true],
    ['幕僚長', '航空幕僚長', true],
    ['大臣', '防衛副大臣', false],
    ['副大臣', '防衛大臣', false],
    ['政務官', '防衛副大臣', false],
    ['長官', '官房長官', false],
    [undefined, '外務大臣', true],
    ['係長', '課長', false],
  ] as const)('a label\'s %s may be the frontmatter\'s %s: %s', (label, fm, expected) => {
    expect(compatiblePositions(label, fm)).toBe(expected);
  });

  it.each([
    ['統幕長', '統合幕僚長', true],
    ['大臣', '防衛大臣', true],
    ['防衛大臣', '外務大臣', false],
    ['大臣', '外務大臣', false],
    ['副大臣', '防衛副大臣', true],
    ['幕僚長', '統合幕僚長', false],
    ['次官', '防衛事務次官', true],
    ['係長', '係長', true],
  ] as const)('%s is the post %s: %s', (a, b, expected) => {
    expect(samePosts(a, b)).toBe(expected);
  });
});

describe('the per-transcript rules', () => {
  const minister: FrontmatterSpeaker = { name: '森山 一郎', position: '防衛大臣' };
  const turn = (role: string, label: string | null, extra: { name?: string; position?: string } = {}) => ({ role, label, ...extra });

  it('an unnamed A, 大臣 or (答) is the principal of that position; 統幕長 is written in full', () => {
    expect(identify([minister], [turn('official', 'Ａ：'), turn('official', '大臣 :', { position: '大臣' }), turn('official', '（答）'), turn('reporter', 'Ｑ：'), turn('official', null)])).toEqual([
      { person: '森山 一郎', position: '防衛大臣' },
      { person: '森山 一郎', position: '防衛大臣' },
      { person: '森山 一郎', position: '防衛大臣' },
      null,
      { person: '森山 一郎', position: '防衛大臣' },
    ]);
    // A frontmatter without a position: the position the person's labels give, in full, on all their turns.
    expect(identify([{ name: '川口 次郎' }], [turn('official', 'Ａ：'), turn('official', '統幕長 :', { position: '統幕長' })])).toEqual([
      { person: '川口 次郎', position: '統合幕僚長' },
      { person: '川口 次郎', position: '統合幕僚長' },
    ]);
    expect(identify([{ name: '川口 次郎', position: '統幕長' }], [turn('official', '統幕長 :', { position: '統幕長' })])).toEqual([{ person: '川口 次郎', position: '統合幕僚長' }]);
  });

  it('two principals: a label goes to the one whose position it is; an unnamed A to nobody', () => {
    const two = [{ name: '鈴木 一郎', position: '防衛副大臣' }, { name: '佐藤 花子', position: '防衛大臣政務官' }];
    expect(identify(two, [turn('official', '副大臣 :', { position: '副大臣' }), turn('official', '政務官 :', { position: '政務官' }), turn('official', 'Ａ：'), turn('official', '大臣 :', { position: '大臣' })])).toEqual([
      { person: '鈴木 一郎', position: '防衛副大臣' },
      { person: '佐藤 花子', position: '防衛大臣政務官' },
      null,
      null,
    ]);
  });

  it('a named label without its person in the frontmatter stands for itself', () => {
    expect(identify([], [turn('official', '【上川外務大臣】', { name: '上川', position: '外務大臣' }), turn('official', '【吉田統幕長】', { name: '吉田', position: '統幕長' })])).toEqual([
      { person: '上川外務大臣', position: '外務大臣' },
      { person: '吉田統幕長', position: '統合幕僚長' },
    ]);
    expect(identityName({ person: '吉田統幕長', position: '統合幕僚長' })).toBe('吉田統幕長');
    expect(identityName({ person: '中谷 元', position: '防衛大臣' })).toBe('中谷 元 防衛大臣');
    expect(identityName({ person: '中谷 元' })).toBe('中谷 元');
  });

  it('the speaker filter names a person by full or family name and a position however written, never by a part', () => {
    const nakatani = { person: '中谷 元', position: '防衛大臣' };
    const label = { person: '上川外務大臣', position: '外務大臣' };
    const chief = { person: '川口 次郎', position: '統合幕僚長' };
    const archive = { people: ['中谷 元', '上川外務大臣', '川口 次郎'], positions: ['防衛大臣', '外務大臣', '統合幕僚長'] };
    const names = (q: string, id: { person: string; position: string }) => namesIdentity(speakerQuery(q, archive), id);
    expect(['中谷 元', '中谷元', '中谷', '防衛大臣', '大臣', 'ﾅｶﾀﾆ'].map((q) => names(q, nakatani))).toEqual([true, true, true, true, true, false]);
    expect(['中', '元', '外務大臣', '防衛', ''].map((q) => names(q, nakatani))).toEqual([false, false, false, false, false]);
    expect(['上川外務大臣', '上川', '外務大臣', '大臣'].map((q) => names(q, label))).toEqual([true, true, true, false]);
    expect(['統幕長', '統合幕僚長', '川口', '幕僚長'].map((q) => names(q, chief))).toEqual([true, true, true, false]);
  });

  it("a query that is exactly somebody's name or a position of the archive names just that (the speaker pages' counts)", () => {
    // As in real records: a frontmatter giving only the family name, a label standing for itself, and a
    // label's bare 大臣 where the briefing names nobody.
    const iwaya = { person: '岩屋', position: '外務大臣' };
    const label = { person: '岩屋外務大臣', position: '外務大臣' };
    const kyuma = { person: '久間大臣', position: '大臣' };
    const nakatani = { person: '中谷元', position: '防衛大臣' };
    const archive = { people: ['岩屋', '岩屋外務大臣', '久間大臣', '中谷元'], positions: ['外務大臣', '大臣', '防衛大臣'] };
    const names = (q: string) => [iwaya, label, kyuma, nakatani].map((id) => namesIdentity(speakerQuery(q, archive), id));
    expect(names('岩屋')).toEqual([true, false, false, false]);
    expect(names('岩屋外務大臣')).toEqual([false, true, false, false]);
    expect(names('大臣')).toEqual([false, false, true, false]);
    expect(names('防衛大臣')).toEqual([false, false, false, true]);
    expect(names('中谷 元')).toEqual([false, false, false, true]);
    // Not exactly anybody's: a label's name before its position; a family name only where the frontmatter
    // writes the name with a space (中谷元 has none to tell where the family name ends).
    expect(names('久間')).toEqual([false, false, true, false]);
    expect(names('中谷')).toEqual([false, false, false, false]);
    // Once some briefing writes it with its space, the family name names the person however spaced.
    const spaced = speakerQuery('中谷', { people: [...archive.people, '中谷 元'], positions: archive.positions });
    expect([nakatani, { person: '中谷 元', position: '防衛大臣' }].map((id) => namesIdentity(spaced, id))).toEqual([true, true]);
  });

  it('the page shows the person in the header, the label beside it, and data-person / data-position on the turn', async () => {
    const page = await render('## 質疑応答\n\nＱ：（共同通信）\n質問です。\n\nＡ：\n答えです。\n\n統幕長 :\n補足です。\n', {
      title: 't',
      date: '2025-01-01',
      speakers: [{ name: '川口 次郎', position: '統合幕僚長' }],
    });
    expect(page.turns.map((t) => [t.speaker, t.person, t.position, t.header])).toEqual([
      ['Ｑ（共同通信）', null, null, 'Ｑ（共同通信） #t1'],
      ['Ａ', '川口 次郎', '統合幕僚長', '川口 次郎 統合幕僚長 Ａ #t2'],
      ['統幕長', '川口 次郎', '統合幕僚長', '川口 次郎 統合幕僚長 統幕長 #t3'],
    ]);
    expect(page.body.sections[0]!.topics[0]!.turns.map((t) => t.identity ?? null)).toEqual([null, { person: '川口 次郎', position: '統合幕僚長' }, { person: '川口 次郎', position: '統合幕僚長' }]);
  });
});

describe('the speaker pages (across the archive)', () => {
  it('joins a named label to its own briefing\'s frontmatter speaker, and nothing else', async () => {
    const kamikawa = { name: '上川 陽子', position: '外務大臣' };
    const index = buildSpeakerIndex([
      await briefing('a', '2024-09-13', [kamikawa], ['【上川外務大臣】', '【上川外務大臣】', '【記者】', '【記者】', '（答）']),
      await briefing('b', '2024-10-04', [], ['【上川外務大臣】']),
      await briefing('c', '2024-11-01', [kamikawa], ['【上川政務官】', '【上川外務大臣】', '【上川外務大臣】', '【上川外務大臣】']),
    ]);
    expect(index.speakers.map((s) => [s.id, s.source, s.statements, s.briefings.map((b) => `${b.slug}:${b.statements}`)])).toEqual([
      ['上川陽子', 'full', 6, ['c:3', 'a:3']],
      ['上川政務官', 'label', 1, ['c:1']],
      ['上川外務大臣', 'label', 1, ['b:1']],
    ]);
    expect(index.byId.get('上川外務大臣')!.related).toEqual(['上川陽子']);
    expect(index.of('a').people.get('上川 陽子')!.id).toBe('上川陽子');
    expect(index.of('b').people.get('上川外務大臣')!.id).toBe('上川外務大臣');
  });

  it('keeps two people with one name apart when the archive gives two readings', async () => {
    const index = buildSpeakerIndex([
      await briefing('x', '2001-01-01', [{ name: '河野 太郎', reading: 'こうの たろう', position: '外務大臣' }], ['大臣 :']),
      await briefing('y', '2002-01-01', [{ name: '河野 太郎', reading: 'かわの たろう', position: '外務大臣' }], ['大臣 :']),
      await briefing('z', '2003-01-01', [{ name: '河野  太郎', position: '外務大臣' }], ['大臣 :']),
    ]);
    expect(index.speakers.map((s) => [s.id, s.statements]).sort()).toEqual([['河野太郎', 1], ['河野太郎-かわのたろう', 1], ['河野太郎-こうのたろう', 1]]);
  });

  it('one full name is one person across briefings, with positions over time (in full)', async () => {
    const index = buildSpeakerIndex([
      await briefing('1', '2016-08-05', [{ name: '中谷 元', position: '防衛大臣' }], ['大臣 :', '大臣 :']),
      await briefing('2', '2025-09-08', [{ name: '中谷 元', position: '防衛大臣' }], ['記者 :', 'Ａ：', '大臣 :', '大臣 :', '大臣 :']),
      await briefing('3', '2010-01-05', [{ name: '中谷元', position: '統幕長' }], ['記者 :']),
    ]);
    expect(index.speakers).toHaveLength(1);
    expect(index.speakers[0]!.tenures).toEqual([
      { position: '統合幕僚長', from: '2010-01-05', to: '2010-01-05', briefings: 1 },
      { position: '防衛大臣', from: '2016-08-05', to: '2025-09-08', briefings: 2 },
    ]);
    expect(index.speakers[0]!.briefings.map((b) => [b.slug, b.statements])).toEqual([['2', 4], ['1', 2], ['3', 0]]);
  });

  it('with two frontmatter speakers, an unnamed label goes to the one whose position it is, or to nobody', async () => {
    const two = [{ name: '鈴木 一郎', position: '防衛副大臣' }, { name: '佐藤 花子', position: '防衛大臣政務官' }];
    const index = buildSpeakerIndex([await briefing('m', '2023-01-10', two, ['副大臣 :', '副大臣 :', '政務官 :', 'Ａ：', 'Ａ：', '大臣 :'])]);
    expect([...index.of('m').people].map(([person, p]) => [person, p.id])).toEqual([
      ['鈴木 一郎', '鈴木一郎'],
      ['佐藤 花子', '佐藤花子'],
    ]);
    expect(index.byId.get('鈴木一郎')!.statements).toBe(2);
    expect(index.byId.get('佐藤花子')!.statements).toBe(1);
  });
});
