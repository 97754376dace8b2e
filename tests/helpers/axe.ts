/**
 * axe-core in a Playwright page: the WCAG 2.x A/AA rules and best practices, violations as
 * `rule: target…` lines so that a failing test names what to fix.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeResult {
  violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[]; failureSummary?: string }> }>;
}

export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated by the browser's debugging protocol, which the page's Content-Security-Policy does not
  // govern: a <script> element added to the page would be blocked by it, as any injected script is.
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<unknown> } }).axe;
    return (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } })) as AxeResult;
  });
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${JSON.stringify(n.target)} — ${n.failureSummary?.split('\n').slice(0, 3).join(' ') ?? v.help}`));
}
