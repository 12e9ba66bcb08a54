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
export const QUIET_FIELDS = ['leaseExpiresAt', 'updatedAt', 'checkpoint'] as const;
/** Updates that touch only these (and quiet ones) are coalesced progress writes. */
export const PROGRESS_FIELDS = ['progress'] as const;

/** The collections whose writes are announced; each stores post-images (and pre-images for deletes). */
export const ANNOUNCED_COLLECTIONS = [
  COLLECTIONS.jobs,
  COLLECTIONS.jobLogs,
  COLLECTIONS.llmCalls,
  COLLECTIONS.schedules,
  COLLECTIONS.scheduleRuns,
  COLLECTIONS.alerts,
] as const;

/**
 * The top-level names of the fields an update changed (`progress.percent` counts as `progress`,
 * `errors.3` as `errors`), as an aggregation expression over the change document.
 */
const CHANGED_FIELDS = {
  $setUnion: [
    {
      $map: {
        input: { $objectToArray: { $ifNull: ['$updateDescription.updatedFields', {}] } },
        in: { $arrayElemAt: [{ $split: ['$$this.k', '.'] }, 0] },
      },
    },
    { $map: { input: { $ifNull: ['$updateDescription.removedFields', []] }, in: { $arrayElemAt: [{ $split: ['$$this', '.'] }, 0] } } },
  ],
};
const isJobUpdate = { $and: [{ $eq: ['$ns.coll', COLLECTIONS.jobs] }, { $eq: ['$operationType', 'update'] }] };

/** A job's fields that no feed consumer reads (the payload's search copy): left out of every event. */
const JOB_FIELDS_NOT_ANNOUNCED = ['payloadText', 'errorTexts'];
/** A deleted job's pre-image keeps what a deletion is matched by (org, list filters), no more. */
const DELETED_JOB_FIELDS_DROPPED = [...JOB_FIELDS_NOT_ANNOUNCED, 'result', 'checkpoint', 'progress'];

export function changeStreamPipeline(): Document[] {
  return [
    {
      $match: {
        $or: [
          // Job updates that touch only quiet fields (heartbeats, checkpoints) are dropped here, on the
          // server, rather than sent to every process to be dropped there.
          {
            'ns.coll': COLLECTIONS.jobs,
            operationType: 'update',
            $expr: { $not: [{ $setIsSubset: [CHANGED_FIELDS, [...QUIET_FIELDS]] }] },
          },
          { 'ns.coll': { $in: [COLLECTIONS.jobs, COLLECTIONS.schedules] }, operationType: { $in: ['insert', 'replace', 'delete'] } },
          { 'ns.coll': COLLECTIONS.schedules, operationType: 'update' },
          // Log lines are only ever inserted.
          { 'ns.coll': COLLECTIONS.jobLogs, operationType: 'insert' },
          // Calls and runs have no delete event: purges (and a deleted schedule's runs, which its
          // schedule.deleted stands for) are not worth a trip through the stream.
          {
            'ns.coll': { $in: [COLLECTIONS.llmCalls, COLLECTIONS.scheduleRuns, COLLECTIONS.alerts] },
            operationType: { $in: ['insert', 'update', 'replace'] },
          },
        ],
      },
    },
    {
      $set: {
        // Whether a job update is progress only, decided here so the delta itself need not travel.
        jobcenterKind: {
          $cond: [
            { $and: [isJobUpdate, { $setIsSubset: [CHANGED_FIELDS, [...QUIET_FIELDS, ...PROGRESS_FIELDS]] }] },
            'progress',
            '$$REMOVE',
          ],
        },
        // Only a delete needs the pre-image (for the org, and to match filters); an update's would
        // double the event's size.
        fullDocumentBeforeChange: { $cond: [{ $eq: ['$operationType', 'delete'] }, '$fullDocumentBeforeChange', '$$REMOVE'] },
      },
    },
    {
      // The delta repeats what the post-image says (a result of up to its cap, say); big fields no
      // consumer reads stay behind. The event is then the post-image and little else.
      $unset: [
        'updateDescription',
        ...JOB_FIELDS_NOT_ANNOUNCED.map((f) => `fullDocument.${f}`),
        ...DELETED_JOB_FIELDS_DROPPED.map((f) => `fullDocumentBeforeChange.${f}`),
      ],
    },
  ];
}

/**
 * `fullDocument: 'required'`: an update event carries the document as that write left it (its
 * post-image, stored with the write), never as a later lookup finds it ('updateLookup' would give a
 * later state, or null after a delete). Every announced collection has post-images enabled
 * (ensureSchema); the `$match` above keeps other collections' updates out before any lookup. A
 * delete carries its pre-image ('whenAvailable': a job deleted before images were enabled is still
 * announced if the org can be told, see toChangeEvent).
 */
