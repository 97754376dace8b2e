/**
 * Reading a briefing's cache entries, healed: an entry that is missing or does not check out
 * (src/fs/checked.ts) is discarded, the transcript is parsed again from its file into the cache — once,
 * however many readers ask at the same time — and the entry named in one report. Nothing read from the
 * cache is used unchecked, and nothing is left for the user to delete.
 */
import { readFile } from 'node:fs/promises';
import { quietly, type DamageReport, type JsonRead } from '../fs/checked.ts';
import type { TranscriptMarkdownOptions } from '../markdown/processor.ts';
import { TranscriptErrors } from '../model/problems.ts';
import { transcriptHash, type TranscriptCache } from './cache.ts';
import { parseTranscriptBytes } from './parse.ts';
import type { BriefingSummary } from './summary.ts';

export class HealingReader {
  /** Briefings being parsed again, by hash. */
  private readonly healing = new Map<string, Promise<void>>();
  private readonly cache: TranscriptCache<unknown>;
  private readonly markdown: TranscriptMarkdownOptions;
  private readonly report: DamageReport;

  constructor(cache: TranscriptCache<unknown>, markdown: TranscriptMarkdownOptions, report: DamageReport = quietly) {
    this.cache = cache;
    this.markdown = markdown;
    this.report = report;
  }

  /** What `read` gives, after the briefing is parsed again when its entry (the file `entry`) is missing or damaged. */
  async read<T>(b: BriefingSummary, read: () => Promise<JsonRead<T>>, entry: string): Promise<T> {
    const first = await read();
    if (first.ok) return first.value;
    await this.parseAgain(b, entry, first.reason);
    const again = await read();
    if (again.ok) return again.value;
    throw new Error(`${b.path} was parsed again, but its cache entry ${entry} still cannot be read back (${again.reason ?? 'missing'})`);
  }

  private parseAgain(b: BriefingSummary, entry: string, reason: string | null): Promise<void> {
    let pending = this.healing.get(b.hash);
    if (!pending) {
      pending = (async () => {
        const bytes = await readFile(b.file);
        if (transcriptHash(bytes, this.markdown) !== b.hash) throw new Error(`${b.path} changed while the site was being built: build it again`);
        const outcome = await parseTranscriptBytes(bytes, this.markdown);
        if (!outcome.ok) throw new TranscriptErrors(b.path, outcome.problems);
        await this.cache.writeEntry(b.hash, outcome.transcript);
        this.report(entry, reason, `${b.path} parsed again`);
      })().finally(() => this.healing.delete(b.hash));
      this.healing.set(b.hash, pending);
    }
    return pending;
  }
}
