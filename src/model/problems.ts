/**
 * Content mistakes: where they are and what to do about them. Every stage of reading a transcript
 * (bytes, file name, frontmatter, body) reports them in this one shape, and the build, the dev
 * server and the tests print them as `path:line[:column]: what is wrong — how to fix it`.
 *
 * Each problem has a rule id (like a vfile message's `ruleId`), so tests and tools can tell them
 * apart without matching the wording.
 */

export interface Problem {
  /** 1-based line in the file. */
  line: number;
  column?: number;
  /** Rule id, e.g. `transcript:unknown-label`, `source:encoding`, `frontmatter:yaml`. */
  rule: string;
  /** What is wrong and how to fix it, in one sentence (no location). */
  reason: string;
}

export function formatProblem(file: string, p: Problem): string {
  return `${file}:${p.line}${p.column ? `:${p.column}` : ''}: ${p.reason}`;
}

/** Content mistakes in one file, already located; the message is what the user sees, never a stack trace. */
export class TranscriptErrors extends Error {
  readonly file: string;
  readonly problems: Problem[];
  constructor(file: string, problems: Problem[]) {
    super(problems.map((p) => formatProblem(file, p)).join('\n'));
    this.name = 'TranscriptErrors';
    this.file = file;
    this.problems = problems;
    // A content mistake is the author's to fix, not a bug: no stack to show.
    this.stack = `${this.name}: ${this.message}`;
  }
}

/** Problems in order of where they are, each reported once. */
export function sortedProblems(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems
    .toSorted((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0))
    .filter((p) => {
      const key = `${p.line}:${p.column ?? 0}:${p.rule}:${p.reason}`;
      return seen.has(key) ? false : (seen.add(key), true);
    });
}
