/**
 * The live jobs list: filters from the URL, one page of jobs (cursor paging with the total), live
 * events applied to the page, selection and bulk actions.
 */
import { useSearchParams } from '@solidjs/router';
import { createQuery, createSubscription } from '@urql/solid';
import { batch, createEffect, createMemo, createSignal, on, Show, untrack } from 'solid-js';
import { createStore, reconcile, unwrap } from 'solid-js/store';
import { Empty, ErrorBox, Loading } from '../../components/States';
import { useFragment } from '../../gql';
import type { JobsListEventsSubscription } from '../../gql/graphql';
import { can } from '../../lib/auth';
import { describeError } from '../../lib/errors';
import { readFilters, writeFilters } from '../../lib/url-state';
import { formatNumber } from '../../lib/time';
import { BulkActions } from './BulkActions';
import { createCatchUp } from './catch-up';
import { JobRowFields, JobsList as JobsListQuery, JobsListEvents } from './documents';
import { FILTER_SPEC, hasFilters, liveFilter, toJobFilter, type JobFilters as Filters } from './filters';
import { JobFilters } from './JobFilters';
import { JobsTable } from './JobsTable';
import { applyEvent, type ListEvent, type LiveList } from './live-rows';

const PAGE_SIZE = 50;
/** Events kept to replay over a page that was being fetched when they arrived. */
const REPLAY_MS = 15_000;

