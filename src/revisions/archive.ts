/**
 * Corrections for the whole archive, ready for the briefing pages, the per-briefing JSON
 * (`revisions: [{date, commit, kind, turns}]`) and the feed: the history in one pass (history.ts),
 * the blobs of every transcript that has more than one version in one `cat-file` process, each
 * distinct blob parsed once (parse.ts), each pair of consecutive versions compared (diff.ts).
 *
 * A transcript's first version is its publication; each later version is a revision. A transcript
 * with one version has none (and no entry). Uncommitted changes are not revisions: nothing published
 * them yet.
 */
import { revisionOf, type Revision } from './diff.ts';
import { readBlobs, readHistory, type Version } from './history.ts';
import { parseVersion, type VersionModel } from './parse.ts';

export type { Revision, RevisionKind, TurnChange } from './diff.ts';

export type ArchiveRevisions =
  | { kind: 'none'; reason: string }
  | {
      kind: 'history';
      shallow: boolean;
      /** Per transcript path relative to the content directory: its revisions, oldest first (only transcripts that have any). */
      revisions: Map<string, Revision[]>;
      /** Per transcript path: its first version (the publication), for every transcript in the history. */
      published: Map<string, Pick<Version, 'commit' | 'date'>>;
    };

export interface RevisionOptions {
  /** Only these transcripts (paths relative to the content directory); default all. */
  paths?: ReadonlySet<string>;
  /**
   * How a version is read (default parseVersion). Parsing is nearly all of the time (~5 ms a version,
   * against ~0.1 ms of git a version): the build can pass one that reads its content-hash cache or
   * its worker pool, keyed by the blob id, which names the bytes as a content hash does.
   */
  parse?: (bytes: Uint8Array, blob: string) => Promise<VersionModel | null>;
}

export async function archiveRevisions(contentDir: string, opts: RevisionOptions = {}): Promise<ArchiveRevisions> {
  const parse = opts.parse ?? parseVersion;
  const history = readHistory(contentDir);
  if (history.kind === 'none') return history;
  const wanted = [...history.files].filter(([p]) => !opts.paths || opts.paths.has(p));
  const published = new Map(wanted.map(([p, v]) => [p, { commit: v[0]!.commit, date: v[0]!.date }]));
  const changed = wanted.filter(([, v]) => v.length > 1);
  const bytes = await readBlobs(contentDir, changed.flatMap(([, v]) => v.map((x) => x.blob)));
  // One parse a distinct blob: a version shared by two files, or two paths of one file, is read once.
  const models = new Map<string, Promise<VersionModel | null>>();
  const model = (blob: string): Promise<VersionModel | null> => {
    let m = models.get(blob);
    if (!m) {
      const b = bytes.get(blob);
      models.set(blob, (m = b ? parse(b, blob) : Promise.resolve(null)));
    }
    return m;
  };
  const revisions = new Map<string, Revision[]>();
  for (const [p, versions] of changed) {
    const list: Revision[] = [];
    for (let i = 1; i < versions.length; i++) list.push(revisionOf(await model(versions[i - 1]!.blob), await model(versions[i]!.blob), versions[i]!));
    revisions.set(p, list);
  }
  return { kind: 'history', shallow: history.shallow, revisions, published };
}
