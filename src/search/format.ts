/**
 * src/search/ — the search index and its queries. index/ takes each new or changed briefing's
 * statements and writes the index into `<site>/search/`; query/ takes a query and the index's files
 * and gives hits (text and match ranges), in the browser and the CLI alike; options.ts is the table of
 * what a search can be asked. This module and codec.ts are the format both sides share.
 *
 * The search index's on-disk format: names, constants and the shapes of decoded blocks, shared by the
 * writer (Node, build time) and the engine (browser and CLI). Encoding and decoding live in codec.ts,
 * the only module that reads or writes the bytes. docs/search.md documents the format and the why.
 * No Node imports: the browser bundle includes this file.
 *
 * Under `<site>/search/`:
 *   manifest.json   fixed name, revalidated on every visit: format, base path, counts, and per segment
 *                   its pack names, its block directory and its deleted statements
 *   p/<segment>-<i>.bin  pack i of a segment: blocks (see BLOCK), each compressed on its own, back to
 *                   back, so that a block is a byte range of its pack; <segment> is a hash of all the
 *                   segment's packs, so every name is immutable
 *   f/<hash>.json   facets for a search form (kinds, people and positions, date range)
 */
import type { SpeakerLabel } from '../model/model.ts';
import { STATEMENT_ROLES, type StatementRole } from '../model/vocabulary.ts';

/** Bump on any change to what the files mean; an engine refuses an index of another format as stale. */
export const FORMAT_VERSION = 9;

export const MANIFEST = 'manifest.json';
export const PACK_DIR = 'p';
export const FACETS_DIR = 'f';

/** Width of the content hash in file names (base64url characters, 6 bits each). */
export const HASH_CHARS = 12;

/** Separates a statement's text from the topic heading indexed with it; the normaliser never produces it. */
export const PART_SEPARATOR = '\u0000';

/** Roles, as stored: a letter in text blocks, two bits of the stats byte (the index in this list). */
export const ROLES = STATEMENT_ROLES;
export type IndexRole = StatementRole;
export const ROLE_LETTER: Record<IndexRole, string> = { official: 'o', reporter: 'r', moderator: 'm', lead: 'l' };
export const ROLE_OF_LETTER: Record<string, IndexRole> = { o: 'official', r: 'reporter', m: 'moderator', l: 'lead' };

/** What a block holds; the number is what the directory stores. */
export const BLOCK = {
  /** Postings of a key range of grams, except the frequent ones (each a `heavy` block of its own). */
  gram: 1,
  /** The postings of one frequent gram: a query for it reads just those bytes. */
  heavy: 2,
  /** A range of words (string keys): written words read as the key, and occurrences of the key as a lemma. */
  words: 3,
  /** What results show for a range of statements (whole briefings). */
  text: 4,
  /** The speaker of each statement of a range. */
  speakers: 5,
  /** The stats byte of each statement of a range (filters-only queries). */
  stats: 6,
  /** Every briefing of the segment: statements, day, kind. */
  briefings: 7,
  /** Where a run of another kind's blocks are: the second level of a large directory. */
  directory: 8,
  /**
   * The head of a long posting list (a frequent gram's, or a frequent word's lemma postings): its
   * statement count, what each of its parts holds and where, its statements per month. Listed in the
   * gram or words list under exactly its key; its parts follow it in its pack.
   */
  head: 9,
  /** One part of a long posting list: the postings of the statements of a run of windows (WINDOW). */
  part: 10,
} as const;
export type BlockKind = keyof typeof BLOCK;
export const BLOCK_KINDS = Object.keys(BLOCK) as BlockKind[];
export const BLOCK_KIND_OF_CODE: Record<number, BlockKind> = Object.fromEntries(BLOCK_KINDS.map((k) => [BLOCK[k], k]));
/** Blocks located by a string key (the others by a gram key or a statement id). */
export const STRING_KEYED: ReadonlySet<BlockKind> = new Set(['words']);
/**
 * Blocks that hold exactly one key of their list (the others a range of keys): a lookup takes one of
 * these when its key is exactly theirs.
 */
