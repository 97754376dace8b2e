import { describe, expect, it } from 'vitest';
import { scriptJson } from '../../src/render/jsonld.ts';
import { fromHtml } from 'hast-util-from-html';
import { selectAll } from 'hast-util-select';
import { toText } from 'hast-util-to-text';
import { createTranscriptProcessor, runTranscript } from '../../src/markdown/processor.ts';
import { linkSpeakers, transcriptHtml } from '../../src/render/speaker-links.ts';
import { csvField, csvRow } from '../../src/export/records.ts';

describe('CSV fields', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "yes"', '"say ""yes"""'],
    ['line\nbreak', '"line\nbreak"'],
    ['=1+1', "'=1+1"],
    ['-5度', "'-5度"],
    ['@mention', "'@mention"],
    ['日本語', '日本語'],
  ])('%j → %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
  it('empty for null, numbers as written, CRLF after a row', () => {
    expect(csvRow([null, 3, 'x'])).toBe(',3,x\r\n');
  });
});

describe('JSON inside <script>', () => {
  it('cannot close the element or open a comment, and parses to the same value', () => {
    const value = { name: '</script><script>alert(1)</script><!-- & \u2028 \u2029' };
    const text = scriptJson(value);
    expect(text).not.toMatch(/<|>|&|\u2028|\u2029/u);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('speaker links in a rendered transcript', () => {
  it("links only the turns the rules attribute to a person, by their data-person, with the link's attributes escaped", async () => {
    const body = '## 質疑応答\n\n【A&B 山田記者】質問です。\n\n大臣 :<span class="speaker">大臣</span>と書いた答えです。\n';
    const run = await runTranscript(createTranscriptProcessor(), body, '中谷防衛大臣', [{ name: '中谷 元', position: '防衛大臣' }]);
    const links = new Map([
      ['中谷 元', { href: '/s/"x"/', cite: '中谷 元 <防衛大臣>' }],
      ['A&B 山田記者', { href: '/s/ab/', cite: 'A&B' }],
    ]);
    const page = fromHtml(transcriptHtml(linkSpeakers(run.tree, links)), { fragment: true });
    const linked = selectAll('span.speaker > a', page).map((a) => [toText(a), a.properties['href'], a.properties['dataCite']]);
    // A reporter is nobody's: a link keyed by its label's words does not reach it.
    expect(linked).toEqual([['中谷 元 防衛大臣', '/s/"x"/', '中谷 元 <防衛大臣>']]);
    // Raw HTML in a statement is text: it is shown, not linked.
    expect(selectAll('p a', page)).toEqual([]);
    expect(toText(selectAll('article p', page)[1]!)).toBe('<span class="speaker">大臣</span>と書いた答えです。');
  });
});
