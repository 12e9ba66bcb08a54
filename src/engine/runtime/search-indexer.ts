/**
 * Brings the job search index (store/port.ts JobSearchIndexRepository) up to date in the background,
 * a chunk of jobs per transaction with the loop free in between, the way the metrics roller keeps
 * its rollups: enqueues and attempt outcomes never write to the index, and a search reads the jobs
 * the index has not reached row by row, so what it finds is the same whenever it runs.
 */
import type { Logger } from './logger.js';
import type { Store } from '../store/port.js';
import { yieldToLoop } from '../services/chunked.js';

/** Jobs per indexing transaction. */
const CHUNK = 1_000;

export class SearchIndexer {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<number> | undefined;
  #stopped = false;

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly options: { everyMs?: number } = {},
  ) {}

  start(): void {
    if (!this.store.jobSearchIndex) return;
    this.#stopped = false;
    void this.catchUp();
    this.#timer = setInterval(() => void this.catchUp(), this.options.everyMs ?? 5_000);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    await this.#running;
  }

  /** Indexes chunk after chunk until nothing is left (or it is stopped); returns how many jobs it indexed. */
  catchUp(): Promise<number> {
    this.#running ??= this.#catchUp().finally(() => (this.#running = undefined));
    return this.#running;
  }

  async #catchUp(): Promise<number> {
    const index = this.store.jobSearchIndex;
    if (!index) return 0;
    let total = 0;
    try {
      for (;;) {
        const { indexed, done } = await index.step(CHUNK);
        total += indexed;
        if (done || this.#stopped) break;
        await yieldToLoop();
      }
    } catch (error) {
      this.logger.error({ err: error }, 'indexing jobs for search failed');
    }
    return total;
  }
}
