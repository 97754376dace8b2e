/** Which published layout a page is in. */
import { ImportError } from './errors.ts';
import type { Line } from './lines.ts';
import type { Layout } from './layouts/common.ts';
import { modOldLayout } from './layouts/mod-old.ts';
import { modLayout } from './layouts/mod.ts';
import { mofaLayout } from './layouts/mofa.ts';
import { newsLayout } from './layouts/news.ts';

/** In order of preference when two are equally sure. */
export const LAYOUTS: readonly Layout[] = [mofaLayout, modLayout, modOldLayout, newsLayout];

export function detectLayout(lines: readonly Line[]): Layout {
  let best: Layout | null = null;
  let bestScore = 0;
  for (const layout of LAYOUTS) {
    const score = layout.detect(lines);
    if (score > bestScore) {
      best = layout;
      bestScore = score;
    }
  }
  if (!best) {
    const first = lines.find((l) => l.text !== '');
    throw new ImportError(
      first?.no ?? 1,
      'cannot tell which published layout this is, and so where the press conference, its date and its turns are',
      'supported: a news write-up whose title ends (9月8日) with a lead 令和7(2025)年9月8日(月)17時05分~…; a 防衛省 page with 日時 / 場所 lines; ' +
        'a 防衛省 大臣会見概要 page; a 外務省 会見記録 with （令和6年9月13日（金曜日）10時55分　於：本省会見室）. See docs/import.md',
    );
  }
  return best;
}
