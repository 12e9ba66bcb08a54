/**
 * The change feed on MongoDB, as pure parts: one change stream over the jobs, job-log, LLM-call,
 * schedule, schedule-run and alert collections (its pipeline and options), and its documents mapped
 * to the same typed events the SQLite adapter emits, so every process sees every other's writes.
 * The stream's life (open, reopen, resume tokens) is change-stream-feed.ts.
 */
import type { ChangeStreamDocument, Document } from 'mongodb';
import type { ChangeEvent } from '../../domain/change-event.js';
import {
  docToAlert,
  docToJob,
  docToLlmCall,
  docToLog,
  docToSchedule,
  docToScheduleRun,
  type AlertDoc,
  type JobDoc,
  type JobLogDoc,
  type LlmCallDoc,
  type ScheduleDoc,
  type ScheduleRunDoc,
} from './documents.js';
import { COLLECTIONS } from './indexes.js';

/**
 * Updates that touch only these fields are not worth announcing: checkpoints, and `leaseExpiresAt`
 * as heartbeats before `job_leases` wrote it (a heartbeat now writes no job: leases.ts).
 */
export const QUIET_FIELDS = ['leaseExpiresAt', 'updatedAt', 'checkpoint'] as const;
/** Updates that touch only these (and quiet ones) are coalesced progress writes. */
export const PROGRESS_FIELDS = ['progress'] as const;

/** The collections whose writes are announced; each stores post-images (and pre-images for deletes). */
export const ANNOUNCED_COLLECTIONS = [
  COLLECTIONS.jobs,
  COLLECTIONS.jobLogs,
  COLLECTIONS.llmCalls,
  COLLECTIONS.schedules,
  COLLECTIONS.scheduleRuns,
  COLLECTIONS.alerts,
] as const;

/**
 * The top-level names of the fields an update changed (`progress.percent` counts as `progress`,
 * `errors.3` as `errors`), as an aggregation expression over the change document.
 */
const CHANGED_FIELDS = {
  $setUnion: [
    {
      $map: {
        input: { $objectToArray: { $ifNull: ['$updateDescription.updatedFields', {}] } },
        in: { $arrayElemAt: [{ $split: ['$$this.k', '.'] }, 0] },
      },
    },
    { $map: { input: { $ifNull: ['$updateDescription.removedFields', []] }, in: { $arrayElemAt: [{ $split: ['$$this', '.'] }, 0] } } },
  ],
};
const isJobUpdate = { $and: [{ $eq: ['$ns.coll', COLLECTIONS.jobs] }, { $eq: ['$operationType', 'update'] }] };

/** A job's fields that no feed consumer reads (the payload's search copy): left out of every event. */
const JOB_FIELDS_NOT_ANNOUNCED = ['payloadText', 'errorTexts'];
/** A deleted job's pre-image keeps what a deletion is matched by (org, list filters), no more. */
const DELETED_JOB_FIELDS_DROPPED = [...JOB_FIELDS_NOT_ANNOUNCED, 'result', 'checkpoint', 'progress'];

export function changeStreamPipeline(): Document[] {
  return [
    {
      $match: {
        $or: [
          // Job updates that touch only quiet fields (checkpoints) are dropped here, on the server,
          // rather than sent to every process to be dropped there. Lease rows (job_leases) match no
          // branch: heartbeats never travel.
          {
            'ns.coll': COLLECTIONS.jobs,
            operationType: 'update',
            $expr: { $not: [{ $setIsSubset: [CHANGED_FIELDS, [...QUIET_FIELDS]] }] },
          },
          { 'ns.coll': { $in: [COLLECTIONS.jobs, COLLECTIONS.schedules] }, operationType: { $in: ['insert', 'replace', 'delete'] } },
          { 'ns.coll': COLLECTIONS.schedules, operationType: 'update' },
          // Log lines are only ever inserted.
          { 'ns.coll': COLLECTIONS.jobLogs, operationType: 'insert' },
          // Calls and runs have no delete event: purges (and a deleted schedule's runs, which its
          // schedule.deleted stands for) are not worth a trip through the stream.
          {
            'ns.coll': { $in: [COLLECTIONS.llmCalls, COLLECTIONS.scheduleRuns, COLLECTIONS.alerts] },
            operationType: { $in: ['insert', 'update', 'replace'] },
          },
        ],
      },
    },
    {
      $set: {
        // Whether a job update is progress only, decided here so the delta itself need not travel.
        jobcenterKind: {
          $cond: [
            { $and: [isJobUpdate, { $setIsSubset: [CHANGED_FIELDS, [...QUIET_FIELDS, ...PROGRESS_FIELDS]] }] },
            'progress',
            '$$REMOVE',
          ],
        },
        // Only a delete needs the pre-image (for the org, and to match filters); an update's would
        // double the event's size.
        fullDocumentBeforeChange: { $cond: [{ $eq: ['$operationType', 'delete'] }, '$fullDocumentBeforeChange', '$$REMOVE'] },
      },
    },
    {
      // The delta repeats what the post-image says (a result of up to its cap, say); big fields no
      // consumer reads stay behind. The event is then the post-image and little else.
      $unset: [
        'updateDescription',
        ...JOB_FIELDS_NOT_ANNOUNCED.map((f) => `fullDocument.${f}`),
        ...DELETED_JOB_FIELDS_DROPPED.map((f) => `fullDocumentBeforeChange.${f}`),
      ],
    },
  ];
}

