/**
 * The recorded calls, newest first: cursor pages with the total, kept current by `llmCallEvents`
 * with the same filter. Rows are focusable; Enter or a click opens the call.
 */
import { A } from '@solidjs/router';
import { createQuery, createSubscription } from '@urql/solid';
import { batch, createEffect, createMemo, createSignal, For, Show } from 'solid-js';
import { createStore, reconcile, unwrap } from 'solid-js/store';
import { Empty, ErrorBox, Loading } from '../../components/States';
import { StatusBadge } from '../../components/StatusBadge';
import { Time } from '../../components/Time';
import type { LlmCallFilter } from '../../gql/graphql';
import { formatDuration, formatNumber } from '../../lib/time';
import { LlmCallList, LlmCallListEvents, type CallRow } from './documents';
import { applyCallEvent, statusMatches, type LivePage } from './live-calls';

const PAGE_SIZE = 25;

interface Paging {
  key: string;
  stack: (string | undefined)[];
  after?: string;
}

/** Ids are time-ordered UUIDs, alike at the start: the random end tells them apart; the title has it all. */
function shortId(id: string): string {
  return id.length > 12 ? `…${id.slice(-8)}` : id;
}

/** Rows are owned by this list's store: copies, never objects shared with urql's results. */
function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(unwrap(value))) as T;
}

