/**
 * Golden files for each transcript plugin, as remark-gfm's tests keep theirs: every input of
 * tests/fixtures/plugins/*.md (invented text in the layouts transcripts use) is run through each plugin
 * — with only the plugins it needs before it — and the HTML, the messages and the data it leaves are
 * compared with tests/fixtures/plugins/<input>/<plugin>.{html,json}. `transcript` is the archive's
 * whole processor (src/markdown/processor.ts), sanitiser included.
 *
 * After a deliberate change, regenerate and read the diff: UPDATE_GOLDEN=1 npx vitest run tests/unit/plugins-golden.test.ts
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified, type PluggableList } from 'unified';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { createTranscriptProcessor, runTranscript } from '../../src/markdown/processor.ts';
import { remarkTranscriptClosed } from '../../src/markdown/remark-closed.ts';
import { remarkTranscriptSafeUrls } from '../../src/markdown/remark-safe-urls.ts';
import { remarkTranscriptSections } from '../../src/markdown/remark-sections.ts';
import { remarkTranscriptSpeakers } from '../../src/markdown/remark-speakers.ts';
import { remarkTranscriptTurns } from '../../src/markdown/remark-turns.ts';

const DIR = path.resolve(import.meta.dirname, '../fixtures/plugins');
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';
/** The frontmatter's speakers, and the principal they make (principalSpeaker: family name + position). */
const SPEAKERS = [{ name: '架空', position: '防衛大臣' }];
const PRINCIPAL = '架空防衛大臣';

/** Each plugin, after the plugins whose output it takes. */
const PLUGINS: Record<string, PluggableList> = {
  'remark-closed': [remarkTranscriptClosed],
  'remark-safe-urls': [remarkTranscriptSafeUrls],
  'remark-turns': [remarkTranscriptTurns],
  'remark-speakers': [remarkTranscriptTurns, remarkTranscriptSpeakers],
  'remark-sections': [remarkTranscriptTurns, remarkTranscriptSections],
};

interface Golden {
  html: string;
  json: string;
}

function goldenOf(tree: Root, file: VFile): Golden {
  const messages = file.messages.map((m) => `${m.line}:${m.column} ${m.source}:${m.ruleId} ${m.reason}`);
  const data = { transcript: file.data.transcript, transcriptMedia: file.data.transcriptMedia };
  return { html: `${toHtml(tree, { allowDangerousHtml: true })}\n`, json: `${JSON.stringify({ messages, data }, null, 2)}\n` };
}

async function runPlugin(plugins: PluggableList, markdown: string): Promise<Golden> {
  const processor = unified().use(remarkParse).use(remarkGfm).use(plugins).use(remarkRehype, { allowDangerousHtml: true });
  const file = new VFile({ value: markdown, data: { principal: PRINCIPAL, speakers: SPEAKERS } });
  const tree = (await processor.run(processor.parse(file), file)) as Root;
  return goldenOf(tree, file);
}

async function runWhole(markdown: string): Promise<Golden> {
  const run = await runTranscript(createTranscriptProcessor(), markdown, PRINCIPAL, SPEAKERS);
  const messages = run.problems.map((p) => `${p.line}:${p.column ?? 1} ${p.rule} ${p.reason}`);
  return { html: `${toHtml(run.tree, { allowDangerousHtml: true })}\n`, json: `${JSON.stringify({ messages, data: { transcript: run.body, transcriptMedia: run.media } }, null, 2)}\n` };
}

function compare(file: string, actual: string): void {
  if (UPDATE) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  expect(existsSync(file), `${path.relative(process.cwd(), file)} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

const inputs = readdirSync(DIR).filter((f) => f.endsWith('.md')).sort();

describe('transcript plugins against their golden files', () => {
  it('has inputs', () => expect(inputs.length).toBeGreaterThanOrEqual(5));

  for (const input of inputs) {
    const name = input.replace(/\.md$/u, '');
    const markdown = readFileSync(path.join(DIR, input), 'utf8');
    describe(name, () => {
      for (const [plugin, list] of Object.entries(PLUGINS)) {
        it(plugin, async () => {
          const golden = await runPlugin(list, markdown);
          compare(path.join(DIR, name, `${plugin}.html`), golden.html);
          compare(path.join(DIR, name, `${plugin}.json`), golden.json);
        });
      }
      it('transcript (the whole processor)', async () => {
        const golden = await runWhole(markdown);
        compare(path.join(DIR, name, 'transcript.html'), golden.html);
        compare(path.join(DIR, name, 'transcript.json'), golden.json);
      });
    });
  }
});