const sameJson = <T,>(a: T, b: T) => JSON.stringify(a) === JSON.stringify(b);

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

  // Cursor paging: the cursors of the pages before this one, so Previous can go back.
  const [cursors, setCursors] = createSignal<(string | undefined)[]>([]);
  const [after, setAfter] = createSignal<string | undefined>(undefined);
  const firstPage = () => after() === undefined;

  const [query, refetch] = createQuery({
    query: JobsListQuery,
    variables: () => ({ filter: apiFilter(), first: PAGE_SIZE, after: after() ?? null }),
  });

  const [list, setList] = createStore<LiveList & { loaded: boolean }>({ rows: [], totalCount: 0, pending: 0, loaded: false });
  const [selected, setSelected] = createSignal<ReadonlySet<string>>(new Set());
  const recent: { at: number; event: ListEvent }[] = [];

  const context = (replay = false) => ({
    firstPage: firstPage(),
    hasNextPage: query.data?.jobs.pageInfo.hasNextPage ?? false,
    statuses: statuses(),
    replay,
  });

  // A page from the server replaces the rows; events that arrived meanwhile are applied again on top.
  createEffect(
    on(
      () => query.data,
      (data) => {
        if (!data) return;
        const cutoff = Date.now() - REPLAY_MS;
        while (recent.length && recent[0]!.at < cutoff) recent.shift();
        let next: LiveList = {
          rows: data.jobs.edges.map((e) => ({ ...useFragment(JobRowFields, e.node) })),
          totalCount: data.jobs.totalCount,
          pending: 0,
        };
        const ctx = untrack(() => context(true));
        for (const { event } of recent) next = applyEvent(next, event, ctx);
        setList(reconcile({ ...next, loaded: true }, { key: 'id', merge: true }));
        const ids = new Set(next.rows.map((r) => r.id));
        setSelected((s) => new Set([...s].filter((id) => ids.has(id))));
      },
    ),
  );

  const [live] = createSubscription(
    { query: JobsListEvents, variables: () => ({ filter: liveFilter(apiFilter()) }) },
    (_previous: unknown, data: JobsListEventsSubscription) => {
      const raw = data.jobEvents;
      const event: ListEvent = { kind: raw.kind, jobId: raw.jobId, job: raw.job ? { ...useFragment(JobRowFields, raw.job) } : null };
      const now = Date.now();
      recent.push({ at: now, event });
      while (recent[0]!.at < now - REPLAY_MS) recent.shift();
      if (list.loaded) {
        const before = unwrap(list);
        const next = applyEvent({ rows: before.rows, totalCount: before.totalCount, pending: before.pending }, event, context());
        setList(reconcile({ ...next, loaded: true }, { key: 'id', merge: true }));
        if (event.kind === 'DELETED') setSelected((s) => (s.has(event.jobId) ? new Set([...s].filter((id) => id !== event.jobId)) : s));
      }
      return data;
    },
  );

  // Each (re)subscription is followed by one refetch, for changes made before the server listened.
  const catchUp = createCatchUp(() => refetch({ requestPolicy: 'network-only' }));
  catchUp.start();

  // A new filter starts again from the first page, with nothing selected.
  createEffect(
    on(
      apiFilter,
      () => {
        // Events of the old filter must not be replayed over the new one's rows.
        recent.length = 0;
        batch(() => {
          setCursors([]);
          setAfter(undefined);
          setSelected(new Set<string>());
        });
        catchUp.start();
      },
      { defer: true },
    ),
  );

  const goTo = (cursor: string | undefined, stack: (string | undefined)[]) => {
    batch(() => {
      setCursors(stack);
      setAfter(cursor);
      setSelected(new Set<string>());
    });
  };
  const next = () => goTo(query.data?.jobs.pageInfo.endCursor ?? undefined, [...cursors(), after()]);
  const previous = () => goTo(cursors().at(-1), cursors().slice(0, -1));
  const reload = () => {
    recent.length = 0;
    if (firstPage()) {
      setRefreshed((n) => n + 1);
      refetch({ requestPolicy: 'network-only' });
    } else goTo(undefined, []);
  };

  const select = (ids: string[], checked: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      for (const id of ids) checked ? next.add(id) : next.delete(id);
      return next;
    });
  const selectedRows = () => list.rows.filter((r) => selected().has(r.id));
  const offset = () => cursors().length * PAGE_SIZE;
  const liveError = () => describeError(live.error);

  return (
    <section class="jobs-list" aria-label="Jobs">
      <JobFilters filters={filters()} onChange={setFilters} types={props.types} />
      <BulkActions selected={selectedRows()} onClear={() => setSelected(new Set<string>())} onDone={() => refetch({ requestPolicy: 'network-only' })} />
      <Show when={list.pending > 0}>
        <button type="button" class="new-jobs-banner" onClick={reload}>
          {list.pending} new {list.pending === 1 ? 'job' : 'jobs'} since this page loaded: show
        </button>
      </Show>
      <Show when={liveError()}>
        {(e) => (
          <p class="state state-error" role="alert">
            Live updates stopped: {e().message}
          </p>
        )}
      </Show>
      <Show when={!query.error || list.loaded} fallback={<ErrorBox error={query.error} retry={() => refetch({ requestPolicy: 'network-only' })} />}>
        <Show when={list.loaded} fallback={<Loading label="Loading jobs…" />}>
          <Show when={query.error}>
            <ErrorBox error={query.error} retry={() => refetch({ requestPolicy: 'network-only' })} />
          </Show>
          <Show
            when={list.rows.length > 0}
            fallback={
              <Empty>
                {hasFilters(filters()) ? 'No jobs match these filters.' : 'No jobs yet. Enqueue one with New job, or through the API.'}
              </Empty>
            }
          >
            <JobsTable
              rows={list.rows}
              selected={selected()}
              onSelect={select}
              onOpen={props.onOpen}
              activeId={props.activeId}
              statuses={statuses()}
              selectable={can('jobs:write')}
            />
          </Show>
          <Show when={list.rows.length > 0 || !firstPage()}>
            <nav class="pager" aria-label="Pages">
              <span>
                <Show when={list.rows.length > 0} fallback="No jobs on this page">
                  {formatNumber(offset() + 1)}–{formatNumber(offset() + list.rows.length)} of {formatNumber(list.totalCount)}
                </Show>
              </span>
              <Show when={query.fetching}>
                <span class="spinner" aria-label="Updating" />
              </Show>
              <span class="spacer" />
              <button type="button" class="small" onClick={reload} title="Load the first page again">
                Refresh
              </button>
              <button type="button" class="small" disabled={firstPage()} onClick={() => goTo(undefined, [])}>
                First
              </button>
              <button type="button" class="small" disabled={firstPage()} onClick={previous}>
                Previous
              </button>
              <button type="button" class="small" disabled={!query.data?.jobs.pageInfo.hasNextPage} onClick={next}>
                Next
              </button>
            </nav>
          </Show>
        </Show>
      </Show>
    </section>
  );
}
