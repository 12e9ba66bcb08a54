/**
 * Wakes WAITING jobs whose time came (a wait's timeout, a sleep's end): one timer per process, armed
 * at the earliest wakeAt the store's due-time index holds, never a timer per waiting job. A woken job
 * is QUEUED again and announced, so the executor claims it; its handler then finds the wait timed out.
 */
import type { Logger } from '../logger.js';
import type { Store } from '../../store/port.js';

/** Jobs woken per store write. */
const WAKE_BATCH = 100;

export class WaitWaker {
  #timer: NodeJS.Timeout | undefined;
  #at = Infinity;
  #stopped = true;
  #running = false;
  #again = false;

  constructor(
    private readonly store: Store,
    private readonly types: string[],
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.#stopped = false;
    this.check();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#at = Infinity;
  }

  /** A job started waiting until `at`: the timer moves earlier if it must. */
  waitsUntil(at: number): void {
    this.#arm(at);
  }

  /** Wakes what is due and re-arms for the next (at start, and as a slow re-check for other processes' waits). */
  check(): void {
    void this.#wake();
  }

  async #wake(): Promise<void> {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = true;
    try {
      do {
        this.#again = false;
        const now = Date.now();
        while ((await this.store.jobs.wakeDue(now, WAKE_BATCH)).length === WAKE_BATCH && !this.#stopped);
        const next = await this.store.jobs.nextWakeAt(this.types);
        clearTimeout(this.#timer);
        this.#at = Infinity;
        if (next !== undefined) this.#arm(next);
      } while (this.#again && !this.#stopped);
    } catch (error) {
      this.logger.error({ err: error }, 'waking waiting jobs failed');
    } finally {
      this.#running = false;
    }
  }

  #arm(at: number): void {
    if (this.#stopped || at >= this.#at) return;
    clearTimeout(this.#timer);
    this.#at = at;
    this.#timer = setTimeout(() => {
      this.#at = Infinity;
      void this.#wake();
    }, Math.min(Math.max(0, at - Date.now()), 2 ** 31 - 1));
  }
}
