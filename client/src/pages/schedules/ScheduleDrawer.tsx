/**
 * The drawer of one schedule: a new one (the editor alone), or an existing one with its facts, the
 * on/off switch, Run now and Delete, and two tabs: its runs (live) and its settings (the editor).
 * Closing with unsaved changes asks first.
 */
import { A } from '@solidjs/router';
import { createMutation, createQuery, createSubscription } from '@urql/solid';
import { createEffect, createMemo, createSignal, on, Show } from 'solid-js';
import { Drawer } from '../../components/Drawer';
import { ErrorBox, Loading } from '../../components/States';
import { StatusBadge } from '../../components/StatusBadge';
import { Time } from '../../components/Time';
import { useFragment } from '../../gql';
import type { ScheduleDetailEventsSubscription } from '../../gql/graphql';
import { can } from '../../lib/auth';
import { describeError } from '../../lib/errors';
import { formatRelative } from '../../lib/time';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { plain } from '../../lib/plain';
import { formatUsd } from '../../lib/money';
import { DeleteSchedule, RunScheduleNow, ScheduleCost, ScheduleDetail, ScheduleDetailEvents, ScheduleRowFields, ScheduleRunFields, ScheduleSettingsFields } from './documents';
import { editorStateFrom, newEditorState } from './editor-state';
import { EnabledSwitch } from './EnabledSwitch';
import { RunsPanel, type RunRow } from './RunsPanel';
import { ScheduleEditor, type SavedSchedule, type TaskTypeInfo } from './ScheduleEditor';
import type { ScheduleRow } from './SchedulesTable';
import { triggerDetail } from './SchedulesTable';
import { toast } from './toast';
import { describeTrigger } from './trigger-words';
import { browserZone } from './zoned-time';

export interface ScheduleDrawerProps {
  /** A schedule id, or "new". */
  id: string;
  taskTypes: readonly TaskTypeInfo[] | undefined;
  taskTypesError?: unknown;
  onClose: () => void;
  onCreated: (id: string) => void;
  onDeleted: (id: string) => void;
  onChanged: (row: ScheduleRow) => void;
}

/** Asks before dropping unsaved changes. */
function useGuardedClose(close: () => void) {
  const [dirty, setDirty] = createSignal(false);
  const [asking, setAsking] = createSignal(false);
  const request = () => (dirty() ? setAsking(true) : close());
  const dialog = () => (
    <Show when={asking()}>
      <ConfirmDialog title="Discard your changes?" confirmLabel="Discard" backLabel="Keep editing" onCancel={() => setAsking(false)} onConfirm={close}>
        <p>The schedule has changes that are not saved.</p>
      </ConfirmDialog>
    </Show>
  );
  return { setDirty, request, dialog };
}

export function ScheduleDrawer(props: ScheduleDrawerProps) {
  return (
    <Show when={props.id !== 'new'} fallback={<NewSchedule {...props} />}>
      <ExistingSchedule {...props} />
    </Show>
  );
}

function NewSchedule(props: ScheduleDrawerProps) {
  const guard = useGuardedClose(() => props.onClose());
  const initial = () => newEditorState(browserZone(), props.taskTypes?.[0]?.type ?? '');
  return (
    <Drawer title="New schedule" wide onClose={guard.request}>
      <Show when={props.taskTypes} fallback={props.taskTypesError ? <ErrorBox error={props.taskTypesError as Error} /> : <Loading label="Loading task types…" />}>
        {(types) => (
          <ScheduleEditor
            initial={initial()}
            taskTypes={types()}
            readOnly={!can('schedules:write')}
            onDirtyChange={guard.setDirty}
            onCancel={guard.request}
            onSaved={(s: SavedSchedule) => {
              toast(`Created “${s.name}”.`);
              props.onChanged(s);
              props.onCreated(s.id);
            }}
          />
        )}
      </Show>
      {guard.dialog()}
    </Drawer>
  );
}

type Detail = SavedSchedule;

