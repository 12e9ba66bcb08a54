/**
 * A subscription's source, written once for every live field: the caller's org's changes (resumed
 * after an event id when asked), selected and mapped by the field, into a bounded queue per client.
 * Subscribers of the same field and selecting arguments share one listener that selects each change
 * once (engine/services/live-groups.ts); `perChange` makes a mapped value once per change, so every subscriber
 * hands on the same object and the server executes the operation once for all that share it.
 */
import type { ChangeEvent, ChangeStamp } from '../engine/domain/change-event.js';
import { JobcenterError } from '../engine/domain/errors.js';
import { actorOf, DEFAULT_MAX_QUEUED_EVENTS, type GraphQLContext } from './context.js';
import { LiveQueue } from './live-queue.js';

/** What a subscription hands on for a change: the event, and what it may be conflated with. */
export interface Selected<T> {
  value: T;
  /** Events with the same key replace each other while the client is behind (progress). */
  conflateKey?: string;
}

export type Select<T> = (event: ChangeEvent, stamp: ChangeStamp) => Selected<T> | undefined;


/** A bounded queue for one client of a live field (./live-queue.ts), closed as the context says. */
export function liveQueue<T>(ctx: GraphQLContext, onEnd: () => void): LiveQueue<T> {
  const counts = ctx.services.live.counts;
  return new LiveQueue<T>({
    maxQueued: ctx.live?.maxQueuedEvents ?? DEFAULT_MAX_QUEUED_EVENTS,
    onOverflow: () => {
      counts.overflowed++;
      ctx.live?.onSlowConsumer();
    },
    onConflate: () => counts.conflated++,
    onEnd,
  });
}

/**
 * The actor's org's live events as a bounded queue, selected by the group `key` names (the field
 * and the arguments `select` depends on); leaves the group when the client goes. With `after`, the
 * missed events come first (selected for this client alone); `onRestart` is called (before any live
 * event) when they cannot all be replayed.
 */
export function liveEvents<T>(
  ctx: GraphQLContext,
  key: string,
  select: Select<T>,
  options: { after?: string; onRestart?: (queue: LiveQueue<T>) => void } = {},
): LiveQueue<T> {
  const live = ctx.services.live;
  const actor = actorOf(ctx);
  let leave: (() => void) | undefined;
  const queue = liveQueue<T>(ctx, () => leave?.());
  const push = (selected: Selected<T> | undefined) => {
    if (selected) queue.push(selected.value, selected.conflateKey);
  };
  // Replayed, then joined, in one turn: nothing between the two is missed or repeated.
  if (options.after !== undefined) {
    if (live.replay(actor, options.after, (event, stamp) => push(select(event, stamp))) === 'restart') options.onRestart?.(queue);
  }
  if (!queue.ended) leave = live.join(actor, key, select, push);
  return queue;
}

/** The refetch signal of a live field whose events always carry their subject (no RESYNC event). */
export class ResyncRequiredError extends JobcenterError {
  constructor() {
    super(
      'RESYNC_REQUIRED',
      '`after` names an event this server no longer holds (too old, or sent by another process): what happened since is unknown; refetch, then subscribe again without `after`',
    );
  }
}

/**
 * `liveEvents` for the fields that resume with `after` and cannot say RESYNC as an event: a resume
 * the window cannot fill is refused with ResyncRequiredError, so a gap is never silent.
 */
export function resumableLiveEvents<T>(ctx: GraphQLContext, key: string, select: Select<T>, after: string | null | undefined): LiveQueue<T> {
  let restart = false;
  const queue = liveEvents(ctx, key, select, { after: after ?? undefined, onRestart: () => (restart = true) });
  if (!restart) return queue;
  void queue.return();
  throw new ResyncRequiredError();
}

/** The `after` argument, the same on every live field. */
export const AFTER_DESCRIPTION =
  'Resume after this event id (the `id` of the last event seen): the events since then come first while the server still holds them.';

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
