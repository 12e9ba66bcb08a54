/**
 * The change feed: typed events a store announces after each committed write, plus live events that
 * are not written on every call (progress between coalesced writes). Consumers are the executor (wake
 * up, cancel), the API's subscriptions and metrics. Listeners are called synchronously, in order; a
 * listener that throws is reported and does not stop the others.
 */
import type { ChangeEvent } from '../domain/change-event.js';

export type ChangeListener = (event: ChangeEvent) => void;

export class ChangeFeed {
  readonly #listeners = new Set<ChangeListener>();
  readonly #onListenerError: (error: unknown) => void;

  constructor(onListenerError: (error: unknown) => void = (error) => console.error('change listener failed', error)) {
    this.#onListenerError = onListenerError;
  }

  subscribe(listener: ChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(event: ChangeEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }
}
