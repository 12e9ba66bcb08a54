/** The store contract over the embedded SQLite adapter, one fresh database file per test; and what only SQLite promises. */
import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { newId } from '../../src/engine/domain/ids.js';
import type { NewJob } from '../../src/engine/domain/types.js';
import { openSqliteStore } from '../../src/engine/store/sqlite/index.js';
import { useTempDirs } from '../helpers/tmp.js';
import { defineStoreContract } from './contract.js';
import { useStoreHarness } from './harness.js';
import { defineWaitCrashContract } from './steps-waits.js';

const tmp = useTempDirs('jobcenter-sqlite-contract-');

defineStoreContract('sqlite', () => openSqliteStore({ file: tmp.file() }));

describe('sqlite: a crash between resolving a wait and resuming its job', () => {
  let file = '';
  const harness = useStoreHarness(() => openSqliteStore({ file: (file = tmp.file()) }));
  // A trigger made from a second connection aborts every WAITING -> QUEUED write of the store's own.
  defineWaitCrashContract(harness, {
    async failResumes() {
      const raw = new Database(file);
      raw.exec(`CREATE TRIGGER crash_on_resume BEFORE UPDATE OF status ON jobs
        WHEN OLD.status = 'WAITING' AND NEW.status = 'QUEUED' BEGIN SELECT RAISE(ABORT, 'injected crash'); END`);
      return async () => {
        raw.exec('DROP TRIGGER crash_on_resume');
        raw.close();
      };
    },
  });
});

describe('sqlite: jobs and the audit entries written with them are one transaction', () => {
  test('an entry that cannot be stored (a repeated id) leaves neither the jobs nor any entry', async () => {
    const store = openSqliteStore({ file: tmp.file() });
    try {
      const job = (n: number): NewJob => ({ id: newId(), orgId: 'org-a', type: 'alpha', priority: 0, payload: { n }, maxAttempts: 1, runAt: 1, createdAt: 1 });
      const entryId = newId();
      const entry = { id: entryId, orgId: 'org-a', at: 1, actor: 'u', action: 'job.enqueueMany', targetType: 'job', targetId: '*' };
      await expect(store.jobs.insert([job(1), job(2)], () => [entry, { ...entry }])).rejects.toThrow(/UNIQUE/);
      expect(await store.jobs.count('org-a', {})).toBe(0);
      expect(await store.audit.count('org-a', {})).toBe(0);
      await store.jobs.insert([job(3)], () => [entry]);
      expect(await store.jobs.count('org-a', {})).toBe(1);
      expect(await store.audit.count('org-a', {})).toBe(1);
    } finally {
      await store.close();
    }
  });
});

describe('sqlite: a claim whose start statement skips a chosen job', () => {
  test('returns, holds and announces only the jobs it started, and the skipped one stays QUEUED for the next claim', async () => {
    const file = tmp.file();
    const store = openSqliteStore({ file });
    const raw = new Database(file);
    try {
      const job = (n: number): NewJob => ({ id: `job-${n}`, orgId: 'org-a', type: 'alpha', priority: 0, payload: { n }, maxAttempts: 2, runAt: n, createdAt: n });
      await store.jobs.insert([job(1), job(2), job(3)]);
      // A trigger from a second connection makes the start skip job-2 (RAISE(IGNORE) leaves the row as it was).
      raw.exec(`CREATE TRIGGER skip_start BEFORE UPDATE OF status ON jobs
        WHEN OLD.id = 'job-2' AND NEW.status = 'RUNNING' BEGIN SELECT RAISE(IGNORE); END`);
      const announced: string[] = [];
      const unsubscribe = store.changes.subscribe((e) => {
        if (e.kind === 'job.updated' && e.job.status === 'RUNNING') announced.push(e.job.id);
      });
      const request = { workerId: 'w1', limit: 3, now: 10, leaseMs: 1000, types: ['alpha'], typeLimits: {} };
      const claimed = await store.jobs.claim(request);
      expect(claimed.map((j) => [j.id, j.status, j.attempt, j.leaseOwner])).toEqual([
        ['job-1', 'RUNNING', 1, 'w1'],
        ['job-3', 'RUNNING', 1, 'w1'],
      ]);
      await new Promise((r) => setImmediate(r));
      expect(announced.sort()).toEqual(['job-1', 'job-3']);
      expect((await store.jobs.get('job-2', 'org-a'))?.status).toBe('QUEUED');
      // The started ones finish as held rows; job-2 is claimed once the trigger is gone.
      const finished = await store.jobs.finishAttempts(claimed.map((j) => ({ jobId: j.id, workerId: 'w1', outcome: { kind: 'succeeded', result: j.id }, now: 20 })));
      expect(finished.map((j) => [j.id, j.status, j.result])).toEqual([
        ['job-1', 'SUCCEEDED', 'job-1'],
        ['job-3', 'SUCCEEDED', 'job-3'],
      ]);
      raw.exec('DROP TRIGGER skip_start');
      expect((await store.jobs.claim({ ...request, now: 30 })).map((j) => j.id)).toEqual(['job-2']);
      unsubscribe();
    } finally {
      raw.close();
      await store.close();
    }
  });
});

