/**
 * Resuming a live subscription after a reconnect. graphql-ws sends a subscription's payload again
 * when its socket reconnects, serialising the variables at that moment; `after` here is read then,
 * so the server receives the id of the last event this subscription saw and sends what was missed
 * (or, when it no longer holds them, a SNAPSHOT for `jobUpdated` and a RESYNC for `jobEvents`: the
 * page refetches). Until an event has arrived there is nothing to resume from: `position()` says so.
 */

export interface ResumePosition {
  /** The id of the last event seen, if any. */
  position(): string | undefined;
  /** Records an event's id as the place to resume after. */
  seen(id: string | null | undefined): void;
  /** Forgets the position (the subscription's other arguments changed: it starts afresh). */
  reset(): void;
}

export function createResumePosition(): ResumePosition {
  let last: string | undefined;
  return {
    position: () => last,
    seen(id) {
      if (id) last = id;
    },
    reset() {
      last = undefined;
    },
  };
}

/**
 * The variables with `after` read from the position whenever they are serialised (JSON.stringify
 * calls the getter); absent until an event has been seen, so the first subscription starts live.
 */
export function withResume<V extends object>(variables: V, resume: ResumePosition): V & { after?: string } {
  const copy = { ...variables } as V & { after?: string };
  Object.defineProperty(copy, 'after', { enumerable: true, configurable: true, get: () => resume.position() });
  return copy;
}

/** The id of a subscription event (its root field's `id`), when it selects one. */
export function eventIdOf(data: unknown): string | undefined {
  const root = data && typeof data === 'object' ? Object.values(data)[0] : undefined;
  const id = root && typeof root === 'object' ? (root as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : undefined;
}
