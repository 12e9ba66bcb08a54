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
import QuickLRU from 'quick-lru';
import type { Actor } from '../domain/actor.js';
import { orgOfChange, type ChangeEvent, type ChangeStamp } from '../domain/change-event.js';
import { decodeEventId, encodeEventId } from '../domain/event-id.js';
import type { JobStatus } from '../domain/types.js';
import { ChangeFeed, type ChangeListener } from '../store/change-feed.js';
import { LiveGroups, type Select } from './live-groups.js';

export interface LiveEventsOptions {
  /** How many of each org's latest changes are kept for resuming (JOBCENTER_LIVE_REPLAY_EVENTS). */
  replayEvents?: number;
}

export const DEFAULT_REPLAY_EVENTS = 2_000;
/**
 * Jobs per org whose last announced status is remembered (to tell when a job leaves a filter): the
 * latest 50,000 to 100,000, kept in two generations of at most half each.
 */
const REMEMBERED_STATUSES = 100_000;

interface OrgLive {
  feed: ChangeFeed;
  /** The org's position: how many of its changes this process has announced. */
  seq: number;
  recent: { event: ChangeEvent; stamp: ChangeStamp }[];
  /** The org position of the newest change that left the window (0: none has). */
  evictedSeq: number;
  /**
   * The last announced status of the org's recently changed jobs, in two generations (quick-lru): a
   * full generation is dropped whole. (Dropping one oldest entry at a time leaves a Map's deleted
   * slots at its front, which every later `keys().next()` walks over: at 100,000 jobs a change cost
   * tens of µs.)
   */
  statuses: QuickLRU<string, JobStatus>;
}

/** What the live path did for slow clients since the process started (read by /metrics and the benches). */
export interface LiveCounts {
  /** Events replaced by a later one for the same subject while a client was behind (progress). */
  conflated: number;
  /** Subscriptions ended because their client fell behind past the limit (a socket closed with 4008, an SSE stream ended). */
  overflowed: number;
}

/** Whether a resume could replay everything after the given id, or the caller must start afresh. */
export type Resume = 'replayed' | 'restart';

export class LiveEvents {
  /** This process's instance, part of every event id it gives. */
  readonly instance = randomUUID().replaceAll('-', '').slice(0, 12);
  readonly #orgs = new Map<string, OrgLive>();
  readonly #replayEvents: number;
  readonly #statusBefore = new WeakMap<ChangeEvent, JobStatus>();
  /** Subscribers that select the same changes, one listener per group (./live-groups.ts). */
  readonly groups = new LiveGroups((actor, listener) => this.#org(actor.orgId).feed.subscribe(listener));
  /** Counted by each subscription's queue (schema/live-subscription.ts). */
  readonly counts: LiveCounts = { conflated: 0, overflowed: 0 };

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

  /** How many live subscriptions this process serves: its own listeners and groups' members. */
  get subscriberCount(): number {
    let count = 0;
    for (const org of this.#orgs.values()) count += org.feed.listenerCount;
    return count - this.groups.groups + this.groups.members;
  }

  /**
   * Joins the group of subscribers in the actor's org that select changes by `key` (./live-groups.ts):
   * `select` runs once per change for the whole group, `deliver` once per member with what it
   * selected. Returns the function that leaves the group.
   */
  join<S>(actor: Actor, key: string, select: Select<S>, deliver: (selected: S) => void): () => void {
    return this.groups.join(actor, key, select, deliver);
  }

  /** The id of the event with this stamp (as this class hands it on): the same for every subscriber. */
  eventId(stamp: ChangeStamp): string {
    return encodeEventId({ instance: this.instance, seq: stamp.seq });
  }

  /** The position of the actor's org's latest change in this process (0: none yet). */
  seq(actor: Actor): number {
    return this.#org(actor.orgId).seq;
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
    const resume: Resume = after === undefined ? 'replayed' : this.replay(actor, after, listener);
    return { unsubscribe: this.#org(actor.orgId).feed.subscribe(listener), resume };
  }

  /**
   * Hands `listener` the actor's org's changes after the event `after`, when the window still holds
   * them all ('replayed'); else hands on nothing ('restart'). Follow with a listener on the live
   * changes in the same turn, and nothing is missed or repeated.
   */
  replay(actor: Actor, after: string, listener: ChangeListener): Resume {
    const replay = this.#since(this.#org(actor.orgId), after);
    if (!replay) return 'restart';
    for (const { event, stamp } of replay) listener(event, stamp);
    return 'replayed';
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
    // A job just created had no status before (looking it up cost a batch of 1,000 jobs about 1 ms).
    const before = event.kind === 'job.created' ? undefined : org.statuses.peek(id);
    if (before !== undefined) this.#statusBefore.set(event, before);
    org.statuses.set(id, status);
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
      org = { feed: new ChangeFeed(), seq: 0, recent: [], evictedSeq: 0, statuses: new QuickLRU({ maxSize: REMEMBERED_STATUSES / 2 }) };
      this.#orgs.set(orgId, org);
    }
    return org;
  }
}
