/**
 * One job, deep-linkable at /jobs/:id: header, actions, live progress and facts, payload and result,
 * errors, related jobs and schedule, the timeline and the LLM calls. `jobUpdated` keeps it live; the
 * query is fetched again when the status changes (relations, result, usage).
 */
import { createQuery, createSubscription } from '@urql/solid';
import { createMemo, createSignal, Show } from 'solid-js';
import { Drawer } from '../../components/Drawer';
import { JsonView } from '../../components/JsonView';
import { Empty, ErrorBox, Loading } from '../../components/States';
import { StatusBadge } from '../../components/StatusBadge';
import { useFragment } from '../../gql';
import type { JobLiveFieldsFragment, JobUpdatesSubscription } from '../../gql/graphql';
import { can } from '../../lib/auth';
import { createResumePosition, withResume } from '../../lib/live-resume';
import { JobDetail, JobLiveFields, JobUpdates } from './documents';
import { JobActions } from './JobActions';
import { JobFacts } from './JobFacts';
import { JobLlmCallsPanel } from './JobLlmCallsPanel';
import { JobRelations } from './JobRelations';
import { JobTimeline } from './JobTimeline';
import { JobWaitsPanel } from './JobWaitsPanel';
import { stateTime } from './live-rows';
import type { LiveChange, TimelineLog } from './timeline';

/** Live entries kept for the timeline: a long job's progress would otherwise grow without end. */
const MAX_LIVE = 1000;
const capped = <T,>(list: T[]) => (list.length > MAX_LIVE ? list.slice(-MAX_LIVE) : list);

export interface JobDrawerProps {
  id: string;
  onClose: () => void;
  onOpen: (id: string) => void;
  notify: (message: string) => void;
}

function CopyId(props: { id: string }) {
  const [copied, setCopied] = createSignal(false);
  const copy = async () => {
    await navigator.clipboard?.writeText(props.id).catch(() => undefined);
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  return (
    <span class="copy-id">
      <code>{props.id}</code>
      <button type="button" class="small" onClick={() => void copy()} aria-label="Copy job id">
        {copied() ? 'Copied' : 'Copy'}
      </button>
    </span>
  );
}

export function JobDrawer(props: JobDrawerProps) {
  const [detail, refetch] = createQuery({
    query: JobDetail,
    variables: () => ({ id: props.id, withSchedules: can('schedules:read'), withLlm: can('llm:read'), withWrite: can('jobs:write') }),
  });
  const [live, setLive] = createSignal<JobLiveFieldsFragment | null>(null);
  const [changes, setChanges] = createSignal<LiveChange[]>([]);
  const [logs, setLogs] = createSignal<TimelineLog[]>([]);
  const [deleted, setDeleted] = createSignal(false);

  // After a reconnect the subscription resumes after the last event seen (lib/live-resume.ts).
  const resume = createResumePosition();
  const updateVariables = createMemo(() => {
    const id = props.id;
    resume.reset();
    return withResume({ id }, resume);
  });
  const [updates] = createSubscription({ query: JobUpdates, variables: updateVariables }, (_prev: unknown, data: JobUpdatesSubscription) => {
    const event = data.jobUpdated;
    resume.seen(event.id);
    if (event.kind === 'DELETED') setDeleted(true);
    if (event.log) setLogs((ls) => capped([...ls, event.log!]));
    if (event.job) {
      const job = useFragment(JobLiveFields, event.job);
      const previous = current();
      setLive((l) => (l && stateTime(l) > stateTime(job) ? l : job));
      // The snapshot may already be past what the query read (the job ended in between).
      if (event.kind === 'SNAPSHOT' && previous && previous.status !== job.status) refetch({ requestPolicy: 'network-only' });
      if (event.kind === 'STATUS') {
        setChanges((c) => capped([...c, { kind: 'status', at: event.at, status: job.status, attempt: job.attempt }]));
        if (previous?.status !== job.status) refetch({ requestPolicy: 'network-only' });
      } else if (event.kind === 'PROGRESS' && job.progress) {
        setChanges((c) => capped([...c, { kind: 'progress', at: job.progress!.updatedAt, percent: job.progress!.percent, message: job.progress!.message }]));
      }
    }
    return data;
  });

  /** The query's job with the newest live fields over it. */
  const current = createMemo(() => {
    const base = detail.data?.job;
    if (!base) return null;
    const fields = useFragment(JobLiveFields, base);
    const l = live();
    return { ...base, ...(l && stateTime(l) >= stateTime(fields) ? l : fields) };
  });

  const title = (
    <Show when={current()} fallback="Job">
      <span class="drawer-title">
        <StatusBadge status={current()!.status} /> {current()!.type}
      </span>
    </Show>
  );

  return (
    <Drawer title={title} onClose={props.onClose} wide>
      <Show when={deleted()}>
        <p class="state state-error" role="alert">
          This job was deleted.
        </p>
      </Show>
      <Show when={!detail.error || detail.data} fallback={<ErrorBox error={detail.error} retry={() => refetch({ requestPolicy: 'network-only' })} />}>
        <Show when={detail.data} fallback={<Loading label="Loading the job…" />}>
          <Show when={current()} fallback={<Empty>Job {props.id} was not found. It may have been deleted, or belong to another org.</Empty>}>
            {(job) => (
              <div class="job-drawer">
                <div class="job-id-row">
                  <span class="muted">Job</span> <CopyId id={job().id} />
                </div>
                <Show when={detail.error}>
                  <ErrorBox error={detail.error} retry={() => refetch({ requestPolicy: 'network-only' })} />
                </Show>
                <Show when={updates.error}>
                  <p class="state state-error" role="alert">
                    Live updates stopped: {updates.error!.message}
                  </p>
                </Show>
                <JobActions
                  job={{ id: job().id, type: job().type, status: job().status, cancelRequested: job().cancelRequested, hasCheckpoint: job().checkpoint != null }}
                  onRetried={(id) => {
                    props.notify('Retried: this is the new job.');
                    props.onOpen(id);
                  }}
                  onDeleted={() => {
                    props.notify('Job deleted.');
                    props.onClose();
                  }}
                  notify={props.notify}
                />
                <JobFacts job={job()} />
                <div class="json-pair">
                  <JsonView value={job().payload} label="Payload" />
                  <Show when={job().result !== null && job().result !== undefined}>
                    <JsonView value={job().result} label="Result" />
                  </Show>
                  <Show when={job().checkpoint != null}>
                    <JsonView value={job().checkpoint} label="Checkpoint" open={false} />
                  </Show>
                </div>
                <JobRelations
                  jobId={props.id}
                  version={job().status}
                  parent={job().parent}
                  retryOf={job().retryOf}
                  children={{ totalCount: job().children.totalCount, items: job().children.edges.map((e) => e.node) }}
                  schedule={job().schedule}
                  scheduleRun={job().scheduleRun}
                />
                <JobWaitsPanel
                  jobId={props.id}
                  waits={job().waits}
                  finished={['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(job().status)}
                  notify={props.notify}
                />
                <JobTimeline id={props.id} job={job()} live={changes()} liveLogs={logs()} />
                <JobLlmCallsPanel jobId={props.id} />
              </div>
            )}
          </Show>
        </Show>
      </Show>
    </Drawer>
  );
}
