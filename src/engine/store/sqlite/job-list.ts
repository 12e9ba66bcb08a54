/**
 * Job lists without a search term, planned so that no statement walks more than a page or a chunk.
 *
 * The jobs table has an index over each org's jobs in priority order and in finish order, and
 * (org, status, created) and (org, type, created); created order over the whole org is the status
 * index's six ranges merged (no index of its own: one index write less per enqueue, migrations.ts
 * 18). SQLite reads a list on the order's index and tests the filter row by row unless an index's
 * equality prefix covers the filter; so a page of a rare status (the few QUEUED jobs among a million
 * finished ones, or the newest SUCCEEDED behind a backlog of a million QUEUED) read the whole org in
 * one statement, holding the event loop and every other request for seconds.
 *
 * - `index`: the answer is one index range (no filter in priority or finished order; one status or
 *   one type in created order; or a small set: ids, a parent, a schedule, a retried job): one statement.
 * - `merge`: in created order, several statuses, several types, or no status or type (every status):
 *   one leg per value on its own range, each at most a page of keys, merged by the order; only the
 *   page's rows are read.
 * - `scan`: anything else (a status or type in priority or finished order, status and type together,
 *   a creation range in another order) walks SCAN_CHUNK index entries per statement with the event
 *   loop free between chunks, and stops when the page is full or the caller has gone. In created
 *   order the walk is over the ranges of the status or type index (`scanWalks`): one status's or one
 *   type's own range (the smaller when both are given: a page of SUCCEEDED summaries walks the
 *   summaries, not a million queued jobs in front of them), else one range per status, walked side by
 *   side in the order's key.
 */
import type { StopSignal } from '../../domain/stop-signal.js';
import { JOB_STATUSES, type JobFilter, type JobOrder } from '../../domain/types.js';
import { JOB_ORDER_SPECS } from '../../domain/list-orders.js';
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

/**
 * The ranges a scan walks: the narrower range when there is one (narrowWalk); in created order
 * otherwise one range per status, the filter's or all of them; in another order the order's index
 * over the org (none listed).
 */
export function scanWalks(filter: JobFilter, order: JobOrder, countOf: (column: 'status' | 'type', value: string) => number): NarrowWalk[] {
  const narrow = narrowWalk(filter, order, countOf);
  if (narrow) return [narrow];
  if (order !== 'CREATED_DESC' && order !== 'CREATED_ASC') return [];
  const status = distinct(filter.status);
  return (status.length > 0 ? status : [...JOB_STATUSES]).map((value) => ({ index: 'jobs_org_status_created', column: 'status', value }));
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
  // No status or type: every status's range, merged.
  if (status.length === 0 && type.length === 0) return { kind: 'merge', field: 'status', values: [...JOB_STATUSES] };
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
  // Rows are read as JOB_COLUMNS, for a statement in raw mode (rows.ts: jobRowOf).
  const rowColumns = read === 'ids' ? 'id' : read === 'rows' ? JOB_COLUMNS : read.columns;
  // A merge's legs read only their index (the rowid and the created-order key the outer ORDER BY
  // sorts on); the page's rows are read once the merge has chosen them.
  const columns = plan.kind === 'merge' ? 'rowid AS r, created_at, id' : rowColumns;
  const leg = (legFilter: JobFilter): SqlPart => {
    const where = jobWhere(orgId, legFilter);
    return {
      sql: `SELECT ${columns} FROM jobs WHERE ${where.sql}${after ? ` AND ${after.sql}` : ''} ORDER BY ${orderBy} LIMIT ?`,
      params: [...where.params, ...(after?.params ?? []), limit],
    };
  };
  if (plan.kind !== 'merge') return leg(filter);
  const legs = mergeLegs(filter, plan).map(leg);
  // The legs' keys (at most a page each) sorted once: quicker than SQLite's MERGE, which sorts each leg.
  const merged = `SELECT r FROM (${legs.map((l) => `SELECT * FROM (${l.sql})`).join(' UNION ALL ')}) ORDER BY ${orderBy} LIMIT ?`;
  return {
    sql: `SELECT ${rowColumns} FROM jobs WHERE rowid IN (${merged}) ORDER BY ${orderBy}`,
    params: [...legs.flatMap((l) => l.params), limit],
  };
}