export function CallList(props: { filter: LlmCallFilter; filtered: boolean; selectedId?: string; onOpen: (id: string) => void }) {
  // Paging belongs to one filter: a new filter starts again from the newest calls. `stack` holds
  // the cursors of the pages before the current one, for "Newer".
  const filterKey = createMemo(() => JSON.stringify(props.filter));
  const [paging, setPaging] = createSignal<Paging>({ key: filterKey(), stack: [] });
  const current = (): Paging => (paging().key === filterKey() ? paging() : { key: filterKey(), stack: [] });
  const after = () => current().after;
  const onFirstPage = () => after() === undefined;

  const [result, refetch] = createQuery({
    query: LlmCallList,
    variables: () => ({ filter: props.filter, first: PAGE_SIZE, after: after() ?? null }),
  });
  const [page, setPage] = createStore<LivePage<CallRow>>({ rows: [], totalCount: 0, unseen: 0 });
  createEffect(() => {
    const data = result.data?.llmCalls;
    if (!data) return;
    batch(() => {
      setPage('rows', reconcile(clone(data.edges.map((e) => e.node as CallRow)), { key: 'id', merge: false }));
      setPage({ totalCount: data.totalCount, unseen: 0 });
    });
  });
  // The feed is asked without the status filter, so a call shown is followed to any status and a
  // call whose status comes to match (QUEUED -> SUCCEEDED) is seen entering the list.
  const feedFilter = createMemo(() => ({ ...props.filter, status: undefined }), undefined, {
    equals: (a, b) => JSON.stringify(a) === JSON.stringify(b),
  });
  createSubscription({ query: LlmCallListEvents, variables: () => ({ filter: feedFilter() }) }, (_prev: unknown, event) => {
    const e = event.llmCallEvents;
    const context = {
      onFirstPage: onFirstPage(),
      lastPage: !result.data?.llmCalls.pageInfo.hasNextPage,
      matches: statusMatches(e.call.status, props.filter.status ?? undefined),
    };
    const next = applyCallEvent({ rows: [...page.rows], totalCount: page.totalCount, unseen: page.unseen }, { kind: e.kind, call: clone(e.call as CallRow) }, context);
    setPage('rows', reconcile(next.rows, { key: 'id', merge: false }));
    setPage({ totalCount: next.totalCount, unseen: next.unseen });
    return event;
  });

  const pageInfo = createMemo(() => result.data?.llmCalls.pageInfo);
  const firstIndex = () => current().stack.length * PAGE_SIZE;
  const next = () => {
    const end = pageInfo()?.endCursor;
    if (!end) return;
    const { key, stack, after: at } = current();
    setPaging({ key, stack: [...stack, at], after: end });
  };
  const previous = () => {
    const { key, stack } = current();
    setPaging({ key, stack: stack.slice(0, -1), after: stack[stack.length - 1] });
  };
  const backToNewest = () => {
    setPaging({ key: filterKey(), stack: [] });
    refetch({ requestPolicy: 'network-only' });
  };
  const openOnKey = (event: KeyboardEvent, id: string) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      props.onOpen(id);
    }
  };

  return (
    <section aria-label="Calls">
      <ErrorBox error={result.error} retry={() => refetch({ requestPolicy: 'network-only' })} />
      <Show when={page.unseen > 0}>
        <div class="toolbar">
          <button type="button" class="small" onClick={backToNewest}>
            {page.unseen} new {page.unseen === 1 ? 'call' : 'calls'} · show newest
          </button>
        </div>
      </Show>
      <Show when={result.data || !result.fetching} fallback={<Loading label="Loading calls…" />}>
        <Show
          when={page.rows.length}
          fallback={
            <Show when={!result.error}>
              <Empty>{props.filtered ? 'No call matches these filters.' : 'No LLM call was recorded yet. Calls appear here as soon as a task asks a model.'}</Empty>
            </Show>
          }
        >
          <div class="table-wrap">
            <table class="llm-calls">
              <thead>
                <tr>
                  <th>Time</th>
                  <th>Model</th>
                  <th>Provider</th>
                  <th>Status</th>
                  <th>Source</th>
                  <th>Requested by / job</th>
                  <th class="num" title="Input tokens">In</th>
                  <th class="num" title="Output tokens">Out</th>
                  <th class="num" title="Cached input tokens">Cached</th>
                  <th class="num">Duration</th>
                </tr>
              </thead>
              <tbody>
                <For each={page.rows}>
                  {(call) => (
                    <tr
                      class="clickable"
                      classList={{ selected: call.id === props.selectedId }}
                      tabindex="0"
                      aria-label={`Call ${call.id}: ${call.model}, ${call.status.toLowerCase()}`}
                      onClick={() => props.onOpen(call.id)}
                      onKeyDown={(e) => openOnKey(e, call.id)}
                    >
                      <td>
                        <Time value={call.queuedAt} />
                      </td>
                      <td class="mono">{call.model}</td>
                      <td>{call.provider}</td>
                      <td>
                        <StatusBadge status={call.status} />
                        <Show when={call.retries > 0}>
                          <span class="muted small-note" title="Retries after the first attempt">
                            {' '}
                            ↻{call.retries}
                          </span>
                        </Show>
                      </td>
                      <td>{call.source}</td>
                      <td>
                        <span>{call.requestedBy ?? '—'}</span>
                        <Show when={call.parentJobId}>
                          {' · '}
                          <A
                            href={`/jobs/${call.parentJobId}`}
                            title={`Job ${call.parentJobId}`}
                            onClick={(e) => e.stopPropagation()}
                            onKeyDown={(e) => e.stopPropagation()}
                          >
                            job {shortId(call.parentJobId!)}
                          </A>
                        </Show>
                      </td>
                      <td class="num">{formatNumber(call.usage.inputTokens)}</td>
                      <td class="num">{formatNumber(call.usage.outputTokens)}</td>
                      <td class="num">{formatNumber(call.usage.cachedTokens)}</td>
                      <td class="num">{call.status === 'QUEUED' || call.status === 'RUNNING' ? <span class="muted">…</span> : formatDuration(call.durationMs)}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
            <div class="pager">
              <span>
                {formatNumber(page.rows.length ? firstIndex() + 1 : 0)}–{formatNumber(firstIndex() + page.rows.length)} of {formatNumber(page.totalCount)}
              </span>
              <span class="spacer" />
              <Show when={result.fetching}>
                <span class="spinner" aria-hidden="true" />
              </Show>
              <button type="button" class="small" disabled={onFirstPage()} onClick={previous}>
                ← Newer
              </button>
              <button type="button" class="small" disabled={!pageInfo()?.hasNextPage} onClick={next}>
                Older →
              </button>
            </div>
          </div>
        </Show>
      </Show>
    </section>
  );
}
