/**
 * The recorded calls, newest first: cursor pages with the total, kept current by `llmCallEvents`
 * with the same filter. Rows are focusable; Enter or a click opens the call.
 */
import { A } from '@solidjs/router';
import { For, Show } from 'solid-js';
import { LiveListBody } from '../../components/LiveListBody';
import { Pager } from '../../components/Pager';
import { StatusBadge } from '../../components/StatusBadge';
import { Time } from '../../components/Time';
import { useFragment } from '../../gql';
import type { LlmCallFilter } from '../../gql/graphql';
import { createLiveList } from '../../lib/live-list';
import { formatCallCost } from '../../lib/money';
import { formatDuration, formatNumber } from '../../lib/time';
import { LlmCallList, LlmCallListEvents, LlmCallRowFields } from './documents';
import { applyCallEvent, statusMatches } from './live-calls';

const PAGE_SIZE = 25;

/** Ids are time-ordered UUIDs, alike at the start: the random end tells them apart; the title has it all. */
function shortId(id: string): string {
  return id.length > 12 ? `…${id.slice(-8)}` : id;
}

export function CallList(props: { filter: LlmCallFilter; filtered: boolean; selectedId?: string; onOpen: (id: string) => void }) {
  const list = createLiveList({
    query: LlmCallList,
    variables: () => ({ filter: props.filter }),
    connection: (data) => data.llmCalls,
    fragment: LlmCallRowFields,
    pageSize: PAGE_SIZE,
  });
  list.follow({
    query: LlmCallListEvents,
    // Asked without the status filter, so a call shown is followed to any status and a call whose
    // status comes to match (QUEUED -> SUCCEEDED) is seen entering the list.
    variables: () => ({ filter: { ...props.filter, status: undefined } }),
    apply: (page, { llmCallEvents: e }, at) => {
      const call = useFragment(LlmCallRowFields, e.call);
      return { page: applyCallEvent(page, { kind: e.kind, call }, { ...at, matches: statusMatches(call.status, props.filter.status ?? undefined) }) };
    },
  });

  const openOnKey = (event: KeyboardEvent, id: string) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      props.onOpen(id);
    }
  };

  return (
    <section aria-label="Calls">
      <Show when={list.pending() > 0}>
        <div class="toolbar">
          <button type="button" class="small" onClick={() => list.reload()}>
            {list.pending()} new {list.pending() === 1 ? 'call' : 'calls'} · show newest
          </button>
        </div>
      </Show>
      <LiveListBody
        list={list}
        loading="Loading calls…"
        empty={props.filtered ? 'No call matches these filters.' : 'No LLM call was recorded yet. Calls appear here as soon as a task asks a model.'}
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
                <th class="num" title="What the call cost, at the price it was charged">Cost</th>
              </tr>
            </thead>
            <tbody>
              <For each={list.rows()}>
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
                    <td class="num" data-testid="call-row-cost" classList={{ muted: call.costUsd == null }}>
                      {formatCallCost(call.costUsd, call.price != null)}
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </LiveListBody>
      <Pager list={list} noun="calls" />
    </section>
  );
}
