/** How long a job waits before its next attempt. */

export type Backoff =
  /** base * 2^(attempt-1), capped, +/- jitter (a fraction of the delay). */
  | { kind: 'exponential'; baseMs?: number; maxMs?: number; jitter?: number }
  /** Explicit delays per retry; the last one repeats. */
  | { kind: 'ladder'; delaysMs: number[] }
  | { kind: 'fixed'; delayMs: number };

export const DEFAULT_BACKOFF: Backoff = { kind: 'exponential', baseMs: 1000, maxMs: 300_000, jitter: 0.2 };

/** The delay after `attempt` (1-based) failed. `random` is injectable for tests. */
export function backoffDelay(backoff: Backoff, attempt: number, random: () => number = Math.random): number {
  switch (backoff.kind) {
    case 'fixed':
      return backoff.delayMs;
    case 'ladder': {
      const { delaysMs } = backoff;
      if (delaysMs.length === 0) return 0;
      return delaysMs[Math.min(attempt - 1, delaysMs.length - 1)]!;
    }
    case 'exponential': {
      const base = backoff.baseMs ?? 1000;
      const max = backoff.maxMs ?? 300_000;
      const raw = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
      const jitter = backoff.jitter ?? 0.2;
      return Math.max(0, Math.round(raw * (1 + jitter * (2 * random() - 1))));
    }
  }
}