export const EXACT_KEYED: ReadonlySet<BlockKind> = new Set(['heavy', 'head']);

/**
 * The directory's lists, each over one key space: `gram` lists gram blocks (each covering a key range)
 * and heavy blocks (each exactly one key) together, so that one lookup finds either.
 */
export type DirectoryList = Exclude<BlockKind, 'heavy' | 'directory' | 'head' | 'part'>;
export const DIRECTORY_LISTS: readonly DirectoryList[] = ['gram', 'words', 'text', 'speakers', 'stats', 'briefings'];
/** The list a block is found in: a head by the kind of its key (a gram's or a word's). */
export function listOf(kind: BlockKind, first: number | string): DirectoryList {
  if (kind === 'directory' || kind === 'part') throw new Error(`a ${kind} block belongs to no list`);
  if (kind === 'head') return typeof first === 'string' ? 'words' : 'gram';
  return kind === 'heavy' ? 'gram' : kind;
}
/** Kinds of block a list may hold besides its own. */
export const LIST_EXTRAS: Record<DirectoryList, readonly BlockKind[]> = { gram: ['heavy', 'head'], words: ['head'], text: [], speakers: [], stats: [], briefings: [] };

/**
 * Stored blocks are zlib streams (RFC 1950: deflate with an Adler-32 check), the format
 * `DecompressionStream('deflate')` reads in every current browser and in Node.
 */
export const STORED_FORMAT = 'deflate';

// --- grams -----------------------------------------------------------------------------------

/**
 * A gram's key: a single UTF-16 code unit c is c itself (below BIGRAM_KEY_BASE); a bigram (c1, c2) is
 * (c1 + 1) × BIGRAM_KEY_BASE + c2. Keys are exact integers below 2^33, safe in a double, and every
 * unigram sorts before every bigram.
 */
export const BIGRAM_KEY_BASE = 0x10000;
export function unigramKey(c: number): number {
  return c;
}
export function bigramKey(c1: number, c2: number): number {
  return (c1 + 1) * BIGRAM_KEY_BASE + c2;
}
export function isBigramKey(key: number): boolean {
  return key >= BIGRAM_KEY_BASE;
}
/** The first code unit of a gram. */
export function firstUnitOf(key: number): number {
  return isBigramKey(key) ? Math.floor(key / BIGRAM_KEY_BASE) - 1 : key;
}

/** Flags stored with each bigram position: a word starts at the position / right after the bigram. */
export const FLAG_START = 1;
export const FLAG_END = 2;
/** Positions are stored as position × 2^FLAG_BITS + flags. */
export const FLAG_BITS = 2;
export const FLAG_MASK = (1 << FLAG_BITS) - 1;

/** How a posting list's occurrences are written (codec.ts): counts, flagged positions, or spans. */
export const POSTING = { unigram: 0, bigram: 1, lemma: 2 } as const;
export type PostingKind = (typeof POSTING)[keyof typeof POSTING];

/**
 * A decoded posting list. Statement k is `docs[k]` (ascending), with its stats byte `stats[k]`; its
 * occurrences are [starts[k], starts[k + 1]) of `at` (and `len`):
 * - unigram: one entry, the count of the character in the statement;
 * - bigram: position × 2^FLAG_BITS + flags, ascending;
 * - lemma: position of a word whose dictionary form is the key, ascending, and in `len` its length × 2
 *   + 1 when the form is derived (another analysis than kuromoji's own: see lemmaSpan); and, in a
 *   statement holding such a word, every other position where the key's text stands, with `len`
 *   LITERAL_SPAN.
 */
export interface PostingList {
  docs: Int32Array;
  stats: Uint8Array;
  starts: Int32Array;
  at: Int32Array;
  len: Int32Array | null;
}

/**
 * A lemma occurrence's stored length: the word's length, and whether the dictionary form is derived —
 * an analysis kuromoji did not choose there (行っ read 行く, also 行う), a verb a noun is the 連用形 of
 * (伺い → 伺う), the verb of a compound (守り抜く → 守る) — rather than kuromoji's own.
 */
