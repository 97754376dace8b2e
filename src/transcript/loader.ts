/**
 * The `briefings` content collection's loader: one entry per transcript under the content directory,
 * holding its frontmatter and where the file is — not its rendered body (see render.ts for why).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Loader } from 'astro/loaders';
import { listMarkdown, readFrontmatter, slugFor } from './read.ts';

export function briefingsLoader(opts: { base: string }): Loader {
  return {
    name: 'transcript-briefings',
    load: async ({ store, parseData, generateDigest, config, watcher, logger }) => {
      const root = fileURLToPath(config.root);
      const dir = path.resolve(root, opts.base);
      const sync = async () => {
        const files = (await listMarkdown(dir)).sort();
        store.clear();
        for (const rel of files) {
          const abs = path.join(dir, rel);
          const source = await readFile(abs, 'utf8');
          const id = slugFor(rel);
          // Content mistakes were refused (with path:line) before the build started; in `astro dev`
          // a file being edited may be broken for a moment: say so and skip it.
          let frontmatter;
          try {
            frontmatter = readFrontmatter(path.relative(root, abs), source).frontmatter;
          } catch (error) {
            logger.warn((error as Error).message);
            continue;
          }
          const data = await parseData({ id, data: { ...frontmatter, file: abs } });
          store.set({ id, data, digest: generateDigest(source), filePath: path.relative(root, abs) });
        }
      };
      await sync();
      watcher?.add(dir);
      const onChange = (changed: string) => {
        if (changed.startsWith(dir) && changed.endsWith('.md')) void sync();
      };
      watcher?.on('change', onChange);
      watcher?.on('add', onChange);
      watcher?.on('unlink', onChange);
    },
  };
}
