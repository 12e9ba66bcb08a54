/**
 * The filter, sort and update documents the MongoDB adapter sends, built by pure functions so they
 * can be checked without a server. Their meaning matches the SQLite adapter's SQL exactly.
 */
import type { Document, Filter, Sort, UpdateFilter } from 'mongodb';
import type { AttemptOutcome } from '../port.js';
import type { ClaimRequest } from '../../domain/claim-sharing.js';
import type { ClaimKey } from '../../domain/org-turns.js';
import type { Job, JobError, JobFilter, JobOrder, LogLevel } from '../../domain/types.js';
import { FINISHED_STATUSES, JOB_STATUSES } from '../../domain/types.js';
import type { JobDoc } from './documents.js';
import { leaseExpiryOutcome } from '../../domain/lease.js';
import { JOB_ORDER_SPECS, decodeJobCursor, type JobSortField } from '../../domain/list-orders.js';

import { escapeRegex } from './keyset.js';

export function jobFilterQuery(orgId: string, filter: JobFilter): Filter<JobDoc> {
  const query: Filter<JobDoc> = { orgId };
  // An empty list matches nothing, as `$in: []` does.
  if (filter.ids !== undefined) query._id = { $in: filter.ids };
  if (filter.status?.length) query.status = { $in: filter.status };
  if (filter.type?.length) query.type = { $in: filter.type };
  if (filter.createdAfter !== undefined || filter.createdBefore !== undefined) {
    query.createdAt = {
      ...(filter.createdAfter !== undefined && { $gte: filter.createdAfter }),
      ...(filter.createdBefore !== undefined && { $lt: filter.createdBefore }),
    };
  }
  if (filter.parentId !== undefined) query.parentId = filter.parentId;
  if (filter.scheduleId !== undefined) query.scheduleId = filter.scheduleId;
  if (filter.retryOfId !== undefined) query.retryOfId = filter.retryOfId;
  const search = filter.search?.trim();
  if (search) {
    const pattern = { $regex: escapeRegex(search), $options: 'i' };
    // As SQLite over the errors' JSON: each error's JSON text; the messages only of jobs stored
    // before errorTexts was kept (a message's quotes are escaped in its JSON text, so searching the
    // messages of the others too would find what their JSON does not hold).
    query.$or = [
      { _id: search },
      { type: pattern },
      { payloadText: pattern },
      { errorTexts: pattern },
      { 'errorTexts.0': { $exists: false }, 'errors.message': pattern },
    ];
  }
  return query;
}

/** The document field of each sort field. */
const FIELDS: Record<JobSortField, keyof JobDoc & string> = { priority: 'priority', createdAt: 'createdAt', finishedAt: 'finishedAt', id: '_id' };

/**
 * The projection of a list that reads only some job fields (JobListQuery.fields): those, the org and
 * the order's sort fields (`_id` always comes back). Undefined when the whole document is needed: a
 * lease's expiry is merged in from the leases collection (JobLeases.withExpiry), which reads more.
 */
export function jobFieldsProjection(fields: ReadonlyArray<keyof Job> | undefined, order: JobOrder): Document | undefined {
  if (!fields || fields.includes('leaseExpiresAt')) return undefined;
  const keys = new Set<string>(['orgId', ...JOB_ORDER_SPECS[order].fields.map((f) => FIELDS[f]), ...fields.filter((f) => f !== 'id')]);
  return Object.fromEntries([...keys].map((key) => [key, 1]));
}

export function jobSort(order: JobOrder): Sort {
  const spec = JOB_ORDER_SPECS[order];
  const direction = spec.direction === 'DESC' ? -1 : 1;
  return Object.fromEntries(spec.fields.map((f) => [FIELDS[f], direction])) as Sort;
}

/**
 * The keyset condition "after this cursor" (every order but finish order: finishedParts):
 * (a, b, c) < (x, y, z) expands to a < x OR (a = x AND b < y) OR (a = x AND b = y AND c < z).
 */
