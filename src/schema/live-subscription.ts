/**
 * A subscription's source, written once for every live field: the caller's org's changes (resumed
 * after an event id when asked), selected and mapped by the field, into a bounded queue per client.
 * `perChange` makes the mapped value once per change, so every subscriber hands on the same object
 * and the server executes the operation once for all subscribers that share it.
 */
import type { ChangeEvent, ChangeStamp } from '../engine/domain/change-event.js';
import { actorOf, DEFAULT_MAX_QUEUED_EVENTS, type GraphQLContext } from './context.js';
import { LiveQueue } from './live-queue.js';

/** What a subscription hands on for a change: the event, and what it may be conflated with. */
export interface Selected<T> {
  value: T;
  /** Events with the same key replace each other while the client is behind (progress). */
  conflateKey?: string;
}

/**
 * The actor's org's live events as a bounded queue (./live-queue.ts), mapped and filtered;
 * unsubscribes when the client goes. With `after`, the missed events come first; `onRestart` is
 * called (before any live event) when they cannot all be replayed.
 */
export function liveEvents<T>(
  ctx: GraphQLContext,
  select: (event: ChangeEvent, stamp: ChangeStamp) => Selected<T> | undefined,
  options: { after?: string; onRestart?: (queue: LiveQueue<T>) => void } = {},
): LiveQueue<T> {
  let unsubscribe: (() => void) | undefined;
  const queue = new LiveQueue<T>({
    maxQueued: ctx.live?.maxQueuedEvents ?? DEFAULT_MAX_QUEUED_EVENTS,
    onOverflow: () => ctx.live?.onSlowConsumer(),
    onEnd: () => unsubscribe?.(),
  });
  const subscription = ctx.services.live.subscribe(
    actorOf(ctx),
    (event, stamp) => {
      const selected = select(event, stamp);
      if (selected) queue.push(selected.value, selected.conflateKey);
    },
    options.after,
  );
  unsubscribe = subscription.unsubscribe;
  if (subscription.resume === 'restart') options.onRestart?.(queue);
  return queue;
}

/** `make`, called once per change and kept while the change is referenced. */
export function perChange<T>(make: (event: ChangeEvent, stamp: ChangeStamp) => T): (event: ChangeEvent, stamp: ChangeStamp) => T {
  const made = new WeakMap<ChangeEvent, { value: T }>();
  return (event, stamp) => {
    let entry = made.get(event);
    if (!entry) {
      entry = { value: make(event, stamp) };
      made.set(event, entry);
    }
    return entry.value;
  };
}
