/**
 * Schedules, their runs, alerts and schedulers' heartbeats on MongoDB: the filter, sort and update documents (pure, so they
 * can be checked without a server, and meaning what the SQLite adapter's SQL means), and the
 * repositories. Writes announce nothing here: the change stream does (change-stream.ts).
 */
import { MongoServerError, type Collection, type Filter, type Sort, type UpdateFilter } from 'mongodb';
import { ValidationError } from '../../domain/errors.js';
import type {
  Alert,
  AlertKind,
  RunStatus,
  Schedule,
  ScheduleFilter,
  SchedulePatch,
  ScheduleRun,
  ScheduleRunPatch,
  SchedulerHeartbeat,
} from '../../domain/schedule.js';
import type { Page, PageRequest } from '../../domain/types.js';
import { decodeCursor, encodeCursor } from '../../domain/cursor.js';
import type { AlertRepository, ScheduleRepository, ScheduleRunRepository, SchedulerHeartbeatRepository } from '../port.js';
import {
  docToAlert,
  docToSchedule,
  docToScheduleRun,
  scheduleDoc,
  toDoc,
  type AlertDoc,
  type ScheduleDoc,
  type ScheduleRunDoc,
  type SchedulerHeartbeatDoc,
} from './documents.js';

const DUPLICATE_KEY = 11000;
const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A two-part keyset cursor [sort value, id]; a key of other types was not made by this list. */
function decodeKey<T extends 'number' | 'string'>(cursor: string, type: T): [T extends 'number' ? number : string, string] {
  const [value, id] = decodeCursor(cursor, 2);
  if (typeof value !== type || typeof id !== 'string') throw ValidationError.field('after', 'is not a cursor from this list');
  return [value as T extends 'number' ? number : string, id];
}

/** "After (value, id)" in a list sorted by field then _id, both in one direction. */
function keysetAfter(field: string, value: number | string, id: string, op: '$lt' | '$gt'): Record<string, unknown> {
  return { $or: [{ [field]: { [op]: value } }, { [field]: value, _id: { [op]: id } }] };
}

function toPage<D, T>(docs: D[], first: number, map: (d: D) => T, cursor: (t: T) => string): Page<T> {
  const nodes = docs.slice(0, first).map(map);
  return { items: nodes.map((node) => ({ node, cursor: cursor(node) })), hasNextPage: docs.length > first };
}

// ---------------------------------------------------------------- schedules

export function scheduleQuery(orgId: string, f: ScheduleFilter): Filter<ScheduleDoc> {
  const query: Filter<ScheduleDoc> = { orgId };
  if (f.enabled !== undefined) query.enabled = f.enabled;
  if (f.taskType?.length) query.taskType = { $in: f.taskType };
  if (f.lastRunStatus?.length) query.lastRunStatus = { $in: f.lastRunStatus };
  // searchText is lower-cased already: a plain substring match, as SQLite's instr().
  const search = f.search?.trim().toLowerCase();
  if (search) query.searchText = { $regex: escapeRegex(search) };
  return query;
}

/** By name, then id: the same byte order as SQLite's BINARY collation (no collation is set here). */
export const SCHEDULE_SORT: Sort = { name: 1, _id: 1 };
export const scheduleCursor = (s: Schedule): string => encodeCursor([s.name, s.id]);

export function scheduleAfter(cursor: string): Filter<ScheduleDoc> {
  const [name, id] = decodeKey(cursor, 'string');
  return keysetAfter('name', name, id, '$gt') as Filter<ScheduleDoc>;
}

/** Enabled schedules due at `now`; a schedule without nextRunAt is never due (no number is <= now). */
export const dueQuery = (now: number): Filter<ScheduleDoc> => ({ enabled: true, nextRunAt: { $lte: now } });
export const DUE_SORT: Sort = { nextRunAt: 1, _id: 1 };
/** Enabled schedules that have a next run at all (absent ones would sort first). */
export const NEXT_DUE_QUERY: Filter<ScheduleDoc> = { enabled: true, nextRunAt: { $exists: true } };

/** The scheduler's patch of a schedule, with the slot it expects (see ScheduleRepository.patch). */
export const schedulePatchFilter = (id: string, ifNextRunAt?: number): Filter<ScheduleDoc> => ({
  _id: id,
  ...(ifNextRunAt !== undefined && { nextRunAt: ifNextRunAt }),
});

/** Sets only the patch's fields (null nextRunAt: removed), and updatedAt; $inc counts failures atomically. */
export function schedulePatchUpdate(patch: SchedulePatch, now: number): UpdateFilter<ScheduleDoc> {
  const set: Record<string, unknown> = { updatedAt: now };
  const update: Record<string, Record<string, unknown>> = { $set: set };
  if (patch.nextRunAt === null) update.$unset = { nextRunAt: '' };
  else if (patch.nextRunAt !== undefined) set.nextRunAt = patch.nextRunAt;
  if (patch.lastRunAt !== undefined) set.lastRunAt = patch.lastRunAt;
  if (patch.lastRunStatus !== undefined) set.lastRunStatus = patch.lastRunStatus;
  if (patch.enabled !== undefined) set.enabled = patch.enabled;
  if (patch.failures === 'increment') update.$inc = { consecutiveFailures: 1 };
  if (patch.failures === 'reset') set.consecutiveFailures = 0;
  return update as UpdateFilter<ScheduleDoc>;
}

