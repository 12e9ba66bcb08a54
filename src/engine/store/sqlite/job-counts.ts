/**
 * job_counts (jobs per org, status and type) kept by the jobs repository in the same transaction as
 * every write that adds, moves or removes a job, instead of triggers: on the jobs table any row
 * trigger turns off SQLite's one-pass write (measured: an insert 10 -> 46 µs, a status change 5.5 ->
 * 25 µs, even for a trigger that does nothing). A write's moves are summed per key first, so a batch
 * of 1,000 inserts or outcomes costs one upsert per (org, status, type) it touched.
 */
import type { JobFilter } from '../../domain/types.js';
import type { Statements } from './statements.js';

/** One job's move: `from` undefined for an insert, `to` undefined for a delete. */
export interface JobMove {
  orgId: string;
  type: string;
  from?: string;
  to?: string;
}

const ADD = `INSERT INTO job_counts (org_id, status, type, n) VALUES (?, ?, ?, ?)
  ON CONFLICT (org_id, status, type) DO UPDATE SET n = n + excluded.n`;

/** Moves per connection so far: a sum read before the last move may be stale (see countsVersion). */
const versions = new WeakMap<Statements, number>();

/** Changes whenever counters may have moved on this connection (a cache of sums is good until then). */
export const countsVersion = (s: Statements): number => versions.get(s) ?? 0;

/** Applies the moves (inside the caller's transaction). */
export function countMoves(s: Statements, moves: Iterable<JobMove>): void {
  versions.set(s, countsVersion(s) + 1);
  const deltas = new Map<string, Delta>();
  const delta = (orgId: string, status: string, type: string): Delta => {
    // Unique without JSON: the org is length-prefixed and a status holds no space.
    const key = `${orgId.length}:${orgId}${status} ${type}`;
    let d = deltas.get(key);
    if (!d) deltas.set(key, (d = { orgId, status, type, n: 0 }));
    return d;
  };
  // A batch's moves mostly share their org, type and statuses (a claim, a drain's outcomes): the
  // last delta on each side is tried first, which skips building the key and the map lookup.
  let lastFrom: Delta | undefined;
  let lastTo: Delta | undefined;
  const same = (d: Delta | undefined, m: JobMove, status: string): d is Delta =>
    d !== undefined && d.status === status && d.orgId === m.orgId && d.type === m.type;
  for (const m of moves) {
    if (m.from === m.to) continue;
    if (m.from !== undefined) {
      if (!same(lastFrom, m, m.from)) lastFrom = delta(m.orgId, m.from, m.type);
      lastFrom.n -= 1;
    }
    if (m.to !== undefined) {
      if (!same(lastTo, m, m.to)) lastTo = delta(m.orgId, m.to, m.type);
      lastTo.n += 1;
    }
  }
  for (const d of deltas.values()) if (d.n !== 0) s.get(ADD).run(d.orgId, d.status, d.type, d.n);
}

interface Delta {
  orgId: string;
  status: string;
  type: string;
  n: number;
}

const SUM = `SELECT COALESCE(SUM(n), 0) AS n FROM job_counts WHERE org_id = ?
  AND (? IS NULL OR status IN (SELECT value FROM json_each(?))) AND (? IS NULL OR type IN (SELECT value FROM json_each(?)))`;

/** Distinct filters whose sums are kept at once (a caller cycling through filters only misses). */
const MAX_KEPT_SUMS = 1_000;

/**
 * The counters summed for a filter on status and type, kept until the counters next move on this
 * connection (countsVersion): while nothing moves, a list page's totalCount and the sizes a narrow
 * walk compares cost no statement. A sum read inside a transaction is not kept: it may roll back.
 */
export class CounterSums {
  readonly #sums = new Map<string, number>();
  #version = -1;

  constructor(private readonly s: Statements) {}

  of(orgId: string, filter: Pick<JobFilter, 'status' | 'type'>): number {
    // An empty list filters nothing, as in jobWhere.
    const status = filter.status?.length ? JSON.stringify(filter.status) : null;
    const type = filter.type?.length ? JSON.stringify(filter.type) : null;
    const version = countsVersion(this.s);
    if (version !== this.#version) {
      this.#sums.clear();
      this.#version = version;
    }
    const key = `${orgId.length}:${orgId}${status ?? ''}\u0000${type ?? ''}`;
    let n = this.#sums.get(key);
    if (n === undefined) {
      n = (this.s.get(SUM).get(orgId, status, status, type, type) as { n: number }).n;
      if (!this.s.db.inTransaction && this.#sums.size < MAX_KEPT_SUMS) this.#sums.set(key, n);
    }
    return n;
  }
}
