/**
 * A MongoDB job list that reads only some fields (JobListQuery.fields) asks the server for those
 * fields, the org and the order's sort fields, over the adapter's real code on in-memory mingo
 * collections: the same values and cursors as whole documents, and a list that reads a lease's
 * expiry still merges it from the leases collection.
 */
import { beforeEach, expect, test } from 'vitest';
import { newId } from '../../src/engine/domain/ids.js';
import { JOB_ORDERS, type NewJob } from '../../src/engine/domain/types.js';
import type { Store } from '../../src/engine/store/port.js';
import { openMingoStore } from './mingo-store.js';

const ORG = 'org-a';
const T0 = 1_700_000_000_000;
let store: Store;

beforeEach(async () => {
  store = openMingoStore();
  const job = (i: number, type: string): NewJob => ({
    id: newId(),
    orgId: ORG,
    type,
    priority: i % 3,
    payload: { i, text: 'long '.repeat(20) },
    maxAttempts: 1,
    runAt: T0,
    createdAt: T0 + i,
    idempotencyKey: `key-${i}`,
  });
  await store.jobs.insert([job(0, 'run'), job(1, 'run'), job(2, 'idle'), job(3, 'idle'), job(4, 'run')]);
  await store.jobs.claim({ workerId: 'w1', limit: 3, now: T0 + 10, leaseMs: 60_000, types: ['run'], typeLimits: {} });
  const [first] = await store.jobs.list({ orgId: ORG, filter: { status: ['RUNNING'] }, orderBy: 'CREATED_ASC', page: { first: 1 } }).then((p) => p.items);
  await store.jobs.finishAttempts([{ jobId: first!.node.id, workerId: 'w1', outcome: { kind: 'succeeded', result: { ok: 1 } }, now: T0 + 20 }]);
});

test('only the fields asked for, with the id, org and sort keys; the same values and cursors as whole jobs', async () => {
  for (const orderBy of JOB_ORDERS) {
    const page = { first: 10 };
    const some = await store.jobs.list({ orgId: ORG, filter: {}, orderBy, page, fields: ['type', 'status', 'startedAt'] });
    const whole = await store.jobs.list({ orgId: ORG, filter: {}, orderBy, page });
    expect(some.items.map((i) => i.cursor)).toEqual(whole.items.map((i) => i.cursor));
    const sortKeys = { CREATED_DESC: ['createdAt'], CREATED_ASC: ['createdAt'], PRIORITY_DESC: ['priority', 'createdAt'], FINISHED_DESC: ['finishedAt', 'createdAt'] }[orderBy];
    const keys = ['id', 'orgId', 'type', 'status', 'startedAt', ...sortKeys];
    for (const [index, { node }] of some.items.entries()) {
      const full = whole.items[index]!.node as unknown as Record<string, unknown>;
      expect(node).toEqual(Object.fromEntries(keys.filter((k) => full[k] !== undefined).map((k) => [k, full[k]])));
      expect(node).not.toHaveProperty('payload');
    }
  }
});

test("a list that reads a lease's expiry reads whole jobs with it", async () => {
  const running = await store.jobs.list({ orgId: ORG, filter: { status: ['RUNNING'] }, orderBy: 'CREATED_ASC', page: { first: 10 }, fields: ['leaseExpiresAt'] });
  expect(running.items).toHaveLength(2);
  for (const { node } of running.items) {
    expect(node.leaseExpiresAt).toBe(T0 + 10 + 60_000);
    expect(node.payload).toMatchObject({ text: expect.any(String) });
  }
});
