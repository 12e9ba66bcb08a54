/**
 * What the store contract's files share: fixed times and orgs, factories for jobs, schedules, runs and
 * LLM calls, and a fresh store for each test.
 *
 * Plain values and helpers that need no store are exported as they are. `useStoreHarness(open)`, called
 * inside the adapter's `describe`, opens a store before each test and closes it after, and returns the
 * helpers that work on that store or count what they made.
 */
import { afterEach, beforeEach, expect } from 'vitest';
import { newId } from '../../src/engine/domain/ids.js';
import { ZERO_USAGE, type LlmCall } from '../../src/engine/domain/llm-call.js';
import type { Schedule, ScheduleRun } from '../../src/engine/domain/schedule.js';
import type { AttemptOutcome, Store } from '../../src/engine/store/port.js';
import type { ClaimRequest } from '../../src/engine/domain/claim-sharing.js';
import type { Job, JobError, JobStatus, NewJob } from '../../src/engine/domain/types.js';
import type { Page, PageRequest } from '../../src/engine/domain/page.js';
import { recordEvents } from '../helpers/events.js';

export const T0 = 1_700_000_000_000;
export const ORG = 'org-a';
export const OTHER = 'org-b';
export const LEASE = 30_000;

/** A copy without one key (an absent field, as the stores return it). */
export function omit<T extends object, K extends keyof T>(value: T, key: K): Omit<T, K> {
  const copy = { ...value };
  delete copy[key];
  return copy;
}

export const ids = (jobs: Array<{ id: string }>) => jobs.map((j) => j.id);
export const sorted = (values: string[]) => [...values].sort();

export const encodeKey = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
export const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
/** Newest first by a time, then id descending: the order of run and alert lists. */
export const newestBy = <T extends { id: string }>(time: (t: T) => number) => (items: T[]) =>
  [...items].sort((a, b) => time(b) - time(a) || byId(b, a)).map((t) => t.id);

/** Every page of a list, checking page sizes and hasNextPage on the way. */
export async function walkPages<T>(list: (page: PageRequest) => Promise<Page<T>>, pageSize: number): Promise<T[]> {
  const seen: T[] = [];
  let after: string | undefined;
  for (let pages = 0; pages < 200; pages++) {
    const page = await list({ first: pageSize, ...(after !== undefined && { after }) });
    expect(page.items.length).toBeLessThanOrEqual(pageSize);
    seen.push(...page.items.map((i) => i.node));
    if (!page.hasNextPage) return seen;
    expect(page.items.length).toBe(pageSize);
    after = page.items.at(-1)!.cursor;
  }
  throw new Error('the list never ended');
}

export function error(message: string, attempt = 1, extra: Partial<JobError> = {}): JobError {
  return { message, retryable: true, attempt, at: T0 + attempt, ...extra };
}

/** A QUEUED call of the org to openai:gpt-a from the console. */
export function makeCall(overrides: Partial<LlmCall> = {}): LlmCall {
  return {
    id: newId(),
    orgId: ORG,
    provider: 'openai',
    model: 'gpt-a',
    source: 'console',
    status: 'QUEUED',
    messages: [{ role: 'user', content: 'hello' }],
    output: [],
    usage: { ...ZERO_USAGE },
    queuedAt: T0,
    retries: 0,
    updatedAt: T0,
    ...overrides,
  };
}

export type StoreHarness = ReturnType<typeof useStoreHarness>;

/**
 * Opens a fresh store with `open` before each test and closes it after; call it inside a `describe`.
 * The returned `store` always stands for the store of the running test, so a contract file can keep it
 * in a constant before any test has opened one.
 */
