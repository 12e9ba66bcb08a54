/**
 * The alerts as a table: open ones can be selected (Space on a focused row, or the checkbox) and
 * acknowledged; Enter on a row opens its schedule.
 */
import { A, useNavigate } from '@solidjs/router';
import { For, Show } from 'solid-js';
import { Time } from '../../components/Time';
import type { AlertRowFieldsFragment } from '../../gql/graphql';
import { kindLabel } from './alert-filters';

export type AlertView = AlertRowFieldsFragment;

function moveFocus(row: HTMLElement, direction: 1 | -1) {
  ((direction === 1 ? row.nextElementSibling : row.previousElementSibling) as HTMLElement | null)?.focus();
}

export function AlertsTable(props: {
  alerts: readonly AlertView[];
  selected: ReadonlySet<string>;
  onSelect: (ids: string[], on: boolean) => void;
  canAcknowledge: boolean;
  busy: ReadonlySet<string>;
  onAcknowledge: (ids: string[]) => void;
}) {
  const navigate = useNavigate();
  const open = () => props.alerts.filter((a) => !a.acknowledgedAt);
  const allSelected = () => open().length > 0 && open().every((a) => props.selected.has(a.id));
  return (
    <div class="table-wrap">
      <table class="alerts-table" aria-label="Alerts">
        <thead>
          <tr>
            <Show when={props.canAcknowledge}>
              <th scope="col" class="select">
                <input
                  type="checkbox"
                  aria-label="Select every open alert on this page"
                  checked={allSelected()}
                  disabled={open().length === 0}
                  onChange={(e) => props.onSelect(open().map((a) => a.id), e.currentTarget.checked)}
                />
              </th>
            </Show>
            <th scope="col">Kind</th>
            <th scope="col">Message</th>
            <th scope="col">Schedule</th>
            <th scope="col">Raised</th>
            <th scope="col">Acknowledged</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.alerts}>
            {(alert) => {
              const kind = () => kindLabel(alert.kind);
              const isOpen = () => !alert.acknowledgedAt;
              return (
                <tr
                  class="alert-row"
                  classList={{ selected: props.selected.has(alert.id), acknowledged: !isOpen() }}
                  tabindex="0"
                  data-id={alert.id}
                  aria-selected={props.canAcknowledge && isOpen() ? props.selected.has(alert.id) : undefined}
                  onKeyDown={(e) => {
                    if (e.target !== e.currentTarget) return;
                    if (e.key === 'Enter' && alert.schedule) navigate(`/schedules/${encodeURIComponent(alert.schedule.id)}`);
                    else if (e.key === ' ' && props.canAcknowledge && isOpen()) {
                      e.preventDefault();
                      props.onSelect([alert.id], !props.selected.has(alert.id));
                    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                      e.preventDefault();
                      moveFocus(e.currentTarget, e.key === 'ArrowDown' ? 1 : -1);
                    }
                  }}
                >
                  <Show when={props.canAcknowledge}>
                    <td class="select">
                      <Show when={isOpen()}>
                        <input
                          type="checkbox"
                          aria-label={`Select alert: ${alert.message}`}
                          checked={props.selected.has(alert.id)}
                          onChange={(e) => props.onSelect([alert.id], e.currentTarget.checked)}
                        />
                      </Show>
                    </td>
                  </Show>
                  <td>
                    <span class={`badge badge-${kind().tone}`}>{kind().label}</span>
                  </td>
                  <td class="wrap alert-message">{alert.message}</td>
                  <td class="alert-schedule">
                    <Show
                      when={alert.schedule}
                      fallback={
                        <Show when={alert.scheduleId} fallback={<span class="muted">—</span>}>
                          <span class="mono">{alert.scheduleId}</span> <span class="muted">(deleted)</span>
                        </Show>
                      }
                    >
                      {(schedule) => <A href={`/schedules/${encodeURIComponent(schedule().id)}`}>{schedule().name}</A>}
                    </Show>
                  </td>
                  <td>
                    <Time value={alert.raisedAt} />
                  </td>
                  <td class="alert-ack">
                    <Show
                      when={!isOpen()}
                      fallback={
                        <Show when={props.canAcknowledge} fallback={<span class="badge badge-bad">open</span>}>
                          <button type="button" class="small" disabled={props.busy.has(alert.id)} onClick={() => props.onAcknowledge([alert.id])}>
                            {props.busy.has(alert.id) ? 'Acknowledging…' : 'Acknowledge'}
                          </button>
                        </Show>
                      }
                    >
                      <span class="alert-acked-by">{alert.acknowledgedBy ?? 'someone'}</span>
                      {/* system:watchdog closes a stall alert when heartbeats come again. */}
                      <Show when={alert.acknowledgedBy?.startsWith('system:')}>
                        <span class="muted"> (closed by itself)</span>
                      </Show>
                      <span class="muted"> · </span>
                      <Time value={alert.acknowledgedAt} />
                    </Show>
                  </td>
                </tr>
              );
            }}
          </For>
        </tbody>
      </table>
    </div>
  );
}
