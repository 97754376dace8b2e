/**
 * How often the query came up: matching statements per month, or per year when the months would be
 * too many to read as bars. The picture is an SVG with role="img" whose label carries the figures; the
 * bars are also buttons (laid over the SVG, one tab stop, arrow keys between them) that narrow the date
 * range to their month or year.
 */
import { el } from './render.ts';

const SVG = 'http://www.w3.org/2000/svg';
/** Above this many months the chart counts years. */
export const MAX_MONTHS = 24;

export interface Bucket {
  /** 2025年9月 or 2025年. */
  label: string;
  /** First and last day, YYYY-MM-DD. */
  from: string;
  to: string;
  count: number;
}

export interface Buckets {
  unit: 'month' | 'year';
  buckets: Bucket[];
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

function monthBucket(y: number, m: number, count: number): Bucket {
  return { label: `${y}年${m}月`, from: `${y}-${pad(m)}-01`, to: `${y}-${pad(m)}-${pad(lastDay(y, m))}`, count };
}

/** Every month (or year) from the first to the last in the histogram, empty ones included. */
export function bucketsOf(histogram: Record<string, number>): Buckets {
  const months = Object.keys(histogram).filter((k) => /^\d{4}-\d{2}$/u.test(k)).sort();
  if (months.length === 0) return { unit: 'month', buckets: [] };
  const [y0, m0] = months[0]!.split('-').map(Number) as [number, number];
  const [y1, m1] = months.at(-1)!.split('-').map(Number) as [number, number];
  const span = (y1 - y0) * 12 + (m1 - m0) + 1;
  if (span <= MAX_MONTHS) {
    const buckets: Bucket[] = [];
    for (let i = 0; i < span; i++) {
      const y = y0 + Math.floor((m0 - 1 + i) / 12);
      const m = ((m0 - 1 + i) % 12) + 1;
      buckets.push(monthBucket(y, m, histogram[`${y}-${pad(m)}`] ?? 0));
    }
    return { unit: 'month', buckets };
  }
  const years = new Map<number, number>();
  for (const k of months) years.set(Number(k.slice(0, 4)), (years.get(Number(k.slice(0, 4))) ?? 0) + histogram[k]!);
  const buckets: Bucket[] = [];
  for (let y = y0; y <= y1; y++) buckets.push({ label: `${y}年`, from: `${y}-01-01`, to: `${y}-12-31`, count: years.get(y) ?? 0 });
  return { unit: 'year', buckets };
}

/** The figures in words, for the SVG's label: the non-empty buckets, and that the others are empty. */
export function describe({ unit, buckets }: Buckets): string {
  const per = unit === 'month' ? '月' : '年';
  const shown = buckets.filter((b) => b.count > 0);
  const range = buckets.length > 1 ? `${buckets[0]!.label}から${buckets.at(-1)!.label}まで` : buckets[0]?.label ?? '';
  const figures = shown.map((b) => `${b.label} ${b.count}件`).join('、');
  const rest = shown.length < buckets.length ? `（ほかの${per}は0件）` : '';
  return `${range}の${per}別の発言数: ${figures}${rest}`;
}

function svgEl(tag: string, attrs: Record<string, string | number>): SVGElement {
  const node = document.createElementNS(SVG, tag) as SVGElement;
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

/**
 * The chart for a result's histogram, or null when there is nothing to draw. `pick` is called with the
 * bucket whose bar was clicked or activated from the keyboard.
 */
export function histogramChart(histogram: Record<string, number>, pick: (b: Bucket) => void): HTMLElement | null {
  const data = bucketsOf(histogram);
  const { unit, buckets } = data;
  if (buckets.length === 0) return null;
  const max = Math.max(...buckets.map((b) => b.count));
  const width = buckets.length * 10;

  const svg = svgEl('svg', { viewBox: `0 0 ${width} 100`, preserveAspectRatio: 'none', role: 'img', 'aria-label': describe(data), class: 'chart-svg' });
  buckets.forEach((b, i) => {
    if (b.count === 0) return;
    const h = Math.max(2, (b.count / max) * 100);
    svg.append(svgEl('rect', { x: i * 10 + 1, y: 100 - h, width: 8, height: h }));
  });

  const plot = el('div', { className: 'chart-plot' }, svg);
  if (buckets.length > 1) plot.append(barButtons(buckets, pick));
  const per = unit === 'month' ? '月別' : '年別';
  const peak = buckets.find((b) => b.count === max)!;
  return el(
    'figure',
    { className: 'hit-chart' },
    el('figcaption', { className: 'chart-caption' }, `${per}の発言数（最多 ${peak.label} ${max}件）`, buckets.length > 1 ? el('span', { className: 'chart-hint', textContent: '棒を選ぶとその期間に絞り込みます' }) : ''),
    plot,
    el('div', { className: 'chart-axis', ariaHidden: 'true' }, el('span', { textContent: buckets[0]!.label }), el('span', { textContent: buckets.at(-1)!.label })),
  );
}

/** Transparent buttons over the bars: a toolbar with one tab stop, moved with the arrow keys. */
function barButtons(buckets: Bucket[], pick: (b: Bucket) => void): HTMLElement {
  const bar = el('div', { className: 'chart-bars' });
  bar.setAttribute('role', 'toolbar');
  bar.setAttribute('aria-label', '期間で絞り込む');
  const buttons: HTMLButtonElement[] = [];
  buckets.forEach((b, i) => {
    if (b.count === 0) return;
    const button = el('button', { type: 'button', className: 'chart-bar', tabIndex: buttons.length === 0 ? 0 : -1 }, el('span', { className: 'visually-hidden', textContent: `${b.label}（${b.count}件）に絞り込む` }));
    button.style.left = `${(i / buckets.length) * 100}%`;
    button.style.width = `${100 / buckets.length}%`;
    button.addEventListener('click', () => pick(b));
    buttons.push(button);
  });
  bar.append(...buttons);
  bar.addEventListener('keydown', (e) => {
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (at < 0) return;
    const to = { ArrowRight: at + 1, ArrowDown: at + 1, ArrowLeft: at - 1, ArrowUp: at - 1, Home: 0, End: buttons.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    const next = buttons[Math.min(buttons.length - 1, Math.max(0, to))]!;
    buttons[at]!.tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
  });
  return bar;
}
