/**
 * Alerts and the audit log over real HTTP: a failing schedule retries on its ladder, counts its
 * failures and raises an alert that an operator acknowledges; manual retries of failed runs; the
 * audit log's filters and pagination; permissions and org isolation of both.
 */
import { expect, test } from 'vitest';
import type { Permission } from '../../src/engine/domain/types.js';
import { codeOf, poll, useTestApp, type TokenArg } from './helpers.js';

const api = useTestApp({ env: { JOBCENTER_CONCURRENCY: '4' } });

const ALL: Permission[] = ['jobs:read', 'jobs:write', 'schedules:read', 'schedules:write', 'schedules:run', 'schedules:delete', 'audit:read'];
const orgToken = (org: string, permissions: Permission[] = ALL, user?: string) => api().token(org, permissions, user);

/** Never due while the tests run. */
const DAILY = { kind: 'CRON', cron: '0 3 * * *', timezone: 'Asia/Shanghai' };
const FATAL = { ms: 0, steps: 1, fatal: true };

const CREATE = `mutation($input: CreateScheduleInput!) { createSchedule(input: $input) { id name enabled nextRunAt } }`;
const RUN_FIELDS = `id runKey trigger attempt status error jobId retryOf { id } job { id status }`;
const RUN_NOW = `mutation($id: ID!) { runScheduleNow(id: $id) { ${RUN_FIELDS} } }`;
const RETRY = `mutation($id: ID!) { retryScheduleRun(id: $id) { ${RUN_FIELDS} } }`;
const SCHEDULE = `query($id: ID!) { schedule(id: $id) { id enabled nextRunAt consecutiveFailures lastRunStatus
  runs(first: 50) { totalCount edges { node { ${RUN_FIELDS} } } } } }`;
const ALERTS = `query($open: Boolean, $first: Int, $after: String) { alerts(open: $open, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id kind scheduleId message raisedAt acknowledgedAt acknowledgedBy schedule { id } } } } }`;
const ACK = `mutation($id: ID!) { acknowledgeAlert(id: $id) { id kind scheduleId message raisedAt acknowledgedAt acknowledgedBy } }`;
const AUDIT = `query($filter: AuditFilter, $first: Int, $after: String) { auditLog(filter: $filter, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id at actor action targetType targetId details } } } }`;

type Run = { id: string; runKey: string; trigger: string; attempt: number; status: string; error: string | null; jobId: string | null; retryOf: { id: string } | null };

const create = async (token: TokenArg, input: Record<string, unknown>) =>
  (await api().data(CREATE, { input: { taskType: 'sleep', payload: FATAL, trigger: DAILY, ...input } }, token)).createSchedule;
const scheduleOf = async (token: TokenArg, id: string) => (await api().data(SCHEDULE, { id }, token)).schedule;
/** The schedule once `check` holds for it and its runs (oldest first). */
const waitForSchedule = (token: TokenArg, id: string, check: (s: any, runs: Run[]) => boolean, label: string) =>
  poll(
    async () => {
      const s = await scheduleOf(token, id);
      const runs = s.runs.edges.map((e: any) => e.node).reverse() as Run[];
      return check(s, runs) ? { ...s, runs } : undefined;
    },
    { timeoutMs: 20_000, label },
  );
const alerts = async (token: TokenArg, open?: boolean) => (await api().data(ALERTS, { open }, token)).alerts;
const audit = async (token: TokenArg, filter: Record<string, unknown> = {}, first = 100) => (await api().data(AUDIT, { filter, first }, token)).auditLog;