export class MongoScheduleRepository implements ScheduleRepository {
  constructor(
    private readonly schedules: Collection<ScheduleDoc>,
    private readonly runs: Collection<ScheduleRunDoc>,
  ) {}

  async insert(schedule: Schedule): Promise<void> {
    await this.schedules.insertOne(scheduleDoc(schedule));
  }

  async save(schedule: Schedule): Promise<void> {
    // Never into another org, never bringing a deleted schedule back (no upsert).
    const { _id, ...replacement } = scheduleDoc(schedule);
    await this.schedules.replaceOne({ _id, orgId: schedule.orgId }, replacement);
  }

  async patch(id: string, patch: SchedulePatch, now: number, ifNextRunAt?: number): Promise<Schedule | undefined> {
    const doc = await this.schedules.findOneAndUpdate(schedulePatchFilter(id, ifNextRunAt), schedulePatchUpdate(patch, now), {
      returnDocument: 'after',
    });
    return doc ? docToSchedule(doc) : undefined;
  }

  async get(id: string, orgId?: string): Promise<Schedule | undefined> {
    const doc = await this.schedules.findOne({ _id: id, ...(orgId !== undefined && { orgId }) });
    return doc ? docToSchedule(doc) : undefined;
  }

  async list(orgId: string, filter: ScheduleFilter, page: PageRequest): Promise<Page<Schedule>> {
    const query = scheduleQuery(orgId, filter);
    const full = page.after === undefined ? query : { $and: [query, scheduleAfter(page.after)] };
    const docs = await this.schedules.find(full).sort(SCHEDULE_SORT).limit(page.first + 1).toArray();
    return toPage(docs, page.first, docToSchedule, scheduleCursor);
  }

  count(orgId: string, filter: ScheduleFilter): Promise<number> {
    return this.schedules.countDocuments(scheduleQuery(orgId, filter));
  }

  async delete(id: string, orgId: string): Promise<boolean> {
    // The schedule first, so it is no longer due; a run inserted in between would be left over.
    const { deletedCount } = await this.schedules.deleteOne({ _id: id, orgId });
    if (deletedCount === 0) return false;
    await this.runs.deleteMany({ scheduleId: id });
    return true;
  }

  async due(now: number, max: number): Promise<Schedule[]> {
    if (max <= 0) return [];
    const docs = await this.schedules.find(dueQuery(now)).sort(DUE_SORT).limit(max).toArray();
    return docs.map(docToSchedule);
  }

  async nextDueAt(): Promise<number | undefined> {
    const doc = await this.schedules.findOne(NEXT_DUE_QUERY, { sort: { nextRunAt: 1 }, projection: { _id: 0, nextRunAt: 1 } });
    return doc?.nextRunAt ?? undefined;
  }

  async activeOrgs(): Promise<string[]> {
    const orgs = (await this.schedules.distinct('orgId', NEXT_DUE_QUERY)) as string[];
    return orgs.sort();
  }
}

// ---------------------------------------------------------------- runs

export interface RunFilter {
  scheduleId?: string;
  status?: RunStatus[];
}

export function runQuery(orgId: string, f: RunFilter): Filter<ScheduleRunDoc> {
  const query: Filter<ScheduleRunDoc> = { orgId };
  if (f.scheduleId !== undefined) query.scheduleId = f.scheduleId;
  if (f.status?.length) query.status = { $in: f.status };
  return query;
}

/** Newest first; the id breaks ties, so pages neither skip nor repeat runs of the same instant. */
export const RUN_SORT: Sort = { scheduledFor: -1, _id: -1 };
export const runCursor = (run: ScheduleRun): string => encodeCursor([run.scheduledFor, run.id]);

