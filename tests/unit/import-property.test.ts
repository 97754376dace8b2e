/**
 * Property tests: transcripts generated in the 防衛省 layout and the news layout — random
 * statements full of Markdown-significant characters, labels inline or alone, full- or half-width,
 * blank lines or none, U+3000 continuation lines, topics — are imported with every statement in
 * the right turn, and the written Markdown reads back through the site to the same turns.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importText, renderMarkdown } from '../../src/import/index.ts';
import { sectionHeadingOf } from '../../src/import/headings.ts';
import { toLines } from '../../src/import/lines.ts';
import { matchLabel } from '../../src/model/labels.ts';
import type { Role } from '../../src/model/model.ts';
import { parseTranscript } from '../../src/archive/read.ts';

const CHARS = [
  'あ', 'い', 'う', '防', '衛', '省', '会', '見', '、', '「', '」', '・', 'ー', '（', '）', '(', ')', '*', '_', '#', '-', '+',
  '>', '1', '2', '.', '[', ']', '<', '&', ';', 'x', '~', '\\', '`', '|', '=', ':', '：', ' ', '　', 'Q', 'A', '!', '^', '$', '{', '}',
];
const TOPIC_CHARS = ['あ', 'い', '防', '衛', '会', '見', '・', 'ー', '「', '」', '*', '_', '#', '-', '1', '[', ']', '<', '~', '`', '|', '='];

function plainText(s: string): boolean {
  const line = toLines(s)[0]!;
  return (
    s === s.trim() &&
    s !== '' &&
    matchLabel(s) === null &&
    matchLabel(s.normalize('NFKC')) === null &&
    sectionHeadingOf(line) === null
  );
}

/** A sentence: ends with 。 (so it is never taken for a topic line). */
const sentence = fc
  .array(fc.constantFrom(...CHARS), { minLength: 1, maxLength: 24 })
  .map((a) => `${a.join('')}。`.trim())
  .filter(plainText);
/** A statement's paragraph, maybe followed by U+3000-indented continuation lines. */
const paragraph = fc.record({ text: sentence, continued: fc.array(sentence, { maxLength: 2 }) });
const turn = fc.record({
  role: fc.constantFrom<Role>('reporter', 'official'),
  paragraphs: fc.array(paragraph, { minLength: 1, maxLength: 3 }),
  alone: fc.boolean(),
});
const style = fc.record({ fullWidth: fc.boolean(), blankLines: fc.boolean(), nfkc: fc.boolean() });

interface Expected {
  role: Role;
  paragraphs: string[];
}

describe('防衛省 layout, generated', () => {
  it('keeps every statement in its turn, and the site reads the Markdown to the same turns', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(turn, { minLength: 1, maxLength: 6 }), style, async (turns, st) => {
        const lines = ['防衛大臣記者会見', '日時', '令和3年6月15日（火）10時00分～10時20分', '場所', '防衛省A棟', '2　質疑応答'];
        const expected: Expected[] = [];
        for (const t of turns) {
          const label = t.role === 'reporter' ? (st.fullWidth ? 'Ｑ：' : 'Q:') : st.fullWidth ? 'Ａ：' : 'A:';
          // Text right after an inline Q:/A: that opens with a parenthesis would read as the outlet.
          const first = t.paragraphs[0]!.text;
          const alone = t.alone || /^[(（]/u.test(first);
          t.paragraphs.forEach((p, i) => {
            if (i === 0 && alone) lines.push(label, p.text);
            else lines.push(i === 0 ? `${label}${p.text}` : p.text);
            for (const c of p.continued) lines.push(`\u3000${c}`);
          });
          if (st.blankLines) lines.push('');
          expected.push({ role: t.role, paragraphs: t.paragraphs.map((p) => p.text + p.continued.join('')) });
        }
        lines.push('ページの先頭へ戻る');
        let text = lines.join('\n');
        let want = expected;
        if (st.nfkc) {
          text = text.normalize('NFKC');
          // A page given NFKC-normalised: same turns, text normalised (U+3000 indentation becomes a space).
          want = expected.map((e) => ({ role: e.role, paragraphs: e.paragraphs.map((p) => p.normalize('NFKC')) }));
        }
        const [b] = importText(text);
        const got = b!.sections.flatMap((s) => s.topics.flatMap((t) => t.turns.map((u) => ({ role: u.role, paragraphs: u.paragraphs }))));
        expect(got).toEqual(want);
        const read = await parseTranscript('generated.md', renderMarkdown(b!), 'generated');
        const site = read.body.sections.flatMap((s) => s.topics.flatMap((t) => t.turns.map((u) => ({ role: u.role, paragraphs: u.paragraphs }))));
        expect(site).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });
});

const topicLine = fc
  .array(fc.constantFrom(...TOPIC_CHARS), { minLength: 1, maxLength: 20 })
  .map((a) => a.join('').trim())
  .filter((s) => plainText(s) && !/[、,，.．!?！？:：;；]$/u.test(s));

describe('news layout, generated', () => {
  it('finds topics before questions and keeps every statement in its turn', async () => {
    const exchange = fc.record({
      topic: fc.option(topicLine, { nil: undefined }),
      question: fc.array(sentence, { minLength: 1, maxLength: 2 }),
      answer: fc.array(sentence, { minLength: 1, maxLength: 3 }),
      alone: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(exchange, { minLength: 1, maxLength: 5 }), fc.boolean(), async (exchanges, blankLines) => {
        const lines = [
          '防衛大臣が臨時会見（9月8日）',
          '- 日本の防衛',
          '2025-9-11 09:01',
          '令和7(2025)年9月8日(月)17時05分~17時19分、山田 太郎(やまだ・たろう)防衛大臣は、防衛省で臨時会見を行った。',
          '記者との質疑応答',
        ];
        const topics: { heading: string | null; turns: Expected[] }[] = [];
        for (const ex of exchanges) {
          if (ex.topic !== undefined || topics.length === 0) {
            if (ex.topic !== undefined) lines.push(ex.topic);
            topics.push({ heading: ex.topic ?? null, turns: [] });
          }
          for (const [label, role, paras] of [['記者 :', 'reporter', ex.question], ['大臣 :', 'official', ex.answer]] as const) {
            if (ex.alone) lines.push(label, ...paras);
            else lines.push(`${label}${paras[0]}`, ...paras.slice(1));
            if (blankLines) lines.push('');
            topics.at(-1)!.turns.push({ role, paragraphs: [...paras] });
          }
        }
        lines.push('(以上)', '◎下の[次の記事]ボタンで次の記事へ');
        const [b] = importText(lines.join('\n'));
        expect(b!.frontmatter.speakers).toEqual([{ name: '山田 太郎', reading: 'やまだ たろう', position: '防衛大臣' }]);
        const got = b!.sections[0]!.topics.map((t) => ({ heading: t.heading, turns: t.turns.map((u) => ({ role: u.role, paragraphs: u.paragraphs })) }));
        expect(got).toEqual(topics);
        const read = await parseTranscript('generated.md', renderMarkdown(b!), 'generated');
        expect(read.body.sections[0]!.topics.map((t) => ({ heading: t.heading, turns: t.turns.map((u) => ({ role: u.role, paragraphs: u.paragraphs })) }))).toEqual(topics);
      }),
      { numRuns: 300 },
    );
  });
});
