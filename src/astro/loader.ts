/**
 * The `briefings` content collection's loader: one entry per transcript that reads without a mistake,
 * holding its frontmatter and summary (counts, speakers, content hash) from the archive the
 * integration read — never the transcript again, and never its HTML (Astro's data store is serialised
 * as one string, which at 10,000 briefings passes what V8 can hold).
 *
 * In `astro dev` it follows edits: a changed transcript is read again (only that one), and its
 * mistakes go to the terminal; the page then shows them in Astro's error overlay.
 */
import type { Loader } from 'astro/loaders';
import { getArchive } from 'virtual:transcript-archive/archive';
import type { BriefingSummary } from '../archive/archive.ts';
import { formatProblem } from '../model/problems.ts';

/** The entry's data: the frontmatter's fields, and the summary beside them. */
export function entryData(b: BriefingSummary): Record<string, unknown> {
  return { ...b.frontmatter, hash: b.hash, turns: b.turns, questions: b.questions, statements: b.statements, turnSpeakers: b.speakers };
}

/** How long a changed transcript must stay unchanged before it is read again. */
const QUIET_MS = 150;

export function briefingsLoader(): Loader {
  return {
    name: 'transcript-briefings',
    load: async ({ store, parseData, watcher, logger }) => {
      const archive = getArchive();
      const put = async (b: BriefingSummary) => {
        const data = await parseData({ id: b.slug, data: entryData(b) });
        store.set({ id: b.slug, data, digest: b.hash, filePath: b.path });
      };
      const current = new Set<string>();
      for (const b of archive.briefings) {
        current.add(b.slug);
        await put(b);
      }
      for (const id of store.keys()) if (!current.has(id)) store.delete(id);

      const onChange = async (file: string) => {
        const slug = await archive.update(file);
        const b = archive.briefing(slug);
        if (b) await put(b);
        else store.delete(slug);
        for (const f of archive.problems.filter((p) => p.slug === slug)) for (const p of f.problems) logger.error(formatProblem(f.path, p));
      };
      // An editor's save (or writeFile) truncates the file before it writes it, and the watcher may
      // report only the first of those moments: read a file once it has been quiet for a moment,
      // never half-written (an empty read would be reported as a transcript with no frontmatter).
      const pending = new Map<string, ReturnType<typeof setTimeout>>();
      const settle = (file: string) => {
        if (!file.startsWith(archive.contentDir) || !file.toLowerCase().endsWith('.md')) return;
        clearTimeout(pending.get(file));
        pending.set(file, setTimeout(() => {
          pending.delete(file);
          void onChange(file);
        }, QUIET_MS));
      };
      watcher?.add(archive.contentDir);
      for (const event of ['change', 'add', 'unlink'] as const) watcher?.on(event, settle);
    },
  };
}
