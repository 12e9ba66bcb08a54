/**
 * Alerts (`/alerts`): what schedule runs raised, open first by default, filtered by state and by
 * schedule (`/alerts?scheduleId=…`), acknowledged one by one or several at once. The list follows
 * schedule runs live; acknowledging refetches it and the navigation badge (both hold Alerts, which
 * the mutation returns).
 */
import { useSearchParams } from '@solidjs/router';
import { createMutation, createQuery } from '@urql/solid';
import { createEffect, createMemo, createSignal, For, on, onCleanup, Show } from 'solid-js';
import { LiveListBody } from '../../components/LiveListBody';
import { Pager } from '../../components/Pager';
import { ErrorBox } from '../../components/States';
import { can } from '../../lib/auth';
import { describeError } from '../../lib/errors';
import { createLiveList } from '../../lib/live-list';
import { readFilters, writeFilters } from '../../lib/url-state';
import { ALERT_FILTER_SPEC, alertVariables, showOf, showParam, SHOW_OPTIONS } from './alert-filters';
import { AlertsTable } from './AlertsTable';
import { AcknowledgeAlert, AlertRowFields, AlertScheduleOptions, AlertsList, AlertsLive } from './documents';
import './alerts.css';

export default function AlertsPage() {
  const [params, setParams] = useSearchParams();
  const values = createMemo(() => readFilters(params, ALERT_FILTER_SPEC));
  const show = () => showOf(values());
  const variables = createMemo(() => alertVariables(values()), undefined, { equals: (a, b) => JSON.stringify(a) === JSON.stringify(b) });
  const [selected, setSelected] = createSignal<ReadonlySet<string>>(new Set());
  createEffect(on(variables, () => setSelected(new Set<string>()), { defer: true }));

  const list = createLiveList({
    query: AlertsList,
    variables,
    connection: (data) => data.alerts,
    fragment: AlertRowFields,
  });
  // Each alert raised or closed, wherever it came from, is the moment to look again.
  list.follow({ query: AlertsLive, apply: () => ({ refetch: true }) });
  const [schedules] = createQuery({ query: AlertScheduleOptions });
  const scheduleOptions = () => {
    const options = schedules.data?.schedules.edges.map((e) => e.node) ?? [];
    const current = values().scheduleId;
    if (!schedules.data && !schedules.error) return current ? [{ id: current, name: current }] : [];
    // A deep link to a schedule that is not listed (deleted, or past the first 100) stays selectable.
    return current && !options.some((o) => o.id === current) ? [...options, { id: current, name: `${current} (not listed)` }] : options;
  };

  const [, acknowledge] = createMutation(AcknowledgeAlert);
  const [busy, setBusy] = createSignal<ReadonlySet<string>>(new Set());
  const [failure, setFailure] = createSignal<Error | null>(null);
  const [toast, setToast] = createSignal<string | null>(null);
  let toastTimer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(toastTimer));
  const say = (message: string) => {
    setToast(message);
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => setToast(null), 4000);
  };

  const acknowledgeAll = async (ids: string[]) => {
    setFailure(null);
    setBusy((b) => new Set([...b, ...ids]));
    const results = await Promise.all(ids.map((id) => acknowledge({ id })));
    setBusy((b) => new Set([...b].filter((id) => !ids.includes(id))));
    const failed = results.filter((r) => r.error);
    const done = ids.length - failed.length;
    setSelected((s) => new Set([...s].filter((id) => !ids.includes(id) || results[ids.indexOf(id)]!.error)));
    if (failed.length) {
      const shown = describeError(failed[0]!.error);
      setFailure(new Error(`${failed.length} of ${ids.length} could not be acknowledged: ${shown?.code ? `${shown.code}: ` : ''}${shown?.message ?? 'unknown error'}`));
    }
    if (done) say(`Acknowledged ${done} alert${done === 1 ? '' : 's'}.`);
  };

  const select = (ids: string[], on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      for (const id of ids) on ? next.add(id) : next.delete(id);
      return next;
    });
  const update = (patch: Partial<{ show: string; scheduleId: string }>) => setParams(writeFilters({ ...values(), ...patch }, ALERT_FILTER_SPEC));

  return (
    <section class="alerts-page">
      <header class="page-header">
        <h1>Alerts</h1>
        <span class="muted">Raised when a schedule keeps failing</span>
      </header>
      <div class="filters">
        <span role="group" aria-label="Which alerts" class="alerts-show">
          <For each={SHOW_OPTIONS}>
            {(option) => (
              <button type="button" class="chip" aria-pressed={show() === option.value} onClick={() => update({ show: showParam(option.value) })}>
                {option.label}
              </button>
            )}
          </For>
        </span>
        {/* `selected` on the options, not `value` on the select: the options arrive after it renders. */}
        <select aria-label="Schedule" onChange={(e) => update({ scheduleId: e.currentTarget.value || undefined })}>
          <option value="" selected={!values().scheduleId}>
            All schedules
          </option>
          <For each={scheduleOptions()}>
            {(s) => (
              <option value={s.id} selected={s.id === values().scheduleId}>
                {s.name}
              </option>
            )}
          </For>
        </select>
        <Show when={schedules.error}>
          <span class="field-error">Schedules could not be listed: {describeError(schedules.error)?.message}</span>
        </Show>
      </div>
      <Show when={can('schedules:write')}>
        <div class="toolbar">
          <button type="button" class="primary" disabled={selected().size === 0 || busy().size > 0} onClick={() => acknowledgeAll([...selected()])}>
            Acknowledge selected{selected().size ? ` (${selected().size})` : ''}
          </button>
          <Show when={selected().size}>
            <button type="button" class="link" onClick={() => setSelected(new Set<string>())}>
              Clear selection
            </button>
          </Show>
        </div>
      </Show>
      <ErrorBox error={failure()} />
      <LiveListBody
        list={list}
        loading="Loading alerts…"
        empty={
          <>
            {show() === 'open' ? 'No open alert. ' : 'No alert here. '}
            <Show when={show() !== 'all'}>
              <button type="button" class="link" onClick={() => update({ show: 'all' })}>
                Show all alerts
              </button>
            </Show>
          </>
        }
      >
        <AlertsTable alerts={list.rows()} selected={selected()} onSelect={select} canAcknowledge={can('schedules:write')} busy={busy()} onAcknowledge={acknowledgeAll} />
      </LiveListBody>
      <Pager list={list} noun="alerts" />
      <Show when={toast()}>
        <div class="toast" role="status">
          {toast()}
        </div>
      </Show>
    </section>
  );
}
