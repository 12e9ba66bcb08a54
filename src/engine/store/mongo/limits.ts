/**
 * Concurrency limits that hold across processes: a limit of N for a key ("type:translate",
 * "org:acme") is N slot documents. A claim takes a free slot for its job's type and org before it
 * takes the job; finishing, failing, cancelling or recovering the job frees them. A slot carries the
 * lease's expiry, so a slot whose worker died frees itself when the lease would have expired.
 */
import type { Collection } from 'mongodb';

export interface SlotDoc {
  _id: string;
  key: string;
  index: number;
  holder: string | null;
  expiresAt: number;
}

export const typeSlotKey = (type: string) => `type:${type}`;
export const orgSlotKey = (orgId: string) => `org:${orgId}`;
/**
 * Who holds a slot: one claim of one job by one worker at one time. Two workers racing for a job
 * differ, and so do two claims of the same job by the same worker (freeing the first must not free
 * the second).
 */
export const slotHolder = (jobId: string, workerId: string, claimedAt: number) => `${jobId}@${workerId}#${claimedAt}`;

export class Slots {
  /** Slot counts already created in the database, per key. */
  readonly #ensured = new Map<string, number>();

  constructor(private readonly slots: Collection<SlotDoc>) {}

  async #ensure(key: string, limit: number): Promise<void> {
    if ((this.#ensured.get(key) ?? 0) >= limit) return;
    const ops = Array.from({ length: limit }, (_, index) => ({
      updateOne: {
        filter: { _id: `${key}#${index}` },
        update: { $setOnInsert: { key, index, holder: null, expiresAt: 0 } },
        upsert: true,
      },
    }));
    await this.slots.bulkWrite(ops, { ordered: false });
    this.#ensured.set(key, limit);
  }

  /** Takes one free slot of `key` (below `limit`) for `holder`; false when all are taken. */
  async take(key: string, limit: number, holder: string, now: number, expiresAt: number): Promise<boolean> {
    await this.#ensure(key, limit);
    const taken = await this.slots.findOneAndUpdate(
      { key, index: { $lt: limit }, $or: [{ holder: null }, { expiresAt: { $lt: now } }] },
      { $set: { holder, expiresAt } },
    );
    return taken !== null;
  }

  /** Frees every slot these holders have. */
  async free(holders: string[]): Promise<void> {
    if (holders.length) await this.slots.updateMany({ holder: { $in: holders } }, { $set: { holder: null, expiresAt: 0 } });
  }

  /** Keeps the slots of running jobs alongside their leases. */
  async extend(holders: string[], expiresAt: number): Promise<void> {
    if (holders.length) await this.slots.updateMany({ holder: { $in: holders } }, { $set: { expiresAt } });
  }
}
