/**
 * A job once it has finished (SUCCEEDED, FAILED or CANCELLED): from the store when it already has,
 * else from the change feed, with nothing lost between the read and the first change
 * (./snapshot-then-changes.ts). Used by the test kit's `waitFor` and the engine tests.
 */
import { FINISHED_STATUSES, type Job } from '../domain/types.js';
import type { Store } from './port.js';
import { snapshotThenChanges } from './snapshot-then-changes.js';

export async function waitForFinishedJob(store: Pick<Store, 'jobs' | 'changes'>, orgId: string, jobId: string, timeoutMs = 10_000): Promise<Job> {
  const finished = (job: Job | undefined) => (job && FINISHED_STATUSES.includes(job.status) ? job : undefined);
  const watch = await snapshotThenChanges(store.changes, {
    select: (event) => (event.kind === 'job.updated' && event.job.id === jobId && event.job.orgId === orgId ? finished(event.job) : undefined),
    read: () => store.jobs.get(jobId, orgId),
  });
  try {
    return (
      finished(watch.snapshot) ??
      (await new Promise<Job>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`job ${jobId} did not finish within ${timeoutMs} ms`)), timeoutMs);
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
