/**
 * Reading a transcript's frontmatter: find it in the file, parse the YAML, and validate it against the
 * schema (src/model/frontmatter.ts), locating every mistake at its real line.
 */
import { isMap, isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml';
import { briefingSchema, type BriefingFrontmatter } from '../model/frontmatter.ts';
import type { Problem } from '../model/problems.ts';
import { characterProblems } from './source.ts';

const FRONTMATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/u;

/**
 * Most aliases a frontmatter may expand: real transcripts use none, and a "billion laughs" document
 * would otherwise expand into gigabytes.
 */
const MAX_ALIASES = 20;

export type FrontmatterRead =
  | { frontmatter: BriefingFrontmatter; body: string; problems: [] }
  | { frontmatter: null; body: string; problems: Problem[] };

/**
 * Find and validate a transcript's frontmatter. `body` is the rest of the file with the frontmatter
 * replaced by as many empty lines, so that positions in the body are positions in the file.
 */
export function readFrontmatter(source: string): FrontmatterRead {
  const fm = FRONTMATTER.exec(source);
  if (!fm) {
    return failed(source, [{ line: 1, rule: 'frontmatter:missing', reason: 'missing frontmatter: start the file with a `---` line, then `title:` and `date: YYYY-MM-DD`, then `---`' }]);
  }
  const body = '\n'.repeat(fm[0].split('\n').length - 1) + source.slice(fm[0].length);
  // The YAML starts on the file's second line.
  const lineOf = (counter: LineCounter, offset: number) => 1 + counter.linePos(offset).line;
  const counter = new LineCounter();
  const doc = parseDocument(fm[1]!, { lineCounter: counter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return failed(
      body,
      doc.errors.map((e) => {
        // An unclosed `[`, `{` or quote is noticed on a later line; the mistake is in the field it opened in.
        const field = fieldStartingBefore(doc, e.pos[0]);
        const at = field !== null && lineOf(counter, field) < lineOf(counter, e.pos[0]) ? field : e.pos[0];
        const noticed = at === e.pos[0] ? '' : ` (noticed on line ${lineOf(counter, e.pos[0])})`;
        return {
          line: lineOf(counter, at),
          ...(at === e.pos[0] ? { column: counter.linePos(at).col } : {}),
          rule: 'frontmatter:yaml',
          reason: `broken frontmatter YAML: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/u, '')}${noticed} (check indentation and brackets, and quote values that contain ":" or start with a symbol)`,
        };
      }),
    );
  }
  if (!isMap(doc.contents)) {
    return failed(body, [{ line: 2, rule: 'frontmatter:shape', reason: 'frontmatter must be YAML `key: value` lines (at least `title:` and `date:`)' }]);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch {
    return failed(body, [{ line: firstAliasLine(doc, counter) ?? 2, rule: 'frontmatter:aliases', reason: `frontmatter YAML expands more than ${MAX_ALIASES} aliases (*name): write the values out instead of repeating anchors` }]);
  }
  const stringProblems = charactersInValues(doc, counter);
  if (stringProblems.length > 0) return failed(body, stringProblems);

  const parsed = briefingSchema.safeParse(data);
  if (!parsed.success) {
    return failed(
      body,
      parsed.error.issues.map((issue) => {
        const unknownKeys = issue.code === 'unrecognized_keys';
        const where = lineOfKey(doc, unknownKeys ? [issue.keys[0]!] : issue.path);
        const key = issue.path.map(String).join('.') || '(frontmatter)';
        return {
          line: where === null ? 2 : lineOf(counter, where),
          rule: 'frontmatter:schema',
          reason: unknownKeys
            ? `unknown frontmatter field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}: remove them or check their spelling (fields: ${Object.keys(briefingSchema.shape).join(', ')})`
            : `frontmatter "${key}" ${issue.message}`,
        };
      }),
    );
  }
  return { frontmatter: parsed.data, body, problems: [] };
}

/** Offset of the field (at any depth) whose key starts last before `offset` (a key at `offset` is where YAML noticed the mistake, not where it is). */
function fieldStartingBefore(doc: Document, offset: number): number | null {
  let best: number | null = null;
  visit(doc, {
    Pair(_, pair) {
      const start = (pair.key as { range?: [number, number, number] } | null)?.range?.[0];
      if (start !== undefined && start < offset && (best === null || start > best)) best = start;
    },
  });
  return best;
}

function failed(body: string, problems: Problem[]): FrontmatterRead {
  return { frontmatter: null, body, problems };
}

/** Offset (in the YAML) of the deepest node on `keyPath` that exists. */
function lineOfKey(doc: Document, keyPath: PropertyKey[]): number | null {
  for (let i = keyPath.length; i > 0; i--) {
    const node = doc.getIn(keyPath.slice(0, i) as (string | number)[], true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return node.range[0];
  }
  return null;
}

function firstAliasLine(doc: Document, counter: LineCounter): number | null {
  let offset: number | null = null;
  visit(doc, {
    Alias(_, node) {
      if (node.range) offset = node.range[0];
      return visit.BREAK;
    },
  });
  return offset === null ? null : 1 + counter.linePos(offset).line;
}

/** NUL and lone surrogates can arrive through YAML escapes ("\0", "\ud800") even in a clean file. */
function charactersInValues(doc: Document, counter: LineCounter): Problem[] {
  const problems: Problem[] = [];
  visit(doc, {
    Scalar(_, node) {
      if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return;
      const line = 1 + counter.linePos(node.range[0]).line;
      for (const p of characterProblems(node.value)) problems.push({ line, rule: p.rule, reason: p.reason });
    },
  });
  return problems;
}