export function lemmaSpan(length: number, derived: boolean): number {
  if (length < 1) throw new RangeError('a word is at least one character long');
  return length * 2 + (derived ? 1 : 0);
}
export function lemmaLength(span: number): number {
  return span >> 1;
}
export function isDerivedLemma(span: number): boolean {
  return (span & 1) === 1;
}
/**
 * The stored length of a place where the key's text stands in a statement of the list but no word of
 * that dictionary form starts: not an occurrence of the word, counted only in what bounds a score
 * (build.ts indexLemmas).
 */
export const LITERAL_SPAN = 0;

/** A gram block entry: a key and its encoded posting list. */
export interface GramEntry {
  key: number;
  postings: Uint8Array;
}

export interface WordEntry {
  key: string;
  /** Written words read as the key (`きょうゆう` → 共有), matched as whole words. */
  readings: string[];
  /** Occurrences of words kuromoji gave this dictionary form (or its reading), encoded (POSTING.lemma). */
  lemma: Uint8Array | null;
  /** The lemma postings are a long list instead: a head block under exactly this key in the words list. */
  lemmaHead?: boolean;
}

// --- long posting lists --------------------------------------------------------------------------

/**
 * A segment's statement ids fall in windows of WINDOW ids (window = local id ÷ WINDOW). A long list's
 * parts are cut only between windows, so a window's postings of a key are in one part, and the parts
 * of every key line up window by window: the engine reads a window of a query's keys, one part each.
 */
export const WINDOW = 64;

/** Part flags: some occurrence (bigram lists) starts a word / ends one. */
export const PART_START = 1;
export const PART_END = 2;

/**
 * What a head says of one part of its list: enough to bound what any statement of it can score for a
 * query, whatever the ranking's parameters, without reading it.
 */
export interface PartSummary {
  /** The part's first window (segment-local) and how many windows it covers; no other part covers them. */
  window: number;
  windows: number;
  /** Statements in the part, and its stored (compressed) bytes. */
  docs: number;
  length: number;
  /**
   * Its statements' [occurrences, length class] (a unigram list: the character's count) that no other
   * of its statements beats in both — as many occurrences or more and no longer —, by ascending
   * occurrences (so ascending length): frontierOf. The first has the shortest statement's length, the
   * last the most occurrences.
   */
  frontier: Frontier;
  /**
   * Bigram lists: the most occurrences a statement of the part has that are a whole word (both flags).
   * Lemma lists: the most places a statement has where only the key's text stands (LITERAL_SPAN).
   * Unigram lists: 0.
   */
  maxWhole: number;
  /** PART_START | PART_END, over every occurrence of the part (bigram lists; 0 otherwise). */
  flags: number;
}

/**
 * What statements [from, to) (their indexes in `list`) of a decoded list hold, as a head says it of a
 * part: their count, frontier, most whole-word occurrences (of a lemma list: places of the text alone) and flags.
 */
export function summaryOf(kind: PostingKind, list: PostingList, from = 0, to = list.docs.length): Pick<PartSummary, 'docs' | 'frontier' | 'maxWhole' | 'flags'> {
  const out = { docs: to - from, frontier: [] as Frontier, maxWhole: 0, flags: 0 };
  const points: Array<[number, number]> = [];
  for (let k = from; k < to; k++) {
    const a = list.starts[k]!;
    const b = list.starts[k + 1]!;
    let whole = 0;
    if (kind === POSTING.bigram) {
      for (let x = a; x < b; x++) {
        const f = list.at[x]! & FLAG_MASK;
        if (f === (FLAG_START | FLAG_END)) whole++;
        out.flags |= (f & FLAG_START ? PART_START : 0) | (f & FLAG_END ? PART_END : 0);
      }
    } else if (kind === POSTING.lemma) {
      for (let x = a; x < b; x++) if (list.len![x] === LITERAL_SPAN) whole++;
    }
    out.maxWhole = Math.max(out.maxWhole, whole);
    points.push([Math.max(1, kind === POSTING.unigram ? list.at[a]! : b - a), list.stats[k]! >> ROLE_BITS]);
  }
  out.frontier = frontierOf(points);
  return out;
}

