/**
 * Per-org limits at the LLM limiter: with `perOrg`, each org waits in its own queue for its own share
 * before the shared limits, so one org's burst cannot take another's share; the status shows each
 * org's queue. Calls are held open by the test and released by it, so nothing here depends on timing.
 */
import { afterEach, expect, test } from 'vitest';
import { LimiterPool, type LimitSettings } from '../../src/engine/runtime/llm/limiter.js';
import { loadConfig } from '../../src/config.js';

const NEVER = new AbortController().signal;
let pool: LimiterPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

/** Calls that start when the limiter lets them and end when the test releases them. */
function harness(limits: LimitSettings) {
  pool = new LimiterPool({ limitsFor: () => limits });
  const started: string[] = [];
  const releases: Array<() => void> = [];
  const call = (org: string, signal = NEVER) =>
    pool!.run('fake:*', 10, signal, () => new Promise<{ value: string; tokens: number }>((resolve) => {
      started.push(org);
      releases.push(() => resolve({ value: org, tokens: 10 }));
    }), org);
  const startedCount = async (n: number) => {
    for (let i = 0; i < 500 && started.length < n; i++) await new Promise((r) => setTimeout(r, 10));
    return started.length;
  };
  return { started, releases, call, startedCount, pool: pool! };
}

test("with per-org limits, one org's burst holds its own share and another org gets the rest", async () => {
  const h = harness({ maxConcurrent: 2, perOrg: { maxConcurrent: 1 } });
  const burst = Array.from({ length: 5 }, () => h.call('org-a'));
  const other = h.call('org-b');
  expect(await h.startedCount(2)).toBe(2);
  expect([...h.started].sort()).toEqual(['org-a', 'org-b']);
  const [status] = h.pool.status();
  expect(status).toMatchObject({ key: 'fake:*', perOrg: { maxConcurrent: 1 }, running: 2 });
  expect(status!.orgs).toEqual([
    { orgId: 'org-a', queued: 4, running: 1, done: 0 },
    { orgId: 'org-b', queued: 0, running: 1, done: 0 },
  ]);
  // Releasing them one by one lets org A's next call in, one at a time.
  while (h.releases.length) {
    h.releases.shift()!();
    await new Promise((r) => setTimeout(r, 5));
  }
  for (let i = 0; i < 6 && h.started.length < 6; i++) {
    await h.startedCount(h.started.length + 1);
    while (h.releases.length) h.releases.shift()!();
  }
  await expect(Promise.all([...burst, other])).resolves.toEqual(['org-a', 'org-a', 'org-a', 'org-a', 'org-a', 'org-b']);
  expect(h.pool.status()[0]!.orgs).toEqual([
    { orgId: 'org-a', queued: 0, running: 0, done: 5 },
    { orgId: 'org-b', queued: 0, running: 0, done: 1 },
  ]);
});

test('without per-org limits, the burst takes every shared slot and the other org waits behind it', async () => {
  const h = harness({ maxConcurrent: 2 });
  const burst = Array.from({ length: 5 }, () => h.call('org-a'));
  const other = h.call('org-b');
  expect(await h.startedCount(2)).toBe(2);
  expect(h.started).toEqual(['org-a', 'org-a']);
  expect(h.pool.status()[0]).not.toHaveProperty('orgs');
  for (let i = 0; i < 6; i++) {
    await h.startedCount(i + 1);
    while (h.releases.length) h.releases.shift()!();
  }
  await Promise.all([...burst, other]);
});

test("a call aborted while it waits for its org's share leaves the queue", async () => {
  const h = harness({ perOrg: { maxConcurrent: 1 } });
  const first = h.call('org-a');
  const controller = new AbortController();
  const second = h.call('org-a', controller.signal);
  await h.startedCount(1);
  expect(h.pool.status()[0]!.orgs).toEqual([{ orgId: 'org-a', queued: 1, running: 1, done: 0 }]);
  controller.abort(new Error('gone'));
  await expect(second).rejects.toThrow('gone');
  expect(h.pool.status()[0]!.orgs).toEqual([{ orgId: 'org-a', queued: 0, running: 1, done: 0 }]);
  h.releases.shift()!();
  await first;
});

test('config: perOrg limits on a provider and a model, checked', () => {
  const providers = [{ name: 'acme', baseUrl: 'https://llm.example.com/v1', limits: { maxConcurrent: 8, perOrg: { requestsPerMinute: 60, tokensPerMinute: 100000 } }, models: { big: { perOrg: { maxConcurrent: 1 } } } }];
  const config = loadConfig({ JOBCENTER_LLM_PROVIDERS: JSON.stringify(providers) }, {}, 'serve');
  expect(config.llm.providers[0]).toMatchObject({ limits: { perOrg: { requestsPerMinute: 60, tokensPerMinute: 100000 } }, models: { big: { perOrg: { maxConcurrent: 1 } } } });
  const bad = [{ ...providers[0], limits: { perOrg: { requestsPerMinute: 0, colour: 1 } } }];
  expect(() => loadConfig({ JOBCENTER_LLM_PROVIDERS: JSON.stringify(bad) }, {}, 'serve')).toThrow(/JOBCENTER_LLM_PROVIDERS\.0\.limits\.perOrg/);
});