export const CHANGE_STREAM_OPTIONS = { fullDocument: 'required', fullDocumentBeforeChange: 'whenAvailable' } as const;

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
      if (!doc) throw new MissingPostImageError(change);
      // Quiet updates never get here (the pipeline's $match); progress-only ones are marked by it.
      if ((change as { jobcenterKind?: string }).jobcenterKind === 'progress') return { kind: 'job.progress', job: docToJob(doc) };
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

/** An LLM call's insert or update, with the call as that write left it (its post-image). */
function toLlmCallEvent(change: ChangeStreamDocument): ChangeEvent | undefined {
  if (change.operationType !== 'insert' && change.operationType !== 'update' && change.operationType !== 'replace') return undefined;
  const doc = change.fullDocument as LlmCallDoc | undefined | null;
  if (!doc) throw new MissingPostImageError(change);
  return { kind: change.operationType === 'insert' ? 'llm.created' : 'llm.updated', call: docToLlmCall(doc) };
}

/** A schedule's insert, save (a replace) or update, with the document as that write left it; or its delete. */
function toScheduleEvent(change: ChangeStreamDocument): ChangeEvent | undefined {
  switch (change.operationType) {
    case 'insert':
    case 'update':
    case 'replace': {
      const doc = change.fullDocument as ScheduleDoc | undefined | null;
      if (!doc) throw new MissingPostImageError(change);
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

/** A run's insert or update, with its post-image. */
function toRunEvent(change: ChangeStreamDocument): ChangeEvent | undefined {
  if (change.operationType !== 'insert' && change.operationType !== 'update' && change.operationType !== 'replace') return undefined;
  const doc = change.fullDocument as ScheduleRunDoc | undefined | null;
  if (!doc) throw new MissingPostImageError(change);
  return { kind: change.operationType === 'insert' ? 'run.created' : 'run.updated', run: docToScheduleRun(doc) };
}

/** An alert raised (insert) or closed (update: acknowledged or resolved). */
function toAlertEvent(change: ChangeStreamDocument): ChangeEvent | undefined {
  if (change.operationType !== 'insert' && change.operationType !== 'update' && change.operationType !== 'replace') return undefined;
  const doc = change.fullDocument as AlertDoc | undefined | null;
  if (!doc) throw new MissingPostImageError(change);
  return { kind: change.operationType === 'insert' ? 'alert.raised' : 'alert.updated', alert: docToAlert(doc) };
}

/**
 * An insert, update or replace without its document: post-images are not enabled on the collection
 * (see ensureSchema) or have expired. Such an event is reported, never dropped without a word.
 */
export class MissingPostImageError extends Error {
  constructor(change: ChangeStreamDocument) {
    const where = 'ns' in change && change.ns && 'coll' in change.ns ? change.ns.coll : '?';
    const id = 'documentKey' in change ? String((change.documentKey as { _id: unknown })._id) : '?';
    super(`a ${change.operationType} of ${where} ${id} came without its document (are change-stream post-images enabled on ${where}?)`);
  }
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

/** Whether two resume tokens are the same (they are `{ _data: string }` documents). */
export function sameToken(a: ResumeToken | undefined, b: ResumeToken | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b));
}

/**
 * When a stream is really open: the driver forwards only `change`, `resumeTokenChanged`, `end`,
 * `close` and `error` from its cursor; `init` stays on the cursor. The first batch's resume token
 * (or its first change) says the server has the stream; an error or an end says it failed.
 */
export function whenOpen(stream: Pick<ChangeStream, 'once' | 'off'>, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const done = (error?: unknown) => {
      clearTimeout(timer);
      stream.off('resumeTokenChanged', opened);
      stream.off('change', opened);
      stream.off('error', failed);
      stream.off('close', ended);
      if (error === undefined) resolve();
      else reject(error instanceof Error ? error : new Error(String(error)));
    };
    const opened = () => done();
    const failed = (error: unknown) => done(error ?? new Error('the change stream failed'));
    const ended = () => done(new Error('the change stream closed before it opened'));
    const timer = setTimeout(() => done(new Error(`the change stream did not open within ${timeoutMs / 1000} s`)), timeoutMs);
    stream.once('resumeTokenChanged', opened);
    stream.once('change', opened);
    stream.once('error', failed);
    stream.once('close', ended);
  });
}

export class ChangeStreamFeed {
  #stream: ChangeStream | undefined;
  #latest: ResumeToken | undefined;
  #saved: ResumeToken | undefined;
  #saveTimer: NodeJS.Timeout | undefined;
  #stopped = false;
  #reopening = false;

