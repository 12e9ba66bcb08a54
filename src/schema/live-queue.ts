/**
 * The outgoing queue of one subscription: events wait here until the client's transport takes the
 * next one (graphql-ws takes it once the previous message is written; the server's own writer takes
 * them through `direct` as they come, until its socket is behind). A client that keeps up never
 * has more than one event waiting. One that falls behind has its PROGRESS-like events conflated (the
 * latest for the same subject wins, moved to the end so it stays after what came before it); other
 * events are never dropped. Past `maxQueued` waiting events the queue ends and `onOverflow` is called
 * (the server closes the socket), so a slow client's memory stays bounded and costs nobody else.
 */
export interface LiveQueueOptions {
  maxQueued: number;
  onOverflow(): void;
  /** Called for each event replaced by a later one for the same subject while it waited. */
  onConflate?(): void;
  /** Called once when the queue ends (the client left, or it overflowed). */
  onEnd?(): void;
}

interface Entry<T> {
  value: T;
  conflateKey: string | undefined;
}

export class LiveQueue<T> implements AsyncIterableIterator<T> {
  readonly #entries: Entry<T>[] = [];
  readonly #options: LiveQueueOptions;
  #waiting: ((result: IteratorResult<T>) => void) | undefined;
  #ended = false;
  /** The consumer events are handed to as they come (see direct), and whether it is busy. */
  #take: ((value: T) => Promise<void> | undefined) | undefined;
  #busy = false;
  #directEnded: (() => void) | undefined;
  /** Events replaced by a later one for the same subject while waiting. */
  conflated = 0;

  constructor(options: LiveQueueOptions) {
    this.#options = options;
  }

  /** Queues an event; events with the same `conflateKey` replace each other while they wait. */
  push(value: T, conflateKey?: string): void {
    if (this.#ended) return;
    if (this.#take && !this.#busy && this.#entries.length === 0) return this.#give(value);
    const waiting = this.#waiting;
    if (waiting) {
      this.#waiting = undefined;
      waiting({ value, done: false });
      return;
    }
    if (conflateKey !== undefined) {
      const index = this.#entries.findIndex((entry) => entry.conflateKey === conflateKey);
      if (index >= 0) {
        this.#entries.splice(index, 1);
        this.conflated++;
        this.#options.onConflate?.();
      }
    }
    this.#entries.push({ value, conflateKey });
    if (this.#entries.length > this.#options.maxQueued) {
      this.#end();
      this.#options.onOverflow();
    }
  }

  /** Whether the queue has ended (the client left, or it overflowed). */
  get ended(): boolean {
    return this.#ended;
  }

  get queued(): number {
    return this.#entries.length;
  }

  /**
   * Hands each event to `take` as it is pushed, instead of through next() (no promise per event):
   * while `take` is busy (it returned a promise: the socket is behind, or the event is still being
   * executed), events wait here as they would for next(), conflated and bounded. Resolves when the
   * queue ends.
   */
  direct(take: (value: T) => Promise<void> | undefined): Promise<void> {
    if (this.#ended) return Promise.resolve();
    const ended = new Promise<void>((resolve) => (this.#directEnded = resolve));
    this.#take = take;
    this.#drain();
    return ended;
  }

  #give(value: T): void {
    const busy = this.#take!(value);
    if (!busy) return;
    this.#busy = true;
    busy.then(
      () => {
        this.#busy = false;
        this.#drain();
      },
      () => this.#end(),
    );
  }

  #drain(): void {
    while (!this.#busy && !this.#ended && this.#entries.length > 0) this.#give(this.#entries.shift()!.value);
  }

  next(): Promise<IteratorResult<T>> {
    const entry = this.#entries.shift();
    if (entry) return Promise.resolve({ value: entry.value, done: false });
    if (this.#ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.#waiting = resolve;
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.#end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  #end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#entries.length = 0;
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.({ value: undefined, done: true });
    this.#take = undefined;
    this.#directEnded?.();
    this.#options.onEnd?.();
  }
}
