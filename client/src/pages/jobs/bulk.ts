/**
 * Bulk actions on selected jobs. The API's bulk mutations (retryJobs, deleteJobs) take a filter, not
 * ids, and there is no cancelJobs, so a selection runs the per-job mutation for each id (a few at a
 * time) and reports each outcome.
 */
import type { CombinedError } from '@urql/core';
import { describeError } from '../../lib/errors';

export type BulkAction = 'retry' | 'cancel' | 'delete';

export const BULK_VERBS: Record<BulkAction, { verb: string; done: string }> = {
  retry: { verb: 'Retry', done: 'retried' },
  cancel: { verb: 'Cancel', done: 'cancelled' },
  delete: { verb: 'Delete', done: 'deleted' },
};

export interface BulkFailure {
  id: string;
  message: string;
}

export interface BulkResult {
  action: BulkAction;
  done: string[];
  failed: BulkFailure[];
}

/** Runs `run` for every id, at most `concurrency` at once; an error result or a throw is a failure. */
export async function runBulk(
  action: BulkAction,
  ids: readonly string[],
  run: (id: string) => Promise<{ error?: CombinedError | undefined }>,
  concurrency = 4,
): Promise<BulkResult> {
  const result: BulkResult = { action, done: [], failed: [] };
  const queue = [...ids];
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      try {
        const { error } = await run(id);
        if (error) result.failed.push({ id, message: describeError(error)?.message ?? 'failed' });
        else result.done.push(id);
      } catch (e) {
        result.failed.push({ id, message: (e as Error).message });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
  return result;
}

/** "3 jobs retried." / "2 of 3 jobs deleted; 1 failed." */
export function summarize(result: BulkResult): string {
  const total = result.done.length + result.failed.length;
  const noun = (n: number) => (n === 1 ? 'job' : 'jobs');
  const { done } = BULK_VERBS[result.action];
  if (result.failed.length === 0) return `${result.done.length} ${noun(result.done.length)} ${done}.`;
  if (result.done.length === 0) return `No job ${done}: ${result.failed.length} failed.`;
  return `${result.done.length} of ${total} ${noun(total)} ${done}; ${result.failed.length} failed.`;
}
