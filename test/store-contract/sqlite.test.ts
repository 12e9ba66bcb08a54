/** The store contract over the embedded SQLite adapter, one fresh database file per test; and what only SQLite promises. */
import { describe, expect, test } from 'vitest';
import { newId } from '../../src/engine/domain/ids.js';
import type { NewJob } from '../../src/engine/domain/types.js';
import { openSqliteStore } from '../../src/engine/store/sqlite/index.js';
import { useTempDirs } from '../helpers/tmp.js';
import { defineStoreContract } from './contract.js';

const tmp = useTempDirs('jobcenter-sqlite-contract-');

defineStoreContract('sqlite', () => openSqliteStore({ file: tmp.file() }));

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
