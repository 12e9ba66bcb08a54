/**
 * Refetching a list when the server signals a change, at most once per `intervalMs`: a burst of
 * events (a bulk action, a busy schedule) gives one refetch right away and one after the burst.
 */
import { onCleanup } from 'solid-js';

export function createThrottledRefresh(refresh: () => void, intervalMs = 1000): () => void {
  let last = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));
  return () => {
    if (timer) return;
    const wait = last + intervalMs - Date.now();
    if (wait <= 0) {
      last = Date.now();
      refresh();
      return;
    }
    timer = setTimeout(() => {
      timer = undefined;
      last = Date.now();
      refresh();
    }, wait);
  };
}
