/**
 * The jobs repository on MongoDB. Claims are job-claims.ts (per-job `findOneAndUpdate`s, orgs in
 * turn, slot documents for the limits), inserts job-inserts.ts. Leases live in `job_leases`
 * (leases.ts), so a heartbeat writes no job; recovery is lease-recovery.ts. Writes announce nothing
 * here: the change stream does (change-stream.ts).
 */
import type { ClientSession, Collection, Filter, Sort } from 'mongodb';
import type { AttemptReport, InsertAudit, JobListQuery, JobRepository } from '../port.js';
import type { StatusTypeCount } from '../../domain/queue-stats.js';
import type { ClaimRequest } from '../../domain/claim-sharing.js';
import type { Job, JobFilter, JobProgress, NewJob } from '../../domain/types.js';
import type { Page } from '../../domain/page.js';
import { docToJob, toDoc, type AuditDoc, type JobDoc, type JobLogDoc, type JobStepDoc, type JobWaitDoc, type KeptSignalDoc } from './documents.js';
import type { Slots } from './limits.js';
import type { JobLeases } from './leases.js';
import { LeaseRecovery } from './lease-recovery.js';
import { MongoJobClaims } from './job-claims.js';
import { insertJobDocs } from './job-inserts.js';
import { JobCounters, moveOf, type JobMove } from './job-counts.js';
import { FINISHED_FILTER, FINISHED_SORT, finishedParts, heldBy, jobAfter, jobFieldsProjection, jobFilterQuery, jobSort, OPEN_SORT, outcomeUpdate, resumeUpdate } from './queries.js';
import { jobCursor } from '../../domain/list-orders.js';
import { cappedCount, countedByCounters, type JobCount } from '../../domain/job-counts.js';

import { mongoMetricsTimes } from './metrics.js';
import type { MetricsJobTimes } from '../../domain/metrics.js';

/** What a delete reads of a job to count its removal. */
const COUNTED_FIELDS = { _id: 1, orgId: 1, type: 1, status: 1 } as const;

/** Runs `fn` in one transaction (retried by the driver on transient errors), with its session. */
export type Transact = <T>(fn: (session: ClientSession | undefined) => Promise<T>) => Promise<T>;

export interface MongoJobCollections {
  transact: Transact;
  jobs: Collection<JobDoc>;
  logs: Collection<JobLogDoc>;
  logCounters: Collection<{ _id: string; seq: number }>;
  slots: Slots;
  /** The leases heartbeats move (leases.ts), out of the job documents. */
  leases: JobLeases;
  /** Jobs per org, status and type (job-counts.ts), moved with every status change. */
  counts: JobCounters;
  /** Where an insert's audit entries go (written right after its jobs). */
  audit?: Collection<AuditDoc>;
  /** What a job's steps and waits are kept in (deleted with the job; a wait is checked when its job starts waiting). */
  steps?: Collection<JobStepDoc>;
  waits?: Collection<JobWaitDoc>;
  signals?: Collection<KeptSignalDoc>;
}

export class MongoJobRepository implements JobRepository {
  readonly #recovery: LeaseRecovery;
  readonly #claims: MongoJobClaims;

  constructor(private readonly c: MongoJobCollections) {
    this.#recovery = new LeaseRecovery(c.jobs, c.slots, c.leases, c.counts);
    this.#claims = new MongoJobClaims(c);
  }

  /**
   * The jobs in one transaction: every new job is stored, or none is, so a failed batch never
   * announces `created` and then `deleted`. The audit entries follow once the jobs are stored (a
   * crash in between loses the entry, not a job).
   */
  async insert(jobs: NewJob[], audit?: InsertAudit): Promise<Array<{ job: Job; created: boolean }>> {
    const results = await insertJobDocs(this.c, jobs);
    const entries = audit?.(results) ?? [];
    if (entries.length) {
      if (!this.c.audit) throw new Error('the jobs repository was opened without its audit collection');
      await this.c.audit.insertMany(entries.map((e) => toDoc(e) as AuditDoc));
    }
    return results;
  }

  async get(id: string, orgId: string): Promise<Job | undefined> {
    const doc = await this.c.jobs.findOne({ _id: id, orgId });
    return doc ? (await this.c.leases.withExpiry([doc])).map(docToJob)[0] : undefined;
  }

  async getMany(ids: readonly string[], orgId: string): Promise<Job[]> {
    if (ids.length === 0) return [];
    return (await this.c.leases.withExpiry(await this.c.jobs.find({ _id: { $in: [...ids] }, orgId }).toArray())).map(docToJob);
  }

