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

/** The finish order's middle term (list-orders.ts): an unfinished job's creation time, 0 once finished. */
const OPEN_CREATED = 'CASE WHEN finished_at IS NULL THEN created_at ELSE 0 END';

/** The order's key columns (or expressions), in order. */
export const jobOrderColumns = (order: JobOrder): string[] =>
  order === 'FINISHED_DESC' ? ['finished_key', OPEN_CREATED, 'id'] : JOB_ORDER_SPECS[order].fields.map((f) => COLUMNS[f]);

/**
 * The terms of an order's key as one range of an index holds them: a column (or expression), or a
 * number where every row of the range has that value (the finish order's middle term over finished
 * jobs is 0; its first over unfinished ones is 0).
 */
export type KeyTerms = ReadonlyArray<string | number>;

/** ORDER BY and the keyset condition that starts after `cursor`, over the order's columns. */
export function jobOrder(order: JobOrder, cursor: string | undefined): { orderBy: string; after?: SqlPart } {
  const orderBy = orderByTerms(order, jobOrderColumns(order));
  if (cursor === undefined) return { orderBy };
  return { orderBy, after: afterKey(order, decodeJobCursor(order, cursor)) };
}

/** ORDER BY over the terms that vary (a constant orders nothing). */
export function orderByTerms(order: JobOrder, terms: KeyTerms): string {
  const direction = JOB_ORDER_SPECS[order].direction;
  return terms.flatMap((t) => (typeof t === 'string' ? [`${t} ${direction}`] : [])).join(', ');
}

/** The keyset condition for rows after the one whose order key is `key`. */
export function afterKey(order: JobOrder, key: readonly unknown[], terms: KeyTerms = jobOrderColumns(order)): SqlPart {
  return keyBound(terms, key, JOB_ORDER_SPECS[order].direction === 'DESC' ? '<' : '>');
}

/** The keyset condition for rows up to and including the one whose order key is `key`. */
export function upToKey(order: JobOrder, key: readonly unknown[], terms: KeyTerms = jobOrderColumns(order)): SqlPart {
  return keyBound(terms, key, JOB_ORDER_SPECS[order].direction === 'DESC' ? '>=' : '<=');
}

type Op = '<' | '>' | '<=' | '>=';

/**
 * A row-value bound (terms) op (key), lexicographic. Its terms are columns where they can be, so it
 * narrows an index range. A constant term is compared here: equal, it drops out; otherwise it decides
 * the comparison for rows equal on the terms before it, which leaves a bound on those terms alone
 * (or none: always true, or never).
 */
export function keyBound(terms: KeyTerms, key: readonly unknown[], op: Op): SqlPart {
  const columns: string[] = [];
  const values: unknown[] = [];
  const less = op === '<' || op === '<=';
  for (let i = 0; i < terms.length; i++) {
    const term = terms[i]!;
    if (typeof term === 'string') {
      columns.push(term);
      values.push(key[i]);
      continue;
    }
    const value = key[i] as number | string;
    if (term === value) continue;
    // Rows equal on the terms before are decided here: below the key when the constant is.
    const below = term < (value as number);
    return bound(columns, values, less ? (below ? '<=' : '<') : below ? '>' : '>=');
  }
  return bound(columns, values, op);
}

function bound(columns: string[], values: unknown[], op: Op): SqlPart {
  // No terms left: the rows are equal to the key on every term.
  if (columns.length === 0) return { sql: op === '<=' || op === '>=' ? '1' : '0', params: [] };
  return { sql: `(${columns.join(', ')}) ${op} (${columns.map(() => '?').join(', ')})`, params: values };
}
