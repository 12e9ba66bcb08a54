/**
 * Metrics (`/metrics?range=24h`): jobs finished and failed, queue depth, per type and per schedule,
 * LLM cost over time by model or task type, and LLM tokens by model, over the last hour, day or week. It asks again when the range changes,
 * on "Refresh", and when jobs finish (at most every few seconds, driven by `jobEvents`: no polling).
 */
import { useSearchParams } from '@solidjs/router';
import { createQuery, createSubscription } from '@urql/solid';
import { batch, createMemo, createSignal, For, onCleanup, Show } from 'solid-js';
import { ErrorBox, Loading } from '../../components/States';
import { Time } from '../../components/Time';
import { formatNumber } from '../../lib/time';
import { MetricsJobSignals, MetricsOverview, type JobMetricsData, type QueueStatsData } from './documents';
import { JobCharts } from './JobCharts';
import { LlmCost } from './LlmCost';
import { LlmTokens } from './LlmTokens';
import { failureRate, formatPercent, presetOf, PRESETS, throttle, total, windowOf } from './metrics-model';
import { ScheduleMetrics } from './ScheduleMetrics';
import { TypeMetrics } from './TypeMetrics';
import './metrics.css';

const LIVE_GAP_MS = 5_000;

function Summary(props: { metrics: JobMetricsData; queue: QueueStatsData }) {
  const succeeded = () => total(props.metrics.jobsFinished);
  const failed = () => total(props.metrics.jobsFailed);
  const count = (status: string) => props.queue.byStatus.find((s) => s.status === status)?.count ?? 0;
  return (
    <div class="cards metric-summary">
      <div class="card">
        <div class="metric-label">Succeeded</div>
        <div class="metric-figure" data-testid="sum-succeeded">{formatNumber(succeeded())}</div>
      </div>
      <div class="card">
        <div class="metric-label">Failed</div>
        <div class="metric-figure" classList={{ 'metric-bad': failed() > 0 }} data-testid="sum-failed">
          {formatNumber(failed())}
        </div>
      </div>
      <div class="card">
        <div class="metric-label">Failure rate</div>
        <div class="metric-figure">{formatPercent(failureRate(succeeded(), failed()))}</div>
      </div>
      <div class="card">
        <div class="metric-label">Queued now · running now</div>
        <div class="metric-figure">
          {formatNumber(count('QUEUED'))} · {formatNumber(count('RUNNING'))}
        </div>
        <Show when={props.queue.oldestQueuedAt}>
          <div class="muted metric-note">
            oldest queued <Time value={props.queue.oldestQueuedAt} />
          </div>
        </Show>
      </div>
    </div>
  );
}

export default function MetricsPage() {
  const [search, setSearch] = useSearchParams<{ range?: string }>();
  const preset = createMemo(() => presetOf(search.range));
  const [now, setNow] = createSignal(Date.now());
  const [refreshKey, setRefreshKey] = createSignal(0);
  const timeWindow = createMemo(() => windowOf(preset(), now()));

  const [result, refetch] = createQuery({
    query: MetricsOverview,
    variables: () => timeWindow(),
    context: () => ({ refreshKey: refreshKey(), requestPolicy: refreshKey() ? ('network-only' as const) : ('cache-and-network' as const) }),
  });
  const refresh = () =>
    batch(() => {
      setNow(Date.now());
      setRefreshKey((k) => k + 1);
    });
  const live = throttle(refresh, LIVE_GAP_MS, {
    now: () => Date.now(),
    later: (fn, ms) => setTimeout(fn, ms),
    cancel: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  });
  onCleanup(() => live.cancel());
  createSubscription({ query: MetricsJobSignals }, (_prev: unknown, event) => {
    live.trigger();
    return event;
  });

  const data = () => result.data;
  return (
    <div class="metrics-page">
      <header class="page-header">
        <h1>Metrics</h1>
        <div class="chips" role="group" aria-label="Time range">
          <For each={PRESETS}>
            {(p) => (
              <button type="button" class="chip" aria-pressed={preset().value === p.value} title={p.title} onClick={() => setSearch({ range: p.value })}>
                {p.label}
              </button>
            )}
          </For>
        </div>
        <span class="spacer" />
        <Show when={data()}>
          <span class="muted metric-note">
            <Time value={data()!.metrics.since} /> → <Time value={data()!.metrics.until} />
          </span>
        </Show>
        <button type="button" class="small" onClick={refresh} disabled={result.fetching}>
          {result.fetching ? 'Refreshing…' : 'Refresh'}
        </button>
      </header>
      <ErrorBox error={result.error} retry={() => refetch({ requestPolicy: 'network-only' })} />
      <Show when={data()} fallback={<Show when={!result.error}><Loading label="Loading metrics…" /></Show>}>
        {(d) => (
          <>
            <Summary metrics={d().metrics} queue={d().queueStats} />
            <JobCharts metrics={d().metrics} preset={preset()} />
            <TypeMetrics metrics={d().metrics} preset={preset()} />
            <ScheduleMetrics metrics={d().metrics} preset={preset()} />
          </>
        )}
      </Show>
      <LlmCost window={timeWindow()} preset={preset()} refreshKey={refreshKey()} />
      <LlmTokens window={timeWindow()} preset={preset()} refreshKey={refreshKey()} />
    </div>
  );
}
