/** Job filters and orders as SQL fragments with their parameters (the only place that builds them). */
import type { JobFilter, JobOrder } from '../../domain/types.js';
import { decodeCursor, encodeCursor, type CursorKey } from '../../domain/cursor.js';
import type { Job } from '../../domain/types.js';

export interface SqlPart {
  sql: string;
  params: unknown[];
}

export function jobWhere(orgId: string, filter: JobFilter): SqlPart {
  // With ids (at most 1,000), the jobs are looked up by primary key and then sorted: `+org_id` keeps
  // the planner from walking every job of the org through an (org_id, ...) index instead.
  const clauses = [filter.ids !== undefined ? '+org_id = ?' : 'org_id = ?'];
  const params: unknown[] = [orgId];
  if (filter.ids !== undefined) {
    // One parameter whatever the number of ids, so the statement cache keeps one statement.
    clauses.push(`id IN (SELECT value FROM json_each(?))`);
    params.push(JSON.stringify(filter.ids));
  }
  if (filter.status?.length) {
    clauses.push(`status IN (SELECT value FROM json_each(?))`);
    params.push(JSON.stringify(filter.status));
  }
  if (filter.type?.length) {
    clauses.push(`type IN (SELECT value FROM json_each(?))`);
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
  const search = filter.search?.trim();
  if (search) {
    const like = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    clauses.push(`(id = ? OR type LIKE ? ESCAPE '\\' OR payload LIKE ? ESCAPE '\\' OR errors LIKE ? ESCAPE '\\')`);
    params.push(search, like, like, like);
  }
  return { sql: clauses.join(' AND '), params };
}

interface OrderSpec {
  /** Columns (or expressions) of the sort key, all in one direction, ending with the unique id. */
  columns: string[];
  direction: 'ASC' | 'DESC';
  key(job: Job): CursorKey;
}

const ORDERS: Record<JobOrder, OrderSpec> = {
  CREATED_DESC: { columns: ['created_at', 'id'], direction: 'DESC', key: (j) => [j.createdAt, j.id] },
  CREATED_ASC: { columns: ['created_at', 'id'], direction: 'ASC', key: (j) => [j.createdAt, j.id] },
  PRIORITY_DESC: {
    columns: ['priority', 'created_at', 'id'],
    direction: 'DESC',
    key: (j) => [j.priority, j.createdAt, j.id],
  },
  FINISHED_DESC: {
    columns: ['COALESCE(finished_at, 0)', 'id'],
    direction: 'DESC',
    key: (j) => [j.finishedAt ?? 0, j.id],
  },
};

/** ORDER BY and the keyset condition that starts after `cursor`. */
export function jobOrder(order: JobOrder, cursor: string | undefined): { orderBy: string; after?: SqlPart } {
  const spec = ORDERS[order];
  const orderBy = spec.columns.map((c) => `${c} ${spec.direction}`).join(', ');
  if (cursor === undefined) return { orderBy };
  const key = decodeCursor(cursor, spec.columns.length);
  const op = spec.direction === 'DESC' ? '<' : '>';
  const placeholders = key.map(() => '?').join(', ');
  return { orderBy, after: { sql: `(${spec.columns.join(', ')}) ${op} (${placeholders})`, params: key } };
}

export function jobCursor(order: JobOrder, job: Job): string {
  return encodeCursor(ORDERS[order].key(job));
}
