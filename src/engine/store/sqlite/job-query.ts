/** Job filters and orders as SQL fragments with their parameters (the only place that builds them). */
import { IN_JSON, type SqlPart } from './sql.js';
import { JOB_ORDER_SPECS, decodeJobCursor, type JobSortField } from '../../domain/list-orders.js';
import type { JobFilter, JobOrder } from '../../domain/types.js';

export function jobWhere(orgId: string, filter: JobFilter): SqlPart {
  const search = filter.search?.trim();
  // With ids (at most 1,000) the jobs are looked up by primary key and then sorted: `+org_id` keeps
  // the planner from walking every job of the org through an (org_id, ...) index.
  const clauses = [filter.ids !== undefined ? '+org_id = ?' : 'org_id = ?'];
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
    // The whole id, or a substring of the type, payload or errors in any case, tested row by row in
    // list order with jc_contains (registered in index.ts: the in-memory rule, lower-cased). A page
    // stops at its size; counts stop at their cap. No search index: see job-counts.ts for why the
    // jobs table keeps no trigger.
    clauses.push('(id = ? OR jc_contains(type, payload, errors, ?))');
    params.push(search, search.toLowerCase());
  }
  return { sql: clauses.join(' AND '), params };
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
