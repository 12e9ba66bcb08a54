/**
 * The store contract for the audit trail: filters, order, pages and org scoping.
 */
import { describe, expect, test } from 'vitest';
import { ValidationError } from '../../src/engine/domain/errors.js';
import { newId } from '../../src/engine/domain/ids.js';
import type { Store } from '../../src/engine/store/port.js';
import type { AuditEntry } from '../../src/engine/domain/types.js';
import { T0, ORG, OTHER, walkPages, type StoreHarness } from './harness.js';

export function defineAuditContract(harness: StoreHarness): void {
  const { store } = harness;

  describe('audit', () => {
    test('insert and list with filters, newest first, paginated, org-scoped', async () => {
      const entries: AuditEntry[] = [];
      for (let i = 0; i < 13; i++) {
        const entry: AuditEntry = {
          id: newId(),
          orgId: ORG,
          // Pairs share a time: ties at page edges.
          at: T0 + Math.floor(i / 2) * 10,
          actor: i % 3 === 0 ? 'alice' : 'bob',
          action: i % 2 === 0 ? 'job.cancel' : 'job.retry',
          targetType: i < 10 ? 'job' : 'token',
          targetId: `target-${i % 4}`,
          ...(i === 4 && { details: { from: 'QUEUED', nested: [1, { x: true }] } }),
        };
        entries.push(entry);
        await store.audit.insert(entry);
      }
      await store.audit.insert({ id: newId(), orgId: OTHER, at: T0, actor: 'alice', action: 'job.cancel', targetType: 'job', targetId: 'target-0' });

      const walkAudit = async (filter: Parameters<Store['audit']['list']>[1]) => {
        const seen = await walkPages((page) => store.audit.list(ORG, filter, page), 3);
        expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length);
        for (let k = 1; k < seen.length; k++) expect(seen[k - 1]!.at).toBeGreaterThanOrEqual(seen[k]!.at);
        expect(await store.audit.count(ORG, filter)).toBe(seen.length);
        return seen;
      };
      const idsOf = (list: AuditEntry[]) => list.map((e) => e.id).sort();

      const everything = await walkAudit({});
      expect(idsOf(everything)).toEqual(idsOf(entries));
      expect(everything.find((e) => e.id === entries[4]!.id)).toEqual(entries[4]);
      expect(idsOf(await walkAudit({ actor: ['alice'] }))).toEqual(idsOf(entries.filter((e) => e.actor === 'alice')));
      expect(idsOf(await walkAudit({ action: ['job.retry'] }))).toEqual(idsOf(entries.filter((e) => e.action === 'job.retry')));
      expect(idsOf(await walkAudit({ actor: ['alice', 'bob'], action: ['job.cancel'] }))).toEqual(
        idsOf(entries.filter((e) => e.action === 'job.cancel')),
      );
      expect(idsOf(await walkAudit({ targetType: 'token' }))).toEqual(idsOf(entries.filter((e) => e.targetType === 'token')));
      expect(idsOf(await walkAudit({ targetType: 'job', targetId: 'target-1' }))).toEqual(
        idsOf(entries.filter((e) => e.targetType === 'job' && e.targetId === 'target-1')),
      );
      expect(idsOf(await walkAudit({ since: T0 + 15, until: T0 + 45 }))).toEqual(
        idsOf(entries.filter((e) => e.at > T0 + 15 && e.at < T0 + 45)),
      );
      expect(await store.audit.count(OTHER, {})).toBe(1);
      expect(await store.audit.count('org-nobody', {})).toBe(0);
      await expect(store.audit.list(ORG, {}, { first: 3, after: 'garbage' })).rejects.toBeInstanceOf(ValidationError);
    });
  });
}
