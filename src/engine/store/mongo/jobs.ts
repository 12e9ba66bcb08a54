/**
 * The jobs repository on MongoDB. Claims are per-job `findOneAndUpdate`s (index-backed, highest
 * priority then earliest runAt); concurrency limits take slot documents first (limits.ts), so they
 * hold across processes. Writes announce nothing here: the change stream does (change-stream.ts).
 */
import { MongoBulkWriteError, type Collection } from 'mongodb';
import type { AttemptReport, InsertAudit, JobListQuery, JobRepository } from '../port.js';
import type { StatusTypeCount } from '../../domain/queue-stats.js';
import type { ClaimRequest } from '../../domain/claim-sharing.js';
import type { Job, JobFilter, JobProgress, NewJob } from '../../domain/types.js';
import type { Page } from '../../domain/page.js';
import { docToJob, newJobDoc, toDoc, type AuditDoc, type JobDoc, type JobLogDoc } from './documents.js';
import { orgSlotKey, slotHolder, Slots, typeSlotKey } from './limits.js';
import { CLAIM_SORT, claimFilter, claimUpdate, FINISHED_FILTER, heldBy, jobAfter, jobFilterQuery, jobSort, outcomeUpdate, recoveryUpdate } from './queries.js';
import { jobCursor } from '../../domain/list-orders.js';

import { statusTypeCountsPipeline, mongoMetricsTimes } from './metrics.js';
import type { MetricsJobTimes } from '../../domain/metrics.js';
import { ClaimSharing, claimIsLimited } from '../../domain/claim-sharing.js';

const DUPLICATE_KEY = 11000;

export interface MongoJobCollections {
  jobs: Collection<JobDoc>;
  logs: Collection<JobLogDoc>;
  logCounters: Collection<{ _id: string; seq: number }>;
  slots: Slots;
  /** Where an insert's audit entries go (written right after its jobs). */
  audit?: Collection<AuditDoc>;
}

export class MongoJobRepository implements JobRepository {
  constructor(private readonly c: MongoJobCollections) {}

  async insert(jobs: NewJob[], audit?: InsertAudit): Promise<Array<{ job: Job; created: boolean }>> {
    const results = await this.#insertJobs(jobs);
    // No multi-document transaction here: each job is atomic, the batch is taken back on a failure
    // other than a duplicate key, and the audit entries follow once the jobs are stored.
    const entries = audit?.(results) ?? [];
    if (entries.length) {
      if (!this.c.audit) throw new Error('the jobs repository was opened without its audit collection');
      await this.c.audit.insertMany(entries.map((e) => toDoc(e) as AuditDoc));
    }
    return results;
  }

