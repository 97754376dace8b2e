/**
 * Property: a transcript generated from the label table, with Markdown noise, odd spaces, line endings
 * and encodings, is either refused with `path:line` problems that point into the file, or read so that
 * every statement it was written with is there exactly once, in order, in a turn of the right role —
 * on the page, in the model, and (for a sample) in the search index, findable.
 *
 * The generator records what it wrote; expectations come from that record, never from the reader.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { fromHtml } from 'hast-util-from-html';
import { afterAll, describe, expect, it } from 'vitest';
import { writeIndex, type BriefingInput } from '../../src/search/index/writer.ts';
import { openSearch } from '../../src/search/query/node.ts';
import { parseTranscriptBytes, statementsOf } from '../../src/archive/parse.ts';
import { transcriptHtml } from '../../src/render/speaker-links.ts';
import type { Role } from '../../src/model/vocabulary.ts';
import { turnsOf } from '../helpers/render.ts';

/** Labels as sources write them, with the role each stands for. */
const LABELS: Array<[string, Role]> = [
  ['記者 :', 'reporter'], ['記者：', 'reporter'], ['Q:', 'reporter'], ['Ｑ：', 'reporter'], ['Ｑ：（朝日新聞）', 'reporter'],
  ['【NHK 山田記者】', 'reporter'], ['(問)', 'reporter'], ['（問）', 'reporter'],
  ['大臣 :', 'official'], ['防衛大臣：', 'official'], ['A:', 'official'], ['Ａ：', 'official'], ['【上川大臣】', 'official'],
  ['(答)', 'official'], ['海上幕僚長 :', 'official'], ['統幕長 :', 'official'], ['次官：', 'official'], ['司会 :', 'moderator'],
];
const SPACES = [' ', '\u00a0', '\u3000', '\u2009', '\u200b', ''];
const WORDS = ['防衛', '協力', '訓練', '自衛隊', '装備', '移転', '会談', '情報', '共有', '北朝鮮', 'ミサイル', '発射', '日米', '同盟', '予算', '部隊'];

interface Written {
  role: Role;
  paragraphs: string[];
}

/** A statement paragraph: words, and the text a reader sees once Markdown is rendered. */
const paragraph = fc
  .tuple(
    fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 6 }),
    fc.constantFrom('plain', 'bold', 'html', 'escaped-hash', 'link'),
  )
  .map(([words, noise]) => {
    const base = words.join('');
    switch (noise) {
      case 'bold':
        return { md: `${base}は**重要**です。`, text: `${base}は重要です。` };
      case 'html':
        return { md: `${base}と<b>太字</b>です。`, text: `${base}と<b>太字</b>です。` };
      case 'escaped-hash':
        return { md: `\\# ${base}。`, text: `# ${base}。` };
      case 'link':
        return { md: `${base}は[資料](https://example.org/a)のとおり。`, text: `${base}は資料のとおり。` };
      default:
        return { md: `${base}。`, text: `${base}。` };
    }
  });

const turn = fc.record({
  label: fc.constantFrom(...LABELS),
  space: fc.constantFrom(...SPACES),
  alone: fc.boolean(),
  bold: fc.boolean(),
  paragraphs: fc.array(paragraph, { minLength: 1, maxLength: 3 }),
});

/** Things that must make the file refused, each with the rule that refuses it. */
const HAZARDS = {
  setext: { line: '---', rule: 'transcript:setext-heading' },
  thematic: { line: '\n***\n', rule: 'transcript:thematic-break' },
  deep: { line: '\n#### 小見出し\n', rule: 'transcript:deep-heading' },
  script: { line: '\n記者 :[こちら](javascript:alert(1))\n', rule: 'transcript:unsafe-url' },
  unknown: { line: '\n謎の人 :\n何か。\n', rule: 'transcript:unknown-label' },
} as const;

const transcript = fc.record({
  turns: fc.array(turn, { minLength: 1, maxLength: 8 }),
  blankLines: fc.boolean(),
  crlf: fc.boolean(),
  bom: fc.boolean(),
  hazard: fc.option(fc.constantFrom(...(Object.keys(HAZARDS) as Array<keyof typeof HAZARDS>)), { freq: 3 }),
  hazardAt: fc.nat(),
  sjis: fc.boolean(),
});

type Generated = typeof transcript extends fc.Arbitrary<infer T> ? T : never;

