/**
 * Lease recovery on MongoDB. Expired lease rows first (leases.ts): each row is taken (deleted as it
 * was read) before its job is re-queued, so a heartbeat racing the recovery finds no row and its
 * worker stops; a row that no longer matches its job's current claim is removed. Then, at most once
 * per MISSING_LEASE_CHECK_MS, RUNNING jobs whose first lease (kept in the job document) passed and
 * whose row is missing: their claim died before writing the row, or a recovery died between taking
 * the row and re-queueing the job.
 */
import type { Collection } from 'mongodb';
import type { Job } from '../../domain/types.js';
import { docToJob, type JobDoc } from './documents.js';
import { isLeaseOf, type JobLeases } from './leases.js';
import type { Slots } from './limits.js';
import type { JobCounters } from './job-counts.js';
import { recoveryUpdate } from './queries.js';

/**
 * How often one process looks for RUNNING jobs whose lease row is missing: each look reads every
 * RUNNING job whose first lease has passed, so it runs once a minute, not at every recovery pass.
 * Such a job is recovered at most this long after its first lease expired.
 */
export const MISSING_LEASE_CHECK_MS = 60_000;

/** What a recovery reads of a RUNNING job (its claim, and what decides the outcome). */
const RECOVERY_FIELDS = {
  _id: 1,
  status: 1,
  leaseOwner: 1,
  leaseExpiresAt: 1,
  startedAt: 1,
  attempt: 1,
  maxAttempts: 1,
  cancelRequested: 1,
  slotHolder: 1,
} as const;

export class LeaseRecovery {
  #missingCheckedAt = -Infinity;

  constructor(
    private readonly jobs: Collection<JobDoc>,
    private readonly slots: Slots,
    private readonly leases: JobLeases,
    private readonly counts: JobCounters,
  ) {}

  /** The jobs recovered; with `allRunning`, every RUNNING job (a store one process owns, at start). */
  async run(now: number, opts?: { allRunning?: boolean }): Promise<Job[]> {
    if (opts?.allRunning) return this.#recoverAll(await this.jobs.find({ status: 'RUNNING' }, { projection: RECOVERY_FIELDS }).toArray(), now);
    const recovered: Job[] = [];
    const rows = await this.leases.expired(now);
    const docs = await this.#running(rows.map((r) => r._id));
    for (const row of rows) {
      const doc = docs.get(row._id);
      if (!(await this.leases.take(row))) continue; // renewed or replaced since it was read
      if (!doc || !isLeaseOf(row, doc)) continue; // left by a claim that has ended: now removed
      const job = await this.#recover(doc, now);
      if (job) recovered.push(job);
    }
    if (now - this.#missingCheckedAt >= MISSING_LEASE_CHECK_MS) {
      this.#missingCheckedAt = now;
      recovered.push(...(await this.#recoverMissing(now)));
    }
    return recovered;
  }

  async #running(ids: string[]): Promise<Map<string, JobDoc>> {
    if (ids.length === 0) return new Map();
    const docs = await this.jobs.find({ _id: { $in: ids }, status: 'RUNNING' }, { projection: RECOVERY_FIELDS }).toArray();
    return new Map(docs.map((d) => [d._id, d]));
  }

  /** RUNNING jobs past their first lease with no row for their claim (the jobs' `leases` index). */
  async #recoverMissing(now: number): Promise<Job[]> {
    const due = await this.jobs.find({ status: 'RUNNING', leaseExpiresAt: { $lt: now } }, { projection: RECOVERY_FIELDS }).toArray();
    const rows = await this.leases.of(due.map((d) => d._id));
    const missing = due.filter((d) => {
      const row = rows.get(d._id);
      return !row || !isLeaseOf(row, d);
    });
    return this.#recoverAll(missing, now);
  }

  async #recoverAll(docs: JobDoc[], now: number): Promise<Job[]> {
    const recovered: Job[] = [];
    for (const doc of docs) {
      const job = await this.#recover(doc, now);
      if (!job) continue;
      await this.leases.remove(doc._id, doc.leaseOwner!);
      recovered.push(job);
    }
    return recovered;
  }

  /** Re-queues (or fails, or cancels) a RUNNING job, only if its claim is still the one read. */
  async #recover(doc: JobDoc, now: number): Promise<Job | undefined> {
    // The claim's owner and first expiry name it: a finish, or a later claim, since the read wins.
    const recovered = await this.jobs.findOneAndUpdate(
      { _id: doc._id, status: 'RUNNING', leaseOwner: doc.leaseOwner, leaseExpiresAt: doc.leaseExpiresAt },
      recoveryUpdate(doc, now),
      { returnDocument: 'after' },
    );
    if (!recovered) return undefined;
    await this.counts.move([{ orgId: recovered.orgId, type: recovered.type, from: 'RUNNING', to: recovered.status }]);
    if (doc.slotHolder) await this.slots.free([doc.slotHolder]);
    return docToJob(recovered);
  }
}
