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
 * Changes of one group waiting together go member by member (each takes them all in turn): a member's
 * queue, writer and outbox are then touched once for the lot, not once per change.
 */
import type { Actor } from '../domain/actor.js';
import type { ChangeEvent, ChangeStamp } from '../domain/change-event.js';
import type { ChangeListener } from '../store/change-feed.js';

export type Select<S> = (event: ChangeEvent, stamp: ChangeStamp) => S | undefined;

/** One subscriber in a group; `left` once it has gone (a delivery under way then skips it). */
interface Member {
  deliver: (selected: unknown) => void;
  left: boolean;
}

/**
 * The time the hand-off spends per turn of the event loop: short enough that a request waiting for
 * its turn (an enqueue) waits a few ms at most, long enough that a change with a thousand members is
 * one turn, not several (counted in members, the turns themselves, each with every socket's reads
 * and writes between them, made delivery to 500 clients ten times later).
 */
export const DELIVERY_SLICE_MS = 3;
/** Changes handed to members between two looks at the clock. */
const CLOCK_EVERY = 64;

interface Delivery {
  /** The group's members when the change was announced (the array is never changed after). */
  members: readonly Member[];
  selected: unknown;
}

/**
 * Changes that follow each other in the queue and go to the same members, handed on together: each
 * member takes them all, one after the other, before the next member's turn, so its queue, its
 * writer and its socket's outbox are read once per run rather than once per change.
 */
interface Run {
  members: readonly Member[];
  selected: unknown[];
  /** The next member to hand the run to. */
  next: number;
}

interface Group {
  /**
   * Copied before it is changed while a delivery holds it (`held`), so a delivery never sees a
   * member that joined after its change was announced, and a change costs no copy of the members.
   */
  members: Member[];
  held: boolean;
  unsubscribe(): void;
}

export class LiveGroups {
  readonly #subscribe: (actor: Actor, listener: ChangeListener) => () => void;
  readonly #groups = new Map<string, Group>();
  #members = 0;
  /** Changes mapped and filtered by a group: once per change and group, whatever its size. */
  selections = 0;
  /** Changes selected and not yet handed to every member, oldest first (after the run under way). */
  #deliveries: Delivery[] = [];
  #run: Run | undefined;
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
    return this.#deliveries.length + (this.#run?.selected.length ?? 0);
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
      const created: Group = { members: [], held: false, unsubscribe: () => undefined };
      created.unsubscribe = this.#subscribe(actor, (event, stamp) => {
        this.selections++;
        const selected = select(event, stamp);
        if (selected === undefined || created.members.length === 0) return;
        created.held = true;
        this.#deliveries.push({ members: created.members, selected });
        if (!this.#delivering) {
          this.#delivering = true;
          setImmediate(this.#deliver);
        }
      });
      group = created;
      this.#groups.set(groupKey, group);
    }
    // Its own record, so the same function joining twice is two members.
    const member: Member = { deliver: deliver as (selected: unknown) => void, left: false };
    this.#change(group).push(member);
    this.#members++;
    const joined = group;
    return () => {
      if (member.left) return;
      member.left = true;
      this.#members--;
      const members = this.#change(joined);
      const index = members.indexOf(member);
      // Order among members does not matter: the last takes the leaver's place.
      const last = members.pop()!;
      if (last !== member) members[index] = last;
      if (members.length > 0) return;
      joined.unsubscribe();
      if (this.#groups.get(groupKey) === joined) this.#groups.delete(groupKey);
    };
  }

  /** The group's members to change: a copy when a delivery holds the current array. */
  #change(group: Group): Member[] {
    if (group.held) {
      group.members = group.members.slice();
      group.held = false;
    }
    return group.members;
  }

  /** Hands queued changes to members for DELIVERY_SLICE_MS, then yields the loop if more wait. */
  readonly #deliver = (): void => {
    const until = performance.now() + DELIVERY_SLICE_MS;
    let budget = CLOCK_EVERY;
    for (;;) {
      const run = this.#run ?? this.#nextRun();
      if (!run) break;
      const { members, selected } = run;
      const n = selected.length;
      while (run.next < members.length) {
        const member = members[run.next++]!;
        if (!member.left) {
          for (let i = 0; i < n; i++) {
            try {
              member.deliver(selected[i]);
            } catch (error) {
              // One member's failure is its own; the others still get the change (as on the feed).
              console.error('live delivery failed', error);
            }
          }
        }
        budget -= n;
        if (budget <= 0) {
          if (performance.now() >= until) return void setImmediate(this.#deliver);
          budget = CLOCK_EVERY;
        }
      }
      this.#run = undefined;
    }
    this.#delivering = false;
  };

  /** The changes at the head of the queue that go to the same members, as the run under way. */
  #nextRun(): Run | undefined {
    const deliveries = this.#deliveries;
    if (deliveries.length === 0) return undefined;
    const members = deliveries[0]!.members;
    let end = 1;
    while (end < deliveries.length && deliveries[end]!.members === members) end++;
    const selected = deliveries.slice(0, end).map((delivery) => delivery.selected);
    this.#deliveries = end === deliveries.length ? [] : deliveries.slice(end);
    return (this.#run = { members, selected, next: 0 });
  }
}
