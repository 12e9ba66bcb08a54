/** Retention: finished jobs and their logs are purged after a configured age, a batch at a time. */
import type { Logger } from './logger.js';
import type { Store } from './store/port.js';

export class Retention {
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Store,
    private readonly maxAgeMs: number,
    private readonly logger: Logger,
    private readonly everyMs = 10 * 60_000,
  ) {}

  start(): void {
    if (this.maxAgeMs <= 0) return;
    void this.purge();
    this.#timer = setInterval(() => void this.purge(), this.everyMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** Purges everything older than the cutoff, in batches so no write holds the store for long. */
  async purge(now = Date.now()): Promise<number> {
    let total = 0;
    try {
      for (;;) {
        const n = await this.store.jobs.purgeFinished(now - this.maxAgeMs, 1000);
        total += n;
        if (n < 1000) break;
        await new Promise((r) => setImmediate(r));
      }
      if (total) this.logger.info({ purged: total }, 'purged finished jobs past retention');
    } catch (error) {
      this.logger.error({ err: error }, 'retention purge failed');
    }
    return total;
  }
}