test('a failing schedule retries on its ladder, counts its failures and raises an alert that acknowledgeAlert closes', async () => {
  const token = await orgToken('alerts', ALL, 'oscar');
  const schedule = await create(token, { name: 'flaky', retryPolicy: { maxRetries: 1, backoffSeconds: [0] }, alertAfterFailures: 2 });
  const first = (await api().data(RUN_NOW, { id: schedule.id }, token)).runScheduleNow as Run;
  expect(first).toMatchObject({ trigger: 'MANUAL', attempt: 1, retryOf: null });

  const failed = await waitForSchedule(
    token,
    schedule.id,
    (s, runs) => runs.length === 2 && runs.every((r) => r.status === 'FAILED') && s.consecutiveFailures === 2,
    'a run and its retry to fail',
  );
  const [manual, retry] = failed.runs;
  expect(manual).toMatchObject({ id: first.id, trigger: 'MANUAL', attempt: 1, status: 'FAILED', error: 'asked to fail (fatal)', job: { status: 'FAILED' } });
  expect(retry).toMatchObject({ trigger: 'RETRY', attempt: 2, status: 'FAILED', retryOf: { id: first.id }, runKey: `${first.runKey}#retry2`, job: { status: 'FAILED' } });
  expect(retry!.jobId).not.toBe(manual!.jobId);
  expect(failed).toMatchObject({ lastRunStatus: 'FAILED', consecutiveFailures: 2, enabled: true });

  const open = await alerts(token, true);
  expect(open.totalCount).toBe(1);
  const alert = open.edges[0].node;
  expect(alert).toMatchObject({ kind: 'CONSECUTIVE_FAILURES', scheduleId: schedule.id, schedule: { id: schedule.id }, acknowledgedAt: null, acknowledgedBy: null });
  expect(alert.message).toContain('failed 2 times in a row');
  expect(alert.message).toContain('asked to fail (fatal)');

  const acked = (await api().data(ACK, { id: alert.id }, token)).acknowledgeAlert;
  expect(acked).toMatchObject({ id: alert.id, kind: 'CONSECUTIVE_FAILURES', acknowledgedBy: 'oscar', raisedAt: alert.raisedAt });
  expect(Date.parse(acked.acknowledgedAt)).toBeGreaterThanOrEqual(Date.parse(alert.raisedAt));
  expect((await alerts(token, true)).totalCount).toBe(0);
  expect((await alerts(token, false)).edges.map((e: any) => e.node.id)).toEqual([alert.id]);
  expect((await alerts(token)).totalCount).toBe(1);
  // Again: unchanged, and audited once.
  expect((await api().data(ACK, { id: alert.id }, token)).acknowledgeAlert).toEqual(acked);
  const ackEntries = (await audit(token, { action: ['alert.acknowledge'] })).edges.map((e: any) => e.node);
  expect(ackEntries).toEqual([expect.objectContaining({ actor: 'oscar', targetType: 'alert', targetId: alert.id, details: { scheduleId: schedule.id } })]);

  // An operator retries the last failed run: attempt 3, which fails too (the ladder is used up).
  const manualRetry = (await api().data(RETRY, { id: retry!.id }, token)).retryScheduleRun as Run;
  expect(manualRetry).toMatchObject({ trigger: 'RETRY', attempt: 3, retryOf: { id: retry!.id } });
  const third = await waitForSchedule(token, schedule.id, (s, runs) => runs.length === 3 && runs[2]!.status === 'FAILED' && s.consecutiveFailures === 3, 'the manual retry to fail');
  expect(third.runs[2]).toMatchObject({ id: manualRetry.id, attempt: 3, status: 'FAILED' });
  // The streak passed the threshold without reaching it again: no second alert.
  expect((await alerts(token)).totalCount).toBe(1);
  // One retry per run: retrying the first run again returns the retry the ladder made.
  expect(((await api().data(RETRY, { id: first.id }, token)).retryScheduleRun as Run).id).toBe(retry!.id);
  expect((await scheduleOf(token, schedule.id)).runs.totalCount).toBe(3);
  const retryEntries = (await audit(token, { action: ['schedule.retryRun'], targetId: schedule.id })).edges.map((e: any) => e.node.details);
  expect(retryEntries).toEqual([
    { runId: first.id, newRunId: retry!.id },
    { runId: retry!.id, newRunId: manualRetry.id },
  ]);
});

test('retryScheduleRun: only FAILED, TIMED_OUT or CANCELLED runs; a retry that succeeds resets the streak', async () => {
  const token = await orgToken('retry-run');
  const schedule = await create(token, { name: 'once flaky', retryPolicy: { maxRetries: 0 } });
  const first = (await api().data(RUN_NOW, { id: schedule.id }, token)).runScheduleNow as Run;
  await waitForSchedule(token, schedule.id, (s, runs) => runs[0]?.status === 'FAILED' && s.consecutiveFailures === 1, 'the run to fail');
  // No retry from the policy (maxRetries 0): the operator's is the first.
  await api().data(`mutation($id: ID!, $input: UpdateScheduleInput!) { updateSchedule(id: $id, input: $input) { id } }`, {
    id: schedule.id,
    input: { payload: { ms: 0, steps: 1 } },
  }, token);
  const retried = (await api().data(RETRY, { id: first.id }, token)).retryScheduleRun as Run;
  expect(retried).toMatchObject({ trigger: 'RETRY', attempt: 2, retryOf: { id: first.id } });
  const done = await waitForSchedule(token, schedule.id, (s, runs) => runs.length === 2 && runs[1]!.status === 'SUCCEEDED' && s.lastRunStatus === 'SUCCEEDED', 'the retry to succeed');
  expect(done.consecutiveFailures).toBe(0);
  const conflict = await api().gql(RETRY, { id: retried.id }, token);
  expect(codeOf(conflict)).toBe('CONFLICT');
  expect(codeOf(await api().gql(RETRY, { id: 'no-such-run' }, token))).toBe('NOT_FOUND');
  expect((await alerts(token)).totalCount).toBe(0);
});

