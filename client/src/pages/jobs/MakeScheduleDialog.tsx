/**
 * "Make a schedule from this job": a name and a trigger (with its next fire times as you type); the
 * schedule copies the job's type and payload. The server's field issues show on the fields.
 */
import { useNavigate } from '@solidjs/router';
import { createMutation, createQuery } from '@urql/solid';
import { batch, createSignal, For, Match, onCleanup, onMount, Show, Switch, type JSX } from 'solid-js';
import { Time } from '../../components/Time';
import type { TriggerInput, TriggerKind } from '../../gql/graphql';
import { describeError, issueFor, type Issue } from '../../lib/errors';
import { JobMakeSchedule, JobTriggerPreview } from './documents';
import { fromLocalInput } from './filters';

export interface MakeScheduleDialogProps {
  jobId: string;
  jobType: string;
  onClose: () => void;
}

const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

function Field(props: { id: string; label: string; error?: string | undefined; hint?: string; children: JSX.Element }) {
  return (
    <div class="field" classList={{ invalid: Boolean(props.error) }}>
      <label for={props.id}>{props.label}</label>
      {props.children}
      <Show when={props.hint && !props.error}>
        <span class="hint">{props.hint}</span>
      </Show>
      <Show when={props.error}>
        <p class="field-error" id={`${props.id}-error`}>
          {props.error}
        </p>
      </Show>
    </div>
  );
}

