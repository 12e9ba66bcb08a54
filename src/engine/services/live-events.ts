/**
 * Live changes as a caller may see them: only its own org's. The API's subscriptions listen here,
 * never to the store's feed directly, so one place keeps tenants apart.
 */
import type { Actor } from '../domain/actor.js';
import { orgOfChange, type ChangeEvent } from '../domain/change-event.js';
import type { ChangeFeed } from '../store/change-feed.js';
import { snapshotThenChanges, type SnapshotThenChanges, type SnapshotThenChangesOptions } from '../store/snapshot-then-changes.js';

export class LiveEvents {
  constructor(private readonly feed: ChangeFeed) {}

  /** The actor's org's changes, in order; returns the unsubscribe function. */
  subscribe(actor: Actor, listener: (event: ChangeEvent) => void): () => void {
    return this.feed.subscribe((event) => {
      if (orgOfChange(event) === actor.orgId) listener(event);
    });
  }

  /** A snapshot, then the actor's org's changes selected from the moment before it was read. */
  watch<S, E>(actor: Actor, options: SnapshotThenChangesOptions<S, E>): Promise<SnapshotThenChanges<S, E>> {
    return snapshotThenChanges(this.feed, {
      ...options,
      select: (event) => (orgOfChange(event) === actor.orgId ? options.select(event) : undefined),
    });
  }
}
