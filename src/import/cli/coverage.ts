/**
 * What a `--follow` run found on each listing page: the conferences it links to, each imported (the
 * files written or found unchanged), already in `--out` (the file whose source.url is that address),
 * or refused (why). Printed on stderr after the run and, with `--summary FILE`, written as JSON so
 * that a web team sees the gaps in its archive.
 */
export type CoverageStatus = 'imported' | 'already' | 'refused';

export interface CoverageEntry {
  url: string;
  status: CoverageStatus;
  /** Transcripts written (or unchanged) for it, or the one already in --out. */
  files: string[];
  /** Why it was refused, as the importer said it. */
  reason?: string;
}

export interface ListingCoverage {
  listing: string;
  linked: number;
  imported: number;
  already: number;
  refused: number;
  conferences: CoverageEntry[];
  /** The listing itself could not be read (fetched, or it links to nothing). */
  problem?: string;
}

export function listingCoverage(listing: string, conferences: CoverageEntry[], problem?: string): ListingCoverage {
  const count = (s: CoverageStatus) => conferences.filter((c) => c.status === s).length;
  return {
    listing,
    linked: conferences.length,
    imported: count('imported'),
    already: count('already'),
    refused: count('refused'),
    conferences,
    ...(problem ? { problem } : {}),
  };
}

export function formatCoverage(c: ListingCoverage, out: string): string {
  if (c.problem) return `coverage of ${c.listing}: not read — ${c.problem}\n`;
  const lines = [`coverage of ${c.listing}: ${c.linked} conference page${c.linked === 1 ? '' : 's'} linked — ${c.imported} imported, ${c.already} already in ${out}, ${c.refused} refused`];
  for (const e of c.conferences) {
    if (e.status === 'imported') lines.push(`  imported  ${e.url} → ${e.files.join(', ')}`);
    else if (e.status === 'already') lines.push(`  already   ${e.url} (${e.files.join(', ')})`);
    else lines.push(`  refused   ${e.url}: ${e.reason}`);
  }
  return `${lines.join('\n')}\n`;
}

export function coverageJson(listings: ListingCoverage[], out: string): string {
  return `${JSON.stringify({ out, listings }, null, 2)}\n`;
}
