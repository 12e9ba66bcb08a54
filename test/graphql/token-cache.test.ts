/**
 * A verified token is remembered for JOBCENTER_TOKEN_RECHECK_MS, so requests do not read it from the
 * store each time. What must still hold: a token revoked through this process, or past its expiry,
 * fails at once; one revoked by another process (straight in the store, as `jobcenter token revoke`
 * does) fails once the remembered copy is re-read.
 */
import { expect, test } from 'vitest';
import { codeOf, poll, useTestApp } from './helpers.js';

const VIEWER = '{ viewer { orgId userId permissions } }';
// One app that never re-reads a remembered token within a test, one that re-reads it every 100 ms.
const remembering = useTestApp({ env: { JOBCENTER_TOKEN_RECHECK_MS: '3600000' } });
const rereading = useTestApp({ env: { JOBCENTER_TOKEN_RECHECK_MS: '100' } });

test('a token revoked through this process fails at once, though it was just used', async () => {
  const { secret, token } = await remembering().app.tokens.create({ orgId: 'acme', userId: 'ann', permissions: ['jobs:read'] });
  expect((await remembering().data(VIEWER, undefined, secret)).viewer).toMatchObject({ userId: 'ann' });
  expect(await remembering().app.tokens.revoke(token.id)).toBe(true);
  const after = await remembering().gql(VIEWER, undefined, secret);
  expect([after.status, codeOf(after)]).toEqual([401, 'UNAUTHENTICATED']);
  expect(after.errors![0]!.message).toMatch(/revoked/);
  expect(await remembering().app.tokens.revoke(token.id)).toBe(false);
});

test('a remembered token fails at once when its expiry passes', async () => {
  const expiresAt = Date.now() + 300;
  const { secret } = await remembering().app.tokens.create({ orgId: 'acme', userId: 'brief', permissions: ['jobs:read'], expiresAt });
  expect((await remembering().data(VIEWER, undefined, secret)).viewer).toMatchObject({ userId: 'brief' });
  await new Promise((resolve) => setTimeout(resolve, expiresAt - Date.now() + 20));
  const after = await remembering().gql(VIEWER, undefined, secret);
  expect([after.status, codeOf(after)]).toEqual([401, 'UNAUTHENTICATED']);
  expect(after.errors![0]!.message).toMatch(/expired/);
});

test('a revocation by another process is seen when the remembered token is re-read', async () => {
  // Within the re-read interval the remembered copy answers ...
  const kept = await remembering().app.tokens.create({ orgId: 'acme', userId: 'cal', permissions: ['jobs:read'] });
  expect((await remembering().data(VIEWER, undefined, kept.secret)).viewer).toMatchObject({ userId: 'cal' });
  expect(await remembering().app.store.tokens.revoke(kept.token.id, Date.now())).toBe(true);
  expect((await remembering().data(VIEWER, undefined, kept.secret)).viewer).toMatchObject({ userId: 'cal' });

  // ... and once it is re-read, the token fails.
  const { secret, token } = await rereading().app.tokens.create({ orgId: 'acme', userId: 'dee', permissions: ['jobs:read'] });
  expect((await rereading().data(VIEWER, undefined, secret)).viewer).toMatchObject({ userId: 'dee' });
  expect(await rereading().app.store.tokens.revoke(token.id, Date.now())).toBe(true);
  const refused = await poll(
    async () => {
      const result = await rereading().gql(VIEWER, undefined, secret);
      return codeOf(result) === 'UNAUTHENTICATED' && result;
    },
    { label: 'the revoked token to be refused' },
  );
  expect(refused.errors![0]!.message).toMatch(/revoked/);
});

test('a secret refused before its token exists works once the token is created', async () => {
  // Unknown secrets are not remembered, so a token created after a failed attempt works at once.
  const secret = 'jc_created-after-a-failed-attempt-0123456789';
  expect(codeOf(await remembering().gql(VIEWER, undefined, secret))).toBe('UNAUTHENTICATED');
  await remembering().app.tokens.create({ orgId: 'acme', userId: 'eve', permissions: ['jobs:read'] }, secret);
  expect((await remembering().data(VIEWER, undefined, secret)).viewer).toMatchObject({ userId: 'eve' });
});