test('pauseOnAlert disables the schedule when the alert is raised', async () => {
  const token = await orgToken('pause');
  const schedule = await create(token, { name: 'pausing', retryPolicy: { maxRetries: 0 }, alertAfterFailures: 1, pauseOnAlert: true });
  expect(schedule.nextRunAt).not.toBeNull();
  await api().data(RUN_NOW, { id: schedule.id }, token);
  const paused = await waitForSchedule(token, schedule.id, (s) => !s.enabled, 'the schedule to pause');
  expect(paused).toMatchObject({ enabled: false, nextRunAt: null, consecutiveFailures: 1 });
  const [alert] = (await alerts(token, true)).edges.map((e: any) => e.node);
  expect(alert).toMatchObject({ scheduleId: schedule.id, kind: 'CONSECUTIVE_FAILURES' });
  expect(alert.message).toContain('paused');
});

test('alerts: permissions and org isolation', async () => {
  const token = await orgToken('alerts-iso');
  const schedule = await create(token, { name: 'loud', retryPolicy: { maxRetries: 0 }, alertAfterFailures: 1 });
  await api().data(RUN_NOW, { id: schedule.id }, token);
  const alert = await poll(async () => (await alerts(token, true)).edges[0]?.node, { label: 'the alert' });

  const other = await orgToken('alerts-iso-b');
  expect((await alerts(other)).totalCount).toBe(0);
  expect(codeOf(await api().gql(ACK, { id: alert.id }, other))).toBe('NOT_FOUND');
  expect(codeOf(await api().gql(ACK, { id: 'no-such-alert' }, token))).toBe('NOT_FOUND');
  const reader = await orgToken('alerts-iso', ['schedules:read']);
  expect((await alerts(reader, true)).totalCount).toBe(1);
  expect(codeOf(await api().gql(ACK, { id: alert.id }, reader))).toBe('FORBIDDEN');
  const jobsOnly = await orgToken('alerts-iso', ['jobs:read', 'audit:read']);
  expect(codeOf(await api().gql(ALERTS, {}, jobsOnly))).toBe('FORBIDDEN');
  expect((await alerts(token, true)).totalCount).toBe(1);
  // Filtered by schedule.
  const bySchedule = await api().data(`query($id: ID) { alerts(scheduleId: $id) { totalCount } }`, { id: schedule.id }, token);
  expect(bySchedule.alerts.totalCount).toBe(1);
  expect((await api().data(`{ alerts(scheduleId: "nope") { totalCount } }`, undefined, token)).alerts.totalCount).toBe(0);
});

