/**
 * The budget hold sweep: a call settles its hold when it ends, but a process that dies mid-call never
 * does, and its hold would keep the budget short for good. Every so often the stored holds are read;
 * one taken longer ago than any call can last, or whose job is no longer RUNNING (its attempt ended,
 * was recovered or the job is gone), is given back. Giving back is atomic per hold, so several
 * processes may sweep at once, and a call that settles later still adds what it cost.
 */
import { isStaleHold, type BudgetHold } from '../../domain/budget.js';
import type { Store } from '../../store/port.js';
import type { Logger } from '../logger.js';

export interface HoldSweepOptions {
  store: Store;
  logger: Logger;
  /** A hold older than this is given back whatever its job: no call lasts this long. */
  maxAgeMs: number;
  everyMs?: number;
  now?: () => number;
}

/** Holds read per sweep: as many as calls can be in flight at once, and then some. */
const MAX_HOLDS = 1_000;

export class HoldSweep {
  readonly #o: HoldSweepOptions;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: HoldSweepOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
  }

  start(): void {
    this.#timer = setInterval(() => void this.sweep().catch((error) => this.#o.logger.error({ err: error }, 'budget hold sweep failed')), this.#o.everyMs ?? 60_000);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** Gives back the stale holds; returns those it gave back. */
  async sweep(): Promise<BudgetHold[]> {
    const now = this.#now();
    const holds = await this.#o.store.budgets.holds(MAX_HOLDS);
    const statuses = await this.#jobStatuses(holds);
    const released: BudgetHold[] = [];
    for (const hold of holds) {
      const status = hold.jobId === undefined ? undefined : statuses.get(`${hold.orgId}\u0000${hold.jobId}`);
      if (!isStaleHold(hold, now - this.#o.maxAgeMs, status)) continue;
      if (await this.#o.store.budgets.release(hold.id, now)) released.push(hold);
    }
    if (released.length) {
      this.#o.logger.warn(
        { holds: released.map((h) => ({ id: h.id, jobId: h.jobId, holder: h.holder, heldAt: h.heldAt, amountMicros: h.amountMicros })) },
        'gave back budget holds no call will settle',
      );
    }
    return released;
  }

  /** The statuses of the holds' jobs, read per org, keyed by org and job id; a missing job has none. */
  async #jobStatuses(holds: BudgetHold[]): Promise<Map<string, string>> {
    const byOrg = new Map<string, Set<string>>();
    for (const h of holds) if (h.jobId !== undefined) byOrg.set(h.orgId, (byOrg.get(h.orgId) ?? new Set()).add(h.jobId));
    const statuses = new Map<string, string>();
    for (const [orgId, ids] of byOrg) {
      for (const job of await this.#o.store.jobs.getMany([...ids], orgId)) statuses.set(`${orgId}\u0000${job.id}`, job.status);
    }
    return statuses;
  }
}