/** [occurrences, length class] pairs, by ascending occurrences and ascending length class. */
export type Frontier = Array<[count: number, length: number]>;

/**
 * The pairs of `points` ([occurrences, length class] of statements) that no other beats in both: for
 * any score that grows with occurrences and shrinks with length, the best statement is among them.
 */
export function frontierOf(points: ReadonlyArray<readonly [number, number]>): Frontier {
  const byCount = [...points].sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const out: Frontier = [];
  for (const [count, length] of byCount) if (out.length === 0 || length < out[out.length - 1]![1]) out.push([count, length]);
  return out.reverse();
}

/**
 * A long posting list's head: its kind of postings, its statements (deleted ones included, as in every
 * list), its parts in window order, and its statements per month: `months[i]` in month `firstMonth + i`
 * (months counted as year × 12 + month − 1), by the date of each statement's briefing.
 */
export interface ListHead {
  kind: PostingKind;
  docs: number;
  parts: PartSummary[];
  firstMonth: number;
  months: number[];
}


// --- statements --------------------------------------------------------------------------------

/**
 * A statement's stats byte: role in the low 2 bits (index in ROLES), a logarithmic length class
 * (16 % steps) above them: plenty for BM25's length normalisation.
 */
export const ROLE_BITS = 2;
const LENGTH_STEP = 1.16;
const MAX_LENGTH_CLASS = 63;
export function statsByte(role: IndexRole, length: number): number {
  const r = Math.max(0, ROLES.indexOf(role));
  const cls = Math.min(MAX_LENGTH_CLASS, Math.round(Math.log(length + 1) / Math.log(LENGTH_STEP)));
  return (cls << ROLE_BITS) | r;
}
export function statsRole(b: number): IndexRole {
  return ROLES[b & ((1 << ROLE_BITS) - 1)]!;
}
export function statsLength(b: number): number {
  return Math.pow(LENGTH_STEP, b >> ROLE_BITS) - 1;
}

/**
 * Who speaks, as a text block stores it: indexes into the block's strings, -1 for what is not there.
 * [speaker as on the page, label as written, the label's outlet, name, position, then who speaks by the
 * speaker rules: the person, their position in full] (format 6; formats 4 and 5 had the first five).
 */
export type SpeakerRecord = [speaker: number, label: number, outlet: number, name: number, position: number, person: number, personPosition: number];

/**
 * Where a statement's text is published: [offset, length] in bytes of its JSON value (a turn's `text`
 * string, the lead's array of paragraphs) in the file of its briefing's day,
 * `<site>/data/briefings/<year>/<date>.json` (src/export/day-json.ts).
 */
export type TextAt = [offset: number, length: number];

/**
 * What results show, for statements [first, first + docs.length) of a segment (a block may cut a briefing).
 * briefings: [slug, title, date, kind or "", statements of it in this block, text key], in order — the
 *   text key is "" when the statements' text is in this block, else the version of the day's file the
 *   locations are of (asked for as `<file>?v=<key>`, so a cache never mixes two versions);
 * speakers: the block's distinct speaker records;
 * docs: [turn, order, role letter, speaker record index, topic index or -1, section index or -1,
 *   text, or where it is published (TextAt), heading indexed 0|1].
 */
export interface TextBlock {
  first: number;
  briefings: Array<[string, string, string, string, number, string]>;
  strings: string[];
  speakers: SpeakerRecord[];
  docs: Array<[string, number, string, number, number, number, string | TextAt, number]>;
}

/** A text block's speaker record, back as a statement's speaker, label, person and position. */
export function speakerOfRecord(
  block: Pick<TextBlock, 'strings' | 'speakers'>,
  record: number,
): { speaker: string; label: SpeakerLabel | null; person: string | null; position: string | null } {
  const [speaker, label, outlet, name, position, person, personPosition] = block.speakers[record] ?? [-1, -1, -1, -1, -1, -1, -1];
  const at = (i: number): string | undefined => (i >= 0 ? block.strings[i] : undefined);
  const text = at(label);
  const words = { outlet: at(outlet), name: at(name), position: at(position) };
  return {
    speaker: at(speaker) ?? '',
    label: text === undefined ? null : { text, ...Object.fromEntries(Object.entries(words).filter(([, v]) => v !== undefined)) },
    person: at(person) ?? null,
    position: at(personPosition) ?? null,
  };
}

