/**
 * Job counters on MongoDB: `job_counts` holds the number of jobs per org, status and type, moved by
 * `$inc` with every write that adds, moves or removes a job, so list counts and queue stats read a
 * few counter documents instead of the jobs (domain/job-counts.ts says which filters they answer).
 *
 * Where the job write is already a transaction (a batch of new jobs, a batch of outcomes, a schedule
 * firing) the `$inc` is in it. Elsewhere (a claim, a single outcome, a cancel, a recovery, a resume,
 * a delete) the job's own write is one atomic document write and the `$inc` follows it: making each
 * one a transaction would cost a commit round trip and make every claim of an org and type conflict
 * on the same counter document. The drift this allows is exact: a process that dies (or whose `$inc`
 * fails) between a job's write and its counter write leaves that one move uncounted, so the counts
 * of two keys are off by one each, until the counters are rebuilt from the jobs (`recount`, which
 * runs at open when the database is upgraded to counters).
 */
import type { AnyBulkWriteOperation, ClientSession, Collection } from 'mongodb';
import type { StatusTypeCount } from '../../domain/queue-stats.js';
import type { JobDoc } from './documents.js';

export interface JobCountDoc {
  _id: string;
  orgId: string;
  status: string;
  type: string;
  n: number;
}

/** One job's move: `from` undefined for a new job, `to` undefined for a deleted one. */
export interface JobMove {
  orgId: string;
  type: string;
  from?: string;
  to?: string;
}

export const countKey = (orgId: string, status: string, type: string) => `${orgId}\u0000${status}\u0000${type}`;

/** The moves summed per (org, status, type), without the keys they leave unchanged. */
export function countDeltas(moves: Iterable<JobMove>): Array<Omit<JobCountDoc, '_id'> & { _id: string }> {
  const deltas = new Map<string, JobCountDoc>();
  const add = (orgId: string, status: string, type: string, n: number) => {
    const _id = countKey(orgId, status, type);
    const d = deltas.get(_id);
    if (d) d.n += n;
    else deltas.set(_id, { _id, orgId, status, type, n });
  };
  for (const m of moves) {
    if (m.from === m.to) continue;
    if (m.from !== undefined) add(m.orgId, m.from, m.type, -1);
    if (m.to !== undefined) add(m.orgId, m.to, m.type, 1);
  }
  return [...deltas.values()].filter((d) => d.n !== 0);
}

/** A job document's move to `to` (or its removal), from the document as it was. */
export const moveOf = (doc: Pick<JobDoc, 'orgId' | 'type' | 'status'>, to: string | undefined): JobMove => ({
  orgId: doc.orgId,
  type: doc.type,
  from: doc.status,
  ...(to !== undefined && { to }),
});

export class JobCounters {
  constructor(private readonly counts: Collection<JobCountDoc>) {}

  /** Applies the moves: one upserted `$inc` per key they change (in `session`'s transaction when given). */
  async move(moves: Iterable<JobMove>, session?: ClientSession): Promise<void> {
    const deltas = countDeltas(moves);
    if (deltas.length === 0) return;
    const ops: AnyBulkWriteOperation<JobCountDoc>[] = deltas.map(({ _id, orgId, status, type, n }) => ({
      updateOne: { filter: { _id }, update: { $inc: { n }, $setOnInsert: { orgId, status, type } }, upsert: true },
    }));
    await this.counts.bulkWrite(ops, { ordered: false, ...(session && { session }) });
  }

  /** The org's (or every org's) counts per status and type, without zeros, ordered by type then status. */
  async byStatusAndType(orgId?: string): Promise<StatusTypeCount[]> {
    const docs = await this.counts.find({ ...(orgId !== undefined && { orgId }), n: { $gt: 0 } }).toArray();
    const sums = new Map<string, StatusTypeCount>();
    for (const d of docs) {
      const key = `${d.type}\u0000${d.status}`;
      const c = sums.get(key) ?? { status: d.status as StatusTypeCount['status'], type: d.type, count: 0 };
      c.count += d.n;
      sums.set(key, c);
    }
    return [...sums.values()].sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : a.status < b.status ? -1 : a.status > b.status ? 1 : 0));
  }

  /** The org's jobs of these statuses and types (all when not given). */
  async sum(orgId: string, statuses?: readonly string[], types?: readonly string[]): Promise<number> {
    const docs = await this.counts
      .find({ orgId, ...(statuses?.length && { status: { $in: [...statuses] } }), ...(types?.length && { type: { $in: [...types] } }) })
      .toArray();
    return docs.reduce((n, d) => n + d.n, 0);
  }

  /**
   * Sets every counter from the jobs (and removes counters of keys with no job). Exact when no job
   * moves meanwhile (at upgrade, before workers start); a move during the rebuild can be counted
   * twice or not at all. Two processes rebuilding at once write the same values.
   */
  async recount(jobs: Collection<JobDoc>): Promise<void> {
    const groups = await jobs
      .aggregate<{ _id: { orgId: string; status: string; type: string }; n: number }>([
        { $group: { _id: { orgId: '$orgId', status: '$status', type: '$type' }, n: { $sum: 1 } } },
      ])
      .toArray();
    const counted = groups.map(({ _id: { orgId, status, type }, n }) => ({ _id: countKey(orgId, status, type), orgId, status, type, n }));
    if (counted.length) {
      await this.counts.bulkWrite(
        counted.map(({ _id, ...count }) => ({ updateOne: { filter: { _id }, update: { $set: count }, upsert: true } })),
        { ordered: false },
      );
    }
    await this.counts.deleteMany({ _id: { $nin: counted.map((c) => c._id) } });
  }
}
