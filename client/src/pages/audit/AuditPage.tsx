/**
 * The audit log (`/audit`): who did what to which object, newest first, filtered by every field of
 * AuditFilter (kept in the URL, so `/audit?targetId=…` is a deep link), paged by cursor. The first
 * page refreshes itself when schedules or jobs change.
 */
import { useSearchParams } from '@solidjs/router';
import { createQuery, createSubscription } from '@urql/solid';
import { createEffect, createMemo, createSignal, For, on, Show } from 'solid-js';
import { Empty, ErrorBox, Loading } from '../../components/States';
import { graphql } from '../../gql';
import { can } from '../../lib/auth';
import { readFilters, writeFilters } from '../../lib/url-state';
import { AUDIT_FILTER_SPEC, hasFilters, toAuditFilter, type AuditUrlFilters } from './audit-filters';
import { AuditFilters } from './AuditFilters';
import { AuditDetail, AuditRow } from './AuditRow';
import { createThrottledRefresh } from './live-refresh';
import { createCursorPages, Pager } from './Pager';
import './audit.css';

const PAGE_SIZE = 50;

const AuditLog = graphql(`
  query AuditLog($filter: AuditFilter, $first: Int, $after: String) {
    auditLog(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          at
          actor
          action
          targetType
          targetId
          details
        }
      }
    }
  }
`);

const AuditScheduleSignals = graphql(`
  subscription AuditScheduleSignals {
    scheduleEvents {
      kind
    }
  }
`);

const AuditJobSignals = graphql(`
  subscription AuditJobSignals {
    jobEvents {
      kind
      job {
        status
      }
    }
  }
`);

export default function AuditPage() {
  const [params, setParams] = useSearchParams();
  const values = createMemo(() => readFilters(params, AUDIT_FILTER_SPEC));
  const filter = createMemo(() => toAuditFilter(values()), undefined, { equals: (a, b) => JSON.stringify(a) === JSON.stringify(b) });
  const pages = createCursorPages();
  createEffect(on(filter, () => pages.reset(), { defer: true }));

  const [log, refetch] = createQuery({
    query: AuditLog,
    variables: () => ({ filter: filter(), first: PAGE_SIZE, after: pages.after() }),
  });
  const entries = () => log.data?.auditLog.edges.map((e) => e.node) ?? [];

  // There is no audit feed: the changes that write entries (schedules, enqueued, cancelled and
  // deleted jobs) are the signal to read the first page again.
  const refresh = createThrottledRefresh(() => pages.index() === 0 && refetch({ requestPolicy: 'network-only' }));
  createSubscription({ query: AuditScheduleSignals, pause: () => !can('schedules:read') }, (_prev: unknown, event: unknown) => {
    refresh();
    return event;
  });
  createSubscription({ query: AuditJobSignals, pause: () => !can('jobs:read') }, (_prev: unknown, event: { jobEvents: { kind: string; job?: { status: string } | null } }) => {
    const { kind, job } = event.jobEvents;
    if (kind === 'CREATED' || kind === 'DELETED' || (kind === 'STATUS' && job?.status === 'CANCELLED')) refresh();
    return event;
  });

  const [expanded, setExpanded] = createSignal<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setExpanded((set) => {
      const next = new Set(set);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  const update = (patch: Partial<AuditUrlFilters>) => setParams(writeFilters({ ...values(), ...patch }, AUDIT_FILTER_SPEC));
  const clear = () => setParams(writeFilters({}, AUDIT_FILTER_SPEC));

  return (
    <section class="audit-page">
      <header class="page-header">
        <h1>Audit log</h1>
        <span class="muted">Who changed what, newest first</span>
        <span class="spacer" />
        <Show when={log.fetching && log.data}>
          <span class="muted" role="status">
            Updating…
          </span>
        </Show>
      </header>
      <AuditFilters values={values()} onChange={update} onClear={clear} />
      <ErrorBox error={log.error} retry={() => refetch({ requestPolicy: 'network-only' })} />
      <Show when={log.data} fallback={<Show when={!log.error}><Loading label="Loading the audit log…" /></Show>}>
        <Show
          when={entries().length}
          fallback={
            <Empty>
              <Show when={hasFilters(values())} fallback="Nothing has been recorded yet: changes made through the API appear here.">
                No entry matches these filters.{' '}
                <button type="button" class="link" onClick={clear}>
                  Clear filters
                </button>
              </Show>
            </Empty>
          }
        >
          <div class="table-wrap" classList={{ stale: log.fetching }}>
            <table class="audit-table" aria-label="Audit entries">
              <thead>
                <tr>
                  <th scope="col" class="audit-chevron" aria-label="Expand" />
                  <th scope="col">Time</th>
                  <th scope="col">Actor</th>
                  <th scope="col">Action</th>
                  <th scope="col">Target</th>
                  <th scope="col">Change</th>
                </tr>
              </thead>
              <tbody>
                <For each={entries()}>
                  {(entry) => (
                    <>
                      <AuditRow entry={entry} expanded={expanded().has(entry.id)} onToggle={() => toggle(entry.id)} />
                      <Show when={expanded().has(entry.id)}>
                        <AuditDetail entry={entry} onFilter={update} />
                      </Show>
                    </>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </Show>
        <Pager
          pages={pages}
          pageSize={PAGE_SIZE}
          shown={entries().length}
          total={log.data?.auditLog.totalCount}
          hasNext={log.data?.auditLog.pageInfo.hasNextPage ?? false}
          endCursor={log.data?.auditLog.pageInfo.endCursor}
          noun="entries"
        />
      </Show>
    </section>
  );
}
