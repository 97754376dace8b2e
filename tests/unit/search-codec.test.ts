/** Round trips of every block of the index format (src/search/codec.ts), over random contents. */
import { deflateSync, inflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ByteReader,
  ByteWriter,
  CodecError,
  decodeBriefingsBlock,
  decodeDirectory,
  decodeDirectoryBlock,
  decodePostings,
  decodeSpeakersBlock,
  decodeStatsBlock,
  decodeTextBlock,
  decodeWordsBlock,
  directoryRuns,
  encodeBriefingsBlock,
  encodeDirectory,
  encodeDirectoryBlock,
  encodeGramBlock,
  encodePack,
  encodePostings,
  encodeSpeakersBlock,
  encodeStatsBlock,
  encodeTextBlock,
  encodeWordsBlock,
  findInList,
  fromBase64Url,
  GramBlock,
  inflateStored,
  inflateStoredWith,
  packSlice,
  storeBlock,
  blockTag,
  toBase64Url,
} from '../../src/search/codec.ts';
import {
  dateOfDay,
  dayOf,
  DIRECTORY_LISTS,
  FLAG_BITS,
  POSTING,
  speakerOfRecord,
  STRING_KEYED,
  type BlockKind,
  type DirectoryEntry,
  type DirectoryList,
  type PostingKind,
  type PostingList,
  type SpeakerRecord,
} from '../../src/search/format.ts';

const deflate = (b: Uint8Array) => new Uint8Array(deflateSync(b));
const inflate = (b: Uint8Array) => new Uint8Array(inflateSync(b));
/** The tag of text block 0 of a segment salted 'salt'. */
const TAG = blockTag('salt', 'text', 0);

const text = fc.string({ unit: 'grapheme', maxLength: 20 });

/** A posting list of `kind`: ascending ids, 1–5 occurrences each (ascending positions). */
function postingList(kind: PostingKind): fc.Arbitrary<PostingList> {
  const doc = fc.record({
    gap: fc.integer({ min: 1, max: 100_000 }),
    stat: fc.integer({ min: 0, max: 255 }),
    occ: fc.array(fc.tuple(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 40 })), { minLength: 1, maxLength: 5 }),
  });
  return fc.array(doc, { minLength: 1, maxLength: 30 }).map((docs) => {
    const ids: number[] = [];
    const at: number[] = [];
    const len: number[] = [];
    const starts: number[] = [];
    let id = -1;
    for (const d of docs) {
      id += d.gap;
      ids.push(id);
      starts.push(at.length);
      if (kind === POSTING.unigram) {
        at.push(d.occ.length + d.occ[0]![0]);
        continue;
      }
      let p = -1;
      for (const [gap, flags, l] of d.occ) {
        p += gap;
        at.push(kind === POSTING.bigram ? p * (1 << FLAG_BITS) + flags : p);
        len.push(l);
      }
    }
    starts.push(at.length);
    return {
      docs: Int32Array.from(ids),
      stats: Uint8Array.from(docs.map((d) => d.stat)),
      starts: Int32Array.from(starts),
      at: Int32Array.from(at),
      len: kind === POSTING.lemma ? Int32Array.from(len) : null,
    };
  });
}

/**
 * A list's directory entries as the writer makes them: ascending keys; each kind's blocks in ascending
 * packs and, within a pack, ascending offsets. The gram list mixes gram and heavy blocks; a nested
 * list's entries are directory blocks.
 */
