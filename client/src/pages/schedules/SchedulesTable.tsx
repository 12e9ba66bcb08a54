/**
 * The schedules table: one focusable row per schedule (Enter or a click opens it, arrow keys move),
 * the trigger in words with its next run, the enabled switch, how the last run ended and the failure
 * streak against the alert threshold.
 */
import { createSignal, For, onCleanup, Show } from 'solid-js';
import { StatusBadge } from '../../components/StatusBadge';
import type { ScheduleRowFieldsFragment } from '../../gql/graphql';
import { formatLocal, formatRelative, formatUtc } from '../../lib/time';
import { EnabledSwitch } from './EnabledSwitch';
import { describeTrigger } from './trigger-words';

export type ScheduleRow = ScheduleRowFieldsFragment;

export interface SchedulesTableProps {
  rows: readonly ScheduleRow[];
  activeId?: string | undefined;
  onOpen: (id: string) => void;
  onChanged: (row: ScheduleRow) => void;
}

function moveFocus(from: HTMLElement, step: 1 | -1) {
  const next = (step === 1 ? from.nextElementSibling : from.previousElementSibling) as HTMLElement | null;
  next?.focus();
}

/** A clock for "in 3 h" labels: relative times age while the page is open. */
function useMinuteClock() {
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => setNow(Date.now()), 30_000);
  onCleanup(() => clearInterval(timer));
  return now;
}

export function triggerDetail(trigger: ScheduleRow['trigger']): string {
  if (trigger.kind === 'CRON') return `${trigger.cron ?? ''} · ${trigger.timezone}`;
  if (trigger.kind === 'ONCE') return `${formatLocal(trigger.at)}`;
  return `${trigger.intervalSeconds?.toLocaleString() ?? '?'} s`;
}

export function SchedulesTable(props: SchedulesTableProps) {
  const now = useMinuteClock();
  return (
    <div class="table-wrap">
      <table class="schedules-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Task type</th>
            <th>Trigger</th>
            <th>Next run</th>
            <th>Enabled</th>
            <th>Last run</th>
            <th class="num" title="Failed runs in a row (and the alert threshold)">
              Failures
            </th>
          </tr>
        </thead>
        <tbody>
          <For each={props.rows}>
            {(row) => (
              <tr
                class="clickable"
                classList={{ active: props.activeId === row.id, disabled: !row.enabled }}
                tabindex="0"
                data-schedule-id={row.id}
                aria-label={`Schedule ${row.name}`}
                onClick={(e) => {
                  if ((e.target as HTMLElement).closest('input, button, a')) return;
                  props.onOpen(row.id);
                }}
                onKeyDown={(e) => {
                  if (e.target !== e.currentTarget) return;
                  if (e.key === 'Enter') props.onOpen(row.id);
                  else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                    e.preventDefault();
                    moveFocus(e.currentTarget, e.key === 'ArrowDown' ? 1 : -1);
                  }
                }}
              >
                <td class="name-cell">
                  <div class="name" title={row.name}>
                    {row.name}
                  </div>
                  <Show when={row.description}>
                    <div class="muted small-line" title={row.description!}>
                      {row.description}
                    </div>
                  </Show>
                </td>
                <td class="type-cell" title={row.taskType}>
                  {row.taskType}
                </td>
                <td class="trigger-cell">
                  <div title={describeTrigger(row.trigger)}>{describeTrigger(row.trigger)}</div>
                  <div class="muted small-line mono" title={triggerDetail(row.trigger)}>
                    {triggerDetail(row.trigger)}
                  </div>
                </td>
                <td class="next-cell">
                  <Show
                    when={row.nextRunAt}
                    fallback={<span class="muted">{row.enabled ? 'No more runs' : 'Disabled'}</span>}
                  >
                    {(next) => (
                      <time datetime={next()} title={`${formatLocal(next())}\n${formatUtc(next())}`}>
                        <div>{formatRelative(next(), now())}</div>
                        <div class="muted small-line">{formatLocal(next())}</div>
                      </time>
                    )}
                  </Show>
                </td>
                <td>
                  <EnabledSwitch id={row.id} name={row.name} enabled={row.enabled} onChanged={props.onChanged} />
                </td>
                <td class="last-cell">
                  <Show when={row.lastRunStatus || row.lastRunAt} fallback={<span class="muted">Never ran</span>}>
                    <Show when={row.lastRunStatus}>
                      <StatusBadge status={row.lastRunStatus} />{' '}
                    </Show>
                    <Show when={row.lastRunAt}>
                      {(last) => (
                        <time class="muted small-line" datetime={last()} title={`${formatLocal(last())}\n${formatUtc(last())}`}>
                          {formatRelative(last(), now())}
                        </time>
                      )}
                    </Show>
                  </Show>
                </td>
                <td class="num" classList={{ failing: row.consecutiveFailures > 0 }}>
                  {row.consecutiveFailures}
                  <Show when={row.alertAfterFailures}>
                    <span class="muted" title={`An alert is raised after ${row.alertAfterFailures} failures in a row`}>
                      {' '}
                      / {row.alertAfterFailures}
                    </span>
                  </Show>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