function write(t: Generated): { text: string; written: Written[]; hazard: keyof typeof HAZARDS | null } {
  const lines = ['---', 'title: 生成した会見', 'date: 2025-01-06', '---', '', '## 質疑応答', ''];
  const written: Written[] = [];
  const at = t.hazard ? t.hazardAt % t.turns.length : -1;
  t.turns.forEach((x, i) => {
    const [label, role] = x.label;
    // A space inside the label, where the label has one to replace.
    let shown = label.replace(' ', x.space);
    if (x.bold) shown = `**${shown}**`;
    const [first, ...rest] = x.paragraphs;
    if (x.alone) lines.push(shown, first!.md);
    else lines.push(`${shown}${first!.md}`);
    for (const p of rest) lines.push('', p.md);
    written.push({ role, paragraphs: x.paragraphs.map((p) => p.text) });
    if (i === at) lines.push(HAZARDS[t.hazard!].line);
    if (t.blankLines) lines.push('');
  });
  let text = lines.join('\n') + '\n';
  if (t.crlf) text = text.replaceAll('\n', '\r\n');
  if (t.bom) text = `\ufeff${text}`;
  return { text, written, hazard: t.hazard };
}

/** 記者会見 in Shift_JIS. */
const SJIS_TITLE = [0x8b, 0x4c, 0x8e, 0xd2, 0x89, 0xef, 0x8c, 0xa9];

/** The file's bytes: UTF-8, or with its title saved in Shift_JIS (as a legacy editor would). */
function bytesOf(text: string, sjis: boolean): Uint8Array {
  if (!sjis) return new Uint8Array(Buffer.from(text, 'utf8'));
  const [before, after] = text.split('生成した会見');
  return new Uint8Array([...Buffer.from(before!, 'utf8'), ...SJIS_TITLE, ...Buffer.from(after!, 'utf8')]);
}

describe('generated transcripts: refused at a line, or every statement once, in order, in the right turn', () => {
  it('holds for 300 generated files', async () => {
    await fc.assert(
      fc.asyncProperty(transcript, async (t) => {
        const { text, written, hazard } = write(t);
        const bytes = bytesOf(text, t.sjis);
        const o = await parseTranscriptBytes(bytes);
        const lineCount = text.split('\n').length;
        if (t.sjis) {
          expect(!o.ok && o.problems.map((p) => p.rule)).toEqual(['source:encoding']);
          return;
        }
        if (hazard) {
          expect(o.ok).toBe(false);
          if (o.ok) return;
          expect(o.problems.map((p) => p.rule)).toContain(HAZARDS[hazard].rule);
          for (const p of o.problems) expect(p.line >= 1 && p.line <= lineCount, `${p.line} of ${lineCount}`).toBe(true);
          return;
        }
        expect(o.ok, o.ok ? '' : JSON.stringify(o.problems)).toBe(true);
        if (!o.ok) return;
        const model = o.transcript.body.sections.flatMap((s) => s.topics.flatMap((x) => x.turns));
        expect(model.map((m) => ({ role: m.role, paragraphs: m.paragraphs }))).toEqual(written);
        const page = turnsOf(fromHtml(transcriptHtml(o.transcript.tree), { fragment: true }));
        expect(page.map((p) => ({ role: p.role, paragraphs: p.paragraphs }))).toEqual(written);
        expect(new Set(page.map((p) => p.id)).size).toBe(page.length);
      }),
      { numRuns: 300, seed: 20261202 },
    );
  }, 120_000);
});

describe('generated transcripts in the search index', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kaiken-prop-index-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('every statement is indexed once and found in its turn, with its role', async () => {
    const samples = fc.sample(transcript.filter((t) => t.hazard === null && !t.sjis), { numRuns: 12, seed: 7 });
    const inputs: BriefingInput[] = [];
    let statementCount = 0;
    const expected = new Map<string, { slug: string; turn: string; role: string }>();
    for (const [n, t] of samples.entries()) {
      // A token only this statement has, so a search for it must find exactly this turn.
      t.turns.forEach((x, i) => (x.paragraphs[0] = { md: `${x.paragraphs[0]!.md}zq${n}x${i}。`, text: `${x.paragraphs[0]!.text}zq${n}x${i}。` }));
      const { text, written } = write(t);
      const o = await parseTranscriptBytes(new Uint8Array(Buffer.from(text, 'utf8')));
      expect(o.ok).toBe(true);
      if (!o.ok) continue;
      const slug = `gen/${n}`;
      const statements = statementsOf(slug, o.transcript);
      statementCount += statements.length;
      inputs.push({ slug, hash: slug, date: o.transcript.frontmatter.date, statements: () => statements });
      written.forEach((w, i) => expected.set(`zq${n}x${i}`, { slug, turn: `t${i + 1}`, role: w.role }));
    }
    const summary = await writeIndex(inputs, dir, { base: '/', cacheDir: path.join(dir, 'cache'), workers: 0 });
    expect(summary.statements).toBe(statementCount);
    const engine = openSearch(dir);
    for (const [token, want] of expected) {
      const { total, hits } = await engine.search(token);
      expect(total, token).toBe(1);
      expect({ slug: hits[0]!.briefing, turn: hits[0]!.turn, role: hits[0]!.role }).toEqual(want);
    }
  }, 120_000);
});