  async list({ orgId, filter, orderBy, page, fields }: JobListQuery): Promise<Page<Job>> {
    const query = jobFilterQuery(orgId, filter);
    // Only the fields the caller reads, when it says which: a page of a few fields moves less.
    const projection = jobFieldsProjection(fields, orderBy);
    const find = (where: Filter<JobDoc>, sort: Sort, limit: number) =>
      this.c.jobs.find({ $and: [query, where] }, projection ? { projection } : {}).sort(sort).limit(limit).toArray();
    let docs: JobDoc[];
    if (orderBy === 'FINISHED_DESC') {
      // The finished jobs, then (when the page is not full) the unfinished ones.
      const parts = finishedParts(page.after);
      docs = parts.finished ? await find(parts.finished, FINISHED_SORT, page.first + 1) : [];
      if (docs.length <= page.first && parts.open) docs.push(...(await find(parts.open, OPEN_SORT, page.first + 1 - docs.length)));
    } else {
      docs = await find(page.after === undefined ? {} : jobAfter(orderBy, page.after), jobSort(orderBy), page.first + 1);
    }
    const read = docs.slice(0, page.first);
    const jobs = (projection ? read : await this.c.leases.withExpiry(read)).map(docToJob);
    return { items: jobs.map((node) => ({ node, cursor: jobCursor(orderBy, node) })), hasNextPage: docs.length > page.first };
  }

  count(orgId: string, filter: JobFilter): Promise<number> {
    return this.c.jobs.countDocuments(jobFilterQuery(orgId, filter));
  }

  /** From the counters when they answer the filter (status and type only); else index-backed up to the cap. */
  async countUpTo(orgId: string, filter: JobFilter, cap: number): Promise<JobCount> {
    if (countedByCounters(filter)) return { count: await this.c.counts.sum(orgId, filter.status, filter.type), exact: true };
    return cappedCount(await this.c.jobs.countDocuments(jobFilterQuery(orgId, filter), { limit: cap + 1 }), cap);
  }

  async findIds(orgId: string, filter: JobFilter, max: number): Promise<string[]> {
    const docs = await this.c.jobs
      .find(jobFilterQuery(orgId, filter), { projection: { _id: 1 } })
      .sort({ createdAt: 1, _id: 1 })
      .limit(max)
      .toArray();
    return docs.map((d) => d._id);
  }

  /** Orgs in turn, under the type and org limits (job-claims.ts). */
  claim(req: ClaimRequest): Promise<Job[]> {
    return this.#claims.claim(req);
  }

  async heartbeat(workerId: string, jobIds: string[], leaseExpiresAt: number) {
    if (jobIds.length === 0) return [];
    const held = { _id: { $in: jobIds }, status: 'RUNNING' as const, leaseOwner: workerId };
    const docs = await this.c.jobs.find(held, { projection: { _id: 1, cancelRequested: 1, slotHolder: 1, slotCount: 1 } }).toArray();
    // A job whose claim lost a slot is treated like one whose lease was lost: its lease is not
    // extended and the worker stops it, so a limit is never exceeded by a job running without its slot.
    const expected = new Map(docs.flatMap((d) => (d.slotHolder ? [[d.slotHolder, d.slotCount ?? 1] as const] : [])));
    const stillHeld = await this.c.slots.extend([...expected.keys()], leaseExpiresAt, (h) => expected.get(h) ?? 1);
    const keep = docs.filter((d) => !d.slotHolder || stillHeld.has(d.slotHolder));
    if (keep.length === 0) return [];
    // Only the lease rows move (leases.ts): nothing is written to the job documents, so a heartbeat
    // stores no change-stream image and is announced to no process. A row moves only while this
    // worker still holds it (a recovery that took it in between wins).
    const leased = await this.c.leases.extend(workerId, keep.map((d) => d._id), leaseExpiresAt);
    return keep.filter((d) => leased.has(d._id)).map((d) => ({ id: d._id, cancelRequested: d.cancelRequested }));
  }

