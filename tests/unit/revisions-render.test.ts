import { describe, expect, it } from 'vitest';
import { REVISION_KIND_TEXT, revisionDay, revisionExcerpt } from '../../src/render/revisions.ts';

describe('how the page shows a correction', () => {
  it('keeps the changes and shortens long unchanged runs to their ends around them', () => {
    const long = 'あ'.repeat(100);
    const shown = revisionExcerpt([{ op: 'equal', text: `${long}前` }, { op: 'del', text: 'は' }, { op: 'ins', text: 'を' }, { op: 'equal', text: `後${long}` }], 5);
    expect(shown).toEqual([{ op: 'gap' }, { op: 'equal', text: 'ああああ前' }, { op: 'del', text: 'は' }, { op: 'ins', text: 'を' }, { op: 'equal', text: '後ああああ' }, { op: 'gap' }]);
    // A run between two changes keeps both ends; a short one is kept whole.
    const between = revisionExcerpt([{ op: 'del', text: 'x' }, { op: 'equal', text: `一${long}二` }, { op: 'ins', text: 'y' }, { op: 'equal', text: '短い' }], 3);
    expect(between).toEqual([{ op: 'del', text: 'x' }, { op: 'equal', text: '一ああ' }, { op: 'gap' }, { op: 'equal', text: 'ああ二' }, { op: 'ins', text: 'y' }, { op: 'equal', text: '短い' }]);
    expect(revisionExcerpt([{ op: 'equal', text: '短い文' }, { op: 'ins', text: 'を' }])).toEqual([{ op: 'equal', text: '短い文' }, { op: 'ins', text: 'を' }]);
  });

  it('never cuts a character outside the BMP in two', () => {
    const shown = revisionExcerpt([{ op: 'ins', text: 'x' }, { op: 'equal', text: '𠮷'.repeat(10) }], 3);
    expect(shown).toEqual([{ op: 'ins', text: 'x' }, { op: 'equal', text: '𠮷𠮷𠮷' }, { op: 'gap' }]);
  });

  it('the day of a commit in its own time zone, and a text for every kind', () => {
    expect(revisionDay('2025-09-15T00:30:00+09:00')).toBe('2025年9月15日');
    expect(Object.keys(REVISION_KIND_TEXT).sort()).toEqual(['frontmatter', 'other', 'text', 'unreadable', 'whitespace']);
  });
});