function ExistingSchedule(props: ScheduleDrawerProps) {
  const [query, refetch] = createQuery({ query: ScheduleDetail, variables: () => ({ id: props.id }) });
  const [latest, setLatest] = createSignal<Detail | null>(null);
  const [deleted, setDeleted] = createSignal(false);
  const take = (incoming: Detail) => {
    const current = latest();
    if (!current || current.id !== incoming.id || incoming.updatedAt >= current.updatedAt) setLatest(incoming);
  };
  const fetched = createMemo(() => plain(query.data?.schedule));
  createEffect(
    on(fetched, (s) => {
      if (s) take({ ...useFragment(ScheduleRowFields, s), ...useFragment(ScheduleSettingsFields, s) });
    }),
  );

  // One live feed for the facts and the runs panel.
  const runListeners = new Set<(run: RunRow) => void>();
  const listen = (fn: (run: RunRow) => void) => {
    runListeners.add(fn);
    return () => runListeners.delete(fn);
  };
  const emitRun = (run: RunRow) => runListeners.forEach((fn) => fn(run));
  const [live] = createSubscription(
    { query: ScheduleDetailEvents, variables: () => ({ id: props.id }) },
    (_previous: unknown, data: ScheduleDetailEventsSubscription) => {
      const event = data.scheduleEvents;
      if (event.kind === 'DELETED') setDeleted(true);
      if (event.schedule) {
        const row = { ...useFragment(ScheduleRowFields, event.schedule), ...useFragment(ScheduleSettingsFields, event.schedule) };
        take(row);
      }
      if (event.run) emitRun({ ...useFragment(ScheduleRunFields, event.run) });
      return data;
    },
  );

  const schedule = () => (latest()?.id === props.id ? latest() : null);
  const remote = createMemo(() => {
    const s = schedule();
    return s ? editorStateFrom(s) : undefined;
  });
  const guard = useGuardedClose(() => props.onClose());
  const [tab, setTab] = createSignal<'runs' | 'settings'>('runs');

  const [, runNow] = createMutation(RunScheduleNow);
  const [starting, setStarting] = createSignal(false);
  const start = async () => {
    setStarting(true);
    const result = await runNow({ id: props.id });
    setStarting(false);
    const error = describeError(result.error);
    if (error) return toast(`Could not start a run: ${error.message}`, true);
    if (result.data) emitRun({ ...useFragment(ScheduleRunFields, result.data.runScheduleNow) });
    setTab('runs');
    toast('Run started.');
  };

  const [, remove] = createMutation(DeleteSchedule);
  const [confirming, setConfirming] = createSignal(false);
  const [deleting, setDeleting] = createSignal(false);
  const [deleteError, setDeleteError] = createSignal<unknown>(null);
  const confirmDelete = async () => {
    setDeleting(true);
    setDeleteError(null);
    const result = await remove({ id: props.id });
    setDeleting(false);
    if (result.error) return void setDeleteError(result.error);
    setConfirming(false);
    toast(`Deleted “${schedule()?.name ?? 'the schedule'}”.`);
    props.onDeleted(props.id);
  };

  const title = () => schedule()?.name ?? (query.data?.schedule === null ? 'Schedule not found' : 'Schedule');
  const actions = () => (
    <Show when={schedule() && !deleted()}>
      <EnabledSwitch id={props.id} name={schedule()!.name} enabled={schedule()!.enabled} withLabel onChanged={(row) => (props.onChanged(row), take({ ...schedule()!, ...row }))} />
      <Show when={can('schedules:run')}>
        <button type="button" class="small" disabled={starting()} onClick={() => void start()}>
          {starting() ? 'Starting…' : 'Run now'}
        </button>
      </Show>
      <Show when={can('schedules:delete')}>
        <button type="button" class="small danger" onClick={() => setConfirming(true)}>
          Delete
        </button>
      </Show>
    </Show>
  );

  return (
    <Drawer title={title()} wide onClose={guard.request} actions={actions()}>
      <Show when={deleted()}>
        <p class="state state-error" role="alert">
          This schedule was deleted. <A href="/schedules">Back to the list</A>
        </p>
      </Show>
      <Show when={live.error}>
        <p class="state state-error" role="alert">
          Live updates stopped: {describeError(live.error)?.message}
        </p>
      </Show>
      <Show
        when={schedule()}
        fallback={
          <Show when={query.data?.schedule === null} fallback={<Show when={query.error} fallback={<Loading label="Loading the schedule…" />}><ErrorBox error={query.error} retry={() => refetch({ requestPolicy: 'network-only' })} /></Show>}>
            <p class="state state-empty">This schedule does not exist, or it was deleted. <A href="/schedules">Back to the list</A></p>
          </Show>
        }
      >
        {(s) => (
          <>
            <Facts schedule={s()} />
            <div class="tabs" role="tablist" aria-label="Schedule">
              <button type="button" role="tab" id="sch-tab-runs" aria-controls="sch-panel-runs" aria-selected={tab() === 'runs'} onClick={() => setTab('runs')}>
                Runs
              </button>
              <button type="button" role="tab" id="sch-tab-settings" aria-controls="sch-panel-settings" aria-selected={tab() === 'settings'} onClick={() => setTab('settings')}>
                Settings
              </button>
            </div>
            <div role="tabpanel" id="sch-panel-runs" aria-labelledby="sch-tab-runs" hidden={tab() !== 'runs'}>
              <RunsPanel scheduleId={props.id} listen={listen} nextRunAt={s().nextRunAt} />
            </div>
            <div role="tabpanel" id="sch-panel-settings" aria-labelledby="sch-tab-settings" hidden={tab() !== 'settings'}>
              <Show when={props.taskTypes} fallback={<Loading label="Loading task types…" />}>
                {(types) => (
                  <ScheduleEditor
                    scheduleId={props.id}
                    initial={editorStateFrom(s())}
                    remote={remote()}
                    nextRunAt={s().nextRunAt}
                    taskTypes={types()}
                    readOnly={!can('schedules:write') || deleted()}
                    onDirtyChange={guard.setDirty}
                    onSaved={(saved) => {
                      take(saved);
                      props.onChanged(saved);
                      toast('Saved.');
                    }}
                  />
                )}
              </Show>
            </div>
          </>
        )}
      </Show>
      <Show when={confirming()}>
        <ConfirmDialog title={`Delete “${schedule()?.name ?? ''}”?`} confirmLabel="Delete schedule" busy={deleting()} onCancel={() => setConfirming(false)} onConfirm={() => void confirmDelete()}>
          <p>The schedule stops and its runs are deleted with it. The jobs its runs made stay in the jobs list.</p>
          <Show when={deleteError()}>
            <ErrorBox error={deleteError() as Error} />
          </Show>
        </ConfirmDialog>
      </Show>
      {guard.dialog()}
    </Drawer>
  );
}

