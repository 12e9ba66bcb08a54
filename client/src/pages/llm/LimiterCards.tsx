/**
 * One card per provider:model limiter: its limits, what waits and runs now, 429s and calls in the
 * last minute. The query gives the first picture; the subscription keeps it current.
 */
import { createQuery, createSubscription } from '@urql/solid';
import { createMemo, For, Show } from 'solid-js';
import { Empty, ErrorBox, Loading } from '../../components/States';
import { formatNumber } from '../../lib/time';
import { useFragment } from '../../gql';
import { LlmLimiters, LlmLimitersLive, LlmSchedulerStatusFields, type LimiterStatus, type SchedulerStatus } from './documents';

function newer(a: SchedulerStatus | undefined, b: SchedulerStatus | undefined): SchedulerStatus | undefined {
  if (!a) return b;
  if (!b) return a;
  return new Date(a.updatedAt).getTime() >= new Date(b.updatedAt).getTime() ? a : b;
}

function limit(value: number | null | undefined, unit = ''): string {
  return value === null || value === undefined ? 'no limit' : `${formatNumber(value)}${unit}`;
}

function LimiterCard(props: { limiter: LimiterStatus }) {
  const l = () => props.limiter;
  const at = () => l().key.indexOf(':');
  const provider = () => (at() >= 0 ? l().key.slice(0, at()) : '');
  const model = () => (at() >= 0 ? l().key.slice(at() + 1) : l().key);
  const busy = () => (l().maxConcurrent ? Math.min(100, (l().running / l().maxConcurrent!) * 100) : null);
  return (
    <article class="card limiter-card" aria-label={`Limiter ${l().key}`}>
      <header class="limiter-head">
        <strong class="limiter-model" title={l().key}>
          {model()}
        </strong>
        <span class="badge badge-muted">{provider()}</span>
      </header>
      <div class="limiter-now">
        <div>
          <span class="limiter-figure">{l().running}</span>
          <span class="muted"> running{l().maxConcurrent ? ` / ${l().maxConcurrent}` : ''}</span>
        </div>
        <div>
          <span class={`limiter-figure${l().queued > 0 ? ' limiter-queued' : ''}`}>{l().queued}</span>
          <span class="muted"> queued</span>
        </div>
      </div>
      <Show when={busy() !== null}>
        <div class="limiter-bar" role="meter" aria-label="concurrency in use" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(busy()!)}>
          <div style={{ width: `${busy()}%` }} />
        </div>
      </Show>
      <dl class="limiter-facts">
        <dt>Calls / min</dt>
        <dd>{formatNumber(l().callsLastMinute)}</dd>
        <dt>429s</dt>
        <dd class={l().rateLimited > 0 ? 'limiter-bad' : ''}>{formatNumber(l().rateLimited)}</dd>
        <dt>Done</dt>
        <dd>{formatNumber(l().done)}</dd>
      </dl>
      <p class="limiter-limits muted">
        Concurrency {limit(l().maxConcurrent)} · RPM {limit(l().requestsPerMinute)} · TPM {limit(l().tokensPerMinute)}
        <Show when={l().minTimeMs}> · spacing {l().minTimeMs} ms</Show>
      </p>
    </article>
  );
}

export function LimiterCards() {
  const [initial, refetch] = createQuery({ query: LlmLimiters });
  const [live] = createSubscription({ query: LlmLimitersLive });
  const status = createMemo(() =>
    newer(useFragment(LlmSchedulerStatusFields, initial.data?.llmSchedulerStatus), useFragment(LlmSchedulerStatusFields, live.data?.llmSchedulerStatus)),
  );
  const limiters = () => [...(status()?.limiters ?? [])].sort((a, b) => a.key.localeCompare(b.key));
  return (
    <section class="limiters" aria-labelledby="limiters-title">
      <div class="section-head">
        <h2 id="limiters-title">Limiters</h2>
        <Show when={status()}>
          <span class="muted">
            {status()!.running} running · {status()!.queued} queued in this server
          </span>
        </Show>
      </div>
      <ErrorBox error={initial.error ?? live.error} retry={() => refetch({ requestPolicy: 'network-only' })} />
      <Show when={status()} fallback={<Show when={!initial.error}><Loading label="Loading limiters…" /></Show>}>
        <Show when={limiters().length} fallback={<Empty>No model has been called since the server started: limiters appear with the first call.</Empty>}>
          <div class="cards limiter-cards">
            <For each={limiters()}>{(limiter) => <LimiterCard limiter={limiter} />}</For>
          </div>
        </Show>
      </Show>
    </section>
  );
}