/**
 * Who speaks a statement, as the speaker filter reads it: [speaker as on the page, person, their
 * position in full, the label's outlet], '' for what is not there.
 */
export type SpeakerEntry = [speaker: string, person: string, position: string, outlet: string];

export interface SpeakersBlock {
  first: number;
  speakers: SpeakerEntry[];
  /** Index into `speakers`, per statement. */
  of: number[];
}

export interface StatsBlock {
  first: number;
  stats: Uint8Array;
}

/** The briefings of a segment in id order: statements of each, its day (days since 1970-01-01), its kind. */
export interface BriefingsBlock {
  kinds: string[];
  counts: Int32Array;
  days: Int32Array;
  /** Index into `kinds`, or -1 for none. */
  kind: Int32Array;
}

// --- manifest --------------------------------------------------------------------------------

/** Where a stored block is: its pack and byte range there. */
export interface BlockLocation {
  pack: number;
  offset: number;
  length: number;
}

/**
 * A block in a directory: its kind, the first key (gram key, statement id, or word) it covers — for a
 * heavy block its one key; for a directory block the first key of the blocks it lists — and where it is.
 */
export interface DirectoryEntry extends BlockLocation {
  kind: BlockKind;
  first: number | string;
}

/**
 * A segment's directory as the manifest holds it: per list, its blocks, or — when listing them all
 * would make every first query download too much — its directory blocks, each listing a run of them.
 */
export interface Directory {
  lists: Array<{ list: DirectoryList; nested: boolean; entries: DirectoryEntry[] }>;
}

export interface ManifestSegment {
  /** Hash of the segment's packs (HASH_CHARS): its packs are `p/<id>-<i>.bin`. */
  id: string;
  /** Statements in the segment, deleted ones included (ids run 0 … docs − 1). */
  docs: number;
  /** Deleted statements as [first id, count] pairs, flattened. */
  deleted: number[];
  /** Number of packs. */
  packs: number;
  /** Fixed before the segment is written; every stored block ends with a tag made of it (codec.ts blockTag). */
  salt: string;
  /** The block directory (codec.ts encodeDirectory): where every block of the segment is, by key. */
  directory: string;
}

export interface Manifest {
  format: number;
  /** Site base path with leading and trailing slash, e.g. "/" or "/archive/". */
  base: string;
  built: string;
  /** Statements that can be found, and their mean normalised length (ranking's length normalisation). */
  docs: number;
  avgLen: number;
  briefings: number;
  /** Oldest first. */
  segments: ManifestSegment[];
  facets: string;
}

export interface Facets {
  kinds: Array<[string, number]>;
  /** [person, their positions (newest briefing's first), statements], most statements first: who the speaker filter can name. */
  people: Array<[string, string[], number]>;
  /** [position in full, statements], most statements first. */
  positions: Array<[string, number]>;
  /** Oldest and newest date. */
  from: string;
  to: string;
}

/** A pack's file name (without the directory). */
export function packName(segment: string, i: number): string {
  return `${segment}-${i.toString(36)}.bin`;
}
export function packPath(segment: string, i: number): string {
  return `${PACK_DIR}/${packName(segment, i)}`;
}
export function facetsPath(name: string): string {
  return `${FACETS_DIR}/${name}.json`;
}

// --- dates -----------------------------------------------------------------------------------

const DAY_MS = 86_400_000;
/** A YYYY-MM-DD date as days since 1970-01-01. */
export function dayOf(date: string): number {
  return Math.round(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS);
}
export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** A month as heads count it (year × 12 + month − 1) for a day (days since 1970-01-01), and back. */
export function monthOfDay(day: number): number {
  const d = new Date(day * DAY_MS);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}
export function monthName(month: number): string {
  return `${String(Math.floor(month / 12)).padStart(4, '0')}-${String((month % 12) + 1).padStart(2, '0')}`;
}
