/**
 * /schedules: the schedules of the org with filters kept in the URL, cursor paging with the total,
 * live through `scheduleEvents`; /schedules/new and /schedules/:id open the drawer over the list.
 */
import './schedules.css';
import { useLocation, useNavigate, useParams, useSearchParams } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { createMemo, Show } from 'solid-js';
import { LiveListBody } from '../../components/LiveListBody';
import { Pager } from '../../components/Pager';
import { ErrorBox } from '../../components/States';
import { useFragment } from '../../gql';
import type { ScheduleListEventsSubscription } from '../../gql/graphql';
import { can } from '../../lib/auth';
import { createLiveList } from '../../lib/live-list';
import { plain } from '../../lib/plain';
import { formatNumber } from '../../lib/time';
import { readFilters, writeFilters } from '../../lib/url-state';
import { ScheduleListEvents, ScheduleRowFields, SchedulesList, ScheduleTaskTypes } from './documents';
import { FILTER_SPEC, hasFilters, rowMatches, toScheduleFilter, type ScheduleFilters as Filters } from './filters';
import { applyScheduleEvent, type LiveEvent } from './live-list';
import { ScheduleDrawer } from './ScheduleDrawer';
import { ScheduleFilters } from './ScheduleFilters';
import { SchedulesTable, type ScheduleRow } from './SchedulesTable';
import { Toasts } from './toast';

const sameJson = <T,>(a: T, b: T) => JSON.stringify(a) === JSON.stringify(b);

function liveEvent({ scheduleEvents: e }: ScheduleListEventsSubscription): LiveEvent<ScheduleRow> {
  return { kind: e.kind, scheduleId: e.scheduleId, schedule: e.schedule ? useFragment(ScheduleRowFields, e.schedule) : null };
}

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

  const list = createLiveList({
    query: SchedulesList,
    variables: () => ({ filter: apiFilter() }),
    connection: (data) => data.schedules,
    fragment: ScheduleRowFields,
  });
  list.follow({ query: ScheduleListEvents, apply: (page, event) => applyScheduleEvent(page, liveEvent(event), apiFilter()) });

  /** A change made here (switch, save): shown at once, without waiting for the event. */
  const changed = (row: ScheduleRow) =>
    list.apply((page) =>
      page.rows.some((r) => r.id === row.id) && rowMatches(row, apiFilter())
        ? { page: { ...page, rows: page.rows.map((r) => (r.id === row.id ? { ...r, ...row } : r)) } }
        : { refetch: true },
    );
  const deleted = (id: string) => list.apply((page) => ({ page: { ...page, rows: page.rows.filter((r) => r.id !== id) }, refetch: true }));

  const go = (path: string) => navigate(`${path}${location.search}`);
  const open = (id: string) => go(`/schedules/${encodeURIComponent(id)}`);
  const close = () => go('/schedules');

  return (
    <div class="schedules-page">
      <header class="page-header">
        <h1>Schedules</h1>
        <Show when={list.loaded()}>
          <span class="muted">{formatNumber(list.totalCount())} in all</span>
        </Show>
        <span class="spacer" />
        <Show when={can('schedules:write')}>
          <button type="button" class="primary" onClick={() => go('/schedules/new')}>
            New schedule
          </button>
        </Show>
      </header>
      <ScheduleFilters filters={filters()} onChange={setFilters} types={taskTypes() ?? []} />
      <Show when={types.error}>
        <ErrorBox error={types.error} />
      </Show>
      <LiveListBody
        list={list}
        loading="Loading schedules…"
        empty={hasFilters(filters()) ? 'No schedules match these filters.' : can('schedules:write') ? 'No schedules yet. Make one with New schedule.' : 'No schedules yet.'}
      >
        <SchedulesTable rows={list.rows()} activeId={params.id} onOpen={open} onChanged={changed} />
      </LiveListBody>
      <Pager list={list} noun="schedules" first="First" back="Previous" forward="Next" />
      <Show when={params.id} keyed>
        {(id) => (
          <ScheduleDrawer
            id={id}
            taskTypes={taskTypes()}
            taskTypesError={types.error}
            onClose={close}
            onCreated={(created) => navigate(`/schedules/${encodeURIComponent(created)}${location.search}`, { replace: true })}
            onDeleted={() => {
              deleted(id);
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
