/**
 * Every error a caller can meet, over real HTTP and graphql-ws: authentication, permissions, org
 * isolation, input validation, pagination arguments, hardening limits, CSRF and masked errors.
 */
import { afterEach, expect, test } from 'vitest';
import { codeOf, describeError, issuePaths, JOB_FIELDS, poll, useTestApp, type GqlResponse, type TokenArg } from './helpers.js';

const MAX_BYTES = 2048;
const MAX_DEPTH = 6;
const MAX_ALIASES = 5;
const api = useTestApp({
  env: {
    JOBCENTER_CONCURRENCY: '2',
    JOBCENTER_MAX_REQUEST_BYTES: String(MAX_BYTES),
    JOBCENTER_MAX_QUERY_DEPTH: String(MAX_DEPTH),
    JOBCENTER_MAX_ALIASES: String(MAX_ALIASES),
  },
});

const FAR = { delayMs: 2_000_000_000 };
const ENQUEUE = `mutation($input: EnqueueJobInput!) { enqueueJob(input: $input) { ${JOB_FIELDS} } }`;
const VIEWER = '{ viewer { orgId userId permissions } }';

/** Every response seen in this file, checked for leaked internals at the end of each test. */
const seen: GqlResponse[] = [];
const gql = async (query: string, variables?: Record<string, unknown>, token?: TokenArg) => {
  const result = await api().gql(query, variables, token);
  seen.push(result);
  return result;
};
afterEach(() => {
  for (const result of seen.splice(0)) {
    for (const error of result.errors ?? []) {
      expect(JSON.stringify(error)).not.toMatch(/stacktrace|originalError|\.ts:\d+|node_modules|\n\s+at /);
    }
  }
});

const enqueue = async (token: TokenArg, input: Record<string, unknown>) => (await api().data(ENQUEUE, { input }, token)).enqueueJob;
const jobStatus = async (token: TokenArg, id: string) => (await api().data(`query($id: ID!) { job(id: $id) { status } }`, { id }, token)).job?.status;

test('no token, an invalid token, a revoked or expired token: UNAUTHENTICATED with HTTP 401', async () => {
  const none = await gql(VIEWER, undefined, null);
  expect(none.status).toBe(401);
  expect(codeOf(none)).toBe('UNAUTHENTICATED');
  expect(none.data).toBeNull();
  expect(none.errors![0]!.extensions).not.toHaveProperty('http');

  const invalid = await gql(VIEWER, undefined, 'jc_not-a-real-token');
  expect(invalid.status).toBe(401);
  expect(codeOf(invalid)).toBe('UNAUTHENTICATED');

  const { secret, token } = await api().app.tokens.create({ orgId: 'acme', userId: 'ann', permissions: ['jobs:read'] });
  expect((await api().data(VIEWER, undefined, secret)).viewer).toEqual({ orgId: 'acme', userId: 'ann', permissions: ['jobs:read'] });
  expect(await api().app.tokens.revoke(token.id)).toBe(true);
  const revoked = await gql(VIEWER, undefined, secret);
  expect(revoked.status).toBe(401);
  expect(codeOf(revoked)).toBe('UNAUTHENTICATED');
  expect(revoked.errors![0]!.message).toMatch(/revoked/);

  const expired = await api().app.tokens.create({ orgId: 'acme', userId: 'old', permissions: ['admin'], expiresAt: Date.now() - 1000 });
  expect(codeOf(await gql('{ jobs { totalCount } }', undefined, expired.secret))).toBe('UNAUTHENTICATED');
  // A mutation without a token fails the same way, before anything is stored.
  const anonymous = await gql(ENQUEUE, { input: { type: 'sleep', payload: { ms: 1 } } }, null);
  expect([anonymous.status, codeOf(anonymous)]).toEqual([401, 'UNAUTHENTICATED']);
});

test('a token without the permission: FORBIDDEN, naming the permission', async () => {
  const reader = await api().token('perm', ['jobs:read']);
  const denied = await gql(ENQUEUE, { input: { type: 'sleep', payload: { ms: 1 } } }, reader);
  expect(codeOf(denied)).toBe('FORBIDDEN');
  // The operation ran (other fields may have data), so the status stays 200.
  expect(denied.status).toBe(200);
  expect(denied.errors![0]!.message).toContain('jobs:write');
  expect(await api().data('{ jobs { totalCount } }', undefined, reader)).toEqual({ jobs: { totalCount: 0 } });

  const llmOnly = await api().token('perm', ['llm:read']);
  const list = await gql('{ jobs { totalCount } }', undefined, llmOnly);
  expect(codeOf(list)).toBe('FORBIDDEN');
  expect(list.errors![0]!.message).toContain('jobs:read');
  // viewer needs no permission; the forbidden nullable field is null beside it.
  const partial = await gql(`{ viewer { orgId } job(id: "x") { id } }`, undefined, llmOnly);
  expect(partial.data).toEqual({ viewer: { orgId: 'perm' }, job: null });
  expect(codeOf(partial)).toBe('FORBIDDEN');
});