/** The schedule's cost, read again whenever the schedule changes (a run that ends changes its last run). */
function ScheduleCostFigure(props: { id: string; changedAt: unknown }) {
  const [cost, refetch] = createQuery({ query: ScheduleCost, variables: () => ({ id: props.id }) });
  createEffect(on(() => props.changedAt, () => refetch({ requestPolicy: 'network-only' }), { defer: true }));
  return (
    <Show when={cost.data?.schedule} fallback={<span class="muted">{cost.error ? 'not readable with this token' : '…'}</span>}>
      {(s) => (
        <>
          <span data-testid="schedule-cost">{formatUsd(s().costUsd)}</span>
          <span class="muted"> (its jobs' model calls, while they are kept)</span>
        </>
      )}
    </Show>
  );
}

function Facts(props: { schedule: Detail }) {
  const s = () => props.schedule;
  return (
    <dl class="facts schedule-facts">
      <dt>Task type</dt>
      <dd>{s().taskType}</dd>
      <dt>Trigger</dt>
      <dd>
        {describeTrigger(s().trigger)} <span class="muted mono">{triggerDetail(s().trigger)}</span>
      </dd>
      <dt>Next run</dt>
      <dd>
        <Show when={s().nextRunAt} fallback={<span class="muted">{s().enabled ? 'No more runs: the trigger has no further slots' : 'None while disabled'}</span>}>
          <Time value={s().nextRunAt} /> <span class="muted">({formatRelative(s().nextRunAt)})</span>
        </Show>
      </dd>
      <dt>Last run</dt>
      <dd>
        <Show when={s().lastRunAt || s().lastRunStatus} fallback={<span class="muted">Never ran</span>}>
          <Show when={s().lastRunStatus}>
            <StatusBadge status={s().lastRunStatus} />{' '}
          </Show>
          <Show when={s().lastRunAt} fallback={<span class="muted">(a run-now or retry; no slot fired yet)</span>}>
            <Time value={s().lastRunAt} />
          </Show>
        </Show>
      </dd>
      <dt>Failures in a row</dt>
      <dd classList={{ failing: s().consecutiveFailures > 0 }}>
        {s().consecutiveFailures}
        <span class="muted">{s().alertAfterFailures ? ` (alert at ${s().alertAfterFailures}${s().pauseOnAlert ? ', then disabled' : ''})` : ' (no alert set)'}</span>
      </dd>
      <dt>Cost</dt>
      <dd>
        <ScheduleCostFigure id={s().id} changedAt={s().updatedAt} />
      </dd>
      <dt>Created</dt>
      <dd>
        <Time value={s().createdAt} />
        <Show when={s().createdBy}>
          <span class="muted"> by {s().createdBy}</span>
        </Show>
      </dd>
      <dt>See also</dt>
      <dd class="links">
        <A href={`/audit?targetId=${encodeURIComponent(s().id)}`}>Audit log</A>
        <A href={`/alerts?scheduleId=${encodeURIComponent(s().id)}`}>Alerts</A>
        <A href={`/jobs?type=${encodeURIComponent(s().taskType)}`}>Jobs of this type</A>
      </dd>
    </dl>
  );
}
