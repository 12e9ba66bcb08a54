/** Steps and WAITING in a job's timeline (client/src/pages/jobs/timeline.ts). */
import { expect, test } from 'vitest';
import { buildTimeline, type TimelineJob } from '../../client/src/pages/jobs/timeline.js';

const at = (second: number) => new Date(Date.UTC(2024, 0, 1, 0, 0, second)).toISOString();

const job: TimelineJob = {
  status: 'SUCCEEDED',
  attempt: 1,
  createdAt: at(0),
  runAt: at(0),
  startedAt: at(20),
  finishedAt: at(21),
  errors: [],
  steps: [
    { name: 'draft', status: 'SUCCEEDED', attempt: 1, startedAt: at(1), finishedAt: at(2), durationMs: 1000, llmCalls: [{}] },
    { name: 'publish', status: 'FAILED', attempt: 1, startedAt: at(21), finishedAt: at(21), durationMs: 3, error: { message: 'no route' }, llmCalls: [] },
  ],
};

test('steps show in time order with their attempt, duration and LLM calls; a WAITING change reads as waiting', () => {
  const entries = buildTimeline(job, [{ kind: 'status', at: at(3), status: 'WAITING', attempt: 0 }], []);
  expect(entries.map((e) => [e.kind, e.text, e.detail])).toEqual([
    ['status', 'Created (queued)', undefined],
    ['step', 'Step draft done', 'attempt 1 · 1000 ms · 1 LLM call'],
    ['status', 'Waiting (no slot held)', undefined],
    ['status', 'Attempt 1 started', undefined],
    ['step', 'Step publish failed: no route', 'attempt 1 · 3 ms'],
    ['status', 'Finished: succeeded', undefined],
  ]);
});