  /**
   * One transaction, as the port says "one write": a batch that fails leaves every job as it was, so
   * the reports written again one by one (report-batcher.ts) do not find their jobs already moved
   * and take them for lost. Slots are freed in it, after their jobs have left RUNNING.
   */
  async finishAttempts(reports: AttemptReport[]): Promise<Job[]> {
    if (reports.length === 0) return [];
    const write = async (session: ClientSession | undefined) => {
      const jobs: Job[] = []; // made afresh on each try: the driver may run this again
      const moves: JobMove[] = [];
      for (const { jobId, workerId, outcome, now } of reports) {
        const doc = await this.c.jobs.findOneAndUpdate(heldBy(jobId, workerId), outcomeUpdate(outcome, now), {
          returnDocument: 'after',
          ...(session && { session }),
        });
        if (!doc) continue; // the lease was lost: another worker owns the job now
        if (doc.slotHolder) await this.c.slots.free([doc.slotHolder], session);
        await this.c.leases.remove(jobId, workerId, session);
        const final = (outcome.kind === 'waiting' && (await this.#resumeIfResolved(doc, outcome.waitId, now, session))) || doc;
        moves.push({ orgId: doc.orgId, type: doc.type, from: 'RUNNING', to: final.status });
        jobs.push(docToJob(final));
      }
      // Last, so a counter shared with other writers is held by this transaction for the shortest time.
      await this.c.counts.move(moves, session);
      return jobs;
    };
    // One report moves one job in one write; if freeing its slot then fails, the slot is swept once
    // its job has left RUNNING (limits.ts), and a lease row left behind is removed by recovery once
    // it expires (it no longer matches a RUNNING job). So only a batch needs the transaction's commit
    // round trip.
    return reports.length === 1 ? write(undefined) : this.c.transact(write);
  }

  /**
   * A job that has just become WAITING, checked against its wait: a signal that resolved it between
   * the handler's look and this write could not resume a job that was still RUNNING, so it is
   * resumed here (both sides write, then check: one of them sees the other).
   */
  async #resumeIfResolved(doc: JobDoc, waitId: string, now: number, session: ClientSession | undefined): Promise<JobDoc | undefined> {
    if (!this.c.waits) return undefined;
    const wait = await this.c.waits.findOne({ _id: waitId, resolvedAt: { $exists: true } }, { ...(session && { session }) });
    if (!wait) return undefined;
    const resumed = await this.c.jobs.findOneAndUpdate({ _id: doc._id, status: 'WAITING' }, resumeUpdate(now), {
      returnDocument: 'after',
      ...(session && { session }),
    });
    return resumed ?? undefined;
  }

  async saveProgress(jobId: string, workerId: string, progress: JobProgress): Promise<void> {
    await this.c.jobs.updateOne(heldBy(jobId, workerId), { $set: { progress, updatedAt: Date.now() } });
  }

  async saveCheckpoint(jobId: string, workerId: string, checkpoint: unknown): Promise<void> {
    await this.c.jobs.updateOne(heldBy(jobId, workerId), { $set: { checkpoint, updatedAt: Date.now() } });
  }

  /**
   * Cancels a QUEUED or WAITING job at once, or asks a RUNNING one to stop (no status change);
   * the job as written, or null when none of the three applied.
   */
  async #cancelOrAsk(id: string, orgId: string, now: number): Promise<JobDoc | null> {
    const cancelled = { status: 'CANCELLED' as const, cancelRequested: true, finishedAt: now, updatedAt: now };
    const queued = await this.c.jobs.findOneAndUpdate({ _id: id, orgId, status: 'QUEUED' }, { $set: cancelled }, { returnDocument: 'after' });
    if (queued) {
      await this.c.counts.move([{ orgId, type: queued.type, from: 'QUEUED', to: 'CANCELLED' }]);
      return queued;
    }
    const flagged = await this.c.jobs.findOneAndUpdate(
      { _id: id, orgId, status: 'RUNNING', cancelRequested: false },
      { $set: { cancelRequested: true, updatedAt: now } },
      { returnDocument: 'after' },
    );
    if (flagged) return flagged;
    // A waiting job holds no process: it is cancelled at once.
    const waiting = await this.c.jobs.findOneAndUpdate({ _id: id, orgId, status: 'WAITING' }, { $set: cancelled, $unset: { wakeAt: '' } }, { returnDocument: 'after' });
    if (waiting) await this.c.counts.move([{ orgId, type: waiting.type, from: 'WAITING', to: 'CANCELLED' }]);
    return waiting;
  }

  async requestCancel(id: string, orgId: string, now: number, attempt = 1): Promise<Job | undefined> {
    const doc = await this.#cancelOrAsk(id, orgId, now);
    if (doc) return docToJob(doc);
    const current = await this.get(id, orgId);
    // Between the updates the job may have gone RUNNING -> QUEUED (a retry): try again, so a
    // cancel is never silently lost. Finished, or already asked to cancel: nothing to change.
    const missed = current && (current.status === 'QUEUED' || current.status === 'WAITING' || (current.status === 'RUNNING' && !current.cancelRequested));
    return missed && attempt < 5 ? this.requestCancel(id, orgId, now, attempt + 1) : current;
  }

  /** One conditional write per job (a network round trip does not hold the event loop). */
  async requestCancelMany(ids: readonly string[], orgId: string, now: number): Promise<Job[]> {
    const changed: Job[] = [];
    for (const id of ids) {
      const doc = await this.#cancelOrAsk(id, orgId, now);
      if (doc) changed.push(docToJob(doc));
    }
    return changed;
  }

  recoverLeases(now: number, opts?: { allRunning?: boolean }): Promise<Job[]> {
    return this.#recovery.run(now, opts);
  }