export function jobAfter(order: Exclude<JobOrder, 'FINISHED_DESC'>, cursor: string): Filter<JobDoc> {
  const spec = JOB_ORDER_SPECS[order];
  const fields = spec.fields.map((f) => FIELDS[f]);
  const key = decodeJobCursor(order, cursor);
  const op = spec.direction === 'DESC' ? '$lt' : '$gt';
  const branches: Array<Record<string, unknown>> = [];
  for (let i = 0; i < fields.length; i++) {
    const branch: Record<string, unknown> = {};
    for (let j = 0; j < i; j++) branch[fields[j]!] = key[j]!;
    branch[fields[i]!] = { [op]: key[i]! };
    branches.push(branch);
  }
  return { $or: branches } as Filter<JobDoc>;
}

/**
 * Finish order in two parts, each on its own index: the finished jobs by (finishedAt, _id), then the
 * unfinished ones by (createdAt, _id). The order's key (list-orders.ts) is (finishedAt or 0, createdAt
 * of an unfinished job or 0, id); each part's bound after a cursor's key, or null when no job of that
 * part comes after it.
 */
export function finishedParts(cursor: string | undefined): { finished: Filter<JobDoc> | null; open: Filter<JobDoc> | null } {
  const finished: Filter<JobDoc> = { finishedAt: { $exists: true } };
  const open: Filter<JobDoc> = { status: { $in: JOB_STATUSES.filter((s) => !FINISHED_STATUSES.includes(s)) } };
  if (cursor === undefined) return { finished, open };
  const [at, created, id] = decodeJobCursor('FINISHED_DESC', cursor) as [number, number, string];
  // A finished job's key is (finishedAt, 0, _id): below the cursor's when its time is lower, or equal
  // and 0 below the cursor's middle term (or 0 too, and then by id).
  const finishedAfter: Filter<JobDoc> =
    created > 0
      ? { finishedAt: { $lte: at } }
      : created < 0
        ? { finishedAt: { $lt: at } }
        : { $or: [{ finishedAt: { $lt: at } }, { finishedAt: at, _id: { $lt: id } }] };
  // An unfinished job's key is (0, createdAt, _id): after every finished job's.
  const openAfter: Filter<JobDoc> | null =
    at > 0 ? {} : at < 0 ? null : { $or: [{ createdAt: { $lt: created } }, { createdAt: created, _id: { $lt: id } }] };
  return {
    finished: at <= 0 ? null : { $and: [finished, finishedAfter] },
    open: openAfter && { $and: [open, openAfter] },
  };
}

export const FINISHED_SORT: Sort = { finishedAt: -1, _id: -1 };
export const OPEN_SORT: Sort = { createdAt: -1, _id: -1 };

export function logFilter(orgId: string, jobId: string, afterSeq: number, levels?: LogLevel[]): Filter<Record<string, unknown>> {
  return { jobId, orgId, seq: { $gt: afterSeq }, ...(levels?.length && { level: { $in: levels } }) };
}

/** Due QUEUED jobs of the given types, skipping full orgs. */
export function claimFilter(req: ClaimRequest, types: string[], fullOrgs: string[]): Filter<JobDoc> {
  return {
    status: 'QUEUED',
    runAt: { $lte: req.now },
    type: { $in: types },
    ...(fullOrgs.length && { orgId: { $nin: fullOrgs } }),
  };
}

export const CLAIM_SORT: Sort = { priority: -1, runAt: 1, _id: 1 };

/** The jobs after `key` in claim order (an org's next candidates: domain/org-turns.ts). */
export function claimAfter(key: ClaimKey): Filter<JobDoc> {
  return {
    $or: [
      { priority: { $lt: key.priority } },
      { priority: key.priority, runAt: { $gt: key.runAt } },
      { priority: key.priority, runAt: key.runAt, _id: { $gt: key.id } },
    ],
  };
}

