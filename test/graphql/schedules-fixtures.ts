/**
 * What the schedules API tests share: one app per test file with the schedule queries and mutations
 * they send, and helpers that create a schedule, read it, its runs, a count and the audit log, and
 * wait for a run. Every test works in its own org, so counts are exact even though the app is shared.
 */
import type { Permission } from '../../src/engine/domain/types.js';
import { poll, useTestApp, type TokenArg } from './helpers.js';

export const ALL: Permission[] = ['jobs:read', 'jobs:write', 'schedules:read', 'schedules:write', 'schedules:run', 'schedules:delete', 'audit:read'];

export const QUICK = { ms: 0, steps: 1 };
/** Never due while the tests run: 03:00 every day in Shanghai (19:00 UTC). */
export const DAILY = { kind: 'CRON', cron: '0 3 * * *', timezone: 'Asia/Shanghai' };

const RUN_FIELDS = `id runKey trigger attempt status scheduledFor startedAt finishedAt durationMs error jobId
  schedule { id } retryOf { id }`;
export const SCHEDULE_FIELDS = `id name description taskType payload enabled nextRunAt lastRunAt lastRunStatus consecutiveFailures
  overlapPolicy maxConcurrentRuns misfirePolicy catchUpWindowSeconds pauseOnAlert alertAfterFailures createdBy createdAt updatedAt
  trigger { kind cron intervalSeconds at timezone } retryPolicy { maxRetries backoffSeconds }`;

export const CREATE = `mutation($input: CreateScheduleInput!) { createSchedule(input: $input) { ${SCHEDULE_FIELDS} } }`;
export const UPDATE = `mutation($id: ID!, $input: UpdateScheduleInput!) { updateSchedule(id: $id, input: $input) { ${SCHEDULE_FIELDS} } }`;
export const GET = `query($id: ID!) { schedule(id: $id) { ${SCHEDULE_FIELDS} } }`;
const RUNS = `query($id: ID!, $status: [RunStatus!]) { schedule(id: $id) { runs(first: 100, status: $status) { totalCount edges { node { ${RUN_FIELDS} } } } } }`;
export const GET_RUN = `query($id: ID!) { scheduleRun(id: $id) { ${RUN_FIELDS} job { id status type payload } } }`;
export const RUN_NOW = `mutation($id: ID!) { runScheduleNow(id: $id) { ${RUN_FIELDS} job { id status } } }`;
export const DELETE = `mutation($id: ID!) { deleteSchedule(id: $id) }`;
export const ENABLE = `mutation($id: ID!) { enableSchedule(id: $id) { id enabled nextRunAt } }`;
export const DISABLE = `mutation($id: ID!) { disableSchedule(id: $id) { id enabled nextRunAt } }`;
const COUNT = `query($filter: ScheduleFilter) { schedules(filter: $filter, first: 0) { totalCount } }`;
export const PREVIEW = `query($trigger: TriggerInput!, $count: Int, $from: DateTime) { previewTrigger(trigger: $trigger, count: $count, from: $from) }`;

export type Schedule = Record<string, any> & { id: string; name: string; nextRunAt: string | null; enabled: boolean };
export type Run = Record<string, any> & { id: string; status: string; runKey: string; trigger: string; attempt: number };

/** Starts the file's app (useTestApp) and returns it with the schedule helpers that talk to it. Call at the top level. */
export function useScheduleApi() {
  const api = useTestApp({ env: { JOBCENTER_CONCURRENCY: '4' } });
  const orgToken = (org: string, permissions: Permission[] = ALL, user?: string) => api().token(org, permissions, user);

  const create = async (token: TokenArg, input: Record<string, unknown>): Promise<Schedule> =>
    (await api().data(CREATE, { input: { taskType: 'sleep', payload: QUICK, trigger: DAILY, ...input } }, token)).createSchedule;
  const getSchedule = async (token: TokenArg, id: string): Promise<Schedule | null> => (await api().data(GET, { id }, token)).schedule;
  const runsOf = async (token: TokenArg, id: string, status?: string[]): Promise<Run[]> =>
    ((await api().data(RUNS, { id, status }, token)).schedule?.runs.edges ?? []).map((e: any) => e.node);
  const count = async (token: TokenArg, filter: Record<string, unknown> = {}): Promise<number> =>
    (await api().data(COUNT, { filter }, token)).schedules.totalCount;
  const waitForRun = (token: TokenArg, id: string, statuses: string[]): Promise<Run & { job: any }> =>
    poll(
      async () => {
        const run = (await api().data(GET_RUN, { id }, token)).scheduleRun;
        return run && statuses.includes(run.status) ? run : undefined;
      },
      { timeoutMs: 20_000, label: `run ${id} to be ${statuses.join('/')}` },
    );
  const auditOf = async (token: TokenArg, filter: Record<string, unknown>) =>
    (
      await api().data(
        `query($filter: AuditFilter) { auditLog(filter: $filter, first: 100) { totalCount edges { node { id at actor action targetType targetId details } } } }`,
        { filter },
        token,
      )
    ).auditLog;

  return { api, orgToken, create, getSchedule, runsOf, count, waitForRun, auditOf };
}
