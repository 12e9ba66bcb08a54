/**
 * Steps of jobs on MongoDB: one document per (job, name), written only while the worker holds the
 * job's lease (checked just before the write: a lease lost in between writes a step its next attempt
 * runs again, which a step's at-least-once promise allows).
 */
import type { Collection } from 'mongodb';
import type { JobStep, StepEnd } from '../../domain/job-step.js';
import type { JobStepRepository } from '../port.js';
import { docToStep, jobNameKey, type JobDoc, type JobStepDoc } from './documents.js';
import { heldBy } from './queries.js';

export class MongoJobStepRepository implements JobStepRepository {
  constructor(
    private readonly steps: Collection<JobStepDoc>,
    private readonly jobs: Collection<JobDoc>,
  ) {}

  async list(orgId: string, jobId: string): Promise<JobStep[]> {
    const docs = await this.steps.find({ jobId, orgId }).sort({ firstStartedAt: 1, _id: 1 }).toArray();
    return docs.map(docToStep);
  }

  async start(step: Pick<JobStep, 'orgId' | 'jobId' | 'name' | 'attempt' | 'startedAt'>, workerId: string): Promise<boolean> {
    if (!(await this.#held(step.jobId, workerId))) return false;
    const _id = jobNameKey(step.jobId, step.name);
    const again = await this.steps.updateOne(
      { _id, status: { $ne: 'SUCCEEDED' } },
      { $set: { status: 'RUNNING', attempt: step.attempt, startedAt: step.startedAt }, $unset: { finishedAt: '', error: '' } },
    );
    if (again.matchedCount > 0) return true;
    try {
      await this.steps.insertOne({ _id, ...step, status: 'RUNNING', firstStartedAt: step.startedAt });
      return true;
    } catch (error) {
      // A SUCCEEDED step holds the _id: it is never started again.
      if ((error as { code?: number }).code === 11000) return false;
      throw error;
    }
  }

  async finish(jobId: string, name: string, workerId: string, end: StepEnd): Promise<boolean> {
    if (!(await this.#held(jobId, workerId))) return false;
    const set =
      end.status === 'SUCCEEDED'
        ? { status: end.status, finishedAt: end.finishedAt, result: end.result ?? null }
        : { status: end.status, finishedAt: end.finishedAt, error: end.error };
    const r = await this.steps.updateOne({ _id: jobNameKey(jobId, name), status: 'RUNNING' }, { $set: set });
    return r.matchedCount > 0;
  }

  async #held(jobId: string, workerId: string): Promise<boolean> {
    return (await this.jobs.findOne(heldBy(jobId, workerId), { projection: { _id: 1 } })) !== null;
  }
}
