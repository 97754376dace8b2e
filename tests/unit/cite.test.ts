/**
 * Citation formats and the page's citation metadata, on an invented briefing. Expected texts are
 * written out here; the BibTeX is read back with the parser of Better BibTeX for Zotero.
 */
import { parse } from '@retorquere/bibtex-parser';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bibtexCitation, citation, principalSpeakers, risCitation, type CitedBriefing } from '../../src/cite/formats.ts';
import { citationMeta, highwireMeta } from '../../src/cite/meta.ts';

const BRIEFING: CitedBriefing = {
  slug: '2025/2025-04-01-yamakawa',
  title: '【架空】山川防衛大臣 定例会見',
  date: '2025-04-01',
  speakers: [
    { name: '山川 一郎', position: '防衛大臣' },
    { name: '川村花子', position: '防衛副大臣' },
  ],
  url: 'https://example.org/kaiken/briefings/2025/2025-04-01-yamakawa/',
  publisher: '架空記者会見アーカイブ',
  lang: 'ja',
  source: { credit: '架空ニュース', url: 'https://news.example.org/a?id=1&p=2' },
};
const TURN = { id: 't3', text: '演習は来週に実施する予定です。\n詳細は追って発表します。', speaker: '山川 一郎 防衛大臣' };

describe('citation texts', () => {
  it('the Japanese citation of a statement is the one the page copies now', () => {
    expect(citation('ja', BRIEFING, TURN)).toBe(
      '「演習は来週に実施する予定です。\n詳細は追って発表します。」\n（山川 一郎 防衛大臣、「【架空】山川防衛大臣 定例会見」、2025年4月1日）\nhttps://example.org/kaiken/briefings/2025/2025-04-01-yamakawa/#t3',
    );
  });

  it('the Japanese citation of a briefing names its speakers', () => {
    expect(citation('ja', BRIEFING)).toBe('（山川 一郎 防衛大臣・川村花子 防衛副大臣、「【架空】山川防衛大臣 定例会見」、2025年4月1日）\nhttps://example.org/kaiken/briefings/2025/2025-04-01-yamakawa/');
  });

  it('the English citations', () => {
    expect(citation('en', BRIEFING, TURN)).toBe(
      '“演習は来週に実施する予定です。\n詳細は追って発表します。”\n(山川 一郎 防衛大臣, “【架空】山川防衛大臣 定例会見,” April 1, 2025)\nhttps://example.org/kaiken/briefings/2025/2025-04-01-yamakawa/#t3',
    );
    expect(citation('en', BRIEFING)).toBe(
      '山川 一郎 (防衛大臣); 川村花子 (防衛副大臣). “【架空】山川防衛大臣 定例会見.” Press conference, April 1, 2025. 架空記者会見アーカイブ. https://example.org/kaiken/briefings/2025/2025-04-01-yamakawa/',
    );
  });
});

describe('BibTeX', () => {
  it('parses as one @misc entry with the title, authors, date and URL', () => {
    const lib = parse(bibtexCitation(BRIEFING, TURN));
    expect(lib.errors).toEqual([]);
    expect(lib.entries).toHaveLength(1);
    const e = lib.entries[0]!;
    expect(e.type).toBe('misc');
    expect(e.key).toBe('kaiken-2025-2025-04-01-yamakawa-t3');
    expect(e.fields).toMatchObject({
      title: '【架空】山川防衛大臣 定例会見',
      author: [{ lastName: '山川', firstName: '一郎' }, { lastName: '川村花子' }],
      date: '2025-04-01',
      year: '2025',
      month: '4',
      url: 'https://example.org/kaiken/briefings/2025/2025-04-01-yamakawa/#t3',
      publisher: ['架空記者会見アーカイブ'],
      note: '記者会見録. 発言 t3（山川 一郎 防衛大臣）「演習は来週に実施する予定です。 詳細は追って発表します。」. 出典: 架空ニュース https://news.example.org/a?id=1&p=2',
      langid: 'japanese',
    });
  });

  it('escapes every BibTeX special character: any title and publisher parse back to themselves', () => {
    const text = fc.string({ unit: fc.constantFrom(...'防衛{}\\&%$#_~^"@,=aZ 1'.split('')), minLength: 1 }).filter((s) => s.trim() === s && !/\s\s/u.test(s) && /[^\s]/u.test(s));
    fc.assert(
      fc.property(text, text, (title, publisher) => {
        const lib = parse(bibtexCitation({ ...BRIEFING, title, publisher, speakers: [] }));
        expect(lib.errors).toEqual([]);
        expect(lib.entries[0]!.fields.title).toBe(title);
        expect(lib.entries[0]!.fields.publisher).toEqual([publisher]);
      }),
    );
  });

  it('keeps the URL verbatim, braces and spaces percent-encoded', () => {
    const e = parse(bibtexCitation({ ...BRIEFING, url: 'https://example.org/a b/{x}/%E4%B8%AD/' })).entries[0]!;
    expect(e.fields.url).toBe('https://example.org/a%20b/%7Bx%7D/%E4%B8%AD/');
  });
});

