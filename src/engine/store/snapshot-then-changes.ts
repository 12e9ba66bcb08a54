/**
 * "Snapshot, then live changes", written once: listen to the feed first, read the snapshot, then
 * hand on the changes that arrived meanwhile (those the snapshot does not already show) and every
 * change after. Nothing between the read and the first live change is lost. Used by `jobUpdated`,
 * a parent waiting for its children and `waitForFinishedJob` (the test kit's `waitFor`).
 */
import type { ChangeEvent, ChangeStamp } from '../domain/change-event.js';
import type { ChangeFeed } from './change-feed.js';

export interface SnapshotThenChanges<S, E> {
  snapshot: S;
  /** Hands on the changes kept while the snapshot was read, then each live change; call once. */
  start(onChange: (change: E) => void): void;
  stop(): void;
}

export interface SnapshotThenChangesOptions<S, E> {
  /** The changes of interest, mapped; undefined for the rest. */
  select(event: ChangeEvent, stamp: ChangeStamp): E | undefined;
  read(): Promise<S>;
  /** Whether a change that arrived during the read says something the snapshot does not (default: yes). */
  isNewer?(change: E, snapshot: S): boolean;
}

export async function snapshotThenChanges<S, E>(
  feed: ChangeFeed,
  options: SnapshotThenChangesOptions<S, E>,
): Promise<SnapshotThenChanges<S, E>> {
  const early: E[] = [];
  let deliver: ((change: E) => void) | undefined;
  const unsubscribe = feed.subscribe((event, stamp) => {
    const change = options.select(event, stamp);
    if (change === undefined) return;
    if (deliver) deliver(change);
    else early.push(change);
  });
  let snapshot: S;
  try {
    snapshot = await options.read();
  } catch (error) {
    unsubscribe();
    throw error;
  }
  return {
    snapshot,
    start(onChange) {
      for (const change of early) if (options.isNewer?.(change, snapshot) ?? true) onChange(change);
      early.length = 0;
      deliver = onChange;
    },
    stop: unsubscribe,
  };
}
