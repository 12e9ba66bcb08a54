/**
 * A `jobs` page reads only the job fields its selection shows (schema/job-selection.ts, the store's
 * JobListQuery.fields), over real HTTP on the SQLite store: every Job field the projection knows
 * answers in a list exactly as `job(id)` answers it, for jobs in every state and with every optional
 * field set or not, alone, with others, through fragments, compiled or not; every field of the Job
 * type is in its list, and a selection it cannot follow reads whole jobs.
 */
import { Kind, parse, type FieldNode, type FragmentDefinitionNode, type GraphQLObjectType, type GraphQLResolveInfo, type OperationDefinitionNode } from 'graphql';
import { beforeAll, expect, test } from 'vitest';
import { newId } from '../../src/engine/domain/ids.js';
import type { NewJob } from '../../src/engine/domain/types.js';
import { openSqliteStore } from '../../src/engine/store/sqlite/index.js';
import { schema } from '../../src/schema/index.js';
import { JOB_FIELD_READS, jobFieldsRead } from '../../src/schema/job-selection.js';
import { useTempDirs } from '../helpers/tmp.js';
import { useTestApp } from './helpers.js';

const api = useTestApp();
const tmp = useTempDirs('jobcenter-list-fields-');
const ORG = 'list-fields';
const NOW = Date.now();
let token: string;
let ids: string[];

/** What a field needs below it to be asked for. */
const SUBSELECTION: Record<string, string> = {
  error: '{ message code retryable attempt at }',
  errors: '{ message code retryable attempt at }',
  progress: '{ percent message data updatedAt }',
  parent: '{ id type }',
  retryOf: '{ id status }',
  schedule: '{ id }',
  scheduleRun: '{ id }',
  children: '(first: 5) { totalCount edges { node { id } } }',
  logs: '(first: 5) { totalCount }',
  llmCalls: '(first: 5) { totalCount }',
  usage: '{ inputTokens outputTokens totalTokens cachedTokens }',
  cost: '{ usd childrenUsd totalUsd unpricedCalls childrenUnpricedCalls }',
  steps: '{ name status }',
  waits: '{ id kind }',
};
const ask = (field: string) => `${field} ${SUBSELECTION[field] ?? ''}`;
const FIELDS = Object.keys(JOB_FIELD_READS).filter((field) => field !== '__typename');

beforeAll(async () => {
  token = await api().token(ORG, ['jobs:read', 'schedules:read', 'llm:read']);
  const jobs = api().app.store.jobs;
  const make = (overrides: Partial<NewJob>): NewJob => ({
    id: newId(),
    orgId: ORG,
    type: 'fields.idle',
    priority: 0,
    payload: { n: Math.random() },
    maxAttempts: 2,
    runAt: NOW,
    createdAt: NOW,
    ...overrides,
  });
  const parent = make({ createdAt: NOW - 10 });
  const plain = make({ createdAt: NOW - 9 });
  const dressed = make({
    createdAt: NOW - 8,
    priority: 7,
    payload: { text: 'ünïcode', list: [1, 2, { deep: null }] },
    timeoutMs: 4_000,
    checkpoint: { step: 3 },
    createdBy: 'someone',
    idempotencyKey: 'fields-key',
    parentId: parent.id,
    scheduleId: 'no-such-schedule',
    scheduleRunId: 'no-such-run',
  });
  const retried = make({ createdAt: NOW - 7, retryOfId: dressed.id, runAt: NOW + 3_600_000 });
  const running = make({ createdAt: NOW - 6, type: 'fields.run' });
  const succeeded = make({ createdAt: NOW - 5, type: 'fields.run' });
  const failed = make({ createdAt: NOW - 4, type: 'fields.run', maxAttempts: 1 });
  await jobs.insert([parent, plain, dressed, retried, running, succeeded, failed]);
  const claimed = await jobs.claim({ workerId: 'fields-worker', limit: 3, now: NOW, leaseMs: 600_000, types: ['fields.run'], typeLimits: {} });
  expect(claimed).toHaveLength(3);
  await jobs.saveProgress(running.id, 'fields-worker', { percent: 40, message: 'halfway', data: { rows: 12 }, updatedAt: NOW + 1 });
  await jobs.finishAttempts([
    { jobId: succeeded.id, workerId: 'fields-worker', outcome: { kind: 'succeeded', result: { ok: true, items: ['a'] } }, now: NOW + 2 },
    { jobId: failed.id, workerId: 'fields-worker', outcome: { kind: 'failed', error: { message: 'boom', code: 'E_BOOM', retryable: false, attempt: 1, at: NOW + 3 } }, now: NOW + 3 },
  ]);
  ids = [parent, plain, dressed, retried, running, succeeded, failed].map((j) => j.id);
});

