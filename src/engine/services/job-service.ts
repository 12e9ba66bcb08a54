/**
 * The jobs use cases, org-scoped: enqueue (validated against the task's schema), read, cancel, retry,
 * delete, their bulk variants (retryMany, cancelMany, deleteMany: each audited once) and queue stats.
 * The API and the executor's `spawn` both come through here.
 */
import { foldQueueStats } from '../domain/queue-stats.js';
import { auditEntry, writeAudit } from './audit-writer.js';
import { type Actor } from '../domain/actor.js';
import { ConflictError, NotFoundError, ValidationError, type Issue } from '../domain/errors.js';
import { cleanForStorage, DEFAULT_SIZE_LIMITS } from '../domain/size-limits.js';
import { newId } from '../domain/ids.js';
import type { InsertAudit, JobListQuery, Store } from '../store/port.js';
import type { StopSignal } from '../domain/stop-signal.js';
import type { TaskCatalog } from '../domain/task-catalog.js';
import type { Job, JobFilter, JobOrder, NewJob, QueueStats, WorkerInfo } from '../domain/types.js';
import type { Page, PageRequest } from '../domain/page.js';
import type { Quotas } from './quotas.js';
import { BudgetService } from './budget-service.js';
import { FINISHED_STATUSES, type JobStatus } from '../domain/types.js';
import { JOB_COUNT_CAP, countedByCounters, type JobCount } from '../domain/job-counts.js';
import { inChunks } from './chunked.js';
import { InsertGroups } from './insert-groups.js';

const UNFINISHED_STATUSES: readonly JobStatus[] = ['QUEUED', 'RUNNING', 'WAITING'];

/** A count's reads (#searching): answered by counters when they can, else read in creation order. */
const COUNT_ORDER = Symbol('count');

export interface EnqueueInput {
  type: string;
  payload: unknown;
  priority?: number;
  /** Epoch ms; or `delayMs` from now. */
  runAt?: number;
  delayMs?: number;
  maxAttempts?: number;
  timeoutMs?: number;
  idempotencyKey?: string;
  parentId?: string;
  checkpoint?: unknown;
  retryOfId?: string;
  scheduleId?: string;
  scheduleRunId?: string;
  /** The most this job's model calls may cost over its whole run, in USD (a JOB budget). */
  maxCostUsd?: number;
}

/** Most jobs one `enqueueJobs` call stores. */
export const ENQUEUE_BATCH_LIMIT = 1000;

export interface EnqueueOptions {
  /** The audit entries written with the jobs: the default (one `job.enqueue` per stored job), none, or these. */
  audit?: boolean | InsertAudit;
  /** False leaves the token's enqueue rate alone. */
  rate?: boolean;
  /** Where an item's issues are reported, by its index. */
  path?: (index: number) => string;
  /**
   * Write a small call together with the other small calls of this event-loop turn, in one store
   * transaction (./insert-groups.ts): the API's enqueues, where many clients enqueue at once.
   */
  group?: boolean;
}

export interface JobServiceOptions {
  store: Store;
  catalog: TaskCatalog;
  /** Workers whose heartbeat is older than this are not listed. */
  workerStaleMs?: number;
  /** Most jobs one bulk call touches. */
  bulkLimit?: number;
  /** Per-org and per-token limits on enqueueing; none when absent. */
  quotas?: Quotas;
}

const LIMITS = {
  priority: 1_000_000,
  maxAttempts: 100,
  delayMs: 366 * 24 * 3600 * 1000,
  timeoutMs: 7 * 24 * 3600 * 1000,
  idempotencyKey: 256,
};

export class JobService {
  readonly store: Store;
  readonly catalog: TaskCatalog;
  readonly #workerStaleMs: number;
  readonly #bulkLimit: number;
  readonly #quotas: Quotas | undefined;
  /** Only where one insert is one transaction: a failed group has then stored nothing. */
  readonly #groups: InsertGroups | undefined;

  constructor(options: JobServiceOptions) {
    this.store = options.store;
    this.#groups = options.store.kind === 'sqlite' ? new InsertGroups(options.store) : undefined;
    this.catalog = options.catalog;
    this.#workerStaleMs = options.workerStaleMs ?? 60_000;
    this.#bulkLimit = options.bulkLimit ?? 10_000;
    this.#quotas = options.quotas;
  }

