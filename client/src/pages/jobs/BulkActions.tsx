/**
 * Retry, cancel or delete the selected jobs. Each button counts the selected jobs it applies to and
 * only sends those; delete asks first; the outcome stays on screen (done, skipped, and each failure).
 */
import { A, useLocation } from '@solidjs/router';
import { createMutation } from '@urql/solid';
import { createSignal, For, Show } from 'solid-js';
import { JobsCancel, JobsDelete, JobsRetry } from './documents';
import { BULK_VERBS, runBulk, summarize, type BulkAction, type BulkResult } from './bulk';
import { ConfirmDialog } from './ConfirmDialog';
import type { JobRow } from './live-rows';
import { shortId } from './ShortTime';

const APPLIES: Record<BulkAction, (row: JobRow) => boolean> = {
  retry: (r) => r.status === 'FAILED' || r.status === 'CANCELLED',
  cancel: (r) => (r.status === 'QUEUED' || r.status === 'RUNNING') && !r.cancelRequested,
  delete: (r) => r.status === 'SUCCEEDED' || r.status === 'FAILED' || r.status === 'CANCELLED',
};

const SKIP_REASON: Record<BulkAction, string> = {
  retry: 'only failed or cancelled jobs can be retried',
  cancel: 'only queued or running jobs can be cancelled',
  delete: 'only finished jobs can be deleted',
};

export interface BulkActionsProps {
  selected: readonly JobRow[];
  onClear: () => void;
  onDone: (result: BulkResult) => void;
}

export function BulkActions(props: BulkActionsProps) {
  const [, retry] = createMutation(JobsRetry);
  const [, cancel] = createMutation(JobsCancel);
  const [, remove] = createMutation(JobsDelete);
  const location = useLocation();
  const [busy, setBusy] = createSignal<BulkAction | null>(null);
  const [confirming, setConfirming] = createSignal(false);
  const [outcome, setOutcome] = createSignal<{ result: BulkResult; skipped: number } | null>(null);

  const eligible = (action: BulkAction) => props.selected.filter(APPLIES[action]);
  const unfinished = () => props.selected.length - eligible('delete').length;

  const run = async (action: BulkAction) => {
    const rows = eligible(action);
    if (!rows.length) return;
    // Counted now: the selection shrinks while jobs are deleted.
    const skipped = props.selected.length - rows.length;
    setBusy(action);
    setOutcome(null);
    const ids = rows.map((r) => r.id);
    const result = await runBulk(action, ids, (id) => {
      if (action === 'retry') return retry({ id });
      if (action === 'cancel') return cancel({ id });
      return remove({ id });
    });
    setBusy(null);
    setConfirming(false);
    setOutcome({ result, skipped });
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
          <div class={`bulk-result ${o().result.failed.length ? 'bulk-result-bad' : ''}`} role="status">
            <div class="bulk-result-head">
              <strong>{summarize(o().result)}</strong>
              <Show when={o().skipped > 0}>
                <span class="muted">
                  {' '}
                  {o().skipped} skipped: {SKIP_REASON[o().result.action]}.
                </span>
              </Show>
              <button type="button" class="icon-button" aria-label="Dismiss" onClick={() => setOutcome(null)}>
                ×
              </button>
            </div>
            <Show when={o().result.failed.length}>
              <ul class="bulk-failures">
                <For each={o().result.failed}>
                  {(f) => (
                    <li>
                      <A href={`/jobs/${f.id}${location.search}`} class="mono" title={f.id}>
                        {shortId(f.id)}
                      </A>
                      : {f.message}
                    </li>
                  )}
                </For>
              </ul>
            </Show>
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
