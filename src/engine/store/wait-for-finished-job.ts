/**
 * A job once it is in a state a caller waits for (by default finished: SUCCEEDED, FAILED or
 * CANCELLED): from the store when it already is, else from the change feed, with nothing lost between
 * the read and the first change (./snapshot-then-changes.ts). Used by the test kit's `waitFor` and
 * `until`, and the engine tests.
 */
import { FINISHED_STATUSES, type Job } from '../domain/types.js';
import type { Store } from './port.js';
import { snapshotThenChanges } from './snapshot-then-changes.js';

type JobStore = Pick<Store, 'jobs' | 'changes'>;

/** The job once `match` holds; `what` completes the timeout's message ("job X did not <what> within"). */
export async function waitForJob(store: JobStore, orgId: string, jobId: string, match: (job: Job) => boolean, what: string, timeoutMs = 10_000): Promise<Job> {
  const matching = (job: Job | undefined) => (job && match(job) ? job : undefined);
  const watch = await snapshotThenChanges(store.changes, {
    select: (event) => (event.kind === 'job.updated' && event.job.id === jobId && event.job.orgId === orgId ? matching(event.job) : undefined),
    read: () => store.jobs.get(jobId, orgId),
  });
  try {
    return (
      matching(watch.snapshot) ??
      (await new Promise<Job>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`job ${jobId} did not ${what} within ${timeoutMs} ms`)), timeoutMs);
        watch.start((job) => {
          clearTimeout(timer);
          resolve(job);
        });
      }))
    );
  } finally {
    watch.stop();
  }
}

export function waitForFinishedJob(store: JobStore, orgId: string, jobId: string, timeoutMs = 10_000): Promise<Job> {
  return waitForJob(store, orgId, jobId, (job) => FINISHED_STATUSES.includes(job.status), 'finish', timeoutMs);
}
