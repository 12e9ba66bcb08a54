/**
 * `enqueueJobs` over real HTTP: all or nothing with every invalid input's index in its issue path,
 * idempotency keys per input (also repeated within one call), the 1,000 limit, permissions, the quotas
 * counting a batch as its size, and one audit entry per call listing the jobs. Every test works in its
 * own org, so counts are exact even though the app is shared.
 */
import { expect, test } from 'vitest';
import { codeOf, issuePaths, useTestApp, type TokenArg } from './helpers.js';

const api = useTestApp({ env: { JOBCENTER_TOKEN_ENQUEUE_RATE: '1', JOBCENTER_TOKEN_ENQUEUE_BURST: '1000', JOBCENTER_ORG_MAX_QUEUED_JOBS: '1500' } });

/** Never due while the tests run, so every job stays QUEUED. */
const QUEUED = { type: 'sleep', payload: { ms: 0, steps: 1 }, delayMs: 2_000_000_000 };
const ENQUEUE_MANY = `mutation($inputs: [EnqueueJobInput!]!) { enqueueJobs(inputs: $inputs) { id type status payload parent { id } } }`;
const ENQUEUE = `mutation($input: EnqueueJobInput!) { enqueueJob(input: $input) { id } }`;

type Job = { id: string; type: string; status: string; payload: { ms: number; steps: number }; parent: { id: string } | null };

const orgToken = (org: string) => api().token(org, ['jobs:read', 'jobs:write']);
const enqueueMany = (token: TokenArg, inputs: unknown[]) => api().gql<{ enqueueJobs: Job[] }>(ENQUEUE_MANY, { inputs }, token);
const jobsOf = (org: string) => api().app.store.jobs.count(org, {});
const auditOf = async (org: string) => (await api().app.store.audit.list(org, {}, { first: 100 })).items.map((i) => i.node);
const queued = (n: number, extra: (i: number) => Record<string, unknown> = () => ({})): Array<Record<string, unknown>> =>
  Array.from({ length: n }, (_, i) => ({ ...QUEUED, payload: { ms: i, steps: 1 }, ...extra(i) }));

test('stores the jobs in the order of the inputs, with one audit entry listing them', async () => {
  const org = 'batch-ok';
  const token = await orgToken(org);
  const parent = (await api().data<{ enqueueJob: { id: string } }>(ENQUEUE, { input: QUEUED }, token)).enqueueJob;
  const before = await auditOf(org);
  const result = await enqueueMany(token, queued(5, (i) => (i === 4 ? { parentId: parent.id } : {})));
  expect(result.errors).toBeUndefined();
  const jobs = result.data!.enqueueJobs;
  expect(jobs.map((j) => j.payload.ms)).toEqual([0, 1, 2, 3, 4]);
  expect(jobs.every((j) => j.status === 'QUEUED' && j.type === 'sleep')).toBe(true);
  expect(jobs[4]!.parent).toEqual({ id: parent.id });
  expect(new Set(jobs.map((j) => j.id)).size).toBe(5);
  expect(await jobsOf(org)).toBe(6);

  const added = (await auditOf(org)).slice(0, -before.length);
  expect(added.map((e) => e.action)).toEqual(['job.enqueueMany']);
  expect(added[0]!.details).toEqual({ count: 5, jobs: jobs.map((j) => ({ id: j.id, type: 'sleep' })) });
  expect(added[0]!.actor).toBe(`user-${org}`);
});

test('one invalid input stores nothing: every issue names its input by index', async () => {
  const org = 'batch-invalid';
  const token = await orgToken(org);
  const inputs = queued(20);
  inputs[3] = { ...inputs[3]!, type: 'no-such-type' };
  inputs[17] = { ...inputs[17]!, payload: { ms: 'soon', steps: 1 } };
  inputs[18] = { ...inputs[18]!, parentId: 'no-such-job' };
  const result = await enqueueMany(token, inputs);
  expect(codeOf(result)).toBe('BAD_USER_INPUT');
  expect(result.data ?? null).toBeNull();
  const paths = issuePaths(result);
  expect(paths).toContain('inputs.3.type');
  expect(paths).toContain('inputs.17.payload.ms');
  expect(paths).toContain('inputs.18.parentId');
  expect(paths.every((p) => /^inputs\.(3|17|18)\./.test(p))).toBe(true);
  const issues = result.errors![0]!.extensions!.issues as unknown as Array<{ path: string; segments: unknown[] }>;
  expect(issues.find((i) => i.path === 'inputs.17.payload.ms')!.segments).toEqual(['inputs', 17, 'payload', 'ms']);
  expect(await jobsOf(org)).toBe(0);
  expect(await auditOf(org)).toEqual([]);
});