  /**
   * `enqueueJobs`: up to ENQUEUE_BATCH_LIMIT jobs, all or nothing. Every item is validated first (an
   * issue's path starts with `inputs.<index>.`); the jobs and one `job.enqueueMany` audit entry listing
   * them are stored in one write. Idempotency keys hold per item, as in `enqueue`: an item whose key
   * exists (or appeared earlier in the same call) gets that job back and is not stored again. The
   * batch counts as its size against the token's enqueue rate and the org's queued jobs.
   */
  async enqueueBatch(actor: Actor, inputs: EnqueueInput[], opts: Pick<EnqueueOptions, 'group'> = {}): Promise<Job[]> {
    if (inputs.length > ENQUEUE_BATCH_LIMIT) {
      throw ValidationError.field('inputs', `at most ${ENQUEUE_BATCH_LIMIT.toLocaleString('en-US')} jobs per call; got ${inputs.length.toLocaleString('en-US')} (split them into several calls)`);
    }
    if (inputs.length === 0) return [];
    return this.enqueueMany(actor, inputs, {
      ...opts,
      path: (index) => `inputs.${index}.`,
      audit: (results) => {
        const created = results.filter((r) => r.created);
        // A call that stored nothing new (every key existed) changed nothing: no entry.
        if (created.length === 0) return [];
        return [
          auditEntry(actor, 'job.enqueueMany', { type: 'job', id: '*' }, {
            count: created.length,
            jobs: created.map((r) => ({ id: r.job.id, type: r.job.type })),
            ...(created.length < results.length && { existing: results.filter((r) => !r.created).map((r) => r.job.id) }),
          }),
        ];
      },
    });
  }

