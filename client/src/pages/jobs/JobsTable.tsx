/**
 * The jobs table: one focusable row per job (Enter or a click opens it, arrow keys move between rows),
 * a checkbox per row and one for the whole page. Running jobs show their elapsed time, ticking.
 */
import { createEffect, createMemo, createSignal, For, onCleanup, Show } from 'solid-js';
import { ProgressBar } from '../../components/ProgressBar';
import { StatusBadge } from '../../components/StatusBadge';
import type { JobStatus } from '../../gql/graphql';
import { formatDuration } from '../../lib/time';
import { statusMatches, type JobRow } from './live-rows';
import { shortId, ShortTime } from './ShortTime';

export interface JobsTableProps {
  rows: readonly JobRow[];
  selected: ReadonlySet<string>;
  onSelect: (ids: string[], selected: boolean) => void;
  onOpen: (id: string) => void;
  activeId?: string | undefined;
  /** The status filter: rows whose job left it stay, dimmed, until the page is loaded again. */
  statuses: readonly JobStatus[];
  selectable: boolean;
}

function useNow(active: () => boolean) {
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => active() && setNow(Date.now()), 1000);
  onCleanup(() => clearInterval(timer));
  return now;
}

function moveFocus(from: HTMLElement, step: 1 | -1) {
  const next = (step === 1 ? from.nextElementSibling : from.previousElementSibling) as HTMLElement | null;
  next?.focus();
}

export function JobsTable(props: JobsTableProps) {
  const anyRunning = createMemo(() => props.rows.some((r) => r.status === 'RUNNING'));
  const now = useNow(anyRunning);
  const allSelected = () => props.rows.length > 0 && props.rows.every((r) => props.selected.has(r.id));
  const someSelected = () => !allSelected() && props.rows.some((r) => props.selected.has(r.id));

  const duration = (row: JobRow) => {
    if (row.durationMs !== null && row.durationMs !== undefined) return formatDuration(row.durationMs);
    if (row.status === 'RUNNING' && row.startedAt) return formatDuration(Math.max(0, now() - Date.parse(row.startedAt)));
    return '—';
  };

  return (
    <div class="table-wrap">
      <table class="jobs-table">
        <thead>
          <tr>
            <Show when={props.selectable}>
              <th class="check">
                <input
                  type="checkbox"
                  aria-label="Select all on this page"
                  checked={allSelected()}
                  ref={(el) => createEffect(() => (el.indeterminate = someSelected()))}
                  onChange={(e) => props.onSelect(props.rows.map((r) => r.id), e.currentTarget.checked)}
                />
              </th>
            </Show>
            <th>Status</th>
            <th>Type</th>
            <th>Id</th>
            <th>Progress</th>
            <th class="num">Attempts</th>
            <th>Created</th>
            <th>Started</th>
            <th>Finished</th>
            <th class="num">Duration</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.rows}>
            {(row) => (
              <tr
                class="clickable"
                classList={{
                  selected: props.selected.has(row.id),
                  active: props.activeId === row.id,
                  'left-filter': !statusMatches(row.status, props.statuses),
                }}
                tabindex="0"
                data-job-id={row.id}
                aria-label={`Job ${row.id}, ${row.type}, ${row.status.toLowerCase()}`}
                title={statusMatches(row.status, props.statuses) ? undefined : 'No longer matches the status filter'}
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
                  } else if (e.key === ' ' && props.selectable) {
                    e.preventDefault();
                    props.onSelect([row.id], !props.selected.has(row.id));
                  }
                }}
              >
                <Show when={props.selectable}>
                  <td class="check">
                    <input
                      type="checkbox"
                      aria-label={`Select job ${row.id}`}
                      checked={props.selected.has(row.id)}
                      onChange={(e) => props.onSelect([row.id], e.currentTarget.checked)}
                    />
                  </td>
                </Show>
                <td>
                  <StatusBadge status={row.status} />
                  <Show when={row.cancelRequested && row.status === 'RUNNING'}>
                    <span class="muted small-note"> cancelling</span>
                  </Show>
                </td>
                <td class="type-cell" title={row.type}>
                  {row.type}
                </td>
                <td class="mono" title={row.id}>
                  {shortId(row.id)}
                </td>
                <td class="progress-cell" title={row.error?.message ?? undefined}>
                  <Show when={row.status === 'FAILED' && row.error} fallback={<ProgressBar percent={row.progress?.percent} message={row.progress?.message} />}>
                    <span class="error-snippet">{row.error!.message}</span>
                  </Show>
                </td>
                <td class="num">
                  {row.attempt}/{row.maxAttempts}
                </td>
                <td>
                  <ShortTime value={row.createdAt} />
                </td>
                <td>
                  <ShortTime value={row.startedAt} />
                </td>
                <td>
                  <ShortTime value={row.finishedAt} />
                </td>
                <td class="num">{duration(row)}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
