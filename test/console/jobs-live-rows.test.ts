/** Live job events applied to the open page of the jobs list (client/src/pages/jobs/live-rows.ts). */
import { describe, expect, test } from 'vitest';
import type { JobStatus } from '../../client/src/gql/graphql.js';
import type { LivePage } from '../../client/src/lib/live-page.js';
import { applyEvent, type JobRow, type LiveContext } from '../../client/src/pages/jobs/live-rows.js';

const at = (second: number) => new Date(Date.UTC(2024, 0, 1, 0, 0, second)).toISOString();
const job = (id: string, created: number, status: JobStatus = 'QUEUED', updated = created): JobRow => ({
  id,
  type: 'sleep',
  status,
  attempt: 0,
  maxAttempts: 3,
  priority: 0,
  createdAt: at(created),
  updatedAt: at(updated),
  cancelRequested: false,
});
const page = (rows: JobRow[], totalCount = rows.length): LivePage<JobRow> => ({ rows, totalCount, pending: 0 });
const FIRST: LiveContext = { firstPage: true, lastPage: false, replay: false, statuses: [] };
const ids = (p: LivePage<JobRow>) => p.rows.map((r) => r.id);

describe('applyEvent', () => {
  test('a new job goes on top of the first page and counts; on a later page it is only pending', () => {
    const before = page([job('b', 2), job('a', 1)], 80);
    const first = applyEvent(before, { kind: 'CREATED', jobId: 'n', job: job('n', 9) }, FIRST);
    expect(ids(first)).toEqual(['n', 'b', 'a']);
    expect(first).toMatchObject({ totalCount: 81, pending: 0 });
    const later = applyEvent(before, { kind: 'CREATED', jobId: 'n', job: job('n', 9) }, { ...FIRST, firstPage: false });
    expect(ids(later)).toEqual(['b', 'a']);
    expect(later).toMatchObject({ totalCount: 81, pending: 1 });
  });

  test('a replayed event never counts twice, nor takes a row back to an older state', () => {
    const fresh = page([job('n', 9, 'RUNNING', 12), job('a', 1)], 2);
    const replay = { ...FIRST, replay: true };
    expect(applyEvent(fresh, { kind: 'CREATED', jobId: 'n', job: job('n', 9) }, replay)).toBe(fresh);
    const newer = applyEvent(fresh, { kind: 'STATUS', jobId: 'n', job: job('n', 9, 'SUCCEEDED', 14) }, replay);
    expect(newer.rows[0]!.status).toBe('SUCCEEDED');
    expect(newer.totalCount).toBe(2);
  });

  test('a deleted job leaves the page and the total', () => {
    const next = applyEvent(page([job('b', 2), job('a', 1)], 10), { kind: 'DELETED', jobId: 'a' }, FIRST);
    expect(ids(next)).toEqual(['b']);
    expect(next.totalCount).toBe(9);
  });

  test('filtered by status, a shown job that leaves the filter stays in place, and the total follows', () => {
    const ctx = { ...FIRST, statuses: ['RUNNING'] as JobStatus[] };
    const next = applyEvent(page([job('a', 1, 'RUNNING')], 5), { kind: 'STATUS', jobId: 'a', job: job('a', 1, 'SUCCEEDED', 3) }, ctx);
    expect(next.rows.map((r) => r.status)).toEqual(['SUCCEEDED']);
    expect(next.totalCount).toBe(4);
  });

  test('on a full first page, a job older than the last row belongs to a later page unless the list ends here', () => {
    const before = page([job('c', 30), job('b', 20)], 60);
    const ctx = { ...FIRST, statuses: ['FAILED'] as JobStatus[] };
    const event = { kind: 'STATUS' as const, jobId: 'a', job: job('a', 10, 'FAILED', 40) };
    expect(ids(applyEvent(before, event, ctx))).toEqual(['c', 'b']);
    expect(ids(applyEvent(before, event, { ...ctx, lastPage: true }))).toEqual(['c', 'b', 'a']);
  });
});
