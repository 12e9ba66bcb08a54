/**
 * The call's timeline as one proportional bar: wait in the limiter | to first token | generation,
 * each with its figure. While the call runs, a local clock moves the last phase (no request).
 */
import { createEffect, createSignal, Index, onCleanup, Show } from 'solid-js';
import { formatDuration } from '../../lib/time';
import { splitTimeline, type TimelineInput } from './timeline';

export function TimingBar(props: { call: TimelineInput }) {
  const [now, setNow] = createSignal(Date.now());
  const active = () => props.call.status === 'QUEUED' || props.call.status === 'RUNNING';
  createEffect(() => {
    if (!active()) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    onCleanup(() => clearInterval(timer));
  });
  const timeline = () => splitTimeline(props.call, now());

  return (
    <div class="timing">
      <Show when={timeline().phases.length} fallback={<p class="muted">No timing recorded.</p>}>
        <div class="timing-bar" role="img" aria-label={timeline().phases.map((p) => `${p.label} ${formatDuration(p.ms)}`).join(', ')}>
          <Index each={timeline().phases}>
            {(phase) => (
              <div
                class={`timing-phase timing-${phase().key}`}
                classList={{ 'timing-ongoing': phase().ongoing }}
                style={{ 'flex-grow': String(Math.max(phase().fraction, 0.0001)) }}
                title={`${phase().label}: ${formatDuration(phase().ms)}`}
              />
            )}
          </Index>
        </div>
        <ul class="timing-legend">
          <Index each={timeline().phases}>
            {(phase) => (
              <li>
                <span class={`timing-swatch timing-${phase().key}`} aria-hidden="true" />
                <span>{phase().label}</span> <strong>{formatDuration(phase().ms)}</strong>
                <Show when={phase().ongoing}>
                  <span class="muted"> (so far)</span>
                </Show>
              </li>
            )}
          </Index>
          <li class="timing-total">
            Total <strong>{formatDuration(timeline().totalMs)}</strong>
          </li>
        </ul>
      </Show>
    </div>
  );
}
