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
  decodeHeadBlock,
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
  encodeHeadBlock,
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
import { splitLongList } from '../../src/search/index/long.ts';
import {
  dateOfDay,
  dayOf,
  DIRECTORY_LISTS,
  EXACT_KEYED,
  LIST_EXTRAS,
  monthName,
  monthOfDay,
  PART_END,
  PART_START,
  ROLE_BITS,
  WINDOW,
  FLAG_BITS,
  POSTING,
  speakerOfRecord,
  STRING_KEYED,
  type BlockKind,
  type DirectoryEntry,
  type DirectoryList,
  type ListHead,
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
 * packs and, within a pack, ascending offsets. The gram list mixes gram, heavy and head blocks, the
 * words list words and head blocks (a head may share its key with the words block holding its word,
 * after it); a nested list's entries are directory blocks.
 */
function directoryEntries(list: DirectoryList, nested: boolean): fc.Arbitrary<DirectoryEntry[]> {
  const key: fc.Arbitrary<number | string> = STRING_KEYED.has(list) ? text : fc.integer({ min: 0, max: 3000 });
  const step = fc.record({ kind: fc.nat(2), twin: fc.boolean(), newPack: fc.boolean(), gap: fc.nat(50), length: fc.integer({ min: 1, max: 70_000 }) });
  return fc.uniqueArray(key, { maxLength: 40 }).chain((keys) =>
    fc.array(step, { minLength: keys.length, maxLength: keys.length }).map((steps) => {
      const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      let packs = 0;
      const last = new Map<BlockKind, { pack: number; end: number }>();
      const entry = (kind: BlockKind, first: number | string, s: (typeof steps)[number]): DirectoryEntry => {
        let at = last.get(kind);
        if (!at || s.newPack) at = { pack: packs++, end: 0 };
        const e: DirectoryEntry = { kind, first, pack: at.pack, offset: at.end + s.gap, length: s.length };
        last.set(kind, { pack: at.pack, end: e.offset + e.length });
        return e;
      };
      return sorted.flatMap((first, i) => {
        const s = steps[i]!;
        const extras = nested ? [] : LIST_EXTRAS[list];
        const kind: BlockKind = s.kind === 0 || extras.length === 0 ? (nested ? 'directory' : list) : extras[(s.kind - 1) % extras.length]!;
        const e = entry(kind, first, s);
        return list === 'words' && kind === 'words' && s.twin && !nested ? [e, entry('head', first, s)] : [e];
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
    // Lemma postings inline, none, or a long list elsewhere (lemmaHead).
    const lemma = fc.oneof(fc.uint8Array({ minLength: 1, maxLength: 20 }).map((b) => ({ lemma: b })), fc.constant({ lemma: null }), fc.constant({ lemma: null, lemmaHead: true }));
    const entry = fc.record({ readings: fc.array(text, { maxLength: 4 }), lemma });
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(text, entry), { selector: ([k]) => k, maxLength: 20 }), (raw) => {
        const entries = raw.map(([key, e]) => ({ key, readings: e.readings, ...e.lemma })).sort((a, b) => (a.key < b.key ? -1 : 1));
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
    // A statement's text is in the block, or where it is published ([offset, length] in its day's file).
    const textOrAt = fc.oneof(text, fc.tuple(fc.nat(), fc.nat()));
    const doc = fc.tuple(text, fc.nat(500), fc.constantFrom('o', 'r', 'm', 'l'), fc.nat(5), fc.integer({ min: -1, max: 5 }), fc.integer({ min: -1, max: 5 }), textOrAt, fc.constantFrom(0, 1));
    const index = fc.integer({ min: -1, max: 9 });
    const speaker = fc.tuple(fc.nat(9), index, index, index, index, index, index);
    fc.assert(
      fc.property(fc.nat(), fc.array(fc.tuple(text, text, text, text, fc.nat(9), text)), fc.array(text), fc.array(speaker), fc.array(doc), (first, briefings, strings, speakers, docs) => {
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

  it('head blocks of long lists', () => {
    // A frontier: occurrences and lengths both ascending (the first length from 0).
    const frontier = fc.array(fc.tuple(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 9 })), { minLength: 1, maxLength: 8 }).chain((steps) =>
      fc.nat(40).map((first) => {
        let [c, l] = [0, first - steps[0]![1]];
        return steps.map(([dc, dl]): [number, number] => [(c += dc), (l += dl)]);
      }),
    );
    const part = fc.record({ gap: fc.nat(40), windows: fc.integer({ min: 1, max: 30 }), docs: fc.integer({ min: 1, max: 5000 }), length: fc.integer({ min: 6, max: 70_000 }), frontier, maxWhole: fc.nat(400), flags: fc.nat(3) });
    const head = fc.record({ kind: fc.constantFrom(...Object.values(POSTING)), docs: fc.nat(10 ** 7), parts: fc.array(part, { maxLength: 30 }), firstMonth: fc.integer({ min: 1900 * 12, max: 2200 * 12 }), months: fc.array(fc.nat(100_000), { maxLength: 300 }) });
    fc.assert(
      fc.property(head, ({ parts, ...rest }) => {
        let end = 0;
        const h: ListHead = { ...rest, parts: parts.map(({ gap, ...p }) => ((end += gap), { window: end, ...p, windows: ((end += p.windows), p.windows) })) };
        expect(decodeHeadBlock(encodeHeadBlock(h))).toEqual(h);
      }),
    );
    expect(() => decodeHeadBlock(Uint8Array.of(7, 0, 0, 0, 0))).toThrow(CodecError);
    const one = (window: number, points: Array<[number, number]>) => ({ window, windows: 1, docs: 1, length: 9, frontier: points, maxWhole: 0, flags: 0 });
    expect(() => encodeHeadBlock({ kind: POSTING.bigram, docs: 2, parts: [one(1, [[1, 3]]), one(0, [[1, 3]])], firstMonth: 0, months: [] })).toThrow(CodecError);
    expect(() => encodeHeadBlock({ kind: POSTING.bigram, docs: 2, parts: [one(1, [[1, 3], [2, 3]])], firstMonth: 0, months: [] })).toThrow(CodecError);
  });

  for (const [name, kind] of Object.entries(POSTING)) {
    it(`long ${name} lists: parts between windows give the list back, summaries and months say what they hold`, () => {
      fc.assert(
        fc.property(postingList(kind), fc.integer({ min: 1, max: 400 }), fc.integer({ min: 500, max: 90_000 }), (list, target, perMonth) => {
          const monthOf = (doc: number) => 24_000 + Math.floor(doc / perMonth);
          const long = splitLongList(kind, encodePostings(kind, list), target, monthOf);
          const head = decodeHeadBlock(long.head(long.parts.map((p) => p.length + 1)));
          const parts = long.parts.map((p) => decodePostings(kind, p));
          expect(head).toMatchObject({ kind, docs: list.docs.length });
          expect(parts.flatMap((p) => [...p.docs])).toEqual([...list.docs]);
          parts.forEach((p, i) => {
            const s = head.parts[i]!;
            // The part's statements lie in its windows, and no other part has any there.
            const windows = [...p.docs].map((d) => Math.floor(d / WINDOW));
            expect(Math.min(...windows)).toBe(s.window);
            expect(Math.max(...windows)).toBe(s.window + s.windows - 1);
            if (i > 0) expect(s.window).toBeGreaterThanOrEqual(head.parts[i - 1]!.window + head.parts[i - 1]!.windows);
            // What it says of itself, computed plainly.
            const counts = [...p.docs].map((_, k) => Math.max(1, kind === POSTING.unigram ? p.at[p.starts[k]!]! : p.starts[k + 1]! - p.starts[k]!));
            const lengths = [...p.stats].map((b) => b >> ROLE_BITS);
            const occ = (k: number) => [...p.at.subarray(p.starts[k]!, p.starts[k + 1]!)];
            const whole = [...p.docs].map((_, k) => (kind === POSTING.bigram ? occ(k).filter((v) => (v & 3) === 3).length : 0));
            const flags = kind === POSTING.bigram ? [...p.docs].flatMap((_, k) => occ(k)).reduce((f, v) => f | (v & 1 ? PART_START : 0) | (v & 2 ? PART_END : 0), 0) : 0;
            expect(s).toMatchObject({ docs: p.docs.length, length: long.parts[i]!.length + 1, maxWhole: Math.max(...whole), flags });
            // The frontier: no statement beats one of its points in both; each statement is matched or beaten by one.
            const beats = (a: [number, number], b: [number, number]) => a[0] >= b[0] && a[1] <= b[1] && (a[0] > b[0] || a[1] < b[1]);
            const stmts = counts.map((c, k): [number, number] => [c, lengths[k]!]);
            for (const point of s.frontier) expect(stmts.some((x) => x[0] === point[0] && x[1] === point[1]) && !stmts.some((x) => beats(x, point))).toBe(true);
            for (const x of stmts) expect(s.frontier.some((point) => point[0] >= x[0] && point[1] <= x[1])).toBe(true);
          });
          // Parts reach the target before a window ends (all but the last).
          for (const p of long.parts.slice(0, -1)) expect(p.length).toBeGreaterThanOrEqual(target);
          const months = new Map<number, number>();
          for (const d of list.docs) months.set(monthOf(d), (months.get(monthOf(d)) ?? 0) + 1);
          head.months.forEach((n, i) => expect(n).toBe(months.get(head.firstMonth + i) ?? 0));
          expect(head.months.reduce((a, b) => a + b, 0)).toBe(list.docs.length);
        }),
      );
    });
  }

  it('months as heads count them', () => {
    fc.assert(fc.property(fc.integer({ min: -20_000, max: 80_000 }), (day) => void expect(monthName(monthOfDay(day))).toBe(dateOfDay(day).slice(0, 7))));
  });

  for (const list of ['gram', 'words'] as const) {
    it(`a ${list} lookup finds the exact-key block of its key, the range block at or before it, or either; nested the same`, () => {
      fc.assert(
        fc.property(directoryEntries(list, false), fc.integer({ min: 1, max: 9 }), fc.array<number | string>(list === 'gram' ? fc.integer({ min: 0, max: 3000 }) : text, { maxLength: 30 }), (entries, perRun, keys) => {
          // The rule, written out plainly over the whole list.
          const exact = (key: number | string) => entries.find((e) => EXACT_KEYED.has(e.kind) && e.first === key) ?? null;
          const range = (key: number | string) => entries.filter((e) => !EXACT_KEYED.has(e.kind) && e.first <= key).at(-1) ?? null;
          const oracle = { exact, range, any: (key: number | string) => exact(key) ?? range(key) };
          const runs = directoryRuns(list, entries, perRun);
          // The manifest's entries for the runs; `offset` stands in for where each run's block would be.
          const heads = runs.map((r, i) => ({ kind: 'directory' as const, first: r.first, pack: 0, offset: i, length: 1 }));
          for (const key of [...keys, ...entries.map((e) => e.first)]) {
            for (const want of ['any', 'exact', 'range'] as const) {
              expect(findInList(entries, key, want), want).toEqual(oracle[want](key));
              const head = findInList(heads, key, 'range');
              expect(head ? findInList(runs[head.offset]!.entries, key, want) : null, `nested ${want}`).toEqual(oracle[want](key));
            }
          }
        }),
      );
    });
  }

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
