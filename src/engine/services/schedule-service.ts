/**
 * The schedules use cases, org-scoped and audited: create (validated against the task's schema and
 * the trigger rules, nothing saved on any error), update, enable, disable, delete, run now, retry a
 * run, make a schedule from a job, preview a trigger.
 *
 * Nothing here wakes the scheduler: it follows schedule changes on the store's change feed.
 */
import { cleanForStorage, DEFAULT_SIZE_LIMITS } from '../domain/size-limits.js';
import { writeAudit } from './audit-writer.js';
import { type Actor } from '../domain/actor.js';
import { ConflictError, NotFoundError, ValidationError, type Issue } from '../domain/errors.js';
import { newId } from '../domain/ids.js';
import type { JobService } from './job-service.js';
import type { Store } from '../store/port.js';
import type { TaskCatalog } from '../domain/task-catalog.js';
import type { Page, PageRequest } from '../domain/page.js';
import type { ScheduleRuns } from './schedule-runs.js';
import type { Quotas } from './quotas.js';
import { nextFireTime, nextFireTimes, validateTrigger, type TriggerInput } from './triggers.js';
import {
  DEFAULT_RETRY_POLICY,
  MISFIRE_POLICIES,
  OVERLAP_POLICIES,
  type MisfirePolicy,
  type OverlapPolicy,
  type RunStatus,
  type Schedule,
  type ScheduleFilter,
  type ScheduleRun,
} from '../domain/schedule.js';

export interface ScheduleInput {
  name: string;
  description?: string | null;
  taskType: string;
  payload: unknown;
  trigger: TriggerInput;
  enabled?: boolean | null;
  overlapPolicy?: OverlapPolicy | null;
  maxConcurrentRuns?: number | null;
  misfirePolicy?: MisfirePolicy | null;
  catchUpWindowSeconds?: number | null;
  retryPolicy?: { maxRetries?: number | null; backoffSeconds?: number[] | null } | null;
  alertAfterFailures?: number | null;
  pauseOnAlert?: boolean | null;
}

export type ScheduleUpdate = Partial<Omit<ScheduleInput, 'taskType' | 'enabled'>>;

const given = <T>(v: T | null | undefined): v is T => v !== undefined && v !== null;

export class ScheduleService {
  constructor(
    private readonly store: Store,
    private readonly catalog: TaskCatalog,
    private readonly jobs: JobService,
    private readonly scheduleRuns: ScheduleRuns,
    /** Per-org limits on schedules; none when absent. */
    private readonly quotas?: Quotas,
  ) {}

  async create(actor: Actor, input: ScheduleInput): Promise<Schedule> {
    const now = Date.now();
    const schedule = this.#build(actor, input, now, undefined);
    await this.quotas?.checkNewSchedule(actor, schedule);
    await this.store.schedules.insert(schedule);
    await writeAudit(this.store, actor, 'schedule.create', { type: 'schedule', id: schedule.id }, { after: auditView(schedule) });
    return schedule;
  }

  async update(actor: Actor, id: string, patch: ScheduleUpdate): Promise<Schedule> {
    const before = await this.require(actor, id);
    const now = Date.now();
    const merged: ScheduleInput = {
      ...toInput(before),
      ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
      taskType: before.taskType,
      enabled: before.enabled,
    } as ScheduleInput;
    // A retry policy given in part keeps the other field (not the default).
    if (given(patch.retryPolicy)) {
      const { maxRetries, backoffSeconds } = patch.retryPolicy;
      merged.retryPolicy = { ...before.retryPolicy, ...(given(maxRetries) && { maxRetries }), ...(given(backoffSeconds) && { backoffSeconds }) };
    }
    const after = this.#build(actor, merged, now, before);
    const changes = diff(auditView(before), auditView(after));
    // An update that changes no setting (empty, or equal to the current values) writes nothing: the
    // schedule, its next run and the audit log stay as they are.
    if (Object.keys(changes).length === 0) return before;
    await this.quotas?.checkSubMinute(actor, after);
    await this.store.schedules.save(after);
    await writeAudit(this.store, actor, 'schedule.update', { type: 'schedule', id }, { diff: changes });
    return after;
  }

