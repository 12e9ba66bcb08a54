/**
 * The create / edit form of a schedule. Saving sends everything to the server, which checks it all
 * at once; its BAD_USER_INPUT issues show under their fields (until the field is edited) and nothing
 * typed is lost. An edit sends only what changed.
 */
import { createMutation } from '@urql/solid';
import { createEffect, createMemo, createSignal, createUniqueId, For, on, Show } from 'solid-js';
import { SchemaForm } from '../../components/SchemaForm';
import { ErrorBox } from '../../components/States';
import { useFragment, type FragmentType } from '../../gql';
import type { ScheduleRowFieldsFragment, ScheduleSettingsFieldsFragment } from '../../gql/graphql';
import { describeError, type Issue } from '../../lib/errors';
import { CreateSchedule, ScheduleRowFields, ScheduleSettingsFields, UpdateSchedule } from './documents';
import { editorStateFrom, isDirty, issueAt, issueLabel, toCreateInput, toUpdateInput, type EditorState, type TriggerState } from './editor-state';
import { toSeconds } from './durations';
import { Field, PolicyFields } from './PolicyFields';
import { TriggerEditor } from './TriggerEditor';

export interface TaskTypeInfo {
  type: string;
  title?: string | null;
  description?: string | null;
  inputSchema: unknown;
}

type Unmasked<T> = Omit<T, ' $fragmentName'>;
export type SavedSchedule = Unmasked<ScheduleRowFieldsFragment> & Unmasked<ScheduleSettingsFieldsFragment>;

export interface ScheduleEditorProps {
  /** Absent: a new schedule. */
  scheduleId?: string;
  /** The state the form starts from (and compares with to know what changed). */
  initial: EditorState;
  /** The schedule as the server has it now (edit): taken over when the form has no changes. */
  remote?: EditorState | undefined;
  taskTypes: readonly TaskTypeInfo[];
  /** The saved schedule's next run (edit): an unchanged interval previews on its grid. */
  nextRunAt?: string | null | undefined;
  readOnly: boolean;
  onSaved: (schedule: SavedSchedule) => void;
  onDirtyChange?: (dirty: boolean) => void;
  onCancel?: () => void;
}

/** Which inputs an issue path is about: its message hides once one of them is edited. */
const FIELDS_OF: Record<string, (keyof EditorState)[]> = {
  name: ['name'],
  description: ['description'],
  taskType: ['taskType'],
  trigger: ['trigger'],
  overlapPolicy: ['overlapPolicy'],
  maxConcurrentRuns: ['maxConcurrentRuns', 'overlapPolicy'],
  misfirePolicy: ['misfirePolicy'],
  catchUpWindowSeconds: ['catchUpValue', 'catchUpUnit', 'misfirePolicy'],
  'retryPolicy.maxRetries': ['maxRetries'],
  'retryPolicy.backoffSeconds': ['backoff'],
  retryPolicy: ['maxRetries', 'backoff'],
  alertAfterFailures: ['alertOn', 'alertAfterFailures'],
  pauseOnAlert: ['pauseOnAlert', 'alertOn'],
};