  async deleteFinished(orgId: string, ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const found = await this.c.jobs.find({ _id: { $in: ids }, orgId, status: FINISHED_FILTER }, { projection: COUNTED_FIELDS }).toArray();
    return this.#delete(found);
  }

  async purgeFinished(before: number, max: number): Promise<number> {
    const found = await this.c.jobs
      .find({ finishedAt: { $lt: before } }, { projection: COUNTED_FIELDS })
      .sort({ finishedAt: 1 })
      .limit(max)
      .toArray();
    return (await this.#delete(found)).length;
  }

  /**
   * One delete per job, so each removal is counted by the process that made it (two processes
   * purging the same jobs must not both count them). A finished job never changes status, so the
   * status read is the one deleted.
   */
  async #delete(docs: Array<Pick<JobDoc, '_id' | 'orgId' | 'type' | 'status'>>): Promise<string[]> {
    const gone: typeof docs = [];
    for (const doc of docs) {
      if ((await this.c.jobs.deleteOne({ _id: doc._id, status: FINISHED_FILTER })).deletedCount === 1) gone.push(doc);
    }
    if (gone.length === 0) return [];
    await this.c.counts.move(gone.map((d) => moveOf(d, undefined)));
    const deleted = gone.map((d) => d._id);
    await this.c.logs.deleteMany({ jobId: { $in: deleted } });
    await this.c.logCounters.deleteMany({ _id: { $in: deleted } });
    await this.c.steps?.deleteMany({ jobId: { $in: deleted } });
    await this.c.waits?.deleteMany({ jobId: { $in: deleted } });
    await this.c.signals?.deleteMany({ jobId: { $in: deleted } });
    await this.c.leases.removeJobs(deleted);
    return deleted;
  }

  async metricsTimes(orgId: string, since: number, until: number): Promise<MetricsJobTimes[]> {
    return mongoMetricsTimes(this.c.jobs, orgId, since, until);
  }

  async queueCounts(orgId: string): Promise<{ counts: StatusTypeCount[]; oldestQueuedAt?: number }> {
    const [counts, oldest] = await Promise.all([
      this.c.counts.byStatusAndType(orgId),
      this.c.jobs.find({ orgId, status: 'QUEUED' }, { projection: { createdAt: 1 } }).sort({ createdAt: 1 }).limit(1).next(),
    ]);
    return oldest ? { counts, oldestQueuedAt: oldest.createdAt } : { counts };
  }

  async countByStatusAndType(): Promise<StatusTypeCount[]> {
    return this.c.counts.byStatusAndType();
  }

  async nextRunAt(now: number, types: string[]): Promise<number | undefined> {
    const next = await this.c.jobs
      .find({ status: 'QUEUED', runAt: { $gt: now }, type: { $in: types } }, { projection: { runAt: 1 } })
      .sort({ runAt: 1 })
      .limit(1)
      .next();
    return next?.runAt;
  }

  async children(orgId: string, parentId: string) {
    const docs = await this.c.jobs.find({ parentId, orgId }, { projection: { _id: 1, status: 1 } }).sort({ createdAt: 1 }).toArray();
    return docs.map((d) => ({ id: d._id, status: d.status }));
  }

  async resume(id: string, orgId: string, now: number): Promise<Job | undefined> {
    const doc = await this.c.jobs.findOneAndUpdate({ _id: id, orgId, status: 'WAITING' }, resumeUpdate(now), { returnDocument: 'after' });
    if (doc) await this.c.counts.move([{ orgId: doc.orgId, type: doc.type, from: 'WAITING', to: 'QUEUED' }]);
    return doc ? docToJob(doc) : undefined;
  }

  async wakeDue(now: number, max: number): Promise<Job[]> {
    const due = await this.c.jobs
      .find({ status: 'WAITING', wakeAt: { $lte: now } }, { projection: { _id: 1 } })
      .sort({ wakeAt: 1 })
      .limit(max)
      .toArray();
    const jobs: Job[] = [];
    for (const { _id } of due) {
      // Only while it still waits with a due time (a signal may have resumed it meanwhile).
      const doc = await this.c.jobs.findOneAndUpdate({ _id, status: 'WAITING', wakeAt: { $lte: now } }, resumeUpdate(now), { returnDocument: 'after' });
      if (doc) jobs.push(docToJob(doc));
    }
    await this.c.counts.move(jobs.map((j) => ({ orgId: j.orgId, type: j.type, from: 'WAITING', to: 'QUEUED' })));
    return jobs;
  }

  async nextWakeAt(types: string[]): Promise<number | undefined> {
    const next = await this.c.jobs
      .find({ status: 'WAITING', wakeAt: { $exists: true }, type: { $in: types } }, { projection: { wakeAt: 1 } })
      .sort({ wakeAt: 1 })
      .limit(1)
      .next();
    return next?.wakeAt;
  }
}