  async setEnabled(actor: Actor, id: string, enabled: boolean): Promise<Schedule> {
    const before = await this.require(actor, id);
    if (before.enabled === enabled) return before;
    const now = Date.now();
    const after: Schedule = { ...before, enabled, updatedAt: now };
    // Re-enabled: the next slot from now (missed ones are not fired).
    const next = enabled ? nextFireTime(before.trigger, now, before.anchorAt) : null;
    if (next === null) delete after.nextRunAt;
    else after.nextRunAt = next;
    await this.quotas?.checkSubMinute(actor, after);
    await this.store.schedules.save(after);
    if (!enabled) await this.#cancelAhead(actor, id);
    await writeAudit(this.store, actor, enabled ? 'schedule.enable' : 'schedule.disable', { type: 'schedule', id });
    return after;
  }

  async delete(actor: Actor, id: string): Promise<string> {
    const before = await this.require(actor, id);
    // Before the runs go with the schedule: their jobs would otherwise still run at their slot.
    await this.#cancelAhead(actor, id);
    await this.store.schedules.delete(id, actor.orgId);
    await writeAudit(this.store, actor, 'schedule.delete', { type: 'schedule', id }, { before: auditView(before) });
    return id;
  }

  /**
   * A disabled or deleted schedule's runs written ahead of a slot still to come (the scheduler's
   * aheadMs) must not run: their jobs, due at the slot, are cancelled (the runs follow them, CANCELLED).
   */
  async #cancelAhead(actor: Actor, scheduleId: string): Promise<void> {
    const now = Date.now();
    for (const run of await this.store.scheduleRuns.active(scheduleId)) {
      if (run.trigger !== 'SCHEDULED' || run.scheduledFor <= now || run.jobId === undefined) continue;
      await this.jobs.cancel(actor, run.jobId);
    }
  }

  /** A run now, outside the trigger (the overlap policy does not apply to it). */
  async runNow(actor: Actor, id: string): Promise<ScheduleRun> {
    const schedule = await this.require(actor, id);
    const run = await this.scheduleRuns.runNow(schedule);
    await writeAudit(this.store, actor, 'schedule.runNow', { type: 'schedule', id }, { runId: run.id });
    return run;
  }

  async retryRun(actor: Actor, runId: string): Promise<ScheduleRun> {
    const run = await this.store.scheduleRuns.get(runId, actor.orgId);
    if (!run) throw new NotFoundError('schedule run', runId);
    if (run.status !== 'FAILED' && run.status !== 'TIMED_OUT' && run.status !== 'CANCELLED') {
      throw new ConflictError(`run ${runId} is ${run.status}; only FAILED, TIMED_OUT or CANCELLED runs can be retried`);
    }
    const schedule = await this.require(actor, run.scheduleId);
    const retry = await this.scheduleRuns.retry(schedule, run, 0);
    await writeAudit(this.store, actor, 'schedule.retryRun', { type: 'schedule', id: schedule.id }, { runId, newRunId: retry.id });
    return retry;
  }

  /** A successful job becomes a schedule with its type and payload. */
  async createFromJob(actor: Actor, jobId: string, name: string, trigger: TriggerInput): Promise<Schedule> {
    const job = await this.jobs.require(actor, jobId);
    if (job.status !== 'SUCCEEDED') throw new ConflictError(`job ${jobId} is ${job.status}; only a SUCCEEDED job can become a schedule`);
    return this.create(actor, { name, taskType: job.type, payload: job.payload, trigger });
  }

  preview(trigger: TriggerInput, count: number, from: number): number[] {
    const valid = validateTrigger(trigger, from);
    return nextFireTimes(valid, from, count, from);
  }

  /** One run of a schedule of the actor's org. */
  getRun(actor: Actor, id: string): Promise<ScheduleRun | undefined> {
    return this.store.scheduleRuns.get(id, actor.orgId);
  }

  async get(actor: Actor, id: string): Promise<Schedule | undefined> {
    return this.store.schedules.get(id, actor.orgId);
  }

  /** The org's schedules among these ids, in the order asked (undefined where there is none): one read. */
  async getMany(actor: Actor, ids: readonly string[]): Promise<Array<Schedule | undefined>> {
    const byId = new Map((await this.store.schedules.getMany(ids, actor.orgId)).map((s) => [s.id, s]));
    return ids.map((id) => byId.get(id));
  }

  /** The org's runs among these ids, in the order asked (undefined where there is none): one read. */
  async getRuns(actor: Actor, ids: readonly string[]): Promise<Array<ScheduleRun | undefined>> {
    const byId = new Map((await this.store.scheduleRuns.getMany(ids, actor.orgId)).map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id));
  }

  async require(actor: Actor, id: string): Promise<Schedule> {
    const schedule = await this.get(actor, id);
    if (!schedule) throw new NotFoundError('schedule', id);
    return schedule;
  }

  list(actor: Actor, filter: ScheduleFilter, page: PageRequest): Promise<Page<Schedule>> {
    return this.store.schedules.list(actor.orgId, filter, page);
  }

  count(actor: Actor, filter: ScheduleFilter): Promise<number> {
    return this.store.schedules.count(actor.orgId, filter);
  }

  runs(actor: Actor, filter: { scheduleId?: string; status?: RunStatus[] }, page: PageRequest): Promise<Page<ScheduleRun>> {
    return this.store.scheduleRuns.list(actor.orgId, filter, page);
  }

  countRuns(actor: Actor, filter: { scheduleId?: string; status?: RunStatus[] }): Promise<number> {
    return this.store.scheduleRuns.count(actor.orgId, filter);
  }

  /** Checks every field; throws one ValidationError with every problem and its path. */
  #build(actor: Actor, input: ScheduleInput, now: number, before: Schedule | undefined): Schedule {
    const issues: Issue[] = [];
    const at = (path: string, message: string) => issues.push({ path, message });
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (name.length < 1 || name.length > 200) at('name', 'must be 1 to 200 characters');
    if (given(input.description) && input.description.length > 2000) at('description', 'must be at most 2000 characters');
    const spec = this.catalog.get(input.taskType);
    let payload = input.payload;
    if (!spec) at('taskType', `unknown task type "${input.taskType}"; known types: ${this.catalog.list().map((t) => t.type).join(', ') || 'none'}`);
    else {
      const parsed = spec.parseInput(input.payload);
      if (parsed.ok) payload = parsed.value;
      else for (const issue of parsed.issues) at(issue.path ? `payload.${issue.path}` : 'payload', issue.message);
    }
    // Its runs' jobs carry this payload: the same rule and cap as an enqueued job's (size-limits.ts).
    const storable = cleanForStorage(payload, DEFAULT_SIZE_LIMITS.payload);
    if (storable.ok) payload = storable.value;
    else at('payload', `cannot be stored: ${storable.reason}`);
    // An update that leaves the trigger alone keeps it as stored: a ONCE whose instant has passed
    // (it fired) is not "in the past" input, and must not block renaming the schedule.
    let trigger = before && input.trigger === before.trigger ? before.trigger : undefined;
    if (!trigger) {
      try {
        trigger = validateTrigger(input.trigger, now, 'trigger');
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        issues.push(...error.issues);
      }
    }
    const overlap = input.overlapPolicy ?? 'SKIP';
    if (!OVERLAP_POLICIES.includes(overlap)) at('overlapPolicy', `must be one of ${OVERLAP_POLICIES.join(', ')}`);
    const misfire = input.misfirePolicy ?? 'SKIP';
    if (!MISFIRE_POLICIES.includes(misfire)) at('misfirePolicy', `must be one of ${MISFIRE_POLICIES.join(', ')}`);
    const maxConcurrentRuns = input.maxConcurrentRuns ?? 1;
    if (!Number.isInteger(maxConcurrentRuns) || maxConcurrentRuns < 1 || maxConcurrentRuns > 100) at('maxConcurrentRuns', 'must be an integer from 1 to 100');
    const window = input.catchUpWindowSeconds ?? 3600;
    if (!Number.isInteger(window) || window < 0 || window > 31_536_000) at('catchUpWindowSeconds', 'must be an integer from 0 to 31536000');
    const maxRetries = input.retryPolicy?.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries;
    if (!Number.isInteger(maxRetries) || maxRetries < 0 || maxRetries > 20) at('retryPolicy.maxRetries', 'must be an integer from 0 to 20');
    const ladder = input.retryPolicy?.backoffSeconds ?? DEFAULT_RETRY_POLICY.backoffSeconds;
    if (!Array.isArray(ladder) || ladder.length > 20 || ladder.some((s) => !Number.isInteger(s) || s < 0 || s > 86_400 * 7)) {
      at('retryPolicy.backoffSeconds', 'must be at most 20 whole numbers of seconds, each from 0 to 604800');
    }
    if (given(input.alertAfterFailures) && (!Number.isInteger(input.alertAfterFailures) || input.alertAfterFailures < 1 || input.alertAfterFailures > 1000)) {
      at('alertAfterFailures', 'must be an integer from 1 to 1000');
    }
    if (issues.length) throw new ValidationError(issues);
    const enabled = input.enabled ?? true;
    const anchorAt = before && before.trigger.kind === trigger!.kind && before.trigger.intervalSeconds === trigger!.intervalSeconds ? before.anchorAt : now;
    const next = enabled ? nextFireTime(trigger!, now, anchorAt) : null;
    const schedule: Schedule = {
      id: before?.id ?? newId(),
      orgId: actor.orgId,
      name,
      taskType: input.taskType,
      payload,
      trigger: trigger!,
      enabled,
      consecutiveFailures: before?.consecutiveFailures ?? 0,
      skippedRuns: before?.skippedRuns ?? 0,
      overlapPolicy: overlap,
      maxConcurrentRuns,
      misfirePolicy: misfire,
      catchUpWindowSeconds: window,
      retryPolicy: { maxRetries, backoffSeconds: [...ladder] },
      pauseOnAlert: input.pauseOnAlert ?? false,
      createdAt: before?.createdAt ?? now,
      updatedAt: now,
      anchorAt,
      ...(given(input.description) && input.description !== '' && { description: input.description }),
      ...(next !== null && { nextRunAt: next }),
      ...(given(input.alertAfterFailures) && { alertAfterFailures: input.alertAfterFailures }),
      ...((before?.createdBy ?? actor.userId) && { createdBy: before?.createdBy ?? actor.userId }),
      ...(before?.lastRunAt !== undefined && { lastRunAt: before.lastRunAt }),
      ...(before?.lastRunStatus !== undefined && { lastRunStatus: before.lastRunStatus }),
      ...(before?.lastSkippedAt !== undefined && { lastSkippedAt: before.lastSkippedAt }),
    };
    return schedule;
  }
}