  /**
   * Validates and stores jobs in one write; an existing idempotency key returns the existing job.
   * The audit entries (by default one `job.enqueue` per stored job; `false` for none) are written with
   * the jobs. `rate: false` leaves the token's enqueue rate alone (the org's queue limit still applies).
   */
  async enqueueMany(actor: Actor, inputs: EnqueueInput[], opts: EnqueueOptions = {}): Promise<Job[]> {
    const now = Date.now();
    const newJobs: NewJob[] = [];
    const issues: Issue[] = [];
    const prefix = opts.path ?? ((index: number) => (inputs.length > 1 ? `[${index}].` : ''));
    // The parents named by the batch, read at once.
    const parentIds = [...new Set(inputs.flatMap((i) => (i.parentId === undefined ? [] : [i.parentId])))];
    const parents = new Set(parentIds.length ? (await this.store.jobs.getMany(parentIds, actor.orgId)).map((j) => j.id) : []);
    // Every item is checked, so a caller learns about all its mistakes at once; nothing is stored
    // unless every item is valid.
    for (const [index, input] of inputs.entries()) {
      try {
        newJobs.push(this.#toNewJob(actor, input, now, prefix(index), parents));
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        issues.push(...error.issues);
      }
    }
    if (issues.length) throw new ValidationError(issues);
    await this.#quotas?.checkEnqueue(opts.rate === false ? { orgId: actor.orgId, userId: actor.userId } : actor, newJobs.length, now);
    const audit: InsertAudit | undefined =
      opts.audit === false
        ? undefined
        : typeof opts.audit === 'function'
          ? opts.audit
          : (results) => results.filter((r) => r.created).map(({ job }) => auditEntry(actor, 'job.enqueue', { type: 'job', id: job.id }, { type: job.type }));
    // A job's own budget is stored before the job, so its first call already meets it.
    const budgets = new BudgetService(this.store);
    const jobBudgets = new Map<number, string>();
    for (const [index, input] of inputs.entries()) {
      if (input.maxCostUsd !== undefined) jobBudgets.set(index, (await budgets.forJob(actor.orgId, newJobs[index]!.id, input.maxCostUsd, now)).id);
    }
    const results = opts.group && this.#groups ? await this.#groups.insert(newJobs, audit) : await this.store.jobs.insert(newJobs, audit);
    for (const [index, budgetId] of jobBudgets) if (!results[index]?.created) await budgets.dropForJob(actor.orgId, budgetId);
    return results.map((r) => r.job);
  }

  /**
   * A job as enqueue would store it, validated, without storing it: for a caller that stores it in
   * its own write (a schedule's slot, with its run). Throws the ValidationError enqueue would.
   */
  async prepare(actor: Actor, input: EnqueueInput, now = Date.now()): Promise<NewJob> {
    const parents = input.parentId === undefined ? new Set<string>() : new Set((await this.store.jobs.getMany([input.parentId], actor.orgId)).map((j) => j.id));
    return this.#toNewJob(actor, input, now, '', parents);
  }

  /** Throws if `count` more jobs of the org would go over its quota, as enqueue does (the token's rate aside). */
  async admit(orgId: string, count: number, now = Date.now()): Promise<void> {
    await this.#quotas?.checkEnqueue({ orgId, userId: 'quota' }, count, now);
  }

  async enqueue(actor: Actor, input: EnqueueInput, opts: EnqueueOptions = {}): Promise<Job> {
    const [job] = await this.enqueueMany(actor, [input], opts);
    return job!;
  }

  #toNewJob(actor: Actor, input: EnqueueInput, now: number, prefix: string, parents: ReadonlySet<string>): NewJob {
    const issues: Issue[] = [];
    const at = (path: string, message: string) => issues.push({ path: prefix + path, message });
    const spec = this.catalog.get(input.type);
    let payload: unknown = input.payload;
    if (!spec) {
      const known = this.catalog.list().map((t) => t.type).join(', ');
      at('type', `unknown task type "${input.type}"; known types: ${known || 'none'}`);
    } else {
      const parsed = spec.parseInput(input.payload);
      if (parsed.ok) payload = parsed.value;
      else for (const issue of parsed.issues) at(issue.path ? `payload.${issue.path}` : 'payload', issue.message);
    }
    // The payload is stored as its JSON reads back, and capped, the same on every store (size-limits.ts).
    const storable = cleanForStorage(payload, DEFAULT_SIZE_LIMITS.payload);
    if (storable.ok) payload = storable.value;
    else at('payload', `cannot be stored: ${storable.reason}`);
    let checkpoint: unknown = input.checkpoint;
    if (checkpoint !== undefined) {
      const cleaned = cleanForStorage(checkpoint, DEFAULT_SIZE_LIMITS.checkpoint);
      if (cleaned.ok) checkpoint = cleaned.value;
      else at('checkpoint', `cannot be stored: ${cleaned.reason}`);
    }
    checkInt(at, 'priority', input.priority, -LIMITS.priority, LIMITS.priority);
    checkInt(at, 'maxAttempts', input.maxAttempts, 1, LIMITS.maxAttempts);
    checkInt(at, 'delayMs', input.delayMs, 0, LIMITS.delayMs);
    checkInt(at, 'timeoutMs', input.timeoutMs, 1, LIMITS.timeoutMs);
    if (input.runAt !== undefined && input.delayMs !== undefined) at('delayMs', 'give runAt or delayMs, not both');
    if (input.runAt !== undefined && !Number.isFinite(input.runAt)) at('runAt', 'must be a valid time');
    if (input.idempotencyKey !== undefined && (input.idempotencyKey.length === 0 || input.idempotencyKey.length > LIMITS.idempotencyKey)) {
      at('idempotencyKey', `must be 1 to ${LIMITS.idempotencyKey} characters`);
    }
    if (input.maxCostUsd !== undefined && !(Number.isFinite(input.maxCostUsd) && input.maxCostUsd >= 0.000001 && input.maxCostUsd <= 1_000_000)) {
      at('maxCostUsd', 'must be from 0.000001 to 1000000 USD');
    }
    if (input.parentId !== undefined && !parents.has(input.parentId)) {
      at('parentId', `job ${input.parentId} was not found`);
    }
    if (issues.length) throw new ValidationError(issues);
    const job: NewJob = {
      id: newId(),
      orgId: actor.orgId,
      type: input.type,
      priority: input.priority ?? 0,
      payload,
      maxAttempts: input.maxAttempts ?? spec!.maxAttempts,
      runAt: input.runAt ?? now + (input.delayMs ?? 0),
      createdAt: now,
      createdBy: actor.userId,
    };
    if (actor.tokenId !== undefined) job.createdByToken = actor.tokenId;
    const timeoutMs = input.timeoutMs ?? spec!.timeoutMs;
    if (timeoutMs !== undefined) job.timeoutMs = timeoutMs;
    if (checkpoint !== undefined) job.checkpoint = checkpoint;
    for (const key of ['idempotencyKey', 'parentId', 'retryOfId', 'scheduleId', 'scheduleRunId'] as const) {
      if (input[key] !== undefined) (job as unknown as Record<string, unknown>)[key] = input[key];
    }
    return job;
  }

  async get(actor: Actor, id: string): Promise<Job | undefined> {
    return this.store.jobs.get(id, actor.orgId);
  }

  /** The actor's org's jobs among these ids, in the order asked (undefined where there is none): one read. */
  async getMany(actor: Actor, ids: readonly string[]): Promise<Array<Job | undefined>> {
    const byId = new Map((await this.store.jobs.getMany(ids, actor.orgId)).map((j) => [j.id, j]));
    return ids.map((id) => byId.get(id));
  }

