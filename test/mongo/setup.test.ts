/**
 * The MongoDB adapter's parts that need no server: change events from change-stream documents,
 * resume-token failure detection, the replica-set check, index definitions, and the error when no
 * server answers.
 */
import { aggregate, find } from 'mingo';
import { MongoServerError } from 'mongodb';
import { describe, expect, test } from 'vitest';
import { silentLogger } from '../../src/engine/runtime/logger.js';
import { toChangeEvent, changeStreamPipeline } from '../../src/engine/store/mongo/change-stream.js';
import { isHistoryLost } from '../../src/engine/store/mongo/change-stream-feed.js';
import { newJobDoc } from '../../src/engine/store/mongo/documents.js';
import { COLLECTIONS, INDEXES, OBSOLETE_INDEXES } from '../../src/engine/store/mongo/indexes.js';
import { assertChangeStreams, MongoSetupError, openMongoStore, redactUri } from '../../src/engine/store/mongo/index.js';

const job = newJobDoc({ id: 'j1', orgId: 'acme', type: 'sleep', priority: 0, payload: { ms: 1 }, maxAttempts: 3, runAt: 1, createdAt: 1 });
const ns = (coll: string) => ({ db: 'jobcenter', coll });
/** A change document as the pipeline leaves it, then as a feed event (undefined: dropped). */
const announce = (change: unknown) => {
  const [piped] = aggregate([change as object], changeStreamPipeline());
  return piped ? toChangeEvent(piped as never) : undefined;
};
const update = (fields: Record<string, unknown>, removed: string[] = [], fullDocument: unknown = { ...job, status: 'RUNNING' }) =>
  ({
    _id: { _data: 'x' },
    operationType: 'update',
    ns: ns(COLLECTIONS.jobs),
    documentKey: { _id: 'j1' },
    updateDescription: { updatedFields: fields, removedFields: removed },
    fullDocument,
  }) as never;

