/**
 * Schedule runs on MongoDB: the filter, sort and update documents (pure, so they can be checked
 * without a server, and meaning what the SQLite adapter's SQL means) and the repository. Writes
 * announce nothing here: the change stream does (change-stream.ts).
 */
import { MongoServerError, type Collection, type Filter, type Sort, type UpdateFilter } from 'mongodb';
import type { RunStatus, ScheduleRun, ScheduleRunPatch } from '../../domain/schedule.js';
import type { Page, PageRequest } from '../../domain/page.js';
import type { ScheduleRunRepository } from '../port.js';
import { docToScheduleRun, toDoc, type ScheduleRunDoc } from './documents.js';
import { keysetAfter, DUPLICATE_KEY } from './keyset.js';
import { pageOf } from '../../domain/page.js';
import { decodeTimeCursor, runCursor } from '../../domain/list-orders.js';
import { type RunFilter } from '../../domain/schedule.js';

export function runQuery(orgId: string, f: RunFilter): Filter<ScheduleRunDoc> {
  const query: Filter<ScheduleRunDoc> = { orgId };
  if (f.scheduleId !== undefined) query.scheduleId = f.scheduleId;
  if (f.status?.length) query.status = { $in: f.status };
  return query;
}

/** Newest first; the id breaks ties, so pages neither skip nor repeat runs of the same instant. */
export const RUN_SORT: Sort = { scheduledFor: -1, _id: -1 };

export function runAfter(cursor: string): Filter<ScheduleRunDoc> {
  const [scheduledFor, id] = decodeTimeCursor(cursor);
  return keysetAfter('scheduledFor', scheduledFor, id, '$lt') as Filter<ScheduleRunDoc>;
}

/** A schedule's runs still QUEUED or RUNNING, oldest slot first. */
export const activeRunsQuery = (scheduleId: string): Filter<ScheduleRunDoc> => ({ scheduleId, status: { $in: ['QUEUED', 'RUNNING'] } });
export const ACTIVE_SORT: Sort = { scheduledFor: 1, _id: 1 };
/** Every org's runs still QUEUED or RUNNING, after an id (by id: index status_id). */
export const allActiveRunsQuery = (after: string | undefined): Filter<ScheduleRunDoc> => ({
  status: { $in: ['QUEUED', 'RUNNING'] },
  ...(after !== undefined && { _id: { $gt: after } }),
});

const RUN_PATCH_FIELDS = ['status', 'startedAt', 'finishedAt', 'jobId', 'error'] as const;

/** The run, while its status is one of `ifStatus` (when given). */
export const runUpdateFilter = (id: string, ifStatus?: readonly RunStatus[]): Filter<ScheduleRunDoc> => ({
  _id: id,
  ...(ifStatus !== undefined && { status: { $in: [...ifStatus] } }),
});

/** Sets only the fields present in the patch, and updatedAt. */
export function runUpdate(patch: ScheduleRunPatch, now: number): UpdateFilter<ScheduleRunDoc> {
  const set: Record<string, unknown> = {};
  for (const field of RUN_PATCH_FIELDS) if (patch[field] !== undefined) set[field] = patch[field];
  set.updatedAt = now;
  return { $set: set } as UpdateFilter<ScheduleRunDoc>;
}

export class MongoScheduleRunRepository implements ScheduleRunRepository {
  constructor(private readonly runs: Collection<ScheduleRunDoc>) {}

  async insert(run: ScheduleRun): Promise<{ run: ScheduleRun; created: boolean }> {
    const doc = toDoc(run) as ScheduleRunDoc;
    try {
      await this.runs.insertOne(doc);
      return { run: docToScheduleRun(doc), created: true };
    } catch (error) {
      if (!(error instanceof MongoServerError) || error.code !== DUPLICATE_KEY) throw error;
      // The unique run_key index decided: the slot already has its run. (A clash on _id alone is an error.)
      const existing = await this.runs.findOne({ runKey: run.runKey });
      if (!existing) throw error;
      return { run: docToScheduleRun(existing), created: false };
    }
  }

  async update(id: string, patch: ScheduleRunPatch, now: number, ifStatus?: readonly RunStatus[]): Promise<ScheduleRun | undefined> {
    const doc = await this.runs.findOneAndUpdate(runUpdateFilter(id, ifStatus), runUpdate(patch, now), { returnDocument: 'after' });
    return doc ? docToScheduleRun(doc) : undefined;
  }

  async get(id: string, orgId: string): Promise<ScheduleRun | undefined> {
    const doc = await this.runs.findOne({ _id: id, orgId });
    return doc ? docToScheduleRun(doc) : undefined;
  }

  async getMany(ids: readonly string[], orgId: string): Promise<ScheduleRun[]> {
    if (ids.length === 0) return [];
    return (await this.runs.find({ _id: { $in: [...ids] }, orgId }).toArray()).map(docToScheduleRun);
  }

  async byJob(orgId: string, jobId: string): Promise<ScheduleRun | undefined> {
    const doc = await this.runs.findOne({ jobId, orgId }, { sort: { createdAt: 1, _id: 1 } });
    return doc ? docToScheduleRun(doc) : undefined;
  }

  async list(orgId: string, filter: RunFilter, page: PageRequest): Promise<Page<ScheduleRun>> {
    const query = runQuery(orgId, filter);
    const full = page.after === undefined ? query : { $and: [query, runAfter(page.after)] };
    const docs = await this.runs.find(full).sort(RUN_SORT).limit(page.first + 1).toArray();
    return pageOf(docs, page.first, docToScheduleRun, runCursor);
  }

  count(orgId: string, filter: RunFilter): Promise<number> {
    return this.runs.countDocuments(runQuery(orgId, filter));
  }

  async active(scheduleId: string): Promise<ScheduleRun[]> {
    const docs = await this.runs.find(activeRunsQuery(scheduleId)).sort(ACTIVE_SORT).toArray();
    return docs.map(docToScheduleRun);
  }

  async allActive(after: string | undefined, max: number): Promise<ScheduleRun[]> {
    if (max <= 0) return [];
    const docs = await this.runs.find(allActiveRunsQuery(after)).sort({ _id: 1 }).limit(max).toArray();
    return docs.map(docToScheduleRun);
  }
}
