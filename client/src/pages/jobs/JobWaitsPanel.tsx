/**
 * What a job waits for: each wait with its kind, what it needs (a signal, an approval with its prompt
 * and data, an event and its key, a time), its timeout and one-time callback URL, and how it ended.
 * An open approval can be approved or rejected (with a comment) and an open signal wait sent JSON,
 * when the token may write jobs.
 */
import { createMutation } from '@urql/solid';
import { createSignal, For, Show } from 'solid-js';
import { JsonView } from '../../components/JsonView';
import { useFragment, type FragmentType } from '../../gql';
import type { JobWaitFieldsFragment } from '../../gql/graphql';
import { can } from '../../lib/auth';
import { describeError } from '../../lib/errors';
import { formatLocal } from '../../lib/time';
import { JobsApprove, JobsSignal, JobWaitFields } from './documents';

type Wait = FragmentType<typeof JobWaitFields> & { callbackUrl?: string | null };

export interface JobWaitsPanelProps {
  jobId: string;
  waits: readonly Wait[];
  /** The job's status: waits are answered only while the job has not finished. */
  finished: boolean;
  notify: (message: string) => void;
}

function needs(w: JobWaitFieldsFragment): string {
  switch (w.kind) {
    case 'APPROVAL':
      return 'an approval';
    case 'SIGNAL':
      return 'a signal';
    case 'EVENT':
      return `the event ${w.eventName ?? ''}${w.eventKey ? ` with key ${w.eventKey}` : ''}`;
    default:
      return w.timeoutAt ? `until ${formatLocal(w.timeoutAt)}` : 'a time';
  }
}

function WaitItem(props: { jobId: string; wait: Wait; finished: boolean; notify: (m: string) => void }) {
  const w = () => useFragment(JobWaitFields, props.wait);
  const [approveState, approve] = createMutation(JobsApprove);
  const [signalState, signal] = createMutation(JobsSignal);
  const [comment, setComment] = createSignal('');
  const [data, setData] = createSignal('{}');
  const [error, setError] = createSignal<string | null>(null);
  const open = () => !w().resolvedAt && !props.finished;

  const fail = (e: Parameters<typeof describeError>[0]) => {
    const shown = describeError(e);
    setError(shown ? `${shown.code ? `${shown.code}: ` : ''}${shown.message}` : null);
    return Boolean(shown);
  };
  const decide = async (approved: boolean) => {
    setError(null);
    const result = await approve({ id: props.jobId, name: w().name, approved, ...(comment().trim() && { comment: comment().trim() }) });
    if (!fail(result.error)) props.notify(approved ? 'Approved: the job resumes.' : 'Rejected: the job resumes.');
  };
  const send = async () => {
    setError(null);
    let value: unknown;
    try {
      value = JSON.parse(data());
    } catch {
      return setError('The signal data is not JSON.');
    }
    const result = await signal({ id: props.jobId, name: w().name, data: value });
    if (!fail(result.error)) props.notify('Signal sent: the job resumes.');
  };

  return (
    <li class="wait" data-wait={w().name} data-kind={w().kind}>
      <div class="wait-head">
        <strong>{w().name}</strong> <span class="muted">waits for {needs(w())}</span>
        <span class="spacer" />
        <span class="muted">
          <Show when={w().resolvedAt} fallback={w().timeoutAt && w().kind !== 'SLEEP' ? `times out ${formatLocal(w().timeoutAt!)}` : 'open'}>
            {w().timedOut ? (w().kind === 'SLEEP' ? 'slept' : 'timed out') : 'resolved'} {formatLocal(w().resolvedAt!)}
          </Show>
        </span>
      </div>
      <Show when={w().prompt}>
        <p class="wait-prompt">{w().prompt}</p>
      </Show>
      <Show when={w().data !== null && w().data !== undefined}>
        <JsonView value={w().data} label="Data" open={w().kind === 'APPROVAL'} />
      </Show>
      <Show when={w().resolution !== null && w().resolution !== undefined}>
        <JsonView value={w().resolution} label="Resolution" />
      </Show>
      <Show when={open() && props.wait.callbackUrl}>
        <p class="muted wait-callback">
          Callback URL (POST JSON, works once): <code>{props.wait.callbackUrl}</code>
        </p>
      </Show>
      <Show when={open() && can('jobs:write') && w().kind === 'APPROVAL'}>
        <div class="wait-actions">
          <input type="text" placeholder="Comment (optional)" aria-label={`Comment on ${w().name}`} value={comment()} onInput={(e) => setComment(e.currentTarget.value)} />
          <button type="button" disabled={approveState.fetching} onClick={() => void decide(true)}>
            Approve
          </button>
          <button type="button" class="danger" disabled={approveState.fetching} onClick={() => void decide(false)}>
            Reject
          </button>
        </div>
      </Show>
      <Show when={open() && can('jobs:write') && w().kind === 'SIGNAL'}>
        <div class="wait-actions">
          <textarea rows={2} aria-label={`Signal data for ${w().name}`} value={data()} onInput={(e) => setData(e.currentTarget.value)} />
          <button type="button" disabled={signalState.fetching} onClick={() => void send()}>
            Send signal
          </button>
        </div>
      </Show>
      <Show when={error()}>
        <p class="state state-error" role="alert">
          {error()}
        </p>
      </Show>
    </li>
  );
}

export function JobWaitsPanel(props: JobWaitsPanelProps) {
  return (
    <Show when={props.waits.length > 0}>
      <section class="job-section" aria-label="Waits">
        <header class="section-head">
          <h3>Waits</h3>
        </header>
        <ul class="waits">
          <For each={props.waits}>{(wait) => <WaitItem jobId={props.jobId} wait={wait} finished={props.finished} notify={props.notify} />}</For>
        </ul>
      </section>
    </Show>
  );
}