/**
 * `fullDocument: 'required'`: an update event carries the document as that write left it (its
 * post-image, stored with the write), never as a later lookup finds it ('updateLookup' would give a
 * later state, or null after a delete). Every announced collection has post-images enabled
 * (ensureSchema); the `$match` above keeps other collections' updates out before any lookup. A
 * delete carries its pre-image ('whenAvailable': a job deleted before images were enabled is still
 * announced if the org can be told, see toChangeEvent).
 */
export const CHANGE_STREAM_OPTIONS = { fullDocument: 'required', fullDocumentBeforeChange: 'whenAvailable' } as const;

/** One change as a feed event, or undefined when it announces nothing a consumer needs. */
export function toChangeEvent(change: ChangeStreamDocument): ChangeEvent | undefined {
  if (!('ns' in change) || !change.ns || !('coll' in change.ns)) return undefined;
  const coll = change.ns.coll;
  if (coll === COLLECTIONS.jobLogs) {
    return change.operationType === 'insert' ? { kind: 'job.log', log: docToLog(change.fullDocument as JobLogDoc) } : undefined;
  }
  if (coll === COLLECTIONS.llmCalls) return toLlmCallEvent(change);
  if (coll === COLLECTIONS.schedules) return toScheduleEvent(change);
  if (coll === COLLECTIONS.scheduleRuns) return toRunEvent(change);
  if (coll === COLLECTIONS.alerts) return toAlertEvent(change);
  if (coll !== COLLECTIONS.jobs) return undefined;
  switch (change.operationType) {
    case 'insert':
      return { kind: 'job.created', job: docToJob(change.fullDocument as JobDoc) };
    case 'replace':
    case 'update': {
      const doc = change.fullDocument as JobDoc | undefined | null;
      if (!doc) throw new MissingPostImageError(change);
      // Quiet updates never get here (the pipeline's $match); progress-only ones are marked by it.
      if ((change as { jobcenterKind?: string }).jobcenterKind === 'progress') return { kind: 'job.progress', job: docToJob(doc) };
      return { kind: 'job.updated', job: docToJob(doc) };
    }
    case 'delete': {
      const before = change.fullDocumentBeforeChange as JobDoc | undefined | null;
      const jobId = String((change.documentKey as { _id: unknown })._id);
      if (!before) return undefined; // without the pre-image the org is unknown: nobody may see it
      return { kind: 'job.deleted', jobId, orgId: before.orgId, job: docToJob(before) };
    }
    default:
      return undefined;
  }
}

/** An LLM call's insert or update, with the call as that write left it (its post-image). */
function toLlmCallEvent(change: ChangeStreamDocument): ChangeEvent | undefined {
  if (change.operationType !== 'insert' && change.operationType !== 'update' && change.operationType !== 'replace') return undefined;
  const doc = change.fullDocument as LlmCallDoc | undefined | null;
  if (!doc) throw new MissingPostImageError(change);
  return { kind: change.operationType === 'insert' ? 'llm.created' : 'llm.updated', call: docToLlmCall(doc) };
}

/** A schedule's insert, save (a replace) or update, with the document as that write left it; or its delete. */
function toScheduleEvent(change: ChangeStreamDocument): ChangeEvent | undefined {
  switch (change.operationType) {
    case 'insert':
    case 'update':
    case 'replace': {
      const doc = change.fullDocument as ScheduleDoc | undefined | null;
      if (!doc) throw new MissingPostImageError(change);
      return { kind: change.operationType === 'insert' ? 'schedule.created' : 'schedule.updated', schedule: docToSchedule(doc) };
    }
    case 'delete': {
      const before = change.fullDocumentBeforeChange as ScheduleDoc | undefined | null;
      if (!before) return undefined; // without the pre-image the org is unknown: nobody may see it
      return { kind: 'schedule.deleted', scheduleId: String((change.documentKey as { _id: unknown })._id), orgId: before.orgId };
    }
    default:
      return undefined;
  }
}

/** A run's insert or update, with its post-image. */
function toRunEvent(change: ChangeStreamDocument): ChangeEvent | undefined {
  if (change.operationType !== 'insert' && change.operationType !== 'update' && change.operationType !== 'replace') return undefined;
  const doc = change.fullDocument as ScheduleRunDoc | undefined | null;
  if (!doc) throw new MissingPostImageError(change);
  return { kind: change.operationType === 'insert' ? 'run.created' : 'run.updated', run: docToScheduleRun(doc) };
}

/** An alert raised (insert) or closed (update: acknowledged or resolved). */
function toAlertEvent(change: ChangeStreamDocument): ChangeEvent | undefined {
  if (change.operationType !== 'insert' && change.operationType !== 'update' && change.operationType !== 'replace') return undefined;
  const doc = change.fullDocument as AlertDoc | undefined | null;
  if (!doc) throw new MissingPostImageError(change);
  return { kind: change.operationType === 'insert' ? 'alert.raised' : 'alert.updated', alert: docToAlert(doc) };
}

/**
 * An insert, update or replace without its document: post-images are not enabled on the collection
 * (see ensureSchema) or have expired. Such an event is reported, never dropped without a word.
 */
export class MissingPostImageError extends Error {
  constructor(change: ChangeStreamDocument) {
    const where = 'ns' in change && change.ns && 'coll' in change.ns ? change.ns.coll : '?';
    const id = 'documentKey' in change ? String((change.documentKey as { _id: unknown })._id) : '?';
    super(`a ${change.operationType} of ${where} ${id} came without its document (are change-stream post-images enabled on ${where}?)`);
  }
}
