/**
 * When a live list asks the server for its page again. Two reasons, one timer each:
 * - `soon()`: an event said the page changed in a way it cannot apply itself. At most one refetch per
 *   interval: a burst (a bulk action, a busy schedule) gives one at once and one after it.
 * - `settle()`: catch-up. graphql-ws does not say when the server has registered a subscription, so
 *   a change made between the page's read and that moment would never arrive; one refetch after the
 *   subscription has surely started (after it starts, restarts with new arguments, or the socket
 *   reconnects) closes that gap.
 * Plain timers, no framework: the caller disposes of it.
 */

export interface RefetchTimer {
  soon(): void;
  settle(): void;
  dispose(): void;
}

export interface RefetchTimerOptions {
  /** The least time between two refetches asked by `soon()`. */
  intervalMs?: number;
  /** How long after `settle()` the catch-up refetch runs. */
  settleMs?: number;
}

export function createRefetchTimer(refetch: () => void, { intervalMs = 1000, settleMs = 1500 }: RefetchTimerOptions = {}): RefetchTimer {
  let last = Number.NEGATIVE_INFINITY;
  let soonTimer: ReturnType<typeof setTimeout> | undefined;
  let settleTimer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    last = Date.now();
    refetch();
  };
  return {
    soon() {
      if (soonTimer !== undefined) return;
      const wait = last + intervalMs - Date.now();
      if (wait <= 0) return run();
      soonTimer = setTimeout(() => {
        soonTimer = undefined;
        run();
      }, wait);
    },
    settle() {
      clearTimeout(settleTimer);
      settleTimer = setTimeout(() => {
        settleTimer = undefined;
        run();
      }, settleMs);
    },
    dispose() {
      clearTimeout(soonTimer);
      clearTimeout(settleTimer);
      soonTimer = settleTimer = undefined;
    },
  };
}
