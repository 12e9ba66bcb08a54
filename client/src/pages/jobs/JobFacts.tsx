/** The facts of a job (attempts, times, worker, keys), its live progress and each attempt's error. */
import { createSignal, For, onCleanup, Show } from 'solid-js';
import { ProgressBar } from '../../components/ProgressBar';
import { Time } from '../../components/Time';
import type { JobStatus } from '../../gql/graphql';
import { formatDuration, formatNumber } from '../../lib/time';

export interface FactsJob {
  status: JobStatus;
  attempt: number;
  maxAttempts: number;
  priority: number;
  createdAt: string;
  startedAt?: string | null;
  finishedAt?: string | null;
  durationMs?: number | null;
  runAt: string;
  leaseOwner?: string | null;
  idempotencyKey?: string | null;
  createdBy?: string | null;
  timeoutMs?: number | null;
  cancelRequested: boolean;
  progress?: { percent: number; message?: string | null } | null;
  usage: { inputTokens: number; outputTokens: number; cachedTokens: number; totalTokens: number };
  cost?: { usd: number; childrenUsd: number; unpricedCalls: number } | null;
  errors: readonly { attempt: number; at: string; code?: string | null; message: string; retryable: boolean }[];
}

/** Dollars to the micro-dollar, trailing zeros past the cents dropped ($0.000123, $1.50). */
const formatUsd = (usd: number) => `$${usd.toFixed(6).replace(/(\.\d\d\d*?)0+$/, '$1')}`;

function Elapsed(props: { since: string }) {
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => setNow(Date.now()), 1000);
  onCleanup(() => clearInterval(timer));
  return <>{formatDuration(Math.max(0, now() - Date.parse(props.since)))} so far</>;
}

export function JobFacts(props: { job: FactsJob }) {
  const job = () => props.job;
  return (
    <>
      <section class="job-progress" aria-label="Progress">
        <ProgressBar percent={job().progress?.percent ?? (job().status === 'SUCCEEDED' ? 100 : null)} message={job().progress?.message} />
        <span class="progress-message">
          {job().progress?.message ?? (job().status === 'QUEUED' ? 'Waiting to start' : '')}
          <Show when={job().cancelRequested && job().status === 'RUNNING'}>
            <strong> · cancel requested</strong>
          </Show>
        </span>
      </section>
      <dl class="facts">
        <dt>Attempt</dt>
        <dd>
          {job().attempt} of {job().maxAttempts}
        </dd>
        <dt>Priority</dt>
        <dd>{job().priority}</dd>
        <dt>Created</dt>
        <dd>
          <Time value={job().createdAt} />
          <Show when={job().createdBy}>
            <span class="muted"> by {job().createdBy}</span>
          </Show>
        </dd>
        <dt>Run at</dt>
        <dd>
          <Time value={job().runAt} />
        </dd>
        <dt>Started</dt>
        <dd>
          <Time value={job().startedAt} />
        </dd>
        <dt>Finished</dt>
        <dd>
          <Time value={job().finishedAt} />
        </dd>
        <dt>Duration</dt>
        <dd>
          <Show when={job().status === 'RUNNING' && job().startedAt} fallback={formatDuration(job().durationMs)}>
            <Elapsed since={job().startedAt!} />
          </Show>
        </dd>
        <Show when={job().timeoutMs}>
          <dt>Timeout</dt>
          <dd>{formatDuration(job().timeoutMs)} per attempt</dd>
        </Show>
        <dt>Worker</dt>
        <dd class="mono">{job().leaseOwner ?? '—'}</dd>
        <dt>Idempotency key</dt>
        <dd class="mono">{job().idempotencyKey ?? '—'}</dd>
        <Show when={job().usage.totalTokens > 0}>
          <dt>LLM tokens</dt>
          <dd>
            {formatNumber(job().usage.inputTokens)} in · {formatNumber(job().usage.outputTokens)} out · {formatNumber(job().usage.cachedTokens)} cached
          </dd>
        </Show>
        <Show when={job().cost && (job().cost!.usd > 0 || job().cost!.childrenUsd > 0 || job().cost!.unpricedCalls > 0)}>
          <dt>LLM cost</dt>
          <dd data-testid="job-cost">
            {formatUsd(job().cost!.usd)}
            <Show when={job().cost!.childrenUsd > 0}> · children {formatUsd(job().cost!.childrenUsd)}</Show>
            <Show when={job().cost!.unpricedCalls > 0}> · {job().cost!.unpricedCalls} unpriced</Show>
          </dd>
        </Show>
      </dl>
      <Show when={job().errors.length}>
        <section class="job-section" aria-label="Errors">
          <h3>Errors by attempt</h3>
          <ol class="job-errors">
            <For each={job().errors}>
              {(e) => (
                <li>
                  <div class="job-error-head">
                    <strong>Attempt {e.attempt}</strong> <Time value={e.at} />
                    <Show when={e.code}>
                      <code class="error-code">{e.code}</code>
                    </Show>
                    <span class={e.retryable ? 'muted' : 'fatal'}>{e.retryable ? 'retryable' : 'not retryable'}</span>
                  </div>
                  <pre class="job-error-message">{e.message}</pre>
                </li>
              )}
            </For>
          </ol>
        </section>
      </Show>
    </>
  );
}
