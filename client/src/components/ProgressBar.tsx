/** A job's progress: a bar for the percent (0–100), the message on hover. */
import { Show } from 'solid-js';

export function ProgressBar(props: { percent: number | null | undefined; message?: string | null }) {
  const pct = () => (props.percent === null || props.percent === undefined ? null : Math.max(0, Math.min(100, Math.round(props.percent))));
  return (
    <div class="progress" title={props.message ?? undefined}>
      <Show when={pct() !== null} fallback={<span class="muted">—</span>}>
        <div class="progress-track" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct()!} aria-label="progress">
          <div class="progress-fill" style={{ width: `${pct()}%` }} />
        </div>
        <span class="progress-label">{pct()}%</span>
      </Show>
    </div>
  );
}