describe('sqlite: counters', () => {
  const job = (n: number, overrides: Partial<NewJob> = {}): NewJob => ({
    id: newId(),
    orgId: 'org-a',
    type: n % 2 ? 'alpha' : 'beta',
    priority: 0,
    payload: { note: `needle ${n}` },
    maxAttempts: 1,
    runAt: 1,
    createdAt: n,
    ...overrides,
  });

  test('a filter on status and type is counted exactly from the counters, past any cap', async () => {
    const store = openSqliteStore({ file: tmp.file() });
    try {
      await store.jobs.insert(Array.from({ length: 25 }, (_, i) => job(i)));
      expect(await store.jobs.countUpTo('org-a', {}, 10)).toEqual({ count: 25, exact: true });
      expect(await store.jobs.countUpTo('org-a', { status: ['QUEUED'], type: ['alpha'] }, 5)).toEqual({ count: 12, exact: true });
      // Anything else is read row by row up to the cap.
      expect(await store.jobs.countUpTo('org-a', { status: ['QUEUED'], search: 'needle' }, 10)).toEqual({ count: 10, exact: false });
    } finally {
      await store.close();
    }
  });

  test('a database made before them gets them, filled from the jobs it holds', async () => {
    const file = tmp.file();
    const before = openSqliteStore({ file });
    await before.jobs.insert(Array.from({ length: 6 }, (_, i) => job(i)));
    await before.jobs.insert([job(9, { orgId: 'org-b', payload: { note: 'elsewhere' } })]);
    await before.close();
    // Back to schema version 9: no counters (10), none of what calls cost (11), no metrics rollups (12), no cost index or holds (13),
    // the finish order on an expression (14), no search index (15), the lease index (16), the created-order index (18), the jobs as they were.
    const raw = new Database(file);
    raw.exec(`DROP TABLE job_counts; DROP TABLE budgets; DROP TABLE model_prices; DROP INDEX llm_calls_schedule; DROP INDEX llm_calls_org_cost; DROP TABLE budget_holds;
      ALTER TABLE jobs DROP COLUMN created_by_token; ALTER TABLE llm_calls DROP COLUMN reasoning_tokens;
      ALTER TABLE llm_calls DROP COLUMN schedule_id; ALTER TABLE llm_calls DROP COLUMN price; ALTER TABLE llm_calls DROP COLUMN cost_micros;
      DROP TABLE metric_marks; DROP TABLE metric_type_minutes; DROP TABLE metric_schedule_minutes; DROP TABLE metric_depth_minutes;
      DROP INDEX jobs_org_finished; ALTER TABLE jobs DROP COLUMN finished_key; CREATE INDEX jobs_org_finished ON jobs (org_id, COALESCE(finished_at, 0), id);
      DROP TABLE job_search_head; DROP TABLE job_search_errors; DROP TABLE job_search_docs; DROP TABLE job_search_mark;
      CREATE INDEX jobs_leases ON jobs (lease_expires_at) WHERE status = 'RUNNING'; CREATE INDEX jobs_org_created ON jobs (org_id, created_at, id);`);
    raw.pragma('user_version = 9');
    raw.close();

    const store = openSqliteStore({ file });
    try {
      expect(await store.jobs.queueCounts('org-a')).toMatchObject({
        counts: expect.arrayContaining([
          { status: 'QUEUED', type: 'alpha', count: 3 },
          { status: 'QUEUED', type: 'beta', count: 3 },
        ]),
      });
      expect(await store.jobs.count('org-b', { status: ['QUEUED'] })).toBe(1);
      expect(await store.jobs.count('org-a', { search: 'needle 4' })).toBe(1);
      expect(await store.jobs.count('org-a', { search: 'elsewhere' })).toBe(0);
      const byFinish = await store.jobs.list({ orgId: 'org-a', filter: { status: ['QUEUED'] }, orderBy: 'FINISHED_DESC', page: { first: 10 } });
      expect(byFinish.items).toHaveLength(6);
    } finally {
      await store.close();
    }
  });
});
