/**
 * Concurrency limits that hold across processes: a limit of N for a key ("type:translate",
 * "org:acme") is N slot documents. A claim takes a free slot for its job's type and org before it
 * takes the job; finishing, failing, cancelling or recovering the job frees them (after the job has
 * left RUNNING). A slot is free when it has no holder, or when its holder's job is no longer
 * RUNNING under that claim (a worker that died between taking a slot and taking the job, or a free
 * that never reached the server). An expired slot whose job is still RUNNING stays taken: lease
 * recovery frees it when it re-queues the job, never a claim on its own.
 *
 * The limits themselves are published in `meta`, so a process that configures none (a worker
 * without the plugin option, or without JOBCENTER_ORG_CONCURRENCY) still holds to the ones others
 * configured.
 */
import type { ClientSession, Collection } from 'mongodb';
import type { ClaimRequest } from '../../domain/claim-sharing.js';
import type { JobDoc } from './documents.js';

export interface SlotDoc {
  _id: string;
  key: string;
  index: number;
  holder: string | null;
  expiresAt: number;
}

/** The limits processes configured, as published in `meta`. */
export interface LimitsDoc {
  _id: string;
  types?: Record<string, number>;
  org?: number;
}

export const typeSlotKey = (type: string) => `type:${type}`;
export const orgSlotKey = (orgId: string) => `org:${orgId}`;
/**
 * Who holds a slot: one claim of one job by one worker at one time. Two workers racing for a job
 * differ, and so do two claims of the same job by the same worker (freeing the first must not free
 * the second).
 */
export const slotHolder = (jobId: string, workerId: string, claimedAt: number) => `${jobId}@${workerId}#${claimedAt}`;
/** The job a holder name is about (ids never contain '@'). */
export const holderJobId = (holder: string) => holder.slice(0, holder.indexOf('@'));

const LIMITS_ID = 'concurrency_limits';

/**
 * The limits a claim holds to: its own where it configured one, else the published one. Pure, so
 * the merge can be checked without a server.
 */
export function effectiveLimits(req: ClaimRequest, published: LimitsDoc | null): ClaimRequest {
  const typeLimits = { ...req.typeLimits };
  for (const type of req.types) {
    const theirs = published?.types?.[type];
    if (typeLimits[type] === undefined && theirs !== undefined) typeLimits[type] = theirs;
  }
  const orgLimit = req.orgLimit ?? published?.org;
  return { ...req, typeLimits, ...(orgLimit !== undefined && { orgLimit }) };
}

/** What this process has to publish: its configured limits that differ from the published ones. */
export function limitsToPublish(req: ClaimRequest, published: LimitsDoc | null): Record<string, number> {
  const set: Record<string, number> = {};
  for (const [type, limit] of Object.entries(req.typeLimits)) {
    if (published?.types?.[type] !== limit) set[`types.${type}`] = limit;
  }
  if (req.orgLimit !== undefined && published?.org !== req.orgLimit) set.org = req.orgLimit;
  return set;
}

export class Slots {
  /** Slot counts already created in the database, per key. */
  readonly #ensured = new Map<string, number>();
  #published: { doc: LimitsDoc | null; readAt: number } | undefined;

  constructor(
    private readonly slots: Collection<SlotDoc>,
    private readonly jobs: Collection<JobDoc>,
    private readonly meta: Collection<LimitsDoc>,
    /** How long a read of the published limits is reused. */
    private readonly limitsTtlMs = 2000,
  ) {}

  /** The request with every published limit it lacks; publishes its own when they differ. */
  async limitsFor(req: ClaimRequest): Promise<ClaimRequest> {
    const now = Date.now();
    if (!this.#published || now - this.#published.readAt > this.limitsTtlMs) {
      this.#published = { doc: await this.meta.findOne({ _id: LIMITS_ID }), readAt: now };
    }
    const published = this.#published.doc;
    const publish = limitsToPublish(req, published);
    if (Object.keys(publish).length) {
      await this.meta.updateOne({ _id: LIMITS_ID }, { $set: publish }, { upsert: true });
      this.#published = undefined; // read again next time, with what others published meanwhile
    }
    return effectiveLimits(req, published);
  }

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
    if (await this.#takeFree(key, limit, holder, expiresAt)) return true;
    // None free: sweep the expired ones whose job is no longer running under them, then try again.
    return (await this.sweep(key, limit, now)) > 0 && this.#takeFree(key, limit, holder, expiresAt);
  }

  async #takeFree(key: string, limit: number, holder: string, expiresAt: number): Promise<boolean> {
    const taken = await this.slots.findOneAndUpdate({ key, index: { $lt: limit }, holder: null }, { $set: { holder, expiresAt } });
    return taken !== null;
  }

  /**
   * Frees `key`'s slots whose lease time passed and whose holder has no RUNNING job under that claim;
   * returns how many. A slot whose job still runs (its worker may only be slow) is left to lease
   * recovery, which re-queues the job and then frees it.
   */
  async sweep(key: string, limit: number, now: number): Promise<number> {
    const expired = await this.slots.find({ key, index: { $lt: limit }, holder: { $ne: null }, expiresAt: { $lt: now } }).toArray();
    let freed = 0;
    for (const slot of expired) {
      const holder = slot.holder!;
      const running = await this.jobs.findOne({ _id: holderJobId(holder), status: 'RUNNING', slotHolder: holder }, { projection: { _id: 1 } });
      if (running) continue;
      // Only if nobody took or renewed it since it was read.
      const result = await this.slots.updateOne({ _id: slot._id, holder, expiresAt: slot.expiresAt }, { $set: { holder: null, expiresAt: 0 } });
      freed += result.modifiedCount;
    }
    return freed;
  }

  /** Frees every slot these holders have. */
  async free(holders: string[], session?: ClientSession): Promise<void> {
    if (holders.length) await this.slots.updateMany({ holder: { $in: holders } }, { $set: { holder: null, expiresAt: 0 } }, session ? { session } : {});
  }

  /**
   * Keeps the slots of running jobs alongside their leases; returns the holders that still hold
   * `expected(holder)` slots (the others lost one, and their jobs must stop like a lost lease).
   */
  async extend(holders: string[], expiresAt: number, expected: (holder: string) => number): Promise<Set<string>> {
    if (!holders.length) return new Set();
    await this.slots.updateMany({ holder: { $in: holders } }, { $set: { expiresAt } });
    const held = await this.slots.find({ holder: { $in: holders } }, { projection: { holder: 1 } }).toArray();
    const counts = new Map<string, number>();
    for (const s of held) counts.set(s.holder!, (counts.get(s.holder!) ?? 0) + 1);
    return new Set(holders.filter((h) => (counts.get(h) ?? 0) >= expected(h)));
  }
}
