/**
 * A job search on SQLite, in chunks. The search has no index (job-query.ts says why): it tests rows
 * one by one in list order, and a rare term reads every job of the org (about half a second at a
 * million). Done as one statement that would hold the event loop, and so every other request, for
 * all of it; here it reads SEARCH_CHUNK rows per statement and lets the loop run between them.
 */
import type { JobFilter, JobOrder } from '../../domain/types.js';
import { afterKey, jobOrder, jobOrderColumns, jobWhere, searchTest, upToKey } from './job-query.js';
import type { SqlPart } from './sql.js';
import type { Statements } from './statements.js';

/** Rows tested per statement: a few milliseconds of work. */
export const SEARCH_CHUNK = 2_000;

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The ids of up to `want` jobs that match the filter and its search term, in `order`, after the
 * cursor; the loop runs between chunks, and an aborted `signal` ends the read early.
 */
export async function searchScan(
  s: Statements,
  orgId: string,
  filter: JobFilter & { search: string },
  order: JobOrder,
  cursor: string | undefined,
  want: number,
  signal?: AbortSignal,
): Promise<string[]> {
  const where = jobWhere(orgId, filter, { search: false });
  const test = searchTest(filter.search);
  const { orderBy, after } = jobOrder(order, cursor);
  const keys = jobOrderColumns(order);
  const keyList = keys.map((k, i) => `${k} AS k${i}`).join(', ');
  const hits: string[] = [];
  let from: SqlPart | undefined = after;
  for (;;) {
    const range = (extra: SqlPart | undefined) => [from, extra].filter((p): p is SqlPart => p !== undefined);
    const and = (parts: SqlPart[]) => parts.map((p) => ` AND ${p.sql}`).join('');
    const args = (parts: SqlPart[]) => parts.flatMap((p) => p.params);
    // The chunk's last row, read on the order's index alone; then the search over the chunk returns
    // only the rows that match (handing every row of the chunk to JS costs more than the test).
    const last = s
      .get(`SELECT ${keyList} FROM jobs WHERE ${where.sql}${and(range(undefined))} ORDER BY ${orderBy} LIMIT 1 OFFSET ${SEARCH_CHUNK - 1}`)
      .get(...where.params, ...args(range(undefined))) as Record<string, unknown> | undefined;
    const lastKey = last && keys.map((_, i) => last[`k${i}`]);
    const within = range(lastKey && upToKey(order, lastKey));
    const rows = s
      .get(`SELECT id FROM jobs WHERE ${where.sql}${and(within)} AND ${test.sql} ORDER BY ${orderBy} LIMIT ?`)
      // LIMIT -1: no limit (an exact count wants every match).
      .all(...where.params, ...args(within), ...test.params, Number.isFinite(want) ? want - hits.length : -1) as Array<{ id: string }>;
    hits.push(...rows.map((r) => r.id));
    // An abandoned operation's answer is not used: stop reading (no rejection, which nobody would await).
    if (hits.length >= want || !lastKey || signal?.aborted) return hits;
    from = afterKey(order, lastKey);
    await yieldToLoop();
  }
}
