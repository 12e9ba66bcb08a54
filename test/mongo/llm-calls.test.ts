/**
 * The MongoDB adapter's LLM-call documents (filters, list order and cursors, updates, the usage
 * aggregations), checked without a server: mingo evaluates them over documents, and the answers are
 * compared with the SQLite adapter's over the same calls.
 */
import { aggregate, find, updateOne } from 'mingo';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ValidationError } from '../../src/engine/domain/errors.js';
import { newId } from '../../src/engine/domain/ids.js';
import { p95 } from '../../src/engine/domain/percentile.js';
import { LLM_CALL_STATUSES, type LlmCall, type LlmCallFilter, type LlmCallPatch } from '../../src/engine/domain/llm-call.js';
import { docToLlmCall, toDoc, type LlmCallDoc } from '../../src/engine/store/mongo/documents.js';
import {
  LLM_CALL_SORT,
  TIMINGS_PROJECTION,
  llmCallAfter,
  llmCallQuery,
  llmCallUpdate,
  timingsQuery,
  usageOfJobPipeline,
  usageOfJobsPipeline,
  usagePipeline,
  costSumsPipeline,
  timingOf,
  type TimingDoc,
} from '../../src/engine/store/mongo/llm-calls.js';
import { llmCallCursor } from '../../src/engine/domain/list-orders.js';
import { summariseUsage, type UsageSums } from '../../src/engine/domain/llm-usage.js';
import type { Store } from '../../src/engine/store/port.js';
import { openSqliteStore } from '../../src/engine/store/sqlite/index.js';

const T0 = 1_700_000_000_000;
const ORG = 'org-a';
type SortSpec = Record<string, 1 | -1>;

/** A varied set: ties on queuedAt, every status, finished and unfinished, with and without a first token, two orgs. */
function makeCalls(): LlmCall[] {
  return Array.from({ length: 60 }, (_, i): LlmCall => {
    const queuedAt = T0 + Math.floor(i / 3) * 100;
    const status = LLM_CALL_STATUSES[i % 5]!;
    const started = status !== 'QUEUED' && i % 11 !== 0;
    const finished = status === 'SUCCEEDED' || status === 'FAILED' || status === 'CANCELLED';
    const call: LlmCall = {
      id: newId(),
      orgId: i % 9 === 0 ? 'org-b' : ORG,
      provider: i % 4 === 0 ? 'demo' : 'openai',
      model: i % 4 === 0 ? 'echo' : ['gpt-a', 'gpt-b', 'gpt-c'][i % 3]!,
      source: ['console', 'summarize', 'translate', 'tag'][i % 4]!,
      status,
      messages: [{ role: 'user', content: `question ${i}` }],
      output: finished ? [{ role: 'assistant', content: `answer ${i}` }] : [],
      usage: { inputTokens: i * 3, outputTokens: i * 2, cachedTokens: i % 3, totalTokens: i * 5 },
      queuedAt,
      retries: i % 3,
      updatedAt: queuedAt + 1000,
    };
    if (i % 3 === 1) call.requestedBy = ['alice', 'bob'][i % 2]!;
    if (i % 5 === 2) call.parentJobId = ['job-1', 'job-2'][i % 2]!;
    if (i % 7 === 0) call.params = { temperature: 0.1 * (i % 10) };
    if (status === 'FAILED') call.error = { message: 'upstream said no', httpStatus: 503 };
    if (started) call.startedAt = queuedAt + 5 + (i % 4);
    if (started && i % 2 === 0) call.firstTokenAt = call.startedAt! + 10 + ((i * 37) % 90);
    if (finished) call.finishedAt = (call.startedAt ?? queuedAt) + 100 + ((i * 53) % 400);
    // Priced calls (a cost once finished), unpriced ones, and calls of two schedules' jobs.
    if (i % 4 !== 3) call.price = { key: `${call.provider}:${call.model}`, inputPerMTok: 1, outputPerMTok: 2, effectiveFrom: T0 };
    if (call.price && finished) call.costMicros = i * 7;
    if (i % 3 === 2) call.usage.reasoningTokens = i;
    if (i % 6 < 2) call.scheduleId = ['sch-1', 'sch-2'][i % 2]!;
    return call;
  });
}

let sqlite: Store;
let calls: LlmCall[];
let docs: LlmCallDoc[];

beforeAll(async () => {
  sqlite = openSqliteStore({ file: ':memory:' });
  calls = makeCalls();
  for (const call of calls) await sqlite.llmCalls.insert(call);
  docs = calls.map((c) => toDoc(c) as LlmCallDoc);
});
afterAll(async () => sqlite.close());

const ids = (list: LlmCallDoc[]) => list.map((d) => d._id);
const sqliteIds = async (filter: LlmCallFilter) => (await sqlite.llmCalls.list(ORG, filter, { first: 1000 })).items.map((i) => i.node.id);

test('a call survives the trip to a document and back; nulls and internal fields do not come back', () => {
  for (const call of calls) expect(docToLlmCall(toDoc(call) as LlmCallDoc)).toEqual(call);
  const doc = { ...(toDoc(calls[1]!) as LlmCallDoc), error: null } as unknown as LlmCallDoc;
  expect(docToLlmCall(doc)).not.toHaveProperty('error');
  expect(docToLlmCall(doc)).not.toHaveProperty('_id');
});

