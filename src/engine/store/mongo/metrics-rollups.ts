/**
 * Metrics rollups on MongoDB (domain/metrics-rollup.ts): each org's rolled minutes in one collection
 * (`kind` t: a task type's finishes, s: a schedule's triggers, d: queue-depth changes; binned
 * durations summed by `$inc` on `durations.<bin>`) and its mark in another. Rolling reads jobs in
 * finish order on org_finished and writes the sums and the new mark in one transaction, so no job
 * counts twice however many processes roll; a window is read in one transaction (one snapshot).
 */
import type { AnyBulkWriteOperation, ClientSession, Collection, Document } from 'mongodb';
import type { MetricsJobTimes } from '../../domain/metrics.js';
import {
  floorMinute,
  MINUTE_MS,
  rollChunk,
  rollupOf,
  type DurationBins,
  type OpenJobGroup,
  type RolledWindow,
} from '../../domain/metrics-rollup.js';
import type { MetricsRollupRepository } from '../port.js';
import type { JobDoc } from './documents.js';
import type { Transact } from './jobs.js';
import { docToMetricsTimes, METRICS_PROJECTION } from './metrics.js';

export interface MetricMarkDoc {
  _id: string;
  rolledUntil: number;
}

export interface MetricMinuteDoc {
  _id: string;
  orgId: string;
  kind: 't' | 's' | 'd';
  minute: number;
  /** The task type (t), the schedule (s), '' (d). */
  key: string;
  succeeded?: number;
  failed?: number;
  triggers?: number;
  delta?: number;
  durations?: DurationBins;
}

export interface MetricsRollupCollections {
  transact: Transact;
  jobs: Collection<JobDoc>;
  marks: Collection<MetricMarkDoc>;
  minutes: Collection<MetricMinuteDoc>;
}

const minuteId = (orgId: string, kind: MetricMinuteDoc['kind'], minute: number, key: string) => JSON.stringify([orgId, kind, minute, key]);

/** `$inc` of a minute's sums, the document made on first use. */
function addTo(orgId: string, kind: MetricMinuteDoc['kind'], minute: number, key: string, inc: Record<string, number>): AnyBulkWriteOperation<MetricMinuteDoc> {
  return {
    updateOne: {
      filter: { _id: minuteId(orgId, kind, minute, key) },
      update: { $inc: inc, $setOnInsert: { orgId, kind, minute, key } },
      upsert: true,
    },
  };
}

const binsInc = (bins: DurationBins) => Object.fromEntries(Object.entries(bins).map(([bin, n]) => [`durations.${bin}`, n]));

const ceilMinuteOf = (field: string) => ({ $multiply: [{ $ceil: { $divide: [field, MINUTE_MS] } }, MINUTE_MS] });
const isMissing = (field: string) => ({ $eq: [{ $ifNull: [field, null] }, null] });

/** Unfinished jobs created by `until`, summed in groups (OpenJobGroup), on org_finished (finishedAt null). */
export function openGroupsPipeline(orgId: string, since: number, until: number): Document[] {
  return [
    { $match: { orgId, finishedAt: null, createdAt: { $lte: until } } },
    {
      $group: {
        _id: {
          createdMinute: ceilMinuteOf('$createdAt'),
          startedMinute: { $cond: [isMissing('$startedAt'), null, ceilMinuteOf('$startedAt')] },
          scheduleId: {
            $cond: [{ $and: [{ $gte: ['$createdAt', since] }, { $lt: ['$createdAt', until] }] }, { $ifNull: ['$scheduleId', null] }, null],
          },
        },
        waitingAtUntil: { $sum: { $cond: [{ $or: [isMissing('$startedAt'), { $gt: ['$startedAt', until] }] }, 1, 0] } },
        n: { $sum: 1 },
      },
    },
    { $project: { _id: 0, createdMinute: '$_id.createdMinute', startedMinute: '$_id.startedMinute', scheduleId: '$_id.scheduleId', waitingAtUntil: 1, n: 1 } },
  ];
}

export class MongoMetricsRollupRepository implements MetricsRollupRepository {
  constructor(private readonly c: MetricsRollupCollections) {}

