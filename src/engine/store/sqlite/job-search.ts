/**
 * A job search on SQLite. A term of three characters or more is looked up in the search index
 * (job-search-index.ts) for the jobs it holds, and the jobs it does not hold yet (above its mark,
 * or pending: unfinished when indexed, their errors may have grown) are read row by row; every
 * candidate is then tested with the same rule as a row-by-row search (searchTest), so the index only
 * narrows which rows are read, never what matches. Shorter terms have no trigram to look up, and a
 * term with many candidates is cheaper read in list order until a page is full: both are read row by
 * row (searchScan), SEARCH_CHUNK rows per statement with the loop free between them.
 */
import type { JobFilter, JobOrder } from '../../domain/types.js';
import { indexedTo, searchable } from './job-search-index.js';
import { afterKey, jobOrder, jobOrderColumns, jobWhere, searchTest, upToKey } from './job-query.js';
import type { SqlPart } from './sql.js';
import type { Statements } from './statements.js';

/** Rows tested per statement: a few milliseconds of work. */
export const SEARCH_CHUNK = 2_000;

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Candidates beyond which a page is read row by row in list order instead (a common term fills it at once). */
export const MAX_PAGE_CANDIDATES = 5_000;
/** Candidates tested per statement when counting. */
const COUNT_CHUNK = 2_000;

const SQL = {
  head: `SELECT rowid AS r FROM job_search_head WHERE job_search_head MATCH ? AND rowid > ? AND rowid <= ? ORDER BY rowid LIMIT ?`,
  errors: `SELECT rowid AS r FROM job_search_errors WHERE job_search_errors MATCH ? AND rowid > ? AND rowid <= ? ORDER BY rowid LIMIT ?`,
  // Pending jobs' errors are not in the index: those with any error are candidates.
  pending: `SELECT d.job_rowid AS r FROM job_search_docs d JOIN jobs j ON j.rowid = d.job_rowid
    WHERE d.pending = 1 AND d.job_rowid > ? AND d.job_rowid <= ? AND j.errors <> '[]' ORDER BY d.job_rowid LIMIT ?`,
  tail: 'SELECT rowid AS r FROM jobs WHERE rowid > ? ORDER BY rowid LIMIT ?',
  byId: 'SELECT rowid AS r FROM jobs WHERE id = ?',
};

/** A term the trigram index can look up: three characters or more once lower-cased. */
const indexable = (needle: string): boolean => [...needle].length >= 3;

/** The term as an FTS5 phrase: its trigrams in a row, that is the substring. */
const phrase = (needle: string): string => `"${needle.replaceAll('"', '""')}"`;

/** Rowids in (from, to] in order, at most `limit`. */
const rowids = (s: Statements, sql: string, args: unknown[], limit: number): number[] =>
  (s.get(sql).all(...args, limit) as Array<{ r: number }>).map((row) => row.r);

/**
 * The candidates in rowid windows: each window (from, to] with the jobs the index matches in it, the
 * pending ones with errors, the job whose id is the term, and above the mark every job. `limit`
 * bounds each statement; windows come in rowid order and never overlap.
 */
function* candidateWindows(s: Statements, search: string, limit: number): Generator<number[]> {
  const needle = phrase(searchable(search));
  const mark = indexedTo(s);
  const byId = (s.get(SQL.byId).get(search) as { r: number } | undefined)?.r;
  let from = 0;
  while (from < mark) {
    const head = rowids(s, SQL.head, [needle, from, mark], limit);
    const errors = rowids(s, SQL.errors, [needle, from, mark], limit);
    const pending = rowids(s, SQL.pending, [from, mark], limit);
    // The window ends where the first full list stops: past it, that list has not been read.
    const to = Math.min(...[head, errors, pending].map((list) => (list.length === limit ? list[list.length - 1]! : mark)));
    const window = new Set([...head, ...errors, ...pending].filter((r) => r <= to));
    if (byId !== undefined && byId > from && byId <= to) window.add(byId);
    yield [...window];
    from = to;
  }
  for (;;) {
    const tail = rowids(s, SQL.tail, [from], limit);
    if (tail.length === 0) return;
    yield tail;
    from = tail[tail.length - 1]!;
  }
}

/** The filter and search test over the candidate rowids given as a JSON array (the first parameter). */
function overCandidates(s: Statements, orgId: string, filter: JobFilter & { search: string }) {
  const where = jobWhere(orgId, filter, { search: false });
  const test = searchTest(filter.search);
  // CROSS JOIN: candidates first, each job looked up by rowid (never a walk of the org's jobs).
  const from = `FROM (SELECT value AS r FROM json_each(?)) c CROSS JOIN jobs ON jobs.rowid = c.r WHERE ${where.sql} AND ${test.sql}`;
  return { from, params: [...where.params, ...test.params] };
}

/**
 * The ids of up to `want` jobs that match the filter and its search term, in `order`, after the
 * cursor: from the index's candidates when they are few, else read row by row in list order.
 */
export async function searchIds(
  s: Statements,
  orgId: string,
  filter: JobFilter & { search: string },
  order: JobOrder,
  cursor: string | undefined,
  want: number,
  signal?: AbortSignal,
): Promise<string[]> {
  if (!indexable(searchable(filter.search))) return searchScan(s, orgId, filter, order, cursor, want, signal);
  const candidates: number[] = [];
  for (const window of candidateWindows(s, filter.search, MAX_PAGE_CANDIDATES + 1)) {
    candidates.push(...window);
    if (candidates.length > MAX_PAGE_CANDIDATES) return searchScan(s, orgId, filter, order, cursor, want, signal);
  }
  const { from, params } = overCandidates(s, orgId, filter);
  const { orderBy, after } = jobOrder(order, cursor);
  const sql = `SELECT id ${from}${after ? ` AND ${after.sql}` : ''} ORDER BY ${orderBy} LIMIT ?`;
  const rows = s.get(sql).all(JSON.stringify(candidates), ...params, ...(after?.params ?? []), Number.isFinite(want) ? want : -1);
  return (rows as Array<{ id: string }>).map((r) => r.id);
}

/**
 * How many jobs match the filter and its search term, counting up to `upTo` (Infinity: all); the
 * loop runs between chunks, and an aborted `signal` ends the count early.
 */
export async function searchCount(
  s: Statements,
  orgId: string,
  filter: JobFilter & { search: string },
  upTo: number,
  signal?: AbortSignal,
): Promise<number> {
  if (!indexable(searchable(filter.search))) return (await searchScan(s, orgId, filter, 'CREATED_DESC', undefined, upTo, signal)).length;
  const { from, params } = overCandidates(s, orgId, filter);
  const sql = `SELECT COUNT(*) AS n ${from}`;
  let count = 0;
  for (const window of candidateWindows(s, filter.search, COUNT_CHUNK)) {
    if (window.length) count += (s.get(sql).get(JSON.stringify(window), ...params) as { n: number }).n;
    if (count >= upTo || signal?.aborted) return count;
    await yieldToLoop();
  }
  return count;
}

/**
 * The ids of up to `want` jobs that match the filter and its search term, in `order`, after the
 * cursor, read row by row; the loop runs between chunks, and an aborted `signal` ends the read early.
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
