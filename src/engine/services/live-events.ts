/**
 * Live changes as a caller may see them: only its own org's. The API's subscriptions listen here,
 * never to the store's feed directly, so one place keeps tenants apart.
 *
 * One listener on the store's feed routes each change to its org's own feed, so a change costs
 * nothing for the subscribers of other orgs. Each change is stamped here once more with its
 * position among its org's changes (1, 2, 3, ... per org, in this process): event ids and resume
 * windows are built from it, so the gaps between an org's ids never tell it how much other orgs do.
 * Each org keeps a bounded window of its latest changes (with their stamps) from which a subscriber
 * that reconnects resumes after the last event it saw.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../domain/actor.js';
import { orgOfChange, type ChangeEvent, type ChangeStamp } from '../domain/change-event.js';
import { decodeEventId, encodeEventId } from '../domain/event-id.js';
import type { JobStatus } from '../domain/types.js';
import { ChangeFeed, type ChangeListener } from '../store/change-feed.js';
import { snapshotThenChanges, type SnapshotThenChanges, type SnapshotThenChangesOptions } from '../store/snapshot-then-changes.js';

export interface LiveEventsOptions {
  /** How many of each org's latest changes are kept for resuming (JOBCENTER_LIVE_REPLAY_EVENTS). */
  replayEvents?: number;
}

export const DEFAULT_REPLAY_EVENTS = 2_000;
/** Jobs per org whose last announced status is remembered (to tell when a job leaves a filter). */
const REMEMBERED_STATUSES = 100_000;

interface OrgLive {
  feed: ChangeFeed;
  /** The org's position: how many of its changes this process has announced. */
  seq: number;
  recent: { event: ChangeEvent; stamp: ChangeStamp }[];
  /** The org position of the newest change that left the window (0: none has). */
  evictedSeq: number;
  /** The last announced status of the org's recently changed jobs, oldest first. */
  statuses: Map<string, JobStatus>;
}

/** Whether a resume could replay everything after the given id, or the caller must start afresh. */
export type Resume = 'replayed' | 'restart';

export class LiveEvents {
  /** This process's instance, part of every event id it gives. */
  readonly instance = randomUUID().replaceAll('-', '').slice(0, 12);
  readonly #orgs = new Map<string, OrgLive>();
  readonly #replayEvents: number;
  readonly #statusBefore = new WeakMap<ChangeEvent, JobStatus>();

  constructor(feed: ChangeFeed, options: LiveEventsOptions = {}) {
    this.#replayEvents = options.replayEvents ?? DEFAULT_REPLAY_EVENTS;
    feed.subscribe((event, { at }) => {
      const org = this.#org(orgOfChange(event));
      // The time is the feed's (when the change happened); the position is the org's own.
      const stamp: ChangeStamp = { seq: ++org.seq, at };
      this.#rememberStatus(org, event);
      org.recent.push({ event, stamp });
      if (org.recent.length > this.#replayEvents) org.evictedSeq = org.recent.shift()!.stamp.seq;
      if (org.feed.listenerCount > 0) org.feed.emit(event, stamp);
    });
  }

  /** Listeners across all orgs: how many live subscriptions this process serves. */
  get subscriberCount(): number {
    let count = 0;
    for (const org of this.#orgs.values()) count += org.feed.listenerCount;
    return count;
  }

  /** The id of the event with this stamp (as this class hands it on): the same for every subscriber. */
  eventId(stamp: ChangeStamp): string {
    return encodeEventId({ instance: this.instance, seq: stamp.seq });
  }

  /** The id of the actor's org's latest change: where a snapshot read now stands. */
  position(actor: Actor): string {
    return encodeEventId({ instance: this.instance, seq: this.#org(actor.orgId).seq });
  }

  /**
   * The actor's org's changes, in order; returns the unsubscribe function. With `after` (an event
   * id), the org's changes since that event are handed on first, when the window still holds them.
   */
  subscribe(actor: Actor, listener: ChangeListener, after?: string): { unsubscribe: () => void; resume: Resume } {
    const org = this.#org(actor.orgId);
    let resume: Resume = 'replayed';
    if (after !== undefined) {
      const replay = this.#since(org, after);
      if (replay) for (const { event, stamp } of replay) listener(event, stamp);
      else resume = 'restart';
    }
    return { unsubscribe: org.feed.subscribe(listener), resume };
  }

  /** A snapshot, then the actor's org's changes selected from the moment before it was read. */
  watch<S, E>(actor: Actor, options: SnapshotThenChangesOptions<S, E>): Promise<SnapshotThenChanges<S, E>> {
    return snapshotThenChanges(this.#org(actor.orgId).feed, options);
  }

  /**
   * The status the job had before this change, as last announced in this process; undefined when
   * the job had not changed since the process started (or long ago).
   */
  statusBefore(event: ChangeEvent): JobStatus | undefined {
    return this.#statusBefore.get(event);
  }

  #rememberStatus(org: OrgLive, event: ChangeEvent): void {
    if (event.kind === 'job.deleted') {
      org.statuses.delete(event.jobId);
      return;
    }
    if (event.kind !== 'job.created' && event.kind !== 'job.updated' && event.kind !== 'job.progress') return;
    const { id, status } = event.job;
    const before = org.statuses.get(id);
    if (before !== undefined) {
      this.#statusBefore.set(event, before);
      org.statuses.delete(id);
    }
    org.statuses.set(id, status);
    if (org.statuses.size > REMEMBERED_STATUSES) org.statuses.delete(org.statuses.keys().next().value!);
  }

  /** The org's changes after the event `after`, or undefined when they are not all in the window. */
  #since(org: OrgLive, after: string): { event: ChangeEvent; stamp: ChangeStamp }[] | undefined {
    const position = decodeEventId(after);
    if (!position || position.instance !== this.instance || position.seq > org.seq) return undefined;
    // A change after `after` may have left the window already.
    if (position.seq < org.evictedSeq) return undefined;
    return org.recent.filter((entry) => entry.stamp.seq > position.seq);
  }

  #org(orgId: string): OrgLive {
    let org = this.#orgs.get(orgId);
    if (!org) {
      org = { feed: new ChangeFeed(), seq: 0, recent: [], evictedSeq: 0, statuses: new Map() };
      this.#orgs.set(orgId, org);
    }
    return org;
  }
}
