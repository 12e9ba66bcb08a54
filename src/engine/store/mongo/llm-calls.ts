/**
 * Recorded LLM calls on MongoDB: the filter, sort, update and aggregation documents (pure, so they
 * can be checked without a server, and meaning what the SQLite adapter's SQL means), and the
 * repository. Writes announce nothing here: the change stream does (change-stream.ts).
 */
import type { Collection, Document, Filter, Sort, UpdateFilter } from 'mongodb';
import { ZERO_USAGE, type LlmCall, type LlmCallFilter, type LlmCallPatch, type TokenUsage } from '../../domain/llm-call.js';
import type { Page, PageRequest } from '../../domain/page.js';
import type { CostSum, LlmCallRepository } from '../port.js';
import { docToLlmCall, toDoc, type LlmCallDoc } from './documents.js';
import { keysetAfter } from './keyset.js';
import { pageOf } from '../../domain/page.js';
import { decodeTimeCursor, llmCallCursor } from '../../domain/list-orders.js';
import type { CallTiming, LlmUsageFacts, UsageSums } from '../../domain/llm-usage.js';
import type { CostBucketSum, CostSeriesFacts } from '../../domain/cost-series.js';

export function llmCallQuery(orgId: string, f: LlmCallFilter): Filter<LlmCallDoc> {
  const query: Filter<LlmCallDoc> = { orgId };
  if (f.status?.length) query.status = { $in: f.status };
  if (f.source?.length) query.source = { $in: f.source };
  if (f.requestedBy?.length) query.requestedBy = { $in: f.requestedBy };
  if (f.provider?.length) query.provider = { $in: f.provider };
  if (f.model?.length) query.model = { $in: f.model };
  if (f.parentJobId !== undefined) query.parentJobId = f.parentJobId;
  if (f.since !== undefined || f.until !== undefined) {
    query.queuedAt = { ...(f.since !== undefined && { $gte: f.since }), ...(f.until !== undefined && { $lt: f.until }) };
  }
  return query;
}

/** Newest first; the id breaks ties, so pages neither skip nor repeat calls queued at the same time. */
export const LLM_CALL_SORT: Sort = { queuedAt: -1, _id: -1 };

/** "After this cursor" in the list order: (queuedAt, id) < (q, i). */
export function llmCallAfter(cursor: string): Filter<LlmCallDoc> {
  const [queuedAt, id] = decodeTimeCursor(cursor);
  return keysetAfter('queuedAt', queuedAt, id, '$lt') as Filter<LlmCallDoc>;
}

const PATCH_FIELDS = ['status', 'output', 'error', 'usage', 'startedAt', 'firstTokenAt', 'finishedAt', 'retries', 'costMicros'] as const;

/** Sets only the fields present in the patch, and updatedAt. */
export function llmCallUpdate(patch: LlmCallPatch, now: number): UpdateFilter<LlmCallDoc> {
  const set: Record<string, unknown> = {};
  for (const field of PATCH_FIELDS) if (patch[field] !== undefined) set[field] = patch[field];
  set.updatedAt = now;
  return { $set: set } as UpdateFilter<LlmCallDoc>;
}

const inWindow = (orgId: string, since: number, until: number) => ({ orgId, queuedAt: { $gte: since, $lt: until } });

const TOKEN_SUMS = {
  inputTokens: { $sum: '$usage.inputTokens' },
  outputTokens: { $sum: '$usage.outputTokens' },
  cachedTokens: { $sum: '$usage.cachedTokens' },
  totalTokens: { $sum: '$usage.totalTokens' },
};
/** Unpriced: no price stored (SQLite's price IS NULL); a priced call has a cost once it ends. */
const COST_SUMS = {
  costMicros: { $sum: { $ifNull: ['$costMicros', 0] } },
  unpricedCalls: { $sum: { $cond: [{ $eq: [{ $type: '$price' }, 'missing'] }, 1, 0] } },
};
const SUMS = { calls: { $sum: 1 }, failed: { $sum: { $cond: [{ $eq: ['$status', 'FAILED'] }, 1, 0] } }, ...TOKEN_SUMS, ...COST_SUMS };
const keep = (sums: object) => Object.fromEntries(Object.keys(sums).map((k) => [k, 1]));
const byKey = (key: unknown) => [{ $group: { _id: key, ...SUMS } }, { $project: { _id: 0, key: '$_id', ...keep(SUMS) } }];

