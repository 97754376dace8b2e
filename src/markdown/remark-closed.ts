/**
 * remark plugin: the transcript's structure is closed — every statement ends up in a turn (or the
 * lead), or the file is refused. Runs before remark-turns, on the tree as written.
 *
 * Markdown has constructs that silently take text out of the transcript; each is reported as a vfile
 * message (source `transcript`) at its line:
 * - `setext-heading`: a line of `---` or `===` under a statement makes it a heading;
 * - `thematic-break`: a `---` / `***` line, which is no statement and no heading;
 * - `deep-heading`: `####`…`######`, which are neither a section (`##`) nor a topic (`###`);
 * - `footnote`: `[^1]:` definitions, rendered after the transcript, outside every turn.
 *
 * AST contract: reads only; the tree is left as it is.
 */
import type { Root } from 'mdast';
import type { Plugin } from 'unified';
import type { VFile } from 'vfile';

const ESCAPE = 'escape the first character with a backslash (`\\-`, `\\#`) if it is part of what was said';

export const remarkTranscriptClosed: Plugin<[], Root> = function () {
  return (tree: Root, file: VFile) => {
    const source = String(file.value);
    const report = (reason: string, line: number, ruleId: string) => file.message(reason, { place: { line, column: 1 }, ruleId, source: 'transcript' });
    for (const node of tree.children) {
      const line = node.position?.start.line ?? 1;
      if (node.type === 'heading') {
        const offset = node.position?.start.offset;
        const atx = offset === undefined || source.slice(offset).trimStart().startsWith('#');
        if (!atx) {
          const under = node.position?.end.line ?? line;
          report(`the \`${node.depth === 1 ? '===' : '---'}\` line under this text (line ${under}) turns the text into a heading, so it would leave the transcript: remove that line, or put a blank line and a statement between them; ${ESCAPE}`, line, 'setext-heading');
        } else if (node.depth > 3) {
          report(`a level-${node.depth} heading is neither a section (\`## \`) nor a topic (\`### \`): make it \`### \` or part of a statement; ${ESCAPE}`, line, 'deep-heading');
        }
      } else if (node.type === 'thematicBreak') {
        report(`a \`---\`, \`***\` or \`___\` line is no statement and no heading: remove it (a \`## \` heading starts a new section); ${ESCAPE}`, line, 'thematic-break');
      } else if (node.type === 'footnoteDefinition') {
        report('a footnote (`[^…]:`) would be shown after the transcript, outside every turn: write it into the statement or the lead', line, 'footnote');
      }
    }
  };
};
