/** Round trips of every block of the index format (src/search/codec.ts), over random contents. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ByteReader,
  ByteWriter,
  CodecError,
  decodeBriefingsBlock,
  decodeDirectory,
  decodePack,
  decodePostings,
  decodeSpeakersBlock,
  decodeStatsBlock,
  decodeTextBlock,
  decodeWordsBlock,
  encodeBriefingsBlock,
  encodeDirectory,
  encodeGramBlock,
  encodePack,
  encodePostings,
  encodeSpeakersBlock,
  encodeStatsBlock,
  encodeTextBlock,
  encodeWordsBlock,
  fromBase64Url,
  GramBlock,
  toBase64Url,
} from '../../src/search/codec.ts';
import { BLOCK_KINDS, dateOfDay, dayOf, FLAG_BITS, POSTING, type DirectoryEntry, type PostingKind, type PostingList } from '../../src/search/format.ts';

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

  it('gram blocks, with entries inline and in heavy blocks', () => {
    const entry = fc.tuple(fc.integer({ min: 1, max: 2 ** 20 }), fc.oneof(fc.uint8Array({ minLength: 1, maxLength: 30 }), fc.nat(1000)));
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 40 }), (raw) => {
        let key = 0;
        const entries = raw.map(([gap, v]) => ((key += gap), typeof v === 'number' ? { key, heavy: v } : { key, postings: v }));
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

  it('text, speakers, stats and briefings blocks', () => {
    const doc = fc.tuple(text, fc.nat(500), fc.constantFrom('o', 'r', 'm', 'l'), fc.nat(5), fc.integer({ min: -1, max: 5 }), fc.integer({ min: -1, max: 5 }), text, fc.constantFrom(0, 1));
    fc.assert(
      fc.property(fc.nat(), fc.array(fc.tuple(text, text, text, text, fc.nat(9))), fc.array(text), fc.array(doc), (first, briefings, strings, docs) => {
        const block = { first, briefings, strings, docs };
        expect(decodeTextBlock(encodeTextBlock(block))).toEqual(block);
      }),
    );
    fc.assert(
      fc.property(fc.nat(), fc.array(text, { minLength: 1 }), fc.array(fc.nat(1000)), (first, speakers, of) => {
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

  it('packs and directories', () => {
    const kind = fc.constantFrom(...BLOCK_KINDS);
    fc.assert(
      fc.property(fc.array(fc.record({ kind, bytes: fc.uint8Array({ maxLength: 50 }) })), (blocks) => {
        expect(decodePack(encodePack(blocks))).toEqual(blocks);
      }),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(kind, fc.nat(50), fc.nat(5), fc.nat(1000), text), { maxLength: 60 }), (raw) => {
        // A directory lists each kind's blocks by ascending key and pack.
        const byKind = new Map<string, DirectoryEntry[]>();
        for (const [k, pack, slot, n, s] of raw) {
          const list = byKind.get(k) ?? byKind.set(k, []).get(k)!;
          list.push({ kind: k, pack, slot, first: k === 'words' ? s : n });
        }
        const entries = [...byKind.values()].flatMap((list) =>
          list.sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0)).map((e, i, all) => ({ ...e, pack: all.slice(0, i + 1).reduce((p, x) => Math.max(p, x.pack), 0) })),
        );
        expect(decodeDirectory(encodeDirectory(entries))).toEqual(entries);
      }),
    );
    fc.assert(fc.property(fc.uint8Array(), (b) => void expect(fromBase64Url(toBase64Url(b))).toEqual(b)));
  });

  it('dates as day numbers', () => {
    fc.assert(fc.property(fc.date({ min: new Date('1900-01-01'), max: new Date('2199-12-31'), noInvalidDate: true }), (d) => {
      const date = d.toISOString().slice(0, 10);
      expect(dateOfDay(dayOf(date))).toBe(date);
    }));
  });

  it('damaged bytes are a CodecError, not a wrong answer', () => {
    expect(() => decodePack(Uint8Array.of(1, 99, 1, 0))).toThrow(CodecError);
    expect(() => decodePack(Uint8Array.of(1, 1, 5, 0))).toThrow(CodecError);
    expect(() => new GramBlock(Uint8Array.of(2, 1, 4))).toThrow(CodecError);
    expect(() => decodeDirectory('***')).toThrow(CodecError);
  });
});