/** The claim's update; `slots` names the slots it took (holder, and how many: type and/or org). */
export function claimUpdate(req: ClaimRequest, slots?: { holder: string; count: number }): UpdateFilter<JobDoc> {
  const unset = slots === undefined ? { $unset: { slotHolder: '' as const, slotCount: '' as const } } : {};
  return {
    $set: {
      status: 'RUNNING',
      leaseOwner: req.workerId,
      leaseExpiresAt: req.now + req.leaseMs,
      startedAt: req.now,
      updatedAt: req.now,
      ...(slots !== undefined && { slotHolder: slots.holder, slotCount: slots.count }),
    },
    $inc: { attempt: 1 },
    ...unset,
  };
}

/** Applies only while the worker holds the lease. */
export function heldBy(jobId: string, workerId: string): Filter<JobDoc> {
  return { _id: jobId, status: 'RUNNING', leaseOwner: workerId };
}

// slotHolder stays after a claim ends: the slots are freed by it after the job's update, and the
// next claim replaces it.
const CLEAR_LEASE = { leaseOwner: '', leaseExpiresAt: '' } as const;

/** An error appended to a job, with its JSON text for `search` (see JobDoc.errorTexts). */
function pushError(error: JobError): { errors: JobError; errorTexts: string } {
  return { errors: error, errorTexts: JSON.stringify(error) };
}

export function outcomeUpdate(outcome: AttemptOutcome, now: number): UpdateFilter<JobDoc> {
  switch (outcome.kind) {
    case 'succeeded':
      return {
        $set: { status: 'SUCCEEDED', result: outcome.result ?? null, finishedAt: now, updatedAt: now },
        $unset: CLEAR_LEASE,
      };
    case 'failed':
      return { $set: { status: 'FAILED', finishedAt: now, updatedAt: now }, $push: pushError(outcome.error), $unset: CLEAR_LEASE };
    case 'retry':
      return { $set: { status: 'QUEUED', runAt: outcome.runAt, updatedAt: now }, $push: pushError(outcome.error), $unset: CLEAR_LEASE };
    case 'cancelled':
      return {
        $set: { status: 'CANCELLED', finishedAt: now, updatedAt: now },
        ...(outcome.error && { $push: pushError(outcome.error) }),
        $unset: CLEAR_LEASE,
      };
    case 'released':
      return { $set: { status: 'QUEUED', updatedAt: now }, $inc: { attempt: -1 }, $unset: CLEAR_LEASE };
    case 'waiting':
      // A waiting job shows the attempt it ran as; it is given back when the job resumes (resumeUpdate).
      return outcome.wakeAt === undefined
        ? { $set: { status: 'WAITING', updatedAt: now }, $unset: { ...CLEAR_LEASE, wakeAt: '' } }
        : { $set: { status: 'WAITING', wakeAt: outcome.wakeAt, updatedAt: now }, $unset: CLEAR_LEASE };
  }
}

/** What an expired lease turns a RUNNING job into (domain/lease.ts), with the error recorded for it. */
export function recoveryUpdate(job: Pick<JobDoc, 'attempt' | 'maxAttempts' | 'cancelRequested' | 'leaseOwner'>, now: number): UpdateFilter<JobDoc> {
  const { status, error, finishedAt } = leaseExpiryOutcome(job, now);
  const set: Record<string, unknown> = { status, runAt: now, updatedAt: now };
  if (finishedAt !== undefined) set.finishedAt = finishedAt;
  return { $set: set, $push: pushError(error), $unset: CLEAR_LEASE } as UpdateFilter<JobDoc>;
}

export const FINISHED_FILTER = { $in: [...FINISHED_STATUSES] };

/**
 * WAITING -> QUEUED, due now (a resume, or a wake-up at the wait's timeout). The attempt is given
 * back: a resume is the same attempt going on, and its claim counts it again.
 */
export function resumeUpdate(now: number): UpdateFilter<JobDoc> {
  // Never below 0: a job that went WAITING before the suspend kept its attempt had given it back already.
  const attempt = { $max: [{ $subtract: ['$attempt', 1] }, 0] };
  return [{ $set: { status: 'QUEUED', runAt: now, updatedAt: now, attempt } }, { $unset: 'wakeAt' }] as unknown as UpdateFilter<JobDoc>;
}