test('idempotency keys hold per input: an existing key, and a key repeated in the call, return the first job', async () => {
  const org = 'batch-keys';
  const token = await orgToken(org);
  const existing = (await api().data<{ enqueueJob: { id: string } }>(ENQUEUE, { input: { ...QUEUED, idempotencyKey: 'k-old' } }, token)).enqueueJob;
  const inputs = [
    { ...QUEUED, idempotencyKey: 'k-old' },
    { ...QUEUED, idempotencyKey: 'k-new', payload: { ms: 1, steps: 1 } },
    { ...QUEUED, idempotencyKey: 'k-new', payload: { ms: 2, steps: 1 } },
    { ...QUEUED },
  ];
  const first = (await enqueueMany(token, inputs)).data!.enqueueJobs;
  expect(first[0]!.id).toBe(existing.id);
  expect(first[2]!.id).toBe(first[1]!.id);
  expect(first[2]!.payload.ms).toBe(1);
  expect(await jobsOf(org)).toBe(3);
  const [entry] = (await auditOf(org)).filter((e) => e.action === 'job.enqueueMany');
  expect(entry!.details).toEqual({
    count: 2,
    jobs: [first[1]!, first[3]!].map((j) => ({ id: j.id, type: 'sleep' })),
    existing: [existing.id, first[1]!.id],
  });

  // The same keyed call again stores nothing and audits nothing.
  const again = (await enqueueMany(token, inputs.slice(0, 3))).data!.enqueueJobs;
  expect(again.map((j) => j.id)).toEqual(first.slice(0, 3).map((j) => j.id));
  expect(await jobsOf(org)).toBe(3);
  expect((await auditOf(org)).filter((e) => e.action === 'job.enqueueMany')).toHaveLength(1);
});

test('at most 1,000 inputs per call: 1,001 is BAD_USER_INPUT at inputs and stores nothing; 1,000 are stored; none is an empty list', async () => {
  const org = 'batch-limit';
  const tooMany = await enqueueMany(await orgToken(org), queued(1001));
  expect(codeOf(tooMany)).toBe('BAD_USER_INPUT');
  expect(issuePaths(tooMany)).toEqual(['inputs']);
  expect(tooMany.errors![0]!.extensions!.issues![0]!.message).toMatch(/at most 1,000 jobs per call; got 1,001/);
  expect(await jobsOf(org)).toBe(0);

  const full = await enqueueMany(await orgToken(org), queued(1000));
  expect(full.errors).toBeUndefined();
  expect(full.data!.enqueueJobs).toHaveLength(1000);
  expect(await jobsOf(org)).toBe(1000);
  expect((await auditOf(org)).map((e) => e.action)).toEqual(['job.enqueueMany']);

  expect((await enqueueMany(await orgToken(org), [])).data!.enqueueJobs).toEqual([]);
});

test('needs jobs:write, as enqueueJob does; a read-only token stores nothing', async () => {
  const org = 'batch-perm';
  const reader = await api().token(org, ['jobs:read']);
  const refused = await enqueueMany(reader, queued(3));
  expect(codeOf(refused)).toBe('FORBIDDEN');
  expect(codeOf(await enqueueMany(null, queued(1)))).toBe('UNAUTHENTICATED');
  expect(await jobsOf(org)).toBe(0);
});

test('a batch counts as its size: against the token\'s enqueue burst and the org\'s queued jobs, all or nothing', async () => {
  const org = 'batch-quota';
  const token = await orgToken(org);
  expect((await enqueueMany(token, queued(900))).errors).toBeUndefined();
  // The same token has about 100 of its burst of 1,000 left (it refills at 1 a second).
  const rated = await enqueueMany(token, queued(200));
  expect(codeOf(rated)).toBe('RATE_LIMITED');
  expect(await jobsOf(org)).toBe(900);
  // Another token of the org has its own burst, but the org may hold 1,500 queued jobs.
  const quota = await enqueueMany(await orgToken(org), queued(601));
  expect(codeOf(quota)).toBe('QUOTA_EXCEEDED');
  expect(await jobsOf(org)).toBe(900);
  expect((await enqueueMany(await orgToken(org), queued(600))).errors).toBeUndefined();
  expect(await jobsOf(org)).toBe(1500);
});
