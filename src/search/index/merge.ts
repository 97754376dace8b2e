/**
 * Merging segments, as Lucene does: the sources' blocks are decoded in order and written again as one
 * segment, dropping deleted statements and renumbering the rest (source after source, so every posting
 * list stays in id order). No statement is read from a transcript and nothing is tokenized again.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { blockTag, decodeHeadBlock, decodePostings, decodeStatsBlock, decodeTextBlock, decodeWordsBlock, GramBlock, inflateStoredWith, PostingWriter } from '../codec.ts';
import { isBigramKey, packName, POSTING, ROLE_OF_LETTER, speakerOfRecord, type BlockKind, type DirectoryEntry, type PostingKind, type WordEntry } from '../format.ts';
import { contentName, type SegmentTargets } from './packer.ts';
import { MAX_READINGS, SegmentWriter, type SegmentStatement } from './segment.ts';
import type { SegmentState } from './state.ts';

/** A segment's blocks, each read from its byte range of its pack and inflated. */
class SegmentReader {
  private readonly packDir: string;
  private readonly s: SegmentState;
  private readonly fds = new Map<number, number>();
  constructor(packDir: string, s: SegmentState) {
    this.packDir = packDir;
    this.s = s;
  }
  /** A kind's blocks in key order (heads: of grams or of words, by `keyed`). */
  entries(kind: BlockKind, keyed: 'number' | 'string' = kind === 'words' ? 'string' : 'number'): DirectoryEntry[] {
    return this.s.blocks.filter((e) => e.kind === kind && typeof e.first === keyed).sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  }
  /** A long list's postings whole again: its parts, which follow its head, as one encoded list. */
  longPostings(head: DirectoryEntry): Uint8Array {
    const { kind, parts } = decodeHeadBlock(this.bytes(head));
    const w = new PostingWriter(kind);
    let offset = head.offset + head.length;
    for (const part of parts) {
      const list = decodePostings(kind, this.bytes({ ...head, kind: 'part', offset, length: part.length }));
      offset += part.length;
      for (let k = 0; k < list.docs.length; k++) {
        const from = list.starts[k]!;
        const to = list.starts[k + 1]!;
        w.add(list.docs[k]!, list.stats[k]!, list.at.subarray(from, to), list.len ? list.len.subarray(from, to) : undefined);
      }
    }
    return w.finish();
  }
  bytes(e: DirectoryEntry): Uint8Array {
    let fd = this.fds.get(e.pack);
    if (fd === undefined) this.fds.set(e.pack, (fd = openSync(path.join(this.packDir, packName(this.s.id, e.pack)), 'r')));
    const stored = new Uint8Array(e.length);
    if (readSync(fd, stored, 0, e.length, e.offset) !== e.length) throw new Error(`segment damaged: pack ${e.pack} ends before a block at ${e.offset}`);
    return inflateStoredWith(stored, (b) => inflateSync(b), blockTag(this.s.salt, e.kind, e.first));
  }
  close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }
}

/** New id of every statement of a segment (−1 where deleted), given where its survivors start. */
function remapOf(s: SegmentState, offset: number): Int32Array {
  const dead = new Uint8Array(s.docs);
  for (let i = 0; i < s.deleted.length; i += 2) dead.fill(1, s.deleted[i]!, s.deleted[i]! + s.deleted[i + 1]!);
  const map = new Int32Array(s.docs);
  let next = offset;
  for (let d = 0; d < s.docs; d++) map[d] = dead[d] ? -1 : next++;
  return map;
}

/** A segment's grams with their encoded postings, in key order: gram blocks' entries, heavy blocks and long lists merged. */
function* gramStream(r: SegmentReader): Generator<[number, Uint8Array]> {
  function* lightEntries(): Generator<[number, Uint8Array]> {
    for (const e of r.entries('gram')) {
      const block = new GramBlock(r.bytes(e));
      for (let i = 0; i < block.size; i++) {
        const entry = block.entry(i);
        yield [entry.key, entry.postings];
      }
    }
  }
  const heavy = [...r.entries('heavy'), ...r.entries('head')].sort((a, b) => Number(a.first) - Number(b.first));
  const postings = (e: DirectoryEntry) => (e.kind === 'head' ? r.longPostings(e) : r.bytes(e));
  let h = 0;
  for (const [key, light] of lightEntries()) {
    for (; h < heavy.length && Number(heavy[h]!.first) < key; h++) yield [Number(heavy[h]!.first), postings(heavy[h]!)];
    yield [key, light];
  }
  for (; h < heavy.length; h++) yield [Number(heavy[h]!.first), postings(heavy[h]!)];
}

/** A segment's words in key order, a long lemma list whole again. */
function* wordStream(r: SegmentReader): Generator<[string, WordEntry]> {
  const heads = new Map(r.entries('head', 'string').map((e) => [String(e.first), e]));
  for (const e of r.entries('words')) {
    for (const w of decodeWordsBlock(r.bytes(e))) {
      const head = w.lemmaHead ? heads.get(w.key) : undefined;
      if (w.lemmaHead && !head) throw new Error(`segment damaged: no long lemma list for ${w.key}`);
      yield [w.key, head ? { key: w.key, readings: w.readings, lemma: r.longPostings(head) } : w];
    }
  }
}

