/**
 * Work on many files side by side: thousands of small reads and writes one after another leave the
 * thread waiting on each in turn, where a few at once keep the disk and libuv's threads busy.
 */

/** Files worked on at once by default. */
export const FILES_AT_ONCE = 16;

/** Run `task` over `items`, `width` at a time. */
export async function eachAtOnce<T>(items: readonly T[], width: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
}

/** `f` of every item, `width` at a time, the results in the items' order. */
export async function mapAtOnce<T, R>(items: readonly T[], width: number, f: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  const indexes = items.map((_, i) => i);
  await eachAtOnce(indexes, width, async (i) => {
    out[i] = await f(items[i]!);
  });
  return out;
}