/** A merge's legs: the filter narrowed to each value of the merged field. */
const mergeLegs = (filter: JobFilter, plan: Extract<ListPlan, { kind: 'merge' }>): JobFilter[] =>
  plan.values.map((value) => ({ ...filter, [plan.field]: [value] }));

/**
 * How many jobs a list planned `index` or `merge` holds, up to `cap` when one is given (a merge
 * counts each leg on its own range: no range of one index holds them all).
 */
export function countStatement(orgId: string, filter: JobFilter, plan: ListPlan, limit?: number): SqlPart {
  const parts = (plan.kind === 'merge' ? mergeLegs(filter, plan) : [filter]).map((f) => jobWhere(orgId, f));
  const capped = limit !== undefined;
  const one = (where: SqlPart) => (capped ? `SELECT * FROM (SELECT 1 FROM jobs WHERE ${where.sql} LIMIT ?)` : `SELECT 1 FROM jobs WHERE ${where.sql}`);
  return {
    sql: `SELECT COUNT(*) AS n FROM (${parts.map(one).join(' UNION ALL ')}${capped ? ' LIMIT ?' : ''})`,
    params: [...parts.flatMap((w) => (capped ? [...w.params, limit] : w.params)), ...(capped ? [limit] : [])],
  };
}

/**
 * The index a scan walks over the whole org in each order (migrations.ts): a scan names it, so the
 * planner cannot pick another. Created order has none: it walks the status index's ranges (scanWalks).
 */
const ORDER_INDEX: Record<'PRIORITY_DESC' | 'FINISHED_DESC', string> = {
  PRIORITY_DESC: 'jobs_org_priority',
  FINISHED_DESC: 'jobs_org_finished',
};

/** The org-wide walks of a scan given none: every status's range in created order, else the order's index. */
function orgWalks(order: JobOrder): Array<NarrowWalk | undefined> {
  if (order === 'CREATED_DESC' || order === 'CREATED_ASC') return scanWalks({}, order, () => 0);
  return [undefined];
}

/** Whether order key `a` comes before `b` in `order` (ids compare as SQLite's BINARY collation does, for ASCII). */
function keyBefore(order: JobOrder, a: readonly unknown[], b: readonly unknown[]): boolean {
  const descending = JOB_ORDER_SPECS[order].direction === 'DESC';
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number | string;
    const y = b[i] as number | string;
    if (x === y) continue;
    return descending ? x > y : x < y;
  }
  return false;
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The ids of up to `want` jobs that pass `where` (and `test`, when given), in `order`, after the
 * cursor, read SCAN_CHUNK index entries per statement with the loop free between them; an aborted
 * `signal` ends the read early (what it returns is then not used).
 */
export async function scanJobIds(
  s: Statements,
  orgId: string,
  where: SqlPart,
  order: JobOrder,
  cursor: string | undefined,
  want: number,
  options: { test?: SqlPart; signal?: StopSignal | undefined; walks?: NarrowWalk[] | undefined } = {},
): Promise<string[]> {
  return (await scanJobChunks(s, orgId, where, order, cursor, want, options)).hits;
}

/**
 * scanJobIds for at most `chunks` chunks: the hits, and whether the answer is whole (`want` hits
 * found, every row read, or the caller gone).
 *
 * Several ranges (`walks`) are walked side by side over one span of the order's key per chunk: each
 * range's end after its share of the chunk is found, the span ends at the nearest of those ends (so
 * no range gives more than its share), and each range's matches in the span are merged by the key.
 */