  async require(actor: Actor, id: string): Promise<Job> {
    const job = await this.get(actor, id);
    if (!job) throw new NotFoundError('job', id);
    return job;
  }

  /**
   * `signal`: the caller's operation; a long read stops early once it is abandoned. `fields`: the job
   * fields the caller reads, when it reads only some (JobListQuery.fields): the others may be absent.
   */
  list(actor: Actor, filter: JobFilter, orderBy: JobOrder, page: PageRequest, signal?: StopSignal, fields?: ReadonlyArray<keyof Job>): Promise<Page<Job>> {
    const query: JobListQuery = { orgId: actor.orgId, filter, orderBy, page, ...(signal && { signal }), ...(fields && { fields }) };
    return this.#searching(actor, filter, orderBy, () => this.store.jobs.list(query));
  }

  count(actor: Actor, filter: JobFilter): Promise<number> {
    return this.#searching(actor, filter, COUNT_ORDER, () => this.store.jobs.count(actor.orgId, filter));
  }

  /** A read with a search term runs under the org's cap on searches at once (Quotas.enterSearch). */
  /**
   * Runs a read of jobs by a filter under the org's search cap when it reads the org row by row: a
   * search by a term, or a filter the store reads in a scan in that order (COUNT_ORDER: a count,
   * which counters answer when they can).
   */
  async #searching<T>(actor: Actor, filter: JobFilter, order: JobOrder | typeof COUNT_ORDER, read: () => Promise<T>): Promise<T> {
    const scans =
      order === COUNT_ORDER ? !countedByCounters(filter) && this.store.jobs.scans?.(filter, 'CREATED_DESC') : this.store.jobs.scans?.(filter, order);
    if (!this.#quotas || (!filter.search?.trim() && !scans)) return read();
    const leave = this.#quotas.enterSearch(actor);
    try {
      return await read();
    } finally {
      leave();
    }
  }

  /** The count a list shows: exact from counters, or read up to JOB_COUNT_CAP (domain/job-counts.ts). */
  countUpTo(actor: Actor, filter: JobFilter, signal?: StopSignal): Promise<JobCount> {
    return this.#searching(actor, filter, COUNT_ORDER, () => this.store.jobs.countUpTo(actor.orgId, filter, JOB_COUNT_CAP, signal));
  }

  /**
   * Cancelling a finished job, or a RUNNING one already asked to stop, changes nothing: it returns the
   * job unchanged and audits nothing.
   */
  async cancel(actor: Actor, id: string): Promise<Job> {
    const before = await this.require(actor, id);
    if (FINISHED_STATUSES.includes(before.status) || (before.status === 'RUNNING' && before.cancelRequested)) return before;
    const job = await this.store.jobs.requestCancel(id, actor.orgId, Date.now());
    if (!job) throw new NotFoundError('job', id);
    await writeAudit(this.store, actor, 'job.cancel', { type: 'job', id }, { status: job.status });
    return job;
  }

