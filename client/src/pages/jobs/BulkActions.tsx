/**
 * Retry, cancel or delete the selected jobs. Each button counts the selected jobs it applies to and
 * sends one bulk mutation with their ids (see bulk.ts); delete asks first; the outcome stays on screen
 * (done, and skipped with why).
 */
import type { CombinedError } from '@urql/core';
import { createMutation } from '@urql/solid';
import { createSignal, Show } from 'solid-js';
import { describeError } from '../../lib/errors';
import { JobsCancelMany, JobsDeleteMany, JobsRetryMany } from './documents';
import { applies, BULK_VERBS, runBulk, skippedNote, SKIP_REASON, summarize, type BulkAction, type BulkCallResult, type BulkFilter, type BulkResult } from './bulk';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import type { JobRow } from './live-rows';

export interface BulkActionsProps {
  selected: readonly JobRow[];
  onClear: () => void;
  onDone: (result: BulkResult) => void;
}

export function BulkActions(props: BulkActionsProps) {
  const [, retryMany] = createMutation(JobsRetryMany);
  const [, cancelMany] = createMutation(JobsCancelMany);
  const [, deleteMany] = createMutation(JobsDeleteMany);
  const [busy, setBusy] = createSignal<BulkAction | null>(null);
  const [confirming, setConfirming] = createSignal(false);
  const [outcome, setOutcome] = createSignal<BulkResult | null>(null);

  const eligible = (action: BulkAction) => props.selected.filter((row) => applies(action, row));
  const unfinished = () => props.selected.length - eligible('delete').length;

  /** One bulk mutation per action; each answers with a count. */
  const calls: Record<BulkAction, (filter: BulkFilter) => Promise<{ count: number | undefined; error: CombinedError | undefined }>> = {
    retry: (filter) => retryMany({ filter }).then((r) => ({ count: r.data?.retryJobs, error: r.error })),
    cancel: (filter) => cancelMany({ filter }).then((r) => ({ count: r.data?.cancelJobs, error: r.error })),
    delete: (filter) => deleteMany({ filter }).then((r) => ({ count: r.data?.deleteJobs, error: r.error })),
  };

  const send = async (action: BulkAction, filter: BulkFilter): Promise<BulkCallResult> => {
    const { count, error } = await calls[action](filter);
    if (error || count === undefined) return { error: describeError(error)?.message ?? 'the server sent no answer' };
    return { count };
  };

  const run = async (action: BulkAction) => {
    // Taken now: the selection shrinks while jobs are deleted.
    const rows = [...props.selected];
    if (!rows.some((row) => applies(action, row))) return;
    setBusy(action);
    setOutcome(null);
    const result = await runBulk(action, rows, (filter) => send(action, filter));
    setBusy(null);
    setConfirming(false);
    setOutcome(result);
    props.onDone(result);
  };

  const button = (action: BulkAction, danger = false) => (
    <button
      type="button"
      class={danger ? 'danger' : ''}
      disabled={busy() !== null || eligible(action).length === 0}
      title={eligible(action).length === 0 ? SKIP_REASON[action] : undefined}
      onClick={() => (action === 'delete' ? setConfirming(true) : void run(action))}
    >
      {busy() === action ? 'Working…' : `${BULK_VERBS[action].verb} (${eligible(action).length})`}
    </button>
  );

  return (
    <>
      <Show when={props.selected.length > 0}>
        <div class="toolbar bulk-bar" role="toolbar" aria-label="Selected jobs">
          <strong>{props.selected.length} selected</strong>
          {button('retry')}
          {button('cancel')}
          {button('delete', true)}
          <button type="button" class="link" onClick={() => props.onClear()}>
            Clear selection
          </button>
        </div>
      </Show>
      <Show when={outcome()}>
        {(o) => (
          <div class={`bulk-result ${o().error !== undefined ? 'bulk-result-bad' : ''}`} role="status">
            <div class="bulk-result-head">
              <strong>{summarize(o())}</strong>
              <Show when={o().skipped > 0}>
                <span class="muted"> {skippedNote(o())}</span>
              </Show>
              <button type="button" class="icon-button" aria-label="Dismiss" onClick={() => setOutcome(null)}>
                ×
              </button>
            </div>
          </div>
        )}
      </Show>
      <Show when={confirming()}>
        <ConfirmDialog
          title={`Delete ${eligible('delete').length} ${eligible('delete').length === 1 ? 'job' : 'jobs'}?`}
          confirmLabel="Delete"
          busy={busy() === 'delete'}
          onConfirm={() => void run('delete')}
          onCancel={() => setConfirming(false)}
        >
          <p>The jobs and their logs are deleted for good. This cannot be undone.</p>
          <Show when={unfinished() > 0}>
            <p class="muted">
              {unfinished() === 1 ? '1 of the selected jobs is not finished and stays.' : `${unfinished()} of the selected jobs are not finished and stay.`}
            </p>
          </Show>
        </ConfirmDialog>
      </Show>
    </>
  );
}
