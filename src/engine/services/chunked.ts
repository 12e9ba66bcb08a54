/**
 * Bulk work in chunks. On SQLite every store call runs synchronously on the event loop, so a bulk
 * action over thousands of jobs done as one write would hold every other request until it ends; done
 * one job per commit it costs a commit each. A chunk of a few hundred is one short transaction, and
 * the loop serves other requests between chunks.
 */

/** Jobs per write of a bulk action or a retention purge. */
export const CHUNK = 250;

/** Lets the event loop run what is waiting (I/O included) before the next chunk. */
export const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Runs `work` on each chunk of `items` in order, yielding the loop between chunks; returns the results, concatenated. */
export async function inChunks<T, R>(items: readonly T[], work: (chunk: T[]) => Promise<R[]>, size = CHUNK): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size) {
    if (i > 0) await yieldToLoop();
    results.push(...(await work(items.slice(i, i + size))));
  }
  return results;
}