/** Token usage summed over one job's calls: no document when it made none. */
export function usageOfJobPipeline(orgId: string, jobId: string): Document[] {
  return [{ $match: { parentJobId: jobId, orgId } }, { $group: { _id: null, ...TOKEN_SUMS } }, { $project: { _id: 0, ...keep(TOKEN_SUMS) } }];
}

/** Token sums per job, for the jobs among `jobIds` that have calls (the parentJobId index). */
export function usageOfJobsPipeline(orgId: string, jobIds: readonly string[]): Document[] {
  return [
    { $match: { parentJobId: { $in: [...jobIds] }, orgId } },
    { $group: { _id: '$parentJobId', ...TOKEN_SUMS } },
    { $project: { _id: 0, jobId: '$_id', ...keep(TOKEN_SUMS) } },
  ];
}

/** The oldest `perStep` calls of each (job, step) of these jobs, oldest first (the parent_job index narrows it). */
export function stepCallsPipeline(orgId: string, jobIds: readonly string[], perStep: number): Document[] {
  return [
    { $match: { parentJobId: { $in: [...jobIds] }, orgId, step: { $type: 'string' } } },
    { $setWindowFields: { partitionBy: { job: '$parentJobId', step: '$step' }, sortBy: { queuedAt: 1, _id: 1 }, output: { stepN: { $documentNumber: {} } } } },
    { $match: { stepN: { $lte: perStep } } },
    { $sort: { queuedAt: 1, _id: 1 } },
    { $unset: 'stepN' },
  ];
}

/** Cost sums per value of `field` (parentJobId or scheduleId), for the documents whose field is one of `ids`. */
export function costSumsPipeline(orgId: string, field: 'parentJobId' | 'scheduleId', ids: readonly string[]): Document[] {
  return [
    { $match: { [field]: { $in: [...ids] }, orgId } },
    { $group: { _id: `$${field}`, ...COST_SUMS } },
    { $project: { _id: 0, id: '$_id', ...keep(COST_SUMS) } },
  ];
}

/** Calls, failures, token and cost sums in the window, by provider:model, by source and by schedule, in one pass. */
export function usagePipeline(orgId: string, since: number, until: number): Document[] {
  return [
    { $match: inWindow(orgId, since, until) },
    {
      $facet: {
        byModel: byKey({ $concat: ['$provider', ':', '$model'] }),
        bySource: byKey('$source'),
        bySchedule: [{ $match: { scheduleId: { $exists: true } } }, ...byKey('$scheduleId')],
      },
    },
  ];
}

/**
 * Cost per bucket of the window's calls (the org_queued index serves the match), by provider:model and,
 * for calls made by jobs, by their source (the task type); SQLite's integer division is the $floor.
 */
export function costSeriesPipeline(orgId: string, since: number, until: number, bucketMs: number): Document[] {
  const bucket = { $floor: { $divide: [{ $subtract: ['$queuedAt', since] }, bucketMs] } };
  const by = (key: unknown) => [
    { $group: { _id: { bucket, key }, ...COST_SUMS } },
    { $project: { _id: 0, bucket: '$_id.bucket', key: '$_id.key', ...keep(COST_SUMS) } },
  ];
  return [
    { $match: inWindow(orgId, since, until) },
    {
      $facet: {
        byModel: by({ $concat: ['$provider', ':', '$model'] }),
        byTaskType: [{ $match: { parentJobId: { $exists: true } } }, ...by('$source')],
      },
    },
  ];
}

/**
 * The finished calls in the window that have the times a duration needs (SQLite's IS NOT NULL: absent
 * fields are not stored, and inserts and updates never write null).
 */
export function timingsQuery(orgId: string, since: number, until: number): Filter<LlmCallDoc> {
  return { ...inWindow(orgId, since, until), startedAt: { $exists: true }, finishedAt: { $exists: true } };
}

export const TIMINGS_PROJECTION = { _id: 0, provider: 1, model: 1, source: 1, startedAt: 1, firstTokenAt: 1, finishedAt: 1 } as const;
export type TimingDoc = Pick<LlmCallDoc, 'provider' | 'model' | 'source' | 'startedAt' | 'firstTokenAt' | 'finishedAt'>;

/** A finished call's timing from its document (the query asks for startedAt and finishedAt). */
export function timingOf(doc: TimingDoc): CallTiming {
  const timing: CallTiming = { model: `${doc.provider}:${doc.model}`, source: doc.source, durationMs: doc.finishedAt! - doc.startedAt! };
  if (doc.firstTokenAt != null) timing.ttftMs = doc.firstTokenAt - doc.startedAt!;
  return timing;
}

export class MongoLlmCallRepository implements LlmCallRepository {
  constructor(private readonly calls: Collection<LlmCallDoc>) {}

