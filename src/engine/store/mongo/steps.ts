/**
 * Steps of jobs on MongoDB: one document per (job, name), written only while the worker holds the
 * job's lease. The lease check and the step's write are one transaction, and the check is itself a
 * write to the job (its quiet `updatedAt` moved on): a recovery or another claim that changes the job
 * meanwhile conflicts with it, so a step is never written by a worker that has lost the job.
 */
import type { ClientSession, Collection, UpdateFilter } from 'mongodb';
import type { JobStep, StepEnd } from '../../domain/job-step.js';
import type { JobStepRepository } from '../port.js';
import { docToStep, jobNameKey, type JobDoc, type JobStepDoc } from './documents.js';
import type { Transact } from './jobs.js';
import { heldBy } from './queries.js';

/**
 * Always a change (a same-value $set is a no-op, which takes no write lock): updatedAt moves to now,
 * or 1 ms past itself when it is already there.
 */
const TOUCH = (now: number): UpdateFilter<JobDoc> => [{ $set: { updatedAt: { $max: [now, { $add: ['$updatedAt', 1] }] } } }] as unknown as UpdateFilter<JobDoc>;

export class MongoJobStepRepository implements JobStepRepository {
  constructor(
    private readonly steps: Collection<JobStepDoc>,
    private readonly jobs: Collection<JobDoc>,
    private readonly transact: Transact,
  ) {}

  async list(orgId: string, jobId: string): Promise<JobStep[]> {
    const docs = await this.steps.find({ jobId, orgId }).sort({ firstStartedAt: 1, _id: 1 }).toArray();
    return docs.map(docToStep);
  }

  async listMany(orgId: string, jobIds: readonly string[]): Promise<JobStep[]> {
    if (jobIds.length === 0) return [];
    const docs = await this.steps.find({ jobId: { $in: [...jobIds] }, orgId }).sort({ jobId: 1, firstStartedAt: 1, _id: 1 }).toArray();
    return docs.map(docToStep);
  }

  start(step: Pick<JobStep, 'orgId' | 'jobId' | 'name' | 'attempt' | 'startedAt'>, workerId: string): Promise<boolean> {
    const _id = jobNameKey(step.jobId, step.name);
    return this.transact(async (session) => {
      if (!(await this.#hold(step.jobId, workerId, step.startedAt, session))) return false;
      const o = session ? { session } : {};
      // Read first: a duplicate key inside a transaction would abort it.
      const current = await this.steps.findOne({ _id }, { projection: { status: 1 }, ...o });
      if (current?.status === 'SUCCEEDED') return false; // a SUCCEEDED step is never started again
      await this.steps.updateOne(
        { _id },
        {
          $set: { status: 'RUNNING', attempt: step.attempt, startedAt: step.startedAt },
          $unset: { finishedAt: '', error: '' },
          $setOnInsert: { orgId: step.orgId, jobId: step.jobId, name: step.name, firstStartedAt: step.startedAt },
        },
        { upsert: true, ...o },
      );
      return true;
    });
  }

  finish(jobId: string, name: string, workerId: string, end: StepEnd): Promise<boolean> {
    const set =
      end.status === 'SUCCEEDED'
        ? { status: end.status, finishedAt: end.finishedAt, result: end.result ?? null }
        : { status: end.status, finishedAt: end.finishedAt, error: end.error };
    return this.transact(async (session) => {
      if (!(await this.#hold(jobId, workerId, end.finishedAt, session))) return false;
      const r = await this.steps.updateOne({ _id: jobNameKey(jobId, name), status: 'RUNNING' }, { $set: set }, session ? { session } : {});
      return r.matchedCount > 0;
    });
  }

  /** The lease check, as a write to the job inside the step's transaction. */
  async #hold(jobId: string, workerId: string, now: number, session: ClientSession | undefined): Promise<boolean> {
    const r = await this.jobs.updateOne(heldBy(jobId, workerId), TOUCH(now), session ? { session } : {});
    return r.matchedCount > 0;
  }
}
