/**
 * The change feed on MongoDB: one change stream over the jobs, job-log, LLM-call, schedule,
 * schedule-run and alert collections, mapped to the same typed events the SQLite adapter emits, so every
 * process sees every other's writes. The resume token is stored, so a restarted process picks up
 * where it stopped; when the token is too old for the oplog, it starts from now and says so (the
 * executor's start-up claim and lease recovery cover what was missed; subscribers reconnect to live
 * data).
 */
import type { ChangeStream, ChangeStreamDocument, Collection, Db, Document, ResumeToken } from 'mongodb';
import { MongoServerError } from 'mongodb';
import type { ChangeFeed } from '../change-feed.js';
import type { ChangeEvent } from '../../domain/change-event.js';
import type { LogSink } from '../../domain/log-sink.js';
import {
  docToAlert,
  docToJob,
  docToLlmCall,
  docToLog,
  docToSchedule,
  docToScheduleRun,
  type AlertDoc,
  type JobDoc,
  type JobLogDoc,
  type LlmCallDoc,
  type ScheduleDoc,
  type ScheduleRunDoc,
} from './documents.js';
import { COLLECTIONS } from './indexes.js';

/** Updates that touch only these fields are not worth announcing (heartbeats, checkpoints). */
const QUIET_FIELDS = new Set(['leaseExpiresAt', 'updatedAt', 'checkpoint']);
/** Updates that touch only these (and quiet ones) are coalesced progress writes. */
const PROGRESS_FIELDS = new Set(['progress']);

export function changeStreamPipeline(): Document[] {
  return [
    {
      $match: {
        $or: [
          {
            'ns.coll': { $in: [COLLECTIONS.jobs, COLLECTIONS.jobLogs, COLLECTIONS.schedules] },
            operationType: { $in: ['insert', 'update', 'replace', 'delete'] },
          },
          // Calls and runs have no delete event: purges (and a deleted schedule's runs, which its
          // schedule.deleted stands for) are not worth a trip through the stream.
          {
            'ns.coll': { $in: [COLLECTIONS.llmCalls, COLLECTIONS.scheduleRuns, COLLECTIONS.alerts] },
            operationType: { $in: ['insert', 'update', 'replace'] },
          },
        ],
      },
    },
  ];
}

export const CHANGE_STREAM_OPTIONS = { fullDocument: 'updateLookup', fullDocumentBeforeChange: 'whenAvailable' } as const;

/** One change as a feed event, or undefined when it announces nothing a consumer needs. */
export function toChangeEvent(change: ChangeStreamDocument): ChangeEvent | undefined {
  if (!('ns' in change) || !change.ns || !('coll' in change.ns)) return undefined;
  const coll = change.ns.coll;
  if (coll === COLLECTIONS.jobLogs) {
    return change.operationType === 'insert' ? { kind: 'job.log', log: docToLog(change.fullDocument as JobLogDoc) } : undefined;
  }
  if (coll === COLLECTIONS.llmCalls) return toLlmCallEvent(change);
  if (coll === COLLECTIONS.schedules) return toScheduleEvent(change);
  if (coll === COLLECTIONS.scheduleRuns) return toRunEvent(change);
  if (coll === COLLECTIONS.alerts) return toAlertEvent(change);
  if (coll !== COLLECTIONS.jobs) return undefined;
  switch (change.operationType) {
    case 'insert':
      return { kind: 'job.created', job: docToJob(change.fullDocument as JobDoc) };
    case 'replace':
    case 'update': {
      const doc = change.fullDocument as JobDoc | undefined | null;
      if (!doc) return undefined; // deleted before the lookup: its delete event follows
      if (change.operationType === 'update') {
        const fields = [
          ...Object.keys(change.updateDescription.updatedFields ?? {}),
          ...(change.updateDescription.removedFields ?? []),
        ].map((f) => f.split('.')[0]!);
        if (fields.every((f) => QUIET_FIELDS.has(f))) return undefined;
        if (fields.every((f) => QUIET_FIELDS.has(f) || PROGRESS_FIELDS.has(f))) return { kind: 'job.progress', job: docToJob(doc) };
      }
      return { kind: 'job.updated', job: docToJob(doc) };
    }
    case 'delete': {
      const before = change.fullDocumentBeforeChange as JobDoc | undefined | null;
      const jobId = String((change.documentKey as { _id: unknown })._id);
      if (!before) return undefined; // without the pre-image the org is unknown: nobody may see it
      return { kind: 'job.deleted', jobId, orgId: before.orgId, job: docToJob(before) };
    }
    default:
      return undefined;
  }
}

/**
 * An LLM call's insert or update. The update's document is looked up after the change, so two quick
 * updates may both carry the later state; consumers get the call as it is, never an older one.
 */
function toLlmCallEvent(change: ChangeStreamDocument): ChangeEvent | undefined {
  if (change.operationType !== 'insert' && change.operationType !== 'update' && change.operationType !== 'replace') return undefined;
  const doc = change.fullDocument as LlmCallDoc | undefined | null;
  if (!doc) return undefined; // deleted (purged) before the lookup
  return { kind: change.operationType === 'insert' ? 'llm.created' : 'llm.updated', call: docToLlmCall(doc) };
}

