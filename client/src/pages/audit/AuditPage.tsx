/**
 * The audit log (`/audit`): who did what to which object, newest first, filtered by every field of
 * AuditFilter (kept in the URL, so `/audit?targetId=…` is a deep link), paged by cursor. The first
 * page refreshes itself when schedules or jobs change.
 */
import { useSearchParams } from '@solidjs/router';
import { createMemo, createSignal, For, Show } from 'solid-js';
import { LiveListBody } from '../../components/LiveListBody';
import { Pager } from '../../components/Pager';
import { can } from '../../lib/auth';
import { createLiveList } from '../../lib/live-list';
import type { PagePosition } from '../../lib/live-page';
import { readFilters, writeFilters } from '../../lib/url-state';
import { AUDIT_FILTER_SPEC, hasFilters, toAuditFilter, type AuditUrlFilters } from './audit-filters';
import { AuditFilters } from './AuditFilters';
import { AuditDetail, AuditRow } from './AuditRow';
import { AuditEntryFields, AuditJobSignals, AuditLog, AuditScheduleSignals } from './documents';
import './audit.css';

/** New entries go on top: the first page reads itself again; later pages hold still under the reader. */
const readFirstPageAgain = (at: PagePosition) => ({ refetch: at.firstPage });

export default function AuditPage() {
  const [params, setParams] = useSearchParams();
  const values = createMemo(() => readFilters(params, AUDIT_FILTER_SPEC));
  const list = createLiveList({
    query: AuditLog,
    variables: () => ({ filter: toAuditFilter(values()) }),
    connection: (data) => data.auditLog,
    fragment: AuditEntryFields,
  });
  // The changes that write entries: schedules, and enqueued, cancelled and deleted jobs.
  list.follow({ query: AuditScheduleSignals, pause: () => !can('schedules:read'), apply: (_page, _event, at) => readFirstPageAgain(at) });
  list.follow({
    query: AuditJobSignals,
    pause: () => !can('jobs:read'),
    apply: (_page, { jobEvents: { kind, job } }, at) =>
      kind === 'CREATED' || kind === 'DELETED' || (kind === 'STATUS' && job?.status === 'CANCELLED') ? readFirstPageAgain(at) : {},
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
      </header>
      <AuditFilters values={values()} onChange={update} onClear={clear} />
      <LiveListBody
        list={list}
        loading="Loading the audit log…"
        empty={
          <Show when={hasFilters(values())} fallback="Nothing has been recorded yet: changes made through the API appear here.">
            No entry matches these filters.{' '}
            <button type="button" class="link" onClick={clear}>
              Clear filters
            </button>
          </Show>
        }
      >
        <div class="table-wrap" classList={{ stale: list.fetching() }}>
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
              <For each={list.rows()}>
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
      </LiveListBody>
      <Pager list={list} noun="entries" />
    </section>
  );
}
