/** Per schedule: the jobs it made in the window, their success and failure rates and p95 duration. */
import { A } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { createMemo, For, Show } from 'solid-js';
import { Empty } from '../../components/States';
import { can } from '../../lib/auth';
import { formatDuration, formatNumber } from '../../lib/time';
import { MetricsScheduleNames, type JobMetricsData } from './documents';
import { formatPercent, type Preset } from './metrics-model';

export function ScheduleMetrics(props: { metrics: JobMetricsData; preset: Preset }) {
  // The metrics carry ids only; names come from the schedule list when the token may read it.
  const [names] = createQuery({ query: MetricsScheduleNames, pause: () => !can('schedules:read') || props.metrics.bySchedule.length === 0 });
  const nameOf = createMemo(() => new Map((names.data?.schedules.edges ?? []).map((e) => [e.node.id, e.node.name])));
  const rows = createMemo(() => [...props.metrics.bySchedule].sort((a, b) => b.triggers - a.triggers));

  return (
    <section class="card" aria-labelledby="by-schedule">
      <h2 id="by-schedule">By schedule</h2>
      <Show when={rows().length} fallback={<Empty>No schedule made a job in {props.preset.title}.</Empty>}>
        <div class="table-wrap">
          <table aria-labelledby="by-schedule" class="metrics-table">
            <thead>
              <tr>
                <th>Schedule</th>
                <th class="num">Jobs</th>
                <th class="num">Succeeded</th>
                <th class="num">Failed</th>
                <th class="num">p95 duration</th>
              </tr>
            </thead>
            <tbody>
              <For each={rows()}>
                {(row) => (
                  <tr>
                    <td>
                      <A href={`/schedules/${row.scheduleId}`}>{nameOf().get(row.scheduleId) ?? <span class="mono">{row.scheduleId}</span>}</A>
                    </td>
                    <td class="num">{formatNumber(row.triggers)}</td>
                    <td class="num">{formatPercent(row.successRate)}</td>
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
      </Show>
    </section>
  );
}
