/**
 * Waits, kept signals and events on MongoDB. A wait is resolved by one conditional update (open ->
 * resolved), so it resolves once across processes, and in the same transaction as the resume of its
 * job (WAITING -> QUEUED): a crash leaves both written or neither, never a resolved wait behind a job
 * that still waits. Each side that could race writes (and commits) first, then checks the other: a
 * signal kept while its wait opens, and a wait opened while its event is stored, are both found by
 * one of the two.
 */
import { MongoServerError, type ClientSession, type Collection, type Filter } from 'mongodb';
import type { JobWait, KeptSignal, NewJobWait, WaitEvent, WaitResolution } from '../../domain/job-wait.js';
import type { Job } from '../../domain/types.js';
import type { JobWaitRepository } from '../port.js';
import { docToJob, docToWait, jobNameKey, type JobDoc, type JobWaitDoc, type KeptSignalDoc, type WaitEventDoc } from './documents.js';
import type { Transact } from './jobs.js';
import { resumeUpdate } from './queries.js';
import type { JobCounters } from './job-counts.js';

type Resolved = { wait: JobWait; job?: Job };
const OPEN = { resolvedAt: { $exists: false } } as const;

export class MongoJobWaitRepository implements JobWaitRepository {
  constructor(
    private readonly c: {
      waits: Collection<JobWaitDoc>;
      signals: Collection<KeptSignalDoc>;
      events: Collection<WaitEventDoc>;
      /** The job a wait resolves is resumed in the wait's transaction, its counters moved with it. */
      jobs: Collection<JobDoc>;
      counts: JobCounters;
      transact: Transact;
    },
  ) {}

  async open(wait: NewJobWait, now: number, eventsSince: number): Promise<JobWait> {
    let doc = await this.c.waits.findOne({ jobId: wait.jobId, name: wait.name });
    if (!doc) {
      const { id, ...rest } = wait;
      const fresh = { _id: id, ...rest } as JobWaitDoc;
      for (const key of Object.keys(fresh) as Array<keyof JobWaitDoc>) if (fresh[key] === undefined) delete fresh[key];
      try {
        await this.c.waits.insertOne(fresh);
        doc = fresh;
      } catch (error) {
        if (!(error instanceof MongoServerError && error.code === 11000)) throw error;
        doc = await this.c.waits.findOne({ jobId: wait.jobId, name: wait.name });
        if (!doc) throw error;
      }
    }
    const existing = docToWait(doc);
    if (existing.resolvedAt !== undefined) return existing;
    if (existing.kind === 'SIGNAL' || existing.kind === 'APPROVAL') {
      const kept = await this.c.signals.findOne({ _id: jobNameKey(existing.jobId, existing.name) });
      if (kept) {
        // The wait takes the kept signal: resolved, resumed and the signal dropped in one transaction.
        const resolved = await this.c.transact(async (session) => {
          const r = await this.#resolveIn(session, existing.id, existing.orgId, { data: kept.data ?? null }, now);
          await this.c.signals.deleteMany({ _id: kept._id }, { ...(session && { session }) });
          return r;
        });
        if (resolved) return resolved.wait;
      }
    } else if (existing.kind === 'EVENT') {
      const taken = (await this.c.waits.find({ jobId: existing.jobId, eventId: { $exists: true } }, { projection: { eventId: 1 } }).toArray()).map((w) => w.eventId!);
      const event = await this.c.events
        .find({
          orgId: existing.orgId,
          name: existing.eventName!,
          key: existing.eventKey ?? null,
          at: { $gte: eventsSince },
          expiresAt: { $gt: now },
          _id: { $nin: taken },
        } as Filter<WaitEventDoc>)
        .sort({ at: 1, _id: 1 })
        .limit(1)
        .next();
      if (event) {
        const resolved = await this.#resolve(existing.id, existing.orgId, { data: event.data ?? null, eventId: event._id }, now);
        if (resolved) return resolved.wait;
      }
    }
    return (await this.get(existing.id, existing.orgId)) ?? existing;
  }

  async list(orgId: string, jobId: string): Promise<JobWait[]> {
    return (await this.c.waits.find({ jobId, orgId }).sort({ createdAt: 1, _id: 1 }).toArray()).map(docToWait);
  }

  async listMany(orgId: string, jobIds: readonly string[]): Promise<JobWait[]> {
    if (jobIds.length === 0) return [];
    return (await this.c.waits.find({ jobId: { $in: [...jobIds] }, orgId }).sort({ jobId: 1, createdAt: 1, _id: 1 }).toArray()).map(docToWait);
  }

  async get(id: string, orgId: string): Promise<JobWait | undefined> {
    const doc = await this.c.waits.findOne({ _id: id, orgId });
    return doc ? docToWait(doc) : undefined;
  }