describe('change-stream documents become feed events', () => {
  test('an inserted job is job.created, without internal fields', () => {
    const event = toChangeEvent({ _id: { _data: 'x' }, operationType: 'insert', ns: ns(COLLECTIONS.jobs), documentKey: { _id: 'j1' }, fullDocument: job } as never);
    expect(event).toMatchObject({ kind: 'job.created', job: { id: 'j1', orgId: 'acme', status: 'QUEUED' } });
    expect(event && 'job' in event && event.job).not.toHaveProperty('payloadText');
    expect(event && 'job' in event && event.job).not.toHaveProperty('_id');
  });

  test('a status change is job.updated; progress-only is job.progress; heartbeats and checkpoints are dropped by the pipeline', () => {
    expect(announce(update({ status: 'RUNNING', attempt: 1, leaseOwner: 'w' }))).toMatchObject({ kind: 'job.updated', job: { status: 'RUNNING' } });
    expect(announce(update({ 'progress.percent': 50, updatedAt: 2 }))?.kind).toBe('job.progress');
    expect(announce(update({ progress: { percent: 5 }, updatedAt: 2 }))?.kind).toBe('job.progress');
    // Quiet updates never leave the server: the pipeline's $match drops them.
    expect(aggregate([update({ leaseExpiresAt: 9 })], changeStreamPipeline())).toEqual([]);
    expect(aggregate([update({ checkpoint: { chunk: 3 }, updatedAt: 9 })], changeStreamPipeline())).toEqual([]);
    // Finishing clears the lease (removed fields) and sets the status: announced.
    expect(announce(update({ status: 'SUCCEEDED' }, ['leaseOwner', 'leaseExpiresAt']))?.kind).toBe('job.updated');
    // A progress write that also pushed an error (errors.3) is a state change, not progress.
    expect(announce(update({ progress: { percent: 5 }, 'errors.3': { message: 'x' } }))?.kind).toBe('job.updated');
    // An update without its post-image is reported, never dropped without a word.
    expect(() => toChangeEvent(update({ status: 'SUCCEEDED' }, [], null))).toThrow(/without its document/);
  });

  test('a delete carries the org and job from the pre-image, or is not announced at all', () => {
    const deleted = { _id: { _data: 'x' }, operationType: 'delete', ns: ns(COLLECTIONS.jobs), documentKey: { _id: 'j1' } };
    expect(toChangeEvent({ ...deleted, fullDocumentBeforeChange: job } as never)).toMatchObject({ kind: 'job.deleted', jobId: 'j1', orgId: 'acme', job: { id: 'j1' } });
    expect(toChangeEvent(deleted as never)).toBeUndefined();
  });

  test('a log line is job.log; other collections and operations are ignored', () => {
    const log = { _id: 'j1:1', jobId: 'j1', orgId: 'acme', seq: 1, at: 5, level: 'INFO', message: 'hi' };
    expect(toChangeEvent({ _id: { _data: 'x' }, operationType: 'insert', ns: ns(COLLECTIONS.jobLogs), documentKey: { _id: 'j1:1' }, fullDocument: log } as never)).toEqual({
      kind: 'job.log',
      log: { jobId: 'j1', orgId: 'acme', seq: 1, at: 5, level: 'INFO', message: 'hi' },
    });
    expect(toChangeEvent({ _id: { _data: 'x' }, operationType: 'insert', ns: ns(COLLECTIONS.audit), documentKey: { _id: 'a' }, fullDocument: {} } as never)).toBeUndefined();
    expect(toChangeEvent({ _id: { _data: 'x' }, operationType: 'drop', ns: ns(COLLECTIONS.jobs) } as never)).toBeUndefined();
  });

  test('an inserted LLM call is llm.created; an update or replace is llm.updated with the whole call', () => {
    const call = { _id: 'c1', orgId: 'acme', provider: 'demo', model: 'echo', source: 'console', status: 'RUNNING', messages: [{ role: 'user', content: 'hi' }], output: [], usage: { inputTokens: 1, outputTokens: 0, cachedTokens: 0, totalTokens: 1 }, queuedAt: 1, startedAt: 2, retries: 0, updatedAt: 2 };
    const expected = { ...call, id: 'c1' } as Record<string, unknown>;
    delete expected._id;
    const change = (operationType: string, fullDocument: unknown, extra: object = {}) =>
      toChangeEvent({ _id: { _data: 'x' }, operationType, ns: ns(COLLECTIONS.llmCalls), documentKey: { _id: 'c1' }, fullDocument, ...extra } as never);
    expect(change('insert', { ...call, status: 'QUEUED' })).toEqual({ kind: 'llm.created', call: { ...expected, status: 'QUEUED' } });
    // Every stored change of a call is announced, even one that touches only its times.
    expect(change('update', call, { updateDescription: { updatedFields: { updatedAt: 2 }, removedFields: [] } })).toEqual({ kind: 'llm.updated', call: expected });
    expect(change('replace', call)).toEqual({ kind: 'llm.updated', call: expected });
    // Without its post-image: reported (post-images are required). Deletes are never announced.
    expect(() => change('update', null, { updateDescription: { updatedFields: { status: 'FAILED' }, removedFields: [] } })).toThrow(/without its document/);
    expect(change('delete', undefined, { fullDocumentBeforeChange: call })).toBeUndefined();
  });

  test('events stay small: an update carries its post-image only (no delta, no pre-image, no search copies); a delete a trimmed pre-image', () => {
    const stored = { ...job, status: 'SUCCEEDED', result: { text: 'r'.repeat(1000) }, checkpoint: { at: 3 }, progress: { percent: 100, updatedAt: 2, data: { d: 1 } }, errorTexts: ['{}'] };
    const [updated] = aggregate(
      [{ ...(update({ status: 'SUCCEEDED', result: stored.result }, ['leaseOwner'], stored) as object), fullDocumentBeforeChange: { ...job, status: 'RUNNING' } }],
      changeStreamPipeline(),
    );
    expect(updated).not.toHaveProperty('updateDescription');
    expect(updated).not.toHaveProperty('fullDocumentBeforeChange');
    expect(updated!.fullDocument).not.toHaveProperty('payloadText');
    expect(updated!.fullDocument).not.toHaveProperty('errorTexts');
    expect(updated!.fullDocument).toMatchObject({ result: stored.result, checkpoint: { at: 3 }, payload: job.payload });
    const [deleted] = aggregate(
      [{ _id: { _data: 'x' }, operationType: 'delete', ns: ns(COLLECTIONS.jobs), documentKey: { _id: 'j1' }, fullDocumentBeforeChange: stored }],
      changeStreamPipeline(),
    );
    // What a deletion is matched by stays (org, status, type, payload, errors); the rest goes.
    expect(deleted!.fullDocumentBeforeChange).toMatchObject({ orgId: 'acme', status: 'SUCCEEDED', type: 'sleep', payload: job.payload, errors: [] });
    for (const field of ['result', 'checkpoint', 'progress', 'payloadText', 'errorTexts']) expect(deleted!.fullDocumentBeforeChange).not.toHaveProperty(field);
    expect(toChangeEvent(deleted as never)).toMatchObject({ kind: 'job.deleted', jobId: 'j1', orgId: 'acme' });
  });

  test('the pipeline lets through what is announced: every job and schedule write, log inserts, LLM call, run and alert inserts and updates', () => {
    const changes = [
      ['jobs', 'insert'], ['jobs', 'delete'], ['jobs', 'drop'], ['job_logs', 'insert'], ['job_logs', 'update'], ['llm_calls', 'insert'], ['llm_calls', 'update'],
      ['llm_calls', 'replace'], ['llm_calls', 'delete'], ['audit_entries', 'insert'], ['meta', 'update'],
      ['schedules', 'insert'], ['schedules', 'update'], ['schedules', 'replace'], ['schedules', 'delete'], ['schedule_runs', 'update'], ['schedule_runs', 'delete'],
      ['alerts', 'insert'], ['alerts', 'update'], ['alerts', 'delete'], ['workers', 'update'], ['concurrency_slots', 'update'],
    ].map(([coll, operationType]) => ({ ns: ns(coll!), operationType, updateDescription: { updatedFields: { x: 1 }, removedFields: [] } }));
    const passed = aggregate(changes, changeStreamPipeline()).map((c) => `${(c as { ns: { coll: string } }).ns.coll}.${c.operationType as string}`);
    expect(passed).toEqual([
      'jobs.insert', 'jobs.delete', 'job_logs.insert', 'llm_calls.insert', 'llm_calls.update', 'llm_calls.replace',
      'schedules.insert', 'schedules.update', 'schedules.replace', 'schedules.delete', 'schedule_runs.update',
      'alerts.insert', 'alerts.update',
    ]);
  });
});