describe('filters and the list order mean what the SQLite adapter means', () => {
  const filters: Array<[string, LlmCallFilter]> = [
    ['no filter', {}],
    ['status', { status: ['FAILED', 'RUNNING'] }],
    ['source', { source: ['tag', 'console'] }],
    ['requestedBy', { requestedBy: ['alice'] }],
    ['provider', { provider: ['demo'] }],
    ['model', { model: ['gpt-b'] }],
    ['parentJobId', { parentJobId: 'job-2' }],
    ['since inclusive', { since: T0 + 900 }],
    ['until exclusive', { until: T0 + 900 }],
    ['since and until', { since: T0 + 300, until: T0 + 1200 }],
    ['everything at once', { status: ['SUCCEEDED', 'FAILED', 'CANCELLED'], provider: ['openai'], since: T0 + 100, until: T0 + 1800 }],
  ];
  test.each(filters)('%s', async (_name, filter) => {
    const fromMongo = ids(find(docs, llmCallQuery(ORG, filter)).sort(LLM_CALL_SORT as SortSpec).all() as LlmCallDoc[]);
    expect(fromMongo).toEqual(await sqliteIds(filter));
    expect(fromMongo.length, 'the filter selects something').toBeGreaterThan(0);
    expect(await sqlite.llmCalls.count(ORG, filter)).toBe(fromMongo.length);
  });

  test('keyset pages walk every call once, in the SQLite order; cursors mean the same on both', async () => {
    const walked: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 100; page++) {
      const query = cursor === undefined ? llmCallQuery(ORG, {}) : { $and: [llmCallQuery(ORG, {}), llmCallAfter(cursor)] };
      const batch = find(docs, query).sort(LLM_CALL_SORT as SortSpec).limit(4).all() as LlmCallDoc[];
      if (batch.length === 0) break;
      walked.push(...ids(batch));
      cursor = llmCallCursor(docToLlmCall(batch.at(-1)!));
    }
    expect(walked).toEqual(await sqliteIds({}));
    // A SQLite cursor continues the Mongo list at the same place.
    const first = await sqlite.llmCalls.list(ORG, {}, { first: 5 });
    const next = find(docs, { $and: [llmCallQuery(ORG, {}), llmCallAfter(first.items.at(-1)!.cursor)] }).sort(LLM_CALL_SORT as SortSpec).limit(5).all();
    const sqliteNext = await sqlite.llmCalls.list(ORG, {}, { first: 5, after: first.items.at(-1)!.cursor });
    expect(ids(next as LlmCallDoc[])).toEqual(sqliteNext.items.map((i) => i.node.id));
  });

  test('a garbage cursor is an input error', () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const cursor of ['not a cursor', encode([1, 2, 3]), encode(['x', 'y']), encode([T0, 5])]) {
      expect(() => llmCallAfter(cursor), cursor).toThrow(ValidationError);
    }
  });
});

describe('updates change the document like the SQLite adapter changes the row', () => {
  const patches: Array<[string, LlmCallPatch]> = [
    ['nothing but the time', {}],
    ['start', { status: 'RUNNING', startedAt: T0 + 7 }],
    ['first token', { firstTokenAt: T0 + 9 }],
    [
      'finish',
      { status: 'SUCCEEDED', output: [{ role: 'assistant', content: 'ok ✓' }], usage: { inputTokens: 4, outputTokens: 5, cachedTokens: 1, totalTokens: 9 }, finishedAt: T0 + 20, retries: 2 },
    ],
    ['fail', { status: 'FAILED', error: { message: 'quota', code: 'insufficient_quota', httpStatus: 429 } }],
  ];
  test.each(patches)('%s', async (_name, patch) => {
    // A fresh copy in an org and job of its own, so the other tests' sums stay as they are.
    const call: LlmCall = { ...calls[12]!, id: newId(), orgId: 'org-updates', parentJobId: 'job-updates' };
    await sqlite.llmCalls.insert(call);
    const doc = toDoc(call) as LlmCallDoc;
    updateOne([doc], { _id: doc._id }, llmCallUpdate(patch, T0 + 50_000) as never);
    const fromSqlite = await sqlite.llmCalls.update(call.id, patch, T0 + 50_000);
    expect(docToLlmCall(doc)).toEqual(fromSqlite);
    expect(fromSqlite).toEqual({ ...call, ...patch, updatedAt: T0 + 50_000 });
  });

  test('undefined patch fields are left alone', () => {
    expect(llmCallUpdate({ status: 'RUNNING', error: undefined }, 5)).toEqual({ $set: { status: 'RUNNING', updatedAt: 5 } });
  });
});

