/**
 * Subscribers that select the same changes (the same live field with the same selecting arguments,
 * named by a key) in the same org form one group, and a group is one listener on its org's changes:
 * each change is mapped and filtered once for the group, and what passes is handed to every member.
 * What is left per subscriber is only what must be: its queue, its resume replay, its socket.
 *
 * The org comes from the actor, so members of different orgs never share a group. The key is the
 * caller's: it must name everything its `select` depends on.
 */
import type { Actor } from '../domain/actor.js';
import type { ChangeEvent, ChangeStamp } from '../domain/change-event.js';
import type { ChangeListener } from '../store/change-feed.js';

export type Select<S> = (event: ChangeEvent, stamp: ChangeStamp) => S | undefined;

type Member = (selected: unknown) => void;

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

  /** `subscribe`: the actor's org's changes, live; returns the unsubscribe function. */
  constructor(subscribe: (actor: Actor, listener: ChangeListener) => () => void) {
    this.#subscribe = subscribe;
  }

  /** Distinct subscriptions (groups) listening now. */
  get groups(): number {
    return this.#groups.size;
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
        if (selected === undefined) return;
        // A member may leave while this runs (its queue overflowed): Set iteration allows that.
        for (const member of members) member(selected);
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
}