  async #insertJobs(jobs: NewJob[]): Promise<Array<{ job: Job; created: boolean }>> {
    if (jobs.length === 0) return [];
    const docs = jobs.map(newJobDoc);
    const failed = new Map<number, unknown>();
    try {
      // One round trip; unordered, so a duplicate key does not stop the jobs after it.
      await this.c.jobs.insertMany(docs, { ordered: false });
    } catch (error) {
      if (!(error instanceof MongoBulkWriteError)) throw error;
      const writeErrors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
      for (const e of writeErrors) failed.set(e.index, e);
    }
    const notDuplicates = [...failed.values()].filter((e) => (e as { code?: number }).code !== DUPLICATE_KEY);
    if (notDuplicates.length) {
      // Nothing half-written: take back what this call did store, then report.
      const stored = docs.filter((_, index) => !failed.has(index)).map((d) => d._id);
      if (stored.length) await this.c.jobs.deleteMany({ _id: { $in: stored } });
      throw new Error(`storing jobs failed: ${JSON.stringify(notDuplicates[0])}`);
    }
    const results: Array<{ job: Job; created: boolean }> = [];
    for (const [index, doc] of docs.entries()) {
      const writeError = failed.get(index) as { code?: number } | undefined;
      if (!writeError) {
        results.push({ job: docToJob(doc), created: true });
        continue;
      }
      // The unique idempotency index decided: return the job that holds the key.
      const key = jobs[index]!.idempotencyKey;
      const existing = writeError.code === DUPLICATE_KEY && key !== undefined ? await this.c.jobs.findOne({ orgId: doc.orgId, idempotencyKey: key }) : null;
      if (!existing) throw new Error(`storing job ${doc._id} failed: ${JSON.stringify(writeError)}`);
      results.push({ job: docToJob(existing), created: false });
    }
    return results;
  }

  async get(id: string, orgId: string): Promise<Job | undefined> {
    const doc = await this.c.jobs.findOne({ _id: id, orgId });
    return doc ? docToJob(doc) : undefined;
  }

  async getMany(ids: readonly string[], orgId: string): Promise<Job[]> {
    if (ids.length === 0) return [];
    return (await this.c.jobs.find({ _id: { $in: [...ids] }, orgId }).toArray()).map(docToJob);
  }

  async list({ orgId, filter, orderBy, page }: JobListQuery): Promise<Page<Job>> {
    const query = jobFilterQuery(orgId, filter);
    const full = page.after === undefined ? query : { $and: [query, jobAfter(orderBy, page.after)] };
    const docs = await this.c.jobs.find(full).sort(jobSort(orderBy)).limit(page.first + 1).toArray();
    const jobs = docs.slice(0, page.first).map(docToJob);
    return { items: jobs.map((node) => ({ node, cursor: jobCursor(orderBy, node) })), hasNextPage: docs.length > page.first };
  }

  count(orgId: string, filter: JobFilter): Promise<number> {
    return this.c.jobs.countDocuments(jobFilterQuery(orgId, filter));
  }

  async findIds(orgId: string, filter: JobFilter, max: number): Promise<string[]> {
    const docs = await this.c.jobs
      .find(jobFilterQuery(orgId, filter), { projection: { _id: 1 } })
      .sort({ createdAt: 1, _id: 1 })
      .limit(max)
      .toArray();
    return docs.map((d) => d._id);
  }

  async claim(req: ClaimRequest): Promise<Job[]> {
    if (req.limit <= 0 || req.types.length === 0) return [];
    return claimIsLimited(req) ? this.#claimLimited(req) : this.#claimFree(req);
  }

  async #claimFree(req: ClaimRequest): Promise<Job[]> {
    const claimed: Job[] = [];
    while (claimed.length < req.limit) {
      const doc = await this.c.jobs.findOneAndUpdate(claimFilter(req, req.types, []), claimUpdate(req), {
        sort: CLAIM_SORT,
        returnDocument: 'after',
      });
      if (!doc) break;
      claimed.push(docToJob(doc));
    }
    return claimed;
  }

  /** Looks at candidates first, takes their type and org slots, then the job itself. */
  async #claimLimited(req: ClaimRequest): Promise<Job[]> {
    const sharing = new ClaimSharing(req);
    const claimed: Job[] = [];
    for (let round = sharing.nextRound(); round; round = sharing.nextRound()) {
      const candidates = await this.c.jobs
        .find(claimFilter(req, round.types, round.fullOrgs), { projection: { _id: 1, type: 1, orgId: 1 } })
        .sort(CLAIM_SORT)
        .limit(round.fetch)
        .toArray();
      for (const candidate of candidates) {
        if (sharing.complete) break;
        if (!sharing.admits(candidate)) continue;
        const job = await this.#claimCandidate(req, candidate, sharing);
        if (!job) continue;
        claimed.push(job);
        sharing.took(candidate);
      }
      sharing.endRound(round, candidates.length);
    }
    return claimed;
  }

  /** Takes the candidate's type and org slots, then the job itself; frees the slots if it is gone. */
  async #claimCandidate(req: ClaimRequest, candidate: Pick<JobDoc, '_id' | 'type' | 'orgId'>, sharing: ClaimSharing): Promise<Job | undefined> {
    const holder = slotHolder(candidate._id, req.workerId, req.now);
    const expiresAt = req.now + req.leaseMs;
    const typeLimit = req.typeLimits[candidate.type];
    if (typeLimit !== undefined && !(await this.c.slots.take(typeSlotKey(candidate.type), typeLimit, holder, req.now, expiresAt))) {
      sharing.typeIsFull(candidate.type);
      return undefined;
    }
    if (req.orgLimit !== undefined && !(await this.c.slots.take(orgSlotKey(candidate.orgId), req.orgLimit, holder, req.now, expiresAt))) {
      sharing.orgIsFull(candidate.orgId);
      await this.c.slots.free([holder]);
      return undefined;
    }
    const doc = await this.c.jobs.findOneAndUpdate(
      { _id: candidate._id, status: 'QUEUED', runAt: { $lte: req.now } },
      claimUpdate(req, holder),
      { returnDocument: 'after' },
    );
    if (!doc) await this.c.slots.free([holder]); // another worker got there first
    return doc ? docToJob(doc) : undefined;
  }

  async heartbeat(workerId: string, jobIds: string[], leaseExpiresAt: number) {
    if (jobIds.length === 0) return [];
    const held = { _id: { $in: jobIds }, status: 'RUNNING' as const, leaseOwner: workerId };
    await this.c.jobs.updateMany(held, { $set: { leaseExpiresAt } });
    const docs = await this.c.jobs.find(held, { projection: { _id: 1, cancelRequested: 1, slotHolder: 1 } }).toArray();
    await this.c.slots.extend(docs.flatMap((d) => (d.slotHolder ? [d.slotHolder] : [])), leaseExpiresAt);
    return docs.map((d) => ({ id: d._id, cancelRequested: d.cancelRequested }));
  }

  async finishAttempts(reports: AttemptReport[]): Promise<Job[]> {
    const jobs: Job[] = [];
    for (const { jobId, workerId, outcome, now } of reports) {
      const doc = await this.c.jobs.findOneAndUpdate(heldBy(jobId, workerId), outcomeUpdate(outcome, now), {
        returnDocument: 'after',
      });
      if (!doc) continue; // the lease was lost: another worker owns the job now
      if (doc.slotHolder) await this.c.slots.free([doc.slotHolder]);
      jobs.push(docToJob(doc));
    }
    return jobs;
  }

  async saveProgress(jobId: string, workerId: string, progress: JobProgress): Promise<void> {
    await this.c.jobs.updateOne(heldBy(jobId, workerId), { $set: { progress, updatedAt: Date.now() } });
  }

  async saveCheckpoint(jobId: string, workerId: string, checkpoint: unknown): Promise<void> {
    await this.c.jobs.updateOne(heldBy(jobId, workerId), { $set: { checkpoint, updatedAt: Date.now() } });
  }

  async requestCancel(id: string, orgId: string, now: number, attempt = 1): Promise<Job | undefined> {
    const cancelledQueued = await this.c.jobs.findOneAndUpdate(
      { _id: id, orgId, status: 'QUEUED' },
      { $set: { status: 'CANCELLED', cancelRequested: true, finishedAt: now, updatedAt: now } },
      { returnDocument: 'after' },
    );
    if (cancelledQueued) return docToJob(cancelledQueued);
    const flagged = await this.c.jobs.findOneAndUpdate(
      { _id: id, orgId, status: 'RUNNING', cancelRequested: false },
      { $set: { cancelRequested: true, updatedAt: now } },
      { returnDocument: 'after' },
    );
    if (flagged) return docToJob(flagged);
    const current = await this.get(id, orgId);
    // Between the two updates the job may have gone RUNNING -> QUEUED (a retry): try again, so a
    // cancel is never silently lost. Finished, or already asked to cancel: nothing to change.
    const missed = current && (current.status === 'QUEUED' || (current.status === 'RUNNING' && !current.cancelRequested));
    return missed && attempt < 5 ? this.requestCancel(id, orgId, now, attempt + 1) : current;
  }

  async recoverLeases(now: number, opts?: { allRunning?: boolean }): Promise<Job[]> {
    const expired = await this.c.jobs
      .find(opts?.allRunning ? { status: 'RUNNING' } : { status: 'RUNNING', leaseExpiresAt: { $lt: now } })
      .toArray();
    const jobs: Job[] = [];
    for (const doc of expired) {
      // Only if nobody renewed or finished it since it was read.
      const recovered = await this.c.jobs.findOneAndUpdate(
        { _id: doc._id, status: 'RUNNING', leaseOwner: doc.leaseOwner, leaseExpiresAt: doc.leaseExpiresAt },
        recoveryUpdate(doc, now),
        { returnDocument: 'after' },
      );
      if (!recovered) continue;
      if (doc.slotHolder) await this.c.slots.free([doc.slotHolder]);
      jobs.push(docToJob(recovered));
    }
    return jobs;
  }

  async deleteFinished(orgId: string, ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const found = await this.c.jobs
      .find({ _id: { $in: ids }, orgId, status: FINISHED_FILTER }, { projection: { _id: 1 } })
      .toArray();
    return this.#delete(found.map((d) => d._id));
  }

  async purgeFinished(before: number, max: number): Promise<number> {
    const found = await this.c.jobs
      .find({ finishedAt: { $lt: before } }, { projection: { _id: 1 } })
      .sort({ finishedAt: 1 })
      .limit(max)
      .toArray();
    return (await this.#delete(found.map((d) => d._id))).length;
  }

  async #delete(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    await this.c.jobs.deleteMany({ _id: { $in: ids }, status: FINISHED_FILTER });
    // Re-read: a job is deleted only if it was still finished (it could not have changed back, but
    // a concurrent delete may have taken it).
    const left = new Set((await this.c.jobs.find({ _id: { $in: ids } }, { projection: { _id: 1 } }).toArray()).map((d) => d._id));
    const deleted = ids.filter((id) => !left.has(id));
    await this.c.logs.deleteMany({ jobId: { $in: deleted } });
    await this.c.logCounters.deleteMany({ _id: { $in: deleted } });
    return deleted;
  }

  async metricsTimes(orgId: string, since: number, until: number): Promise<MetricsJobTimes[]> {
    return mongoMetricsTimes(this.c.jobs, orgId, since, until);
  }

  async queueCounts(orgId: string): Promise<{ counts: StatusTypeCount[]; oldestQueuedAt?: number }> {
    const [counts, oldest] = await Promise.all([
      this.c.jobs.aggregate<StatusTypeCount>(statusTypeCountsPipeline(orgId)).toArray(),
      this.c.jobs.find({ orgId, status: 'QUEUED' }, { projection: { createdAt: 1 } }).sort({ createdAt: 1 }).limit(1).next(),
    ]);
    return oldest ? { counts, oldestQueuedAt: oldest.createdAt } : { counts };
  }

  async countByStatusAndType(): Promise<StatusTypeCount[]> {
    return this.c.jobs.aggregate<StatusTypeCount>(statusTypeCountsPipeline()).toArray();
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
}
