/**
 * The LLM calls a job made, live. Reading them needs llm:read (prompts can be sensitive): without it
 * the API answers this field with FORBIDDEN, which is a permission to ask for, not an error.
 */
import { A } from '@solidjs/router';
import { createQuery, createSubscription } from '@urql/solid';
import { For, onCleanup, Show } from 'solid-js';
import { ErrorBox, Loading } from '../../components/States';
import { StatusBadge } from '../../components/StatusBadge';
import { can } from '../../lib/auth';
import { describeError } from '../../lib/errors';
import { formatDuration, formatNumber } from '../../lib/time';
import { JobLlmCallEvents, JobLlmCalls } from './documents';
import { ShortTime } from './ShortTime';

function Calls(props: { jobId: string }) {
  const [calls, refetch] = createQuery({ query: JobLlmCalls, variables: () => ({ id: props.jobId }) });
  // A streaming call changes a few times (start, first token, end): fetch once those settle.
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));
  createSubscription({ query: JobLlmCallEvents, variables: () => ({ filter: { parentJobId: props.jobId } }) }, (_prev: unknown, data: unknown) => {
    clearTimeout(timer);
    timer = setTimeout(() => refetch({ requestPolicy: 'network-only' }), 250);
    return data;
  });
  const forbidden = () => describeError(calls.error)?.code === 'FORBIDDEN';
  const connection = () => calls.data?.job?.llmCalls;

  return (
    <Show when={!forbidden()} fallback={<p class="muted">Needs llm:read to show this job's LLM calls.</p>}>
      <Show when={!calls.error || connection()} fallback={<ErrorBox error={calls.error} retry={() => refetch({ requestPolicy: 'network-only' })} />}>
        <Show when={connection()} fallback={<Loading label="Loading LLM calls…" />}>
          {(c) => (
            <Show when={c().totalCount > 0} fallback={<p class="muted">No LLM calls.</p>}>
              <div class="table-wrap">
                <table class="llm-calls">
                  <thead>
                    <tr>
                      <th>Model</th>
                      <th>Status</th>
                      <th class="num">In</th>
                      <th class="num">Out</th>
                      <th class="num">Cached</th>
                      <th class="num">Duration</th>
                      <th>Queued</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={c().edges}>
                      {({ node }) => (
                        <tr>
                          <td>
                            <A href={`/llm/${node.id}`} title={`${node.provider}:${node.model}`}>
                              {node.model}
                            </A>
                          </td>
                          <td>
                            <StatusBadge status={node.status} />
                          </td>
                          <td class="num">{formatNumber(node.usage.inputTokens)}</td>
                          <td class="num">{formatNumber(node.usage.outputTokens)}</td>
                          <td class="num">{formatNumber(node.usage.cachedTokens)}</td>
                          <td class="num">{formatDuration(node.durationMs)}</td>
                          <td>
                            <ShortTime value={node.queuedAt} />
                          </td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
              <Show when={c().totalCount > c().edges.length}>
                <p class="muted">
                  The newest {c().edges.length} of {formatNumber(c().totalCount)} calls.
                </p>
              </Show>
            </Show>
          )}
        </Show>
      </Show>
    </Show>
  );
}

export function JobLlmCallsPanel(props: { jobId: string }) {
  return (
    <section class="job-section" aria-label="LLM calls">
      <h3>LLM calls</h3>
      <Show when={can('llm:read')} fallback={<p class="muted">Needs llm:read to show this job's LLM calls.</p>}>
        <Calls jobId={props.jobId} />
      </Show>
    </section>
  );
}
