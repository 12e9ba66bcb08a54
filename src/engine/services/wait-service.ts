/**
 * Steps and waits, org-scoped: a job's steps and waits, and what resolves a wait: a signal or an
 * approval to one job, an event to every job of the org that waits for it, and a wait's one-time
 * callback URL (no token: the URL's token is the credential, so it works once and only while the
 * wait is open). Each write is audited.
 */
import { auditEntry, writeAudit } from './audit-writer.js';
import type { Actor } from '../domain/actor.js';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.js';
import { newId } from '../domain/ids.js';
import { MAX_STEP_NAME, type JobStep } from '../domain/job-step.js';
import { EVENT_KEEP_MS, type Approval, type JobWait, type WaitKind } from '../domain/job-wait.js';
import { cleanForStorage, DEFAULT_SIZE_LIMITS } from '../domain/size-limits.js';
import { FINISHED_STATUSES, type Job } from '../domain/types.js';
import type { Store } from '../store/port.js';

/** Where a wait's callback URL points: POST `${base}${CALLBACK_PATH}<token>`. */
export const CALLBACK_PATH = '/callbacks/waits/';

export type CallbackAnswer =
  | { status: 'resolved'; jobId: string; waitId: string }
  | { status: 'gone'; reason: string }
  | { status: 'not-found' }
  | { status: 'bad-input'; reason: string };

export class WaitService {
  /** The server's public origin (e.g. https://jobs.example.com), for callback URLs; set once it listens. */
  callbackBase: string | undefined;

  constructor(private readonly store: Store) {}

  async steps(actor: Actor, jobId: string): Promise<JobStep[]> {
    return this.store.steps.list(actor.orgId, jobId);
  }

  async waits(actor: Actor, jobId: string): Promise<JobWait[]> {
    return this.store.waits.list(actor.orgId, jobId);
  }

  /** The steps of each job asked, in the order asked (none for another org's job): one read. */
  async stepsOfJobs(actor: Actor, jobIds: readonly string[]): Promise<JobStep[][]> {
    return byJob(jobIds, await this.store.steps.listMany(actor.orgId, jobIds));
  }

  /** The waits of each job asked, in the order asked (none for another org's job): one read. */
  async waitsOfJobs(actor: Actor, jobIds: readonly string[]): Promise<JobWait[][]> {
    return byJob(jobIds, await this.store.waits.listMany(actor.orgId, jobIds));
  }

  /** The wait's one-time URL, while it is open (a path when no public origin is known). */
  callbackUrl(wait: JobWait): string | undefined {
    if (!wait.callbackToken || wait.resolvedAt !== undefined) return undefined;
    return `${this.callbackBase ?? ''}${CALLBACK_PATH}${wait.callbackToken}`;
  }

  /** Resolves the job's SIGNAL wait of this name with `data`, or keeps the signal for a wait to come. */
  async signal(actor: Actor, jobId: string, name: string, data: unknown): Promise<Job> {
    return this.#deliver(actor, jobId, name, 'SIGNAL', cleanData('data', data), 'job.signal');
  }

  /** Resolves the job's APPROVAL wait of this name with `{ approved, comment, by }` (or keeps it). */
  async approve(actor: Actor, jobId: string, name: string, approved: boolean, comment?: string): Promise<Job> {
    if (comment !== undefined && comment.length > 10_000) throw ValidationError.field('comment', 'at most 10,000 characters');
    const approval: Approval = { approved, by: actor.userId, ...(comment !== undefined && { comment }) };
    return this.#deliver(actor, jobId, name, 'APPROVAL', approval, 'job.approve');
  }

  /**
   * Resolves every open wait of the org for this event (name and key); kept EVENT_KEEP_MS for waits
   * opened later by jobs created before it was sent. Returns how many waits it resolved.
   */
  async sendEvent(actor: Actor, name: string, key: string | undefined, data: unknown): Promise<{ resumed: number; jobIds: string[] }> {
    checkName('name', name);
    if (key !== undefined) checkName('key', key);
    const now = Date.now();
    const resolved = await this.store.waits.sendEvent({
      id: newId(),
      orgId: actor.orgId,
      name,
      ...(key !== undefined && { key }),
      data: cleanData('data', data) ?? null,
      at: now,
      expiresAt: now + EVENT_KEEP_MS,
    });
    const jobIds = resolved.map((r) => r.wait.jobId);
    await writeAudit(this.store, actor, 'event.send', { type: 'event', id: name }, { key: key ?? null, resumed: jobIds.length, jobs: jobIds });
    return { resumed: jobIds.length, jobIds };
  }

