/**
 * "New job": pick a task type, fill its payload form (laid out from the type's JSON Schema), set the
 * optional enqueue options, submit. The server's BAD_USER_INPUT issues show on the fields they name;
 * the new job opens in the drawer.
 */
import { createMutation } from '@urql/solid';
import { createMemo, createSignal, For, Show, type JSX } from 'solid-js';
import { Drawer } from '../../components/Drawer';
import { SchemaForm } from '../../components/SchemaForm';
import type { EnqueueJobInput, JobsTaskTypesQuery } from '../../gql/graphql';
import { describeError, issueFor, type Issue } from '../../lib/errors';
import { formatDuration } from '../../lib/time';
import { JobsEnqueue } from './documents';

type TaskType = JobsTaskTypesQuery['taskTypes'][number];

export interface NewJobDialogProps {
  types: readonly TaskType[];
  initialType?: string | undefined;
  onClose: () => void;
  onCreated: (id: string) => void;
}

/** Paths of the enqueue options, and the payload's prefix, as the server names them in issues. */
const OPTION_PATHS = ['type', 'priority', 'delayMs', 'maxAttempts', 'timeoutMs', 'idempotencyKey', 'runAt', 'parentId'];

function Option(props: { id: string; label: string; error?: string | undefined; hint?: string | undefined; children: JSX.Element }) {
  return (
    <div class="field" classList={{ invalid: Boolean(props.error) }}>
      <label for={props.id}>{props.label}</label>
      {props.children}
      <Show when={props.hint}>
        <span class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </span>
      </Show>
      <Show when={props.error}>
        <p class="field-error" id={`${props.id}-error`}>
          {props.error}
        </p>
      </Show>
    </div>
  );
}

/** A whole number from an input, or undefined when empty; NaN (sent as is) lets the server say why. */
function intOrUndefined(text: string, scale = 1): number | undefined {
  const trimmed = text.trim();
  return trimmed === '' ? undefined : Math.round(Number(trimmed) * scale);
}

