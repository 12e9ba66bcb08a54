/** LLM tokens by model over the window (fresh input, cached input, output), with calls and p95s. */
import { A } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import type { ChartData, ChartOptions } from 'chart.js';
import { createMemo, For, Show } from 'solid-js';
import { Empty, ErrorBox, Loading } from '../../components/States';
import { can, viewer } from '../../lib/auth';
import { formatDuration, formatNumber } from '../../lib/time';
import { ChartView } from './ChartView';
import { MetricsLlmUsage } from './documents';
import { tokenSeries, type Preset, type Window } from './metrics-model';

const options: ChartOptions<'bar'> = {
  indexAxis: 'y',
  interaction: { mode: 'index', intersect: false },
  plugins: {
    legend: { position: 'bottom', labels: { boxWidth: 12 } },
    tooltip: { callbacks: { label: (item) => ` ${item.dataset.label}: ${formatNumber(item.parsed.x)}` } },
  },
  scales: {
    x: { stacked: true, beginAtZero: true, ticks: { callback: (value) => formatNumber(Number(value)) } },
    y: { stacked: true, grid: { display: false } },
  },
};

function LlmTokensBody(props: { window: Window; preset: Preset; refreshKey: number }) {
  const [usage, refetch] = createQuery({
    query: MetricsLlmUsage,
    variables: () => ({ since: props.window.since, until: props.window.until }),
    // A new refresh key asks the server again (the window may be the same).
    context: () => ({ refreshKey: props.refreshKey, requestPolicy: props.refreshKey ? ('network-only' as const) : ('cache-and-network' as const) }),
  });
  const rows = () => usage.data?.llmUsage.byModel ?? [];
  const data = createMemo<ChartData<'bar'>>(() => {
    const s = tokenSeries(rows());
    return {
      labels: s.labels,
      datasets: [
        { label: 'Input', data: s.fresh, backgroundColor: '#6366f1', maxBarThickness: 22 },
        { label: 'Cached input', data: s.cached, backgroundColor: '#a5b4fc', maxBarThickness: 22 },
        { label: 'Output', data: s.output, backgroundColor: '#10b981', maxBarThickness: 22 },
      ],
    };
  });

  return (
    <>
      <ErrorBox error={usage.error} retry={() => refetch({ requestPolicy: 'network-only' })} />
      <Show when={usage.data} fallback={<Show when={!usage.error}><Loading label="Loading token usage…" /></Show>}>
        <Show when={rows().length} fallback={<Empty>No LLM call in {props.preset.title}.</Empty>}>
          <div class="metric-split metric-split-usage">
            <ChartView type="bar" data={data()} options={options} label="LLM tokens by model" height={Math.max(140, 40 * rows().length + 70)} />
            <div class="table-wrap">
              <table aria-label="LLM usage by model" class="metrics-table">
                <thead>
                  <tr>
                    <th>Model</th>
                    <th class="num">Calls</th>
                    <th class="num">Failed</th>
                    <th class="num">Tokens</th>
                    <th class="num">p95 duration</th>
                    <th class="num">p95 TTFT</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={rows()}>
                    {(row) => (
                      <tr>
                        <td class="mono">
                          <A href={`/llm?model=${encodeURIComponent(row.key.slice(row.key.indexOf(':') + 1))}`}>{row.key}</A>
                        </td>
                        <td class="num">{formatNumber(row.calls)}</td>
                        <td class="num">
                          <span classList={{ 'metric-bad': row.failed > 0 }}>{formatNumber(row.failed)}</span>
                        </td>
                        <td class="num">{formatNumber(row.usage.totalTokens)}</td>
                        <td class="num">{formatDuration(row.p95DurationMs)}</td>
                        <td class="num">{formatDuration(row.p95TtftMs)}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          </div>
        </Show>
      </Show>
    </>
  );
}

export function LlmTokens(props: { window: Window; preset: Preset; refreshKey: number }) {
  return (
    <section class="card" aria-labelledby="llm-tokens">
      <h2 id="llm-tokens">LLM tokens by model</h2>
      <Show when={!viewer() || can('llm:read')} fallback={<Empty>Your token may not read LLM calls (it needs llm:read).</Empty>}>
        <LlmTokensBody window={props.window} preset={props.preset} refreshKey={props.refreshKey} />
      </Show>
    </section>
  );
}
