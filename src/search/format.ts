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
export const FORMAT_VERSION = 7;

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
} as const;
export type BlockKind = keyof typeof BLOCK;
export const BLOCK_KINDS = Object.keys(BLOCK) as BlockKind[];
export const BLOCK_KIND_OF_CODE: Record<number, BlockKind> = Object.fromEntries(BLOCK_KINDS.map((k) => [BLOCK[k], k]));
/** Blocks located by a string key (the others by a gram key or a statement id). */
export const STRING_KEYED: ReadonlySet<BlockKind> = new Set(['words']);

/**
 * The directory's lists, each over one key space: `gram` lists gram blocks (each covering a key range)
 * and heavy blocks (each exactly one key) together, so that one lookup finds either.
 */
export type DirectoryList = Exclude<BlockKind, 'heavy' | 'directory'>;
export const DIRECTORY_LISTS: readonly DirectoryList[] = ['gram', 'words', 'text', 'speakers', 'stats', 'briefings'];
export function listOf(kind: BlockKind): DirectoryList {
  if (kind === 'directory') throw new Error('a directory block belongs to no list');
  return kind === 'heavy' ? 'gram' : kind;
}

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
 *   + 1 when the form is derived (another analysis than kuromoji's own: see lemmaSpan).
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
  return length * 2 + (derived ? 1 : 0);
}
export function lemmaLength(span: number): number {
  return span >> 1;
}
export function isDerivedLemma(span: number): boolean {
  return (span & 1) === 1;
}

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
 * What results show, for statements [first, first + docs.length) of a segment (a block may cut a briefing).
 * briefings: [slug, title, date, kind or "", statements of it in this block], in order;
 * speakers: the block's distinct speaker records;
 * docs: [turn, order, role letter, speaker record index, topic index or -1, section index or -1, text, heading indexed 0|1].
 */
export interface TextBlock {
  first: number;
  briefings: Array<[string, string, string, string, number]>;
  strings: string[];
  speakers: SpeakerRecord[];
  docs: Array<[string, number, string, number, number, number, string, number]>;
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