export async function scanJobChunks(
  s: Statements,
  orgId: string,
  where: SqlPart,
  order: JobOrder,
  cursor: string | undefined,
  want: number,
  options: { test?: SqlPart; signal?: StopSignal | undefined; chunks?: number; walks?: NarrowWalk[] | undefined } = {},
): Promise<{ hits: string[]; whole: boolean }> {
  const { orderBy, after } = jobOrder(order, cursor);
  const keys = jobOrderColumns(order);
  const keyList = keys.map((k, i) => `${k} AS k${i}`).join(', ');
  const { test, signal, chunks = Infinity } = options;
  const walks = options.walks?.length ? options.walks : orgWalks(order);
  const share = Math.ceil(SCAN_CHUNK / walks.length);
  const keyOf = (row: Record<string, unknown>) => keys.map((_, i) => row[`k${i}`]);
  const hits: string[] = [];
  let from: SqlPart | undefined = after;
  for (let chunk = 1; ; chunk++) {
    const range = (extra: SqlPart | undefined) => [from, extra].filter((p): p is SqlPart => p !== undefined);
    const and = (parts: SqlPart[]) => parts.map((p) => ` AND ${p.sql}`).join('');
    const args = (parts: SqlPart[]) => parts.flatMap((p) => p.params);
    const on = (walk: NarrowWalk | undefined) => ({
      index: walk?.index ?? ORDER_INDEX[order as keyof typeof ORDER_INDEX],
      // The walked range: the org's jobs, or those of one status or type.
      scope: walk ? `org_id = ? AND ${walk.column} = ?` : 'org_id = ?',
      scopeArgs: walk ? [orgId, walk.value] : [orgId],
      value: walk && { sql: `${walk.column} = ?`, params: [walk.value] },
    });
    /** The rows left in a range, up to `max`. */
    const countUpTo = (walk: NarrowWalk | undefined, max: number) => {
      const { index, scope, scopeArgs } = on(walk);
      const sql = `SELECT COUNT(*) AS n FROM (SELECT 1 FROM jobs INDEXED BY ${index} WHERE ${scope}${and(range(undefined))} LIMIT ${max})`;
      return (s.get(sql).get(...scopeArgs, ...args(range(undefined))) as { n: number }).n;
    };
    // Each range's last row of its share, read on its index alone (bounded, whatever the filter);
    // the span ends at the nearest (none: every range ends within its share, the last chunk).
    const lastOf = (walk: NarrowWalk | undefined, nth: number) => {
      const { index, scope, scopeArgs } = on(walk);
      const last = s
        .get(`SELECT ${keyList} FROM jobs INDEXED BY ${index} WHERE ${scope}${and(range(undefined))} ORDER BY ${orderBy} LIMIT 1 OFFSET ${nth - 1}`)
        .get(...scopeArgs, ...args(range(undefined))) as Record<string, unknown> | undefined;
      return last && keyOf(last);
    };
    let ends = walks.map((walk) => ({ walk, last: lastOf(walk, share) }));
    const longer = ends.filter((e) => e.last !== undefined);
    if (walks.length > 1 && longer.length > 0 && longer.length < walks.length) {
      // Ranges that end within their share leave the rest of the chunk to the longer ones.
      const shorter = ends.filter((e) => e.last === undefined).reduce((n, e) => n + countUpTo(e.walk, share), 0);
      const more = Math.floor((SCAN_CHUNK - shorter) / longer.length);
      ends = longer.map((e) => ({ walk: e.walk, last: lastOf(e.walk, more) }));
    }
    let end: unknown[] | undefined;
    for (const { last } of ends) if (last && (end === undefined || keyBefore(order, last, end))) end = last;
    const within = range(end && upToKey(order, end));
    // Then the span's matching rows only, on the same index (a status index would read every job
    // of that status per chunk), so JS sees the matches and nothing else.
    const found: Array<{ id: string; key: unknown[] }> = [];
    for (const walk of walks) {
      const { index, value } = on(walk);
      const rows = s
        .get(`SELECT id, ${keyList} FROM jobs INDEXED BY ${index} WHERE ${where.sql}${and(value ? [value, ...within] : within)}${test ? ` AND ${test.sql}` : ''} ORDER BY ${orderBy} LIMIT ?`)
        // LIMIT -1: no limit (an exact count wants every match).
        .all(...where.params, ...args(value ? [value, ...within] : within), ...(test?.params ?? []), Number.isFinite(want) ? want - hits.length : -1) as Array<Record<string, unknown>>;
      for (const row of rows) found.push({ id: row.id as string, key: keyOf(row) });
    }
    if (walks.length > 1) found.sort((a, b) => (keyBefore(order, a.key, b.key) ? -1 : keyBefore(order, b.key, a.key) ? 1 : 0));
    for (const { id } of found.slice(0, Number.isFinite(want) ? want - hits.length : undefined)) hits.push(id);
    // An abandoned operation's answer is not used: stop reading (no rejection, which nobody would await).
    if (hits.length >= want || !end || signal?.aborted) return { hits, whole: true };
    if (chunk >= chunks) return { hits, whole: false };
    from = afterKey(order, end);
    await yieldToLoop();
  }
}
