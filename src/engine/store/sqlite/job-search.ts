/**
 * A job search on SQLite, in chunks. The search has no index (job-query.ts says why): it tests rows
 * one by one in list order, and a rare term reads every job of the org (about half a second at a
 * million). Done as one statement that would hold the event loop, and so every other request, for
 * all of it; here it reads SEARCH_CHUNK rows per statement and lets the loop run between them.
 */
import type { JobFilter, JobOrder } from '../../domain/types.js';
import { afterKey, jobOrder, jobOrderColumns, jobWhere, searchTest } from './job-query.js';
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
  const select = `SELECT ${keys.map((k, i) => `${k} AS k${i}`).join(', ')}, id, ${test.sql} AS hit FROM jobs WHERE ${where.sql}`;
  const hits: string[] = [];
  let from: SqlPart | undefined = after;
  for (;;) {
    const sql = `${select}${from ? ` AND ${from.sql}` : ''} ORDER BY ${orderBy} LIMIT ?`;
    const rows = s.get(sql).all(...test.params, ...where.params, ...(from?.params ?? []), SEARCH_CHUNK) as Array<Record<string, unknown>>;
    for (const row of rows) {
      if (!row.hit) continue;
      hits.push(row.id as string);
      if (hits.length >= want) return hits;
    }
    // An abandoned operation's answer is not used: stop reading (no rejection, which nobody would await).
    if (rows.length < SEARCH_CHUNK || signal?.aborted) return hits;
    const last = rows[rows.length - 1]!;
    from = afterKey(order, keys.map((_, i) => last[`k${i}`]));
    await yieldToLoop();
  }
}
