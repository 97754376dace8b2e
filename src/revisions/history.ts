/**
 * Every version of every transcript, from the content directory's git history in one pass: one
 * `git log` for the whole directory (commits, dates, the blob of each changed file, renames), then one
 * `git cat-file --batch` process for the blobs the caller wants. Nothing runs per file, so 10,000
 * transcripts cost two processes. Measured on a generated repository of 2,000 transcripts × 2 commits
 * (every one changed; 2-core machine, load ~3): the `git log` pass 30 ms, the 4,000 blobs (22 MB)
 * through `cat-file` 300 ms; at 10,000 × 2, 0.1 s and 1.05 s (110 MB). Parsing the versions, not git,
 * is the cost (docs/toolkit.md).
 *
 * The history is the published one: the first-parent line of the checked-out branch, each merge
 * taken as one change against its first parent (`--first-parent --diff-merges=first-parent`), so a
 * correction made in three commits on a branch and merged once is one correction, dated when it landed
 * (the committer date). Renames are followed (`-M`), so a transcript moved to another folder keeps its
 * history; a file deleted and later added again under the same name starts a new history.
 *
 * Without history — not a git checkout, git missing, or one commit only (a shallow clone of depth 1, a
 * fresh repository) — the answer is `{ kind: 'none', reason }`, so the build can say it once. A deeper
 * shallow clone gives the history it has, marked `shallow`: its oldest commit looks like the first
 * publication of every file in it.
 */
import { spawn, spawnSync } from 'node:child_process';

export interface Version {
  commit: string;
  /** Committer date, ISO 8601 with its offset (when the change landed). */
  date: string;
  /** The file's blob at that commit. */
  blob: string;
}

export type History =
  | { kind: 'none'; reason: string }
  | {
      kind: 'history';
      shallow: boolean;
      /** Per transcript (path relative to the content directory, `/`-separated, as it is now): its versions, oldest first, each a different blob. */
      files: Map<string, Version[]>;
    };

function git(cwd: string, args: string[]): { ok: boolean; out: string } {
  const r = spawnSync('git', ['-c', 'core.quotePath=false', ...args], { cwd, encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
  return { ok: r.status === 0, out: r.stdout ?? '' };
}

const LOG_FORMAT = '%x01%H %cI';

export function readHistory(contentDir: string): History {
  const where = git(contentDir, ['rev-parse', '--is-shallow-repository', '--show-prefix']);
  if (!where.ok) return { kind: 'none', reason: `${contentDir} is not in a git checkout (or git is not installed)` };
  const [shallow, prefix = ''] = where.out.split('\n');
  const log = git(contentDir, ['log', '--first-parent', '--diff-merges=first-parent', '-z', '--raw', '--no-abbrev', '-M', `--format=${LOG_FORMAT}`, '--', '.']);
  if (!log.ok) return { kind: 'none', reason: `git log failed in ${contentDir} (a repository without commits?)` };
  const commits = log.out.split('\x01').filter((c) => c.length > 0);
  if (commits.length <= 1) {
    return { kind: 'none', reason: commits.length === 0 ? `no commit touches ${contentDir}` : `${contentDir} has one commit only (a shallow clone?): no earlier version to compare` };
  }
  return { kind: 'history', shallow: shallow === 'true', files: versionsOf(commits, prefix) };
}

/**
 * Commits newest first → per current path, versions oldest first. `alias` maps a path as it was at
 * the commit being read to the path it has now (null: a file that no longer exists, or an earlier
 * life of a name).
 */
function versionsOf(commits: string[], prefix: string): Map<string, Version[]> {
  const files = new Map<string, Version[]>();
  const alias = new Map<string, string | null>();
  const resolve = (p: string): string | null => (alias.has(p) ? alias.get(p)! : p);
  const add = (key: string, v: Version) => {
    let list = files.get(key);
    if (!list) files.set(key, (list = []));
    list.push(v);
  };
  for (const chunk of commits) {
    const fields = chunk.split('\0');
    const [commit, date] = fields[0]!.split(' ') as [string, string];
    for (let k = 1; k < fields.length; ) {
      const raw = fields[k++]!.replace(/^\n/u, '');
      if (!raw.startsWith(':')) continue;
      // :<old mode> <new mode> <old blob> <new blob> <status>, then one path or (renames, copies) two.
      const [, , , blob, status] = raw.slice(1).split(' ') as [string, string, string, string, string];
      const from = fields[k++]!;
      const to = status.startsWith('R') || status.startsWith('C') ? fields[k++]! : from;
      if (status === 'D') {
        if (!alias.has(from)) alias.set(from, null);
        continue;
      }
      const key = resolve(to);
      if (key !== null) add(key, { commit, date, blob });
      // Before an add the name was free (or another file's); before a rename the history goes on under the old name.
      if (status.startsWith('R')) alias.set(from, key);
      if (status !== 'M' && status !== 'T') alias.set(to, null);
    }
  }
  const out = new Map<string, Version[]>();
  for (const [p, list] of files) {
    if (!p.startsWith(prefix) || !p.endsWith('.md')) continue;
    const versions = list.reverse().filter((v, i, all) => i === 0 || v.blob !== all[i - 1]!.blob);
    out.set(p.slice(prefix.length), versions);
  }
  return out;
}

/** The blobs' bytes, through one `git cat-file --batch` process. */
export function readBlobs(contentDir: string, blobs: Iterable<string>): Promise<Map<string, Uint8Array>> {
  const wanted = [...new Set(blobs)];
  return new Promise((resolve, reject) => {
    if (wanted.length === 0) return resolve(new Map());
    const child = spawn('git', ['cat-file', '--batch'], { cwd: contentDir, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', (e) => reject(new Error(`git cat-file could not start in ${contentDir}`, { cause: e })));
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`git cat-file failed in ${contentDir}: ${stderr.trim()}`));
      try {
        resolve(parseBatch(Buffer.concat(chunks)));
      } catch (e) {
        reject(e);
      }
    });
    child.stdin.end(`${wanted.join('\n')}\n`);
  });
}

/** `<oid> blob <size>\n<bytes>\n`, one after another (`<oid> missing\n` for an unknown one). */
function parseBatch(out: Buffer): Map<string, Uint8Array> {
  const blobs = new Map<string, Uint8Array>();
  let at = 0;
  while (at < out.length) {
    const eol = out.indexOf(10, at);
    const [oid, type, size] = out.subarray(at, eol).toString('latin1').split(' ');
    at = eol + 1;
    if (type === 'missing' || size === undefined) continue;
    const n = Number(size);
    blobs.set(oid!, new Uint8Array(out.subarray(at, at + n)));
    at += n + 1;
  }
  return blobs;
}
