/** Steps of jobs on SQLite: one row per (job, name), written only while the worker holds the job's lease. */
import type { JobStep, StepEnd } from '../../domain/job-step.js';
import type { JobStepRepository } from '../port.js';
import { toJson, type Row } from './rows.js';
import type { Statements } from './statements.js';

const HELD = `EXISTS (SELECT 1 FROM jobs WHERE id = @jobId AND status = 'RUNNING' AND lease_owner = @workerId)`;

const SQL = {
  list: `SELECT * FROM job_steps WHERE job_id = ? AND org_id = ? ORDER BY seq`,
  listMany: `SELECT * FROM job_steps WHERE job_id IN (SELECT value FROM json_each(?)) AND org_id = ? ORDER BY job_id, seq`,
  // seq keeps the order steps first started in; a step started again keeps its place.
  start: `INSERT INTO job_steps (job_id, name, org_id, status, attempt, started_at, seq)
    SELECT @jobId, @name, @orgId, 'RUNNING', @attempt, @startedAt,
      (SELECT COALESCE(MAX(seq), 0) + 1 FROM job_steps WHERE job_id = @jobId)
    WHERE ${HELD}
    ON CONFLICT (job_id, name) DO UPDATE SET status = 'RUNNING', attempt = excluded.attempt, started_at = excluded.started_at,
      finished_at = NULL, error = NULL
    WHERE job_steps.status <> 'SUCCEEDED'`,
  finish: `UPDATE job_steps SET status = @status, finished_at = @finishedAt, result = @result, error = @error
    WHERE job_id = @jobId AND name = @name AND status = 'RUNNING' AND ${HELD}`,
};

export function rowToStep(r: Row): JobStep {
  const step: JobStep = {
    jobId: r.job_id as string,
    orgId: r.org_id as string,
    name: r.name as string,
    status: r.status as JobStep['status'],
    attempt: r.attempt as number,
    startedAt: r.started_at as number,
  };
  if (r.finished_at != null) step.finishedAt = r.finished_at as number;
  if (r.result != null) step.result = JSON.parse(r.result as string);
  if (r.error != null) step.error = JSON.parse(r.error as string);
  return step;
}

export class SqliteJobStepRepository implements JobStepRepository {
  constructor(private readonly s: Statements) {}

  async list(orgId: string, jobId: string): Promise<JobStep[]> {
    return (this.s.get(SQL.list).all(jobId, orgId) as Row[]).map(rowToStep);
  }

  async listMany(orgId: string, jobIds: readonly string[]): Promise<JobStep[]> {
    if (jobIds.length === 0) return [];
    return (this.s.get(SQL.listMany).all(JSON.stringify(jobIds), orgId) as Row[]).map(rowToStep);
  }

  async start(step: Pick<JobStep, 'orgId' | 'jobId' | 'name' | 'attempt' | 'startedAt'>, workerId: string): Promise<boolean> {
    return this.s.get(SQL.start).run({ ...step, workerId }).changes > 0;
  }

  async finish(jobId: string, name: string, workerId: string, end: StepEnd): Promise<boolean> {
    const params = {
      jobId,
      name,
      workerId,
      status: end.status,
      finishedAt: end.finishedAt,
      result: end.status === 'SUCCEEDED' ? toJson(end.result ?? null) : null,
      error: end.status === 'FAILED' ? JSON.stringify(end.error) : null,
    };
    return this.s.get(SQL.finish).run(params).changes > 0;
  }
}
