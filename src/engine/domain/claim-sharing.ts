/**
 * Claim sharing: how a worker's claim shares the queue between task types and orgs under their
 * concurrency limits. Candidates are read in claim order (priority, then runAt) in a few rounds; a
 * type or org that is full is skipped, so a crowd of one full type or one busy tenant cannot starve
 * the rest. Each adapter reads candidates and starts jobs in its own way; this is the bookkeeping
 * they share.
 */

export interface ClaimRequest {
  workerId: string;
  /** How many jobs the worker can take now. */
  limit: number;
  now: number;
  leaseMs: number;
  /** Task types this worker can run; other jobs are left for other workers. */
  types: string[];
  /** Most RUNNING jobs of a type, across every worker on this store. */
  typeLimits: Record<string, number>;
  /** Most RUNNING jobs of one org, across every worker on this store. */
  orgLimit?: number;
}

/** A job that could be claimed, as a candidate query returns it. */
export interface ClaimCandidate {
  type: string;
  orgId: string;
}

export interface ClaimRound {
  /** Types that still have room. */
  types: string[];
  /** Orgs that are full: their jobs are not read. */
  fullOrgs: string[];
  /** How many candidates to read: more than wanted, since some will be skipped. */
  fetch: number;
}

/** Rounds of candidates before a claim settles for what it has. */
export const MAX_CLAIM_ROUNDS = 4;

/** True when a limit applies, so candidates must be looked at one by one. */
export const claimIsLimited = (req: ClaimRequest): boolean => Object.keys(req.typeLimits).length > 0 || req.orgLimit !== undefined;

export class ClaimSharing {
  readonly #req: ClaimRequest;
  readonly #byType = new Map<string, number>();
  readonly #byOrg = new Map<string, number>();
  readonly #fullTypes = new Set<string>();
  readonly #fullOrgs = new Set<string>();
  #claimed = 0;
  #round = 0;
  #more = true;
  /** Whether any type or org limit applies: without one, only the claim's size decides (no counting). */
  #limited: boolean;

  /** `running`: the RUNNING jobs per type and org, where the store counts them (else slots decide). */
  constructor(req: ClaimRequest, running: Array<ClaimCandidate & { count: number }> = []) {
    this.#req = req;
    this.#limited = claimIsLimited(req);
    for (const r of running) this.#add(r, r.count);
  }

  get claimed(): number {
    return this.#claimed;
  }

  /** The next round's query, or undefined when the claim is over. */
  nextRound(): ClaimRound | undefined {
    if (!this.#more || this.#round >= MAX_CLAIM_ROUNDS || this.#claimed >= this.#req.limit) return undefined;
    const types = this.#req.types.filter((t) => !this.#typeFull(t));
    if (types.length === 0) return undefined;
    this.#round++;
    const fullOrgs = [...new Set([...this.#byOrg.keys(), ...this.#fullOrgs])].filter((o) => this.#orgFull(o));
    return { types, fullOrgs, fetch: (this.#req.limit - this.#claimed) * 2 + 8 };
  }

  /** After a round: the store had no more candidates than it returned, so another round finds none. */
  endRound(round: ClaimRound, returned: number): void {
    if (returned < round.fetch) this.#more = false;
  }

  /** Whether there is room for this candidate now (the claim is not complete, its type and org not full). */
  admits(candidate: ClaimCandidate): boolean {
    if (!this.#limited) return this.#claimed < this.#req.limit;
    return this.#claimed < this.#req.limit && !this.#typeFull(candidate.type) && !this.#orgFull(candidate.orgId);
  }

  /** Whether the claim has all it asked for. */
  get complete(): boolean {
    return this.#claimed >= this.#req.limit;
  }

  took(candidate: ClaimCandidate): void {
    this.#claimed++;
    if (this.#limited) this.#add(candidate, 1);
  }

  /** A store that holds slots found no room for the type (another worker took it). */
  typeIsFull(type: string): void {
    this.#fullTypes.add(type);
    this.#limited = true;
  }

  orgIsFull(orgId: string): void {
    this.#fullOrgs.add(orgId);
    this.#limited = true;
  }

  #add({ type, orgId }: ClaimCandidate, n: number): void {
    this.#byType.set(type, (this.#byType.get(type) ?? 0) + n);
    this.#byOrg.set(orgId, (this.#byOrg.get(orgId) ?? 0) + n);
  }

  #typeFull(type: string): boolean {
    return this.#fullTypes.has(type) || (this.#byType.get(type) ?? 0) >= (this.#req.typeLimits[type] ?? Infinity);
  }

  #orgFull(orgId: string): boolean {
    return this.#fullOrgs.has(orgId) || (this.#byOrg.get(orgId) ?? 0) >= (this.#req.orgLimit ?? Infinity);
  }
}
