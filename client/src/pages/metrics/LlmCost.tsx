/**
 * What the calls cost over the window, per bucket (the job charts' buckets), stacked by model or by
 * task type, with each key's total beside it. Asked apart from the job figures: it needs llm:read.
 */
import { createQuery } from '@urql/solid';
import type { ChartData, ChartOptions } from 'chart.js';
import { createMemo, createSignal, For, Show } from 'solid-js';
import { Empty, ErrorBox, Loading } from '../../components/States';
import { can, viewer } from '../../lib/auth';
import { formatUsd } from '../../lib/money';
import { formatLocal, formatNumber } from '../../lib/time';
import { ChartView } from './ChartView';
import { MetricsCost } from './documents';
import { bucketLabel, hasValues, stackedCost, total, type Preset, type Window } from './metrics-model';

const COLOURS = ['#6366f1', '#10b981', '#f59e0b', '#ef4444', '#0ea5e9', '#a855f7'];
const VIEWS = [
  { value: 'model', label: 'By model' },
  { value: 'type', label: 'By task type' },
] as const;

function LlmCostBody(props: { window: Window; preset: Preset; refreshKey: number }) {
  const [view, setView] = createSignal<'model' | 'type'>('model');
  const [cost, refetch] = createQuery({
    query: MetricsCost,
    variables: () => props.window,
    context: () => ({ refreshKey: props.refreshKey, requestPolicy: props.refreshKey ? ('network-only' as const) : ('cache-and-network' as const) }),
  });
  const metrics = () => cost.data?.metrics;
  const series = () => (view() === 'model' ? metrics()?.costByModel : metrics()?.costByTaskType) ?? [];
  const points = () => metrics()?.costUsd ?? [];
  const data = createMemo<ChartData<'bar'>>(() => ({
    labels: points().map((p) => bucketLabel(p.at, props.preset)),
    datasets: stackedCost(series()).map((s, i) => ({ label: s.label, data: s.data, backgroundColor: COLOURS[i % COLOURS.length], borderRadius: 2 })),
  }));
  const options: ChartOptions<'bar'> = {
    interaction: { mode: 'index', intersect: false },
    plugins: {
      legend: { position: 'bottom', labels: { boxWidth: 12 } },
      tooltip: {
        callbacks: {
          title: (items) => formatLocal(points()[items[0]?.dataIndex ?? 0]?.at),
          label: (item) => ` ${item.dataset.label}: ${formatUsd(item.parsed.y ?? 0)}`,
        },
      },
    },
    scales: {
      x: { stacked: true, grid: { display: false }, ticks: { maxRotation: 0, autoSkipPadding: 12 } },
      y: { stacked: true, beginAtZero: true, ticks: { callback: (value) => formatUsd(Number(value)) } },
    },
  };

  return (
    <>
      <ErrorBox error={cost.error} retry={() => refetch({ requestPolicy: 'network-only' })} />
      <Show when={metrics()} fallback={<Show when={!cost.error}><Loading label="Loading cost…" /></Show>}>
        <div class="toolbar">
          <span class="metric-figure" data-testid="cost-total">{formatUsd(total(points()))}</span>
          <span class="muted">in {props.preset.title}</span>
          <span class="spacer" />
          <div class="chips" role="group" aria-label="Cost by">
            <For each={VIEWS}>
              {(v) => (
                <button type="button" class="chip" aria-pressed={view() === v.value} onClick={() => setView(v.value)}>
                  {v.label}
                </button>
              )}
            </For>
          </div>
        </div>
        <Show when={series().length} fallback={<Empty>{view() === 'model' ? `No LLM call in ${props.preset.title}.` : `No job called a model in ${props.preset.title}.`}</Empty>}>
          <div class="metric-split metric-split-usage">
            <Show when={hasValues(...series().map((s) => s.points))} fallback={<Empty>Only unpriced calls in {props.preset.title}: their cost is unknown.</Empty>}>
              <ChartView type="bar" data={data()} options={options} label={`LLM cost per bucket ${view() === 'model' ? 'by model' : 'by task type'} over ${props.preset.title}`} />
            </Show>
            <div class="table-wrap">
              <table aria-label={view() === 'model' ? 'LLM cost by model' : 'LLM cost by task type'} class="metrics-table">
                <thead>
                  <tr>
                    <th>{view() === 'model' ? 'Model' : 'Task type'}</th>
                    <th class="num">Cost</th>
                    <th class="num" title="Calls of models without a price: not in the cost">Unpriced calls</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={series()}>
                    {(s) => (
                      <tr data-key={s.key}>
                        <td class="mono">{s.key}</td>
                        <td class="num" data-testid="cost-series-total">{formatUsd(s.totalUsd)}</td>
                        <td class="num">
                          <span classList={{ muted: s.unpricedCalls === 0 }}>{formatNumber(s.unpricedCalls)}</span>
                        </td>
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

export function LlmCost(props: { window: Window; preset: Preset; refreshKey: number }) {
  return (
    <section class="card" aria-labelledby="llm-cost">
      <h2 id="llm-cost">LLM cost over time</h2>
      <Show when={!viewer() || can('llm:read')} fallback={<Empty>Your token may not read LLM calls (it needs llm:read).</Empty>}>
        <LlmCostBody window={props.window} preset={props.preset} refreshKey={props.refreshKey} />
      </Show>
    </section>
  );
}