test('a resume token past the oplog is recognised; other errors are not', () => {
  expect(isHistoryLost(new MongoServerError({ message: 'history lost', code: 286 }))).toBe(true);
  expect(isHistoryLost(new MongoServerError({ message: 'fatal', code: 280 }))).toBe(true);
  expect(isHistoryLost(new MongoServerError({ message: 'dup', code: 11000 }))).toBe(false);
  expect(isHistoryLost(new Error('network'))).toBe(false);
});

test('change streams need a replica set or a sharded cluster: a standalone server is refused with the fix', () => {
  expect(() => assertChangeStreams({ setName: 'rs0', isWritablePrimary: true }, 'h')).not.toThrow();
  expect(() => assertChangeStreams({ msg: 'isdbgrid' }, 'h')).not.toThrow();
  const refuse = () => assertChangeStreams({ isWritablePrimary: true }, 'mongodb://db.example:27017');
  expect(refuse).toThrow(MongoSetupError);
  expect(refuse).toThrow(/standalone.*replica set.*rs\.initiate/s);
});

test('credentials never appear in messages', () => {
  expect(redactUri('mongodb://alice:s3cret@db.example:27017/jobs?replicaSet=rs0')).toBe('mongodb://***@db.example:27017/jobs?replicaSet=rs0');
  expect(redactUri('mongodb+srv://u:p@cluster.example/')).toBe('mongodb+srv://***@cluster.example/');
  expect(redactUri('mongodb://localhost:27017')).toBe('mongodb://localhost:27017');
});

