import { describe, expect, it } from 'vitest';
import { matchLabel } from '../../src/model/labels.ts';
import { POSITIONS, sectionKindOf } from '../../src/model/vocabulary.ts';

/** Every kind of space a label copied from a web page may carry. */
const SPACES = ['\u00a0', '\u3000', '\u2009', '\u202f', '\u200b', '\u2060', '\ufeff', ' \u00a0'];

describe('the label table', () => {
  it.each(SPACES.map((s) => [JSON.stringify(s), s]))('reads %s in and around a label as a space', (_, sp) => {
    const colon = matchLabel(`${sp}記者${sp}:${sp}質問です。`);
    expect(colon).toMatchObject({ kind: 'label', label: { role: 'reporter', speaker: '記者' }, rest: '質問です。' });
    expect(colon?.kind === 'label' && colon.label.raw).toBe(`記者${sp}:`);

    const bracket = matchLabel(`【NHK${sp}山田記者】${sp}質問です。`);
    // A joiner is no space: NHK and 山田 stay one word, read as the outlet.
    const split = /[\u2060\ufeff]/u.test(sp) ? { outlet: 'NHK山田' } : { outlet: 'NHK', name: '山田' };
    expect(bracket).toMatchObject({ kind: 'label', label: { role: 'reporter', ...split }, rest: '質問です。' });

    expect(matchLabel(`Ｑ${sp}：${sp}（朝日新聞）質問`)).toMatchObject({ kind: 'label', label: { role: 'reporter', outlet: '朝日新聞' }, rest: '質問' });
    expect(matchLabel(`${sp}（答）${sp}答えです。`)).toMatchObject({ kind: 'label', label: { role: 'official', speaker: '答' }, rest: '答えです。' });
  });

  it('knows the short forms of positions, and what they stand for', () => {
    for (const [short, full] of [['統幕長', '統合幕僚長'], ['陸幕長', '陸上幕僚長'], ['海幕長', '海上幕僚長'], ['空幕長', '航空幕僚長'], ['次官', '事務次官']]) {
      expect(POSITIONS.find((p) => p.name === short)?.full).toBe(full);
      expect(matchLabel(`${short} :`)).toMatchObject({ kind: 'label', label: { role: 'official', position: short } });
    }
    expect(matchLabel('【吉田統幕長】')).toMatchObject({ kind: 'label', label: { role: 'official', name: '吉田', position: '統幕長' } });
  });

  it('still refuses unknown words written like a label, and leaves text that only looks like one', () => {
    expect(matchLabel('謎の人\u00a0:')).toMatchObject({ kind: 'unknown', words: '謎の人' });
    expect(matchLabel('【ゲスト】')).toMatchObject({ kind: 'unknown' });
    expect(matchLabel('10:13から始めます')).toBeNull();
    expect(matchLabel('注:本文')).toBeNull();
  });

  it('tells section kinds by their words, questions before statements', () => {
    expect(sectionKindOf('記者との質疑応答')).toBe('qa');
    expect(sectionKindOf('大臣からの発表事項')).toBe('announcement');
    expect(sectionKindOf('質問と発言')).toBe('qa');
    expect(sectionKindOf('その他')).toBe('other');
  });
});