test("another org's job is invisible: null, NOT_FOUND, not listed, not counted, no events", async () => {
  const alpha = await api().token('alpha', ['jobs:read', 'jobs:write']);
  const beta = await api().token('beta', ['jobs:read', 'jobs:write']);
  const failed = await enqueue(alpha, { type: 'sleep', payload: { ms: 0, steps: 1, fatal: true } });
  await poll(async () => (await jobStatus(alpha, failed.id)) === 'FAILED', { label: 'the alpha job to fail' });
  const queued = await enqueue(alpha, { type: 'sleep', payload: { ms: 0 }, ...FAR });

  for (const id of [failed.id, queued.id]) {
    const read = await gql(`query($id: ID!) { job(id: $id) { id } }`, { id }, beta);
    expect(read.errors).toBeUndefined();
    expect(read.data).toEqual({ job: null });
    for (const mutation of [
      `mutation($id: ID!) { cancelJob(id: $id) { id } }`,
      `mutation($id: ID!) { retryJob(id: $id) { id } }`,
      `mutation($id: ID!) { deleteJob(id: $id) }`,
    ]) {
      const result = await gql(mutation, { id }, beta);
      expect(codeOf(result)).toBe('NOT_FOUND');
      expect(result.data).toBeNull();
    }
  }
  // Untouched, as alpha sees them.
  expect(await jobStatus(alpha, failed.id)).toBe('FAILED');
  expect(await jobStatus(alpha, queued.id)).toBe('QUEUED');

  const listed = await api().data(`query($s: String) { all: jobs { totalCount edges { node { id } } } byId: jobs(filter: { search: $s }) { totalCount } }`, { s: failed.id }, beta);
  expect(listed).toEqual({ all: { totalCount: 0, edges: [] }, byId: { totalCount: 0 } });
  const stats = await api().data(`{ queueStats { byStatus { status count } byType { type } oldestQueuedAt } }`, undefined, beta);
  expect(stats.queueStats).toEqual({ byStatus: [], byType: [], oldestQueuedAt: null });
  const alphaStats = await api().data(`{ queueStats { byStatus { status count } } }`, undefined, alpha);
  expect(alphaStats.queueStats.byStatus).toHaveLength(2);

  // A parent in another org cannot be linked.
  const child = await gql(ENQUEUE, { input: { type: 'sleep', payload: { ms: 0 }, parentId: queued.id } }, beta);
  expect(codeOf(child)).toBe('BAD_USER_INPUT');
  expect(issuePaths(child)).toEqual(['parentId']);

  // jobUpdated of another org's job: NOT_FOUND.
  const spy = api().subscribe(`subscription($id: ID!) { jobUpdated(id: $id) { kind } }`, { id: queued.id }, beta);
  await spy.ended();
  expect(spy.results).toHaveLength(1);
  expect(spy.results[0]!.errors![0]!.extensions!.code).toBe('NOT_FOUND');
  expect(spy.results[0]!.data ?? null).toBeNull();

  // jobEvents never delivers another org's events.
  const events = api().subscribe(`subscription { jobEvents { kind jobId } }`, undefined, beta);
  await events.live();
  const alphaJob = await enqueue(alpha, { type: 'sleep', payload: { ms: 0 }, ...FAR });
  await api().data(`mutation($id: ID!) { cancelJob(id: $id) { id } }`, { id: alphaJob.id }, alpha);
  const betaJob = await enqueue(beta, { type: 'sleep', payload: { ms: 0 }, ...FAR });
  const got = await events.until((evs) => evs.some((e) => e.jobEvents.jobId === betaJob.id));
  expect(got.map((e) => e.jobEvents)).toEqual([{ kind: 'CREATED', jobId: betaJob.id }]);
  await events.close();
});

test('input errors: BAD_USER_INPUT with issue paths', async () => {
  const unknownType = await gql(ENQUEUE, { input: { type: 'no-such-task', payload: {} } });
  expect(codeOf(unknownType)).toBe('BAD_USER_INPUT');
  expect(issuePaths(unknownType)[0]).toBe('type');
  expect(unknownType.errors![0]!.extensions!.issues![0]!.message).toMatch(/sleep/); // names the known types

  const badPayload = await gql(ENQUEUE, { input: { type: 'sleep', payload: { ms: 'soon' } } });
  expect(codeOf(badPayload)).toBe('BAD_USER_INPUT');
  expect(issuePaths(badPayload)).toContain('payload.ms');

  const several = await gql(ENQUEUE, { input: { type: 'sleep', payload: { ms: -1 }, priority: 10_000_000, maxAttempts: 0 } });
  expect(issuePaths(several).sort()).toEqual(['maxAttempts', 'payload.ms', 'priority']);

  const first = await gql('{ jobs(first: 1000) { totalCount } }');
  expect(codeOf(first)).toBe('BAD_USER_INPUT');
  expect(issuePaths(first)).toEqual(['first']);
  expect(codeOf(await gql('{ jobs(first: -1) { totalCount } }'))).toBe('BAD_USER_INPUT');

  const after = await gql('{ jobs(after: "definitely-not-a-cursor") { totalCount } }');
  expect(codeOf(after)).toBe('BAD_USER_INPUT');
  expect(issuePaths(after)).toEqual(['after']);
  const wrongShape = Buffer.from(JSON.stringify({ a: 1 })).toString('base64url');
  expect(codeOf(await gql('query($a: String) { jobs(after: $a) { totalCount } }', { a: wrongShape }))).toBe('BAD_USER_INPUT');

  const literal = await gql('{ jobs(filter: { createdAfter: "yesterday" }) { totalCount } }');
  expect(literal.errors?.length).toBeGreaterThan(0);
  expect(literal.data ?? null).toBeNull();
  expect(literal.errors![0]!.message).toMatch(/DateTime/);
  const variable = await gql('query($d: DateTime) { jobs(filter: { createdAfter: $d }) { totalCount } }', { d: '2026-13-45' });
  expect(codeOf(variable)).toBe('BAD_USER_INPUT');
  expect(variable.data ?? null).toBeNull();
});

