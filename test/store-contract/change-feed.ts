/**
 * The store contract for the change feed: what each write announces, in commit order, and what it does
 * not.
 */
import { describe, expect, test } from 'vitest';
import type { ChangeEvent } from '../../src/engine/domain/change-event.js';
import { newId } from '../../src/engine/domain/ids.js';
import type { Alert } from '../../src/engine/domain/schedule.js';
import { T0, ORG, OTHER, error, makeCall, type StoreHarness } from './harness.js';

export function defineChangeFeedContract(harness: StoreHarness): void {
  const { store, recordChanges, makeJob, insert, claim, finish, jobIn, makeSchedule, makeRun, insertRun } = harness;

  describe('change feed', () => {
    type Seen = [ChangeEvent['kind'], string, string?];
    const describeEvent = (e: ChangeEvent): Seen => {
      switch (e.kind) {
        case 'job.created':
        case 'job.updated':
        case 'job.progress':
          return [e.kind, e.job.id, e.job.status];
        case 'job.deleted':
          return [e.kind, e.jobId, e.orgId];
        case 'job.log':
          return [e.kind, e.log.jobId, `${e.log.seq}:${e.log.message}`];
        case 'llm.created':
        case 'llm.updated':
          return [e.kind, e.call.id, e.call.status];
        case 'schedule.created':
        case 'schedule.updated':
          return [e.kind, e.schedule.id, e.schedule.name];
        case 'schedule.deleted':
          return [e.kind, e.scheduleId, e.orgId];
        case 'run.created':
        case 'run.updated':
          return [e.kind, e.run.id, e.run.status];
        case 'alert.raised':
        case 'alert.updated':
          return [e.kind, e.alert.id, e.alert.acknowledgedBy];
      }
    };

    test('a claim and an outcome announce the job after the write, with what was written while it ran', async () => {
      const [a, b, c] = await insert(makeJob({ runAt: T0 - 3 }), makeJob({ runAt: T0 - 2, checkpoint: { page: 1 } }), makeJob({ runAt: T0 - 1 }));
      const recorder = recordChanges();
      const claimed = await claim({ limit: 3 });
      expect(claimed).toHaveLength(3);
      await store.jobs.saveProgress(a!.id, 'w1', { percent: 50, updatedAt: T0 + 1 });
      await store.jobs.saveCheckpoint(b!.id, 'w1', { page: 2 });
      await store.jobs.requestCancel(c!.id, ORG, T0 + 2);
      await store.jobs.finishAttempts([
        { jobId: a!.id, workerId: 'w1', now: T0 + 5, outcome: { kind: 'succeeded', result: { ok: true } } },
        { jobId: b!.id, workerId: 'w1', now: T0 + 5, outcome: { kind: 'retry', error: error('later'), runAt: T0 + 9 } },
        { jobId: c!.id, workerId: 'w1', now: T0 + 5, outcome: { kind: 'cancelled', error: error('cancelled') } },
      ]);
      const events = await recorder.waitForCount(3 + 1 + 3);
      const updates = events.filter((e): e is Extract<ChangeEvent, { kind: 'job.updated' }> => e.kind === 'job.updated');
      // The claim's announcements are the claimed jobs; each job's last one is the job as a read returns it.
      expect(updates.slice(0, 3).map((e) => e.job)).toEqual(claimed);
      for (const job of [a!, b!, c!]) {
        const last = updates.filter((e) => e.job.id === job.id).at(-1)!.job;
        expect(last).toEqual(await store.jobs.get(job.id, ORG));
      }
      const [after] = updates.filter((e) => e.job.id === a!.id).slice(-1);
      expect(after!.job).toMatchObject({ status: 'SUCCEEDED', progress: { percent: 50 }, result: { ok: true } });
      expect(updates.filter((e) => e.job.id === c!.id).at(-1)!.job).toMatchObject({ status: 'CANCELLED', cancelRequested: true });
    });

    test('announces each committed write, in commit order, and nothing for writes that change nothing', async () => {
      const recorder = recordChanges();
      const a = makeJob({ runAt: T0 - 2 });
      const b = makeJob({ runAt: T0 - 1, idempotencyKey: 'feed' });
      await store.jobs.insert([a, b]);
      await store.jobs.insert([makeJob({ idempotencyKey: 'feed' })]); // existing key: nothing new
      await claim({ limit: 1 }); // a
      await finish(a.id, { kind: 'succeeded', result: 1 }, T0 + 1, 'intruder'); // not the holder: ignored
      await finish(a.id, { kind: 'succeeded', result: 1 });
      await store.logs.append([
        { jobId: a.id, orgId: ORG, at: T0, level: 'INFO', message: 'one' },
        { jobId: a.id, orgId: ORG, at: T0, level: 'INFO', message: 'two' },
      ]);
      await store.jobs.requestCancel(b.id, OTHER, T0 + 2); // another org: nothing
      await claim({ limit: 1, leaseMs: 10 }); // b
      await store.jobs.recoverLeases(T0 + 1000); // b back to QUEUED
      await store.jobs.requestCancel(b.id, ORG, T0 + 1001); // b cancelled
      await store.jobs.deleteFinished(ORG, [a.id, b.id]);

      const expected: Seen[] = [
        ['job.created', a.id, 'QUEUED'],
        ['job.created', b.id, 'QUEUED'],
        ['job.updated', a.id, 'RUNNING'],
        ['job.updated', a.id, 'SUCCEEDED'],
        ['job.log', a.id, '1:one'],
        ['job.log', a.id, '2:two'],
        ['job.updated', b.id, 'RUNNING'],
        ['job.updated', b.id, 'QUEUED'],
        ['job.updated', b.id, 'CANCELLED'],
      ];
      const events = await recorder.waitForCount(expected.length + 2);
      const seen = events.map(describeEvent);
      expect(seen.slice(0, expected.length)).toEqual(expected);
      // The two deletions, in either order.
      expect(seen.slice(expected.length).sort()).toEqual(
        ([['job.deleted', a.id, ORG], ['job.deleted', b.id, ORG]] as Seen[]).sort(),
      );
    });

    test('LLM calls are announced with the whole call: created, each stored change, nothing for unknown calls or purges', async () => {
      const call = makeCall({ provider: 'demo', model: 'echo', messages: [{ role: 'user', content: 'hi' }] });
      const recorder = recordChanges();
      // Each write waits for its event, so a store that looks the call up later still shows each state.
      await store.llmCalls.insert(call);
      await recorder.waitForCount(1);
      await store.llmCalls.update(call.id, { status: 'RUNNING', startedAt: T0 + 1 }, T0 + 1);
      await recorder.waitForCount(2);
      await store.llmCalls.update(newId(), { status: 'FAILED' }, T0 + 2); // unknown: nothing
      const done = await store.llmCalls.update(call.id, { status: 'SUCCEEDED', finishedAt: T0 + 3 }, T0 + 3);
      await recorder.waitForCount(3);
      expect(await store.llmCalls.purge(T0 + 10, 10)).toBe(1); // not announced
      const [job] = await insert(makeJob());
      const events = await recorder.waitForCount(4);
      expect(events.map(describeEvent)).toEqual([
        ['llm.created', call.id, 'QUEUED'],
        ['llm.updated', call.id, 'RUNNING'],
        ['llm.updated', call.id, 'SUCCEEDED'],
        ['job.created', job!.id, 'QUEUED'],
      ]);
      expect(events[0]).toEqual({ kind: 'llm.created', call });
      expect(events[1]).toEqual({ kind: 'llm.updated', call: { ...call, status: 'RUNNING', startedAt: T0 + 1, updatedAt: T0 + 1 } });
      expect(events[2]).toEqual({ kind: 'llm.updated', call: done });
    });

    test('schedules and runs are announced as stored, in commit order; nothing for duplicates, no-ops or deleted runs', async () => {
      const schedule = makeSchedule({ name: 'feed' });
      const recorder = recordChanges();
      // Each write waits for its event, so a store that looks documents up later still shows each state.
      await store.schedules.insert(schedule);
      await recorder.waitForCount(1);
      const run = await insertRun(makeRun(schedule, { runKey: 'feed-slot' }));
      await recorder.waitForCount(2);
      await store.scheduleRuns.insert(makeRun(schedule, { runKey: 'feed-slot' })); // taken: nothing
      await store.scheduleRuns.update(run.id, { status: 'RUNNING', startedAt: T0 + 1 }, T0 + 1);
      await recorder.waitForCount(3);
      await store.schedules.save({ ...schedule, name: 'feed, renamed', lastRunStatus: 'RUNNING', updatedAt: T0 + 2 });
      await recorder.waitForCount(4);
      await store.schedules.delete(schedule.id, OTHER); // another org: nothing
      await store.schedules.delete(schedule.id, ORG); // its run goes too, unannounced
      const events = await recorder.waitForCount(5);
      expect(events.map(describeEvent)).toEqual([
        ['schedule.created', schedule.id, 'feed'],
        ['run.created', run.id, 'QUEUED'],
        ['run.updated', run.id, 'RUNNING'],
        ['schedule.updated', schedule.id, 'feed, renamed'],
        ['schedule.deleted', schedule.id, ORG],
      ]);
      expect(events[0]).toEqual({ kind: 'schedule.created', schedule });
      expect(events[1]).toEqual({ kind: 'run.created', run });
      expect(events[2]).toEqual({ kind: 'run.updated', run: { ...run, status: 'RUNNING', startedAt: T0 + 1, updatedAt: T0 + 1 } });
      // Anything after the delete would be a stray announcement (a run deleted with its schedule).
      const [sentinel] = await insert(makeJob());
      const all = await recorder.waitForCount(6);
      expect(all.slice(5).map(describeEvent)).toEqual([['job.created', sentinel!.id, 'QUEUED']]);
    });

    test('raised, acknowledged and resolved alerts are announced, once each; a duplicate or a second acknowledgement is not', async () => {
      const recorder = recordChanges();
      const alert = (overrides: Partial<Alert>): Alert => ({ id: newId(), orgId: ORG, kind: 'CONSECUTIVE_FAILURES', scheduleId: 'schedule-1', message: '3 runs in a row failed', raisedAt: T0, ...overrides });
      const one = alert({ dedupeKey: 'feed-key' });
      await store.alerts.insert(one);
      await recorder.waitForCount(1);
      await store.alerts.insert(alert({ dedupeKey: 'feed-key' })); // open under that key: nothing
      await store.alerts.acknowledge(one.id, ORG, 'ann', T0 + 50);
      await recorder.waitForCount(2);
      await store.alerts.acknowledge(one.id, ORG, 'bob', T0 + 51); // the first one stands: nothing
      const stalled = alert({ kind: 'SCHEDULER_STALLED', scheduleId: undefined, dedupeKey: 'stalled-feed' });
      await store.alerts.insert(stalled);
      await recorder.waitForCount(3);
      expect(await store.alerts.resolve('SCHEDULER_STALLED', 'system:watchdog', T0 + 60)).toBeGreaterThanOrEqual(1);
      const events = await recorder.waitForCount(4);
      expect(events.map(describeEvent)).toEqual([
        ['alert.raised', one.id, undefined],
        ['alert.updated', one.id, 'ann'],
        ['alert.raised', stalled.id, undefined],
        ['alert.updated', stalled.id, 'system:watchdog'],
      ]);
      expect(events[0]).toMatchObject({ alert: { id: one.id, orgId: ORG, kind: 'CONSECUTIVE_FAILURES', message: one.message, raisedAt: one.raisedAt } });
      expect(events[1]).toMatchObject({ alert: { acknowledgedAt: T0 + 50 } });
      const [sentinel] = await insert(makeJob());
      const all = await recorder.waitForCount(5);
      expect(all.slice(4).map(describeEvent)).toEqual([['job.created', sentinel!.id, 'QUEUED']]);
    });

    test('a cancel request on a RUNNING job is announced with cancelRequested', async () => {
      const [job] = await insert(makeJob());
      await claim();
      const recorder = recordChanges();
      await store.jobs.requestCancel(job!.id, ORG, T0 + 1);
      const [event] = await recorder.waitForCount(1);
      expect(event).toMatchObject({ kind: 'job.updated', job: { id: job!.id, status: 'RUNNING', cancelRequested: true } });
    });

    test('a retry is announced as QUEUED with its later runAt (so executors can wake when it is due)', async () => {
      const [job] = await insert(makeJob());
      await claim();
      const recorder = recordChanges();
      await finish(job!.id, { kind: 'retry', error: error('later'), runAt: T0 + 777 });
      await finish(job!.id, { kind: 'released' }); // no longer held: ignored
      await store.jobs.purgeFinished(T0 + 10_000, 10); // nothing finished: nothing
      const [event] = await recorder.waitForCount(1);
      expect(event).toMatchObject({ kind: 'job.updated', job: { id: job!.id, status: 'QUEUED', runAt: T0 + 777 } });
      const done = await jobIn('SUCCEEDED', {}, { at: T0 + 5 });
      await store.jobs.purgeFinished(T0 + 10, 10);
      const events = await recorder.waitForCount(5);
      // created, claimed, succeeded (by jobIn), then deleted by the purge.
      expect(events.slice(1).map(describeEvent)).toEqual([
        ['job.created', done.id, 'QUEUED'],
        ['job.updated', done.id, 'RUNNING'],
        ['job.updated', done.id, 'SUCCEEDED'],
        ['job.deleted', done.id, ORG],
      ]);
    });
  });
}
