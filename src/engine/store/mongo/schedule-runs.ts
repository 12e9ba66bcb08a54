/**
 * Schedule runs on MongoDB: the filter, sort and update documents (pure, so they can be checked
 * without a server, and meaning what the SQLite adapter's SQL means) and the repository. Writes
 * announce nothing here: the change stream does (change-stream.ts).
 */
import { MongoServerError, type ClientSession, type Collection, type Filter, type MongoClient, type Sort, type UpdateFilter } from 'mongodb';
import type { RunStatus, SchedulePatch, ScheduleRun, ScheduleRunPatch } from '../../domain/schedule.js';
import type { Job } from '../../domain/types.js';
import type { Page, PageRequest } from '../../domain/page.js';
import type { RunUpdate, RunUpdated, ScheduleRunRepository, SlotWrite, SlotWritten } from '../port.js';
import { docToJob, docToSchedule, docToScheduleRun, newJobDoc, toDoc, type JobDoc, type ScheduleDoc, type ScheduleRunDoc } from './documents.js';
import type { JobCounters } from './job-counts.js';
import { schedulePatchFilter, schedulePatchUpdate } from './schedules.js';
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

/** Runs still QUEUED or RUNNING of these schedules (index scheduleId_status). */
export const activeRunsOfQuery = (scheduleIds: readonly string[]): Filter<ScheduleRunDoc> => ({
  scheduleId: { $in: [...scheduleIds] },
  status: { $in: ['QUEUED', 'RUNNING'] },
});
export const ACTIVE_OF_SORT: Sort = { scheduleId: 1, scheduledFor: 1, _id: 1 };

/**
 * For a run's end note (lastRunStatus, maybe a streak reset, nothing counted): only a schedule it
 * would change (as SQLite's patchRow with ifChanges).
 */
export function endNoteChanges(patch: SchedulePatch): Filter<ScheduleDoc> {
  const countsNothing = patch.failures !== 'increment' && patch.skipped === undefined && patch.nextRunAt === undefined && patch.lastRunAt === undefined && patch.enabled === undefined;
  if (!countsNothing || patch.lastRunStatus === undefined) return {};
  const same: Filter<ScheduleDoc> = { lastRunStatus: patch.lastRunStatus, ...(patch.failures === 'reset' && { consecutiveFailures: 0 }) };
  return { $nor: [same] };
}

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

/** What firing a batch of slots writes besides the runs. */
export interface FiringCollections {
  client: MongoClient;
  jobs: Collection<JobDoc>;
  schedules: Collection<ScheduleDoc>;
  /** The job counters the fired jobs are counted in, in the same transaction. */
  counts: JobCounters;
}

export class MongoScheduleRunRepository implements ScheduleRunRepository {
  constructor(
    private readonly runs: Collection<ScheduleRunDoc>,
    private readonly firing: FiringCollections,
  ) {}

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

  /**
   * One transaction: the runKeys already taken are read, the other runs and their jobs inserted in
   * two bulk inserts, the schedules patched in one ordered bulk write. Another process firing the
   * same slot meanwhile makes the transaction fail as a whole (nothing half-written); the caller
   * fires again and finds the run.
   */
  async fireSlots(slots: readonly SlotWrite[], now: number): Promise<SlotWritten[]> {
    if (slots.length === 0) return [];
    let written: SlotWritten[] = [];
    await this.firing.client.withSession((session) =>
      session.withTransaction(async () => {
        written = await this.#fireSlots(slots, now, session);
      }),
    );
    return written;
  }

  async #fireSlots(slots: readonly SlotWrite[], now: number, session: ClientSession): Promise<SlotWritten[]> {
    const keys = slots.flatMap((s) => (s.run ? [s.run.runKey] : []));
    const taken = new Map<string, ScheduleRun>();
    for (const doc of await this.runs.find({ runKey: { $in: keys } }, { session }).toArray()) taken.set(doc.runKey, docToScheduleRun(doc));
    const runDocs: ScheduleRunDoc[] = [];
    const jobDocs: JobDoc[] = [];
    const written = slots.map((slot): SlotWritten => {
      if (!slot.run) return { created: false };
      const existing = taken.get(slot.run.runKey);
      if (existing) return { run: existing, created: false };
      const run: ScheduleRun = slot.job ? { ...slot.run, jobId: slot.job.id } : slot.run;
      taken.set(run.runKey, run);
      runDocs.push(toDoc(run) as ScheduleRunDoc);
      let job: Job | undefined;
      if (slot.job) {
        const jobDoc = newJobDoc(slot.job);
        jobDocs.push(jobDoc);
        job = docToJob(jobDoc);
      }
      return { run, created: true, ...(job && { job }) };
    });
    if (runDocs.length) await this.runs.insertMany(runDocs, { session });
    if (jobDocs.length) await this.firing.jobs.insertMany(jobDocs, { session });
    const patches = slots.flatMap((slot, index) =>
      slot.patches
        .filter((p) => !p.ifRunCreated || written[index]!.created)
        .map((p) => ({ updateOne: { filter: schedulePatchFilter(slot.scheduleId, p.ifNextRunAt, p.patch.skipped), update: schedulePatchUpdate(p.patch, now) } })),
    );
    if (patches.length) await this.firing.schedules.bulkWrite(patches, { session, ordered: true });
    // Last, so a counter shared with claims is held by this transaction for the shortest time.
    await this.firing.counts.move(jobDocs.map((d) => ({ orgId: d.orgId, type: d.type, to: d.status })), session);
    return written;
  }

  /** Each update on its own (a run's end counted once by its conditional move), all in flight together. */
  async updateMany(updates: readonly RunUpdate[], now: number): Promise<RunUpdated[]> {
    return Promise.all(
      updates.map(async (u): Promise<RunUpdated> => {
        const doc = await this.runs.findOneAndUpdate(runUpdateFilter(u.id, u.ifStatus), runUpdate(u.patch, now), { returnDocument: 'after' });
        if (!doc) return {};
        const run = docToScheduleRun(doc);
        if (!u.schedulePatch) return { run };
        const filter = { ...schedulePatchFilter(run.scheduleId, undefined, u.schedulePatch.skipped), ...endNoteChanges(u.schedulePatch) };
        const schedule = await this.firing.schedules.findOneAndUpdate(filter, schedulePatchUpdate(u.schedulePatch, now), { returnDocument: 'after' });
        return { run, ...(schedule && { schedule: docToSchedule(schedule) }) };
      }),
    );
  }

  async getManyInAnyOrg(ids: readonly string[]): Promise<ScheduleRun[]> {
    if (ids.length === 0) return [];
    return (await this.runs.find({ _id: { $in: [...ids] } }).toArray()).map(docToScheduleRun);
  }

  async activeOf(scheduleIds: readonly string[]): Promise<ScheduleRun[]> {
    if (scheduleIds.length === 0) return [];
    return (await this.runs.find(activeRunsOfQuery(scheduleIds)).sort(ACTIVE_OF_SORT).toArray()).map(docToScheduleRun);
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
