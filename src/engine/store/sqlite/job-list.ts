/**
 * Job lists without a search term, planned so that no statement walks more than a page or a chunk.
 *
 * The jobs table has an index per list order over each org's jobs, plus (org, status, created) and
 * (org, type, created). SQLite reads a list on the order's index and tests the filter row by row
 * unless an index's equality prefix covers the filter; so a page of a rare status (the few QUEUED
 * jobs among a million finished ones, or the newest SUCCEEDED behind a backlog of a million QUEUED)
 * read the whole org in one statement, holding the event loop and every other request for seconds.
 *
 * - `index`: the answer is one index range (no status or type filter; or one status or one type in
 *   created order; or a small set: ids, a parent, a schedule, a retried job): one statement.
 * - `merge`: several statuses, or several types, in created order: one leg per value on its own
 *   range, each at most a page, merged by the order (SQLite's MERGE of UNION ALL legs).
 * - `scan`: anything else (a status or type in priority or finished order, status and type together,
 *   a creation range in another order) walks the order's index SCAN_CHUNK rows per statement with the
 *   event loop free between chunks, and stops when the page is full or the caller has gone. In
 *   created order with one status or one type, the walk is over that value's own range of its index
 *   (`narrowWalk`), the smaller one when both are given: a page of SUCCEEDED summaries walks the
 *   summaries, not a million queued jobs in front of them.
 */
import type { StopSignal } from '../../domain/stop-signal.js';
import type { JobFilter, JobOrder } from '../../domain/types.js';
import { afterKey, jobOrder, jobOrderColumns, jobWhere, upToKey } from './job-query.js';
import type { SqlPart } from './sql.js';
import { JOB_COLUMNS } from './rows.js';
import type { Statements } from './statements.js';

/** Rows walked per statement of a scan: a few milliseconds of work. */
export const SCAN_CHUNK = 2_000;
/** More values than this in one filter are scanned rather than merged (one leg per value). */
const MAX_MERGE_LEGS = 8;

export type ListPlan = { kind: 'index' } | { kind: 'merge'; field: 'status' | 'type'; values: string[] } | { kind: 'scan' };

const distinct = (values: readonly string[] | undefined): string[] => [...new Set(values ?? [])];

/** A scan's walk over one value's range of the status or type index instead of the whole org's. */
export interface NarrowWalk {
  index: 'jobs_org_status_created' | 'jobs_org_type_created';
  column: 'status' | 'type';
  value: string;
}

/**
 * The narrower walk for a scan in created order, when the filter names one status or one type (both
 * indexes are ordered by creation within a value); with both, the value with fewer jobs in the org
 * (`countOf`, from the counters).
 */
export function narrowWalk(filter: JobFilter, order: JobOrder, countOf: (column: 'status' | 'type', value: string) => number): NarrowWalk | undefined {
  if (order !== 'CREATED_DESC' && order !== 'CREATED_ASC') return undefined;
  const status = distinct(filter.status);
  const type = distinct(filter.type);
  const byStatus: NarrowWalk | undefined = status.length === 1 ? { index: 'jobs_org_status_created', column: 'status', value: status[0]! } : undefined;
  const byType: NarrowWalk | undefined = type.length === 1 ? { index: 'jobs_org_type_created', column: 'type', value: type[0]! } : undefined;
  if (!byStatus || !byType) return byStatus ?? byType;
  return countOf('type', byType.value) < countOf('status', byStatus.value) ? byType : byStatus;
}

export function planJobList(filter: JobFilter, order: JobOrder): ListPlan {
  // A small set read through its own index (ids by primary key; parent, schedule, retried job).
  if (filter.ids !== undefined || filter.parentId !== undefined || filter.scheduleId !== undefined || filter.retryOfId !== undefined) {
    return { kind: 'index' };
  }
  const status = distinct(filter.status);
  const type = distinct(filter.type);
  const created = order === 'CREATED_DESC' || order === 'CREATED_ASC';
  if (!created) {
    const filtered = status.length > 0 || type.length > 0 || filter.createdAfter !== undefined || filter.createdBefore !== undefined;
    return filtered ? { kind: 'scan' } : { kind: 'index' };
  }
  if (status.length > 0 && type.length > 0) return { kind: 'scan' };
  const [field, values] = status.length > 0 ? (['status', status] as const) : (['type', type] as const);
  if (values.length <= 1) return { kind: 'index' };
  return values.length <= MAX_MERGE_LEGS ? { kind: 'merge', field, values } : { kind: 'scan' };
}

/**
 * The statement and parameters that read up to `limit` jobs of a list planned `index` or `merge`:
 * whole rows, only their ids, or the columns of a projection (job-projection.ts).
 */