  /** A new job with the same type and payload; `fromCheckpoint` carries the old job's checkpoint. */
  async retry(actor: Actor, id: string, opts: { fromCheckpoint?: boolean } = {}): Promise<Job> {
    const old = await this.require(actor, id);
    if (old.status !== 'FAILED' && old.status !== 'CANCELLED') {
      throw new ConflictError(`job ${id} is ${old.status}; only FAILED or CANCELLED jobs can be retried`);
    }
    return this.enqueue(actor, await this.#retryInput(old, opts.fromCheckpoint ?? false), {
      audit: ([stored]) => [auditEntry(actor, 'job.retry', { type: 'job', id }, { newJobId: stored!.job.id, fromCheckpoint: !!opts.fromCheckpoint })],
    });
  }

  async #retryInput(old: Job, fromCheckpoint: boolean): Promise<EnqueueInput> {
    const input: EnqueueInput = {
      type: old.type,
      payload: old.payload,
      priority: old.priority,
      maxAttempts: old.maxAttempts,
      retryOfId: old.id,
    };
    if (old.timeoutMs !== undefined) input.timeoutMs = old.timeoutMs;
    // The retry stays a child of the old job's parent while that parent exists (it may be purged).
    if (old.parentId !== undefined && (await this.store.jobs.get(old.parentId, old.orgId))) input.parentId = old.parentId;
    if (old.scheduleId !== undefined) input.scheduleId = old.scheduleId;
    if (fromCheckpoint && old.checkpoint !== undefined) input.checkpoint = old.checkpoint;
    return input;
  }

  async delete(actor: Actor, id: string): Promise<string> {
    const job = await this.require(actor, id);
    if (!FINISHED_STATUSES.includes(job.status)) {
      throw new ConflictError(`job ${id} is ${job.status}; cancel it before deleting it`);
    }
    await this.store.jobs.deleteFinished(actor.orgId, [id]);
    await writeAudit(this.store, actor, 'job.delete', { type: 'job', id }, { type: job.type, status: job.status });
    return id;
  }

  /**
   * Retries the FAILED and CANCELLED jobs that match and have not been retried yet (so calling it
   * twice does not retry a job twice); returns how many new jobs were made.
   */
  async retryMany(actor: Actor, filter: JobFilter): Promise<number> {
    const status = (filter.status ?? ['FAILED', 'CANCELLED']).filter((s) => s === 'FAILED' || s === 'CANCELLED');
    if (status.length === 0) return 0;
    const ids = await this.#searching(actor, filter, 'CREATED_ASC', () => this.store.jobs.findIds(actor.orgId, { ...filter, status }, this.#bulkLimit));
    // A chunk of jobs is read and its retries written in one transaction, with the loop free between
    // chunks (chunked.ts), as cancelMany and deleteMany do.
    const made = await inChunks(ids, async (chunk) => {
      const inputs: EnqueueInput[] = [];
      for (const id of chunk) {
        if ((await this.store.jobs.count(actor.orgId, { retryOfId: id })) > 0) continue;
        const old = await this.store.jobs.get(id, actor.orgId);
        if (old) inputs.push(await this.#retryInput(old, false));
      }
      // Each failed job is retried once at most, so a bulk retry is bounded by jobs that were rate
      // limited when they were enqueued: it is not held to the burst (it may touch bulkLimit jobs).
      return inputs.length ? this.enqueueMany(actor, inputs, { rate: false, audit: false }) : [];
    });
    // One audit entry for the call; a bulk call that matched nothing changed nothing: none.
    if (made.length > 0) await writeAudit(this.store, actor, 'job.retryMany', { type: 'job', id: '*' }, { filter, count: made.length });
    return made.length;
  }

  /**
   * Cancels the QUEUED and WAITING jobs that match and asks the RUNNING ones to stop, as `cancel` does; returns how
   * many it cancelled or asked. A RUNNING job already asked to stop is left alone and not counted, so
   * calling it twice does not count a job twice.
   */
  async cancelMany(actor: Actor, filter: JobFilter): Promise<number> {
    const status = (filter.status ?? UNFINISHED_STATUSES).filter((s) => UNFINISHED_STATUSES.includes(s));
    if (status.length === 0) return 0;
    const ids = await this.#searching(actor, filter, 'CREATED_ASC', () => this.store.jobs.findIds(actor.orgId, { ...filter, status }, this.#bulkLimit));
    const now = Date.now();
    // Only what a chunk changed is counted: a job that finished in between was neither cancelled nor asked.
    const count = (await inChunks(ids, (chunk) => this.store.jobs.requestCancelMany(chunk, actor.orgId, now))).length;
    if (count > 0) await writeAudit(this.store, actor, 'job.cancelMany', { type: 'job', id: '*' }, { filter, count });
    return count;
  }

  /** Deletes the finished jobs that match; returns how many. */
  async deleteMany(actor: Actor, filter: JobFilter): Promise<number> {
    const status = (filter.status ?? FINISHED_STATUSES).filter((s) => FINISHED_STATUSES.includes(s));
    if (status.length === 0) return 0;
    const ids = await this.#searching(actor, filter, 'CREATED_ASC', () => this.store.jobs.findIds(actor.orgId, { ...filter, status }, this.#bulkLimit));
    const deleted = await inChunks(ids, (chunk) => this.store.jobs.deleteFinished(actor.orgId, chunk));
    if (deleted.length > 0) await writeAudit(this.store, actor, 'job.deleteMany', { type: 'job', id: '*' }, { filter, count: deleted.length });
    return deleted.length;
  }

  async stats(actor: Actor): Promise<QueueStats & { workers: WorkerInfo[] }> {
    const [{ counts, oldestQueuedAt }, workers] = await Promise.all([
      this.store.jobs.queueCounts(actor.orgId),
      this.store.workers.list(Date.now() - this.#workerStaleMs),
    ]);
    return { ...foldQueueStats(counts, oldestQueuedAt), workers };
  }
}

function checkInt(
  at: (path: string, message: string) => void,
  path: string,
  value: number | undefined,
  min: number,
  max: number,
): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < min || value > max) at(path, `must be an integer from ${min} to ${max}`);
}