  async window(orgId: string, since: number, until: number): Promise<{ rolled: RolledWindow; jobs: MetricsJobTimes[] }> {
    return this.c.transact(async (session) => {
      const rolledUntil = await this.#mark(orgId, session);
      const rows = await this.c.minutes
        .find({ orgId, kind: { $in: ['t', 's', 'd'] }, minute: { $gte: since, $lte: until } }, { session })
        .toArray();
      const inWindow = (r: MetricMinuteDoc) => r.minute < until;
      const before = await this.c.minutes
        .aggregate([{ $match: { orgId, kind: 'd', minute: { $lte: since } } }, { $group: { _id: null, n: { $sum: '$delta' } } }], { session })
        .toArray();
      const open = (await this.c.jobs.aggregate(openGroupsPipeline(orgId, since, until), { session }).toArray()) as OpenJobGroup[];
      const from = Math.max(1, since, rolledUntil);
      const docs = await this.c.jobs
        .find({ orgId, finishedAt: { $gte: from }, createdAt: { $lte: until } }, { projection: METRICS_PROJECTION, session })
        .toArray();
      const rolled: RolledWindow = {
        rolledUntil,
        types: rows
          .filter((r) => r.kind === 't' && inWindow(r))
          .map((r) => ({ minute: r.minute, type: r.key, succeeded: r.succeeded ?? 0, failed: r.failed ?? 0, durations: r.durations ?? {} })),
        schedules: rows.filter((r) => r.kind === 's' && inWindow(r)).map((r) => ({
          minute: r.minute,
          scheduleId: r.key,
          triggers: r.triggers ?? 0,
          succeeded: r.succeeded ?? 0,
          failed: r.failed ?? 0,
          durations: r.durations ?? {},
        })),
        depth: rows.filter((r) => r.kind === 'd' && r.minute > since).map((r) => ({ minute: r.minute, delta: r.delta ?? 0 })),
        depthBefore: (before[0]?.n as number | undefined) ?? 0,
        open,
      };
      return { rolled, jobs: docs.map(docToMetricsTimes) };
    });
  }

  async roll(orgId: string, upTo: number, maxJobs: number): Promise<{ rolled: number; done: boolean }> {
    return this.c.transact(async (session) => {
      const from = Math.max(1, await this.#mark(orgId, session));
      if (from >= upTo) return { rolled: 0, done: true };
      const read = await this.c.jobs
        .find({ orgId, finishedAt: { $gte: from, $lt: upTo } }, { projection: METRICS_PROJECTION, sort: { finishedAt: 1 }, session })
        .limit(maxJobs)
        .toArray();
      const chunk = rollChunk(read.map((d) => d.finishedAt!), maxJobs, upTo);
      const docs =
        chunk.allAt === undefined
          ? read.slice(0, chunk.take)
          : await this.c.jobs.find({ orgId, finishedAt: chunk.allAt }, { projection: METRICS_PROJECTION, session }).toArray();
      const rollup = rollupOf(docs.map(docToMetricsTimes));
      const ops: AnyBulkWriteOperation<MetricMinuteDoc>[] = [
        ...rollup.types.map((t) => addTo(orgId, 't', t.minute, t.type, { succeeded: t.succeeded, failed: t.failed, ...binsInc(t.durations) })),
        ...rollup.schedules.map((s) =>
          addTo(orgId, 's', s.minute, s.scheduleId, { triggers: s.triggers, succeeded: s.succeeded, failed: s.failed, ...binsInc(s.durations) }),
        ),
        ...rollup.depth.map((d) => addTo(orgId, 'd', d.minute, '', { delta: d.delta })),
      ];
      if (ops.length) await this.c.minutes.bulkWrite(ops, { session, ordered: true });
      await this.c.marks.updateOne({ _id: orgId }, { $set: { rolledUntil: chunk.mark } }, { upsert: true, session });
      return { rolled: docs.length, done: chunk.done };
    });
  }

  async orgs(): Promise<string[]> {
    return (await this.c.jobs.distinct('orgId')) as string[];
  }

  async purge(before: number): Promise<void> {
    const cut = floorMinute(before);
    await this.c.transact(async (session) => {
      const sums = await this.c.minutes
        .aggregate([{ $match: { kind: 'd', minute: { $lt: cut } } }, { $group: { _id: '$orgId', n: { $sum: '$delta' } } }], { session })
        .toArray();
      await this.c.minutes.deleteMany({ minute: { $lt: cut } }, { session });
      const folds = sums.filter((s) => s.n !== 0).map((s) => addTo(s._id as string, 'd', cut - MINUTE_MS, '', { delta: s.n as number }));
      if (folds.length) await this.c.minutes.bulkWrite(folds, { session, ordered: true });
    });
  }

  async #mark(orgId: string, session: ClientSession | undefined): Promise<number> {
    return (await this.c.marks.findOne({ _id: orgId }, { session }))?.rolledUntil ?? 0;
  }
}
