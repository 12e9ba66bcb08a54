/**
 * Job leases on MongoDB, kept out of the job document. A heartbeat moves `expiresAt` every third of
 * a lease for every running job; written into `jobs` it would store a change-stream pre- and
 * post-image each time (images are per collection) and pass through every process's change stream.
 * `job_leases` has no images and is not watched, so a heartbeat is a quiet write.
 *
 * A row is one claim's lease: `_id` is the job, `owner` and `claimedAt` name the claim (the job
 * document's `leaseOwner` and `startedAt`), so a row left by an earlier claim of the same job is
 * never taken for the current one. The job document keeps its claim's `leaseOwner` and
 * `leaseExpiresAt` (both change only at claim and finish, which are announced anyway): that first
 * expiry is what recovers a RUNNING job whose row is missing (a claim that died between the job's
 * update and the row's write, or a recovery that died between taking the row and re-queueing).
 */
import type { ClientSession, Collection } from 'mongodb';
import type { JobDoc } from './documents.js';

export interface JobLeaseDoc {
  _id: string;
  orgId: string;
  owner: string;
  /** The claim's time (the job's `startedAt`). */
  claimedAt: number;
  expiresAt: number;
}

/** Whether `row` is the lease of the claim the job document holds now. */
export function isLeaseOf(row: Pick<JobLeaseDoc, 'owner' | 'claimedAt'>, doc: Pick<JobDoc, 'leaseOwner' | 'startedAt'>): boolean {
  return row.owner === doc.leaseOwner && row.claimedAt === doc.startedAt;
}

export class JobLeases {
  constructor(private readonly rows: Collection<JobLeaseDoc>) {}

  /** One row per claimed job, replacing any row an earlier claim of it left behind. */
  async write(rows: JobLeaseDoc[]): Promise<void> {
    if (rows.length === 0) return;
    await this.rows.bulkWrite(
      rows.map(({ _id, ...lease }) => ({ updateOne: { filter: { _id }, update: { $set: lease }, upsert: true } })),
      { ordered: false },
    );
  }

  /**
   * The documents, with each RUNNING job's lease expiry as its row has it (a heartbeat moves only
   * the row). One read, and only when a job is RUNNING.
   */
  async withExpiry(docs: JobDoc[]): Promise<JobDoc[]> {
    const running = docs.filter((d) => d.status === 'RUNNING');
    if (running.length === 0) return docs;
    const rows = await this.of(running.map((d) => d._id));
    for (const doc of running) {
      const row = rows.get(doc._id);
      if (row && isLeaseOf(row, doc)) doc.leaseExpiresAt = row.expiresAt;
    }
    return docs;
  }

  /** Moves the leases `owner` still holds to `expiresAt`; returns the jobs whose lease it still holds. */
  async extend(owner: string, jobIds: string[], expiresAt: number): Promise<Set<string>> {
    if (jobIds.length === 0) return new Set();
    await this.rows.updateMany({ _id: { $in: jobIds }, owner }, { $set: { expiresAt } });
    // Read back: a recovery that took a row between the job's read and this write wins.
    const held = await this.rows.find({ _id: { $in: jobIds }, owner }, { projection: { _id: 1 } }).toArray();
    return new Set(held.map((r) => r._id));
  }

  /** Removes the lease `owner` held on a job that has left RUNNING. */
  async remove(jobId: string, owner: string, session?: ClientSession): Promise<void> {
    await this.rows.deleteOne({ _id: jobId, owner }, session ? { session } : {});
  }

  /** Removes whatever rows deleted jobs left. */
  async removeJobs(jobIds: string[]): Promise<void> {
    if (jobIds.length) await this.rows.deleteMany({ _id: { $in: jobIds } });
  }

  /** Rows whose time passed, oldest first (the `expires` index). */
  expired(now: number): Promise<JobLeaseDoc[]> {
    return this.rows.find({ expiresAt: { $lt: now } }).sort({ expiresAt: 1 }).toArray();
  }

  /** The rows of these jobs, by job. */
  async of(jobIds: string[]): Promise<Map<string, JobLeaseDoc>> {
    if (jobIds.length === 0) return new Map();
    const rows = await this.rows.find({ _id: { $in: jobIds } }).toArray();
    return new Map(rows.map((r) => [r._id, r]));
  }

  /**
   * Takes a row as read (deletes it only if nobody renewed or replaced it since): true when this
   * caller took it, so a heartbeat racing the recovery finds no row and its worker stops.
   */
  async take(row: JobLeaseDoc): Promise<boolean> {
    const result = await this.rows.deleteOne({ _id: row._id, owner: row.owner, claimedAt: row.claimedAt, expiresAt: row.expiresAt });
    return result.deletedCount === 1;
  }
}
