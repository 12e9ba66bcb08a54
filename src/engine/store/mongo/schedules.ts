/**
 * Schedules on MongoDB: the filter, sort and update documents (pure, so they can be checked without
 * a server, and meaning what the SQLite adapter's SQL means) and the repository. Writes announce
 * nothing here: the change stream does (change-stream.ts).
 */
import { type Collection, type Filter, type Sort, type UpdateFilter } from 'mongodb';
import type { Schedule, ScheduleFilter, SchedulePatch } from '../../domain/schedule.js';
import type { Page, PageRequest } from '../../domain/page.js';
import type { ScheduleRepository } from '../port.js';
import { docToSchedule, scheduleDoc, type ScheduleDoc, type ScheduleRunDoc } from './documents.js';
import { keysetAfter, escapeRegex } from './keyset.js';
import { pageOf } from '../../domain/page.js';
import { decodeScheduleCursor, scheduleCursor } from '../../domain/list-orders.js';

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

export function scheduleAfter(cursor: string): Filter<ScheduleDoc> {
  const [name, id] = decodeScheduleCursor(cursor);
  return keysetAfter('name', name, id, '$gt') as Filter<ScheduleDoc>;
}

/** Enabled schedules due at `now`; a schedule without nextRunAt is never due (no number is <= now). */
export const dueQuery = (now: number): Filter<ScheduleDoc> => ({ enabled: true, nextRunAt: { $lte: now } });
export const DUE_SORT: Sort = { nextRunAt: 1, _id: 1 };
/** Enabled schedules that have a next run at all (absent ones would sort first). */
export const NEXT_DUE_QUERY: Filter<ScheduleDoc> = { enabled: true, nextRunAt: { $exists: true } };
/** nextDueAt(after): enabled schedules whose next run is later than `after`. */
export const nextDueAfterQuery = (after: number): Filter<ScheduleDoc> => ({ enabled: true, nextRunAt: { $gt: after } });

/** The scheduler's patch of a schedule, with the slot it expects and, for a skip, a newer slot than the last one counted. */
export const schedulePatchFilter = (id: string, ifNextRunAt?: number, skipped?: number): Filter<ScheduleDoc> => ({
  _id: id,
  ...(ifNextRunAt !== undefined && { nextRunAt: ifNextRunAt }),
  // $not also matches a schedule that has no lastSkippedAt.
  ...(skipped !== undefined && { lastSkippedAt: { $not: { $gte: skipped } } }),
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
  const inc: Record<string, number> = {};
  if (patch.failures === 'increment') inc.consecutiveFailures = 1;
  if (patch.failures === 'reset') set.consecutiveFailures = 0;
  if (patch.skipped !== undefined) (inc.skippedRuns = 1), (set.lastSkippedAt = patch.skipped);
  if (Object.keys(inc).length) update.$inc = inc;
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
    const doc = await this.schedules.findOneAndUpdate(schedulePatchFilter(id, ifNextRunAt, patch.skipped), schedulePatchUpdate(patch, now), {
      returnDocument: 'after',
    });
    return doc ? docToSchedule(doc) : undefined;
  }

  async get(id: string, orgId: string): Promise<Schedule | undefined> {
    const doc = await this.schedules.findOne({ _id: id, orgId });
    return doc ? docToSchedule(doc) : undefined;
  }

  async getMany(ids: readonly string[], orgId: string): Promise<Schedule[]> {
    if (ids.length === 0) return [];
    return (await this.schedules.find({ _id: { $in: [...ids] }, orgId }).toArray()).map(docToSchedule);
  }

  async list(orgId: string, filter: ScheduleFilter, page: PageRequest): Promise<Page<Schedule>> {
    const query = scheduleQuery(orgId, filter);
    const full = page.after === undefined ? query : { $and: [query, scheduleAfter(page.after)] };
    const docs = await this.schedules.find(full).sort(SCHEDULE_SORT).limit(page.first + 1).toArray();
    return pageOf(docs, page.first, docToSchedule, scheduleCursor);
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

  async nextDueAt(after?: number): Promise<number | undefined> {
    const query = after === undefined ? NEXT_DUE_QUERY : nextDueAfterQuery(after);
    const doc = await this.schedules.findOne(query, { sort: { nextRunAt: 1 }, projection: { _id: 0, nextRunAt: 1 } });
    return doc?.nextRunAt ?? undefined;
  }

  async countDue(until: number, max: number): Promise<number> {
    if (max <= 0) return 0;
    return this.schedules.countDocuments(dueQuery(until), { limit: max });
  }

  async activeOrgs(): Promise<string[]> {
    const orgs = (await this.schedules.distinct('orgId', NEXT_DUE_QUERY)) as string[];
    return orgs.sort();
  }
}
