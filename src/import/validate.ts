/** Check generated Markdown against the one frontmatter schema before it is written. */
import { parse as parseYaml } from 'yaml';
import { briefingSchema, type BriefingFrontmatter } from '../model/frontmatter.ts';
import { ImportError } from './errors.ts';

/** The frontmatter block of a Markdown file, parsed; null when there is none. */
export function readFrontmatter(md: string): unknown {
  const m = /^---\n([\s\S]*?)\n---\n/u.exec(md);
  return m ? (parseYaml(m[1]!) as unknown) : null;
}

/** Throws ImportError (at `line`) unless `md` starts with frontmatter that passes briefingSchema. */
export function validateMarkdown(md: string, line: number): BriefingFrontmatter {
  let data: unknown;
  try {
    data = readFrontmatter(md);
  } catch (e) {
    throw new ImportError(line, `the generated frontmatter is not valid YAML: ${(e as Error).message}`, BUG_HINT);
  }
  const r = briefingSchema.safeParse(data);
  if (!r.success) {
    const what = r.error.issues.map((i) => `${i.path.join('.') || '(frontmatter)'} ${i.message}`).join('; ');
    throw new ImportError(line, `the generated frontmatter does not pass the schema: ${what}`, BUG_HINT);
  }
  return r.data;
}

const BUG_HINT = 'this is input the importer does not expect (or a bug in it): please report it with the input file';
