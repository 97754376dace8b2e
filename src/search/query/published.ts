/**
 * A statement's text where the site publishes it, when the index points there instead of holding it
 * (format.ts TextAt): the byte range of its JSON value in the file of its briefing's day
 * (src/export/day-json.ts) — a turn's `text` string, or the lead's array of paragraphs, joined by "\n" as
 * a statement's text is. One range per statement from a host that answers ranges; from one that does
 * not, the day's file once (loader.ts).
 */
import { ROUTES } from '../../model/routes.ts';
import type { TextAt } from '../format.ts';
import { SearchIndexError, type Files } from './loader.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The file holding the text of the statements of `date`'s briefings, in the version `key`, relative to `search/`. */
export function publishedFile(date: string, key: string): string {
  return `../${ROUTES.briefingsJson(date)}?v=${encodeURIComponent(key)}`;
}

export async function publishedText(files: Files, date: string, key: string, [offset, length]: TextAt): Promise<string> {
  const bytes = await files.range(publishedFile(date, key), { offset, length });
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(bytes));
  } catch {
    value = undefined;
  }
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.length > 0 && value.every((p) => typeof p === 'string')) return value.join('\n');
  // The file is not the one the index was written with (a rebuild under an open page): read the manifest again.
  throw new SearchIndexError('stale', `${ROUTES.briefingsJson(date)} does not hold the text the search index expects at bytes ${offset}+${length}. Run \`npm run build\` again.`);
}