  async byCallbackToken(token: string): Promise<JobWait | undefined> {
    const doc = await this.c.waits.findOne({ callbackToken: token });
    return doc ? docToWait(doc) : undefined;
  }

  resolve(id: string, orgId: string, resolution: WaitResolution, now: number): Promise<Resolved | undefined> {
    return this.#resolve(id, orgId, resolution, now);
  }

  async signal(signal: KeptSignal): Promise<{ resolved?: Resolved; kept: boolean }> {
    const _id = jobNameKey(signal.jobId, signal.name);
    const find = () => this.c.waits.findOne({ jobId: signal.jobId, name: signal.name });
    let doc = await find();
    let keptHere = false;
    if (!doc) {
      await this.c.signals.updateOne({ _id }, { $set: { ...signal, data: signal.data ?? null } }, { upsert: true });
      // The wait may have opened meanwhile without seeing the signal: check, and resolve it here.
      doc = await find();
      if (!doc) return { kept: true };
      keptHere = true;
    }
    const wait = doc;
    if (wait.orgId !== signal.orgId || (wait.kind !== 'SIGNAL' && wait.kind !== 'APPROVAL')) {
      if (keptHere) await this.c.signals.deleteMany({ _id });
      return { kept: false };
    }
    // The signal kept here is dropped in the resolving transaction: it is never both lost and unused.
    const resolved = await this.c.transact(async (session) => {
      const r = await this.#resolveIn(session, wait._id, wait.orgId, { data: signal.data ?? null }, signal.at);
      if (keptHere) await this.c.signals.deleteMany({ _id }, { ...(session && { session }) });
      return r;
    });
    return resolved ? { resolved, kept: false } : { kept: false };
  }

  async sendEvent(event: WaitEvent): Promise<Resolved[]> {
    const { id, ...rest } = event;
    const doc = { _id: id, ...rest, key: event.key ?? null, data: event.data ?? null } as WaitEventDoc;
    // The event commits before the open waits are read (a wait opening meanwhile finds it); each
    // wait it resolves is resolved with its job's resume, one transaction per wait.
    await this.c.events.insertOne(doc);
    const open = await this.c.waits
      .find({ orgId: event.orgId, kind: 'EVENT', eventName: event.name, eventKey: event.key ?? null, ...OPEN } as Filter<JobWaitDoc>, { projection: { _id: 1 } })
      .toArray();
    const resolved: Resolved[] = [];
    for (const w of open) {
      const r = await this.#resolve(w._id, event.orgId, { data: event.data ?? null, eventId: id }, event.at);
      if (r) resolved.push(r);
    }
    return resolved;
  }

  async purgeEvents(before: number, max: number): Promise<number> {
    const ids = (await this.c.events.find({ expiresAt: { $lt: before } }, { projection: { _id: 1 } }).sort({ expiresAt: 1 }).limit(max).toArray()).map((d) => d._id);
    if (ids.length === 0) return 0;
    return (await this.c.events.deleteMany({ _id: { $in: ids } })).deletedCount;
  }

  /** Resolves the wait and resumes its job in one transaction (a write conflict retries it: one resolver wins). */
  #resolve(id: string, orgId: string, resolution: WaitResolution, now: number): Promise<Resolved | undefined> {
    return this.c.transact((session) => this.#resolveIn(session, id, orgId, resolution, now));
  }

  /** Inside a transaction: the wait open -> resolved, then its job WAITING -> QUEUED if it waits. */
  async #resolveIn(session: ClientSession | undefined, id: string, orgId: string, resolution: WaitResolution, now: number): Promise<Resolved | undefined> {
    const set: Record<string, unknown> = { resolvedAt: now };
    if (resolution.timedOut) set.timedOut = true;
    else {
      set.resolution = resolution.data ?? null;
      if (resolution.eventId !== undefined) set.eventId = resolution.eventId;
    }
    const inSession = session ? { session } : {};
    const doc = await this.c.waits.findOneAndUpdate({ _id: id, orgId, ...OPEN }, { $set: set }, { returnDocument: 'after', ...inSession });
    if (!doc) return undefined;
    const wait = docToWait(doc);
    const job = await this.c.jobs.findOneAndUpdate({ _id: wait.jobId, orgId: wait.orgId, status: 'WAITING' }, resumeUpdate(now), {
      returnDocument: 'after',
      ...inSession,
    });
    if (!job) return { wait };
    await this.c.counts.move([{ orgId: job.orgId, type: job.type, from: 'WAITING', to: 'QUEUED' }], session);
    return { wait, job: docToJob(job) };
  }
}
