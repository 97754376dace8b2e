/**
 * A built site's index damaged the two ways a published one can be (#17): the pack every query reads
 * (the one holding the briefings table) cut short, or replaced by a pack of another build under its
 * name. Each is a copy of the site; the site itself is left as it is.
 */
import { createHash } from 'node:crypto';
import { cpSync, copyFileSync, readdirSync, readFileSync, statSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { decodeDirectory } from '../../src/search/codec.ts';
import { MANIFEST, packPath, type Manifest } from '../../src/search/format.ts';
import { writeIndex } from '../../src/search/index/writer.ts';
import type { Statement } from '../../src/model/model.ts';

/** The pack (relative to the site) that holds the first segment's briefings table: read by every query. */
export function briefingsPack(site: string): string {
  const m = JSON.parse(readFileSync(path.join(site, 'search', MANIFEST), 'utf8')) as Manifest;
  const s = m.segments[0]!;
  const list = decodeDirectory(s.directory).lists.find((l) => l.list === 'briefings')!;
  return path.join('search', packPath(s.id, list.entries[0]!.pack));
}

/** An index of another archive (invented statements), written as another build would: its packs. */
async function anotherBuildsPacks(scratch: string): Promise<string[]> {
  const text = (i: number) => `別の会見の発言${i}です。防衛装備の協力について説明いたしました。`.repeat(8);
  const statements: Statement[] = Array.from({ length: 40 }, (_, i) => ({
    briefing: `2020/2020-01-${String((i % 9) + 1).padStart(2, '0')}-other`,
    turn: `t${i + 1}`,
    order: i,
    title: '別の会見',
    date: `2020-01-${String((i % 9) + 1).padStart(2, '0')}`,
    role: i % 2 ? 'official' : 'reporter',
    speaker: i % 2 ? '大臣' : '記者',
    label: null,
    person: null,
    position: null,
    topic: null,
    section: null,
    text: text(i),
  }));
  const by = new Map<string, Statement[]>();
  for (const s of statements) by.set(s.briefing, [...(by.get(s.briefing) ?? []), s].map((x, k) => ({ ...x, order: k, turn: `t${k + 1}` })));
  const inputs = [...by].map(([slug, list]) => ({ slug, hash: createHash('sha256').update(JSON.stringify(list)).digest('base64url'), date: list[0]!.date, statements: () => list }));
  const out = path.join(scratch, 'another-build');
  await writeIndex(inputs, out, { base: '/', cacheDir: path.join(scratch, 'another-build-cache'), workers: 0, fileBudget: 2 });
  const dir = path.join(out, 'search', 'p');
  return readdirSync(dir).map((n) => path.join(dir, n));
}

export interface DamagedSites {
  /** The pack that was damaged, relative to each site. */
  pack: string;
  /** A copy of the site with that pack cut to half its length. */
  truncated: string;
  /** A copy with that pack replaced by the largest pack of another build. */
  swapped: string;
}

export async function damagedSites(site: string, scratch: string): Promise<DamagedSites> {
  const pack = briefingsPack(site);
  const truncated = path.join(scratch, 'truncated');
  const swapped = path.join(scratch, 'swapped');
  cpSync(site, truncated, { recursive: true });
  cpSync(site, swapped, { recursive: true });
  truncateSync(path.join(truncated, pack), Math.floor(statSync(path.join(site, pack)).size / 2));
  const other = (await anotherBuildsPacks(scratch)).sort((a, b) => statSync(b).size - statSync(a).size)[0]!;
  copyFileSync(other, path.join(swapped, pack));
  return { pack, truncated, swapped };
}
