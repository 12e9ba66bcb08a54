/**
 * Claiming jobs on MongoDB: per-job `findOneAndUpdate`s (index-backed), orgs in turn
 * (domain/org-turns.ts), each org's highest priority then earliest runAt first. Concurrency limits
 * take slot documents first (limits.ts), so they hold across processes; a claimed job's lease row
 * goes to `job_leases` (leases.ts).
 */
import type { ClaimRequest } from '../../domain/claim-sharing.js';
import { ClaimSharing, claimIsLimited } from '../../domain/claim-sharing.js';
import { FairShare, OrgTurns, type FairCandidate } from '../../domain/org-turns.js';
import type { Job } from '../../domain/types.js';
import { docToJob, type JobDoc } from './documents.js';
import type { JobLeaseDoc } from './leases.js';
import { orgSlotKey, slotHolder, typeSlotKey } from './limits.js';
import { CLAIM_SORT, claimAfter, claimFilter, claimUpdate } from './queries.js';
import type { MongoJobCollections } from './jobs.js';

/** A claimed job's lease row: the claim as its document has it. */
function leaseRow(job: Job, req: ClaimRequest): JobLeaseDoc {
  return { _id: job.id, orgId: job.orgId, owner: job.leaseOwner ?? req.workerId, claimedAt: job.startedAt ?? req.now, expiresAt: job.leaseExpiresAt ?? req.now + req.leaseMs };
}

export class MongoJobClaims {
  readonly #turns = new OrgTurns();

  constructor(private readonly c: Pick<MongoJobCollections, 'jobs' | 'slots' | 'counts' | 'leases'>) {}

  /**
   * Orgs take turns (domain/org-turns.ts): each org's due jobs are read in claim order, an equal share
   * at a time, and claimed one by one in turn order under the type and org limits.
   */
  async claim(req: ClaimRequest): Promise<Job[]> {
    if (req.limit <= 0 || req.types.length === 0) return [];
    // Limits other processes configured count too, though this one configured none.
    req = await this.c.slots.limitsFor(req);
    const limited = claimIsLimited(req);
    const sharing = new ClaimSharing(req);
    const orgs = (await this.c.jobs.distinct('orgId', claimFilter(req, req.types, []))) as string[];
    const share = new FairShare<FairCandidate>(this.#turns.order(orgs).slice(0, req.limit));
    const claimed: Job[] = [];
    try {
      await this.#claimRounds(req, sharing, share, limited, claimed);
    } finally {
      // The claimed jobs' counters, then their lease rows, one write each. Counters first: a job
      // claimed without its row (this process died, or the write failed) is recovered by its first
      // lease (see recoverLeases), while a move left uncounted stays so until a rebuild.
      await this.c.counts.move(claimed.map((j) => ({ orgId: j.orgId, type: j.type, from: 'QUEUED', to: 'RUNNING' })));
      await this.c.leases.write(claimed.map((j) => leaseRow(j, req)));
    }
    if (claimed.length) this.#turns.served(claimed[claimed.length - 1]!.orgId);
    return claimed;
  }

  async #claimRounds(req: ClaimRequest, sharing: ClaimSharing, share: FairShare<FairCandidate>, limited: boolean, claimed: Job[]): Promise<void> {
    for (let round = sharing.nextRound(); round; round = sharing.nextRound()) {
      for (const f of share.fetches(req.limit - sharing.claimed, round.fullOrgs)) {
        const after = f.after && claimAfter(f.after);
        const docs = await this.c.jobs
          .find({ ...claimFilter(req, round.types, []), orgId: f.orgId, ...after }, { projection: { _id: 1, type: 1, orgId: 1, priority: 1, runAt: 1 } })
          .sort(CLAIM_SORT)
          .limit(f.limit)
          .toArray();
        share.add(f, docs.map((d) => ({ id: d._id, type: d.type, orgId: d.orgId, priority: d.priority, runAt: d.runAt })));
      }
      for (const candidate of share.turns()) {
        if (sharing.complete) break;
        if (!sharing.admits(candidate)) continue;
        const job = limited
          ? await this.#claimCandidate(req, { _id: candidate.id, type: candidate.type, orgId: candidate.orgId }, sharing)
          : await this.#claimFree(req, candidate.id);
        if (!job) continue;
        claimed.push(job);
        sharing.took(candidate);
      }
      sharing.endRound(round, share.more ? round.fetch : 0);
    }
  }

  async #claimFree(req: ClaimRequest, id: string): Promise<Job | undefined> {
    const doc = await this.c.jobs.findOneAndUpdate({ _id: id, status: 'QUEUED', runAt: { $lte: req.now } }, claimUpdate(req), { returnDocument: 'after' });
    return doc ? docToJob(doc) : undefined;
  }

  /** Takes the candidate's type and org slots, then the job itself; frees the slots if it is gone. */
  async #claimCandidate(req: ClaimRequest, candidate: Pick<JobDoc, '_id' | 'type' | 'orgId'>, sharing: ClaimSharing): Promise<Job | undefined> {
    const holder = slotHolder(candidate._id, req.workerId, req.now);
    const expiresAt = req.now + req.leaseMs;
    const typeLimit = req.typeLimits[candidate.type];
    let slotCount = 0;
    if (typeLimit !== undefined) {
      if (!(await this.c.slots.take(typeSlotKey(candidate.type), typeLimit, holder, req.now, expiresAt))) {
        sharing.typeIsFull(candidate.type);
        return undefined;
      }
      slotCount++;
    }
    if (req.orgLimit !== undefined) {
      if (!(await this.c.slots.take(orgSlotKey(candidate.orgId), req.orgLimit, holder, req.now, expiresAt))) {
        sharing.orgIsFull(candidate.orgId);
        await this.c.slots.free([holder]);
        return undefined;
      }
      slotCount++;
    }
    const doc = await this.c.jobs.findOneAndUpdate(
      { _id: candidate._id, status: 'QUEUED', runAt: { $lte: req.now } },
      claimUpdate(req, slotCount ? { holder, count: slotCount } : undefined),
      { returnDocument: 'after' },
    );
    if (!doc) await this.c.slots.free([holder]); // another worker got there first
    return doc ? docToJob(doc) : undefined;
  }
}
