/**
 * Job lists without a search term, planned so that no statement walks more than a page or a chunk.
 *
 * The jobs table has an index over each org's jobs in priority order, one over its finished jobs in
 * finish order, and (org, status, created) and (org, type, created). Neither created order nor the
 * unfinished jobs have an index of their own (each would be written by every enqueue: migrations.ts
 * 18 and 19): created order over the org is the status index's six ranges merged, and the unfinished
 * end of the finish order its QUEUED, RUNNING and WAITING ranges. SQLite reads a list on the order's
 * index and tests the filter row by row unless an index's equality prefix covers the filter; so a
 * page of a rare status (the few QUEUED jobs among a million finished ones, or the newest SUCCEEDED
 * behind a backlog of a million QUEUED) read the whole org in one statement, holding the event loop
 * and every other request for seconds.
 *
 * - `index`: the answer is one index range (one status or one type in created order; or a small
 *   set: ids, a parent, a schedule, a retried job): one statement.
 * - `merge`: in created order, several statuses, several types, or no status or type (every status):
 *   one leg per value on its own range, each at most a page of keys, merged by the order; only the
 *   page's rows are read.
 * - `ranges`: finish order with no filter: its ranges walked side by side (below); every row matches,
 *   so the first chunk fills the page.
 * - `scan`: anything else (priority order, a status or type in finish order, status and type together,
 *   a creation range in another order) walks SCAN_CHUNK index entries per statement with the event
 *   loop free between chunks, and stops when the page is full or the caller has gone. The walk is
 *   over the ranges the filter allows (`scanWalks`), side by side in the order's key: in created
 *   order one status's or one type's own range (the smaller when both are given: a page of SUCCEEDED
 *   summaries walks the summaries, not a million queued jobs in front of them), else one range per
 *   status; in finish order the finished jobs' range and those of the unfinished statuses.
 */
import type { StopSignal } from '../../domain/stop-signal.js';
import { FINISHED_STATUSES, JOB_STATUSES, type JobFilter, type JobOrder, type JobStatus } from '../../domain/types.js';
import { decodeJobCursor, JOB_ORDER_SPECS } from '../../domain/list-orders.js';
import { afterKey, jobOrder, jobOrderColumns, jobWhere, orderByTerms, upToKey, type KeyTerms } from './job-query.js';
import type { SqlPart } from './sql.js';
import { JOB_COLUMNS } from './rows.js';
import type { Statements } from './statements.js';

/** Rows walked per statement of a scan: a few milliseconds of work. */
export const SCAN_CHUNK = 2_000;
/** More values than this in one filter are scanned rather than merged (one leg per value). */
const MAX_MERGE_LEGS = 8;

export type ListPlan =
  | { kind: 'index' }
  | { kind: 'merge'; field: 'status' | 'type'; values: string[] }
  // The order's ranges side by side with no filter: the first chunk fills the page.
  | { kind: 'ranges' }
  | { kind: 'scan' };

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

/** One range of an index that a scan walks, in the order's key. */
export interface Walk {
  index: string;
  /** What selects the range on the index after its org (a status or a type; the finished jobs). */
  scope?: SqlPart;
  /** The order's key as the range holds it (job-query.ts KeyTerms); the order's columns when absent. */
  terms?: KeyTerms;
  /** What a row of the range must also be to belong to the walk, which its index does not hold. */
  test?: SqlPart;
}

const rangeOf = (walk: NarrowWalk): Walk => ({ index: walk.index, scope: { sql: `${walk.column} = ?`, params: [walk.value] } });

/** The finish order's finished jobs, on their own index (finish time, then id). */
const FINISHED_RANGE: Walk = { index: 'jobs_org_finished', scope: { sql: 'finished_at IS NOT NULL', params: [] }, terms: ['finished_key', 0, 'id'] };
/**
 * A status's range where the order's first term is 0 and the rest is creation (time, then id): the
 * finish order's unfinished statuses, and the priority order's zero band.
 */