/** A schedule's insert, save (a replace) or update, with the document as it is now; or its delete. */
function toScheduleEvent(change: ChangeStreamDocument): ChangeEvent | undefined {
  switch (change.operationType) {
    case 'insert':
    case 'update':
    case 'replace': {
      const doc = change.fullDocument as ScheduleDoc | undefined | null;
      if (!doc) return undefined; // deleted before the lookup: its delete event follows
      return { kind: change.operationType === 'insert' ? 'schedule.created' : 'schedule.updated', schedule: docToSchedule(doc) };
    }
    case 'delete': {
      const before = change.fullDocumentBeforeChange as ScheduleDoc | undefined | null;
      if (!before) return undefined; // without the pre-image the org is unknown: nobody may see it
      return { kind: 'schedule.deleted', scheduleId: String((change.documentKey as { _id: unknown })._id), orgId: before.orgId };
    }
    default:
      return undefined;
  }
}

/** A run's insert or update (looked up after the change, like an LLM call's). */
function toRunEvent(change: ChangeStreamDocument): ChangeEvent | undefined {
  if (change.operationType !== 'insert' && change.operationType !== 'update' && change.operationType !== 'replace') return undefined;
  const doc = change.fullDocument as ScheduleRunDoc | undefined | null;
  if (!doc) return undefined; // deleted with its schedule before the lookup
  return { kind: change.operationType === 'insert' ? 'run.created' : 'run.updated', run: docToScheduleRun(doc) };
}

/** An alert raised (insert) or closed (update: acknowledged or resolved). */
function toAlertEvent(change: ChangeStreamDocument): ChangeEvent | undefined {
  if (change.operationType !== 'insert' && change.operationType !== 'update' && change.operationType !== 'replace') return undefined;
  const doc = change.fullDocument as AlertDoc | undefined | null;
  if (!doc) return undefined; // purged before the lookup
  return { kind: change.operationType === 'insert' ? 'alert.raised' : 'alert.updated', alert: docToAlert(doc) };
}

/** The stored token can no longer be resumed from (the oplog moved past it). */
export function isHistoryLost(error: unknown): boolean {
  if (!(error instanceof MongoServerError)) return false;
  return error.code === 286 || error.code === 280 || error.hasErrorLabel('NonResumableChangeStreamError');
}

export interface ResumeTokenDoc {
  _id: string;
  token: ResumeToken;
  savedAt: number;
}

export class ChangeStreamFeed {
  #stream: ChangeStream | undefined;
  #latest: ResumeToken | undefined;
  #saveTimer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(
    private readonly db: Db,
    private readonly feed: ChangeFeed,
    private readonly tokens: Collection<ResumeTokenDoc>,
    /** Whose token this is: one per process name. */
    private readonly name: string,
    private readonly logger: LogSink,
    private readonly saveEveryMs = 1000,
  ) {}

  async start(): Promise<void> {
    const stored = await this.tokens.findOne({ _id: this.#tokenId });
    try {
      await this.#open(stored?.token);
    } catch (error) {
      this.#stopped = true; // the store does not open: no reopening in the background either
      await this.#stream?.close().catch(() => undefined);
      throw error;
    }
    this.#saveTimer = setInterval(() => void this.#save(), this.saveEveryMs);
    this.#saveTimer.unref();
  }

  get #tokenId(): string {
    return `resume:${this.name}`;
  }

  async #open(resumeAfter: ResumeToken | undefined): Promise<void> {
    const stream = this.db.watch(changeStreamPipeline(), {
      ...CHANGE_STREAM_OPTIONS,
      ...(resumeAfter !== undefined && { startAfter: resumeAfter }),
    });
    this.#stream = stream;
    stream.on('change', (change: ChangeStreamDocument) => {
      this.#latest = change._id;
      const event = toChangeEvent(change);
      if (event) this.feed.emit(event);
    });
    stream.on('resumeTokenChanged', (token: ResumeToken) => {
      this.#latest = token;
    });
    // Only the current stream's errors count: a replaced stream that fails late must not open a
    // second replacement (each would then deliver every event).
    stream.on('error', (error: unknown) => {
      if (stream === this.#stream) void this.#onError(error);
    });
    // The stream opens lazily; wait until the server has it, so writes from now on are seen.
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, 5000);
      stream.once('init', () => {
        clearTimeout(timer);
        resolve();
      });
      stream.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    }).catch(async (error) => {
      if (resumeAfter !== undefined && isHistoryLost(error)) return; // #onError reopens from now
      throw error;
    });
  }

  async #onError(error: unknown): Promise<void> {
    if (this.#stopped) return;
    await this.#stream?.close().catch(() => undefined);
    if (isHistoryLost(error)) {
      this.logger.warn('the stored change-stream resume token is too old: re-reading from now (jobs are re-checked, not replayed)');
      await this.tokens.deleteOne({ _id: this.#tokenId }).catch(() => undefined);
      this.#latest = undefined;
      await this.#open(undefined).catch((e) => this.logger.error({ err: e }, 'reopening the change stream failed'));
      return;
    }
    this.logger.error({ err: error }, 'the change stream failed; reopening in 1 s');
    // A failure of the reopened stream reaches #onError through its own error listener.
    setTimeout(() => void this.#open(this.#latest).catch(() => undefined), 1000).unref();
  }

  async #save(): Promise<void> {
    const token = this.#latest;
    if (token === undefined) return;
    await this.tokens
      .updateOne({ _id: this.#tokenId }, { $set: { token, savedAt: Date.now() } }, { upsert: true })
      .catch((error) => this.logger.warn({ err: error }, 'saving the change-stream resume token failed'));
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#saveTimer);
    await this.#save();
    await this.#stream?.close();
  }
}
