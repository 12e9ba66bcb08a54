/**
 * Subscribers that select the same changes (the same live field with the same selecting arguments,
 * named by a key) in the same org form one group, and a group is one listener on its org's changes:
 * each change is mapped and filtered once for the group, and what passes is handed to every member.
 * What is left per subscriber is only what must be: its queue, its resume replay, its socket.
 *
 * The org comes from the actor, so members of different orgs never share a group. The key is the
 * caller's: it must name everything its `select` depends on.
 *
 * Selection happens when the change is announced; handing it to the members does not: it is queued
 * and done in slices of `DELIVERY_SLICE_MS`, a turn of the event loop apart, so a change with a
 * thousand subscribers never holds the process for the whole fan-out (the write that announced it
 * answers first, and requests are served between chunks). Each change goes to the members the group
 * had when it was announced, in announcement order (one queue for all groups), so a member joining
 * later never gets an earlier change, and one that resumes from an event id gets it by replay only.
 */
import type { Actor } from '../domain/actor.js';
import type { ChangeEvent, ChangeStamp } from '../domain/change-event.js';
import type { ChangeListener } from '../store/change-feed.js';

export type Select<S> = (event: ChangeEvent, stamp: ChangeStamp) => S | undefined;

type Member = (selected: unknown) => void;

/**
 * The time the hand-off spends per turn of the event loop: short enough that a request waiting for
 * its turn (an enqueue) waits a few ms at most, long enough that a change with a thousand members is
 * one turn, not several (counted in members, the turns themselves, each with every socket's reads
 * and writes between them, made delivery to 500 clients ten times later).
 */
export const DELIVERY_SLICE_MS = 3;
/** Members handed a change between two looks at the clock. */
const CLOCK_EVERY = 64;

interface Delivery {
  members: Member[];
  /** Still members (one may leave before its turn). */
  current: Set<Member>;
  selected: unknown;
  next: number;
}

interface Group {
  members: Set<Member>;
  unsubscribe(): void;
}

export class LiveGroups {
  readonly #subscribe: (actor: Actor, listener: ChangeListener) => () => void;
  readonly #groups = new Map<string, Group>();
  #members = 0;
  /** Changes mapped and filtered by a group: once per change and group, whatever its size. */
  selections = 0;
  /** Changes selected and not yet handed to every member, oldest first. */
  readonly #deliveries: Delivery[] = [];
  #delivering = false;

  /** `subscribe`: the actor's org's changes, live; returns the unsubscribe function. */
  constructor(subscribe: (actor: Actor, listener: ChangeListener) => () => void) {
    this.#subscribe = subscribe;
  }

  /** Distinct subscriptions (groups) listening now. */
  get groups(): number {
    return this.#groups.size;
  }

  /** Changes selected and not yet handed to all their members. */
  get pending(): number {
    return this.#deliveries.length;
  }

  /** Subscribers across all groups. */
  get members(): number {
    return this.#members;
  }

  /**
   * Adds `deliver` to the group of (`actor`'s org, `key`), starting the group with `select` when it
   * is the first; returns the function that leaves it (the last member out stops the group).
   * `select` must depend on nothing but the key: the group keeps the first member's.
   */
  join<S>(actor: Actor, key: string, select: Select<S>, deliver: (selected: S) => void): () => void {
    const groupKey = `${actor.orgId}\u0000${key}`;
    let group = this.#groups.get(groupKey);
    if (!group) {
      const members = new Set<Member>();
      const unsubscribe = this.#subscribe(actor, (event, stamp) => {
        this.selections++;
        const selected = select(event, stamp);
        if (selected === undefined || members.size === 0) return;
        this.#deliveries.push({ members: [...members], current: members, selected, next: 0 });
        if (!this.#delivering) {
          this.#delivering = true;
          setImmediate(this.#deliver);
        }
      });
      group = { members, unsubscribe };
      this.#groups.set(groupKey, group);
    }
    // Wrapped, so the same function joining twice is two members.
    const member: Member = (selected) => deliver(selected as S);
    group.members.add(member);
    this.#members++;
    const joined = group;
    return () => {
      if (!joined.members.delete(member)) return;
      this.#members--;
      if (joined.members.size > 0) return;
      joined.unsubscribe();
      if (this.#groups.get(groupKey) === joined) this.#groups.delete(groupKey);
    };
  }

  /** Hands queued changes to members for DELIVERY_SLICE_MS, then yields the loop if more wait. */
  readonly #deliver = (): void => {
    const until = performance.now() + DELIVERY_SLICE_MS;
    let budget = CLOCK_EVERY;
    const deliveries = this.#deliveries;
    while (deliveries.length > 0 && budget > 0) {
      const delivery = deliveries[0]!;
      const { members, current, selected } = delivery;
      while (delivery.next < members.length && budget > 0) {
        const member = members[delivery.next++]!;
        if (--budget === 0 && performance.now() < until) budget = CLOCK_EVERY;
        if (!current.has(member)) continue;
        try {
          member(selected);
        } catch (error) {
          // One member's failure is its own; the others still get the change (as on the feed).
          console.error('live delivery failed', error);
        }
      }
      if (delivery.next >= members.length) deliveries.shift();
    }
    if (deliveries.length > 0) setImmediate(this.#deliver);
    else this.#delivering = false;
  };
}
