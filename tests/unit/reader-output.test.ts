import { describe, expect, it } from 'vitest';
import { scriptJson } from '../../src/render/jsonld.ts';
import { linkSpeakers } from '../../src/render/speaker-links.ts';
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
  const html = '<header><span class="speaker">大臣</span> <a class="turn-link" href="#t3">#t3</a></header><p>&#x3C;span class="speaker">大臣&#x3C;/span></p><header><span class="speaker">A&#x26;B</span></header>';
  it('links only the pipeline\'s speaker spans, by their text, escaping the link', () => {
    const out = linkSpeakers(html, new Map([['大臣', { href: '/s/"x"/', cite: '中谷 元 <防衛大臣>' }], ['A&B', { href: '/s/ab/', cite: 'A&B' }]]));
    expect(out).toBe(
      '<header><span class="speaker"><a href="/s/&quot;x&quot;/" data-cite="中谷 元 &lt;防衛大臣&gt;">大臣</a></span> <a class="turn-link" href="#t3">#t3</a></header>' +
        '<p>&#x3C;span class="speaker">大臣&#x3C;/span></p>' +
        '<header><span class="speaker"><a href="/s/ab/" data-cite="A&amp;B">A&#x26;B</a></span></header>',
    );
  });
});