test('auditLog: newest first, filters by action, targetId, actor, targetType and time; pages; org-scoped; needs audit:read', async () => {
  const ann = await orgToken('audit', ALL, 'ann');
  const bob = await orgToken('audit', ALL, 'bob');
  const one = await create(ann, { name: 'one' });
  const two = await create(bob, { name: 'two' });
  await api().data(`mutation($id: ID!) { updateSchedule(id: $id, input: { name: "one!" }) { id } }`, { id: one.id }, bob);
  await api().data(`mutation($id: ID!) { disableSchedule(id: $id) { id } }`, { id: two.id }, ann);
  const job = (await api().data(`mutation { enqueueJob(input: { type: "sleep", payload: { ms: 0 }, delayMs: 2000000000 }) { id } }`, undefined, ann)).enqueueJob;
  await api().data(`mutation($id: ID!) { deleteSchedule(id: $id) }`, { id: two.id }, bob);

  const all = await audit(ann);
  expect(all.totalCount).toBe(6);
  const entries = all.edges.map((e: any) => e.node);
  expect(entries.map((e: any) => e.action)).toEqual(['schedule.delete', 'job.enqueue', 'schedule.disable', 'schedule.update', 'schedule.create', 'schedule.create']);
  const times = entries.map((e: any) => Date.parse(e.at));
  expect(times).toEqual([...times].sort((a, b) => b - a));
  expect(entries[5]).toMatchObject({ actor: 'ann', targetType: 'schedule', targetId: one.id });
  expect(entries[1]).toMatchObject({ actor: 'ann', targetType: 'job', targetId: job.id, details: { type: 'sleep' } });
  expect(entries[0].details.before).toMatchObject({ name: 'two', enabled: false });

  const ids = (r: any) => r.edges.map((e: any) => e.node.id);
  expect((await audit(ann, { action: ['schedule.create'] })).totalCount).toBe(2);
  expect((await audit(ann, { action: ['schedule.create', 'schedule.update'] })).totalCount).toBe(3);
  const forOne = await audit(ann, { targetId: one.id });
  expect(forOne.edges.map((e: any) => e.node.action)).toEqual(['schedule.update', 'schedule.create']);
  expect(forOne.edges[0].node.details.diff).toEqual({ name: { from: 'one', to: 'one!' } });
  expect(ids(await audit(ann, { targetId: one.id, action: ['schedule.update'] }))).toEqual([entries[3].id]);
  expect((await audit(ann, { actor: ['bob'] })).edges.map((e: any) => e.node.action)).toEqual(['schedule.delete', 'schedule.update', 'schedule.create']);
  expect((await audit(ann, { actor: ['ann', 'bob'] })).totalCount).toBe(6);
  expect(ids(await audit(ann, { targetType: 'job' }))).toEqual([entries[1].id]);
  expect((await audit(ann, { targetType: 'schedule' })).totalCount).toBe(5);
  // since is inclusive, until exclusive.
  const pivot = entries[2].at as string;
  const atOrAfter = times.filter((t: number) => t >= Date.parse(pivot)).length;
  expect((await audit(ann, { since: pivot })).totalCount).toBe(atOrAfter);
  expect((await audit(ann, { until: pivot })).totalCount).toBe(6 - atOrAfter);

  // Pages of two walk every entry once, in the same order.
  const walked: string[] = [];
  let after: string | null = null;
  for (let page = 0; page < 10; page++) {
    const { auditLog } = (await api().data(AUDIT, { first: 2, after }, ann)) as any;
    expect(auditLog.edges.length).toBeLessThanOrEqual(2);
    walked.push(...auditLog.edges.map((e: any) => e.node.id));
    if (!auditLog.pageInfo.hasNextPage) break;
    after = auditLog.pageInfo.endCursor;
  }
  expect(walked).toEqual(entries.map((e: any) => e.id));

  // Another org sees none of it; audit:read alone is enough, schedules permissions are not.
  expect((await audit(await orgToken('audit-b'))).totalCount).toBe(0);
  expect((await audit(await orgToken('audit', ['audit:read']))).totalCount).toBe(6);
  const noAudit = await api().gql(AUDIT, {}, await orgToken('audit', ALL.filter((p) => p !== 'audit:read')));
  expect(codeOf(noAudit)).toBe('FORBIDDEN');
  expect(noAudit.data).toBeNull();
});

test('alertEvents: RAISED when a streak reaches its threshold, CLOSED on acknowledge; only your org, only your schedule when asked', async () => {
  const token = await orgToken('alert-feed', ALL, 'olga');
  const stranger = await orgToken('alert-feed-b', ALL, 'sam');
  const schedule = await create(token, { name: 'feed', retryPolicy: { maxRetries: 0, backoffSeconds: [0] }, alertAfterFailures: 1 });
  const QUERY = 'subscription($scheduleId: ID) { alertEvents(scheduleId: $scheduleId) { kind at alert { id kind scheduleId acknowledgedBy } } }';
  const mine = api().subscribe(QUERY, {}, token);
  const forSchedule = api().subscribe(QUERY, { scheduleId: schedule.id }, token);
  const forOther = api().subscribe(QUERY, { scheduleId: 'another-schedule' }, token);
  const theirs = api().subscribe(QUERY, {}, stranger);
  await Promise.all([mine.live(), forSchedule.live(), forOther.live(), theirs.live()]);

  await api().data(RUN_NOW, { id: schedule.id }, token);
  const [raised] = await mine.until((events) => events.length >= 1);
  expect(raised.alertEvents).toMatchObject({ kind: 'RAISED', alert: { kind: 'CONSECUTIVE_FAILURES', scheduleId: schedule.id, acknowledgedBy: null } });
  await api().data(ACK, { id: raised.alertEvents.alert.id }, token);
  const events = await mine.until((all) => all.length >= 2);
  expect(events.map((e: any) => [e.alertEvents.kind, e.alertEvents.alert.acknowledgedBy])).toEqual([
    ['RAISED', null],
    ['CLOSED', 'olga'],
  ]);
  expect((await forSchedule.until((all) => all.length >= 2)).map((e: any) => e.alertEvents.kind)).toEqual(['RAISED', 'CLOSED']);
  // Nothing else arrives: another org's subscriber and another schedule's filter heard nothing.
  expect(forOther.events).toEqual([]);
  expect(theirs.events).toEqual([]);
  for (const sub of [mine, forSchedule, forOther, theirs]) await sub.close();
});
