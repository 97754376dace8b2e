/**
 * No function in src/ runs past 80 lines: a longer one is a sign to split it by stage (the team's
 * guide). Read with the TypeScript compiler's own parser, so that every kind of function counts —
 * declarations, methods, getters, function expressions and arrows, nested ones on their own.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MAX_LINES = 80;

/**
 * Functions allowed past the limit for now, each with the reason. The test fails when one is no
 * longer needed, so the list only ever shrinks.
 */
const ALLOWED: Record<string, string> = {
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(ts|mts|cts)$/u.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

function nameOf(node: ts.SignatureDeclaration, file: ts.SourceFile): string {
  if (node.name) return node.name.getText(file);
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) return parent.name.getText(file);
  return '<anonymous>';
}

/** Every function of a file whose body has more than MAX_LINES lines: `path name` → lines. */
function longFunctions(file: string, text = readFileSync(file, 'utf8')): Map<string, number> {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const long = new Map<string, number>();
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const body = node.body as ts.Node;
      const lines = source.getLineAndCharacterOfPosition(body.getEnd()).line - source.getLineAndCharacterOfPosition(body.getStart(source)).line + 1;
      if (lines > MAX_LINES) long.set(`${path.relative(ROOT, file)} ${nameOf(node, source)}`, lines);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return long;
}

describe('functions in src/', () => {
  const long = new Map(sourceFiles(path.join(ROOT, 'src')).flatMap((f) => [...longFunctions(f)]));

  it(`none runs past ${MAX_LINES} lines`, () => {
    const over = [...long].filter(([where]) => !(where in ALLOWED)).map(([where, lines]) => `${where}: ${lines} lines`);
    expect(over).toEqual([]);
  });

  it('every allowance is still needed', () => {
    expect(Object.keys(ALLOWED).filter((where) => !long.has(where))).toEqual([]);
  });

  it('sees a long function wherever it is (the check can fail)', () => {
    const body = (n: number) => Array.from({ length: n }, (_, i) => `    const x${i} = ${i};`).join('\n');
    const text = `const short = () => {\n${body(10)}\n};\nclass C {\n  method() {\n${body(MAX_LINES)}\n  }\n}\nexport function outer() {\n  return [1].map(() => {\n${body(MAX_LINES - 2)}\n  });\n}\n`;
    const found = longFunctions(path.join(ROOT, 'src/x.ts'), text);
    expect(Object.fromEntries(found)).toEqual({ 'src/x.ts method': MAX_LINES + 2, 'src/x.ts outer': MAX_LINES + 2 });
  });
});
