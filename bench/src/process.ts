/**
 * A command the benchmark times: wall time and the peak resident memory of its whole process tree.
 *
 * A build is not one process: Astro runs esbuild as a child process, and `pagefind` is a Node wrapper
 * around a native binary, whose own peak says nothing of the process doing the work. The tree is
 * sampled from /proc every SAMPLE_MS and its resident sets summed; the Node process at the root also
 * writes its exact peak when it exits (bench/src/report-rss.mjs), which catches a spike of its own
 * shorter than a sample. The figure is the larger of the two.
 *
 * A tree that grows past `memoryLimitMb` is killed (each process by its id) and the run fails with
 * that as its reason: at 10,000 briefings Pagefind 1.6 grew to 22.8 GB on a 24 GB machine before the
 * kernel stopped it, and a benchmark that takes the machine down with it records nothing.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'node_modules/.bin');

const SAMPLE_MS = 200;

export interface Measured {
  s: number;
  /** Peak of the whole tree's resident memory (MB), sampled, or the root's own peak when larger. */
  peakRssMb: number;
  /** The root Node process's own peak (MB; worker threads included), when it is a Node process. */
  rootRssMb: number | null;
  /** Output lines that matched `keep` (a build at 10,000 briefings logs a line per page: not all are kept). */
  kept: string[];
}

export interface MeasureOptions {
  env?: Record<string, string>;
  log: (line: string) => void;
  /** Output lines kept (in `kept`) and shown as they come; of the rest only the tail is kept, for an error. */
  keep?: RegExp;
  memoryLimitMb?: number;
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null; // the process ended between listing and reading
  }
}

/** The pids of `root` and all its descendants (through /proc/<pid>/task/<tid>/children). */
function tree(root: number): number[] {
  const seen: number[] = [];
  const todo = [root];
  while (todo.length > 0) {
    const pid = todo.pop()!;
    seen.push(pid);
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      for (const child of (readText(`/proc/${pid}/task/${tid}/children`) ?? '').split(' ')) if (child.trim()) todo.push(Number(child));
    }
  }
  return seen;
}

/** Resident memory of a process tree, KiB (0 where /proc is not there). */
export function treeRssKb(root: number): number {
  let kb = 0;
  for (const pid of tree(root)) {
    const m = /^VmRSS:\s+(\d+) kB/mu.exec(readText(`/proc/${pid}/status`) ?? '');
    if (m) kb += Number(m[1]);
  }
  return kb;
}

/** Run `cmd` with the project's Node first on PATH; resolve with its wall time, peak memory and the lines kept. */
export function measured(cmd: string, args: string[], opts: MeasureOptions): Promise<Measured> {
  const rssFile = path.join(tmpdir(), `kaiken-rss-${process.pid}-${Date.now()}`);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: ROOT,
      env: {
        ...process.env,
        PATH: `${BIN}${path.delimiter}${process.env['PATH'] ?? ''}`,
        ASTRO_TELEMETRY_DISABLED: '1',
        NODE_OPTIONS: `${process.env['NODE_OPTIONS'] ?? ''} --import ${path.join(ROOT, 'bench/src/report-rss.mjs')}`.trim(),
        KAIKEN_RSS_FILE: rssFile,
        KAIKEN_RSS_PARENT: String(process.pid),
        ...opts.env,
      },
    });
    let peakKb = 0;
    let killedAtMb: number | null = null;
    const sampler = setInterval(() => {
      if (child.pid === undefined) return;
      peakKb = Math.max(peakKb, treeRssKb(child.pid));
      if (opts.memoryLimitMb !== undefined && killedAtMb === null && peakKb / 1024 > opts.memoryLimitMb) {
        killedAtMb = Math.round(peakKb / 1024);
        // Each process of the tree by its id, the deepest first (the root would otherwise leave its children running).
        for (const pid of tree(child.pid).reverse()) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }
      }
    }, SAMPLE_MS);
    let tail = '';
    const kept: string[] = [];
    const keep = (line: string) => {
      if (!opts.keep?.test(line)) return;
      kept.push(line);
      opts.log(`    ${line.trim()}`);
    };
    const partials: string[] = [];
    for (const stream of [child.stdout, child.stderr]) {
      let partial = '';
      stream.setEncoding('utf8').on('data', (d: string) => {
        const lines = (partial + d).split('\n');
        partial = lines.pop()!;
        lines.forEach(keep);
        tail = (tail + d).slice(-8000);
      });
      stream.on('end', () => partials.push(partial));
    }
    child.on('error', (e) => {
      clearInterval(sampler);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearInterval(sampler);
      partials.forEach(keep);
      const s = (performance.now() - started) / 1000;
      const rootKb = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) : NaN;
      rmSync(rssFile, { force: true });
      const name = path.basename(cmd);
      if (killedAtMb !== null) {
        return reject(new Error(`${name} stopped by the benchmark after ${s.toFixed(0)} s: its processes held ${killedAtMb} MB, over the limit of ${opts.memoryLimitMb} MB (--memory-limit-mb)`));
      }
      if (code !== 0) return reject(new Error(`${name} ${args.join(' ')} exited ${code ?? signal}:\n${tail.slice(-4000)}`));
      resolve({
        s,
        peakRssMb: Math.max(peakKb, Number.isFinite(rootKb) ? rootKb : 0) / 1024,
        rootRssMb: Number.isFinite(rootKb) ? rootKb / 1024 : null,
        kept,
      });
    });
  });
}
