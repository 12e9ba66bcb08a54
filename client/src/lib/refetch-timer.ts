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

/** A call of `fn` after a delay; starting it again moves it, so at most one is ever pending. */
function delayed(fn: () => void) {
  let id: ReturnType<typeof setTimeout> | undefined;
  return {
    pending: () => id !== undefined,
    start(ms: number) {
      clearTimeout(id);
      id = setTimeout(() => {
        id = undefined;
        fn();
      }, ms);
    },
    cancel() {
      clearTimeout(id);
      id = undefined;
    },
  };
}

export function createRefetchTimer(refetch: () => void, { intervalMs = 1000, settleMs = 1500 }: RefetchTimerOptions = {}): RefetchTimer {
  let last = Number.NEGATIVE_INFINITY;
  const run = () => {
    last = Date.now();
    refetch();
  };
  const soon = delayed(run);
  const settle = delayed(run);
  return {
    soon() {
      if (soon.pending()) return;
      const wait = last + intervalMs - Date.now();
      if (wait <= 0) run();
      else soon.start(wait);
    },
    settle: () => settle.start(settleMs),
    dispose() {
      soon.cancel();
      settle.cancel();
    },
  };
}
