/**
 * Content problems found while importing: where (1-based line of the input file), what is wrong,
 * and how to fix it. The CLI prints them as `FILE:LINE: message — hint` and never a stack trace.
 */
export class ImportError extends Error {
  /** 1-based line in the input file the problem is about (1 when it is about the whole file). */
  readonly line: number;
  /** What the author can do about it. */
  readonly hint: string | undefined;

  constructor(line: number, message: string, hint?: string) {
    super(message);
    this.name = 'ImportError';
    this.line = line;
    this.hint = hint;
  }
}

export function isImportError(e: unknown): e is ImportError {
  return e instanceof ImportError;
}

/** `FILE:LINE: message — hint`. */
export function formatImportError(file: string, e: ImportError): string {
  return `${file}:${e.line}: ${e.message}${e.hint ? ` — ${e.hint}` : ''}`;
}

/**
 * A problem with an input or an output as a whole — an address that cannot be fetched, a directory
 * that cannot be written — with no line to point at. Printed as `WHAT: message — hint`.
 */
export class SourceError extends Error {
  readonly hint: string;

  constructor(message: string, hint: string) {
    super(message);
    this.name = 'SourceError';
    this.hint = hint;
  }
}
