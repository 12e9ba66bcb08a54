/**
 * graphql-ws does not say when the server has registered a subscription, so a change made between
 * the query's read and that moment would never arrive. One refetch after the subscription has
 * surely started closes that gap. The job list needs it (`jobEvents` sends no snapshot); the drawer
 * does not (`jobUpdated` starts with the job's SNAPSHOT).
 */
import { onCleanup } from 'solid-js';

const SETTLE_MS = 1500;

export function createCatchUp(refetch: () => void): { start(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));
  return {
    start() {
      clearTimeout(timer);
      timer = setTimeout(refetch, SETTLE_MS);
    },
  };
}
