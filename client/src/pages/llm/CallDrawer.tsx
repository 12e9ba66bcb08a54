/**
 * One call (`/llm/:id`): the conversation, its parameters, tokens, timing, retries, error and the
 * job that made it. While the call is queued or running, `llmCallEvents` keeps it current.
 */
import { A } from '@solidjs/router';
import { createQuery, createSubscription } from '@urql/solid';
import { createEffect, createMemo, createSignal, on, Show } from 'solid-js';
import { Drawer } from '../../components/Drawer';
import { JsonView } from '../../components/JsonView';
import { ErrorBox, Loading } from '../../components/States';
import { StatusBadge } from '../../components/StatusBadge';
import { Time } from '../../components/Time';
import type { LlmCallFilter } from '../../gql/graphql';
import { formatCallCost } from '../../lib/money';
import { formatDuration, formatNumber } from '../../lib/time';
import { Conversation } from './Conversation';
import { useFragment } from '../../gql';
import { LlmCallDetail, LlmCallDetailEvents, LlmCallDetailFields, type CallDetail } from './documents';
import { TimingBar } from './TimingBar';

const ACTIVE = new Set(['QUEUED', 'RUNNING']);

function newest(a: CallDetail | undefined, b: CallDetail | undefined): CallDetail | undefined {
  if (!a || !b) return a ?? b;
  return new Date(b.updatedAt).getTime() > new Date(a.updatedAt).getTime() ? b : a;
}

function Tokens(props: { call: CallDetail }) {
  const u = () => props.call.usage;
  return (
    <div class="token-figures" role="group" aria-label="Tokens">
      <div>
        <span class="token-figure" data-testid="tokens-input">{formatNumber(u().inputTokens)}</span>
        <span class="muted">input</span>
      </div>
      <div>
        <span class="token-figure" data-testid="tokens-output">{formatNumber(u().outputTokens)}</span>
        <span class="muted">output</span>
      </div>
      <div>
        <span class="token-figure" data-testid="tokens-cached">{formatNumber(u().cachedTokens)}</span>
        <span class="muted">cached</span>
      </div>
      <div>
        <span class="token-figure">{formatNumber(u().totalTokens)}</span>
        <span class="muted">total</span>
      </div>
      <div title={props.call.price ? `${props.call.price.key}: $${props.call.price.inputPerMTok} in, $${props.call.price.outputPerMTok} out per million tokens (${props.call.price.source ?? ''})` : 'no price is known for this model'}>
        <span class="token-figure" data-testid="call-cost">
          {formatCallCost(props.call.costUsd, props.call.price != null)}
        </span>
        <span class="muted">cost</span>
      </div>
    </div>
  );
}

function CallBody(props: { call: CallDetail }) {
  const c = () => props.call;
  const params = () => c().params as Record<string, unknown> | null | undefined;
  const hasParams = () => params() !== null && params() !== undefined && Object.keys(params() ?? {}).length > 0;
  return (
    <>
      <Show when={c().error}>
        {(error) => (
          <div class="state state-error call-error" role="alert">
            <strong>
              {error().code ?? 'Error'}
              {error().httpStatus ? ` (HTTP ${error().httpStatus})` : ''}:
            </strong>{' '}
            {error().message}
          </div>
        )}
      </Show>
      <dl class="facts">
        <dt>Status</dt>
        <dd>
          <StatusBadge status={c().status} />
        </dd>
        <dt>Model</dt>
        <dd class="mono">
          {c().provider}:{c().model}
        </dd>
        <dt>Source</dt>
        <dd>{c().source}</dd>
        <dt>Requested by</dt>
        <dd>{c().requestedBy ?? '—'}</dd>
        <dt>Job</dt>
        <dd>
          <Show when={c().parentJobId} fallback="—">
            <A href={`/jobs/${c().parentJobId}`}>Job {c().parentJobId}</A>
          </Show>
        </dd>
        <dt>Queued</dt>
        <dd>
          <Time value={c().queuedAt} />
        </dd>
        <dt>Retries</dt>
        <dd>{c().retries === 0 ? 'none' : `${c().retries} (after 429, 5xx or network errors; the timing is the last attempt's)`}</dd>
      </dl>

      <h3>Tokens</h3>
      <Tokens call={c()} />

      <h3>Timing</h3>
      <TimingBar call={c()} />

      <h3>Conversation</h3>
      <Conversation messages={c().messages} output={c().output} status={c().status} />

      <h3>Parameters</h3>
      <Show when={hasParams()} fallback={<p class="muted">No parameters: the provider's defaults applied.</p>}>
        <dl class="facts params">
          {Object.entries(params() ?? {}).map(([key, value]) => (
            <>
              <dt class="mono">{key}</dt>
              <dd class="mono">{typeof value === 'object' ? JSON.stringify(value) : String(value)}</dd>
            </>
          ))}
        </dl>
        <Show when={Object.values(params() ?? {}).some((v) => v !== null && typeof v === 'object')}>
          <JsonView value={params()} label="Parameters as sent" open={false} />
        </Show>
      </Show>
    </>
  );
}

export function CallDrawer(props: { id: string; onClose: () => void }) {
  const [result, refetch] = createQuery({ query: LlmCallDetail, variables: () => ({ id: props.id }) });
  const [live, setLive] = createSignal<CallDetail | undefined>();
  const queried = () => useFragment(LlmCallDetailFields, result.data?.llmCall) ?? undefined;
  const call = createMemo(() => {
    const fromQuery = queried();
    const fromEvent = live();
    return newest(fromQuery, fromEvent?.id === props.id ? fromEvent : undefined);
  });
  // There is no filter by id: the job (or the model) narrows the feed, the id picks the call.
  const filter = createMemo(
    (): LlmCallFilter => {
      const c = queried();
      if (c?.parentJobId) return { parentJobId: c.parentJobId };
      return c ? { provider: [c.provider], model: [c.model] } : {};
    },
    undefined,
    { equals: (a, b) => JSON.stringify(a) === JSON.stringify(b) },
  );
  const following = createMemo(() => Boolean(queried()) && ACTIVE.has(call()?.status ?? ''));
  createSubscription(
    { query: LlmCallDetailEvents, variables: () => ({ filter: filter() }), pause: () => !following() },
    (_prev: unknown, event) => {
      if (event.llmCallEvents.call.id === props.id) setLive(JSON.parse(JSON.stringify(useFragment(LlmCallDetailFields, event.llmCallEvents.call))) as CallDetail);
      return event;
    },
  );
  // A change between the query's answer and the subscription's start would be missed: look once more.
  createEffect(on(following, (now) => now && refetch({ requestPolicy: 'network-only' }), { defer: true }));

  const title = () => {
    const c = call();
    return c ? `${c.model} · ${c.source}` : `Call ${props.id}`;
  };
  return (
    <Drawer title={title()} onClose={props.onClose} wide>
      <ErrorBox error={result.error} retry={() => refetch({ requestPolicy: 'network-only' })} />
      <Show
        when={call()}
        fallback={
          <Show when={!result.fetching && !result.error} fallback={<Show when={!result.error}><Loading label="Loading the call…" /></Show>}>
            <div class="state state-empty">
              No call {props.id} in your org (it may have been deleted after the retention period). <a href="/llm">Back to the calls</a>
            </div>
          </Show>
        }
      >
        {(c) => <CallBody call={c()} />}
      </Show>
    </Drawer>
  );
}
