/**
 * Inserting jobs on MongoDB: the idempotency keys a batch names are looked up first, then the new
 * documents and their counter moves are written (job-counts.ts), in one transaction for a batch.
 */
import { MongoServerError } from 'mongodb';
import type { Job, NewJob } from '../../domain/types.js';
import { docToJob, newJobDoc, type JobDoc } from './documents.js';
import type { JobMove } from './job-counts.js';
import type { MongoJobCollections } from './jobs.js';

type Inserting = Pick<MongoJobCollections, 'jobs' | 'counts' | 'transact'>;

const DUPLICATE_KEY = 11000;

function isDuplicateKey(error: unknown): boolean {
  const e = error as { code?: number; writeErrors?: Array<{ code?: number }> } | undefined;
  return e instanceof MongoServerError && (e.code === DUPLICATE_KEY || (Array.isArray(e.writeErrors) && e.writeErrors.some((w) => w.code === DUPLICATE_KEY)));
}

/**
 * Keys already taken are looked up first (a duplicate key inside a transaction aborts it); a key
 * taken by another process meanwhile aborts this try, and the next one finds it.
 */
export async function insertJobDocs(c: Inserting, jobs: NewJob[]): Promise<Array<{ job: Job; created: boolean }>> {
  if (jobs.length === 0) return [];
  for (let attempt = 1; ; attempt++) {
    try {
      return await insertOnce(c, jobs);
    } catch (error) {
      if (attempt >= 3 || !isDuplicateKey(error)) throw error;
    }
  }
}

async function insertOnce(c: Inserting, jobs: NewJob[]): Promise<Array<{ job: Job; created: boolean }>> {
  const keyOf = (orgId: string, key: string) => `${orgId}\u0000${key}`;
  const keyed = jobs.filter((j) => j.idempotencyKey !== undefined);
  const existing = new Map<string, JobDoc>();
  if (keyed.length) {
    const keysByOrg = new Map<string, string[]>();
    for (const j of keyed) {
      const keys = keysByOrg.get(j.orgId) ?? [];
      keys.push(j.idempotencyKey!);
      keysByOrg.set(j.orgId, keys);
    }
    // One query, one index range per org (the unique idempotency index).
    const byOrg = [...keysByOrg].map(([orgId, keys]) => ({ orgId, idempotencyKey: { $in: keys } }));
    const found = await c.jobs.find(byOrg.length === 1 ? byOrg[0]! : { $or: byOrg }).toArray();
    for (const doc of found) existing.set(keyOf(doc.orgId, doc.idempotencyKey!), doc);
  }
  const results: Array<{ job: Job; created: boolean } | JobDoc> = [];
  const toStore: JobDoc[] = [];
  for (const job of jobs) {
    const key = job.idempotencyKey === undefined ? undefined : keyOf(job.orgId, job.idempotencyKey);
    const holder = key === undefined ? undefined : existing.get(key);
    if (holder) {
      results.push({ job: docToJob(holder), created: false });
      continue;
    }
    const doc = newJobDoc(job);
    // A second job with the same key in this batch gets the first one back.
    if (key !== undefined) existing.set(key, doc);
    toStore.push(doc);
    results.push(doc);
  }
  const moves = toStore.map((d): JobMove => ({ orgId: d.orgId, type: d.type, to: d.status }));
  // One document is one atomic write already; a transaction costs a commit round trip more (its
  // counter then follows it: see job-counts.ts for what a crash in between leaves).
  if (toStore.length === 1) {
    await c.jobs.insertMany(toStore);
    await c.counts.move(moves);
  } else if (toStore.length) {
    await c.transact(async (session) => {
      await c.jobs.insertMany(toStore, { ordered: true, ...(session && { session }) });
      await c.counts.move(moves, session);
    });
  }
  return results.map((r) => ('_id' in r ? { job: docToJob(r), created: true } : r));
}