  async insert(call: LlmCall): Promise<void> {
    await this.calls.insertOne(toDoc(call) as LlmCallDoc);
  }

  async update(id: string, patch: LlmCallPatch, now: number): Promise<LlmCall | undefined> {
    const doc = await this.calls.findOneAndUpdate({ _id: id }, llmCallUpdate(patch, now), { returnDocument: 'after' });
    return doc ? docToLlmCall(doc) : undefined;
  }

  async get(id: string, orgId: string): Promise<LlmCall | undefined> {
    const doc = await this.calls.findOne({ _id: id, orgId });
    return doc ? docToLlmCall(doc) : undefined;
  }

  async list(orgId: string, filter: LlmCallFilter, page: PageRequest): Promise<Page<LlmCall>> {
    const query = llmCallQuery(orgId, filter);
    const full = page.after === undefined ? query : { $and: [query, llmCallAfter(page.after)] };
    const docs = await this.calls.find(full).sort(LLM_CALL_SORT).limit(page.first + 1).toArray();
    return pageOf(docs, page.first, docToLlmCall, llmCallCursor);
  }

  count(orgId: string, filter: LlmCallFilter): Promise<number> {
    return this.calls.countDocuments(llmCallQuery(orgId, filter));
  }

  async ofSteps(orgId: string, jobIds: readonly string[], perStep: number): Promise<LlmCall[]> {
    if (jobIds.length === 0) return [];
    const docs = await this.calls.aggregate<LlmCallDoc>(stepCallsPipeline(orgId, jobIds, perStep)).toArray();
    return docs.map(docToLlmCall);
  }

  async usageOfJobs(orgId: string, jobIds: readonly string[]): Promise<Array<{ jobId: string; usage: TokenUsage }>> {
    if (jobIds.length === 0) return [];
    const rows = await this.calls.aggregate<TokenUsage & { jobId: string }>(usageOfJobsPipeline(orgId, jobIds)).toArray();
    return rows.map(({ jobId, ...usage }) => ({ jobId, usage }));
  }

  async usageOfJob(orgId: string, jobId: string): Promise<TokenUsage> {
    const [sums] = await this.calls.aggregate<TokenUsage>(usageOfJobPipeline(orgId, jobId)).toArray();
    return sums ?? { ...ZERO_USAGE };
  }

  costOfJobs(orgId: string, jobIds: readonly string[]): Promise<CostSum[]> {
    if (jobIds.length === 0) return Promise.resolve([]);
    return this.calls.aggregate<CostSum>(costSumsPipeline(orgId, 'parentJobId', jobIds)).toArray();
  }

  costOfSchedules(orgId: string, scheduleIds: readonly string[]): Promise<CostSum[]> {
    if (scheduleIds.length === 0) return Promise.resolve([]);
    return this.calls.aggregate<CostSum>(costSumsPipeline(orgId, 'scheduleId', scheduleIds)).toArray();
  }

  async usage(orgId: string, since: number, until: number): Promise<LlmUsageFacts> {
    // Two reads, not one snapshot: a call that finishes in between may count in one and not the other.
    const [[sums], timings] = await Promise.all([
      this.calls.aggregate<{ byModel: UsageSums[]; bySource: UsageSums[]; bySchedule: UsageSums[] }>(usagePipeline(orgId, since, until)).toArray(),
      this.calls.find<TimingDoc>(timingsQuery(orgId, since, until), { projection: TIMINGS_PROJECTION }).toArray(),
    ]);
    return { byModel: sums?.byModel ?? [], bySource: sums?.bySource ?? [], bySchedule: sums?.bySchedule ?? [], timings: timings.map(timingOf) };
  }

  async costSeries(orgId: string, since: number, until: number, bucketMs: number): Promise<CostSeriesFacts> {
    const [sums] = await this.calls.aggregate<{ byModel: CostBucketSum[]; byTaskType: CostBucketSum[] }>(costSeriesPipeline(orgId, since, until, bucketMs)).toArray();
    return { byModel: sums?.byModel ?? [], byTaskType: sums?.byTaskType ?? [] };
  }

  async purge(before: number, max: number): Promise<number> {
    if (max <= 0) return 0;
    const found = await this.calls
      .find({ queuedAt: { $lt: before } }, { projection: { _id: 1 } })
      .sort({ queuedAt: 1 })
      .limit(max)
      .toArray();
    if (found.length === 0) return 0;
    return (await this.calls.deleteMany({ _id: { $in: found.map((d) => d._id) } })).deletedCount;
  }
}
