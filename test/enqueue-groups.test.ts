/**
 * Group commit of small enqueues (engine/services/insert-groups.ts) over a real SQLite store: the
 * grouped calls of one event-loop turn are one store write, yet each call keeps its own jobs, audit
 * entries, idempotency and failure.
 */
import { expect, test, vi } from 'vitest';
import sleepPlugin from '../plugins/sleep/index.js';
import { useEngines } from './helpers/engine.js';

const engines = useEngines();
const setup = () => engines.create([sleepPlugin], { start: false });

test('enqueues of the same turn are one store write; each call gets its own job and audit entry', async () => {
  const engine = await setup();
  const insert = vi.spyOn(engine.store.jobs, 'insert');
  const jobs = await Promise.all(
    Array.from({ length: 10 }, (_, i) => engine.jobs.enqueue(engine.actor, { type: 'sleep', payload: { ms: i } }, { group: true })),
  );
  expect(insert).toHaveBeenCalledTimes(1);
  expect(jobs.map((j) => (j.payload as { ms: number }).ms)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  expect(new Set(jobs.map((j) => j.id)).size).toBe(10);
  for (const job of jobs) expect(await engine.store.jobs.get(job.id, engine.actor.orgId)).toMatchObject({ id: job.id, status: 'QUEUED' });
  const audit = (await engine.store.audit.list(engine.actor.orgId, {}, { first: 100 })).items.map((i) => i.node);
  expect(audit.filter((e) => e.action === 'job.enqueue').map((e) => e.targetId).sort()).toEqual(jobs.map((j) => j.id).sort());
});

test('an idempotency key given twice in one group stores one job and answers both with it', async () => {
  const engine = await setup();
  const input = { type: 'sleep', payload: { ms: 1 }, idempotencyKey: 'same' };
  const [a, b] = await Promise.all([
    engine.jobs.enqueue(engine.actor, input, { group: true }),
    engine.jobs.enqueue(engine.actor, input, { group: true }),
  ]);
  expect(b!.id).toBe(a!.id);
  const page = await engine.store.jobs.list({ orgId: engine.actor.orgId, filter: {}, orderBy: 'CREATED_DESC', page: { first: 10 } });
  expect(page.items).toHaveLength(1);
});

test('a call whose write fails fails alone: the others of its group are stored', async () => {
  const engine = await setup();
  const insert = vi.spyOn(engine.store.jobs, 'insert');
  const ok = (ms: number) => engine.jobs.enqueue(engine.actor, { type: 'sleep', payload: { ms } }, { group: true });
  const failing = engine.jobs.enqueueMany(engine.actor, [{ type: 'sleep', payload: { ms: 99 } }], {
    group: true,
    audit: () => {
      throw new Error('this audit cannot be written');
    },
  });
  const results = await Promise.allSettled([ok(1), failing, ok(2)]);
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  expect((results[1] as PromiseRejectedResult).reason.message).toBe('this audit cannot be written');
  // The group's write, then each call on its own.
  expect(insert).toHaveBeenCalledTimes(4);
  const stored = await engine.store.jobs.list({ orgId: engine.actor.orgId, filter: {}, orderBy: 'CREATED_DESC', page: { first: 10 } });
  expect(stored.items.map((i) => (i.node.payload as { ms: number }).ms).sort()).toEqual([1, 2]);
  // The audit entries of the stored calls were written with them.
  const audit = (await engine.store.audit.list(engine.actor.orgId, {}, { first: 100 })).items.map((i) => i.node);
  expect(audit.filter((e) => e.action === 'job.enqueue')).toHaveLength(2);
});

test('without group, and above the per-call size, a call is its own write', async () => {
  const engine = await setup();
  const insert = vi.spyOn(engine.store.jobs, 'insert');
  await Promise.all([
    engine.jobs.enqueue(engine.actor, { type: 'sleep', payload: { ms: 1 } }),
    engine.jobs.enqueue(engine.actor, { type: 'sleep', payload: { ms: 2 } }),
    engine.jobs.enqueueBatch(engine.actor, Array.from({ length: 50 }, () => ({ type: 'sleep', payload: { ms: 3 } })), { group: true }),
  ]);
  expect(insert).toHaveBeenCalledTimes(3);
});
