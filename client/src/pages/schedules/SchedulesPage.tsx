/**
 * /schedules: the schedules of the org with filters kept in the URL, cursor paging with the total,
 * live through `scheduleEvents`; /schedules/new and /schedules/:id open the drawer over the list.
 */
import './schedules.css';
import { useLocation, useNavigate, useParams, useSearchParams } from '@solidjs/router';
import { createQuery, createSubscription } from '@urql/solid';
import { batch, createEffect, createMemo, createSignal, on, onCleanup, Show, untrack } from 'solid-js';
import { Empty, ErrorBox, Loading } from '../../components/States';
import { useFragment } from '../../gql';
import type { ScheduleListEventsSubscription } from '../../gql/graphql';
import { can } from '../../lib/auth';
import { describeError } from '../../lib/errors';
import { formatNumber } from '../../lib/time';
import { readFilters, writeFilters } from '../../lib/url-state';
import { plain, ScheduleListEvents, ScheduleRowFields, SchedulesList, ScheduleTaskTypes } from './documents';
import { FILTER_SPEC, hasFilters, rowMatches, toScheduleFilter, type ScheduleFilters as Filters } from './filters';
import { applyScheduleEvent } from './live-list';
import { ScheduleDrawer } from './ScheduleDrawer';
import { ScheduleFilters } from './ScheduleFilters';
import { SchedulesTable, type ScheduleRow } from './SchedulesTable';
import { Toasts } from './toast';

const PAGE_SIZE = 50;
/** Events that change which rows the page holds are followed by one refetch, not one each. */
const REFETCH_DELAY_MS = 200;

const sameJson = <T,>(a: T, b: T) => JSON.stringify(a) === JSON.stringify(b);