  /** A POST to a wait's callback URL: resolves it once, while it is open and its job unfinished. */
  async callback(token: string, body: unknown): Promise<CallbackAnswer> {
    const wait = token ? await this.store.waits.byCallbackToken(token) : undefined;
    if (!wait) return { status: 'not-found' };
    const now = Date.now();
    if (wait.resolvedAt !== undefined) return { status: 'gone', reason: 'this wait was resolved already; a callback URL works once' };
    if (wait.timeoutAt !== undefined && wait.timeoutAt <= now) return { status: 'gone', reason: 'this wait timed out' };
    const job = await this.store.jobs.get(wait.jobId, wait.orgId);
    if (!job || FINISHED_STATUSES.includes(job.status)) return { status: 'gone', reason: `the job is ${job?.status ?? 'gone'}` };
    let data: unknown;
    try {
      data = wait.kind === 'APPROVAL' ? approvalFromBody(body) : cleanData('body', body);
    } catch (error) {
      return { status: 'bad-input', reason: (error as Error).message };
    }
    const resolved = await this.store.waits.resolve(wait.id, wait.orgId, { data: data ?? null }, now);
    if (!resolved) return { status: 'gone', reason: 'this wait was resolved already; a callback URL works once' };
    const actor: Actor = { orgId: wait.orgId, userId: 'callback' };
    await writeAudit(this.store, actor, 'job.callback', { type: 'job', id: wait.jobId }, { wait: wait.name, kind: wait.kind });
    return { status: 'resolved', jobId: wait.jobId, waitId: wait.id };
  }

  async #deliver(actor: Actor, jobId: string, name: string, kind: WaitKind, data: unknown, action: string): Promise<Job> {
    checkName('name', name);
    const job = await this.store.jobs.get(jobId, actor.orgId);
    if (!job) throw new NotFoundError('job', jobId);
    if (FINISHED_STATUSES.includes(job.status)) throw new ConflictError(`job ${jobId} is ${job.status}: it waits for nothing`);
    const wait = (await this.store.waits.list(actor.orgId, jobId)).find((w) => w.name === name);
    if (wait) {
      if (wait.kind !== kind) {
        const use = wait.kind === 'APPROVAL' ? 'approveJob' : wait.kind === 'SIGNAL' ? 'signalJob' : wait.kind === 'EVENT' ? 'sendEvent' : 'nothing (it ends by itself)';
        throw new ConflictError(`job ${jobId} waits for "${name}" as ${wait.kind.toLowerCase()}: use ${use}`);
      }
      if (wait.resolvedAt !== undefined) throw new ConflictError(`job ${jobId}'s wait "${name}" was resolved already`);
      if (wait.timeoutAt !== undefined && wait.timeoutAt <= Date.now()) throw new ConflictError(`job ${jobId}'s wait "${name}" timed out`);
    }
    const result = await this.store.waits.signal({ orgId: actor.orgId, jobId, name, data: data ?? null, at: Date.now() });
    if (!result.resolved && !result.kept) throw new ConflictError(`job ${jobId}'s wait "${name}" was resolved already`);
    await this.store.audit.insert(auditEntry(actor, action, { type: 'job', id: jobId }, { name, ...(result.kept && { kept: true }) }));
    return result.resolved?.job ?? (await this.store.jobs.get(jobId, actor.orgId)) ?? job;
  }
}

/** Rows of many jobs, grouped per job id asked (each group keeps the rows' order). */
function byJob<T extends { jobId: string }>(jobIds: readonly string[], rows: T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(row.jobId);
    if (group) group.push(row);
    else groups.set(row.jobId, [row]);
  }
  return jobIds.map((id) => groups.get(id) ?? []);
}

function checkName(path: string, name: string): void {
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_STEP_NAME) {
    throw ValidationError.field(path, `must be 1 to ${MAX_STEP_NAME} characters`);
  }
}

function cleanData(path: string, data: unknown): unknown {
  const cleaned = cleanForStorage(data, DEFAULT_SIZE_LIMITS.checkpoint);
  if (!cleaned.ok) throw ValidationError.field(path, cleaned.reason);
  return cleaned.value;
}

/** A callback's body for an approval: `{ approved: boolean, comment?: string, by?: string }`. */
function approvalFromBody(body: unknown): Approval {
  const b = (body ?? {}) as Record<string, unknown>;
  if (typeof b.approved !== 'boolean') throw new Error('an approval needs a JSON body with "approved": true or false');
  if (b.comment !== undefined && typeof b.comment !== 'string') throw new Error('"comment" must be a string');
  const by = typeof b.by === 'string' && b.by.length > 0 && b.by.length <= 200 ? `callback:${b.by}` : 'callback';
  return { approved: b.approved, by, ...(typeof b.comment === 'string' && { comment: b.comment.slice(0, 10_000) }) };
}