function directoryEntries(list: DirectoryList, nested: boolean): fc.Arbitrary<DirectoryEntry[]> {
  const key: fc.Arbitrary<number | string> = STRING_KEYED.has(list) ? text : fc.integer({ min: 0, max: 3000 });
  const step = fc.record({ heavy: fc.boolean(), newPack: fc.boolean(), gap: fc.nat(50), length: fc.integer({ min: 1, max: 70_000 }) });
  return fc.uniqueArray(key, { maxLength: 40 }).chain((keys) =>
    fc.array(step, { minLength: keys.length, maxLength: keys.length }).map((steps) => {
      const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      let packs = 0;
      const last = new Map<BlockKind, { pack: number; end: number }>();
      return sorted.map((first, i) => {
        const s = steps[i]!;
        const kind: BlockKind = nested ? 'directory' : list === 'gram' && s.heavy ? 'heavy' : list;
        let at = last.get(kind);
        if (!at || s.newPack) at = { pack: packs++, end: 0 };
        const e: DirectoryEntry = { kind, first, pack: at.pack, offset: at.end + s.gap, length: s.length };
        last.set(kind, { pack: at.pack, end: e.offset + e.length });
        return e;
      });
    }),
  );
}

describe('index codec round trips', () => {
  it('varints and strings', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.maxSafeNat(), text)), (values) => {
        const w = new ByteWriter(1);
        for (const v of values) typeof v === 'number' ? w.uint(v) : w.string(v);
        const r = new ByteReader(w.finish());
        for (const v of values) expect(typeof v === 'number' ? r.uint() : r.string()).toEqual(v);
        expect(r.done).toBe(true);
      }),
    );
  });

  for (const [name, kind] of Object.entries(POSTING)) {
    it(`${name} posting lists`, () => {
      fc.assert(fc.property(postingList(kind), (list) => void expect(decodePostings(kind, encodePostings(kind, list))).toEqual(list)));
    });
  }

  it('gram blocks', () => {
    const entry = fc.tuple(fc.integer({ min: 1, max: 2 ** 20 }), fc.uint8Array({ minLength: 1, maxLength: 30 }));
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 40 }), (raw) => {
        let key = 0;
        const entries = raw.map(([gap, postings]) => ((key += gap), { key, postings }));
        const block = new GramBlock(encodeGramBlock(entries));
        expect(Array.from({ length: block.size }, (_, i) => block.entry(i))).toEqual(entries);
        for (const e of entries) expect(block.find(e.key)).toEqual(e);
        expect(block.find(key + 1)).toBeNull();
      }),
    );
  });

  it('word blocks', () => {
    const entry = fc.record({ readings: fc.array(text, { maxLength: 4 }), lemma: fc.option(fc.uint8Array({ minLength: 1, maxLength: 20 }), { nil: null }) });
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(text, entry), { selector: ([k]) => k, maxLength: 20 }), (raw) => {
        const entries = raw.map(([key, e]) => ({ key, ...e })).sort((a, b) => (a.key < b.key ? -1 : 1));
        expect(decodeWordsBlock(encodeWordsBlock(entries))).toEqual(entries);
      }),
    );
  });

  it("speaker records give back the speaker as on the page, what its label says, and the person and position the rules resolve", () => {
    const strings = ['Ｑ（東西新聞）', 'Ｑ：（東西新聞）', '東西新聞', '中谷防衛大臣', '【上川外務大臣】', '上川', '外務大臣', '中谷 元', '防衛大臣', '上川外務大臣', '統幕長 :', '統幕長', '統合幕僚長', '吉田 圭一'];
    const speakers: SpeakerRecord[] = [[0, 1, 2, -1, -1, -1, -1], [3, -1, -1, -1, -1, 7, 8], [9, 4, -1, 5, 6, 9, 6], [11, 10, -1, -1, 11, 13, 12]];
    const block = { strings, speakers };
    expect(speakerOfRecord(block, 0)).toEqual({ speaker: 'Ｑ（東西新聞）', label: { text: 'Ｑ：（東西新聞）', outlet: '東西新聞' }, person: null, position: null });
    expect(speakerOfRecord(block, 1)).toEqual({ speaker: '中谷防衛大臣', label: null, person: '中谷 元', position: '防衛大臣' });
    expect(speakerOfRecord(block, 2)).toEqual({ speaker: '上川外務大臣', label: { text: '【上川外務大臣】', name: '上川', position: '外務大臣' }, person: '上川外務大臣', position: '外務大臣' });
    // The label's own position as written beside the resolved one, in full.
    expect(speakerOfRecord(block, 3)).toEqual({ speaker: '統幕長', label: { text: '統幕長 :', position: '統幕長' }, person: '吉田 圭一', position: '統合幕僚長' });
    // Through the codec, whole.
    const round = decodeTextBlock(encodeTextBlock({ first: 0, briefings: [], strings, speakers, docs: [] }));
    expect([0, 1, 2, 3].map((i) => speakerOfRecord(round, i))).toEqual([0, 1, 2, 3].map((i) => speakerOfRecord(block, i)));
  });

  it('text, speakers, stats and briefings blocks', () => {
    const doc = fc.tuple(text, fc.nat(500), fc.constantFrom('o', 'r', 'm', 'l'), fc.nat(5), fc.integer({ min: -1, max: 5 }), fc.integer({ min: -1, max: 5 }), text, fc.constantFrom(0, 1));
    const index = fc.integer({ min: -1, max: 9 });
    const speaker = fc.tuple(fc.nat(9), index, index, index, index, index, index);
    fc.assert(
      fc.property(fc.nat(), fc.array(fc.tuple(text, text, text, text, fc.nat(9))), fc.array(text), fc.array(speaker), fc.array(doc), (first, briefings, strings, speakers, docs) => {
        const block = { first, briefings, strings, speakers, docs };
        expect(decodeTextBlock(encodeTextBlock(block))).toEqual(block);
      }),
    );
    fc.assert(
      fc.property(fc.nat(), fc.array(fc.tuple(text, text, text, text), { minLength: 1 }), fc.array(fc.nat(1000)), (first, speakers, of) => {
        const block = { first, speakers, of: of.map((i) => i % speakers.length) };
        expect(decodeSpeakersBlock(encodeSpeakersBlock(block))).toEqual(block);
      }),
    );
    fc.assert(fc.property(fc.nat(), fc.uint8Array(), (first, stats) => void expect(decodeStatsBlock(encodeStatsBlock({ first, stats }))).toEqual({ first, stats })));
    fc.assert(
      fc.property(fc.array(text, { maxLength: 4 }), fc.array(fc.tuple(fc.nat(300), fc.integer({ min: -30000, max: 60000 }), fc.nat(4))), (kinds, rows) => {
        const block = {
          kinds,
          counts: Int32Array.from(rows.map((r) => r[0])),
          days: Int32Array.from(rows.map((r) => r[1])),
          kind: Int32Array.from(rows.map((r) => (kinds.length ? r[2] % (kinds.length + 1) : 0) - 1)),
        };
        expect(decodeBriefingsBlock(encodeBriefingsBlock(block))).toEqual(block);
      }),
    );
  });

  it('stored blocks: node:zlib and the web streams read each other', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), fc.integer({ min: 0, max: 255 }), async (noise, fill) => {
        // Half repetitive, half noise: both compressible and incompressible stretches.
        const raw = new Uint8Array([...new Uint8Array(noise.length).fill(fill), ...noise]);
        expect(await inflateStored(storeBlock(raw, deflate, TAG), TAG)).toEqual(raw);
        const web = new Uint8Array(await new Response(new Blob([raw]).stream().pipeThrough(new CompressionStream('deflate'))).arrayBuffer());
        expect(inflateStoredWith(new Uint8Array([...web, ...TAG]), inflate, TAG)).toEqual(raw);
      }),
      { numRuns: 50 },
    );
  });

  it('packs: every block is its byte range, readable alone', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 12 }), async (blocks) => {
        const { bytes, spans } = encodePack(blocks.map((b, i) => storeBlock(b, deflate, blockTag('salt', 'text', i))));
        expect(spans.map((s) => s.length).reduce((a, b) => a + b, 0)).toBe(bytes.length);
        for (let i = 0; i < blocks.length; i++) {
          expect(spans[i]!.offset).toBe(i === 0 ? 0 : spans[i - 1]!.offset + spans[i - 1]!.length);
          const tag = blockTag('salt', 'text', i);
          expect(await inflateStored(bytes.slice(spans[i]!.offset, spans[i]!.offset + spans[i]!.length), tag)).toEqual(blocks[i]);
          expect(inflateStoredWith(packSlice(bytes, spans[i]!), inflate, tag)).toEqual(blocks[i]);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('directories and directory blocks', () => {
    const list = fc
      .constantFrom(...DIRECTORY_LISTS)
      .chain((name) => fc.boolean().chain((nested) => directoryEntries(name, nested).map((entries) => ({ list: name, nested, entries }))));
    fc.assert(
      fc.property(fc.array(list, { maxLength: 6 }), (lists) => {
        expect(decodeDirectory(encodeDirectory({ lists }))).toEqual({ lists });
        for (const l of lists) if (!l.nested) expect(decodeDirectoryBlock(encodeDirectoryBlock(l.list, l.entries))).toEqual({ list: l.list, entries: l.entries });
      }),
    );
    fc.assert(fc.property(fc.uint8Array(), (b) => void expect(fromBase64Url(toBase64Url(b))).toEqual(b)));
  });

  it('a lookup finds the heavy block of exactly its key, else the last other block at or before it; nested the same', () => {
    fc.assert(
      fc.property(directoryEntries('gram', false), fc.integer({ min: 1, max: 9 }), fc.array(fc.integer({ min: 0, max: 3000 }), { maxLength: 30 }), (entries, perRun, keys) => {
        // The rule, written out plainly over the whole list.
        const oracle = (key: number) =>
          entries.find((e) => e.kind === 'heavy' && e.first === key) ?? entries.filter((e) => e.kind !== 'heavy' && Number(e.first) <= key).at(-1) ?? null;
        const runs = directoryRuns('gram', entries, perRun);
        // The manifest's entries for the runs; `offset` stands in for where each run's block would be.
        const heads = runs.map((r, i) => ({ kind: 'directory' as const, first: r.first, pack: 0, offset: i, length: 1 }));
        for (const key of [...keys, ...entries.map((e) => Number(e.first))]) {
          expect(findInList(entries, key)).toEqual(oracle(key));
          const head = findInList(heads, key);
          expect(head ? findInList(runs[head.offset]!.entries, key) : null).toEqual(oracle(key));
        }
      }),
    );
  });

  it('dates as day numbers', () => {
    fc.assert(fc.property(fc.date({ min: new Date('1900-01-01'), max: new Date('2199-12-31'), noInvalidDate: true }), (d) => {
      const date = d.toISOString().slice(0, 10);
      expect(dateOfDay(dayOf(date))).toBe(date);
    }));
  });

  it('damaged bytes are a CodecError, not a wrong answer', async () => {
    const raw = new TextEncoder().encode('防衛省の会見'.repeat(20));
    const stored = storeBlock(raw, deflate, TAG);
    // Not a zlib stream (an HTML page), the wrong range of a pack, a block cut short, a flipped byte,
    // the same block of another segment or build (another salt), another block of the same segment.
    const others = [storeBlock(raw, deflate, blockTag('another build', 'text', 0)), storeBlock(raw, deflate, blockTag('salt', 'text', 1)), storeBlock(raw, deflate, blockTag('salt', 'stats', 0))];
    for (const bad of [new TextEncoder().encode('<!doctype html>'), stored.subarray(1), stored.subarray(0, stored.length - 3), stored.map((b, i) => (i === 8 ? b ^ 0x55 : b)), ...others]) {
      await expect(inflateStored(bad, TAG)).rejects.toThrow(CodecError);
      expect(() => inflateStoredWith(bad, inflate, TAG)).toThrow(CodecError);
    }
    expect(() => packSlice(stored, { offset: 4, length: stored.length })).toThrow(CodecError);
    expect(() => new GramBlock(Uint8Array.of(2, 1, 4))).toThrow(CodecError);
    expect(() => decodeDirectory('***')).toThrow(CodecError);
    expect(() => decodeDirectoryBlock(Uint8Array.of(2, 0))).toThrow(CodecError);
  });
});