describe('usage sums and percentiles match the SQLite adapter', () => {
  const mongoUsage = (orgId: string, since: number, until: number) => {
    const [sums] = aggregate(docs, usagePipeline(orgId, since, until)) as Array<{ byModel: UsageSums[]; bySource: UsageSums[]; bySchedule: UsageSums[] }>;
    const timings = find(docs, timingsQuery(orgId, since, until), TIMINGS_PROJECTION).all() as TimingDoc[];
    return summariseUsage({ byModel: sums?.byModel ?? [], bySource: sums?.bySource ?? [], bySchedule: sums?.bySchedule ?? [], timings: timings.map(timingOf) });
  };
  const windows: Array<[string, string, number, number]> = [
    ['everything', ORG, T0, T0 + 10_000],
    ['a slice with boundaries on queue times', ORG, T0 + 300, T0 + 1200],
    ['the other org', 'org-b', T0, T0 + 10_000],
    ['nothing', ORG, T0 + 50_000, T0 + 60_000],
  ];
  test.each(windows)('%s', async (_name, orgId, since, until) => {
    const fromMongo = mongoUsage(orgId, since, until);
    expect(fromMongo).toEqual(summariseUsage(await sqlite.llmCalls.usage(orgId, since, until)));
    if (_name === 'everything') {
      expect(fromMongo.byModel.map((r) => r.key)).toEqual(['demo:echo', 'openai:gpt-a', 'openai:gpt-b', 'openai:gpt-c']);
      expect(fromMongo.byModel.some((r) => r.p95DurationMs !== undefined && r.p95TtftMs !== undefined && r.failed > 0)).toBe(true);
    }
  });

  test('usage of a job: the sums of its calls, no document for a job without any', async () => {
    const [sums] = aggregate(docs, usageOfJobPipeline(ORG, 'job-1'));
    expect(sums).toEqual(await sqlite.llmCalls.usageOfJob(ORG, 'job-1'));
    expect((sums as { totalTokens: number }).totalTokens).toBeGreaterThan(0);
    expect(aggregate(docs, usageOfJobPipeline(ORG, 'job-none'))).toEqual([]);
    expect(aggregate(docs, usageOfJobPipeline('org-nobody', 'job-1'))).toEqual([]);
  });

  test('usage of many jobs: one row per job with calls, the same sums as SQLite', async () => {
    const asked = ['job-1', 'job-2', 'job-none'];
    const rows = aggregate(docs, usageOfJobsPipeline(ORG, asked)) as Array<{ jobId: string }>;
    const fromSqlite = await sqlite.llmCalls.usageOfJobs(ORG, asked);
    const asSqlite = rows.map(({ jobId, ...usage }) => ({ jobId, usage }));
    const byId = (a: { jobId: string }, b: { jobId: string }) => a.jobId.localeCompare(b.jobId);
    expect(asSqlite.sort(byId)).toEqual([...fromSqlite].sort(byId));
    expect(fromSqlite.length).toBeGreaterThan(0);
    expect(aggregate(docs, usageOfJobsPipeline('org-nobody', asked))).toEqual([]);
  });

  test('cost of jobs and of schedules: priced sums and unpriced counts, the same as SQLite', async () => {
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    const jobs = ['job-1', 'job-2', 'job-none'];
    const fromSqlite = await sqlite.llmCalls.costOfJobs(ORG, jobs);
    expect((aggregate(docs, costSumsPipeline(ORG, 'parentJobId', jobs)) as Array<{ id: string }>).sort(byId)).toEqual([...fromSqlite].sort(byId));
    const schedules = await sqlite.llmCalls.costOfSchedules(ORG, ['sch-1', 'sch-2']);
    expect((aggregate(docs, costSumsPipeline(ORG, 'scheduleId', ['sch-1', 'sch-2'])) as Array<{ id: string }>).sort(byId)).toEqual([...schedules].sort(byId));
    // The figures are what the calls say: priced and finished calls' costs, calls without a price.
    const expected = (id: string) => {
      const mine = calls.filter((c) => c.orgId === ORG && c.scheduleId === id);
      return { id, costMicros: mine.reduce((n, c) => n + (c.costMicros ?? 0), 0), unpricedCalls: mine.filter((c) => !c.price).length };
    };
    expect(schedules.sort(byId)).toEqual([expected('sch-1'), expected('sch-2')]);
    expect(schedules.some((s) => s.costMicros > 0 && s.unpricedCalls > 0)).toBe(true);
  });
});

test('p95 is the nearest-rank 95th percentile', () => {
  expect(p95([])).toBeUndefined();
  expect(p95([42])).toBe(42);
  expect(p95([3, 1, 2])).toBe(3); // rank ceil(2.85) = 3
  const oneToTwenty = Array.from({ length: 20 }, (_, i) => 20 - i);
  expect(p95(oneToTwenty)).toBe(19); // rank ceil(19) = 19, not 20: 0.95 * 20 is not rounded up past 19
  expect(p95([...oneToTwenty, 21])).toBe(20); // rank ceil(19.95) = 20
  expect(p95(Array.from({ length: 100 }, (_, i) => i + 1))).toBe(95);
  expect(p95(Array.from({ length: 101 }, (_, i) => i + 1))).toBe(96); // rank ceil(95.95) = 96
  const input = [5, 1, 4];
  p95(input);
  expect(input).toEqual([5, 1, 4]); // the caller's array is not sorted in place
});
