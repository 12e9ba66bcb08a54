/**
 * The change feed: typed events a store announces after each committed write, plus live events that
 * are not written on every call (progress between coalesced writes). Consumers are the executor (wake
 * up, cancel), the API's subscriptions and metrics. Listeners are called synchronously, in order; a
 * listener that throws is reported and does not stop the others. Each event is stamped once, here,
 * with its time and position (a feed that re-announces another feed's event passes its stamp on).
 */
import type { ChangeEvent, ChangeStamp } from '../domain/change-event.js';

export type ChangeListener = (event: ChangeEvent, stamp: ChangeStamp) => void;

export class ChangeFeed {
  readonly #listeners = new Set<ChangeListener>();
  readonly #onListenerError: (error: unknown) => void;
  #seq = 0;

  constructor(onListenerError: (error: unknown) => void = (error) => console.error('change listener failed', error)) {
    this.#onListenerError = onListenerError;
  }

  subscribe(listener: ChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(event: ChangeEvent, stamp: ChangeStamp = { seq: ++this.#seq, at: Date.now() }): void {
    for (const listener of this.#listeners) {
      try {
        listener(event, stamp);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }
}