const zeroLedRange = (status: string): Walk => ({ ...rangeOf({ index: 'jobs_org_status_created', column: 'status', value: status }), terms: [0, 'created_at', 'id'] });
/** The priority order's jobs of non-zero priority, the only ones its index holds (migrations.ts 20). */
const NONZERO_PRIORITY_RANGE: Walk = { index: 'jobs_org_priority', scope: { sql: 'priority <> 0', params: [] } };

/**
 * The ranges a scan walks: the narrower range when there is one (narrowWalk); in created order
 * otherwise one range per status, the filter's or all of them; in finish order the finished jobs and
 * each unfinished status the filter allows; in priority order the order's index over the org.
 */
export function scanWalks(filter: JobFilter, order: JobOrder, countOf: (column: 'status' | 'type', value: string) => number): Walk[] {
  const narrow = narrowWalk(filter, order, countOf);
  if (narrow) return [rangeOf(narrow)];
  const given = distinct(filter.status);
  const status = given.length > 0 ? given : [...JOB_STATUSES];
  if (order === 'CREATED_DESC' || order === 'CREATED_ASC') return status.map((value) => rangeOf({ index: 'jobs_org_status_created', column: 'status', value }));
  if (order === 'FINISHED_DESC') {
    const finished = status.some((s) => FINISHED_STATUSES.includes(s as JobStatus));
    return [...(finished ? [FINISHED_RANGE] : []), ...status.filter((s) => !FINISHED_STATUSES.includes(s as JobStatus)).map(zeroLedRange)];
  }
  // Priority order: the jobs of non-zero priority on their own index, and the zero band (most jobs)
  // in created order from the status index's ranges, each row tested for priority 0.
  const zero = (value: string): Walk => ({ ...zeroLedRange(value), test: { sql: 'priority = 0', params: [] } });
  return [NONZERO_PRIORITY_RANGE, ...status.map(zero)];
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
    // Neither priority nor finish order has one index over the org (their indexes leave out the
    // jobs of priority 0 and the unfinished ones): their ranges side by side. Priority order tests
    // each row of its zero band (an org of non-zero priorities makes that a walk): a scan.
    return filtered || order === 'PRIORITY_DESC' ? { kind: 'scan' } : { kind: 'ranges' };
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
  plan: Extract<ListPlan, { kind: 'index' | 'merge' }>,
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
export function countStatement(orgId: string, filter: JobFilter, plan: Extract<ListPlan, { kind: 'index' | 'merge' }>, limit?: number): SqlPart {
  const parts = (plan.kind === 'merge' ? mergeLegs(filter, plan) : [filter]).map((f) => jobWhere(orgId, f));
  const capped = limit !== undefined;
  const one = (where: SqlPart) => (capped ? `SELECT * FROM (SELECT 1 FROM jobs WHERE ${where.sql} LIMIT ?)` : `SELECT 1 FROM jobs WHERE ${where.sql}`);
  return {
    sql: `SELECT COUNT(*) AS n FROM (${parts.map(one).join(' UNION ALL ')}${capped ? ' LIMIT ?' : ''})`,
    params: [...parts.flatMap((w) => (capped ? [...w.params, limit] : w.params)), ...(capped ? [limit] : [])],
  };
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
  options: { test?: SqlPart; signal?: StopSignal | undefined; walks?: Walk[] | undefined } = {},
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
  options: { test?: SqlPart; signal?: StopSignal | undefined; chunks?: number; walks?: Walk[] | undefined } = {},
): Promise<{ hits: string[]; whole: boolean }> {
  const { test, signal, chunks = Infinity } = options;
  const walks = (options.walks?.length ? options.walks : scanWalks({}, order, () => 0)).map((walk) => {
    const terms = walk.terms ?? jobOrderColumns(order);
    return {
      ...walk,
      terms,
      orderBy: orderByTerms(order, terms),
      keyList: terms.map((t, i) => `${t} AS k${i}`).join(', '),
      // The walked range: the org's jobs, or those of one status or type, or the finished ones.
      range: { sql: `org_id = ?${walk.scope ? ` AND ${walk.scope.sql}` : ''}`, params: [orgId, ...(walk.scope?.params ?? [])] },
    };
  });
  type Ranged = (typeof walks)[number];
  const share = Math.ceil(SCAN_CHUNK / walks.length);
  const keyOf = (row: Record<string, unknown>) => walks[0]!.terms.map((_, i) => row[`k${i}`]);
  const hits: string[] = [];
  /** Where the span starts: after this key (the cursor's, then each chunk's end). */
  let from: readonly unknown[] | undefined = cursor === undefined ? undefined : decodeJobCursor(order, cursor);
  const and = (parts: SqlPart[]) => parts.map((p) => ` AND ${p.sql}`).join('');
  const args = (parts: SqlPart[]) => parts.flatMap((p) => p.params);
  for (let chunk = 1; ; chunk++) {
    const after = (walk: Ranged) => (from ? [afterKey(order, from, walk.terms)] : []);
    /** The rows left in a range, up to `max`. */
    const countUpTo = (walk: Ranged, max: number) => {
      const parts = [walk.range, ...after(walk)];
      const sql = `SELECT COUNT(*) AS n FROM (SELECT 1 FROM jobs INDEXED BY ${walk.index} WHERE ${parts.map((p) => p.sql).join(' AND ')} LIMIT ${max})`;
      return (s.get(sql).get(...args(parts)) as { n: number }).n;
    };
    // Each range's last row of its share, read on its index alone (bounded, whatever the filter);
    // the span ends at the nearest (none: every range ends within its share, the last chunk).
    const lastOf = (walk: Ranged, nth: number) => {
      const parts = [walk.range, ...after(walk)];
      const last = s
        .get(`SELECT ${walk.keyList} FROM jobs INDEXED BY ${walk.index} WHERE ${parts.map((p) => p.sql).join(' AND ')} ORDER BY ${walk.orderBy} LIMIT 1 OFFSET ${nth - 1}`)
        .get(...args(parts)) as Record<string, unknown> | undefined;
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
    // Then the span's matching rows only, on the same index (a status index would read every job
    // of that status per chunk), so JS sees the matches and nothing else.
    const found: Array<{ id: string; key: unknown[] }> = [];
    for (const walk of walks) {
      const within = [...(walk.scope ? [walk.scope] : []), ...(walk.test ? [walk.test] : []), ...after(walk), ...(end ? [upToKey(order, end, walk.terms)] : [])];
      const rows = s
        .get(`SELECT id, ${walk.keyList} FROM jobs INDEXED BY ${walk.index} WHERE ${where.sql}${and(within)}${test ? ` AND ${test.sql}` : ''} ORDER BY ${walk.orderBy} LIMIT ?`)
        // LIMIT -1: no limit (an exact count wants every match).
        .all(...where.params, ...args(within), ...(test?.params ?? []), Number.isFinite(want) ? want - hits.length : -1) as Array<Record<string, unknown>>;
      for (const row of rows) found.push({ id: row.id as string, key: keyOf(row) });
    }
    if (walks.length > 1) found.sort((a, b) => (keyBefore(order, a.key, b.key) ? -1 : keyBefore(order, b.key, a.key) ? 1 : 0));
    for (const { id } of found.slice(0, Number.isFinite(want) ? want - hits.length : undefined)) hits.push(id);
    // An abandoned operation's answer is not used: stop reading (no rejection, which nobody would await).
    if (hits.length >= want || !end || signal?.aborted) return { hits, whole: true };
    if (chunk >= chunks) return { hits, whole: false };
    from = end;
    await yieldToLoop();
  }
}