export function listStatement(
  orgId: string,
  filter: JobFilter,
  order: JobOrder,
  cursor: string | undefined,
  plan: ListPlan,
  limit: number,
  read: 'rows' | 'ids' | { columns: string } = 'rows',
): SqlPart {
  const { orderBy, after } = jobOrder(order, cursor);
  // A merge is in created order: its legs carry the key the outer ORDER BY sorts on. Rows are read
  // as JOB_COLUMNS, for a statement in raw mode (rows.ts: jobRowOf).
  const rowColumns = read === 'ids' ? 'id' : read === 'rows' ? JOB_COLUMNS : read.columns;
  const columns = read !== 'ids' ? (plan.kind === 'merge' ? '*' : rowColumns) : plan.kind === 'merge' ? 'id, created_at' : 'id';
  const leg = (legFilter: JobFilter): SqlPart => {
    const where = jobWhere(orgId, legFilter);
    return {
      sql: `SELECT ${columns} FROM jobs WHERE ${where.sql}${after ? ` AND ${after.sql}` : ''} ORDER BY ${orderBy} LIMIT ?`,
      params: [...where.params, ...(after?.params ?? []), limit],
    };
  };
  if (plan.kind !== 'merge') return leg(filter);
  const legs = plan.values.map((value) => leg({ ...filter, [plan.field]: [value] }));
  return {
    sql: `SELECT ${rowColumns} FROM (${legs.map((l) => `SELECT * FROM (${l.sql})`).join(' UNION ALL ')}) ORDER BY ${orderBy} LIMIT ?`,
    params: [...legs.flatMap((l) => l.params), limit],
  };
}

/** The index each order walks (migrations.ts): a scan names it, so the planner cannot pick another. */
const ORDER_INDEX: Record<JobOrder, string> = {
  CREATED_DESC: 'jobs_org_created',
  CREATED_ASC: 'jobs_org_created',
  PRIORITY_DESC: 'jobs_org_priority',
  FINISHED_DESC: 'jobs_org_finished',
};

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The ids of up to `want` jobs that pass `where` (and `test`, when given), in `order`, after the
 * cursor, read SCAN_CHUNK rows of the order's index per statement with the loop free between them;
 * an aborted `signal` ends the read early (what it returns is then not used).
 */
export async function scanJobIds(
  s: Statements,
  orgId: string,
  where: SqlPart,
  order: JobOrder,
  cursor: string | undefined,
  want: number,
  options: { test?: SqlPart; signal?: StopSignal | undefined; walk?: NarrowWalk | undefined } = {},
): Promise<string[]> {
  return (await scanJobChunks(s, orgId, where, order, cursor, want, options)).hits;
}

/**
 * scanJobIds for at most `chunks` chunks: the hits, and whether the answer is whole (`want` hits
 * found, every row read, or the caller gone).
 */
export async function scanJobChunks(
  s: Statements,
  orgId: string,
  where: SqlPart,
  order: JobOrder,
  cursor: string | undefined,
  want: number,
  options: { test?: SqlPart; signal?: StopSignal | undefined; chunks?: number; walk?: NarrowWalk | undefined } = {},
): Promise<{ hits: string[]; whole: boolean }> {
  const { orderBy, after } = jobOrder(order, cursor);
  const keys = jobOrderColumns(order);
  const keyList = keys.map((k, i) => `${k} AS k${i}`).join(', ');
  const { test, signal, chunks = Infinity, walk } = options;
  const index = walk?.index ?? ORDER_INDEX[order];
  // The walked range: the org's jobs, or those of one status or type.
  const scope = walk ? `org_id = ? AND ${walk.column} = ?` : 'org_id = ?';
  const scopeArgs = walk ? [orgId, walk.value] : [orgId];
  const hits: string[] = [];
  let from: SqlPart | undefined = after;
  for (let chunk = 1; ; chunk++) {
    const range = (extra: SqlPart | undefined) => [from, extra].filter((p): p is SqlPart => p !== undefined);
    const and = (parts: SqlPart[]) => parts.map((p) => ` AND ${p.sql}`).join('');
    const args = (parts: SqlPart[]) => parts.flatMap((p) => p.params);
    // The chunk's last row in the walked range, read on the walked index alone (bounded, whatever
    // the filter); then the chunk's matching rows only, on the same index (a status index
    // would read every job of that status per chunk), so JS sees the matches and nothing else.
    const last = s
      .get(`SELECT ${keyList} FROM jobs INDEXED BY ${index} WHERE ${scope}${and(range(undefined))} ORDER BY ${orderBy} LIMIT 1 OFFSET ${SCAN_CHUNK - 1}`)
      .get(...scopeArgs, ...args(range(undefined))) as Record<string, unknown> | undefined;
    const lastKey = last && keys.map((_, i) => last[`k${i}`]);
    const within = range(lastKey && upToKey(order, lastKey));
    const rows = s
      .get(`SELECT id FROM jobs INDEXED BY ${index} WHERE ${where.sql}${and(within)}${test ? ` AND ${test.sql}` : ''} ORDER BY ${orderBy} LIMIT ?`)
      // LIMIT -1: no limit (an exact count wants every match).
      .all(...where.params, ...args(within), ...(test?.params ?? []), Number.isFinite(want) ? want - hits.length : -1) as Array<{ id: string }>;
    hits.push(...rows.map((r) => r.id));
    // An abandoned operation's answer is not used: stop reading (no rejection, which nobody would await).
    if (hits.length >= want || !lastKey || signal?.aborted) return { hits, whole: true };
    if (chunk >= chunks) return { hits, whole: false };
    from = afterKey(order, lastKey);
    await yieldToLoop();
  }
}
