/**
 * The store contract for what only a real server shows on MongoDB (and must hold on every store):
 * back-to-back writes are each announced with the state that write left, in order, even when the
 * document is gone by the time the event is read; documents near the size caps are stored and
 * announced without stalling the feed; a concurrency slot whose lease time passed is not taken
 * while its job still runs.
 */
import { describe, expect, test } from 'vitest';
import type { ChangeEvent } from '../../src/engine/domain/change-event.js';
import { DEFAULT_SIZE_LIMITS } from '../../src/engine/domain/size-limits.js';
import { T0, ORG, LEASE, makeCall, type StoreHarness } from './harness.js';

export function defineStatesAndSizesContract(harness: StoreHarness): void {
  const { store, recordChanges, makeJob, insert, claim, finish, get } = harness;
  const ofJob = (id: string) => (e: ChangeEvent) => (e.kind === 'job.created' || e.kind === 'job.updated' ? e.job.id === id : e.kind === 'job.deleted' && e.jobId === id);
  const stateOf = (e: ChangeEvent) => (e.kind === 'job.deleted' ? 'DELETED' : 'job' in e && e.job ? `${e.kind}:${e.job.status}` : e.kind);

  describe('each write announced with its own state', () => {
    test('claim, finish and delete in a row: created, RUNNING, SUCCEEDED (with its result), deleted, in that order', async () => {
      const recorder = recordChanges();
      const [job] = await insert(makeJob());
      await claim({ limit: 1 });
      await finish(job!.id, { kind: 'succeeded', result: { answer: 42 } });
      expect(await store.jobs.deleteFinished(ORG, [job!.id])).toEqual([job!.id]);
      const [sentinel] = await insert(makeJob());
      const events = await recorder.waitFor((all) => all.some((e) => e.kind === 'job.created' && e.job.id === sentinel!.id));
      const mine = events.filter(ofJob(job!.id));
      expect(mine.map(stateOf)).toEqual(['job.created:QUEUED', 'job.updated:RUNNING', 'job.updated:SUCCEEDED', 'DELETED']);
      expect(mine[1]).toMatchObject({ job: { leaseOwner: 'w1', attempt: 1 } });
      expect(mine[1]!.kind === 'job.updated' && mine[1]!.job.result).toBeUndefined();
      expect(mine[2]).toMatchObject({ job: { result: { answer: 42 } } });
      expect(mine[3]).toMatchObject({ kind: 'job.deleted', orgId: ORG });
    });

    test('an LLM call queued, started and finished in a row is announced three times, each with its own status', async () => {
      const recorder = recordChanges();
      const call = makeCall();
      await store.llmCalls.insert(call);
      await store.llmCalls.update(call.id, { status: 'RUNNING', startedAt: T0 + 1 }, T0 + 1);
      await store.llmCalls.update(call.id, { status: 'SUCCEEDED', finishedAt: T0 + 2, output: [{ role: 'assistant', content: 'hi' }] }, T0 + 2);
      const events = await recorder.waitForCount(3);
      expect(events.map((e) => ('call' in e ? `${e.kind}:${e.call.status}` : e.kind))).toEqual(['llm.created:QUEUED', 'llm.updated:RUNNING', 'llm.updated:SUCCEEDED']);
      expect(events[1]).not.toHaveProperty('call.finishedAt');
    });
  });

  describe('documents near the size caps', () => {
    test('a job with payload, checkpoint, progress and result each near its cap is stored, announced, deleted, and the feed goes on', async () => {
      const near = (limit: number) => 'x'.repeat(limit - 1024);
      const recorder = recordChanges();
      const [job] = await insert(makeJob({ payload: { text: near(DEFAULT_SIZE_LIMITS.payload) } }));
      await claim({ limit: 1 });
      await store.jobs.saveCheckpoint(job!.id, 'w1', { text: near(DEFAULT_SIZE_LIMITS.checkpoint) });
      await store.jobs.saveProgress(job!.id, 'w1', { percent: 50, updatedAt: T0, data: { text: near(DEFAULT_SIZE_LIMITS.progress) } });
      await finish(job!.id, { kind: 'succeeded', result: { text: near(DEFAULT_SIZE_LIMITS.result) } });
      const stored = await get(job!.id);
      expect((stored.result as { text: string }).text).toHaveLength(DEFAULT_SIZE_LIMITS.result - 1024);
      expect((stored.checkpoint as { text: string }).text).toHaveLength(DEFAULT_SIZE_LIMITS.checkpoint - 1024);
      await store.jobs.deleteFinished(ORG, [job!.id]);
      const [after] = await insert(makeJob());
      const events = await recorder.waitFor((all) => all.some((e) => e.kind === 'job.created' && e.job.id === after!.id));
      const mine = events.filter(ofJob(job!.id));
      expect(mine.map(stateOf)).toEqual(['job.created:QUEUED', 'job.updated:RUNNING', 'job.updated:SUCCEEDED', 'DELETED']);
      expect(mine[2]).toMatchObject({ job: { result: { text: expect.any(String) } } });
    });
  });

  describe('concurrency slots', () => {
    test('a job past its lease time still holds its slot until lease recovery re-queues it', async () => {
      await insert(makeJob({ runAt: T0 - 1 }), makeJob({ runAt: T0 }));
      const [first] = await claim({ workerId: 'w1', limit: 2, typeLimits: { alpha: 1 } });
      expect(first).toBeDefined();
      const later = T0 + 3 * LEASE;
      // The first job's lease time has passed, but nobody recovered it yet: the limit still counts it.
      expect(await claim({ workerId: 'w2', limit: 2, now: later, typeLimits: { alpha: 1 } })).toEqual([]);
      expect((await store.jobs.recoverLeases(later)).map((j) => j.id)).toEqual([first!.id]);
      const second = await claim({ workerId: 'w2', limit: 2, now: later + 1, typeLimits: { alpha: 1 } });
      expect(second).toHaveLength(1);
      // The limit of one holds: one RUNNING job of the type.
      expect(await store.jobs.count(ORG, { status: ['RUNNING'] })).toBe(1);
    });
  });
}
