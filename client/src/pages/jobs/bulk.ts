/**
 * Bulk actions on selected jobs: which of them each action applies to, one bulk mutation per action
 * (retryJobs, cancelJobs or deleteJobs with `filter: { ids, status }`; the server checks the status
 * again, so a job that changed meanwhile is left alone), and the message that says what happened.
 * Pure (BulkActions.tsx sends the calls), shared with the unit tests.
 */

export type BulkAction = 'retry' | 'cancel' | 'delete';

type Status = 'QUEUED' | 'RUNNING' | 'WAITING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

/** What an action needs to know of a selected row. */
export interface BulkRow {
  id: string;
  status: Status;
  cancelRequested: boolean;
}

export const BULK_VERBS: Record<BulkAction, { verb: string; done: string }> = {
  retry: { verb: 'Retry', done: 'retried' },
  cancel: { verb: 'Cancel', done: 'cancelled' },
  delete: { verb: 'Delete', done: 'deleted' },
};

/** The statuses each action applies to; sent with the ids. */
export const BULK_STATUSES: Record<BulkAction, Status[]> = {
  retry: ['FAILED', 'CANCELLED'],
  cancel: ['QUEUED', 'RUNNING', 'WAITING'],
  delete: ['SUCCEEDED', 'FAILED', 'CANCELLED'],
};

/** Why selected jobs were not sent. */
export const SKIP_REASON: Record<BulkAction, string> = {
  retry: 'only failed or cancelled jobs can be retried',
  cancel: 'only queued, running or waiting jobs can be cancelled',
  delete: 'only finished jobs can be deleted',
};

/** Why jobs that were sent were not acted on (the server's count is lower). */
const NOT_DONE_REASON: Record<BulkAction, string> = {
  retry: 'already retried, or no longer failed or cancelled',
  cancel: 'already finished or asked to stop',
  delete: 'no longer finished, or already gone',
};

/** The API's limit of ids in one filter: a larger selection is sent in several calls. */
export const MAX_IDS_PER_CALL = 1000;

/** Whether an action applies to a row (a running job already asked to stop is not cancelled again). */
export function applies(action: BulkAction, row: BulkRow): boolean {
  if (!BULK_STATUSES[action].includes(row.status)) return false;
  return action !== 'cancel' || !row.cancelRequested;
}

export interface BulkFilter {
  ids: string[];
  status: Status[];
}

/** The filters to send for these ids: one per MAX_IDS_PER_CALL ids. */
export function bulkFilters(action: BulkAction, ids: readonly string[]): BulkFilter[] {
  const filters: BulkFilter[] = [];
  for (let i = 0; i < ids.length; i += MAX_IDS_PER_CALL) {
    filters.push({ ids: ids.slice(i, i + MAX_IDS_PER_CALL), status: [...BULK_STATUSES[action]] });
  }
  return filters;
}

export interface BulkResult {
  action: BulkAction;
  /** Selected jobs the action applied to: their ids were sent. */
  sent: number;
  /** How many the server acted on (the sum of its counts). */
  done: number;
  /** Selected jobs it did not apply to: not sent. */
  skipped: number;
  /** The error that stopped it, when a call failed. */
  error?: string;
}

/** What one call returns: the server's count, or the error's message. */
export type BulkCallResult = { count: number } | { error: string };

/**
 * Sends the action for the selected rows it applies to, one call per MAX_IDS_PER_CALL ids, in turn;
 * stops at the first error. Nothing is sent when it applies to none.
 */
export async function runBulk(
  action: BulkAction,
  rows: readonly BulkRow[],
  send: (filter: BulkFilter) => Promise<BulkCallResult>,
): Promise<BulkResult> {
  const ids = rows.filter((r) => applies(action, r)).map((r) => r.id);
  const result: BulkResult = { action, sent: ids.length, done: 0, skipped: rows.length - ids.length };
  for (const filter of bulkFilters(action, ids)) {
    let outcome: BulkCallResult;
    try {
      outcome = await send(filter);
    } catch (e) {
      outcome = { error: (e as Error).message || 'failed' };
    }
    if ('error' in outcome) {
      result.error = outcome.error;
      break;
    }
    result.done += outcome.count;
  }
  return result;
}

const jobs = (n: number) => `${n} ${n === 1 ? 'job' : 'jobs'}`;

/**
 * "2 jobs deleted." / "2 of 3 jobs retried; 1 was not: already retried, or …" / "No job cancelled: <error>".
 * The skipped jobs have their own line (skippedNote).
 */
export function summarize(result: BulkResult): string {
  const { done: verb } = BULK_VERBS[result.action];
  if (result.error !== undefined) {
    if (result.done === 0) return `No job ${verb}: ${result.error}`;
    return `${result.done} of ${jobs(result.sent)} ${verb}, then: ${result.error}`;
  }
  if (result.done >= result.sent) return `${jobs(result.done)} ${verb}.`;
  const missed = result.sent - result.done;
  return `${result.done} of ${jobs(result.sent)} ${verb}; ${missed} ${missed === 1 ? 'was' : 'were'} not: ${NOT_DONE_REASON[result.action]}.`;
}

/** "1 skipped: only finished jobs can be deleted." (empty when none was skipped). */
export function skippedNote(result: BulkResult): string {
  return result.skipped > 0 ? `${result.skipped} skipped: ${SKIP_REASON[result.action]}.` : '';
}
