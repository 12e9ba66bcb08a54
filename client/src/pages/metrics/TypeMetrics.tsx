/** Per task type: finished, failed, failure rate and p95 duration, as a table and a p95 chart. */
import { A } from '@solidjs/router';
import type { ChartData, ChartOptions } from 'chart.js';
import { createMemo, For, Show } from 'solid-js';
import { Empty } from '../../components/States';
import { formatDuration, formatNumber } from '../../lib/time';
import { ChartView } from './ChartView';
import type { JobMetricsData } from './documents';
import { formatPercent, sortTypeRows, type Preset } from './metrics-model';

const p95Options: ChartOptions<'bar'> = {
  indexAxis: 'y',
  plugins: {
    legend: { display: false },
    tooltip: { callbacks: { label: (item) => ` p95 ${formatDuration(item.parsed.x)}` } },
  },
  scales: {
    x: { beginAtZero: true, ticks: { maxRotation: 0, autoSkipPadding: 16, callback: (value) => formatDuration(Number(value)) } },
    y: { grid: { display: false } },
  },
};

export function TypeMetrics(props: { metrics: JobMetricsData; preset: Preset }) {
  const rows = createMemo(() => sortTypeRows(props.metrics.byType));
  const p95 = createMemo<ChartData<'bar'>>(() => {
    const timed = rows().filter((r) => r.p95DurationMs !== null && r.p95DurationMs !== undefined);
    return {
      labels: timed.map((r) => r.type),
      datasets: [{ label: 'p95 duration', data: timed.map((r) => r.p95DurationMs!), backgroundColor: '#6366f1', borderRadius: 2, maxBarThickness: 22 }],
    };
  });
  const jobsLink = (type: string, status?: string) => `/jobs?type=${encodeURIComponent(type)}${status ? `&status=${status}` : ''}`;

  return (
    <section class="card" aria-labelledby="by-type">
      <h2 id="by-type">By task type</h2>
      <Show when={rows().length} fallback={<Empty>No job finished in {props.preset.title}.</Empty>}>
        <div class="metric-split">
          <div class="table-wrap">
            <table aria-labelledby="by-type" class="metrics-table">
              <thead>
                <tr>
                  <th>Type</th>
                  <th class="num">Succeeded</th>
                  <th class="num">Failed</th>
                  <th class="num">Failure rate</th>
                  <th class="num">p95 duration</th>
                </tr>
              </thead>
              <tbody>
                <For each={rows()}>
                  {(row) => (
                    <tr data-type={row.type}>
                      <td class="mono">
                        <A href={jobsLink(row.type)}>{row.type}</A>
                      </td>
                      <td class="num">{formatNumber(row.succeeded)}</td>
                      <td class="num">
                        <Show when={row.failed > 0} fallback="0">
                          <A class="metric-bad" href={jobsLink(row.type, 'FAILED')}>
                            {formatNumber(row.failed)}
                          </A>
                        </Show>
                      </td>
                      <td class="num">
                        <span classList={{ 'metric-bad': row.failureRate > 0 }}>{formatPercent(row.failureRate)}</span>
                      </td>
                      <td class="num">{formatDuration(row.p95DurationMs)}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
          <Show when={p95().labels?.length}>
            <div>
              <h3 class="chart-title">p95 duration</h3>
              <ChartView
                type="bar"
                data={p95()}
                options={p95Options}
                label="p95 duration by task type"
                height={Math.max(120, 34 * (p95().labels?.length ?? 0) + 50)}
              />
            </div>
          </Show>
        </div>
      </Show>
    </section>
  );
}
