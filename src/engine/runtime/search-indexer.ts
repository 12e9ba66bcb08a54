/**
 * Brings the job search index (store/port.ts JobSearchIndexRepository) up to date in the background,
 * a chunk of jobs per transaction with the loop free in between, the way the metrics roller keeps
 * its rollups: enqueues and attempt outcomes never write to the index, and a search reads the jobs
 * the index has not reached row by row, so what it finds is the same whenever it runs.
 */
import type { Logger } from './logger.js';
import type { Store } from '../store/port.js';
import { ChunkPacer, drainPaced } from './paced-chunks.js';

export class SearchIndexer {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<number> | undefined;
  #stopped = false;
  /**
   * Jobs per indexing transaction: as many as take a few ms, from 100 to 1,000. Below 100 a job costs
   * more to index (each transaction adds FTS5 segments to merge, and each step has its fixed reads):
   * 27 µs of CPU per job in chunks of 40 against 18-21 µs in chunks of 100 to 1,000.
   */
  readonly #pacer = new ChunkPacer({ initial: 100, min: 100, max: 1_000 });

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
    try {
      return await drainPaced(
        this.#pacer,
        async (max) => {
          const { indexed, done } = await index.step(max);
          return { count: indexed, done };
        },
        () => this.#stopped,
      );
    } catch (error) {
      this.logger.error({ err: error }, 'indexing jobs for search failed');
      return 0;
    }
  }
}
