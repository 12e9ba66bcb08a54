/**
 * Org turns: how one claim shares its slots between orgs, so a batch claim cannot hand one org's
 * backlog every free slot. Orgs with due jobs take turns, one job each per pass (round-robin), each
 * org's jobs in claim order (priority, then runAt): priority orders jobs within an org, not across
 * orgs. The next claim begins with the org after the last one this claim served, so with more orgs
 * than slots every org still gets its turn within a few claims. Adapters read each org's candidates
 * in their own way (FairShare says how many, after which one); this is the bookkeeping they share.
 */
import type { ClaimCandidate } from './claim-sharing.js';

/** Where the claim order resumes within an org: after this candidate. */
export interface ClaimKey {
  id: string;
  priority: number;
  runAt: number;
}

export type FairCandidate = ClaimCandidate & ClaimKey;

/** Read up to `limit` of the org's due candidates in claim order, after `after` when set. */
export interface OrgFetch {
  orgId: string;
  after: ClaimKey | undefined;
  limit: number;
}

/** The rotating start, kept by an adapter across its claims. */
export class OrgTurns {
  #last: string | undefined;

  /** Orgs after the last one served come first; orgs are compared as strings. */
  get after(): string | undefined {
    return this.#last;
  }

  /** The orgs in turn order: those after the last served, then the rest (from the start). */
  order(orgs: string[]): string[] {
    const sorted = [...new Set(orgs)].sort();
    const last = this.#last;
    if (last === undefined) return sorted;
    const i = sorted.findIndex((o) => o > last);
    return i <= 0 ? sorted : [...sorted.slice(i), ...sorted.slice(0, i)];
  }

  served(orgId: string): void {
    this.#last = orgId;
  }
}

interface OrgQueue<T> {
  orgId: string;
  pending: T[];
  after: ClaimKey | undefined;
  more: boolean;
}

/** One claim's share-out between orgs: which candidates to read next, and their turn order. */
export class FairShare<T extends FairCandidate> {
  readonly #orgs: OrgQueue<T>[];

  /** `orgs` in turn order (OrgTurns.order). */
  constructor(orgs: string[]) {
    this.#orgs = orgs.map((orgId) => ({ orgId, pending: [], after: undefined, more: true }));
  }

  /** Whether some org may have candidates not read yet. */
  get more(): boolean {
    return this.#orgs.some((o) => o.more);
  }

  /**
   * The reads for `need` more jobs: an equal share from each org that may have more (orgs in
   * `skip` are full and not read), at most `need` orgs, in turn order.
   */
  fetches(need: number, skip: readonly string[] = []): OrgFetch[] {
    if (need <= 0) return [];
    const open = this.#orgs.filter((o) => o.more && !skip.includes(o.orgId)).slice(0, need);
    const each = Math.ceil(need / Math.max(1, open.length));
    return open.map((o) => ({ orgId: o.orgId, after: o.after, limit: each }));
  }

  /** What a fetch returned, in claim order. */
  add(fetch: OrgFetch, rows: T[]): void {
    const org = this.#orgs.find((o) => o.orgId === fetch.orgId);
    if (!org) return;
    org.pending.push(...rows);
    const last = rows[rows.length - 1];
    if (last) org.after = { id: last.id, priority: last.priority, runAt: last.runAt };
    if (rows.length < fetch.limit) org.more = false;
  }

  /** The candidates read so far, one per org in turn, until every org's are handed out. */
  *turns(): Generator<T> {
    for (let pass = true; pass; ) {
      pass = false;
      for (const org of this.#orgs) {
        const next = org.pending.shift();
        if (!next) continue;
        pass = true;
        yield next;
      }
    }
  }
}