describe('RIS', () => {
  it('is one record of tagged CRLF lines, one AU a person', () => {
    expect(risCitation(BRIEFING)).toBe(
      [
        'TY  - GEN',
        'TI  - 【架空】山川防衛大臣 定例会見',
        'AU  - 山川, 一郎',
        'AU  - 川村花子',
        'DA  - 2025/04/01/',
        'PY  - 2025',
        'M3  - 記者会見録',
        'PB  - 架空記者会見アーカイブ',
        'UR  - https://example.org/kaiken/briefings/2025/2025-04-01-yamakawa/',
        'LA  - ja',
        'N1  - 記者会見録。出典: 架空ニュース https://news.example.org/a?id=1&p=2',
        'ER  - ',
        '',
      ].join('\r\n'),
    );
  });

  it('keeps a statement of several paragraphs on its one line', () => {
    const lines = risCitation(BRIEFING, TURN).split('\r\n');
    expect(lines.slice(0, -1).every((l) => /^[A-Z][A-Z0-9]  - /u.test(l))).toBe(true);
    expect(lines).toContain('UR  - https://example.org/kaiken/briefings/2025/2025-04-01-yamakawa/#t3');
    expect(lines.find((l) => l.startsWith('N1'))).toBe('N1  - 記者会見録。発言 t3（山川 一郎 防衛大臣）「演習は来週に実施する予定です。 詳細は追って発表します。」。出典: 架空ニュース https://news.example.org/a?id=1&p=2');
  });
});

describe('citation metadata', () => {
  it('gives the Highwire tags Zotero reads and their Dublin Core equivalents', () => {
    expect(citationMeta(BRIEFING)).toEqual([
      { name: 'citation_title', content: '【架空】山川防衛大臣 定例会見' },
      { name: 'citation_author', content: '山川, 一郎' },
      { name: 'citation_author', content: '川村花子' },
      { name: 'citation_publication_date', content: '2025/04/01' },
      { name: 'citation_publisher', content: '架空記者会見アーカイブ' },
      { name: 'citation_language', content: 'ja' },
      { name: 'citation_public_url', content: BRIEFING.url },
      { name: 'citation_fulltext_html_url', content: BRIEFING.url },
      { name: 'DC.title', content: '【架空】山川防衛大臣 定例会見' },
      { name: 'DC.creator', content: '山川, 一郎' },
      { name: 'DC.creator', content: '川村花子' },
      { name: 'DC.date', content: '2025-04-01' },
      { name: 'DC.publisher', content: '架空記者会見アーカイブ' },
      { name: 'DC.language', content: 'ja' },
      { name: 'DC.type', content: 'Text' },
      { name: 'DC.format', content: 'text/html' },
      { name: 'DC.identifier', content: BRIEFING.url },
      { name: 'DC.source', content: 'https://news.example.org/a?id=1&p=2' },
    ]);
  });

  it('names no URL when the page has no absolute address', () => {
    const tags = highwireMeta({ ...BRIEFING, url: '/kaiken/briefings/2025/2025-04-01-yamakawa/', speakers: [] });
    expect(tags.map((t) => t.name)).toEqual(['citation_title', 'citation_publication_date', 'citation_publisher', 'citation_language']);
  });
});

describe('principalSpeakers', () => {
  it('the frontmatter\'s speakers, else the officials the rules identify, once each in order', () => {
    expect(principalSpeakers([{ name: '山川 一郎', position: '防衛大臣' }], [{ role: 'official', person: '別人' }])).toEqual([{ name: '山川 一郎', position: '防衛大臣' }]);
    expect(
      principalSpeakers(undefined, [
        { role: 'reporter', person: '山田' },
        { role: 'official', person: '上川外務大臣', position: '外務大臣' },
        { role: 'official' },
        { role: 'official', person: '上川外務大臣', position: '外務大臣' },
        { role: 'official', person: '川村 花子' },
      ]),
    ).toEqual([{ name: '上川外務大臣', position: '外務大臣' }, { name: '川村 花子', position: undefined }]);
    expect(principalSpeakers([], [])).toEqual([]);
  });
});
