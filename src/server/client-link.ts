/**
 * The HTTP client behind one GraphQL request: whether it went away before its answer was written.
 * An operation's budget (./operation-budget.ts) stops it when its client goes. One listener on the
 * response per request stands in for an AbortController (whose signal costs more to build than the
 * rest of a small request's transport).
 */
import type { ServerResponse } from 'node:http';

export class ClientLink {
  #gone = false;
  readonly #listeners = new Set<() => void>();

  constructor(res: ServerResponse) {
    res.once('close', () => {
      // 'close' follows every response; only one closed before it finished is a client that left.
      if (!res.writableFinished) this.cancel();
    });
  }

  get gone(): boolean {
    return this.#gone;
  }

  /** Calls `listener` once when the client goes; returns how to stop listening. */
  onGone(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  /** The client is gone (or the server ends the exchange, as an SSE stream whose token was revoked). */
  cancel(): void {
    if (this.#gone) return;
    this.#gone = true;
    for (const listener of this.#listeners) listener();
    this.#listeners.clear();
  }
}
