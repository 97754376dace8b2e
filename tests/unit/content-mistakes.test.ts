/**
 * Bad content, hostile or careless: each case is refused with `path:line` and a reason, once, or read
 * to the right turns — never a script link, never a statement given to the wrong speaker or lost.
 * Cases are the ones found by hand (issue 11); expected results are written out, not computed.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TranscriptArchive } from '../../src/archive/archive.ts';
import { parseTranscriptBytes, parseTranscriptText } from '../../src/archive/parse.ts';
import { formatProblem } from '../../src/model/problems.ts';
import { render } from '../helpers/render.ts';

const FM = '---\ntitle: t\ndate: 2025-01-01\n---\n\n';
const qa = (turns: string) => `${FM}## 質疑応答\n\n${turns}\n`;

/** `line [rule]` of every problem, or the turns when the file reads. */
async function outcome(source: string) {
  const o = await parseTranscriptText(source);
  if (!o.ok) return { refused: o.problems.map((p) => `${p.line} ${p.rule}`) };
  const turns = o.transcript.body.sections.flatMap((s) => s.topics.flatMap((t) => t.turns));
  return { turns: turns.map((t) => [t.id, t.role, t.speaker, t.paragraphs.join('\n'), t.replyTo ?? null]) };
}

describe('script links never reach the page', () => {
  it.each([
    ['an inline link', '記者 :[こちら](javascript:alert(1))をご覧ください。', ['8 transcript:unsafe-url']],
    ['an autolink', '記者 :<javascript:alert(1)>', ['8 transcript:unsafe-url']],
    ['mixed case and spaces', '記者 :[x]( JaVaScRiPt:alert(1) )', ['8 transcript:unsafe-url']],
    ['a reference link', '記者 :[こちら][r]\n\n[r]: vbscript:msgbox(1)', ['10 transcript:unsafe-url']],
    ['an image', '記者 :![地図](data:image/svg+xml;base64,PHN2Zz4=)', ['8 transcript:unsafe-url']],
    ['a file: link', '記者 :[x](file:///etc/passwd)', ['8 transcript:unsafe-url']],
  ])('refuses %s at its line', async (_, turn, refused) => {
    expect(await outcome(qa(`${turn}\n\n大臣 :答え。`))).toEqual({ refused });
  });

  it('keeps http, https, mailto, relative and #fragment links', async () => {
    const o = await outcome(qa('記者 :[a](https://example.org/) [b](http://example.org/) [c](mailto:a@example.org) [d](../x/) [e](#t1)\n\n大臣 :答え。'));
    expect(o.turns).toHaveLength(2);
  });

  it('removes them from the HTML even where the check is skipped (the sanitiser)', async () => {
    const { html } = await render(
      '## 質疑応答\n\n記者 :[a](javascript:alert(1)) <vbscript:x> [b][r] ![c](data:text/html,x)\n\n[r]: JAVASCRIPT:alert(2)\n\n大臣 :答え。\n',
    );
    expect(html).not.toMatch(/(?:href|src)="[^"]*(?:javascript|vbscript|data):/iu);
    expect(html).toContain('<p><a>a</a> <a>vbscript:x</a> <a>b</a> <img alt="c"></p>');
    expect(html).toContain('<article id="t1" class="turn" data-role="reporter" data-speaker="記者">');
  });

  it('refuses a source.url that is not http(s), at its line', async () => {
    const o = await parseTranscriptText('---\ntitle: t\ndate: 2025-01-01\nsource:\n  credit: x\n  url: javascript:alert(1)\n---\n\n## 発表\n\n本文\n');
    expect(!o.ok && o.problems.map((p) => [p.line, p.reason])).toEqual([[6, 'frontmatter "source.url" must be the http:// or https:// address of the published page']]);
  });
});

describe('labels: every statement goes to its speaker', () => {
  it.each([
    ['a no-break space before the colon', '記者\u00a0:質問です。\n\n大臣\u00a0:答えです。'],
    ['U+3000 and a thin space', '記者\u3000：質問です。\n\n大臣\u2009:答えです。'],
    ['a zero-width space', '\u200b記者 :質問です。\n\n大臣\u200b:答えです。'],
    ['no blank line between turns', '記者 :質問です。\n大臣 :答えです。'],
    ['a bold label', '**記者 :**質問です。\n\n**大臣 :**答えです。'],
    ['a bold label word before the colon, and an emphasised one', '**記者** :質問です。\n\n*大臣 :*答えです。'],
  ])('%s', async (_, turns) => {
    expect(await outcome(qa(turns))).toEqual({
      turns: [
        ['t1', 'reporter', '記者', '質問です。', null],
        ['t2', 'official', '大臣', '答えです。', 't1'],
      ],
    });
  });

  it('a label alone on its line after a statement, with no blank line, opens the next turn', async () => {
    expect(await outcome(qa('記者 :\n一つ目。\n二行目。\n大臣 :\n答え。\n記者 :次。\nＡ：答え二。'))).toEqual({
      turns: [
        ['t1', 'reporter', '記者', '一つ目。\n二行目。', null],
        ['t2', 'official', '大臣', '答え。', 't1'],
        ['t3', 'reporter', '記者', '次。', null],
        ['t4', 'official', 'Ａ', '答え二。', 't3'],
      ],
    });
  });

  it('refuses a line written like a label that matches nothing, even mid-paragraph and in bold', async () => {
    expect(await outcome(qa('記者 :質問です。\n謎の人 :割り込み。\n\n**ゲスト :**一言。'))).toEqual({
      refused: ['9 transcript:unknown-label', '11 transcript:unknown-label'],
    });
  });
});