test('no server answering: a clear error naming the address, not the password', async () => {
  const error = await openMongoStore({
    uri: 'mongodb://bob:hunter2@127.0.0.1:1/jobcenter?directConnection=true',
    nodeName: 'test',
    logger: silentLogger,
    serverSelectionTimeoutMs: 300,
  }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(MongoSetupError);
  expect(String((error as Error).message)).toMatch(/cannot reach MongoDB at mongodb:\/\/\*\*\*@127\.0\.0\.1:1/);
  expect(String((error as Error).message)).not.toContain('hunter2');
});

describe('index definitions', () => {
  test('names are unique per collection and every collection exists', () => {
    const seen = new Set<string>();
    for (const index of INDEXES) {
      const key = `${index.collection}.${index.options.name}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
      expect(Object.values(COLLECTIONS)).toContain(index.collection);
    }
  });

  test('what must be unique is unique: idempotency keys per org, log seq per job, token hashes, slots', () => {
    const unique = INDEXES.filter((i) => i.options.unique).map((i) => [i.collection, Object.keys(i.key as object)]);
    expect(unique).toEqual(
      expect.arrayContaining([
        ['jobs', ['orgId', 'idempotencyKey']],
        ['job_logs', ['jobId', 'seq']],
        ['api_tokens', ['hash']],
        ['concurrency_slots', ['key', 'index']],
      ]),
    );
    const idempotency = INDEXES.find((i) => i.options.name === 'idempotency')!;
    // Only jobs that have a key take part; jobs without one never collide.
    expect(idempotency.options.partialFilterExpression).toEqual({ idempotencyKey: { $type: 'string' } });
  });

  test('the claim index serves the claim: QUEUED only, by type, in claim order', () => {
    const claim = INDEXES.find((i) => i.options.name === 'claim_type')!;
    // type before the sort keys: a claim for some types reads only their jobs.
    expect(claim.key).toEqual({ status: 1, type: 1, priority: -1, runAt: 1, _id: 1 });
    expect(claim.options.partialFilterExpression).toEqual({ status: 'QUEUED' });
    expect(OBSOLETE_INDEXES).toContainEqual({ collection: 'jobs', name: 'claim' });
  });

  test('no compound index is sparse (a sparse compound index takes every document that has any of its keys)', () => {
    const sparseCompound = INDEXES.filter((i) => i.options.sparse && Object.keys(i.key as object).length > 1).map((i) => i.options.name);
    expect(sparseCompound).toEqual([]);
    const parent = INDEXES.find((i) => i.options.name === 'parent_only')!;
    expect(parent.options.partialFilterExpression).toEqual({ parentId: { $exists: true } });
    // The partial filter admits exactly the jobs that have the field.
    const docs = [{ _id: 'a', parentId: 'p', createdAt: 1 }, { _id: 'b', createdAt: 1 }];
    expect(find(docs, parent.options.partialFilterExpression!).all().map((d) => d._id)).toEqual(['a']);
    expect(INDEXES.find((i) => i.options.name === 'schedule_only')!.options.partialFilterExpression).toEqual({ scheduleId: { $exists: true } });
  });

  test('LLM calls are indexed for the list order (per org, and per filter), a job’s calls and the purge', () => {
    const keys = Object.fromEntries(INDEXES.filter((i) => i.collection === 'llm_calls').map((i) => [i.options.name, i.key]));
    expect(keys).toEqual({
      org_queued: { orgId: 1, queuedAt: -1, _id: -1 },
      org_status_queued: { orgId: 1, status: 1, queuedAt: -1, _id: -1 },
      org_model_queued: { orgId: 1, model: 1, queuedAt: -1, _id: -1 },
      org_source_queued: { orgId: 1, source: 1, queuedAt: -1, _id: -1 },
      parent_job: { parentJobId: 1 },
      queued: { queuedAt: 1 },
      schedule: { scheduleId: 1 },
    });
  });
});
