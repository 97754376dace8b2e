/** Order statistics of the benchmark's samples (NaN for none: a figure that was not measured). */
export function percentile(xs: number[], p: number): number {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

export const median = (xs: number[]): number => percentile(xs, 50);

/** A figure for the JSON: rounded to `digits`, null when it was not measured. */
export function figure(x: number, digits = 0): number | null {
  return Number.isFinite(x) ? Number(x.toFixed(digits)) : null;
}
