/**
 * Retention: finished jobs (with their logs, steps and waits) and recorded LLM calls are purged after
 * their configured ages, and events for waits once they expire, a batch at a time so no write holds
 * the store for long. A WAITING job is not finished: it is never purged.
 */
import type { Logger } from './logger.js';
import type { Store } from '../store/port.js';
import { CHUNK } from '../services/chunked.js';
import { ChunkPacer, drainPaced } from './paced-chunks.js';

export interface RetentionAges {
  /** Finished jobs; 0 keeps them. */
  jobsMs: number;
  /** LLM calls, by when they were queued; 0 keeps them. */
  llmCallsMs: number;
}

/**
 * Rows per purge write: each is one short transaction (as many rows as take a few ms, up to CHUNK),
 * and the loop serves requests in between.
 */
const pacer = () => new ChunkPacer({ initial: 50, min: 10, max: CHUNK });

export class Retention {
  #timer: NodeJS.Timeout | undefined;
  readonly #pacers = { jobs: pacer(), llmCalls: pacer(), events: pacer() };

  constructor(
    private readonly store: Store,
    private readonly ages: RetentionAges,
    private readonly logger: Logger,
    private readonly everyMs = 10 * 60_000,
  ) {}

  start(): void {
    if (this.ages.jobsMs <= 0 && this.ages.llmCallsMs <= 0) return;
    void this.purge();
    this.#timer = setInterval(() => void this.purge(), this.everyMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** Purges everything past its age; returns how many jobs and calls went. */
  async purge(now = Date.now()): Promise<{ jobs: number; llmCalls: number }> {
    const purged = { jobs: 0, llmCalls: 0 };
    try {
      if (this.ages.jobsMs > 0) purged.jobs = await drain(this.#pacers.jobs, (max) => this.store.jobs.purgeFinished(now - this.ages.jobsMs, max));
      if (this.ages.llmCallsMs > 0) purged.llmCalls = await drain(this.#pacers.llmCalls, (max) => this.store.llmCalls.purge(now - this.ages.llmCallsMs, max));
      const events = await drain(this.#pacers.events, (max) => this.store.waits.purgeEvents(now, max));
      if (purged.jobs || purged.llmCalls || events) this.logger.info({ ...purged, events }, 'purged data past retention');
    } catch (error) {
      this.logger.error({ err: error }, 'retention purge failed');
    }
    return purged;
  }
}

async function drain(pacer: ChunkPacer, purgeBatch: (max: number) => Promise<number>): Promise<number> {
  return drainPaced(pacer, async (max) => {
    const count = await purgeBatch(max);
    return { count, done: count < max };
  });
}