export function useStoreHarness(open: () => Promise<Store> | Store) {
  let current: Store | undefined;
  let recorders: Array<ReturnType<typeof recordEvents>> = [];
  let counter = 0;
  /** Setup jobs get ever earlier runAt values, so a claim at `now = runAt` sees only that job. */
  let earlyRunAt = T0 - 1_000_000_000;

  beforeEach(async () => {
    current = await open();
    counter = 0;
    earlyRunAt = T0 - 1_000_000_000;
  });
  afterEach(async () => {
    for (const recorder of recorders) recorder.stop();
    recorders = [];
    await current?.close();
    current = undefined;
  });

  const store = new Proxy({} as Store, {
    get(_target, key) {
      if (!current) throw new Error('the store is open only while a test runs');
      const value: unknown = Reflect.get(current, key);
      return typeof value === 'function' ? value.bind(current) : value;
    },
  });

  /** Records the store's change events from now until the test ends. */
  function recordChanges(): ReturnType<typeof recordEvents> {
    const recorder = recordEvents(store.changes);
    recorders.push(recorder);
    return recorder;
  }

  /** The next number of this test's counter, which keeps made things apart (payloads, names, times). */
  const next = () => ++counter;

  function makeJob(overrides: Partial<NewJob> = {}): NewJob {
    return {
      id: newId(),
      orgId: ORG,
      type: 'alpha',
      priority: 0,
      payload: { n: next() },
      maxAttempts: 3,
      runAt: T0,
      createdAt: T0,
      ...overrides,
    };
  }

  async function insert(...jobs: NewJob[]): Promise<Job[]> {
    const results = await store.jobs.insert(jobs);
    expect(results.every((r) => r.created)).toBe(true);
    return results.map((r) => r.job);
  }

  function claimRequest(overrides: Partial<ClaimRequest> = {}): ClaimRequest {
    return {
      workerId: 'w1',
      limit: 10,
      now: T0,
      leaseMs: LEASE,
      types: ['alpha', 'beta', 'gamma'],
      typeLimits: {},
      ...overrides,
    };
  }

  const claim = (overrides: Partial<ClaimRequest> = {}) => store.jobs.claim(claimRequest(overrides));

  async function finish(jobId: string, outcome: AttemptOutcome, now = T0 + 1, workerId = 'w1'): Promise<Job[]> {
    return store.jobs.finishAttempts([{ jobId, workerId, outcome, now }]);
  }

  async function get(id: string): Promise<Job> {
    const job = await store.jobs.get(id, ORG);
    expect(job, `job ${id}`).toBeDefined();
    return job!;
  }

  /**
   * Inserts a job and drives it to `status` through the port (claim, finish, cancel), so every
   * adapter reaches the state the same way.
   */
  async function jobIn(
    status: JobStatus,
    overrides: Partial<NewJob> = {},
    opts: { at?: number; errorMessage?: string; result?: unknown } = {},
  ): Promise<Job> {
    earlyRunAt -= 1000;
    const [job] = await insert(makeJob({ runAt: earlyRunAt, ...overrides }));
    if (status === 'QUEUED') return job!;
    const at = opts.at ?? T0 + 1;
    if (status === 'CANCELLED') {
      const cancelled = await store.jobs.requestCancel(job!.id, job!.orgId, at);
      expect(cancelled?.status).toBe('CANCELLED');
      return cancelled!;
    }
    const claimed = await claim({ workerId: 'setup', limit: 1, now: job!.runAt, types: [job!.type] });
    expect(claimed.map((j) => j.id)).toEqual([job!.id]);
    if (status === 'RUNNING') return claimed[0]!;
    const outcome: AttemptOutcome =
      status === 'SUCCEEDED'
        ? { kind: 'succeeded', result: opts.result ?? { ok: true } }
        : { kind: 'failed', error: error(opts.errorMessage ?? 'it broke', 1, { retryable: false }) };
    const [finished] = await finish(job!.id, outcome, at, 'setup');
    expect(finished?.status).toBe(status);
    return finished!;
  }

  function makeSchedule(overrides: Partial<Schedule> = {}): Schedule {
    const n = next();
    return {
      id: newId(),
      orgId: ORG,
      name: `schedule ${String(n).padStart(3, '0')}`,
      taskType: 'alpha',
      payload: { n },
      trigger: { kind: 'INTERVAL', intervalSeconds: 60, timezone: 'UTC' },
      enabled: true,
      nextRunAt: T0 + 60_000,
      consecutiveFailures: 0,
      skippedRuns: 0,
      overlapPolicy: 'SKIP',
      maxConcurrentRuns: 1,
      misfirePolicy: 'RUN_ONCE',
      catchUpWindowSeconds: 300,
      retryPolicy: { maxRetries: 3, backoffSeconds: [30, 60, 300] },
      pauseOnAlert: false,
      createdAt: T0,
      updatedAt: T0,
      anchorAt: T0,
      ...overrides,
    };
  }

  function makeRun(schedule: Pick<Schedule, 'id' | 'orgId'>, overrides: Partial<ScheduleRun> = {}): ScheduleRun {
    const n = next();
    const scheduledFor = overrides.scheduledFor ?? T0 + n * 1000;
    return {
      id: newId(),
      orgId: schedule.orgId,
      scheduleId: schedule.id,
      runKey: `${schedule.id}:${scheduledFor}:${n}`,
      trigger: 'SCHEDULED',
      attempt: 1,
      status: 'QUEUED',
      scheduledFor,
      createdAt: scheduledFor,
      updatedAt: scheduledFor,
      ...overrides,
    };
  }

  async function insertRun(run: ScheduleRun): Promise<ScheduleRun> {
    const result = await store.scheduleRuns.insert(run);
    expect(result.created).toBe(true);
    return result.run;
  }

  return { store, recordChanges, next, makeJob, insert, claim, finish, get, jobIn, makeSchedule, makeRun, insertRun };
}