export default function SchedulesPage() {
  const params = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const filters = createMemo(() => readFilters(search, FILTER_SPEC) as Filters, undefined, { equals: sameJson });
  const setFilters = (patch: Partial<Filters>) => setSearch(writeFilters({ ...filters(), ...patch }, FILTER_SPEC));
  const apiFilter = createMemo(() => toScheduleFilter(filters()), undefined, { equals: sameJson });

  const [types] = createQuery({ query: ScheduleTaskTypes });
  // A plain copy: SchemaForm clones schema defaults, and a store proxy cannot be cloned.
  const taskTypes = createMemo(() => plain(types.data?.taskTypes));

  // Cursor paging: the cursors of the pages before this one, so Previous can go back.
  const [cursors, setCursors] = createSignal<(string | null)[]>([]);
  const [after, setAfter] = createSignal<string | null>(null);
  const [query, refetch] = createQuery({
    query: SchedulesList,
    variables: () => ({ filter: apiFilter(), first: PAGE_SIZE, after: after() }),
  });
  createEffect(on(apiFilter, () => batch(() => (setCursors([]), setAfter(null))), { defer: true }));

  const [rows, setRows] = createSignal<readonly ScheduleRow[]>([]);
  const [loaded, setLoaded] = createSignal(false);
  const serverRows = createMemo(() => (query.data ? plain(query.data.schedules.edges.map((e) => useFragment(ScheduleRowFields, e.node))) : undefined));
  createEffect(
    on(serverRows, (fresh) => {
      if (!fresh) return;
      setRows(fresh);
      setLoaded(true);
    }),
  );

  let refetchTimer: ReturnType<typeof setTimeout> | undefined;
  const refetchSoon = () => {
    clearTimeout(refetchTimer);
    refetchTimer = setTimeout(() => refetch({ requestPolicy: 'network-only' }), REFETCH_DELAY_MS);
  };
  onCleanup(() => clearTimeout(refetchTimer));

  const [live] = createSubscription({ query: ScheduleListEvents }, (_previous: unknown, data: ScheduleListEventsSubscription) => {
    const raw = data.scheduleEvents;
    const event = { kind: raw.kind, scheduleId: raw.scheduleId, schedule: raw.schedule ? { ...useFragment(ScheduleRowFields, raw.schedule) } : null };
    const result = applyScheduleEvent(untrack(rows), event, untrack(apiFilter));
    if (result.rows !== untrack(rows)) setRows(result.rows);
    if (result.refetch) refetchSoon();
    return data;
  });

  /** A change made here (switch, save): shown at once, without waiting for the event. */
  const changed = (row: ScheduleRow) => {
    const current = rows();
    const at = current.findIndex((r) => r.id === row.id);
    if (at >= 0 && rowMatches(row, apiFilter())) setRows(current.map((r) => (r.id === row.id ? { ...r, ...row } : r)));
    else refetchSoon();
  };

  const go = (path: string) => navigate(`${path}${location.search}`);
  const open = (id: string) => go(`/schedules/${encodeURIComponent(id)}`);
  const close = () => go('/schedules');

  const first = () => after() === null;
  const goTo = (cursor: string | null, stack: (string | null)[]) => batch(() => (setCursors(stack), setAfter(cursor)));
  const next = () => goTo(query.data?.schedules.pageInfo.endCursor ?? null, [...cursors(), after()]);
  const previous = () => goTo(cursors().at(-1) ?? null, cursors().slice(0, -1));
  const offset = () => cursors().length * PAGE_SIZE;
  const total = () => query.data?.schedules.totalCount ?? 0;

  return (
    <div class="schedules-page">
      <header class="page-header">
        <h1>Schedules</h1>
        <Show when={loaded()}>
          <span class="muted">{formatNumber(total())} in all</span>
        </Show>
        <span class="spacer" />
        <Show when={can('schedules:write')}>
          <button type="button" class="primary" onClick={() => go('/schedules/new')}>
            New schedule
          </button>
        </Show>
      </header>
      <ScheduleFilters filters={filters()} onChange={setFilters} types={taskTypes() ?? []} />
      <Show when={live.error}>
        <p class="state state-error" role="alert">
          Live updates stopped: {describeError(live.error)?.message}
        </p>
      </Show>
      <Show when={types.error}>
        <ErrorBox error={types.error} />
      </Show>
      <Show when={!query.error || loaded()} fallback={<ErrorBox error={query.error} retry={() => refetch({ requestPolicy: 'network-only' })} />}>
        <Show when={loaded()} fallback={<Loading label="Loading schedules…" />}>
          <Show when={query.error}>
            <ErrorBox error={query.error} retry={() => refetch({ requestPolicy: 'network-only' })} />
          </Show>
          <Show
            when={rows().length > 0}
            fallback={
              <Empty>
                {hasFilters(filters()) ? 'No schedules match these filters.' : can('schedules:write') ? 'No schedules yet. Make one with New schedule.' : 'No schedules yet.'}
              </Empty>
            }
          >
            <SchedulesTable rows={rows()} activeId={params.id} onOpen={open} onChanged={changed} />
          </Show>
          <nav class="pager" aria-label="Pages">
            <span>
              <Show when={rows().length > 0} fallback="0 schedules">
                {formatNumber(offset() + 1)}–{formatNumber(offset() + rows().length)} of {formatNumber(total())}
              </Show>
            </span>
            <Show when={query.fetching}>
              <span class="spinner" aria-label="Updating" />
            </Show>
            <span class="spacer" />
            <button type="button" class="small" disabled={first()} onClick={() => goTo(null, [])}>
              First
            </button>
            <button type="button" class="small" disabled={first()} onClick={previous}>
              Previous
            </button>
            <button type="button" class="small" disabled={!query.data?.schedules.pageInfo.hasNextPage} onClick={next}>
              Next
            </button>
          </nav>
        </Show>
      </Show>
      <Show when={params.id} keyed>
        {(id) => (
          <ScheduleDrawer
            id={id}
            taskTypes={taskTypes()}
            taskTypesError={types.error}
            onClose={close}
            onCreated={(created) => navigate(`/schedules/${encodeURIComponent(created)}${location.search}`, { replace: true })}
            onDeleted={() => {
              setRows((list) => list.filter((r) => r.id !== id));
              refetchSoon();
              close();
            }}
            onChanged={changed}
          />
        )}
      </Show>
      <Toasts />
    </div>
  );
}