test('unknown ids: NOT_FOUND on every mutation, null on job(id)', async () => {
  const id = '00000000-0000-7000-8000-000000000000';
  expect((await api().data(`query($id: ID!) { job(id: $id) { id } }`, { id })).job).toBeNull();
  for (const mutation of ['cancelJob(id: $id) { id }', 'retryJob(id: $id) { id }', 'deleteJob(id: $id)']) {
    const result = await gql(`mutation($id: ID!) { ${mutation} }`, { id });
    expect(codeOf(result)).toBe('NOT_FOUND');
    expect(result.errors![0]!.message).toContain(id);
  }
});

test('hardening: body size, depth and alias limits, CSRF on GET', async () => {
  const big = await fetch(api().url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${api().adminToken}` },
    body: JSON.stringify({ query: VIEWER, variables: { pad: 'x'.repeat(MAX_BYTES) } }),
  });
  expect(big.status).toBe(413);
  const bigBody = (await big.json()) as { errors: Array<{ extensions: { code: string } }> };
  expect(bigBody.errors[0]!.extensions.code).toBe('PAYLOAD_TOO_LARGE');

  let nested = 'id';
  for (let i = 0; i < MAX_DEPTH + 2; i++) nested = `parent { ${nested} }`;
  const deep = await gql(`{ job(id: "x") { ${nested} } }`);
  expect(deep.errors?.length).toBeGreaterThan(0);
  expect(deep.data ?? null).toBeNull();
  expect(deep.errors![0]!.message).toMatch(/depth/i);

  const aliases = Array.from({ length: MAX_ALIASES + 2 }, (_, i) => `a${i}: viewer { orgId }`).join(' ');
  const aliased = await gql(`{ ${aliases} }`);
  expect(aliased.errors?.length).toBeGreaterThan(0);
  expect(aliased.data ?? null).toBeNull();
  expect(aliased.errors![0]!.message).toMatch(/alias/i);

  const url = `${api().url}?query=${encodeURIComponent(VIEWER)}`;
  const auth = { authorization: `Bearer ${api().adminToken}` };
  const noHeader = await fetch(url, { headers: auth });
  expect(noHeader.status).toBe(403);
  await noHeader.body?.cancel();
  const withHeader = await fetch(url, { headers: { ...auth, 'x-graphql-yoga-csrf': '1' } });
  expect(withHeader.status).toBe(200);
  expect(((await withHeader.json()) as { data: unknown }).data).toEqual({ viewer: { orgId: 'default', userId: 'admin', permissions: ['admin'] } });
});

test('an unexpected error is masked as INTERNAL without details', async () => {
  const jobs = api().app.jobs;
  const original = jobs.stats;
  jobs.stats = async () => {
    throw new Error('secret detail: /var/db/password.txt');
  };
  try {
    const result = await gql('{ queueStats { oldestQueuedAt } }');
    expect(codeOf(result)).toBe('INTERNAL');
    expect(result.errors![0]!.message).toBe('Unexpected error.');
    expect(JSON.stringify(result)).not.toContain('secret');
  } finally {
    jobs.stats = original;
  }
});

test('graphql-ws: an invalid token closes the socket with 4401; no token fails too', async () => {
  const invalid = api().subscribe('subscription { jobEvents { kind } }', undefined, 'jc_wrong');
  const invalidError = (await invalid.ended()) as { code?: number };
  expect(invalidError?.code, describeError(invalidError)).toBe(4401);
  expect(invalid.events).toEqual([]);

  const anonymous = api().subscribe('subscription { jobEvents { kind } }', undefined, null);
  const anonymousError = (await anonymous.ended()) as { code?: number };
  expect(anonymousError?.code, describeError(anonymousError)).toBe(4401);

  const reader = await api().token('ws', ['llm:read']);
  const forbidden = api().subscribe('subscription { jobEvents { kind } }', undefined, reader);
  await forbidden.ended();
  expect(forbidden.results[0]!.errors![0]!.extensions!.code).toBe('FORBIDDEN');
});
