/** Jobs finished per bucket (succeeded and failed, stacked) and the queue depth over the window. */
import type { ChartData, ChartOptions } from 'chart.js';
import { createMemo, Show } from 'solid-js';
import { Empty } from '../../components/States';
import { formatLocal } from '../../lib/time';
import { ChartView } from './ChartView';
import type { JobMetricsData } from './documents';
import { bucketLabel, hasValues, type Preset } from './metrics-model';

const OK = '#22c55e';
const BAD = '#ef4444';
const LINE = '#4f46e5';

function timeOptions<T extends 'bar' | 'line'>(points: () => readonly { at: string }[], stacked: boolean): ChartOptions<T> {
  return {
    interaction: { mode: 'index', intersect: false },
    plugins: {
      legend: { display: stacked, position: 'bottom', labels: { boxWidth: 12 } },
      tooltip: { callbacks: { title: (items: { dataIndex: number }[]) => formatLocal(points()[items[0]?.dataIndex ?? 0]?.at) } },
    },
    scales: {
      x: { stacked, grid: { display: false }, ticks: { maxRotation: 0, autoSkipPadding: 12 } },
      y: { stacked, beginAtZero: true, ticks: { precision: 0 } },
    },
  } as unknown as ChartOptions<T>;
}

export function JobCharts(props: { metrics: JobMetricsData; preset: Preset }) {
  const labels = createMemo(() => props.metrics.jobsFinished.map((p) => bucketLabel(p.at, props.preset)));
  const jobs = createMemo<ChartData<'bar'>>(() => ({
    labels: labels(),
    datasets: [
      { label: 'Succeeded', data: props.metrics.jobsFinished.map((p) => p.value), backgroundColor: OK, borderRadius: 2 },
      { label: 'Failed', data: props.metrics.jobsFailed.map((p) => p.value), backgroundColor: BAD, borderRadius: 2 },
    ],
  }));
  const depth = createMemo<ChartData<'line'>>(() => ({
    labels: props.metrics.queueDepth.map((p) => bucketLabel(p.at, props.preset)),
    datasets: [
      {
        label: 'Waiting jobs',
        data: props.metrics.queueDepth.map((p) => p.value),
        borderColor: LINE,
        backgroundColor: 'rgba(79, 70, 229, 0.12)',
        fill: true,
        tension: 0.25,
        pointRadius: 0,
        pointHitRadius: 8,
      },
    ],
  }));
  const finishedOptions = timeOptions<'bar'>(() => props.metrics.jobsFinished, true);
  const depthOptions = timeOptions<'line'>(() => props.metrics.queueDepth, false);

  return (
    <div class="metric-grid">
      <section class="card chart-card" aria-labelledby="chart-jobs">
        <h2 id="chart-jobs">Jobs finished</h2>
        <Show
          when={hasValues(props.metrics.jobsFinished, props.metrics.jobsFailed)}
          fallback={<Empty>No job finished in {props.preset.title}.</Empty>}
        >
          <ChartView type="bar" data={jobs()} options={finishedOptions} label={`Jobs succeeded and failed per bucket over ${props.preset.title}`} />
        </Show>
      </section>
      <section class="card chart-card" aria-labelledby="chart-depth">
        <h2 id="chart-depth">Queue depth</h2>
        <Show when={hasValues(props.metrics.queueDepth)} fallback={<Empty>No job was waiting at the end of any bucket in {props.preset.title}.</Empty>}>
          <ChartView type="line" data={depth()} options={depthOptions} label={`Jobs waiting at the end of each bucket over ${props.preset.title}`} />
        </Show>
      </section>
    </div>
  );
}
