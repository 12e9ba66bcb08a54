/** Row <-> domain mapping for the SQLite adapter: JSON columns, 0/1 booleans, NULL -> absent. */
import type { AuditEntry, ApiToken, Job, JobLog, Permission, WorkerInfo } from '../../domain/types.js';

export type Row = Record<string, unknown>;

const json = (v: unknown): unknown => (v == null ? undefined : JSON.parse(v as string));
const opt = <T>(v: unknown): T | undefined => (v == null ? undefined : (v as T));

export function toJson(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

export function rowToJob(r: Row): Job {
  const job: Job = {
    id: r.id as string,
    orgId: r.org_id as string,
    type: r.type as string,
    status: r.status as Job['status'],
    priority: r.priority as number,
    payload: JSON.parse(r.payload as string),
    errors: JSON.parse(r.errors as string),
    attempt: r.attempt as number,
    maxAttempts: r.max_attempts as number,
    runAt: r.run_at as number,
    createdAt: r.created_at as number,
    updatedAt: r.updated_at as number,
    cancelRequested: r.cancel_requested === 1,
  };
  // Only present keys are set, so a job compares equal across adapters.
  const optional: Partial<Job> = {
    result: json(r.result),
    progress: json(r.progress) as Job['progress'],
    startedAt: opt(r.started_at),
    finishedAt: opt(r.finished_at),
    timeoutMs: opt(r.timeout_ms),
    checkpoint: json(r.checkpoint),
    createdBy: opt(r.created_by),
    createdByToken: opt(r.created_by_token),
    idempotencyKey: opt(r.idempotency_key),
    parentId: opt(r.parent_id),
    retryOfId: opt(r.retry_of_id),
    scheduleId: opt(r.schedule_id),
    scheduleRunId: opt(r.schedule_run_id),
    leaseOwner: opt(r.lease_owner),
    leaseExpiresAt: opt(r.lease_expires_at),
    wakeAt: opt(r.wake_at),
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) (job as unknown as Row)[key] = value;
  }
  return job;
}

export function rowToLog(r: Row): JobLog {
  const log: JobLog = {
    jobId: r.job_id as string,
    orgId: r.org_id as string,
    seq: r.seq as number,
    at: r.at as number,
    level: r.level as JobLog['level'],
    message: r.message as string,
  };
  if (r.data != null) log.data = JSON.parse(r.data as string);
  return log;
}

export function rowToAudit(r: Row): AuditEntry {
  const entry: AuditEntry = {
    id: r.id as string,
    orgId: r.org_id as string,
    at: r.at as number,
    actor: r.actor as string,
    action: r.action as string,
    targetType: r.target_type as string,
    targetId: r.target_id as string,
  };
  if (r.details != null) entry.details = JSON.parse(r.details as string);
  return entry;
}

export function rowToToken(r: Row): ApiToken {
  const token: ApiToken = {
    id: r.id as string,
    hash: r.hash as string,
    orgId: r.org_id as string,
    userId: r.user_id as string,
    permissions: JSON.parse(r.permissions as string) as Permission[],
    createdAt: r.created_at as number,
  };
  if (r.name != null) token.name = r.name as string;
  if (r.expires_at != null) token.expiresAt = r.expires_at as number;
  if (r.revoked_at != null) token.revokedAt = r.revoked_at as number;
  if (r.last_used_at != null) token.lastUsedAt = r.last_used_at as number;
  return token;
}

export function rowToWorker(r: Row): WorkerInfo {
  return {
    id: r.id as string,
    host: r.host as string,
    pid: r.pid as number,
    startedAt: r.started_at as number,
    lastHeartbeatAt: r.last_heartbeat_at as number,
    running: r.running as number,
    concurrency: r.concurrency as number,
  };
}
