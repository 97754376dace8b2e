/**
 * Import published press-conference pages into content/ Markdown.
 *
 *     npm run import -- [--out DIR] [--force] [--dry-run] [--report] [--date D] [--title T]
 *                       [--speaker S] [--kind K] [--follow [--summary FILE]] [--timeout S] FILE|URL...
 *
 * Each FILE is text copied from a published page or the page saved as HTML; each URL is fetched
 * (with --follow, a listing page whose conferences are all imported, then a coverage summary of
 * what it links to: imported, already in DIR, refused and why; --summary FILE writes it as JSON). Writes one Markdown
 * transcript per press conference as DIR/<YYYY>/<YYYY-MM-DD>-<slug>.md and prints the paths written.
 *
 * Exit status: 0 ok; 1 an input could not be imported (each problem printed as FILE:LINE: what is
 * wrong — how to fix it, and nothing written for that input); 2 usage. See docs/import.md.
 */
import { readFileSync } from 'node:fs';
import { isUrl, parseOptions, USAGE, UsageError, type Options } from '../src/import/cli/args.ts';
import { notes, report, warnings } from '../src/import/cli/report.ts';
import { coverageJson, formatCoverage, listingCoverage, type CoverageEntry, type ListingCoverage } from '../src/import/cli/coverage.ts';
import { knownSourceUrls, newRun, plan, writeAll, writeFileAtomic, type RunState } from '../src/import/cli/write.ts';
import { SourceError } from '../src/import/errors.ts';
import { fetchPage, Pacer, type Fetched } from '../src/import/fetch.ts';
import { decodeHtml } from '../src/import/html.ts';
import { formatImportError, importBytes, isImportError, type Overrides } from '../src/import/index.ts';
import { conferenceLinks } from '../src/import/listing.ts';

const say = (s: string) => process.stderr.write(`${s}\n`);

interface Input {
  bytes: Uint8Array;
  html?: boolean;
  charset?: string;
  url?: string;
}

function readInput(file: string): Input {
  try {
    return { bytes: readFileSync(file) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new SourceError(`cannot read the file: ${why}`, 'check the file name');
  }
}

const fetched = (f: Fetched): Input => ({ bytes: f.bytes, url: f.url, ...(f.html !== undefined ? { html: f.html } : {}), ...(f.charset ? { charset: f.charset } : {}) });

/** Import one input: notes and warnings on stderr, the paths written (or the Markdown) on stdout; returns the files it stands for. */
function importInput(name: string, input: Input, opts: Options, run: RunState): string[] {
  const overrides: Overrides = { ...opts.overrides, ...(input.url ? { url: input.url } : {}) };
  const result = importBytes(input.bytes, overrides, { ...(input.html !== undefined ? { html: input.html } : {}), ...(input.charset ? { httpCharset: input.charset } : {}) });
  for (const line of [...notes(name, result), ...warnings(name, result)]) say(line);
  if (opts.report) process.stderr.write(report(name, result));
  const planned = plan(result.briefings, result.markdown, name, opts.out, opts.force || opts.dryRun, run);
  for (const p of planned.filter((x) => x.status === 'again')) {
    say(`${name}:${p.briefing.line}: the ${p.briefing.frontmatter.date} press conference was already imported from ${p.firstFrom} in this run (${p.path}); not written twice`);
  }
  if (opts.dryRun) {
    for (const p of planned.filter((x) => x.status !== 'again')) {
      const note = p.status === 'new' ? '' : p.status === 'same' ? ' (exists, unchanged)' : opts.force ? ' (would overwrite)' : ' (exists and differs: needs --force)';
      say(`${name}: would write ${p.path}${note}`);
      process.stdout.write(p.markdown);
    }
    return planned.map((p) => p.path);
  }
  writeAll(planned);
  for (const p of planned) {
    if (p.status === 'same') say(`${p.path}: unchanged`);
    else if (p.status !== 'again') process.stdout.write(`${p.path}\n`);
  }
  return planned.map((p) => p.path);
}

/** What went wrong with an input, as the command says it (FILE:LINE: … — hint). */
function problem(name: string, e: unknown): string {
  if (isImportError(e)) return formatImportError(name, e);
  if (e instanceof SourceError) return `${name}: ${e.message} — ${e.hint}`;
  return `${name}: internal error: ${(e as Error).message} (set IMPORT_DEBUG=1 for details)`;
}

/** Run one step for `name`; a problem with it is printed, and false returned, so the others still run. */
async function attempt(name: string, step: () => Promise<void> | void): Promise<boolean> {
  try {
    await step();
    return true;
  } catch (e) {
    say(problem(name, e));
    if (!isImportError(e) && !(e instanceof SourceError) && process.env['IMPORT_DEBUG']) say(String((e as Error).stack));
    return false;
  }
}

async function follow(listing: string, opts: Options, run: RunState, pacer: Pacer): Promise<ListingCoverage> {
  let links: string[] = [];
  try {
    const page = await pacer.run(() => fetchPage(listing, opts.timeoutMs));
    links = conferenceLinks(decodeHtml(page.bytes, page.charset).text, page.url);
    if (links.length === 0) throw new SourceError('the page links to no conference pages under its own folder', 'give the address of a listing page (年別一覧), or import the conference pages one by one');
  } catch (e) {
    say(problem(listing, e));
    return listingCoverage(listing, [], problem(listing, e));
  }
  const known = knownSourceUrls(opts.out);
  const todo = links.filter((l) => !known.has(l));
  say(`${listing}: ${links.length} conference page${links.length === 1 ? '' : 's'} linked, ${links.length - todo.length} already in ${opts.out}`);
  const entries: CoverageEntry[] = [];
  for (const link of links) {
    const file = known.get(link);
    if (file !== undefined) {
      say(`${link}: already in ${opts.out} (skipped)`);
      entries.push({ url: link, status: 'already', files: [file] });
      continue;
    }
    try {
      const files = importInput(link, fetched(await pacer.run(() => fetchPage(link, opts.timeoutMs))), opts, run);
      entries.push({ url: link, status: 'imported', files });
    } catch (e) {
      say(problem(link, e));
      // `URL:12: no date …` → `line 12: no date …`; `URL: the server answered 404 …` → `the server answered 404 …`.
      const reason = problem(link, e).slice(link.length + 1).trimStart().replace(/^(\d+): /u, 'line $1: ');
      entries.push({ url: link, status: 'refused', files: [], reason });
    }
  }
  return listingCoverage(listing, entries);
}

async function main(argv: string[]): Promise<number> {
  let opts: Options | 'help';
  try {
    opts = parseOptions(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    say(`import: ${e.message}\n\n${USAGE}`);
    return 2;
  }
  if (opts === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const run = newRun();
  const pacer = new Pacer();
  let ok = true;
  const coverage: ListingCoverage[] = [];
  for (const source of opts.sources) {
    if (opts.follow) {
      const c = await follow(source, opts, run, pacer);
      coverage.push(c);
      ok = ok && !c.problem && c.refused === 0;
    } else {
      const o = opts;
      ok = (await attempt(source, async () => {
        importInput(source, isUrl(source) ? fetched(await pacer.run(() => fetchPage(source, o.timeoutMs))) : readInput(source), o, run);
      })) && ok;
    }
  }
  for (const c of coverage) process.stderr.write(formatCoverage(c, opts.out));
  if (opts.summary !== undefined) {
    const written = await attempt(opts.summary, () => writeFileAtomic(opts.summary!, coverageJson(coverage, opts.out)));
    if (written) say(`${opts.summary}: coverage summary written`);
    ok = ok && written;
  }
  return ok ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
