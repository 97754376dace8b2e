/**
 * The end of a build's one pass over the archive: the search index and the data exports are written
 * from the same stream of briefings (src/archive/pass.ts), newest first — the order a new index
 * segment takes them in. A briefing is read back from the cache only when one of them needs it (the
 * index: it is new or changed; the exports: its part is not cached), and then once for both.
 */
import type { BriefingSummary, TranscriptArchive } from '../../archive/archive.ts';
import { statementsOf } from '../../archive/parse.ts';
import { passOver, type PassFigures } from '../../archive/pass.ts';
import type { DamageReport } from '../../fs/checked.ts';
import type { ExportLinks } from '../../export/records.ts';
import type { Revision } from '../../revisions/archive.ts';
import { beginExports, type ExportSummary } from '../../export/write.ts';
import { byDateDesc } from '../../search/index/build.ts';
import { beginIndexWrite, type BriefingMeta, type WriteIndexOptions, type WriteIndexSummary } from '../../search/index/writer.ts';

/** What the index keeps of a briefing to tell whether it changed. */
export function indexMeta(b: BriefingSummary): BriefingMeta {
  return { slug: b.slug, hash: b.hash, date: b.frontmatter.date, kind: b.frontmatter.kind };
}

export interface IndexAndExportOptions {
  index: WriteIndexOptions;
  links: ExportLinks;
  exports: { briefingJson: boolean; cacheDir: string; revisions?: ((slug: string) => Revision[] | null) | undefined };
  /** Told of each damaged cache entry of the index or the exports, once it has been rebuilt. */
  onDamage?: DamageReport;
}

export async function indexAndExport(
  archive: TranscriptArchive,
  outDir: string,
  opts: IndexAndExportOptions,
): Promise<{ index: WriteIndexSummary; exports: ExportSummary; pass: PassFigures }> {
  const briefings = archive.briefings.toSorted((a, b) => byDateDesc(indexMeta(a), indexMeta(b)));
  const index = beginIndexWrite(briefings.map(indexMeta), outDir, { ...opts.index, onDamage: opts.onDamage });
  // A part found damaged after the pass is made again from its briefing, read once more for it.
  const reread = async (b: BriefingSummary) => {
    const transcript = await archive.transcript(b.slug);
    return { transcript, statements: statementsOf(b.slug, transcript) };
  };
  const exports = beginExports(briefings, outDir, opts.links, { ...opts.exports, reread, onDamage: opts.onDamage });
  const changed = new Set(index.changed.map((b) => b.slug));
  const pass = await passOver(archive, briefings, async (step) => {
    const forIndex = changed.has(step.summary.slug);
    const forExports = exports.needs(step.summary);
    if (!forIndex && !forExports) return;
    const { transcript, statements } = await step.read();
    if (forExports) await exports.add(step.summary, transcript, statements);
    if (forIndex) await index.add({ ...indexMeta(step.summary), statements });
  });
  return { index: await index.finish(), exports: await exports.finish(), pass };
}
