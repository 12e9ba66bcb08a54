/** Job filters and orders as SQL fragments with their parameters (the only place that builds them). */
import { IN_JSON, type SqlPart } from './sql.js';
import { JOB_ORDER_SPECS, decodeJobCursor, type JobSortField } from '../../domain/list-orders.js';
import type { JobFilter, JobOrder } from '../../domain/types.js';

/**
 * How a search is matched (see searchMode in jobs.ts): `index` looks the few matching jobs up through
 * jobs_search and sorts them; `rows` walks the org's jobs in list order and tests each row (a search
 * that matches many jobs finds a page's worth at once; one under 3 characters has no trigram).
 */
export type SearchMode = 'index' | 'rows';

export function jobWhere(orgId: string, filter: JobFilter, searchMode: SearchMode = 'index'): SqlPart {
  const search = filter.search?.trim();
  const lookup = filter.ids !== undefined || (search && searchMode === 'index');
  // With ids (at most 1,000) or a selective search, the jobs are looked up by primary key and then
  // sorted: `+org_id` keeps the planner from walking every job of the org through an (org_id, ...) index.
  const clauses = [lookup ? '+org_id = ?' : 'org_id = ?'];
  const params: unknown[] = [orgId];
  if (filter.ids !== undefined) {
    // One parameter whatever the number of ids, so the statement cache keeps one statement.
    clauses.push(`id ${IN_JSON}`);
    params.push(JSON.stringify(filter.ids));
  }
  if (filter.status?.length) {
    clauses.push(`status ${IN_JSON}`);
    params.push(JSON.stringify(filter.status));
  }
  if (filter.type?.length) {
    clauses.push(`type ${IN_JSON}`);
    params.push(JSON.stringify(filter.type));
  }
  if (filter.createdAfter !== undefined) {
    clauses.push('created_at >= ?');
    params.push(filter.createdAfter);
  }
  if (filter.createdBefore !== undefined) {
    clauses.push('created_at < ?');
    params.push(filter.createdBefore);
  }
  if (filter.parentId !== undefined) {
    clauses.push('parent_id = ?');
    params.push(filter.parentId);
  }
  if (filter.scheduleId !== undefined) {
    clauses.push('schedule_id = ?');
    params.push(filter.scheduleId);
  }
  if (filter.retryOfId !== undefined) {
    clauses.push('retry_of_id = ?');
    params.push(filter.retryOfId);
  }
  if (search) {
    const part = searchClause(search, searchMode);
    clauses.push(part.sql);
    params.push(...part.params);
  }
  return { sql: clauses.join(' AND '), params };
}

/** Trigrams need 3 characters: a shorter search is matched row by row. */
export const MIN_INDEXED_SEARCH = 3;

/** A search as one quoted FTS5 phrase: `%`, `_` and quotes mean themselves. */
export const ftsPhrase = (search: string) => `"${search.replaceAll('"', '""')}"`;

/**
 * The whole id, or a substring of the type, payload or errors in any case: through the jobs_search
 * trigram index, or per row with jc_contains (registered in index.ts: the in-memory rule, lower-cased).
 */
function searchClause(search: string, mode: SearchMode): SqlPart {
  if (mode === 'index' && [...search].length >= MIN_INDEXED_SEARCH) {
    return {
      sql: 'rowid IN (SELECT rowid FROM jobs_search WHERE jobs_search MATCH ? UNION ALL SELECT rowid FROM jobs WHERE id = ?)',
      params: [ftsPhrase(search), search],
    };
  }
  return { sql: '(id = ? OR jc_contains(type, payload, errors, ?))', params: [search, search.toLowerCase()] };
}

/** The column (or expression) of each sort field. A NULL finished_at sorts as 0: last, descending. */
const COLUMNS: Record<JobSortField, string> = {
  priority: 'priority',
  createdAt: 'created_at',
  finishedAt: 'COALESCE(finished_at, 0)',
  id: 'id',
};

/** ORDER BY and the keyset condition that starts after `cursor`. */
export function jobOrder(order: JobOrder, cursor: string | undefined): { orderBy: string; after?: SqlPart } {
  const spec = JOB_ORDER_SPECS[order];
  const columns = spec.fields.map((f) => COLUMNS[f]);
  const orderBy = columns.map((c) => `${c} ${spec.direction}`).join(', ');
  if (cursor === undefined) return { orderBy };
  const key = decodeJobCursor(order, cursor);
  const op = spec.direction === 'DESC' ? '<' : '>';
  const placeholders = key.map(() => '?').join(', ');
  return { orderBy, after: { sql: `(${columns.join(', ')}) ${op} (${placeholders})`, params: key } };
}
