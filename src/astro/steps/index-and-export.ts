/**
 * The end of a build's one pass over the archive: the search index and the data exports are written
 * from the same stream of briefings (src/archive/pass.ts), newest first — the order a new index
 * segment takes them in. A briefing is read back from the cache only when one of them needs it (the
 * index: it is new or changed; the exports: its part is not cached), and then once for both.
 *
 * When each day's briefings are published as JSON (briefingJson), the index holds no statement text:
 * it points at each statement's text in its day's file (src/export/day-json.ts), which is where the
 * search page reads it from. A pointer depends on the briefings before it in that file, so the index
 * takes a briefing as changed when any briefing of its day is (its analysis is cached: nothing is
 * tokenized again), and a day's briefings are handed to it once the pass has made all their parts.
 */
import type { BriefingSummary, TranscriptArchive } from '../../archive/archive.ts';
import { statementsOf } from '../../archive/parse.ts';
import { passOver, type PassFigures } from '../../archive/pass.ts';
import type { DamageReport } from '../../fs/checked.ts';
import type { ParsedTranscript } from '../../archive/parse.ts';
import type { Statement } from '../../model/model.ts';
import { briefingJsonLayout, byArchiveOrder, objectStarts } from '../../export/day-json.ts';
import { briefingRecord, type ExportLinks } from '../../export/records.ts';
import { beginExports, dayVersions, type ExportSummary, type ExportWrite, type RevisionsOf } from '../../export/write.ts';
import type { TextAt } from '../../search/format.ts';
import { byDateDesc } from '../../search/index/build.ts';
import { beginIndexWrite, type BriefingMeta, type IndexWrite, type WriteIndexOptions, type WriteIndexSummary } from '../../search/index/writer.ts';

/** What the index keeps of a briefing to tell whether it changed. */
export function indexMeta(b: BriefingSummary): BriefingMeta {
  return { slug: b.slug, hash: b.hash, date: b.frontmatter.date, kind: b.frontmatter.kind };
}

export interface IndexAndExportOptions {
  index: WriteIndexOptions;
  links: ExportLinks;
  exports: { briefingJson: boolean; plain: boolean; cacheDir: string; revisions?: RevisionsOf | undefined };
  /** Told of each damaged cache entry of the index or the exports, once it has been rebuilt. */
  onDamage?: DamageReport;
}

/** A briefing the index takes, read, waiting for the rest of its day. */
interface Pending {
  summary: BriefingSummary;
  statements: Statement[];
  /** Where each statement's text is in the briefing's own JSON object (when published). */
  texts: TextAt[] | null;
}

/**
 * Hands the index each day's briefings once the day is read, with where their text is published: the
 * day's file is its briefings' objects in archive order, whose lengths the exports know by then.
 */
function dayByDay(index: IndexWrite, exports: ExportWrite, versions: Map<string, string> | null, meta: (b: BriefingSummary) => BriefingMeta, all: readonly BriefingSummary[]) {
  const byDate = new Map<string, BriefingSummary[]>();
  for (const b of all) byDate.set(b.frontmatter.date, [...(byDate.get(b.frontmatter.date) ?? []), b]);
  let pending: Pending[] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    const day = byDate.get(pending[0]!.summary.frontmatter.date)!.toSorted((a, b) => byArchiveOrder({ date: a.frontmatter.date, slug: a.slug }, { date: b.frontmatter.date, slug: b.slug }));
    const starts = versions ? objectStarts(await Promise.all(day.map((b) => exports.jsonLength(b)))) : [];
    for (const p of pending) {
      const start = starts[day.indexOf(p.summary)]!;
      if (p.texts && p.texts.length !== p.statements.length) throw new Error(`briefing ${p.summary.slug}: ${p.statements.length} statements but ${p.texts.length} texts in its JSON`);
      const text = p.texts ? { key: versions!.get(p.summary.frontmatter.date)!, at: p.texts.map(([o, n]): TextAt => [start + o, n]) } : undefined;
      await index.add({ ...meta(p.summary), statements: p.statements, text });
    }
    pending = [];
  };
  return {
    async add(summary: BriefingSummary, statements: Statement[], texts: TextAt[] | null) {
      if (pending.length > 0 && pending[0]!.summary.frontmatter.date !== summary.frontmatter.date) await flush();
      pending.push({ summary, statements, texts });
    },
    flush,
  };
}

export async function indexAndExport(
  archive: TranscriptArchive,
  outDir: string,
  opts: IndexAndExportOptions,
): Promise<{ index: WriteIndexSummary; exports: ExportSummary; pass: PassFigures }> {
  const briefings = archive.briefings.toSorted((a, b) => byDateDesc(indexMeta(a), indexMeta(b)));
  // A day's version: what the place of each statement's text in its file depends on.
  const versions = opts.exports.briefingJson ? dayVersions(briefings, opts.links, opts.exports.revisions) : null;
  const meta = (b: BriefingSummary): BriefingMeta => (versions ? { ...indexMeta(b), hash: `${b.hash}.${versions.get(b.frontmatter.date)}` } : indexMeta(b));
  const index = beginIndexWrite(briefings.map(meta), outDir, { ...opts.index, textPublished: versions !== null, onDamage: opts.onDamage });
  // A part found damaged after the pass is made again from its briefing, read once more for it.
  const reread = async (b: BriefingSummary) => {
    const transcript = await archive.transcript(b.slug);
    return { transcript, statements: statementsOf(b.slug, transcript) };
  };
  const exports = beginExports(briefings, outDir, opts.links, { ...opts.exports, reread, onDamage: opts.onDamage });
  const days = dayByDay(index, exports, versions, meta, briefings);
  const changed = new Set(index.changed.map((b) => b.slug));
  const textsOf = (b: BriefingSummary, t: ParsedTranscript) => (versions ? briefingJsonLayout(briefingRecord(b, t, opts.links)).texts : null);
  const pass = await passOver(archive, briefings, async (step) => {
    const forIndex = changed.has(step.summary.slug);
    const forExports = exports.needs(step.summary);
    if (!forIndex && !forExports) return;
    const { transcript, statements } = await step.read();
    if (forExports) await exports.add(step.summary, transcript, statements);
    if (forIndex) await days.add(step.summary, statements, textsOf(step.summary, transcript));
  });
  await days.flush();
  return { index: await index.finish(), exports: await exports.finish(), pass };
}
