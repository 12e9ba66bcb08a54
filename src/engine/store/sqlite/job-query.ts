/** Job filters and orders as SQL fragments with their parameters (the only place that builds them). */
import { IN_JSON, type SqlPart } from './sql.js';
import { JOB_ORDER_SPECS, decodeJobCursor, type JobSortField } from '../../domain/list-orders.js';
import type { JobFilter, JobOrder } from '../../domain/types.js';

/** The filter's conditions; without the search test when `search: false` (searchScan applies it). */
export function jobWhere(orgId: string, filter: JobFilter, options: { search?: boolean } = {}): SqlPart {
  const search = options.search === false ? undefined : searchTerm(filter);
  // With ids (at most 1,000) the jobs are looked up by primary key and then sorted: `+org_id` keeps
  // the planner from walking every job of the org through an (org_id, ...) index.
  const clauses = [filter.ids !== undefined ? '+org_id = ?' : 'org_id = ?'];
  const params: unknown[] = [orgId];
  if (filter.ids !== undefined) {
    // One parameter whatever the number of ids, so the statement cache keeps one statement.
    clauses.push(`id ${IN_JSON}`);
    params.push(JSON.stringify(filter.ids));
  }
  // One value is an equality, so the planner reads the (org, status) or (org, type) index in order;
  // a list of values is one parameter whatever its length (one cached statement).
  for (const [column, values] of [['status', filter.status], ['type', filter.type]] as const) {
    if (!values?.length) continue;
    clauses.push(values.length === 1 ? `${column} = ?` : `${column} ${IN_JSON}`);
    params.push(values.length === 1 ? values[0] : JSON.stringify(values));
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
    const test = searchTest(search);
    clauses.push(test.sql);
    params.push(...test.params);
  }
  return { sql: clauses.join(' AND '), params };
}

export const searchTerm = (filter: JobFilter): string | undefined => filter.search?.trim() || undefined;

/**
 * The whole id, or a substring of the type, payload or errors in any case, tested on each row with
 * jc_contains (registered in index.ts: the in-memory rule, lower-cased). Every search ends with this
 * test, whether its rows came from the search index or from a walk in list order (job-search.ts).
 */
export function searchTest(search: string): SqlPart {
  return { sql: '(id = ? OR jc_contains(type, payload, errors, ?))', params: [search, search.toLowerCase()] };
}

/** The column (or expression) of each sort field. A NULL finished_at sorts as 0: last, descending. */
const COLUMNS: Record<JobSortField, string> = {
  priority: 'priority',
  createdAt: 'created_at',
  finishedAt: 'finished_key',
  id: 'id',
};

/** The order's key columns (or expressions), in order. */
export const jobOrderColumns = (order: JobOrder): string[] => JOB_ORDER_SPECS[order].fields.map((f) => COLUMNS[f]);

/** ORDER BY and the keyset condition that starts after `cursor`. */
export function jobOrder(order: JobOrder, cursor: string | undefined): { orderBy: string; after?: SqlPart } {
  const spec = JOB_ORDER_SPECS[order];
  const orderBy = jobOrderColumns(order).map((c) => `${c} ${spec.direction}`).join(', ');
  if (cursor === undefined) return { orderBy };
  return { orderBy, after: afterKey(order, decodeJobCursor(order, cursor)) };
}

/** The keyset condition for rows after the one whose order key is `key`. */
export function afterKey(order: JobOrder, key: readonly unknown[]): SqlPart {
  return keyBound(order, key, JOB_ORDER_SPECS[order].direction === 'DESC' ? '<' : '>');
}

/** The keyset condition for rows up to and including the one whose order key is `key`. */
export function upToKey(order: JobOrder, key: readonly unknown[]): SqlPart {
  return keyBound(order, key, JOB_ORDER_SPECS[order].direction === 'DESC' ? '>=' : '<=');
}

/** A row-value bound on the order's key (its terms are columns, so it narrows the order's index range). */
function keyBound(order: JobOrder, key: readonly unknown[], op: '<' | '>' | '<=' | '>='): SqlPart {
  const placeholders = key.map(() => '?').join(', ');
  return { sql: `(${jobOrderColumns(order).join(', ')}) ${op} (${placeholders})`, params: [...key] };
}