describe('Markdown syntax never takes a statement out of the transcript', () => {
  it.each([
    ['a `---` line under a statement (setext heading)', '記者 :質問です。\n---\n\n大臣 :答え。', ['8 transcript:setext-heading']],
    ['a `===` line under a statement', '記者 :質問です。\n===\n\n大臣 :答え。', ['8 transcript:setext-heading']],
    ['a thematic break', '記者 :質問です。\n\n***\n\n大臣 :答え。', ['10 transcript:thematic-break']],
    ['a level-4 heading', '#### 小見出し\n\n記者 :質問です。\n\n大臣 :答え。', ['8 transcript:deep-heading']],
    ['a level-6 heading', '記者 :質問です。\n\n###### 注\n\n大臣 :答え。', ['10 transcript:deep-heading']],
    ['a footnote', '記者 :質問です[^1]。\n\n[^1]: 注記。\n\n大臣 :答え。', ['10 transcript:footnote']],
  ])('refuses %s', async (_, turns, refused) => {
    expect(await outcome(qa(turns))).toEqual({ refused });
  });

  it('says each mistake once, in its own words: a `---` where the principal speaks is no empty statement of theirs', async () => {
    expect(await outcome(qa('***\n\n記者 :質問です。\n\n大臣 :答え。'))).toEqual({ refused: ['8 transcript:thematic-break'] });
  });

  it('refuses a block with no text where the principal speaks: it would be an empty statement', async () => {
    const o = await parseTranscriptText(`${FM}## 発表事項\n\n\`\`\`\n\`\`\`\n`);
    expect(o.ok ? [] : o.problems.map((p) => `${p.line} ${p.rule}: ${p.reason}`)).toEqual([
      '8 transcript:empty-turn: this block holds no text, so it would be an empty statement of 発表者: remove it, or write the statement in it',
    ]);
  });

  it('keeps escaped dashes, hashes and asterisks as text in the turn', async () => {
    expect(await outcome(qa('記者 :質問です。\n\\---\n\n大臣 :\\#### 答え。\n\\*あ:\\*。'))).toEqual({
      turns: [
        ['t1', 'reporter', '記者', '質問です。\n---', null],
        ['t2', 'official', '大臣', '#### 答え。\n*あ:*。', 't1'],
      ],
    });
  });

  it('a heading never takes a turn id: `### t3` does not collide with #t3', async () => {
    const { html } = await render('## 質疑応答\n\n### t3\n\n記者 :一。\n\n大臣 :二。\n\n記者 :三。\n');
    const ids = [...html.matchAll(/ id="([^"]+)"/gu)].map((m) => m[1]);
    expect(ids).toEqual(['section-1', 'section-1-title', 'topic-1', 'topic-1-title', 't1', 't2', 't3']);
  });

  it('refuses a transcript with no turns: frontmatter only, or a lead only', async () => {
    expect(await outcome('---\ntitle: t\ndate: 2025-01-01\n---\n')).toEqual({ refused: ['4 transcript:no-turns'] });
    expect(await outcome(`${FM}前文だけです。\n`)).toEqual({ refused: ['6 transcript:no-turns'] });
  });
});

