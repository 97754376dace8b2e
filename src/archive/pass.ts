/**
 * One pass over the archive: every briefing visited once, in one order, each read back from the cache
 * at most once (its transcript, and its statements from it) and only when a visitor asks. The end of a
 * build runs the search index and the data exports on the same pass (src/astro/steps/index-and-export.ts).
 */
import type { Statement } from '../model/model.ts';
import type { BriefingSummary, TranscriptArchive } from './archive.ts';
import { statementsOf, type ParsedTranscript } from './parse.ts';

/** A briefing's transcript and its search units (the lead, then every turn). */
export interface BriefingRead {
  transcript: ParsedTranscript;
  statements: Statement[];
}

export interface PassStep {
  summary: BriefingSummary;
  /** Read the briefing from the cache; a second call gives the same read. */
  read(): Promise<BriefingRead>;
}

export interface PassFigures {
  briefings: number;
  /** Briefings read back from the cache (each at most once). */
  read: number;
}

/** Visit `briefings` of `archive` in order, one at a time. */
export async function passOver(archive: TranscriptArchive, briefings: readonly BriefingSummary[], visit: (step: PassStep) => Promise<void>): Promise<PassFigures> {
  let read = 0;
  for (const summary of briefings) {
    let once: Promise<BriefingRead> | null = null;
    await visit({
      summary,
      read: () => {
        if (once) return once;
        read++;
        once = archive.transcript(summary.slug).then((transcript) => ({ transcript, statements: statementsOf(summary.slug, transcript) }));
        return once;
      },
    });
  }
  return { briefings: briefings.length, read };
}
