import { describe, expect, it } from 'vitest';
import { compatiblePositions } from '../../src/speakers/identity.ts';
import { buildSpeakerIndex } from '../../src/speakers/registry.ts';
import type { BriefingSummary, SpeakerCount } from '../../src/archive/archive.ts';
import type { BriefingFrontmatter } from '../../src/model/frontmatter.ts';

/** An invented briefing summary: frontmatter and the per-speaker statement counts of its turns. */
function briefing(slug: string, fm: Partial<BriefingFrontmatter> & { date: string }, speakers: SpeakerCount[]): BriefingSummary {
  return { slug, path: `content/${slug}.md`, file: `/c/${slug}.md`, hash: slug, frontmatter: { title: slug, ...fm }, turns: 0, questions: 0, statements: 0, speakers, media: [] };
}
const official = (speaker: string, statements: number, extra: Partial<SpeakerCount> = {}): SpeakerCount => ({ speaker, role: 'official', statements, ...extra });
const reporter = (statements: number): SpeakerCount => ({ speaker: '記者', role: 'reporter', statements });

describe('compatiblePositions', () => {
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
  ] as const)('%s ~ %s: %s', (label, fm, expected) => {
    expect(compatiblePositions(label, fm)).toBe(expected);
  });
});

describe('who is who (the speaker rules)', () => {
  it('joins a named label to its own briefing\'s frontmatter speaker, and nothing else', () => {
    const index = buildSpeakerIndex([
      briefing('a', { date: '2024-09-13', speakers: [{ name: '上川 陽子', position: '外務大臣' }] }, [official('上川外務大臣', 2, { name: '上川', position: '外務大臣' }), reporter(2), official('答', 1)]),
      briefing('b', { date: '2024-10-04' }, [official('上川外務大臣', 1, { name: '上川', position: '外務大臣' })]),
      briefing('c', { date: '2024-11-01', speakers: [{ name: '上川 陽子', position: '外務大臣' }] }, [official('上川政務官', 1, { name: '上川', position: '政務官' }), official('上川外務大臣', 3, { name: '上川', position: '外務大臣' })]),
    ]);
    expect(index.speakers.map((s) => [s.id, s.source, s.statements, s.briefings.map((b) => `${b.slug}:${b.statements}`)])).toEqual([
      ['上川陽子', 'full', 6, ['c:3', 'a:3']],
      ['上川政務官', 'label', 1, ['c:1']],
      ['上川外務大臣', 'label', 1, ['b:1']],
    ]);
    expect(index.byId.get('上川外務大臣')!.related).toEqual(['上川陽子']);
    expect(index.of('a').turns.get('答')!.id).toBe('上川陽子');
  });

  it('keeps two people with one name apart when the archive gives two readings', () => {
    const index = buildSpeakerIndex([
      briefing('x', { date: '2001-01-01', speakers: [{ name: '河野 太郎', reading: 'こうの たろう', position: '外務大臣' }] }, []),
      briefing('y', { date: '2002-01-01', speakers: [{ name: '河野 太郎', reading: 'かわの たろう', position: '外務大臣' }] }, []),
      briefing('z', { date: '2003-01-01', speakers: [{ name: '河野  太郎', position: '外務大臣' }] }, []),
    ]);
    expect(index.speakers.map((s) => s.id).sort()).toEqual(['河野太郎', '河野太郎-かわのたろう', '河野太郎-こうのたろう']);
  });

  it('one full name is one person across briefings, with positions over time', () => {
    const index = buildSpeakerIndex([
      briefing('1', { date: '2016-08-05', speakers: [{ name: '中谷 元', position: '防衛大臣' }] }, [official('中谷防衛大臣', 2)]),
      briefing('2', { date: '2025-09-08', speakers: [{ name: '中谷 元', position: '防衛大臣' }] }, [official('大臣', 4)]),
      briefing('3', { date: '2010-01-05', speakers: [{ name: '中谷元', position: '衆議院議員' }] }, []),
    ]);
    expect(index.speakers).toHaveLength(1);
    expect(index.speakers[0]!.tenures).toEqual([
      { position: '衆議院議員', from: '2010-01-05', to: '2010-01-05', briefings: 1 },
      { position: '防衛大臣', from: '2016-08-05', to: '2025-09-08', briefings: 2 },
    ]);
    expect(index.speakers[0]!.briefings.map((b) => [b.slug, b.statements])).toEqual([['2', 4], ['1', 2], ['3', 0]]);
  });

  it('with two frontmatter speakers, an unnamed label goes to the one whose position it is, or to nobody', () => {
    const fm = { date: '2023-01-10', speakers: [{ name: '鈴木 一郎', position: '防衛副大臣' }, { name: '佐藤 花子', position: '防衛大臣政務官' }] };
    const index = buildSpeakerIndex([briefing('m', fm, [official('鈴木防衛副大臣', 1), official('副大臣', 2, { position: '副大臣' }), official('政務官', 1, { position: '政務官' }), official('Ａ', 5), official('大臣', 1, { position: '大臣' })])]);
    const turns = index.of('m').turns;
    expect([...turns].map(([speaker, p]) => [speaker, p.id])).toEqual([
      ['鈴木防衛副大臣', '鈴木一郎'],
      ['副大臣', '鈴木一郎'],
      ['政務官', '佐藤花子'],
    ]);
    expect(index.byId.get('鈴木一郎')!.statements).toBe(3);
  });
});
