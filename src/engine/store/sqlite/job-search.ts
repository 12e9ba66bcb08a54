/**
 * A job search on SQLite. A term of three characters or more is looked up in the search index
 * (job-search-index.ts) for the jobs it holds, and the jobs it does not hold yet (above its mark,
 * or pending: unfinished when indexed, their errors may have grown) are added as they are; every
 * candidate is then tested with the same rule as a row-by-row search (searchTest), so the index only
 * narrows which rows are read, never what matches. Rows are read in list order instead (searchScan,
 * SEARCH_CHUNK rows per statement with the loop free between them) when that is cheaper or the only
 * way: a term of one or two characters (no trigram), a page filled within the first chunk or a count
 * whose term is in a third of it (a common term), more candidates than MAX_PAGE_CANDIDATES for a
 * page, and for a count fewer matches than its cap among the first MAX_COUNT_CANDIDATES candidates.
 */
import type { JobFilter, JobOrder } from '../../domain/types.js';
import type { StopSignal } from '../../domain/stop-signal.js';
import { indexedTo, searchable } from './job-search-index.js';
import { jobOrder, jobWhere, searchTest } from './job-query.js';
import { SCAN_CHUNK, scanJobChunks, scanWalks } from './job-list.js';
import type { Statements } from './statements.js';

/** Rows tested per statement: a few milliseconds of work (a scan's chunk, job-list.ts). */
export const SEARCH_CHUNK = SCAN_CHUNK;

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Candidates beyond which a page is read row by row in list order instead. */
export const MAX_PAGE_CANDIDATES = 5_000;
/** Candidates beyond which a count is read row by row in list order instead. */
export const MAX_COUNT_CANDIDATES = 20_000;
/** Candidates tested per statement when counting. */
const COUNT_CHUNK = 2_000;

// The index is read from its first row: FTS5 reads a term's matches in rowid order from the start
// (cheap), but starting past a given rowid walks every match before it.
const SQL = {
  head: 'SELECT rowid AS r FROM job_search_head WHERE job_search_head MATCH ? AND rowid <= ? ORDER BY rowid LIMIT ?',
  errors: 'SELECT rowid AS r FROM job_search_errors WHERE job_search_errors MATCH ? AND rowid <= ? ORDER BY rowid LIMIT ?',
  // Pending jobs' errors are not in the index: those with any error are candidates.
  pending: `SELECT d.job_rowid AS r FROM job_search_docs d JOIN jobs j ON j.rowid = d.job_rowid
    WHERE d.pending = 1 AND d.job_rowid <= ? AND j.errors <> '[]' ORDER BY d.job_rowid LIMIT ?`,
  tail: 'SELECT rowid AS r FROM jobs WHERE rowid > ? ORDER BY rowid LIMIT ?',
  byId: 'SELECT rowid AS r FROM jobs WHERE id = ?',
};

/** A term the trigram index can look up: three characters or more once lower-cased. */
const indexable = (needle: string): boolean => [...needle].length >= 3;

/** The term as an FTS5 phrase: its trigrams in a row, that is the substring. */
const phrase = (needle: string): string => `"${needle.replaceAll('"', '""')}"`;

/**
 * The rowids of the jobs the term may match, in rowids up to `to`: the index's matches up to the
 * trusted mark, the pending jobs with errors, every job above the mark, and the job whose id is the
 * term. `to` is Infinity (every job) unless a list of them had more than `limit`: then it is where the
 * first such list was cut.
 */
function candidates(s: Statements, search: string, limit: number): { rowids: number[]; to: number } {
  const needle = phrase(searchable(search));
  const mark = indexedTo(s);
  const lists = [
    s.get(SQL.head).all(needle, mark, limit),
    s.get(SQL.errors).all(needle, mark, limit),
    s.get(SQL.pending).all(mark, limit),
    s.get(SQL.tail).all(mark, limit),
    s.get(SQL.byId).all(search),
  ] as Array<Array<{ r: number }>>;
  // Each list is in rowid order; one that stopped at its limit may go on past its last rowid.
  const to = Math.min(...lists.slice(0, 4).map((list) => (list.length === limit ? list[limit - 1]!.r : Infinity)));
  const found = new Set<number>();
  for (const list of lists) for (const { r } of list) if (r <= to) found.add(r);
  return { rowids: [...found], to };
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
  signal?: StopSignal,
): Promise<string[]> {
  if (!indexable(searchable(filter.search))) return searchScan(s, orgId, filter, order, cursor, want, signal);
  // A common term fills the page within the first chunk read in list order.
  const first = await scan(s, orgId, filter, order, cursor, want, 1, signal);
  if (first.whole) return first.hits;
  const { rowids, to } = candidates(s, filter.search, MAX_PAGE_CANDIDATES);
  if (to !== Infinity) return searchScan(s, orgId, filter, order, cursor, want, signal);
  const { from, params } = overCandidates(s, orgId, filter);
  const { orderBy, after } = jobOrder(order, cursor);
  const sql = `SELECT id ${from}${after ? ` AND ${after.sql}` : ''} ORDER BY ${orderBy} LIMIT ?`;
  const rows = s.get(sql).all(JSON.stringify(rowids), ...params, ...(after?.params ?? []), Number.isFinite(want) ? want : -1);
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
  signal?: StopSignal,
): Promise<number> {
  if (!indexable(searchable(filter.search))) return (await searchScan(s, orgId, filter, 'CREATED_DESC', undefined, upTo, signal)).length;
  // A term in a third or more of the first chunk's rows reaches a cap sooner read in list order.
  const first = await scan(s, orgId, filter, 'CREATED_DESC', undefined, upTo, 1, signal);
  if (first.whole) return first.hits.length;
  if (Number.isFinite(upTo) && first.hits.length * 3 >= SEARCH_CHUNK) {
    return (await searchScan(s, orgId, filter, 'CREATED_DESC', undefined, upTo, signal)).length;
  }
  const { rowids, to } = candidates(s, filter.search, MAX_COUNT_CANDIDATES);
  const { from, params } = overCandidates(s, orgId, filter);
  const sql = `SELECT COUNT(*) AS n ${from}`;
  let count = 0;
  for (let i = 0; i < rowids.length; i += COUNT_CHUNK) {
    if (i > 0) await yieldToLoop();
    count += (s.get(sql).get(JSON.stringify(rowids.slice(i, i + COUNT_CHUNK)), ...params) as { n: number }).n;
    if (count >= upTo || signal?.aborted) return count;
  }
  // Only the candidates up to `to` were counted, and fewer than wanted: every row it is, then.
  if (to !== Infinity) return (await searchScan(s, orgId, filter, 'CREATED_DESC', undefined, upTo, signal)).length;
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
  signal?: StopSignal,
): Promise<string[]> {
  return (await scan(s, orgId, filter, order, cursor, want, Infinity, signal)).hits;
}

/** searchScan for at most `chunks` chunks (job-list.ts): the hits, and whether the answer is whole. */
function scan(
  s: Statements,
  orgId: string,
  filter: JobFilter & { search: string },
  order: JobOrder,
  cursor: string | undefined,
  want: number,
  chunks: number,
  signal?: StopSignal,
): Promise<{ hits: string[]; whole: boolean }> {
  return scanJobChunks(s, orgId, jobWhere(orgId, filter, { search: false }), order, cursor, want, {
    test: searchTest(filter.search),
    signal,
    chunks,
    // With both a status and a type, the status's range (no counters here to size them).
    walks: scanWalks(filter, order, () => 0),
  });
}