function toInput(s: Schedule): ScheduleInput {
  return {
    name: s.name,
    description: s.description ?? null,
    taskType: s.taskType,
    payload: s.payload,
    trigger: s.trigger,
    enabled: s.enabled,
    overlapPolicy: s.overlapPolicy,
    maxConcurrentRuns: s.maxConcurrentRuns,
    misfirePolicy: s.misfirePolicy,
    catchUpWindowSeconds: s.catchUpWindowSeconds,
    retryPolicy: s.retryPolicy,
    alertAfterFailures: s.alertAfterFailures ?? null,
    pauseOnAlert: s.pauseOnAlert,
  };
}

/** What the audit log shows of a schedule (its settings, not its counters). */
function auditView(s: Schedule): Record<string, unknown> {
  const { name, description, taskType, payload, trigger, enabled, overlapPolicy, maxConcurrentRuns, misfirePolicy, catchUpWindowSeconds, retryPolicy, alertAfterFailures, pauseOnAlert } = s;
  return { name, description, taskType, payload, trigger, enabled, overlapPolicy, maxConcurrentRuns, misfirePolicy, catchUpWindowSeconds, retryPolicy, alertAfterFailures, pauseOnAlert };
}

/** Fields whose values differ, as { field: { from, to } } (absent and null are the same; key order does not count). */
function diff(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (canonical(before[key]) !== canonical(after[key])) out[key] = { from: before[key] ?? null, to: after[key] ?? null };
  }
  return out;
}

/** JSON with object keys sorted and undefined members dropped, so equal values compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

