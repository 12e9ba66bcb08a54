/**
 * A schedule's runs, newest slot first, live: each run's status, what made it (slot, run-now, retry),
 * its times, its job, its error, and a retry for runs that ended badly.
 */
import { A } from '@solidjs/router';
import { createMutation, createQuery, useClient } from '@urql/solid';
import { createEffect, createMemo, createSignal, For, on, onCleanup, Show } from 'solid-js';
import { StatusBadge } from '../../components/StatusBadge';
import { Empty, ErrorBox, Loading } from '../../components/States';
import { useFragment, type FragmentType } from '../../gql';
import type { ScheduleRunFieldsFragment } from '../../gql/graphql';
import { can } from '../../lib/auth';
import { describeError } from '../../lib/errors';
import { formatUsd } from '../../lib/money';
import { formatDuration, formatLocal, formatNumber, formatUtc } from '../../lib/time';
import { PageFields } from '../../lib/page-fields';
import { plain } from '../../lib/plain';
import { RetryScheduleRun, ScheduleRunFields, ScheduleRuns } from './documents';
import { toast } from './toast';

export type RunRow = ScheduleRunFieldsFragment;

const PAGE_SIZE = 20;
const RETRYABLE = new Set(['FAILED', 'TIMED_OUT', 'CANCELLED']);
const TRIGGER_LABEL: Record<string, string> = { SCHEDULED: 'Slot', MANUAL: 'Run now', RETRY: 'Retry' };

const timeOnly = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const dayAndTime = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });

function Short(props: { value: string | null | undefined }) {
  const text = () => {
    if (!props.value) return '—';
    const date = new Date(props.value);
    return date.toDateString() === new Date().toDateString() ? timeOnly.format(date) : dayAndTime.format(date);
  };
  return (
    <time datetime={props.value ?? undefined} title={props.value ? `${formatLocal(props.value)}\n${formatUtc(props.value)}` : undefined}>
      {text()}
    </time>
  );
}

/** Newest slot first; runs of the same slot (a retry is a new slot "now") by creation. */
function order(a: RunRow, b: RunRow): number {
  return b.scheduledFor.localeCompare(a.scheduledFor) || b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id);
}

/** Where "Show older runs" goes on from, after a page ending at `pageInfo`. */
function olderFrom(pageInfo: FragmentType<typeof PageFields>): { cursor: string | null; more: boolean } {
  const info = useFragment(PageFields, pageInfo);
  return { cursor: info.endCursor ?? null, more: info.hasNextPage };
}

export interface RunsPanelProps {
  scheduleId: string;
  /** Registers for live run changes; returns the unregister function. */
  listen: (onRun: (run: RunRow) => void) => () => void;
  nextRunAt?: string | null | undefined;
}

