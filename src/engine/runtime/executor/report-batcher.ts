/**
 * Group commit for attempt outcomes: reports made in the same turn of the event loop are written in
 * one store call (one transaction on SQLite), and each caller learns when its own report is durable.
 */
import type { AttemptReport, Store } from '../../store/port.js';
import type { Job } from '../../domain/types.js';

interface Pending {
  report: AttemptReport;
  resolve: (job: Job | undefined) => void;
  reject: (error: unknown) => void;
}

export class ReportBatcher {
  #pending: Pending[] = [];
  #scheduled = false;
  #inFlight: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly maxBatch = 500,
  ) {}

  report(report: AttemptReport): Promise<Job | undefined> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ report, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  /** Resolves when every report made so far is written. */
  async drain(): Promise<void> {
    while (this.#pending.length || this.#scheduled) {
      await new Promise((r) => setImmediate(r));
      await this.#inFlight;
    }
    await this.#inFlight;
  }

  #flush(): void {
    this.#scheduled = false;
    const batch = this.#pending.splice(0, this.maxBatch);
    if (this.#pending.length) {
      this.#scheduled = true;
      setImmediate(() => this.#flush());
    }
    this.#inFlight = this.#inFlight.then(() => this.#write(batch));
  }

  async #write(batch: Pending[]): Promise<void> {
    try {
      const jobs = await this.store.jobs.finishAttempts(batch.map((p) => p.report));
      const byId = new Map(jobs.map((j) => [j.id, j]));
      for (const p of batch) p.resolve(byId.get(p.report.jobId));
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      // One report the store refused must not sink the others: write each on its own.
      for (const p of batch) await this.#write([p]);
    }
  }
}
