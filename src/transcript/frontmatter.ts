/**
 * The frontmatter of a transcript: the one schema (used by the content check, the content collection
 * and the importer), and the reader that finds it in a file and validates it, locating every mistake
 * at its real line.
 *
 * Only `title` and `date` are required; the rest is what real briefings carry.
 */
import { z } from 'astro/zod';
import { isMap, isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml';
import { parseIsoDate } from '../japanese/era.ts';
import type { Problem } from './problems.ts';
import { characterProblems } from './source.ts';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/u;

/** YAML turns an unquoted 2025-09-08 into a Date; accept both and keep the ISO string. */
const isoDate = z.preprocess(
  (v) => (v instanceof Date && !Number.isNaN(v.getTime()) ? v.toISOString().slice(0, 10) : v),
  z
    .string({ error: 'must be a date written YYYY-MM-DD' })
    .refine((s) => parseIsoDate(s) !== null, { message: 'must be a real date written YYYY-MM-DD (e.g. 2025-09-08)' }),
);

const time = z.string().regex(TIME, { message: 'must be a 24-hour time HH:MM (quote it: "17:05")' });

export const speakerSchema = z.object({
  name: z.string().min(1),
  /** Reading in hiragana, e.g. なかたに げん. */
  reading: z.string().optional(),
  /** Position at the time, e.g. 防衛大臣. */
  position: z.string().optional(),
});

export const briefingSchema = z
  .object({
    title: z.string({ error: 'is required: the briefing\'s title' }).min(1, { message: 'must not be empty' }),
    date: isoDate,
    start: time.optional(),
    end: time.optional(),
    /** Free note on the times, e.g. 現地時間. */
    timeNote: z.string().optional(),
    place: z.string().optional(),
    /** 定例 (regular) or 臨時 (extraordinary); other kinds are kept as written. */
    kind: z.string().optional(),
    speakers: z.array(speakerSchema).optional(),
    source: z
      .object({
        // A page address, shown as the 出典 link: http(s) only, never javascript:, data: or file:.
        url: z.url({ protocol: /^https?$/u, error: 'must be the http:// or https:// address of the published page' }).optional(),
        credit: z.string().optional(),
        /** When the source published it (ISO date or date-time as written). */
        published: z.string().optional(),
      })
      .optional(),
    /** Set by the benchmark's corpus generator: the text is not a real briefing. */
    synthetic: z.boolean().optional(),
  })
  .strict();

export type BriefingFrontmatter = z.infer<typeof briefingSchema>;

/** The principal official: who an unlabelled announcement paragraph is attributed to. */
export function principalSpeaker(fm: Pick<BriefingFrontmatter, 'speakers'>): string {
  const first = fm.speakers?.[0];
  if (!first) return '発表者';
  // 「中谷 元」+「防衛大臣」→「中谷防衛大臣」, the way transcripts and news refer to an official.
  const family = first.name.split(/[\s\u3000]+/u)[0]!;
  return first.position ? `${family}${first.position}` : first.name;
}

// --- reading ---------------------------------------------------------------------------------

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
