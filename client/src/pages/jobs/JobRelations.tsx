/**
 * Where a job comes from and what came of it: its parent and children, the job it retries and the
 * jobs retrying it, the schedule and run that made it.
 */
import { A, useLocation } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { createEffect, createMemo, For, on, Show } from 'solid-js';
import { ErrorBox } from '../../components/States';
import { StatusBadge } from '../../components/StatusBadge';
import { Time } from '../../components/Time';
import type { JobStatus } from '../../gql/graphql';
import { formatNumber } from '../../lib/time';
import { JobRetries } from './documents';
import { shortId } from './ShortTime';

interface Related {
  id: string;
  status: JobStatus;
  type?: string;
}

export interface JobRelationsProps {
  jobId: string;
  parent?: Related | null;
  retryOf?: Related | null;
  children: { totalCount: number; items: readonly Related[] };
  schedule?: { id: string; name: string } | null;
  scheduleRun?: { id: string; attempt: number; trigger: string; scheduledFor: string; status: string } | null;
  /** Changes when the job's status does, so the retries are looked up again. */
  version: string;
}

function JobLink(props: { job: Related }) {
  const location = useLocation();
  return (
    <span class="job-link">
      <A href={`/jobs/${props.job.id}${location.search}`} class="mono" title={props.job.id}>
        {shortId(props.job.id)}
      </A>
      <Show when={props.job.type}>
        <span class="muted"> {props.job.type}</span>
      </Show>{' '}
      <StatusBadge status={props.job.status} />
    </span>
  );
}

export function JobRelations(props: JobRelationsProps) {
  const [retries, refetch] = createQuery({ query: JobRetries, variables: () => ({ id: props.jobId }) });
  const version = createMemo(() => props.version);
  createEffect(on(version, () => refetch({ requestPolicy: 'network-only' }), { defer: true }));
  const retryList = () => retries.data?.jobs.edges.map((e) => e.node) ?? [];
  const hasAny = () =>
    Boolean(props.parent || props.retryOf || props.children.totalCount || props.schedule || props.scheduleRun || retryList().length);

  return (
    <section class="job-section" aria-label="Related">
      <h3>Related</h3>
      <Show when={retries.error}>
        <ErrorBox error={retries.error} retry={() => refetch({ requestPolicy: 'network-only' })} />
      </Show>
      <Show when={hasAny()} fallback={<p class="muted">No parent, children, retries or schedule.</p>}>
        <dl class="facts">
          <Show when={props.schedule}>
            {(s) => (
              <>
                <dt>Schedule</dt>
                <dd>
                  <A href={`/schedules/${s().id}`}>{s().name}</A>
                </dd>
              </>
            )}
          </Show>
          <Show when={props.scheduleRun}>
            {(run) => (
              <>
                <dt>Schedule run</dt>
                <dd>
                  {run().trigger.toLowerCase()} run, attempt {run().attempt}, for <Time value={run().scheduledFor} /> <StatusBadge status={run().status} />
                </dd>
              </>
            )}
          </Show>
          <Show when={props.parent}>
            {(p) => (
              <>
                <dt>Parent</dt>
                <dd>
                  <JobLink job={p()} />
                </dd>
              </>
            )}
          </Show>
          <Show when={props.retryOf}>
            {(r) => (
              <>
                <dt>Retry of</dt>
                <dd>
                  <JobLink job={r()} />
                </dd>
              </>
            )}
          </Show>
          <Show when={retryList().length}>
            <dt>Retried as</dt>
            <dd>
              <ul class="plain-list">
                <For each={retryList()}>
                  {(r) => (
                    <li>
                      <JobLink job={r} />
                    </li>
                  )}
                </For>
              </ul>
            </dd>
          </Show>
          <Show when={props.children.totalCount}>
            <dt>Children ({formatNumber(props.children.totalCount)})</dt>
            <dd>
              <ul class="plain-list">
                <For each={props.children.items}>
                  {(c) => (
                    <li>
                      <JobLink job={c} />
                    </li>
                  )}
                </For>
              </ul>
              <Show when={props.children.totalCount > props.children.items.length}>
                <span class="muted">and {formatNumber(props.children.totalCount - props.children.items.length)} more</span>
              </Show>
            </dd>
          </Show>
        </dl>
      </Show>
    </section>
  );
}
