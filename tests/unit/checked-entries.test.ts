/**
 * Cache entries that check themselves (src/fs/checked.ts): a whole entry reads back as written; one cut
 * short, grown, overwritten with junk, edited in place or written by something else is told apart from a
 * missing one, and a damaged one is said once, naming its file.
 */
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { damageWarnings, openEntry, readEntry, readEntrySync, readJsonEntry, sealEntry, writeEntry } from '../../src/fs/checked.ts';

const scratch = mkdtempSync(path.join(tmpdir(), 'kaiken-checked-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('checked cache entries', () => {
  it('reads back exactly what was written, text or bytes', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.uint8Array()), (payload) => {
        const read = openEntry(sealEntry(payload));
        expect(read.ok).toBe(true);
        const expected = typeof payload === 'string' ? Buffer.from(payload) : Buffer.from(payload);
        if (read.ok) expect(read.payload.equals(expected)).toBe(true);
      }),
    );
  });

  it('tells a missing entry (reason null) from a damaged one', async () => {
    const file = path.join(scratch, 'missing.json');
    expect(await readEntry(file)).toEqual({ ok: false, reason: null });
    expect(readEntrySync(file)).toEqual({ ok: false, reason: null });
  });

  it('refuses an entry cut short, grown, with a byte changed, or without its header', async () => {
    const file = path.join(scratch, 'entry.json');
    const payload = JSON.stringify({ text: '日韓の防衛相会談につきまして報告させていただきます。', n: [1, 2, 3] });
    const whole = sealEntry(payload);
    const cases: Array<[string, Buffer, RegExp]> = [
      ['cut short', whole.subarray(0, whole.length - 7), /holds \d+ of its \d+ bytes/u],
      ['grown', Buffer.concat([whole, Buffer.from('{"x":1}\n')]), /holds \d+ of its \d+ bytes/u],
      ['a byte changed', Buffer.from(whole.toString('latin1').replace('"n":[1', '"n":[7'), 'latin1'), /do not match its checksum/u],
      ['no header', Buffer.from(payload), /does not start with a checksum header/u],
      ['empty', Buffer.alloc(0), /does not start with a checksum header/u],
      ['header cut', whole.subarray(0, 20), /does not start with a checksum header/u],
    ];
    for (const [, bytes, reason] of cases) {
      writeFileSync(file, bytes);
      const read = await readEntry(file);
      expect(read.ok).toBe(false);
      expect(read.ok ? '' : read.reason).toMatch(reason);
    }
    await writeEntry(file, payload);
    expect(await readJsonEntry(file)).toEqual({ ok: true, value: JSON.parse(payload) });
    truncateSync(file, readFileSync(file).length - 1);
    expect((await readJsonEntry(file)).ok).toBe(false);
  });

  it('a sound checksum over a payload that is not JSON is damage too', async () => {
    const file = path.join(scratch, 'not-json.json');
    await writeEntry(file, '{"cut');
    expect(await readJsonEntry(file)).toEqual({ ok: false, reason: 'its payload is not JSON' });
  });

  it('says each damaged entry once, naming it relative to the project, and never asks to delete a cache', () => {
    const said: string[] = [];
    const report = damageWarnings((m) => said.push(m), scratch);
    const entry = path.join(scratch, 'cache/transcripts/abc.json');
    report(entry, 'it holds 3 of its 9 bytes', 'content/a.md parsed again');
    report(entry, 'it holds 3 of its 9 bytes', 'content/a.md parsed again');
    report(path.join(scratch, 'cache/exports/x.csv'), null, 'its part made again');
    expect(said).toEqual([
      'cache entry cache/transcripts/abc.json is damaged (it holds 3 of its 9 bytes): discarded; content/a.md parsed again',
      'cache entry cache/exports/x.csv was missing; its part made again',
    ]);
    for (const line of said) expect(line).not.toMatch(/delete|remove|rm -/iu);
  });
});