export function MakeScheduleDialog(props: MakeScheduleDialogProps) {
  const navigate = useNavigate();
  const [name, setName] = createSignal(`${props.jobType} (from job ${props.jobId.slice(-8)})`);
  const [kind, setKind] = createSignal<TriggerKind>('CRON');
  const [cron, setCron] = createSignal('0 * * * *');
  const [interval, setIntervalSeconds] = createSignal('3600');
  const [at, setAt] = createSignal('');
  const [timezone, setTimezone] = createSignal(browserZone);
  const [issues, setIssues] = createSignal<Issue[]>([]);
  const [error, setError] = createSignal<string | null>(null);
  const [saving, create] = createMutation(JobMakeSchedule);

  const trigger = (): TriggerInput => {
    const zone = timezone().trim() || undefined;
    if (kind() === 'CRON') return { kind: 'CRON', cron: cron(), timezone: zone ?? null };
    if (kind() === 'INTERVAL') return { kind: 'INTERVAL', intervalSeconds: Number(interval()) || 0, timezone: zone ?? null };
    return { kind: 'ONCE', at: fromLocalInput(at()) ?? null, timezone: zone ?? null };
  };

  // The preview follows the trigger once typing pauses.
  const [previewed, setPreviewed] = createSignal<TriggerInput>(trigger());
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedulePreview = () => {
    clearTimeout(timer);
    timer = setTimeout(() => setPreviewed(trigger()), 300);
  };
  // The server's issues are about what was submitted: editing makes them stale.
  const edited = () => {
    if (issues().length || error()) batch(() => (setIssues([]), setError(null)));
    schedulePreview();
  };
  const previewCurrent = () => !preview.fetching && JSON.stringify(previewed()) === JSON.stringify(trigger());
  onCleanup(() => clearTimeout(timer));
  const [preview] = createQuery({
    query: JobTriggerPreview,
    variables: () => ({ trigger: previewed() }),
    pause: () => previewed().kind === 'ONCE' && !previewed().at,
  });
  const previewIssues = () => describeError(preview.error)?.issues ?? [];
  const issue = (path: string) => issueFor(issues(), path) ?? issueFor(previewIssues(), path);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setIssues([]);
    setError(null);
    const result = await create({ jobId: props.jobId, name: name().trim(), trigger: trigger() });
    const shown = describeError(result.error);
    if (shown) {
      setIssues(shown.issues);
      if (!shown.issues.length) setError(shown.code ? `${shown.code}: ${shown.message}` : shown.message);
      return;
    }
    const id = result.data?.createScheduleFromJob.id;
    if (id) navigate(`/schedules/${id}`);
  };

  let first!: HTMLInputElement;
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    e.stopPropagation();
    props.onClose();
  };
  onMount(() => {
    window.addEventListener('keydown', onKey, true);
    first.focus();
  });
  onCleanup(() => window.removeEventListener('keydown', onKey, true));

  return (
    <div class="modal-backdrop" onClick={(e) => e.target === e.currentTarget && props.onClose()}>
      <form class="modal card" role="dialog" aria-modal="true" aria-labelledby="make-schedule-title" onSubmit={submit} onInput={edited} onChange={edited}>
        <h2 id="make-schedule-title">Make a schedule from this job</h2>
        <p class="muted">The schedule runs {props.jobType} with this job's payload.</p>
        <Field id="ms-name" label="Name" error={issue('name')}>
          <input id="ms-name" ref={first} value={name()} onInput={(e) => setName(e.currentTarget.value)} required maxLength={200} />
        </Field>
        <Field id="ms-kind" label="Trigger">
          <select id="ms-kind" value={kind()} onChange={(e) => setKind(e.currentTarget.value as TriggerKind)}>
            <option value="CRON">Cron expression</option>
            <option value="INTERVAL">Every N seconds</option>
            <option value="ONCE">Once, at a time</option>
          </select>
        </Field>
        <Switch>
          <Match when={kind() === 'CRON'}>
            <Field id="ms-cron" label="Cron" error={issue('trigger.cron')} hint="5 fields, or 6 with seconds first; @daily, @hourly…">
              <input id="ms-cron" class="mono" value={cron()} onInput={(e) => setCron(e.currentTarget.value)} />
            </Field>
          </Match>
          <Match when={kind() === 'INTERVAL'}>
            <Field id="ms-interval" label="Interval (seconds)" error={issue('trigger.intervalSeconds')}>
              <input id="ms-interval" type="number" min="1" value={interval()} onInput={(e) => setIntervalSeconds(e.currentTarget.value)} />
            </Field>
          </Match>
          <Match when={kind() === 'ONCE'}>
            <Field id="ms-at" label="At (your time zone)" error={issue('trigger.at')}>
              <input id="ms-at" type="datetime-local" value={at()} onInput={(e) => setAt(e.currentTarget.value)} />
            </Field>
          </Match>
        </Switch>
        <Field id="ms-zone" label="Time zone" error={issue('trigger.timezone')} hint="An IANA zone; the cron is read in it.">
          <input id="ms-zone" value={timezone()} onInput={(e) => setTimezone(e.currentTarget.value)} />
        </Field>
        <div class="preview" aria-live="polite" aria-busy={!previewCurrent()}>
          <Show
            when={previewCurrent() && !(previewed().kind === 'ONCE' && !previewed().at) && preview.data?.previewTrigger}
            fallback={<span class="muted">{previewCurrent() ? (previewIssues().length ? '' : 'Next runs appear here.') : 'Checking the trigger…'}</span>}
          >
            {(times) => (
              <>
                <span class="muted">Next runs: </span>
                <For each={times()}>{(t, i) => (<>{i() > 0 ? ', ' : ''}<Time value={t} /></>)}</For>
                <Show when={times().length === 0}>
                  <span class="muted">none</span>
                </Show>
              </>
            )}
          </Show>
        </div>
        <Show when={error() || issues().some((i) => !['name', 'trigger'].some((p) => i.path === p || i.path.startsWith(`${p}.`)))}>
          <p class="state state-error" role="alert">
            {error() ?? issues().map((i) => `${i.path}: ${i.message}`).join('; ')}
          </p>
        </Show>
        <div class="modal-actions">
          <button type="button" onClick={() => props.onClose()}>
            Close
          </button>
          <button type="submit" class="primary" disabled={saving.fetching}>
            {saving.fetching ? 'Creating…' : 'Create schedule'}
          </button>
        </div>
      </form>
    </div>
  );
}
