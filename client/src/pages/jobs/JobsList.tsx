/**
 * The live jobs list: filters from the URL, one page of jobs (cursor paging with the total), live
 * events applied to the page, selection and bulk actions.
 */
import { useSearchParams } from '@solidjs/router';
import { createEffect, createMemo, createSignal, on, Show } from 'solid-js';
import { LiveListBody } from '../../components/LiveListBody';
import { Pager } from '../../components/Pager';
import { useFragment } from '../../gql';
import type { JobsListEventsSubscription } from '../../gql/graphql';
import { can } from '../../lib/auth';
import { createLiveList } from '../../lib/live-list';
import { readFilters, writeFilters } from '../../lib/url-state';
import { BulkActions } from './BulkActions';
import { JobRowFields, JobsList as JobsListQuery, JobsListEvents } from './documents';
import { FILTER_SPEC, hasFilters, liveFilter, toJobFilter, type JobFilters as Filters } from './filters';
import { JobFilters } from './JobFilters';
import { JobsTable } from './JobsTable';
import { applyEvent, type ListEvent } from './live-rows';

/** Events kept to replay over a page that was being fetched when they arrived. */
const REPLAY_MS = 15_000;

const sameJson = <T,>(a: T, b: T) => JSON.stringify(a) === JSON.stringify(b);

function listEvent({ jobEvents: e }: JobsListEventsSubscription): ListEvent {
  return { kind: e.kind, jobId: e.jobId, job: e.job ? useFragment(JobRowFields, e.job) : null };
}

export interface JobsListProps {
  types: readonly { type: string; title?: string | null }[];
  activeId?: string | undefined;
  onOpen: (id: string) => void;
}

export function JobsList(props: JobsListProps) {
  const [params, setParams] = useSearchParams();
  const filters = createMemo(() => readFilters(params, FILTER_SPEC), undefined, { equals: sameJson });
  const setFilters = (patch: Partial<Filters>) => setParams(writeFilters({ ...filters(), ...patch }, FILTER_SPEC));

  // "Last hour" counts back from when the filter was chosen (or refreshed), not from every render.
  const [refreshed, setRefreshed] = createSignal(0);
  const apiFilter = createMemo(() => (refreshed(), toJobFilter(filters(), Date.now())), undefined, { equals: sameJson });
  const statuses = () => apiFilter().status ?? [];

  const list = createLiveList({
    query: JobsListQuery,
    variables: () => ({ filter: apiFilter() }),
    connection: (data) => data.jobs,
    fragment: JobRowFields,
    replayMs: REPLAY_MS,
  });
  list.follow({
    query: JobsListEvents,
    variables: () => ({ filter: liveFilter(apiFilter()) }),
    // After a reconnect the server sends what was missed, or RESYNC when it no longer can: refetch.
    resumes: true,
    apply: (page, event, at) =>
      event.jobEvents.kind === 'RESYNC' ? { refetch: true } : { page: applyEvent(page, listEvent(event), { ...at, statuses: statuses() }) },
  });

  // The selection holds rows of the open page: a new page or filter starts with none, and rows that
  // go (deleted) leave it.
  const [selected, setSelected] = createSignal<ReadonlySet<string>>(new Set());
  createEffect(on([apiFilter, list.pageIndex], () => setSelected(new Set<string>()), { defer: true }));
  createEffect(
    on(
      () => list.rows().map((r) => r.id),
      (ids) => {
        const shown = new Set(ids);
        setSelected((s) => ([...s].every((id) => shown.has(id)) ? s : new Set([...s].filter((id) => shown.has(id)))));
      },
    ),
  );
  const reload = () => {
    setRefreshed((n) => n + 1);
    list.reload();
  };

  const select = (ids: string[], checked: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      for (const id of ids) checked ? next.add(id) : next.delete(id);
      return next;
    });
  const selectedRows = () => list.rows().filter((r) => selected().has(r.id));

  return (
    <section class="jobs-list" aria-label="Jobs">
      <JobFilters filters={filters()} onChange={setFilters} types={props.types} />
      <BulkActions selected={selectedRows()} onClear={() => setSelected(new Set<string>())} onDone={list.refetch} />
      <Show when={list.pending() > 0}>
        <button type="button" class="new-jobs-banner" onClick={reload}>
          {list.pending()} new {list.pending() === 1 ? 'job' : 'jobs'} since this page loaded: show
        </button>
      </Show>
      <LiveListBody
        list={list}
        loading="Loading jobs…"
        empty={hasFilters(filters()) ? 'No jobs match these filters.' : 'No jobs yet. Enqueue one with New job, or through the API.'}
      >
        <JobsTable
          rows={list.rows()}
          selected={selected()}
          onSelect={select}
          onOpen={props.onOpen}
          activeId={props.activeId}
          statuses={statuses()}
          selectable={can('jobs:write')}
        />
      </LiveListBody>
      <Pager list={list} noun="jobs" first="First" back="Previous" forward="Next">
        <button type="button" class="small" onClick={reload} title="Load the first page again">
          Refresh
        </button>
      </Pager>
    </section>
  );
}
