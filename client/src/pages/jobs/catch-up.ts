/**
 * graphql-ws does not say when the server has registered a subscription, so a change made between
 * the query's read and that moment would never arrive. One refetch after the subscription has
 * surely started closes that gap; an event received before then makes it unneeded when events carry
 * the whole state (the job drawer), not when they concern other rows (the list).
 */
import { onCleanup } from 'solid-js';

const SETTLE_MS = 1500;

export function createCatchUp(refetch: () => void): { start(): void; seen(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));
  return {
    start() {
      clearTimeout(timer);
      timer = setTimeout(refetch, SETTLE_MS);
    },
    seen() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