/** The org's jobs through `jobs` with this selection under node, by id. */
async function listed(selection: string, order = 'CREATED_DESC') {
  const data = await api().data(`{ jobs(first: 10, orderBy: ${order}) { totalCount edges { cursor node { ${selection} } } } }`, {}, token);
  return data.jobs as { totalCount: number; edges: Array<{ cursor: string; node: Record<string, unknown> }> };
}

async function one(id: string, selection: string) {
  const data = await api().data(`query($id: ID!) { job(id: $id) { ${selection} } }`, { id }, token);
  return data.job as Record<string, unknown>;
}

test('every field the projection knows answers in a list as job(id) answers it', async () => {
  for (const field of FIELDS) {
    const selection = `id ${ask(field)}`;
    const page = await listed(selection);
    expect(page.edges.map((e) => e.node.id)).toEqual([...ids].reverse());
    for (const { node } of page.edges) expect(node, `${field} of ${node.id as string}`).toEqual(await one(node.id as string, selection));
  }
});

test('every field of the Job type is one the projection knows (a new one must say what it reads)', () => {
  const fields = Object.keys((schema.getType('Job') as GraphQLObjectType).getFields()).sort();
  expect(fields).toEqual(FIELDS.sort());
});

test('several fields, fragments and every order: the same answers and cursors as whole jobs', async () => {
  const all = FIELDS.map(ask).join(' ');
  const fragmentQuery = (order: string) =>
    `query { jobs(first: 10, orderBy: ${order}) { edges { cursor node { ...on Job { id type status } ...F } } } } fragment F on Job { priority finishedAt durationMs payload }`;
  for (const order of ['CREATED_DESC', 'CREATED_ASC', 'PRIORITY_DESC', 'FINISHED_DESC']) {
    const some = await listed('id type status priority finishedAt durationMs payload', order);
    const everything = await listed(`id ${all}`, order);
    expect(some.edges.map((e) => e.cursor)).toEqual(everything.edges.map((e) => e.cursor));
    const shown = (node: Record<string, unknown>) => Object.fromEntries(Object.keys(some.edges[0]!.node).map((key) => [key, node[key]]));
    expect(some.edges.map((e) => e.node)).toEqual(everything.edges.map((e) => shown(e.node)));
    for (const { node } of everything.edges) expect(node).toEqual(await one(node.id as string, `id ${all}`));
    // Often enough to be compiled (server/compiled-execution.ts): the same answer each time.
    for (let i = 0; i < 5; i++) {
      const { jobs } = await api().data(fragmentQuery(order), {}, token);
      expect(jobs.edges).toEqual(some.edges.map(({ cursor, node }) => ({ cursor, node })));
    }
  }
});

test('a selection the walk does not know reads whole jobs', () => {
  const read = (query: string) => {
    const document = parse(query);
    const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION)!;
    const fragments = Object.fromEntries(
      document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d]] : [])),
    ) as Record<string, FragmentDefinitionNode>;
    const field = (operation as OperationDefinitionNode).selectionSet.selections[0] as FieldNode;
    return jobFieldsRead({ fieldNodes: [field], fragments } as unknown as GraphQLResolveInfo);
  };
  expect(read('{ jobs { edges { node { id type } } } }')).toEqual(['id', 'type']);
  expect(read('{ jobs { totalCount edges { cursor node { ...R } } } } fragment R on Job { status durationMs }')).toEqual(['status', 'startedAt', 'finishedAt']);
  expect(read('{ jobs { edges { node { id notAJobField } } } }')).toBeUndefined();
  expect(read('{ jobs { edges { node { ...Missing } } } }')).toBeUndefined();
  expect(read('{ jobs { edges { node { id } somethingElse } } }')).toBeUndefined();
  expect(read('{ jobs { whatever } }')).toBeUndefined();
});

test('the SQLite store reads only the fields asked for, with the id, org and sort keys', async () => {
  const store = openSqliteStore({ file: tmp.file() });
  try {
    const job: NewJob = { id: newId(), orgId: ORG, type: 'fields.idle', priority: 3, payload: { big: 'x'.repeat(100) }, maxAttempts: 1, runAt: NOW, createdAt: NOW, idempotencyKey: 'k' };
    await store.jobs.insert([job]);
    const page = await store.jobs.list({ orgId: ORG, filter: {}, orderBy: 'PRIORITY_DESC', page: { first: 5 }, fields: ['type', 'status'] });
    expect(page.items.map((i) => i.node)).toEqual([{ id: job.id, orgId: ORG, type: 'fields.idle', status: 'QUEUED', priority: 3, createdAt: NOW }]);
    const whole = await store.jobs.list({ orgId: ORG, filter: {}, orderBy: 'PRIORITY_DESC', page: { first: 5 } });
    expect(whole.items[0]!.node).toMatchObject({ payload: job.payload, idempotencyKey: 'k', errors: [] });
    expect(page.items[0]!.cursor).toBe(whole.items[0]!.cursor);
  } finally {
    await store.close();
  }
});