  constructor(
    private readonly db: Db,
    private readonly feed: ChangeFeed,
    private readonly tokens: Collection<ResumeTokenDoc>,
    /** Whose token this is: one per process name. */
    private readonly name: string,
    private readonly logger: LogSink,
    private readonly saveEveryMs = 1000,
    private readonly openTimeoutMs = 30_000,
  ) {}

  async start(): Promise<void> {
    const stored = await this.tokens.findOne({ _id: this.#tokenId });
    this.#saved = stored?.token;
    try {
      await this.#open(stored?.token);
    } catch (error) {
      this.#stopped = true; // the store does not open: no reopening in the background either
      await this.#retire();
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
    // Only the current stream's events count: a replaced stream that fails or ends late must not
    // open a second replacement (each would then deliver every event).
    const current = () => stream === this.#stream && !this.#stopped;
    // Until the stream is open, its failure is the opener's to handle (whenOpen below).
    let opened = false;
    stream.on('change', (change: ChangeStreamDocument) => {
      if (!current()) return;
      this.#latest = change._id;
      let event: ChangeEvent | undefined;
      try {
        event = toChangeEvent(change);
      } catch (error) {
        this.logger.error({ err: error }, 'a change could not be announced');
        return;
      }
      if (event) this.feed.emit(event);
    });
    stream.on('resumeTokenChanged', (token: ResumeToken) => {
      if (current()) this.#latest = token;
    });
    stream.on('error', (error: unknown) => {
      if (opened && current()) void this.#onError(error);
    });
    // The cursor can end without an error (after an invalidate, or a getMore the server
    // interrupted): nothing else would reopen it, and this process would stop seeing other
    // processes' writes. Reopen from the last token while the store is open. The driver's own
    // resume after a resumable error also closes the old cursor: a stream that has a live cursor
    // again a moment later needs nothing.
    const ended = () => {
      setTimeout(() => {
        if (opened && current() && stream.closed) void this.#reopen('the change stream ended', this.#latest);
      }, 2000).unref();
    };
    stream.on('close', ended);
    stream.on('end', ended);
    try {
      await whenOpen(stream, this.openTimeoutMs);
      opened = true;
    } catch (error) {
      if (resumeAfter !== undefined && isHistoryLost(error)) return this.#onError(error); // reopens from now
      throw error;
    }
  }

  /** Closes the current stream without reopening it (its listeners see it is no longer current). */
  async #retire(): Promise<void> {
    const stream = this.#stream;
    this.#stream = undefined;
    await stream?.close().catch(() => undefined);
  }

  async #onError(error: unknown): Promise<void> {
    if (this.#stopped) return;
    if (isHistoryLost(error)) {
      await this.#retire();
      this.logger.warn('the stored change-stream resume token is too old: re-reading from now (jobs are re-checked, not replayed)');
      await this.tokens.deleteOne({ _id: this.#tokenId }).catch(() => undefined);
      this.#latest = undefined;
      this.#saved = undefined;
      await this.#open(undefined).catch((e) => this.logger.error({ err: e }, 'reopening the change stream failed'));
      return;
    }
    this.logger.error({ err: error }, 'the change stream failed; reopening in 1 s');
    await this.#reopen(undefined, this.#latest);
  }

  /** Closes the current stream and opens another from `from` after a second, until one opens. */
  async #reopen(why: string | undefined, from: ResumeToken | undefined): Promise<void> {
    if (this.#reopening || this.#stopped) return;
    this.#reopening = true;
    if (why) this.logger.warn(`${why}; reopening in 1 s`);
    await this.#retire();
    try {
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 1000).unref());
        if (this.#stopped) return;
        try {
          await this.#open(this.#latest ?? from);
          return;
        } catch (error) {
          // A failure once open reaches #onError through the stream's own listener.
          this.logger.error({ err: error }, 'reopening the change stream failed; trying again in 1 s');
          await this.#retire();
          if (isHistoryLost(error)) return void this.#onError(error);
        }
      }
    } finally {
      this.#reopening = false;
    }
  }

  /** Stores the latest token, only when it moved since the last save. */
  async #save(): Promise<void> {
    const token = this.#latest;
    if (token === undefined || sameToken(token, this.#saved)) return;
    await this.tokens
      .updateOne({ _id: this.#tokenId }, { $set: { token, savedAt: Date.now() } }, { upsert: true })
      .then(() => void (this.#saved = token))
      .catch((error) => this.logger.warn({ err: error }, 'saving the change-stream resume token failed'));
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#saveTimer);
    await this.#save();
    const stream = this.#stream;
    this.#stream = undefined;
    await stream?.close();
  }
}