/** Postings of one key from several sources, renumbered; null when every statement was deleted. */
function mergePostings(kind: PostingKind, parts: Array<[Uint8Array, Int32Array]>): Uint8Array | null {
  const w = new PostingWriter(kind);
  for (const [bytes, map] of parts) {
    const list = decodePostings(kind, bytes);
    for (let k = 0; k < list.docs.length; k++) {
      const doc = map[list.docs[k]!]!;
      if (doc < 0) continue;
      const from = list.starts[k]!;
      const to = list.starts[k + 1]!;
      w.add(doc, list.stats[k]!, list.at.subarray(from, to), list.len ? list.len.subarray(from, to) : undefined);
    }
  }
  return w.docs > 0 ? w.finish() : null;
}

/** k-way merge of sorted streams: each key once, with the values of every stream that has it. */
function* byKey<K extends string | number, V>(streams: Array<Iterator<[K, V]>>): Generator<[K, Array<[number, V]>]> {
  const heads = streams.map((s) => s.next());
  for (;;) {
    let min: K | null = null;
    for (const h of heads) {
      if (h.done) continue;
      const k = h.value[0];
      if (min === null || k < min) min = k;
    }
    if (min === null) return;
    const values: Array<[number, V]> = [];
    heads.forEach((h, i) => {
      if (!h.done && h.value[0] === min) {
        values.push([i, h.value[1]]);
        heads[i] = streams[i]!.next();
      }
    });
    yield [min, values];
  }
}

export function mergeSegments(sources: SegmentState[], packDir: string, targets: SegmentTargets): SegmentState {
  // The same sources merged with the same targets give the same segment; anything else another salt.
  const writer = new SegmentWriter(packDir, targets, contentName(JSON.stringify(['merge', sources.map((s) => s.id), targets])));
  const readers = sources.map((s) => new SegmentReader(packDir, s));
  const maps: Int32Array[] = [];
  const briefings: SegmentState['briefings'] = [];
  try {
    sources.forEach((s, si) => {
      const map = remapOf(s, writer.docs);
      maps.push(map);
      const r = readers[si]!;
      const statsBlocks = r.entries('stats').map((e) => decodeStatsBlock(r.bytes(e)));
      const statOf = (doc: number): number => {
        const b = statsBlocks.find((x) => doc >= x.first && doc < x.first + x.stats.length);
        if (!b) throw new Error(`segment damaged: no stats for statement ${doc}`);
        return b.stats[doc - b.first]!;
      };
      const byFirst = new Map(s.briefings.map((b) => [b.first, b]));
      // Text blocks may cut a briefing in two: gather each live briefing's statements, then write it.
      let open: { state: SegmentState['briefings'][number]; meta: [string, string, string, string, string]; statements: SegmentStatement[] } | null = null;
      for (const e of r.entries('text')) {
        const block = decodeTextBlock(r.bytes(e));
        let doc = block.first;
        let at = 0;
        for (const [slug, title, date, kind, n, textKey] of block.briefings) {
          for (let k = 0; k < n; k++, doc++, at++) {
            if (map[doc]! < 0) continue;
            const state = byFirst.get(doc);
            if (state) open = { state, meta: [slug, title, date, kind, textKey], statements: [] };
            if (!open) throw new Error(`segment damaged: statement ${doc} outside any briefing`);
            const [turn, order, letter, spk, topic, section, text, heading] = block.docs[at]!;
            open.statements.push({
              turn,
              order,
              role: ROLE_OF_LETTER[letter] ?? 'moderator',
              ...speakerOfRecord(block, spk),
              topic: topic >= 0 ? block.strings[topic]! : null,
              section: section >= 0 ? block.strings[section]! : null,
              text,
              headingIndexed: heading === 1,
              stat: statOf(doc),
            });
            if (open.statements.length === open.state.count) {
              const [bSlug, bTitle, bDate, bKind, bTextKey] = open.meta;
              const first = writer.addBriefing({ slug: bSlug, title: bTitle, date: bDate, kind: bKind, textKey: bTextKey, statements: open.statements });
              briefings.push({ ...open.state, first });
              open = null;
            }
          }
        }
      }
    });
    for (const [key, parts] of byKey(readers.map(gramStream))) {
      const merged = mergePostings(isBigramKey(key) ? POSTING.bigram : POSTING.unigram, parts.map(([i, bytes]) => [bytes, maps[i]!]));
      if (merged) writer.addGram(key, merged);
    }
    for (const [key, parts] of byKey(readers.map(wordStream))) {
      const lemmas = parts.filter(([, w]) => w.lemma).map(([i, w]): [Uint8Array, Int32Array] => [w.lemma!, maps[i]!]);
      const readings = [...new Set(parts.flatMap(([, w]) => w.readings))].slice(0, MAX_READINGS);
      const lemma = lemmas.length > 0 ? mergePostings(POSTING.lemma, lemmas) : null;
      if (readings.length > 0 || lemma) writer.addWord({ key, readings, lemma });
    }
  } finally {
    for (const r of readers) r.close();
  }
  const packer = writer.finish();
  return { id: packer.id, docs: writer.docs, deleted: [], briefings, packs: packer.packCount, hashes: [...packer.hashes], salt: packer.salt, directory: packer.directory, blocks: packer.blocks, bytes: packer.bytesByKind };
}