export function runAfter(cursor: string): Filter<ScheduleRunDoc> {
  const [scheduledFor, id] = decodeKey(cursor, 'number');
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

  async get(id: string, orgId?: string): Promise<ScheduleRun | undefined> {
    const doc = await this.runs.findOne({ _id: id, ...(orgId !== undefined && { orgId }) });
    return doc ? docToScheduleRun(doc) : undefined;
  }

  async byJob(jobId: string): Promise<ScheduleRun | undefined> {
    const doc = await this.runs.findOne({ jobId }, { sort: { createdAt: 1, _id: 1 } });
    return doc ? docToScheduleRun(doc) : undefined;
  }

  async list(orgId: string, filter: RunFilter, page: PageRequest): Promise<Page<ScheduleRun>> {
    const query = runQuery(orgId, filter);
    const full = page.after === undefined ? query : { $and: [query, runAfter(page.after)] };
    const docs = await this.runs.find(full).sort(RUN_SORT).limit(page.first + 1).toArray();
    return toPage(docs, page.first, docToScheduleRun, runCursor);
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

// ---------------------------------------------------------------- alerts

export interface AlertFilter {
  open?: boolean;
  scheduleId?: string;
}

/** Open = not acknowledged (the field is absent: nothing here writes null). */
export function alertQuery(orgId: string, f: AlertFilter): Filter<AlertDoc> {
  const query: Filter<AlertDoc> = { orgId };
  if (f.open !== undefined) query.acknowledgedAt = { $exists: !f.open };
  if (f.scheduleId !== undefined) query.scheduleId = f.scheduleId;
  return query;
}

export const ALERT_SORT: Sort = { raisedAt: -1, _id: -1 };
export const alertCursor = (alert: Alert): string => encodeCursor([alert.raisedAt, alert.id]);

export function alertAfter(cursor: string): Filter<AlertDoc> {
  const [raisedAt, id] = decodeKey(cursor, 'number');
  return keysetAfter('raisedAt', raisedAt, id, '$lt') as Filter<AlertDoc>;
}

/** The first acknowledgement stands: only an open alert of the org matches. */
export const acknowledgeFilter = (id: string, orgId: string): Filter<AlertDoc> => ({ _id: id, orgId, acknowledgedAt: { $exists: false } });
/** Acknowledging releases the alert's dedupe key (unique per org among the alerts that hold one). */
export const acknowledgeUpdate = (by: string, now: number): UpdateFilter<AlertDoc> => ({
  $set: { acknowledgedAt: now, acknowledgedBy: by },
  $unset: { dedupeKey: '' },
});
/** Every open alert of a kind, in every org. */
export const resolveFilter = (kind: AlertKind): Filter<AlertDoc> => ({ kind, acknowledgedAt: { $exists: false } });

export class MongoAlertRepository implements AlertRepository {
  constructor(private readonly alerts: Collection<AlertDoc>) {}

  async insert(alert: Alert): Promise<boolean> {
    const doc = toDoc(alert) as AlertDoc;
    // An acknowledged alert holds no key (as acknowledge leaves it).
    if (doc.acknowledgedAt !== undefined) delete doc.dedupeKey;
    try {
      await this.alerts.insertOne(doc);
      return true;
    } catch (error) {
      if (!(error instanceof MongoServerError) || error.code !== DUPLICATE_KEY || doc.dedupeKey === undefined) throw error;
      // The unique org_dedupe index decided: an open alert holds the key. (A clash on _id alone is an error.)
      if (!(await this.alerts.findOne({ orgId: doc.orgId, dedupeKey: doc.dedupeKey }, { projection: { _id: 1 } }))) throw error;
      return false;
    }
  }

  async get(id: string, orgId?: string): Promise<Alert | undefined> {
    const doc = await this.alerts.findOne({ _id: id, ...(orgId !== undefined && { orgId }) });
    return doc ? docToAlert(doc) : undefined;
  }

  async list(orgId: string, filter: AlertFilter, page: PageRequest): Promise<Page<Alert>> {
    const query = alertQuery(orgId, filter);
    const full = page.after === undefined ? query : { $and: [query, alertAfter(page.after)] };
    const docs = await this.alerts.find(full).sort(ALERT_SORT).limit(page.first + 1).toArray();
    return toPage(docs, page.first, docToAlert, alertCursor);
  }

  count(orgId: string, filter: AlertFilter): Promise<number> {
    return this.alerts.countDocuments(alertQuery(orgId, filter));
  }

  async acknowledge(id: string, orgId: string, by: string, now: number): Promise<Alert | undefined> {
    const doc = await this.alerts.findOneAndUpdate(acknowledgeFilter(id, orgId), acknowledgeUpdate(by, now), { returnDocument: 'after' });
    return doc ? docToAlert(doc) : this.get(id, orgId);
  }

  async resolve(kind: AlertKind, by: string, now: number): Promise<number> {
    const { modifiedCount } = await this.alerts.updateMany(resolveFilter(kind), acknowledgeUpdate(by, now));
    return modifiedCount;
  }
}

// ---------------------------------------------------------------- scheduler heartbeats

/** A node's beat: $max, so it never moves back; upserted, one document per node. */
export const beatUpdate = (at: number): UpdateFilter<SchedulerHeartbeatDoc> => ({ $max: { lastBeatAt: at } });
export const NEWEST_BEAT_SORT: Sort = { lastBeatAt: -1, _id: 1 };

export class MongoSchedulerHeartbeatRepository implements SchedulerHeartbeatRepository {
  constructor(private readonly beats: Collection<SchedulerHeartbeatDoc>) {}

  async beat(node: string, at: number): Promise<void> {
    await this.beats.updateOne({ _id: node }, beatUpdate(at), { upsert: true });
  }

  async newest(): Promise<SchedulerHeartbeat | undefined> {
    const doc = await this.beats.findOne({}, { sort: NEWEST_BEAT_SORT });
    return doc ? { node: doc._id, lastBeatAt: doc.lastBeatAt } : undefined;
  }
}
