/**
 * What can be done to a job from its drawer, offered only when its status allows it and the token
 * may (jobs:write; schedules:write to make a schedule): retry (also from its checkpoint), cancel,
 * delete (after a confirmation), make a schedule from a succeeded job.
 */
import { createMutation } from '@urql/solid';
import { createSignal, Show } from 'solid-js';
import type { JobStatus } from '../../gql/graphql';
import { can } from '../../lib/auth';
import { describeError } from '../../lib/errors';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { JobsCancel, JobsDelete, JobsRetry } from './documents';
import { MakeScheduleDialog } from './MakeScheduleDialog';

export interface JobActionsProps {
  job: { id: string; type: string; status: JobStatus; cancelRequested: boolean; hasCheckpoint: boolean };
  /** A retry made a new job. */
  onRetried: (newJobId: string) => void;
  onDeleted: () => void;
  notify: (message: string) => void;
}

const FINISHED: JobStatus[] = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

export function JobActions(props: JobActionsProps) {
  const [retryState, retry] = createMutation(JobsRetry);
  const [cancelState, cancel] = createMutation(JobsCancel);
  const [deleteState, remove] = createMutation(JobsDelete);
  const [error, setError] = createSignal<string | null>(null);
  const [confirmDelete, setConfirmDelete] = createSignal(false);
  const [makeSchedule, setMakeSchedule] = createSignal(false);

  const fail = (e: Parameters<typeof describeError>[0]) => {
    const shown = describeError(e);
    setError(shown ? `${shown.code ? `${shown.code}: ` : ''}${shown.message}` : null);
    return Boolean(shown);
  };

  const doRetry = async (fromCheckpoint: boolean) => {
    setError(null);
    const result = await retry({ id: props.job.id, fromCheckpoint });
    if (fail(result.error)) return;
    const id = result.data?.retryJob.id;
    if (id) props.onRetried(id);
  };
  const doCancel = async () => {
    setError(null);
    const result = await cancel({ id: props.job.id });
    if (!fail(result.error)) props.notify(result.data?.cancelJob.status === 'CANCELLED' ? 'Job cancelled.' : 'Cancel requested: the job stops at its next check.');
  };
  const doDelete = async () => {
    setError(null);
    const result = await remove({ id: props.job.id });
    setConfirmDelete(false);
    if (!fail(result.error)) props.onDeleted();
  };

  const writable = () => can('jobs:write');
  const retryable = () => props.job.status === 'FAILED' || props.job.status === 'CANCELLED';
  const active = () => props.job.status === 'QUEUED' || props.job.status === 'RUNNING' || props.job.status === 'WAITING';
  const busy = () => retryState.fetching || cancelState.fetching || deleteState.fetching;

  return (
    <>
      <div class="toolbar job-actions" role="toolbar" aria-label="Job actions">
        <Show when={writable() && retryable()}>
          <button type="button" class="primary" disabled={busy()} onClick={() => void doRetry(false)}>
            Retry
          </button>
          <Show when={props.job.hasCheckpoint}>
            <button type="button" disabled={busy()} onClick={() => void doRetry(true)} title="A new job that resumes from the saved checkpoint">
              Retry from checkpoint
            </button>
          </Show>
        </Show>
        <Show when={writable() && active()}>
          <button type="button" class="danger" disabled={busy() || props.job.cancelRequested} onClick={() => void doCancel()}>
            {props.job.cancelRequested ? 'Cancelling…' : 'Cancel job'}
          </button>
        </Show>
        <Show when={props.job.status === 'SUCCEEDED' && can('schedules:write')}>
          <button type="button" disabled={busy()} onClick={() => setMakeSchedule(true)}>
            Make a schedule from this job
          </button>
        </Show>
        <Show when={writable() && FINISHED.includes(props.job.status)}>
          <button type="button" class="danger" disabled={busy()} onClick={() => setConfirmDelete(true)}>
            Delete
          </button>
        </Show>
        <Show when={!writable()}>
          <span class="muted">Read-only: this token lacks jobs:write.</span>
        </Show>
      </div>
      <Show when={error()}>
        <p class="state state-error" role="alert">
          {error()}
        </p>
      </Show>
      <Show when={confirmDelete()}>
        <ConfirmDialog title="Delete this job?" confirmLabel="Delete" busy={deleteState.fetching} onConfirm={() => void doDelete()} onCancel={() => setConfirmDelete(false)}>
          <p>
            The job <span class="mono">{props.job.id}</span> and its logs are deleted for good.
          </p>
        </ConfirmDialog>
      </Show>
      <Show when={makeSchedule()}>
        <MakeScheduleDialog jobId={props.job.id} jobType={props.job.type} onClose={() => setMakeSchedule(false)} />
      </Show>
    </>
  );
}
