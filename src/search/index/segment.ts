/**
 * Writes one segment: briefings (text, speakers, stats, the briefings table) as they come, then grams
 * and words in key order, each cut into blocks of the kind's target size and handed to the packer.
 * A fresh segment (build.ts) and a merge of segments (merge.ts) both write through this class.
 */
import {
  encodeBriefingsBlock,
  encodeGramBlock,
  encodeSpeakersBlock,
  encodeStatsBlock,
  encodeTextBlock,
  encodeWordsBlock,
} from '../codec.ts';
import type { SpeakerLabel } from '../../model/model.ts';
import { dayOf, isBigramKey, monthOfDay, POSTING, ROLE_LETTER, type GramEntry, type IndexRole, type PostingKind, type SpeakerEntry, type SpeakerRecord, type TextAt, type TextBlock, type WordEntry } from '../format.ts';
import { splitLongList } from './long.ts';
import { Packer, type SegmentTargets } from './packer.ts';

/** A statement as a segment stores it. */
export interface SegmentStatement {
  turn: string;
  order: number;
  role: IndexRole;
  speaker: string;
  /** What the speaker's label says (src/model/model.ts SpeakerLabel), null without a label. */
  label: SpeakerLabel | null;
  /** Who speaks by the speaker rules, and their position in full; null when nobody is known. */
  person: string | null;
  position: string | null;
  topic: string | null;
  section: string | null;
  /** The statement's text, or where it is published (format.ts TextAt). */
  text: string | TextAt;
  /** The topic heading is part of the statement's search form. */
  headingIndexed: boolean;
  /** Stats byte (format.ts statsByte). */
  stat: number;
}

export interface SegmentBriefing {
  slug: string;
  title: string;
  date: string;
  kind: string;
  /** The version of the file its statements' text is published in, "" when the index holds the text. */
  textKey: string;
  statements: SegmentStatement[];
}

/** Most readings a word keeps: a query turns each into postings to fetch. */
export const MAX_READINGS = 24;

export class SegmentWriter {
  readonly packer: Packer;
  private readonly targets: SegmentTargets;
  docs = 0;
  // Briefings table.
  private readonly kinds = new Map<string, number>();
  private readonly counts: number[] = [];
  private readonly days: number[] = [];
  private readonly kindOf: number[] = [];
  /** Each statement's day, made once the briefings are in (long lists count their statements per month). */
  private dayOfDoc: Int32Array | null = null;
  // Text block being filled.
  private text: TextBlock = { first: 0, briefings: [], strings: [], speakers: [], docs: [] };
  private textStrings = new Map<string, number>();
  private textSpeakers = new Map<string, number>();
  private textBytes = 0;
  // Speakers and stats blocks being filled.
  private speakers: SpeakerEntry[] = [];
  private speakerIndex = new Map<string, number>();
  private speakerOf: number[] = [];
  private speakersFirst = 0;
  private stats: number[] = [];
  private statsFirst = 0;
  // Grams.
  private gramEntries: GramEntry[] = [];
  private gramFirst = -1;
  private gramBytes = 0;
  // Words.
  private wordEntries: WordEntry[] = [];
  private wordBytes = 0;

  constructor(packDir: string, targets: SegmentTargets, salt: string) {
    this.packer = new Packer(packDir, targets, salt);
    this.targets = targets;
  }

  /** Adds a briefing's statements; returns the id of its first statement. */
  addBriefing(b: SegmentBriefing): number {
    const first = this.docs;
    let k = -1;
    if (b.kind) {
      k = this.kinds.get(b.kind) ?? this.kinds.size;
      this.kinds.set(b.kind, k);
    }
    this.counts.push(b.statements.length);
    this.days.push(dayOf(b.date));
    this.kindOf.push(k);

    // A text block may end inside a briefing: a result fetches a few statements, not a whole transcript.
    let entry: TextBlock['briefings'][number] | null = null;
    for (const s of b.statements) {
      if (this.text.docs.length > 0 && this.textBytes >= (typeof s.text === 'string' ? this.targets.text : this.targets.textAt)) {
        this.flushText();
        entry = null;
      }
      if (!entry) {
        entry = [b.slug, b.title, b.date, b.kind, 0, b.textKey];
        this.text.briefings.push(entry);
        this.textBytes += b.slug.length + b.title.length * 3 + b.textKey.length + 32;
      }
      entry[4]++;
      this.text.docs.push([s.turn, s.order, ROLE_LETTER[s.role], this.textSpeaker(s), this.textString(s.topic), this.textString(s.section), s.text, s.headingIndexed ? 1 : 0]);
      // UTF-8 of Japanese text is ~3 bytes a character; close enough to cut blocks by.
      this.textBytes += (typeof s.text === 'string' ? s.text.length * 3 : 16) + 24;

      const who: SpeakerEntry = [s.speaker, s.person ?? '', s.position ?? '', s.label?.outlet ?? ''];
      const whoKey = who.join('\0');
      let spk = this.speakerIndex.get(whoKey);
      if (spk === undefined) {
        spk = this.speakers.length;
        this.speakers.push(who);
        this.speakerIndex.set(whoKey, spk);
      }
      this.speakerOf.push(spk);
      if (this.speakerOf.length * 2 >= this.targets.speakers) this.flushSpeakers();
      this.stats.push(s.stat);
      if (this.stats.length >= this.targets.stats) this.flushStats();
      this.docs++;
    }
    return first;
  }

