/**
 * The store contract for API tokens.
 */
import { describe, expect, test } from 'vitest';
import type { ApiToken } from '../../src/engine/domain/types.js';
import { T0, ORG, OTHER, type StoreHarness } from './harness.js';

export function defineTokensContract(harness: StoreHarness): void {
  const { store } = harness;

  describe('tokens', () => {
    const token = (id: string, orgId: string, permissions: ApiToken['permissions'], extra: Partial<ApiToken> = {}): ApiToken => ({
      id,
      hash: `hash-${id}`,
      orgId,
      userId: `user-${id}`,
      permissions,
      createdAt: T0,
      ...extra,
    });

    test('insert, findByHash, list, touch, revoke, countAdmins', async () => {
      const t1 = token('t1', ORG, ['admin'], { name: 'first admin', expiresAt: T0 + 1_000_000 });
      const t2 = token('t2', ORG, ['jobs:read', 'jobs:write'], { createdAt: T0 + 1 });
      const t3 = token('t3', OTHER, ['admin', 'audit:read'], { createdAt: T0 + 2 });
      for (const t of [t1, t2, t3]) await store.tokens.insert(t);

      expect(await store.tokens.findByHash('hash-t1')).toEqual(t1);
      expect(await store.tokens.findByHash('hash-t2')).toEqual(t2);
      expect(await store.tokens.findByHash('nope')).toBeUndefined();
      expect((await store.tokens.list(ORG)).map((t) => t.id).sort()).toEqual(['t1', 't2']);
      expect((await store.tokens.list()).map((t) => t.id).sort()).toEqual(['t1', 't2', 't3']);
      expect(await store.tokens.countAdmins()).toBe(2);

      await store.tokens.touch('t2', T0 + 50);
      expect((await store.tokens.findByHash('hash-t2'))?.lastUsedAt).toBe(T0 + 50);

      expect(await store.tokens.revoke('t1', T0 + 60)).toBe(true);
      expect(await store.tokens.revoke('t1', T0 + 70)).toBe(false);
      expect(await store.tokens.revoke('missing', T0 + 70)).toBe(false);
      expect((await store.tokens.findByHash('hash-t1'))?.revokedAt).toBe(T0 + 60);
      expect(await store.tokens.countAdmins()).toBe(1);
    });
  });
}
