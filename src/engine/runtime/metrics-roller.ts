/**
 * Rolls finished jobs into the per-minute metrics rollups (domain/metrics-rollup.ts) in the
 * background, a chunk per transaction with the loop free in between, so a metrics window reads
 * minutes instead of jobs. Jobs are rolled once they are a minute past their finish, so a finish
 * written late (a slow commit, another process's clock) still lands before the mark passes it.
 */
import type { Logger } from './logger.js';
import type { Store } from '../store/port.js';
import { ChunkPacer, drainPaced } from './paced-chunks.js';

/** How long after its finish a job is rolled. */
export const ROLL_LAG_MS = 60_000;
/** Rolled minutes are kept at least this long, longer when finished jobs are. */
const KEEP_MS = 35 * 24 * 3_600_000;
const PURGE_EVERY_MS = 3_600_000;

export class MetricsRoller {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<number> | undefined;
  #purgedAt = 0;
  /** Jobs per rolling transaction: as many as take a few ms (up to 1,000). */
  readonly #pacer = new ChunkPacer({ initial: 100, min: 10, max: 1_000 });

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly options: { jobsRetentionMs: number; everyMs?: number },
  ) {}

  start(): void {
    if (!this.store.metricsRollups) return;
    void this.roll();
    this.#timer = setInterval(() => void this.roll(), this.options.everyMs ?? 30_000);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#running;
  }

  /** Rolls every org's jobs finished before `now - ROLL_LAG_MS`; returns how many it rolled. */
  roll(now = Date.now()): Promise<number> {
    this.#running ??= this.#roll(now).finally(() => (this.#running = undefined));
    return this.#running;
  }

  async #roll(now: number): Promise<number> {
    const rollups = this.store.metricsRollups;
    if (!rollups) return 0;
    let total = 0;
    try {
      for (const orgId of await rollups.orgs()) {
        total += await drainPaced(this.#pacer, async (max) => {
          const { rolled, done } = await rollups.roll(orgId, now - ROLL_LAG_MS, max);
          return { count: rolled, done };
        });
      }
      // Kept as long as finished jobs are, and for good when they are (retention 0).
      if (this.options.jobsRetentionMs > 0 && now - this.#purgedAt >= PURGE_EVERY_MS) {
        this.#purgedAt = now;
        await rollups.purge(now - Math.max(KEEP_MS, this.options.jobsRetentionMs));
      }
    } catch (error) {
      this.logger.error({ err: error }, 'rolling metrics failed');
    }
    return total;
  }
}