  /** The statement's speaker record in the text block, added once per block. */
  private textSpeaker(s: SegmentStatement): number {
    const l = s.label;
    const record: SpeakerRecord = [
      this.textString(s.speaker),
      this.textString(l?.text ?? null),
      this.textString(l?.outlet ?? null),
      this.textString(l?.name ?? null),
      this.textString(l?.position ?? null),
      this.textString(s.person),
      this.textString(s.position),
    ];
    const key = record.join(',');
    let i = this.textSpeakers.get(key);
    if (i === undefined) {
      i = this.text.speakers.length;
      this.text.speakers.push(record);
      this.textSpeakers.set(key, i);
      this.textBytes += 16;
    }
    return i;
  }

  private textString(t: string | null): number {
    if (t === null) return -1;
    let i = this.textStrings.get(t);
    if (i === undefined) {
      i = this.text.strings.length;
      this.text.strings.push(t);
      this.textStrings.set(t, i);
      this.textBytes += t.length * 3;
    }
    return i;
  }

  private flushText(): void {
    if (this.text.docs.length === 0) return;
    this.packer.add('text', this.text.first, encodeTextBlock(this.text));
    this.text = { first: this.docs, briefings: [], strings: [], speakers: [], docs: [] };
    this.textStrings = new Map();
    this.textSpeakers = new Map();
    this.textBytes = 0;
  }
  private flushSpeakers(): void {
    if (this.speakerOf.length === 0) return;
    this.packer.add('speakers', this.speakersFirst, encodeSpeakersBlock({ first: this.speakersFirst, speakers: this.speakers, of: this.speakerOf }));
    this.speakersFirst += this.speakerOf.length;
    this.speakers = [];
    this.speakerIndex = new Map();
    this.speakerOf = [];
  }
  private flushStats(): void {
    if (this.stats.length === 0) return;
    this.packer.add('stats', this.statsFirst, encodeStatsBlock({ first: this.statsFirst, stats: Uint8Array.from(this.stats) }));
    this.statsFirst += this.stats.length;
    this.stats = [];
  }

  /**
   * Adds a gram's encoded postings; keys must ascend. A frequent gram's postings are a heavy block of
   * their own, a very frequent one's a long list (head and parts).
   */
  addGram(key: number, postings: Uint8Array): void {
    if (postings.length > this.targets.head) {
      this.addLong(key, isBigramKey(key) ? POSTING.bigram : POSTING.unigram, postings);
      return;
    }
    if (postings.length > this.targets.heavy) {
      this.packer.add('heavy', key, postings);
      return;
    }
    const bytes = postings.length + 4;
    if (this.gramEntries.length > 0 && this.gramBytes + bytes > this.targets.gram) this.flushGrams();
    if (this.gramEntries.length === 0) this.gramFirst = key;
    this.gramEntries.push({ key, postings });
    this.gramBytes += bytes;
  }
  private flushGrams(): void {
    if (this.gramEntries.length === 0) return;
    this.packer.add('gram', this.gramFirst, encodeGramBlock(this.gramEntries));
    this.gramEntries = [];
    this.gramBytes = 0;
  }

  /** A long list: its head and parts into the packer, together. */
  private addLong(key: number | string, kind: PostingKind, postings: Uint8Array): void {
    const days = this.docDays();
    const long = splitLongList(kind, postings, this.targets.part, (doc) => monthOfDay(days[doc]!));
    this.packer.addLong(key, long.parts, long.head);
  }

  /** Each statement's day, by id (grams and words come after every briefing). */
  private docDays(): Int32Array {
    if (this.dayOfDoc?.length === this.docs) return this.dayOfDoc;
    const out = new Int32Array(this.docs);
    let at = 0;
    this.counts.forEach((n, i) => {
      out.fill(this.days[i]!, at, at + n);
      at += n;
    });
    return (this.dayOfDoc = out);
  }

  /** Adds a word entry; keys must ascend. A frequent word's lemma postings are a long list. */
  addWord(entry: WordEntry): void {
    let e = entry;
    if (e.lemma && e.lemma.length > this.targets.head) {
      this.addLong(e.key, POSTING.lemma, e.lemma);
      e = { key: e.key, readings: e.readings, lemma: null, lemmaHead: true };
    }
    const bytes = e.key.length * 3 + e.readings.reduce((n, r) => n + r.length * 3 + 1, 0) + (e.lemma?.length ?? 0) + 4;
    if (this.wordEntries.length > 0 && this.wordBytes + bytes > this.targets.words) this.flushWords();
    this.wordEntries.push(e);
    this.wordBytes += bytes;
  }
  private flushWords(): void {
    if (this.wordEntries.length === 0) return;
    this.packer.add('words', this.wordEntries[0]!.key, encodeWordsBlock(this.wordEntries));
    this.wordEntries = [];
    this.wordBytes = 0;
  }

  /** Writes what is left and returns the segment's packs and directory. */
  finish(): Packer {
    this.flushText();
    this.flushSpeakers();
    this.flushStats();
    this.flushGrams();
    this.flushWords();
    const kinds = [...this.kinds.keys()];
    this.packer.add('briefings', 0, encodeBriefingsBlock({ kinds, counts: Int32Array.from(this.counts), days: Int32Array.from(this.days), kind: Int32Array.from(this.kindOf) }));
    this.packer.finish();
    return this.packer;
  }
}