export function RunsPanel(props: RunsPanelProps) {
  const client = useClient();
  const [query, refetch] = createQuery({ query: ScheduleRuns, variables: () => ({ id: props.scheduleId, first: PAGE_SIZE }) });
  const [runs, setRuns] = createSignal<RunRow[]>([]);
  const [loaded, setLoaded] = createSignal(false);
  const [total, setTotal] = createSignal(0);
  const [older, setOlder] = createSignal<{ cursor: string | null; more: boolean } | null>(null);
  const [loadingOlder, setLoadingOlder] = createSignal(false);
  const [olderError, setOlderError] = createSignal<unknown>(null);

  const upsert = (incoming: readonly RunRow[]): number => {
    let added = 0;
    setRuns((list) => {
      const byId = new Map(list.map((r) => [r.id, r]));
      for (const run of incoming) {
        const current = byId.get(run.id);
        if (!current) added++;
        if (!current || current.updatedAt <= run.updatedAt) byId.set(run.id, run);
      }
      return [...byId.values()].sort(order);
    });
    return added;
  };

  const firstPage = createMemo(() => plain(query.data?.schedule?.runs));
  createEffect(
    on(
      firstPage,
      (connection) => {
        if (!connection) return;
        upsert(connection.edges.map((e) => useFragment(ScheduleRunFields, e.node)));
        setTotal(connection.totalCount);
        if (!older()) setOlder(olderFrom(connection.pageInfo));
        setLoaded(true);
      },
    ),
  );

  const unlisten = props.listen((run) => {
    if (upsert([run]) > 0) setTotal((n) => n + 1);
  });
  onCleanup(unlisten);

  const loadOlder = async () => {
    const page = older();
    if (!page?.more) return;
    setLoadingOlder(true);
    setOlderError(null);
    const result = await client.query(ScheduleRuns, { id: props.scheduleId, first: PAGE_SIZE, after: page.cursor }, { requestPolicy: 'network-only' }).toPromise();
    setLoadingOlder(false);
    const connection = result.data?.schedule?.runs;
    if (result.error || !connection) return void setOlderError(result.error ?? new Error('The schedule is gone.'));
    upsert(connection.edges.map((e) => ({ ...useFragment(ScheduleRunFields, e.node) })));
    setOlder(olderFrom(connection.pageInfo));
  };

  // Running runs show their elapsed time, ticking.
  const anyRunning = createMemo(() => runs().some((r) => r.status === 'RUNNING'));
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => anyRunning() && setNow(Date.now()), 1000);
  onCleanup(() => clearInterval(timer));
  const duration = (run: RunRow) => {
    if (run.durationMs !== null && run.durationMs !== undefined) return formatDuration(run.durationMs);
    if (run.status === 'RUNNING' && run.startedAt) return formatDuration(Math.max(0, now() - Date.parse(run.startedAt)));
    return '—';
  };

  const [, retry] = createMutation(RetryScheduleRun);
  const [retrying, setRetrying] = createSignal<string | null>(null);
  const retryRun = async (run: RunRow) => {
    setRetrying(run.id);
    const result = await retry({ id: run.id });
    setRetrying(null);
    const error = describeError(result.error);
    if (error) return toast(`Could not retry the run: ${error.message}`, true);
    if (result.data) {
      const created = useFragment(ScheduleRunFields, result.data.retryScheduleRun);
      if (upsert([{ ...created }]) > 0) setTotal((n) => n + 1);
      toast(`Retry started (attempt ${created.attempt}).`);
    }
  };

  return (
    <section class="runs-panel" aria-label="Runs">
      <Show when={!query.error || loaded()} fallback={<ErrorBox error={query.error} retry={() => refetch({ requestPolicy: 'network-only' })} />}>
        <Show when={loaded()} fallback={<Loading label="Loading runs…" />}>
          <Show
            when={runs().length > 0}
            fallback={
              <Empty>
                No runs yet.{' '}
                {props.nextRunAt ? `The next slot is ${formatLocal(props.nextRunAt)}; Run now starts one at once.` : 'Run now starts one at once.'}
              </Empty>
            }
          >
            <div class="table-wrap">
              <table class="runs-table">
                <thead>
                  <tr>
                    <th>Status</th>
                    <th>Trigger</th>
                    <th>Scheduled for</th>
                    <th>Started</th>
                    <th>Finished</th>
                    <th class="num">Duration</th>
                    <th class="num" title="What the calls of the run's job (and its children) cost">Cost</th>
                    <th>Job</th>
                    <th>
                      <span class="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  <For each={runs()}>
                    {(run) => (
                      <>
                        <tr data-run-id={run.id} data-status={run.status} classList={{ 'has-error': Boolean(run.error) }}>
                          <td>
                            <StatusBadge status={run.status} />
                          </td>
                          <td>
                            {TRIGGER_LABEL[run.trigger] ?? run.trigger}
                            <Show when={run.attempt > 1}>
                              <span class="muted"> · attempt {run.attempt}</span>
                            </Show>
                          </td>
                          <td>
                            <Short value={run.scheduledFor} />
                          </td>
                          <td>
                            <Short value={run.startedAt} />
                          </td>
                          <td>
                            <Short value={run.finishedAt} />
                          </td>
                          <td class="num">{duration(run)}</td>
                          <td class="num" data-testid="run-cost">{run.jobId ? formatUsd(run.costUsd) : <span class="muted">—</span>}</td>
                          <td>
                            <Show when={run.jobId} fallback={<span class="muted">{run.status === 'SKIPPED' ? 'none' : '—'}</span>}>
                              {(jobId) => (
                                <A href={`/jobs/${jobId()}`} title={jobId()}>
                                  Job …{jobId().slice(-6)}
                                </A>
                              )}
                            </Show>
                          </td>
                          <td>
                            <Show when={RETRYABLE.has(run.status) && can('schedules:run')}>
                              <button type="button" class="small" disabled={retrying() === run.id} onClick={() => void retryRun(run)}>
                                {retrying() === run.id ? 'Retrying…' : 'Retry'}
                              </button>
                            </Show>
                          </td>
                        </tr>
                        <Show when={run.error}>
                          <tr class="run-error-row">
                            <td colSpan={9}>
                              <span class="run-error">{run.error}</span>
                            </td>
                          </tr>
                        </Show>
                      </>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          </Show>
          <div class="pager">
            <span>
              {formatNumber(runs().length)} of {formatNumber(Math.max(total(), runs().length))} runs
            </span>
            <Show when={query.fetching}>
              <span class="spinner" aria-label="Updating" />
            </Show>
            <span class="spacer" />
            <Show when={older()?.more}>
              <button type="button" class="small" disabled={loadingOlder()} onClick={() => void loadOlder()}>
                {loadingOlder() ? 'Loading…' : 'Show older runs'}
              </button>
            </Show>
          </div>
          <Show when={olderError()}>
            <ErrorBox error={olderError() as Error} retry={() => void loadOlder()} />
          </Show>
        </Show>
      </Show>
    </section>
  );
}
