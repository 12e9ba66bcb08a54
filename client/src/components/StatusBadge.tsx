/** A status as a coloured badge; the colour follows the meaning (ok, running, waiting, failed). */

const TONE: Record<string, string> = {
  SUCCEEDED: 'ok',
  RUNNING: 'running',
  STREAMING: 'running',
  QUEUED: 'waiting',
  WAITING: 'paused',
  PENDING: 'waiting',
  BUFFERED: 'waiting',
  FAILED: 'bad',
  TIMED_OUT: 'bad',
  CANCELLED: 'muted',
  SKIPPED: 'muted',
};

export function StatusBadge(props: { status: string | null | undefined }) {
  return (
    <span class={`badge badge-${TONE[props.status ?? ''] ?? 'muted'}`} data-status={props.status ?? ''}>
      {(props.status ?? 'NONE').replace('_', ' ').toLowerCase()}
    </span>
  );
}