describe('encodings and characters', () => {
  const body = '## 発表\n\n防衛大臣の発表です。\n';
  const source = `---\ntitle: 記者会見\ndate: 2025-01-01\n---\n\n${body}`;

  it('names Shift_JIS and EUC-JP and says how to convert', async () => {
    const sjis = new Uint8Array([...Buffer.from('---\ntitle: ', 'ascii'), 0x8b, 0x4c, 0x8e, 0xd2, 0x89, 0xef, 0x8c, 0xa9, 0x0a]); // 記者会見
    const o = await parseTranscriptBytes(sjis);
    expect(!o.ok && o.problems.map((p) => formatProblem('x.md', p))).toEqual([
      'x.md:2: the file is not UTF-8: it looks like Shift_JIS (byte 0x8B at offset 11 is not UTF-8): convert it to UTF-8 (`npm run import -- FILE` reads legacy encodings and writes UTF-8 transcripts, or `iconv -f CP932 -t UTF-8`)',
    ]);
    const euc = new Uint8Array([...Buffer.from('---\ntitle: ', 'ascii'), 0xb5, 0xad, 0xbc, 0xd4, 0xb2, 0xf1, 0xb8, 0xab, 0x0a]);
    const e = await parseTranscriptBytes(euc);
    expect(!e.ok && e.problems[0]!.reason).toMatch(/^the file is not UTF-8: it looks like EUC-JP/u);
  });

  it('refuses invalid UTF-8, UTF-16, NUL, U+FFFD and references to no character, where they are', async () => {
    const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
    const refused = async (b: Uint8Array) => {
      const o = await parseTranscriptBytes(b);
      return o.ok ? [] : o.problems.map((p) => `${p.line}${p.column ? `:${p.column}` : ''} ${p.rule}`);
    };
    expect(await refused(new Uint8Array([...bytes(source), 0xff, 0x0a]))).toEqual(['9 source:encoding']);
    expect(await refused(new Uint8Array([0xff, 0xfe, 0x2d, 0x00]))).toEqual(['1 source:encoding']);
    expect(await refused(bytes(source.replace('発表です', '発\u0000表です')))).toEqual(['8:7 source:nul']);
    expect(await refused(bytes(source.replace('発表です', '発\ufffd表です')))).toEqual(['8:7 source:replacement']);
    expect(await refused(bytes(source.replace('発表です', '発&#xD83D;表です')))).toEqual(['8:7 source:reference']);
    expect(await refused(bytes(source.replace('title: 記者会見', 'title: "記者\\ud800会見"')))).toEqual(['2 source:surrogate']);
  });
});

describe('frontmatter mistakes at their real line, once', () => {
  it('a YAML error on line 10 is reported at line 10', async () => {
    const o = await parseTranscriptText('---\ntitle: t\ndate: 2025-01-01\nstart: "10:00"\nend: "11:00"\nplace: 本省\nkind: 定例\ntimeNote: 日本時間\nspeakers:\n  - name: [山田\n---\n\n## 発表\n\n本文\n');
    expect(!o.ok && o.problems.map((p) => `${p.line} ${p.rule}`)).toEqual(['10 frontmatter:yaml']);
  });

  it('refuses an alias bomb without expanding it', async () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(',')}]`)];
    const started = performance.now();
    const o = await parseTranscriptText(`---\ntitle: t\ndate: 2025-01-01\n${bomb.join('\n')}\n---\n\n## 発表\n\n本文\n`);
    expect(!o.ok && o.problems.map((p) => `${p.line} ${p.rule}`)).toEqual(['5 frontmatter:aliases']);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe('file names and images (the archive)', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'kaiken-mistakes-'));
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const good = `${FM}## 発表\n\n本文です。\n`;

  it('refuses names a URL cannot carry back, NFD names, case-only twins, and missing or unsafe images', async () => {
    const content = path.join(dir, 'content');
    const files: Record<string, string> = {
      '2025/pct%41.md': good,
      '2025/ha#sh.md': good,
      '2025/q?.md': good,
      [`2025/${'が'.normalize('NFD')}.md`]: good,
      '2025/Same.md': good,
      '2025/same.md': good,
      '2025/image.md': `${FM}## 発表\n\n![地図](map.png)\n\n![外](../../../outside.png)\n\n![図](drawing.svg)\n`,
      '2025/ok.md': `${FM}## 発表\n\n![地図](here.png)\n`,
    };
    for (const [rel, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(content, rel)), { recursive: true });
      await writeFile(path.join(content, rel), text);
    }
    await writeFile(path.join(content, '2025/here.png'), new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
    await writeFile(path.join(content, '2025/drawing.svg'), '<svg/>');
    const archive = new TranscriptArchive({ contentDir: content, root: dir, cacheDir: path.join(dir, 'cache') });
    await archive.scan();
    const problems = archive.problems.flatMap((f) => f.problems.map((p) => formatProblem(f.path, p)));
    expect(problems).toEqual([
      expect.stringMatching(/^content\/2025\/ha#sh\.md:1: the file name contains "#", .* rename it, e\.g\. to 2025\/ha-sh\.md$/u),
      'content/2025/image.md:8: the image "map.png" is not there (looked for content/2025/map.png): add the file or fix the path',
      'content/2025/image.md:10: the image "../../../outside.png" is outside the content directory: put it next to the transcript',
      'content/2025/image.md:12: "drawing.svg" is not a PNG, JPEG, GIF, WebP or AVIF image: convert it, or link to it instead',
      expect.stringMatching(/^content\/2025\/pct%41\.md:1: the file name contains "%", .* e\.g\. to 2025\/pct-41\.md$/u),
      expect.stringMatching(/^content\/2025\/q\?\.md:1: the file name contains "\?"/u),
      "content/2025/same.md:1: this file's URL would be the same as 2025/Same.md's (the names differ only in case or Unicode form): rename one of them",
      expect.stringMatching(/^content\/2025\/か\u3099\.md:1: the file name is not in Unicode NFC form .* rename it to 2025\/が\.md/u),
    ]);
    expect(archive.briefings.map((b) => [b.slug, b.media.map(([url]) => url)])).toEqual([['2025/Same', []], ['2025/ok', ['here.png']]]);
  });
});