export function NewJobDialog(props: NewJobDialogProps) {
  const [typeName, setTypeName] = createSignal(props.initialType ?? '');
  const [payload, setPayload] = createSignal<Record<string, unknown>>({});
  const [priority, setPriority] = createSignal('');
  const [delaySeconds, setDelaySeconds] = createSignal('');
  const [maxAttempts, setMaxAttempts] = createSignal('');
  const [timeoutSeconds, setTimeoutSeconds] = createSignal('');
  const [idempotencyKey, setIdempotencyKey] = createSignal('');
  const [issues, setIssues] = createSignal<Issue[]>([]);
  const [error, setError] = createSignal<string | null>(null);
  const [state, enqueue] = createMutation(JobsEnqueue);

  const taskType = createMemo(() => props.types.find((t) => t.type === typeName()));
  const issue = (path: string) => issueFor(issues(), path);
  // An option's issue is about the value submitted: editing the option makes it stale.
  const clearIssue = (path: string) => issue(path) && setIssues((list) => list.filter((i) => i.path !== path));
  const described = (id: string, error: string | undefined) => (error ? `${id}-error` : undefined);
  // Issues no field of this form shows (the payload form shows those under "payload").
  const unplaced = () => issues().filter((i) => !OPTION_PATHS.includes(i.path.split('.')[0]!) && !(i.path === 'payload' || i.path.startsWith('payload.')));

  const chooseType = (name: string) => {
    setTypeName(name);
    setPayload({});
    setIssues([]);
    setError(null);
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const type = taskType();
    if (!type) return setIssues([{ path: 'type', message: 'Choose a task type' }]);
    setIssues([]);
    setError(null);
    const input: EnqueueJobInput = { type: type.type, payload: payload() };
    const p = intOrUndefined(priority());
    if (p !== undefined) input.priority = p;
    const delay = intOrUndefined(delaySeconds(), 1000);
    if (delay !== undefined) input.delayMs = delay;
    const attempts = intOrUndefined(maxAttempts());
    if (attempts !== undefined) input.maxAttempts = attempts;
    const timeout = intOrUndefined(timeoutSeconds(), 1000);
    if (timeout !== undefined) input.timeoutMs = timeout;
    if (idempotencyKey().trim()) input.idempotencyKey = idempotencyKey().trim();
    const result = await enqueue({ input });
    const shown = describeError(result.error);
    if (shown) {
      setIssues(shown.issues);
      if (!shown.issues.length) setError(shown.code ? `${shown.code}: ${shown.message}` : shown.message);
      return;
    }
    const id = result.data?.enqueueJob.id;
    if (id) props.onCreated(id);
  };

  return (
    <Drawer title="New job" onClose={props.onClose}>
      <form class="new-job" onSubmit={submit} novalidate aria-label="New job">
        <Option id="nj-type" label="Task type" error={issue('type')}>
          <select id="nj-type" value={typeName()} onChange={(e) => chooseType(e.currentTarget.value)} aria-describedby={described('nj-type', issue('type'))}>
            <option value="" disabled>
              Choose a task type…
            </option>
            <For each={props.types}>
              {(t) => (
                <option value={t.type}>
                  {t.type}
                  {t.title && t.title !== t.type ? ` (${t.title})` : ''}
                </option>
              )}
            </For>
          </select>
        </Option>
        <Show when={props.types.length === 0}>
          <p class="muted">No task types are registered: add a plugin to the server.</p>
        </Show>
        <Show when={taskType()} keyed>
          {(t) => (
            <>
              <div class="task-type-info">
                <Show when={t.description}>
                  <p>{t.description}</p>
                </Show>
                <p class="muted">
                  Plugin {t.plugin}
                  {t.version ? ` ${t.version}` : ''} · up to {t.maxAttempts} attempts
                  {t.timeoutMs ? ` · timeout ${formatDuration(t.timeoutMs)}` : ''}
                </p>
              </div>
              <fieldset class="payload-fieldset">
                <legend>Payload</legend>
                <SchemaForm schema={t.inputSchema} value={payload()} onChange={setPayload} issues={issues()} pathPrefix="payload" />
              </fieldset>
              <details class="enqueue-options" open={OPTION_PATHS.some((p) => p !== 'type' && issue(p))}>
                <summary>Options</summary>
                <div class="options-grid">
                  <Option id="nj-priority" label="Priority" error={issue('priority')} hint="Higher runs first; default 0.">
                    <input id="nj-priority" type="number" step="1" value={priority()} onInput={(e) => (setPriority(e.currentTarget.value), clearIssue('priority'))} aria-describedby={described('nj-priority', issue('priority'))} />
                  </Option>
                  <Option id="nj-delay" label="Delay (seconds)" error={issue('delayMs')} hint="Start no sooner than this.">
                    <input id="nj-delay" type="number" min="0" step="any" value={delaySeconds()} onInput={(e) => (setDelaySeconds(e.currentTarget.value), clearIssue('delayMs'))} aria-describedby={described('nj-delay', issue('delayMs'))} />
                  </Option>
                  <Option id="nj-attempts" label="Max attempts" error={issue('maxAttempts')} hint={`Default ${t.maxAttempts}.`}>
                    <input id="nj-attempts" type="number" min="1" step="1" value={maxAttempts()} onInput={(e) => (setMaxAttempts(e.currentTarget.value), clearIssue('maxAttempts'))} aria-describedby={described('nj-attempts', issue('maxAttempts'))} />
                  </Option>
                  <Option id="nj-timeout" label="Timeout (seconds)" error={issue('timeoutMs')} hint={t.timeoutMs ? `Default ${formatDuration(t.timeoutMs)}.` : 'Per attempt; none by default.'}>
                    <input id="nj-timeout" type="number" min="0" step="any" value={timeoutSeconds()} onInput={(e) => (setTimeoutSeconds(e.currentTarget.value), clearIssue('timeoutMs'))} aria-describedby={described('nj-timeout', issue('timeoutMs'))} />
                  </Option>
                  <Option id="nj-key" label="Idempotency key" error={issue('idempotencyKey')} hint="The same key again returns the existing job.">
                    <input id="nj-key" value={idempotencyKey()} onInput={(e) => (setIdempotencyKey(e.currentTarget.value), clearIssue('idempotencyKey'))} aria-describedby={described('nj-key', issue('idempotencyKey'))} />
                  </Option>
                </div>
              </details>
            </>
          )}
        </Show>
        <Show when={error() || unplaced().length}>
          <div class="state state-error" role="alert">
            {error() ?? unplaced().map((i) => `${i.path}: ${i.message}`).join('; ')}
          </div>
        </Show>
        <Show when={issues().length && !error()}>
          <p class="field-error" role="alert">
            The server refused the job: see the {issues().length === 1 ? 'field' : 'fields'} marked above.
          </p>
        </Show>
        <div class="form-actions">
          <button type="button" onClick={() => props.onClose()}>
            Close
          </button>
          <button type="submit" class="primary" disabled={state.fetching || !taskType()}>
            {state.fetching ? 'Enqueueing…' : 'Enqueue job'}
          </button>
        </div>
      </form>
    </Drawer>
  );
}