function fieldsOf(path: string): (keyof EditorState)[] | undefined {
  return FIELDS_OF[path] ?? FIELDS_OF[path.split('.')[0]!];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function ScheduleEditor(props: ScheduleEditorProps) {
  const idPrefix = `sch-${createUniqueId()}`;
  const id = (name: string) => `${idPrefix}-${name}`;
  const editing = () => props.scheduleId !== undefined;
  const [baseline, setBaseline] = createSignal<EditorState>(props.initial);
  const [state, setState] = createSignal<EditorState>(props.initial);
  const update = (patch: Partial<EditorState>) => setState((s) => ({ ...s, ...patch }));
  const updateTrigger = (patch: Partial<TriggerState>) => setState((s) => ({ ...s, trigger: { ...s.trigger, ...patch } }));
  const dirty = createMemo(() => isDirty(state(), baseline(), editing()));
  createEffect(() => props.onDirtyChange?.(dirty()));

  // The server's version, when it changes: taken over if nothing is being edited, offered otherwise.
  const [remoteOffer, setRemoteOffer] = createSignal<EditorState | null>(null);
  createEffect(
    on(
      () => props.remote,
      (remote) => {
        if (!remote || same({ ...remote, enabled: baseline().enabled }, baseline())) return setRemoteOffer(null);
        if (!dirty()) {
          setBaseline(remote);
          setState(remote);
          setRemoteOffer(null);
        } else setRemoteOffer(remote);
      },
      { defer: true },
    ),
  );
  const takeRemote = () => {
    const remote = remoteOffer();
    if (!remote) return;
    setBaseline(remote);
    setState(remote);
    setRemoteOffer(null);
    setSaved(null);
  };

  // Payloads typed per task type, so switching the type back and forth (new schedule) loses nothing.
  const payloads = new Map<string, Record<string, unknown>>();
  const chooseType = (type: string) => {
    payloads.set(state().taskType, state().payload);
    update({ taskType: type, payload: payloads.get(type) ?? {} });
  };
  const taskType = () => props.taskTypes.find((t) => t.type === state().taskType);
  const previewFrom = () => {
    const t = state().trigger;
    const seconds = t.kind === 'INTERVAL' && same(t, baseline().trigger) ? toSeconds(t.intervalValue, t.intervalUnit) : null;
    const next = props.nextRunAt ? Date.parse(props.nextRunAt) : NaN;
    return editing() && seconds && Number.isFinite(next) ? new Date(next - seconds * 1000).toISOString() : undefined;
  };

  // ---- saving ----
  const [saved, setSaved] = createSignal<{ issues: Issue[]; state: EditorState; message?: string; error?: unknown } | null>(null);
  const [saving, setSaving] = createSignal(false);
  const [, create] = createMutation(CreateSchedule);
  const [, change] = createMutation(UpdateSchedule);

  /** Issues still about what the fields hold (a field edited since the save no longer shows its issue). */
  const visible = createMemo(() => {
    const s = saved();
    if (!s) return [];
    return s.issues.filter((i) => {
      if (i.path === 'payload' || i.path.startsWith('payload.')) return true;
      const keys = fieldsOf(i.path);
      return !keys || keys.every((k) => same(state()[k], s.state[k]));
    });
  });
  const message = (path: string) => issueAt(visible(), path);
  const triggerIssues = () => visible().filter((i) => i.path.startsWith('trigger'));
  // SchemaForm compares the payload with the one the issues were about: keep the array stable.
  const payloadIssues = createMemo(on(saved, (s) => s?.issues.filter((i) => i.path.startsWith('payload')) ?? []));

  const save = async (event: Event) => {
    event.preventDefault();
    if (saving() || props.readOnly) return;
    const snapshot = state();
    let result: { error?: unknown; data?: FragmentType<typeof ScheduleRowFields> & FragmentType<typeof ScheduleSettingsFields> };
    if (editing()) {
      const built = toUpdateInput(snapshot, baseline());
      if (!built.input) return setSaved({ issues: built.issues, state: snapshot, message: 'Not saved: fix the marked fields.' });
      if (Object.keys(built.input).length === 0) return setSaved(null);
      setSaving(true);
      const r = await change({ id: props.scheduleId!, input: built.input });
      result = { error: r.error, data: r.data?.updateSchedule };
    } else {
      const built = toCreateInput(snapshot);
      if (!built.input) return setSaved({ issues: built.issues, state: snapshot, message: 'Not saved: fix the marked fields.' });
      setSaving(true);
      const r = await create({ input: built.input });
      result = { error: r.error, data: r.data?.createSchedule };
    }
    setSaving(false);
    const shown = describeError(result.error as Error | undefined);
    if (shown || !result.data) {
      const issues = shown?.issues ?? [];
      setSaved({
        issues,
        state: snapshot,
        message: issues.length ? `Not saved: ${issues.length === 1 ? 'a field needs' : `${issues.length} fields need`} a change.` : undefined,
        error: issues.length ? undefined : result.error ?? new Error('The server returned no schedule.'),
      });
      return;
    }
    const schedule = { ...useFragment(ScheduleRowFields, result.data), ...useFragment(ScheduleSettingsFields, result.data) };
    const next = editorStateFrom(schedule);
    setSaved(null);
    setBaseline(next);
    setState(next);
    setRemoteOffer(null);
    props.onSaved(schedule);
  };

  const discard = () => {
    setState(baseline());
    setSaved(null);
  };

  return (
    <form class="schedule-editor" onSubmit={save} novalidate aria-label={editing() ? 'Schedule settings' : 'New schedule'}>
      <Show when={remoteOffer()}>
        <div class="state state-warning" role="status">
          This schedule was changed elsewhere while you were editing.{' '}
          <button type="button" class="link" onClick={takeRemote}>
            Load the saved version
          </button>{' '}
          (your changes here are dropped), or save yours over it.
        </div>
      </Show>
      <fieldset class="editor-section" disabled={props.readOnly}>
        <legend class="sr-only">Basics</legend>
        <div class="basics-grid">
          <Field id={id('name')} label="Name" path="name" message={message}>
            {(a) => <input {...a} type="text" autocomplete="off" maxLength={200} value={state().name} onInput={(e) => update({ name: e.currentTarget.value })} />}
          </Field>
          <Field id={id('task-type')} label="Task type" path="taskType" message={message} hint={editing() ? 'The task type of a schedule cannot change.' : (taskType()?.description ?? undefined)}>
            {(a) => (
              <select {...a} value={state().taskType} disabled={editing()} onChange={(e) => chooseType(e.currentTarget.value)}>
                <Show when={!state().taskType}>
                  <option value="">Choose…</option>
                </Show>
                <For each={props.taskTypes}>{(t) => <option value={t.type} selected={t.type === state().taskType}>{t.title ? `${t.type} — ${t.title}` : t.type}</option>}</For>
                <Show when={state().taskType && !taskType()}>
                  <option value={state().taskType} selected>{state().taskType} (not registered)</option>
                </Show>
              </select>
            )}
          </Field>
          <Field id={id('description')} label="Description" path="description" message={message} wide>
            {(a) => <textarea {...a} class="plain" rows={2} maxLength={2000} value={state().description} onInput={(e) => update({ description: e.currentTarget.value })} />}
          </Field>
          <Show when={!editing()}>
            <div class="check-row wide">
              <input id={id('enabled')} type="checkbox" checked={state().enabled} onChange={(e) => update({ enabled: e.currentTarget.checked })} />
              <label for={id('enabled')}>Enabled: fire on the trigger as soon as it is saved</label>
            </div>
          </Show>
        </div>
      </fieldset>

      <TriggerEditor idPrefix={id('trigger')} value={state().trigger} onChange={updateTrigger} issues={triggerIssues()} disabled={props.readOnly} previewFrom={previewFrom()} />

      <fieldset class="editor-section" disabled={props.readOnly}>
        <legend>Payload</legend>
        <Show when={taskType()} fallback={<p class="muted">{state().taskType ? `The task type ${state().taskType} is not registered here, so its payload cannot be shown as a form.` : 'Choose a task type first.'}</p>}>
          {(t) => <SchemaForm schema={t().inputSchema} value={state().payload} onChange={(payload) => update({ payload })} issues={payloadIssues()} pathPrefix="payload" idPrefix={id('payload')} />}
        </Show>
      </fieldset>

      <fieldset class="editor-section" disabled={props.readOnly}>
        <legend>Policies</legend>
        <PolicyFields idPrefix={id('policy')} state={state()} update={update} message={message} />
      </fieldset>

      <Show when={!props.readOnly}>
        <div class="editor-footer">
          <Show when={saved()}>
            {(s) => (
              <div class="save-problems" role="alert">
                <Show when={s().message}>
                  <strong>{s().message}</strong>
                </Show>
                <Show when={visible().length > 0}>
                  <ul>
                    <For each={visible()}>
                      {(i) => (
                        <li>
                          <strong>{issueLabel(i.path)}</strong>: {i.message}
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
                <Show when={s().error}>
                  <ErrorBox error={s().error as Error} />
                </Show>
              </div>
            )}
          </Show>
          <div class="editor-buttons">
            <Show when={editing() && dirty()}>
              <span class="muted">Unsaved changes</span>
            </Show>
            <span class="spacer" />
            <Show when={editing()} fallback={<button type="button" onClick={() => props.onCancel?.()}>Cancel</button>}>
              <button type="button" disabled={!dirty() || saving()} onClick={discard}>
                Discard changes
              </button>
            </Show>
            <button type="submit" class="primary" disabled={saving() || (editing() && !dirty())}>
              {saving() ? 'Saving…' : editing() ? 'Save changes' : 'Create schedule'}
            </button>
          </div>
        </div>
      </Show>
    </form>
  );
}
